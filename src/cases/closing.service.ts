/**
 * Closing a case ("Afslut sag", issue 13) and the read-only rule that follows. The case's owner or a
 * leader of its school may close it, decided from the stored case and the directory, never from the
 * card. The case becomes 'afsluttet' with when, by whom and why (src/domain/closing.ts), under the
 * case's row lock, so a double click or two people at once close it once and the second is told.
 *
 * `closedCaseOf` is what the bot's guard (src/bot/closed-case.ts) asks before a changing verb runs:
 * the case a card's ids lead to (the case itself, a plan of it, a sparring request of it), if it is
 * closed. Services that already refuse a case that is not open under its lock (the intake, PKU's
 * decision, the sparring form) keep doing so; the guard gives every changing verb one clear answer.
 */
import { noteAccess } from '../access/access-log.context.js';
import type { Actor } from '../domain/actor.js';
import type { CaseAccess } from '../access/case-access.js';
import { closingNoteError, CLOSING_MESSAGES, type ClosingReason } from '../domain/closing.js';
import type { CaseRecord, CaseRepository } from './case.repository.js';

/** "Afslut sag" as the edge parsed it: the case, its seq when the form was drawn, the reason and the note. */
export interface CloseCommand {
  caseId: string;
  seq: number;
  /** null: none was chosen (the form comes back with a line under the choice). */
  reason: ClosingReason | null;
  note: string;
}

export type ClosingField = 'reason' | 'note';

export type CloseOutcome =
  | { kind: 'closed'; case: CaseRecord }
  | { kind: 'already-closed'; case: CaseRecord }
  | { kind: 'not-open'; case: CaseRecord }
  | { kind: 'stale'; case: CaseRecord }
  | { kind: 'invalid'; case: CaseRecord; errors: { field: ClosingField; message: string }[] }
  | { kind: 'not-found' };

/** The ids a card may lead to a case by: the case, one of its plans, or one of its sparring requests. */
export interface CaseLeads {
  caseId?: string;
  planId?: string;
  requestId?: string;
}

export interface ClosingDeps {
  cases: CaseRepository;
  access: CaseAccess;
  /** The case a plan belongs to, or null when there is no such plan. */
  caseOfPlan: (planId: string) => Promise<string | null>;
  /** The case a sparring request belongs to, or null. */
  caseOfRequest: (requestId: string) => Promise<string | null>;
  clock: () => Date;
}

/** A closed case whose change was refused, noted as such for the access log. */
function noted(c: CaseRecord): CaseRecord {
  noteAccess({ caseId: c.id }, false);
  return c;
}

export class ClosingService {
  constructor(private readonly deps: ClosingDeps) {}

  /**
   * Whether the actor may close the case: its owner or a leader of its school (a leader who also
   * teaches on the case's team too: the strongest reason CaseAccess gives is then 'team').
   */
  mayClose(actor: Actor, c: CaseRecord): boolean {
    const reason = this.deps.access.reasonFor(actor, c);
    if (reason === 'owner' || reason === 'leader') return true;
    return reason !== null && c.schoolId !== null && this.deps.access.schoolsLedBy(actor).includes(c.schoolId);
  }

  async close(actor: Actor, command: CloseCommand): Promise<CloseOutcome> {
    const outcome = await this.deps.cases.withLockedCase(command.caseId, async (c, tx): Promise<CloseOutcome> => {
      // The gate of the change: noted for the access log (src/access/access-log.ts).
      if (!noteAccess({ caseId: c.id }, this.mayClose(actor, c))) return { kind: 'not-found' };
      // Closed already (a double click, or someone else first): say so, whatever the card's seq.
      if (c.status === 'afsluttet') return { kind: 'already-closed', case: c };
      if (c.status !== 'aaben') return { kind: 'not-open', case: c };
      if (c.seq !== command.seq) return { kind: 'stale', case: c };
      const errors: { field: ClosingField; message: string }[] = [];
      if (!command.reason) errors.push({ field: 'reason', message: CLOSING_MESSAGES.reason });
      const noteError = closingNoteError(command.note);
      if (noteError) errors.push({ field: 'note', message: noteError });
      if (errors.length > 0 || !command.reason) return { kind: 'invalid', case: c, errors };
      const note = command.note.trim() === '' ? null : command.note.trim();
      const closed = await tx.update(c.id, {
        status: 'afsluttet',
        pendingField: null,
        closed: { at: this.deps.clock(), by: actor.userId, reason: command.reason, note },
      });
      return { kind: 'closed', case: closed };
    });
    return outcome ?? { kind: 'not-found' };
  }

  /**
   * The closed case the ids lead to (any of them: a tampered card may name an open case beside a
   * closed case's plan), or null. `visible`: the actor may open the case, so it may be named; a
   * sparring request's group is told only that its case is closed (the request's card names it anyway).
   */
  async closedCaseOf(actor: Actor, leads: CaseLeads): Promise<{ case: CaseRecord; visible: boolean } | null> {
    const ids = [
      leads.caseId ?? null,
      leads.planId ? await this.deps.caseOfPlan(leads.planId) : null,
      leads.requestId ? await this.deps.caseOfRequest(leads.requestId) : null,
    ];
    for (const [i, id] of ids.entries()) {
      const c = id ? await this.deps.cases.get(id) : null;
      if (!c || c.status !== 'afsluttet') continue;
      // The change is refused either way: the access log notes a refusal, not a read.
      if (await this.deps.access.wouldOpen(actor, c)) return { case: noted(c), visible: true };
      // Someone who may not see the case learns nothing of it from its id (the handler answers "not found").
      if (i === 2) return { case: noted(c), visible: false };
    }
    return null;
  }
}
