/**
 * The notification to the municipality on a safety case, at the bot's edge: "Jeg har underrettet"
 * (the safeguarding card, the owner's case card) and "Registrér underretning" (a leader's case card)
 * record the day and who (`safeguarding.notified`). The pressed card is replaced by the confirmation
 * with the recorded date; a second press, or a press after someone else recorded it, says so with
 * that date; a card drawn before the signs were taken back (or the case cancelled) records nothing.
 * Who may is the service's decision from the stored case: the card only names the case.
 */
import type { DirectoryLookup } from '../directory/lookup.js';
import type { CaseRecord } from '../cases/case.repository.js';
import type { SafeguardingNotificationService } from '../cases/safeguarding-notification.service.js';
import { noticeCard, notices, notificationRecordedCard } from '../cards/index.js';
import { notificationRefOf } from './safeguarding.input.js';
import { badRequest, replaceCard, type Handlers } from './reply.js';

export type SafeguardingVerb = 'safeguarding.notified';

export interface SafeguardingDeps {
  safeguarding: SafeguardingNotificationService;
  directory: () => DirectoryLookup;
}

/** The team's title for a case's heading ("4.B – Fjordbakkeskolen"), from the directory; null when unknown. */
export function caseTeamTitle(lookup: DirectoryLookup, c: Pick<CaseRecord, 'schoolId' | 'teamId'>): string | null {
  if (!c.schoolId || !c.teamId) return null;
  const team = lookup.team({ schoolId: c.schoolId, teamId: c.teamId });
  const school = lookup.school(c.schoolId);
  return team ? (school ? `${team.name} – ${school.name}` : team.name) : null;
}

export function safeguardingHandlers({ safeguarding, directory }: SafeguardingDeps): Pick<Handlers, SafeguardingVerb> {
  return {
    'safeguarding.notified': async (turn, data) => {
      const ref = notificationRefOf(data);
      if (!ref.ok) return badRequest(ref.errors);
      const outcome = await safeguarding.record(turn.actor, ref.value.caseId, turn.displayName);
      turn.outcome(outcome.kind);
      switch (outcome.kind) {
        case 'recorded':
        case 'already-recorded': {
          const c = outcome.case;
          const card = notificationRecordedCard(
            { caseId: c.id, label: { pseudonym: c.pseudonym, team: caseTeamTitle(directory(), c) }, notification: outcome.notification },
            outcome.kind === 'already-recorded',
            outcome.notification.recordedRole,
          );
          return replaceCard(card, outcome.kind === 'recorded' ? 'Registreret' : 'Intet ændret');
        }
        case 'no-concern':
          return replaceCard(
            noticeCard(
              'info',
              'Sagen har ikke længere tegn på fare',
              'Svarene om barnets sikkerhed er ændret, siden kortet blev vist. Der er ikke registreret noget. Åbn sagen for at se, hvor den står nu.',
            ),
            'Intet ændret',
          );
        case 'not-found':
          return replaceCard(notices.notFound());
      }
    },
  };
}
