/**
 * PKU's decision on a referral, at the bot's edge: "Registrér PKU's afgørelse" on the case card
 * opens the form (`pku.form`), and its "Registrér" records the decision (`pku.record`). Who may, and
 * whether the case stands at the referral, is the PkuDecisionService's decision from the stored
 * case; the card only names the case and the seq it was drawn at.
 */
import { copenhagenDate } from '../domain/calendar.js';
import { PKU_DECISION_LABELS } from '../domain/pku-decision.js';
import { containsIdentifier, IDENTIFIER_REFUSAL, maskIdentifiers } from '../domain/identifiers.js';
import { withoutControlCharacters } from '../domain/free-text.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { PkuDecisionService } from '../cases/pku-decision.service.js';
import { danishIsoDate, noticeCard, notices, pkuDecisionCard, recommendationCard } from '../cards/index.js';
import { pkuCardRefOf, pkuFormOf } from './pku.input.js';
import { badRequest, replaceCard, type Handlers } from './reply.js';
import { caseTeamTitle } from './safeguarding.js';
import type { DirectoryLookup } from '../directory/lookup.js';

export type PkuVerb = 'pku.form' | 'pku.record';

export interface PkuDeps {
  pku: PkuDecisionService;
  cases: CaseRepository;
  clock: () => Date;
  /** The organisation directory in use: the team's title in the case's heading. */
  directory: () => DirectoryLookup;
}

const notAtReferral = () =>
  noticeCard(
    'info',
    'Sagen er ikke ved henvisningen',
    "PKU's afgørelse registreres, når sagen står ved trinnet »Henvis til PKU«. Åbn sagen for at se, hvor den står nu.",
  );
const changed = () =>
  noticeCard(
    'info',
    'Sagen er ændret',
    'Sagen er ændret, siden kortet blev vist. Der er ikke registreret noget. Åbn sagen, og prøv igen fra det nye kort.',
  );

/**
 * What a refused form shows again of the remarks: never a CPR-like number (masked) nor an invisible
 * control character. The form says "what you wrote is kept", so it must not keep those.
 */
const shownAgain = (values: { decision: string; decidedOn: string; remarks: string }) => ({
  ...values,
  remarks: maskIdentifiers(withoutControlCharacters(values.remarks)),
});

export function pkuHandlers({ pku, cases, clock, directory }: PkuDeps): Pick<Handlers, PkuVerb> {
  const today = () => copenhagenDate(clock());
  return {
    'pku.form': async (turn, data) => {
      const ref = pkuCardRefOf(data);
      const c = ref.ok ? await cases.get(ref.value.caseId) : null;
      if (!c || !pku.allowsRecording(turn.actor, c)) return replaceCard(notices.notFound());
      // A case card drawn before a change (another decision, an answer) opens no form: the case moved.
      if (ref.ok && ref.value.seq !== c.seq) return replaceCard(changed(), 'Intet ændret');
      if (!pku.atReferral(c)) return replaceCard(notAtReferral());
      return {
        replace: null,
        toast: "PKU's afgørelse",
        send: [pkuDecisionCard({ caseId: c.id, seq: c.seq, pseudonym: c.pseudonym, team: caseTeamTitle(directory(), c), today: today() })],
      };
    },
    'pku.record': async (turn, data) => {
      const form = pkuFormOf(data);
      if (!form.ok) return badRequest(form.errors);
      if (form.value.kind === 'incomplete') {
        const { ref, values, errors } = form.value;
        const c = await cases.get(ref.caseId);
        if (!c || !pku.allowsRecording(turn.actor, c)) return replaceCard(notices.notFound());
        const cpr = containsIdentifier(values.remarks);
        turn.outcome(cpr ? 'cpr-refused' : 'invalid');
        const all = cpr ? [...errors, { field: 'remarks' as const, message: IDENTIFIER_REFUSAL }] : errors;
        return replaceCard(
          pkuDecisionCard({
            caseId: c.id,
            seq: ref.seq,
            pseudonym: c.pseudonym,
            team: caseTeamTitle(directory(), c),
            today: today(),
            values: shownAgain(values),
            errors: all,
          }),
          'Ret formularen',
        );
      }
      const { command } = form.value;
      const outcome = await pku.record(turn.actor, command, turn.displayName);
      turn.outcome(
        outcome.kind === 'invalid' && outcome.errors.some((e) => e.message === IDENTIFIER_REFUSAL) ? 'cpr-refused' : outcome.kind,
      );
      switch (outcome.kind) {
        case 'recorded': {
          const { decision, recommendation, case: c } = outcome;
          const done = noticeCard(
            'info',
            "PKU's afgørelse er registreret",
            `${PKU_DECISION_LABELS[decision.decision]}, ${danishIsoDate(decision.decidedOn)}. Afgørelsen står i sagens historik.`,
          );
          return {
            replace: done,
            toast: 'Registreret',
            send: recommendation
              ? [recommendationCard(c.id, c.seq, recommendation, { pseudonym: c.pseudonym, team: caseTeamTitle(directory(), c) })]
              : [],
          };
        }
        case 'invalid':
          return replaceCard(
            pkuDecisionCard({
              caseId: outcome.case.id,
              seq: command.seq,
              pseudonym: outcome.case.pseudonym,
              team: caseTeamTitle(directory(), outcome.case),
              today: today(),
              values: shownAgain(command),
              errors: outcome.errors,
            }),
            'Ret formularen',
          );
        case 'already-recorded':
          return replaceCard(
            noticeCard(
              'info',
              "PKU's afgørelse er allerede registreret",
              `${PKU_DECISION_LABELS[outcome.decision.decision]}, ${danishIsoDate(outcome.decision.decidedOn)}. Der er ikke registreret noget nyt.`,
            ),
            'Intet ændret',
          );
        case 'stale':
          return replaceCard(changed(), 'Intet ændret');
        case 'not-at-referral':
          return replaceCard(notAtReferral(), 'Intet ændret');
        case 'not-found':
          return replaceCard(notices.notFound());
      }
    },
  };
}
