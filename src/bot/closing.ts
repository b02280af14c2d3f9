/**
 * Closing a case at the bot's edge (issue 13): "Afslut sag" on the case card opens the form
 * (`case.close.form`), and its "Afslut sag" closes the case (`case.close`). Who may is the
 * ClosingService's decision from the stored case; the card only names the case and its seq.
 *
 * `guardClosedCases` wraps the handler table: a verb that changes a case (an intake answer, a plan's
 * save or evaluation, a reminder's button, PKU's decision, a request for sparring, an adviser taking
 * or passing on a request) is answered "Sagen er afsluttet" when its card's ids lead to a closed
 * case, before its handler runs. Reading stays possible (opening the case and its plans, exporting a
 * plan), and so does recording the notification to the municipality: the duty to notify does not
 * end because the school's case is closed. An adviser may still close or reject a request they hold.
 */
import { closeCardRefOf, closeCommandOf, caseLeadsOf } from './closing.input.js';
import type { ClosingService } from '../cases/closing.service.js';
import type { CaseRepository } from '../cases/case.repository.js';
import { caseCloseCard, closingNotices, notices, type Verb } from '../cards/index.js';
import { containsIdentifier, maskIdentifiers } from '../domain/identifiers.js';
import { withoutControlCharacters } from '../domain/free-text.js';
import { badRequest, replaceCard, type Handlers } from './reply.js';

export type ClosingVerb = 'case.close.form' | 'case.close';

/** The verbs that change a case, and so are refused on a closed one. */
export const CHANGING_VERBS = [
  'intake.answer',
  'intake.back',
  'intake.cancel',
  'intake.cancel.confirm',
  'intake.undo',
  'pku.form',
  'pku.record',
  'plan.draft',
  'plan.save',
  'plan.evaluate',
  'plan.evaluation.save',
  'reminder.snooze',
  'reminder.done',
  'sparring.draft',
  'sparring.send',
  'sparring.claim',
  'sparring.release',
  'sparring.forward',
] as const satisfies readonly Verb[];

export function closingHandlers(closing: ClosingService, cases: Pick<CaseRepository, 'get'>): Pick<Handlers, ClosingVerb> {
  return {
    'case.close.form': async (turn, data) => {
      const ref = closeCardRefOf(data);
      const c = ref.ok ? await cases.get(ref.value.caseId) : null;
      if (!c || !closing.mayClose(turn.actor, c)) return replaceCard(notices.notFound());
      if (c.status === 'afsluttet') return replaceCard(closingNotices.alreadyClosed(c.closed ?? null), 'Intet ændret');
      if (c.status !== 'aaben') return replaceCard(closingNotices.notOpen(), 'Intet ændret');
      if (ref.ok && ref.value.seq !== c.seq) return replaceCard(closingNotices.changed(), 'Intet ændret');
      return { replace: null, toast: 'Afslut sag', send: [caseCloseCard({ caseId: c.id, seq: c.seq, pseudonym: c.pseudonym })] };
    },
    'case.close': async (turn, data) => {
      const command = closeCommandOf(data);
      if (!command.ok) return badRequest(command.errors);
      const outcome = await closing.close(turn.actor, command.value);
      turn.outcome(outcome.kind === 'invalid' && containsIdentifier(command.value.note) ? 'cpr-refused' : outcome.kind);
      switch (outcome.kind) {
        case 'closed':
          return replaceCard(closingNotices.closed(outcome.case.closed!), 'Sagen er afsluttet');
        case 'invalid':
          return replaceCard(
            caseCloseCard({
              caseId: outcome.case.id,
              seq: command.value.seq,
              pseudonym: outcome.case.pseudonym,
              // What is shown again never holds a CPR-like number nor an invisible control character.
              values: { reason: command.value.reason ?? '', note: maskIdentifiers(withoutControlCharacters(command.value.note)) },
              errors: outcome.errors,
            }),
            'Ret formularen',
          );
        case 'already-closed':
          return replaceCard(closingNotices.alreadyClosed(outcome.case.closed ?? null), 'Intet ændret');
        case 'not-open':
          return replaceCard(closingNotices.notOpen(), 'Intet ændret');
        case 'stale':
          return replaceCard(closingNotices.changed(), 'Intet ændret');
        case 'not-found':
          return replaceCard(notices.notFound());
      }
    },
  };
}

/** The handler table with every changing verb refused on a closed case (see the module comment). */
export function guardClosedCases(handlers: Handlers, closing: ClosingService): Handlers {
  const guarded: Handlers = { ...handlers };
  for (const verb of CHANGING_VERBS) {
    const handler = handlers[verb];
    guarded[verb] = async (turn, data) => {
      const closed = await closing.closedCaseOf(turn.actor, caseLeadsOf(data));
      if (!closed) return handler(turn, data);
      turn.outcome('case-closed');
      return replaceCard(closingNotices.readOnly(closed.visible ? (closed.case.closed ?? null) : null), 'Sagen er afsluttet');
    };
  }
  return guarded;
}
