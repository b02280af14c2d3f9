/**
 * Which concern (issue 12), so the teacher always knows which child a card is about: starting,
 * resuming and cancelling concerns, over the intake (src/cases/intake.service.ts) of each.
 *
 * A concern is "in progress" while its intake has a question pending. "ny bekymring" asks before
 * starting another one while one has answers (an untouched one is simply reused) and may carry the
 * pseudonym typed with it; "fortsæt" lets the user choose when several are in progress, or continues
 * the case a button names; "annullér" asks first (the confirmation carries the case's `seq`, so it is
 * stale after another change), and a cancellation can be undone within UNDO_CANCEL_WINDOW_MS
 * (src/domain/undo.ts): the answers and the pending question are kept on cancelling, so the concern
 * comes back exactly as it was. Only the owner's own cases are found: card data never decides access.
 */
import { noteAccess } from '../access/access-log.context.js';
import type { Actor } from '../domain/actor.js';
import { IDENTIFIER_REFUSAL } from '../domain/identifiers.js';
import { withoutControlCharacters } from '../domain/free-text.js';
import { canUndoCancel, undoCancelUntil } from '../domain/undo.js';
import type { CaseRecord, CaseRepository } from './case.repository.js';
import { readPseudonym, type CaseLabel, type IntakeService, type Screen } from './intake.service.js';

/** An open concern as the choice between concerns names it. */
export interface OpenConcern {
  caseId: string;
  label: CaseLabel;
  /** The number of the question on screen, or null when the concern is at its recommendation. */
  questionNumber: number | null;
  startedAt: Date;
  changedAt: Date;
}

/** "ny bekymring": the pseudonym typed with it, and `anew`: the user chose to start another one. */
export interface StartRequest {
  pseudonym?: string | null;
  anew?: boolean;
}

export type StartOutcome =
  | { kind: 'started'; screen: Screen }
  /** Another concern has answers: continue it, or start anew (with the pseudonym typed, if any). `others`: more in progress. */
  | { kind: 'open-concern'; open: OpenConcern; others: number; pseudonym: string | null };

export type ResumeOutcome =
  | { kind: 'screen'; screen: Screen }
  /** Several concerns are in progress: the user chooses (most recently changed first). */
  | { kind: 'choose'; open: OpenConcern[] }
  | { kind: 'nothing' }
  /** The button named the user's own case, which is not open any more (cancelled or closed). */
  | { kind: 'closed'; caseId: string; seq: number; label: CaseLabel }
  | { kind: 'not-found' };

/** An old or repeated card, or a case that moved on since: nothing changed. `current`: the case's screen when it is open. */
export type StaleConcern = { kind: 'stale'; current: Screen | null };

export type CancelOutcome =
  /** "annullér" asks first: the confirmation carries the case's `seq`. */
  | { kind: 'confirm'; caseId: string; seq: number; label: CaseLabel }
  | { kind: 'cancelled'; caseId: string; seq: number; label: CaseLabel; undoUntil: Date }
  | StaleConcern
  /** Typed "annullér" with nothing open. */
  | { kind: 'nothing' }
  | { kind: 'not-found' };

export type UndoOutcome =
  | { kind: 'restored'; screen: Screen; label: CaseLabel }
  /** Cancelled longer ago than the undo window: it stays cancelled. */
  | { kind: 'expired'; caseId: string; seq: number; label: CaseLabel; cancelledAt: Date }
  | StaleConcern
  /** Typed "fortryd" with no cancelled concern. */
  | { kind: 'nothing' }
  | { kind: 'not-found' };

/** A case ref as a confirmation or Fortryd button carries it. */
export interface CaseSeq {
  caseId: string;
  seq: number;
}

const inProgress = (c: CaseRecord): boolean => c.status === 'aaben' && c.pendingField !== null;
const touched = (c: CaseRecord): boolean => c.answerOrder.length > 0;

