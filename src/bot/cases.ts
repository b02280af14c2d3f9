/**
 * The case commands: "mine sager" (the user's cases), "sager på skolen" (a school leader's view of
 * all the school's cases) and opening one case (its plans, its history on the ladder and the
 * sparring requests the user may see). Access is the overview service's, from the stored case. A
 * safety case is marked in both lists, and its card follows the viewer: the owner's buttons for the
 * owner, a leader's for a leader (issue 12).
 */
import type { Playbook } from '../domain/playbook.js';
import type { Actor } from '../domain/actor.js';
import type { CaseOverviewService } from '../cases/case-overview.service.js';
import type { CaseRecord } from '../cases/case.repository.js';
import { sameId } from '../domain/values.js';
import { caseCard, caseListCard, noticeCard, notices, type CaseSparringLine } from '../cards/index.js';
import { caseRefOf } from './cases.input.js';
import { sendCards, type Handlers } from './reply.js';

export type CaseVerb = 'cases.list' | 'cases.school' | 'case.open';

export interface CaseDeps {
  overview: CaseOverviewService;
  playbook: Playbook;
  /** Display names from the organisation directory (ids when it does not know them); `team`: a case's team title for its heading. */
  names: { school(id: string): string; person(aadObjectId: string): string | null; team?(c: CaseRecord): string | null };
  /** The case's sparring requests the actor may see, as lines on the case card. */
  requestsOf: (actor: Actor, caseId: string) => Promise<CaseSparringLine[]>;
}

export function caseHandlers({ overview, playbook, names, requestsOf }: CaseDeps): Pick<Handlers, CaseVerb> {
  return {
    'cases.list': async (turn) => sendCards('Mine sager', caseListCard(await overview.listMine(turn.actor), playbook)),
    'cases.school': async (turn) => {
      const school = await overview.listSchool(turn.actor);
      if (!school) {
        return sendCards(
          '',
          noticeCard('info', 'Sager på skolen', 'Kun skolens ledelse ser alle skolens sager. Skriv "mine sager" for at se dine egne.'),
        );
      }
      const title = school.schoolIds.map((id) => names.school(id)).join(' og ');
      const card = caseListCard(school, playbook, {
        title: `Sager på ${title}`,
        emptyText: 'Der er ingen sager på skolen endnu.',
        ownerName: (summary) => names.person(summary.case.ownerAadId),
        // The leader's list: only the leader's own cases say "skriv fortsæt".
        isOwn: (summary) => sameId(summary.case.ownerAadId, turn.actor.userId),
      });
      return sendCards('Sager på skolen', card);
    },
    'case.open': async (turn, data) => {
      // A card naming no valid case is answered as a case the user may not see: not found.
      const ref = caseRefOf(data);
      const detail = ref.ok ? await overview.detail(turn.actor, ref.value.caseId) : null;
      const requests = detail ? await requestsOf(turn.actor, detail.case.id) : [];
      return sendCards('Sag', detail ? caseCard(detail, playbook, requests, names.team?.(detail.case) ?? null) : notices.notFound());
    },
  };
}
