/**
 * The administrators' "slet sag <sags-id>" (issue 13, erasure) at the bot's edge: the command (or the
 * status card's "Slet sag …") answers with a card that names the case and asks first; its "Slet sagen
 * permanent" deletes the case (src/insight/case-erasure.service.ts), "Annullér" deletes nothing.
 * Thin: read the data (erasure.input.ts), call the service, answer. The card's ids only name the
 * case: the service checks the administrator and reads the stored case again on every click.
 * Like "indsigt", a reference that looks like a CPR number is refused and never echoed.
 */
import type { CaseErasureService, ErasableCase } from '../insight/case-erasure.service.js';
import { eraseConfirmCard, erasureNotices, notices, type Card } from '../cards/index.js';
import { eraseCancelOf, eraseConfirmOf, eraseRefOf } from './erasure.input.js';
import { adminCaseRef } from './case-ref.js';
import { badRequest, replaceCard, sendCards, type Handlers } from './reply.js';

export type ErasureVerb = 'admin.erase' | 'admin.erase.confirm' | 'admin.erase.cancel';

export interface ErasureLabels {
  /** A school's name from the directory, or null. */
  school: (schoolId: string) => string | null;
  /** A person's display name from the directory, or null. */
  person: (aadObjectId: string) => string | null;
}

export function erasureHandlers(erasure: CaseErasureService, labels: ErasureLabels): Pick<Handlers, ErasureVerb> {
  const confirmCard = (c: ErasableCase, changed = false): Card =>
    eraseConfirmCard({
      caseId: c.caseId,
      seq: c.seq,
      pseudonym: c.pseudonym,
      school: c.schoolId ? (labels.school(c.schoolId) ?? c.schoolId) : null,
      status: c.status,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      contents: c.contents,
      changed,
    });
  return {
    'admin.erase': async (turn, data) => {
      const ref = adminCaseRef(turn, eraseRefOf(data), {
        allowed: erasure.mayErase(turn.actor),
        outcome: 'erase-usage',
        card: () => erasureNotices.usage(),
      });
      if ('reply' in ref) return ref.reply;
      const outcome = await erasure.ask(turn.actor, ref.ref);
      switch (outcome.kind) {
        case 'forbidden':
          turn.outcome('forbidden');
          return sendCards('', notices.forbidden());
        case 'not-found':
          turn.outcome('not-found');
          return sendCards('', erasureNotices.notFound());
        case 'ambiguous':
          turn.outcome('erase-ambiguous');
          return sendCards('', erasureNotices.ambiguous(outcome.count));
        case 'confirm':
          turn.outcome('erase-asked');
          return sendCards('Slet sag', confirmCard(outcome.case));
      }
    },
    'admin.erase.confirm': async (turn, data) => {
      const command = eraseConfirmOf(data);
      if (!command.ok) return badRequest(command.errors);
      const outcome = await erasure.erase(turn.actor, command.value);
      switch (outcome.kind) {
        case 'forbidden':
          turn.outcome('forbidden');
          return replaceCard(notices.forbidden());
        case 'erased':
          turn.outcome('erased');
          return replaceCard(erasureNotices.erased(outcome.caseId, outcome.contents), 'Sagen er slettet');
        case 'stale':
          turn.outcome('stale');
          return replaceCard(confirmCard(outcome.case, true), 'Intet slettet');
        case 'gone':
          turn.outcome('already-erased');
          return replaceCard(
            erasureNotices.alreadyErased(outcome.erased ? { at: outcome.erased.at, byName: labels.person(outcome.erased.by) } : null),
            'Intet slettet',
          );
      }
    },
    'admin.erase.cancel': async (turn, data) => {
      const caseId = eraseCancelOf(data);
      if (!caseId.ok) return badRequest(caseId.errors);
      const outcome = await erasure.cancel(turn.actor, caseId.value);
      turn.outcome(outcome.kind);
      return outcome.kind === 'forbidden' ? replaceCard(notices.forbidden()) : replaceCard(erasureNotices.cancelled(), 'Intet slettet');
    },
  };
}