export class ConcernService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly intake: IntakeService,
  ) {}

  /**
   * "ny bekymring": starts a concern (reusing an untouched one), or, while another concern has
   * answers, asks first (unless the user chose `anew`). A pseudonym typed with the command ("ny
   * bekymring for A.B., 4.B") fills in the first card; an invalid one is shown there with its error
   * and not stored, and a CPR number is refused without being stored or shown.
   */
  async start(actor: Actor, request: StartRequest = {}): Promise<StartOutcome> {
    if (!request.anew) {
      const open = (await this.openCases(actor)).filter((c) => inProgress(c) && touched(c));
      if (open[0])
        return { kind: 'open-concern', open: this.concernOf(open[0]), others: open.length - 1, pseudonym: request.pseudonym ?? null };
    }
    const named = request.pseudonym ? readPseudonym(request.pseudonym) : undefined;
    const screen = await this.intake.start(actor, named?.value ? { pseudonym: named.value } : {});
    if (screen.kind === 'question' && named && !named.value) {
      if (named.cpr) screen.errors = [{ field: null, message: IDENTIFIER_REFUSAL }];
      else {
        screen.values = { ...screen.values, pseudonym: withoutControlCharacters(request.pseudonym!.trim()) };
        screen.errors = [{ field: null, message: named.error ?? 'Initialer og klasse: ugyldig' }];
      }
    }
    return { kind: 'started', screen };
  }

  /**
   * "fortsæt": the case a button names (`caseId`), if the user owns it and it is open; without one,
   * the concern in progress, a choice when several are, or else the latest open case (at its
   * recommendation).
   */
  async resume(actor: Actor, caseId: string | null = null): Promise<ResumeOutcome> {
    if (caseId) {
      const c = await this.cases.get(caseId);
      if (!c || !owns(actor, c)) return { kind: 'not-found' };
      return c.status === 'aaben'
        ? { kind: 'screen', screen: this.intake.currentScreen(c) }
        : { kind: 'closed', caseId: c.id, seq: c.seq, label: this.intake.labelOf(c) };
    }
    const open = await this.openCases(actor);
    const going = open.filter(inProgress);
    if (going.length > 1) return { kind: 'choose', open: going.map((c) => this.concernOf(c)) };
    const c = going[0] ?? open[0];
    return c ? { kind: 'screen', screen: this.intake.currentScreen(c) } : { kind: 'nothing' };
  }

  /** The user's concerns in progress (a question pending), most recently changed first. */
  async inProgress(actor: Actor): Promise<OpenConcern[]> {
    return (await this.openCases(actor)).filter(inProgress).map((c) => this.concernOf(c));
  }

  /**
   * "annullér" asks first: the case a button names, or else (null: typed) the user's latest open
   * case, as it stands now (its `seq`). Changes nothing.
   */
  async cancelPrompt(actor: Actor, input: CaseSeq | null): Promise<CancelOutcome> {
    const c = input ? await this.cases.get(input.caseId) : await this.cases.findLatestOpen(actor.tenantId, actor.userId);
    if (!c) return input ? { kind: 'not-found' } : { kind: 'nothing' };
    if (!owns(actor, c)) return { kind: 'not-found' };
    if (c.status !== 'aaben' || (input && c.seq !== input.seq)) return this.stale(c);
    return { kind: 'confirm', caseId: c.id, seq: c.seq, label: this.intake.labelOf(c) };
  }

  /** "Ja, annullér": cancels the case if it has not changed since the confirmation was drawn. */
  async cancel(actor: Actor, input: CaseSeq, now: Date): Promise<CancelOutcome> {
    const result = await this.cases.withLockedCase(input.caseId, async (c, tx): Promise<CancelOutcome> => {
      if (!owns(actor, c)) return { kind: 'not-found' };
      if (c.status !== 'aaben' || c.seq !== input.seq) return this.stale(c);
      // The answers and the pending question stay: Fortryd brings the concern back as it was.
      await tx.update(c.id, { status: 'annulleret', cancelledAt: now, seq: c.seq + 1 });
      return { kind: 'cancelled', caseId: c.id, seq: c.seq + 1, label: this.intake.labelOf(c), undoUntil: undoCancelUntil(now) };
    });
    return result ?? { kind: 'not-found' };
  }

  /**
   * Fortryd within the window: the case a button names (at the `seq` it was cancelled at), or else
   * (null: typed "fortryd") the user's most recently cancelled case. It is open again with the same
   * answers and the same pending question; cards drawn before the cancellation stay stale.
   */
  async undoCancel(actor: Actor, input: CaseSeq | null, now: Date): Promise<UndoOutcome> {
    const caseId = input ? input.caseId : (await this.cases.findLatestCancelled(actor.tenantId, actor.userId))?.id;
    if (!caseId) return { kind: 'nothing' };
    const result = await this.cases.withLockedCase(caseId, async (c, tx): Promise<UndoOutcome> => {
      if (!owns(actor, c)) return { kind: 'not-found' };
      if (c.status !== 'annulleret' || (input && c.seq !== input.seq)) return this.stale(c);
      const cancelledAt = c.cancelledAt ?? null;
      if (!canUndoCancel(cancelledAt, now))
        return { kind: 'expired', caseId: c.id, seq: c.seq, label: this.intake.labelOf(c), cancelledAt: cancelledAt ?? c.updatedAt };
      const restored = await tx.update(c.id, { status: 'aaben', cancelledAt: null, seq: c.seq + 1 });
      return { kind: 'restored', screen: this.intake.currentScreen(restored), label: this.intake.labelOf(restored) };
    });
    return result ?? { kind: 'not-found' };
  }

  private openCases(actor: Actor): Promise<CaseRecord[]> {
    return this.cases.listOpenForOwner(actor.tenantId, actor.userId);
  }

  private concernOf(c: CaseRecord): OpenConcern {
    const screen = this.intake.currentScreen(c);
    return {
      caseId: c.id,
      label: this.intake.labelOf(c),
      questionNumber: screen.kind === 'question' ? screen.number : null,
      startedAt: c.createdAt,
      changedAt: c.updatedAt,
    };
  }

  private stale(c: CaseRecord): StaleConcern {
    return { kind: 'stale', current: c.status === 'aaben' ? this.intake.currentScreen(c) : null };
  }
}

function owns(actor: Actor, c: CaseRecord): boolean {
  // Noted for the access log (src/access/access-log.context.ts), allowed or refused.
  return noteAccess({ caseId: c.id }, c.tenantId === actor.tenantId && c.ownerAadId === actor.userId);
}
