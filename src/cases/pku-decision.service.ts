/**
 * Recording PKU's decision on a case at the referral step (src/domain/pku-decision.ts says what
 * each decision does). The school's leaders and the teacher who owns the case may record it; the
 * decision, the case's new answers and its ladder-history row are written in one transaction, so
 * the case card, the next recommendation and the revisitation reminders all see the same decision.
 *
 * The command comes parsed from the edge (ids and shapes); what needs the case or today's date is
 * checked here, with Danish messages for the form.
 */
import { noteAccess } from '../access/access-log.context.js';
import type { Actor } from '../domain/actor.js';
import type { CaseAccess } from '../access/case-access.js';
import type { Playbook } from '../domain/playbook.js';
import { next, relevantIntake } from '../domain/ladder.js';
import type { Recommendation } from '../domain/recommendation.js';
import { containsIdentifier, IDENTIFIER_REFUSAL } from '../domain/identifiers.js';
import { CONTROL_CHARACTER_REFUSAL, hasControlCharacters } from '../domain/free-text.js';
import { copenhagenDate } from '../domain/calendar.js';
import { intakeAfterDecision, PKU_REMARKS_MAX, withDecision, type PkuDecisionKind } from '../domain/pku-decision.js';
import type { CaseRecord, CaseRepository } from './case.repository.js';
import type { PkuDecisionRecord, PkuDecisionRepository } from './pku-decision.repository.js';
import { storedIntake } from './stored-intake.js';

/** The form's values as the edge parsed them. */
export interface PkuDecisionCommand {
  caseId: string;
  /** The case's seq when the card was drawn: a second click, or a card drawn before a change, is stale. */
  seq: number;
  decision: PkuDecisionKind;
  /** YYYY-MM-DD. */
  decidedOn: string;
  remarks: string;
}

export type PkuFormField = 'decision' | 'decidedOn' | 'remarks';

export type PkuDecisionOutcome =
  | { kind: 'recorded'; case: CaseRecord; decision: PkuDecisionRecord; recommendation: Recommendation | null }
  | { kind: 'invalid'; case: CaseRecord; errors: { field: PkuFormField; message: string }[] }
  | { kind: 'not-at-referral'; case: CaseRecord }
  | { kind: 'stale'; case: CaseRecord }
  | { kind: 'already-recorded'; case: CaseRecord; decision: PkuDecisionRecord }
  | { kind: 'not-found' };

export const PKU_MESSAGES = {
  future: "Datoen for PKU's afgørelse kan ikke ligge i fremtiden.",
  beforeCase: 'Datoen ligger før sagen blev oprettet.',
  remarksRequired: "Skriv PKU's bemærkninger: de bliver til en opgave på sagen.",
  remarksTooLong: `Højst ${PKU_REMARKS_MAX} tegn.`,
} as const;

export class PkuDecisionService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly decisions: PkuDecisionRepository,
    private readonly access: CaseAccess,
    private readonly playbook: Playbook,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Whether the actor may record PKU's decision on the case: its owner or a leader of its school (a
   * leader who also teaches on the case's team too: the strongest reason CaseAccess gives is 'team').
   */
  mayRecord(actor: Actor, c: CaseRecord): boolean {
    const reason = this.access.reasonFor(actor, c);
    if (reason === 'owner' || reason === 'leader') return true;
    return reason !== null && c.schoolId !== null && this.access.schoolsLedBy(actor).includes(c.schoolId);
  }

  /** mayRecord as the gate of a turn that records or opens the form: noted for the access log (src/access/access-log.ts). */
  allowsRecording(actor: Actor, c: CaseRecord): boolean {
    return noteAccess({ caseId: c.id }, this.mayRecord(actor, c));
  }

  /** Whether the case is open and stands at the referral now (the only step where PKU decides). */
  atReferral(c: CaseRecord): boolean {
    if (c.status !== 'aaben') return false;
    const result = next(storedIntake(c), this.playbook);
    return result.kind === 'recommendation' && result.recommendation.step === 'henvisning-pku';
  }

  async record(actor: Actor, command: PkuDecisionCommand, recordedBy: string): Promise<PkuDecisionOutcome> {
    const outcome = await this.cases.withLockedCase(command.caseId, async (c, tx): Promise<PkuDecisionOutcome> => {
      if (!this.allowsRecording(actor, c)) return { kind: 'not-found' };
      if (c.seq !== command.seq) {
        // The same form sent twice (a double click): say it is recorded, not that nothing was.
        const latest = await this.decisions.latest(c.id, tx.trx);
        const same = latest !== null && latest.decision === command.decision && latest.decidedOn === command.decidedOn;
        return same ? { kind: 'already-recorded', case: c, decision: latest } : { kind: 'stale', case: c };
      }
      if (!this.atReferral(c)) return { kind: 'not-at-referral', case: c };
      const errors = this.check(command, c);
      if (errors.length > 0) return { kind: 'invalid', case: c, errors };
      const remarks = command.remarks.trim() === '' ? null : command.remarks.trim();
      const decision = await this.decisions.record(tx.trx, {
        caseId: c.id,
        decision: command.decision,
        decidedOn: command.decidedOn,
        remarks,
        recordedBy: recordedBy || actor.userId,
      });
      const intake = intakeAfterDecision(storedIntake(c), command.decision);
      const result = next(intake, this.playbook);
      const updated = await tx.update(c.id, { intake, pendingField: result.kind === 'question' ? result.field : null });
      if (result.kind !== 'recommendation') return { kind: 'recorded', case: updated, decision, recommendation: null };
      const r = withDecision(result.recommendation, decision);
      await tx.addRecommendation(c.id, {
        level: r.level,
        step: r.step,
        recommendation: r,
        intake: relevantIntake(intake, this.playbook),
        reason: 'pku-decision',
        pkuDecisionId: decision.id,
      });
      return { kind: 'recorded', case: updated, decision, recommendation: r };
    });
    return outcome ?? { kind: 'not-found' };
  }

  /** The case's decisions, oldest first (the case card's history), for those who may open it. */
  async history(caseId: string): Promise<PkuDecisionRecord[]> {
    return this.decisions.listForCase(caseId);
  }

  private check(command: PkuDecisionCommand, c: CaseRecord): { field: PkuFormField; message: string }[] {
    const errors: { field: PkuFormField; message: string }[] = [];
    const today = copenhagenDate(this.clock());
    if (command.decidedOn > today) errors.push({ field: 'decidedOn', message: PKU_MESSAGES.future });
    else if (command.decidedOn < copenhagenDate(c.createdAt)) errors.push({ field: 'decidedOn', message: PKU_MESSAGES.beforeCase });
    const remarks = command.remarks.trim();
    if (containsIdentifier(remarks)) errors.push({ field: 'remarks', message: IDENTIFIER_REFUSAL });
    else if (hasControlCharacters(remarks)) errors.push({ field: 'remarks', message: CONTROL_CHARACTER_REFUSAL });
    else if (Array.from(remarks).length > PKU_REMARKS_MAX) errors.push({ field: 'remarks', message: PKU_MESSAGES.remarksTooLong });
    else if (remarks === '' && command.decision === 'returneret') errors.push({ field: 'remarks', message: PKU_MESSAGES.remarksRequired });
    return errors;
  }
}
