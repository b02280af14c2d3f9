/**
 * The notice card (a title, a text, details and up to three buttons) and the notices the bot sends
 * with it. The routing notices are in routing.ts.
 */
import type { CaselessVerb } from '../verbs.js';
import { renderCard } from '../render.js';
import { LIMITS, type Card } from '../common.js';
import { fit } from '../format.js';

type Tone = 'info' | 'warning' | 'error';
type NoticeAction = { title: string; verb: CaselessVerb };

export function noticeCard(tone: Tone, title: string, text: string, items: string[] = [], actions: NoticeAction[] = []): Card {
  return renderCard('notice', { tone, title, text, items, actions });
}

export const notices = {
  stale: (hasCurrent: boolean) =>
    noticeCard(
      'info',
      'Dette kort er allerede brugt',
      'Der er ikke ændret noget. Brug det nyeste kort i samtalen – eller skriv "fortsæt" for at få det frem igen.',
      [],
      hasCurrent ? [{ title: 'Fortsæt', verb: 'intake.resume' }] : [{ title: 'Ny bekymring', verb: 'intake.start' }],
    ),
  notFound: () =>
    noticeCard(
      'warning',
      'Sagen blev ikke fundet',
      'Sagen findes ikke, eller du har ikke adgang til den.',
      [],
      [{ title: 'Ny bekymring', verb: 'intake.start' }],
    ),
  badRequest: (errors: string[]) =>
    noticeCard('error', 'Kortets data kunne ikke læses', 'Der er ikke gemt noget. Prøv igen fra det nyeste kort.', errors, [
      { title: 'Fortsæt', verb: 'intake.resume' },
    ]),
  nothingToCancel: () =>
    noticeCard('info', 'Intet at annullere', 'Du har ingen igangværende bekymring.', [], [{ title: 'Ny bekymring', verb: 'intake.start' }]),
  /** Typed "fortryd" with no cancelled concern to reopen. */
  nothingToUndo: () =>
    noticeCard(
      'info',
      'Intet at fortryde',
      'Du har ingen annulleret bekymring, der kan åbnes igen. En annullering kan fortrydes i et døgn.',
      [],
      [{ title: 'Fortsæt', verb: 'intake.resume' }],
    ),
  nothingToResume: () =>
    noticeCard(
      'info',
      'Ingen igangværende bekymring',
      'Du har ikke en bekymring i gang. Start en ny, når du er klar.',
      [],
      [{ title: 'Ny bekymring', verb: 'intake.start' }],
    ),
  cprRefused: (text: string) => noticeCard('error', 'Personoplysning afvist', text),
  /**
   * Text the bot does not understand: what it does understand, the open concern's card when there is
   * one, and a line in English for someone who wrote in English.
   */
  unknownCommand: (hasOpenCase: boolean, english = false) =>
    noticeCard(
      'info',
      'Det forstod jeg ikke',
      hasOpenCase
        ? 'Du har en bekymring i gang: tryk Fortsæt for at få dens kort frem igen. Ellers svarer jeg på kommandoer og på knapperne i kortene – skriv "hjælp" for at se dem.'
        : 'Jeg svarer på kommandoer og på knapperne i kortene. Skriv "hjælp" for at se, hvad jeg kan, eller "ny bekymring" for at begynde.',
      english
        ? ['In English: I understand Danish commands and the buttons on the cards. Type "hjælp" to see them, or "ny bekymring" to start.']
        : [],
      hasOpenCase
        ? [
            { title: 'Fortsæt', verb: 'intake.resume' },
            { title: 'Hjælp', verb: 'help.show' },
          ]
        : [
            { title: 'Ny bekymring', verb: 'intake.start' },
            { title: 'Hjælp', verb: 'help.show' },
          ],
    ),
  tenantRefused: () =>
    noticeCard('error', 'Ikke tilgængelig', 'Indsatsguiden er ikke sat op til din organisation. Kontakt din IT-afdeling.'),
  failure: () =>
    noticeCard(
      'error',
      'Noget gik galt',
      'Der skete en fejl hos Indsatsguiden. Det, du allerede har svaret, er gemt. Prøv igen om lidt.',
      [],
      [{ title: 'Fortsæt', verb: 'intake.resume' }],
    ),
  /** After "Genindlæs organisationsfilen": `details` are the counts when it worked, else every problem found (by path). */
  reloaded: (ok: boolean, details: string[] = []) =>
    ok
      ? noticeCard('info', 'Organisationsfilen er genindlæst', 'Den nye fil er i brug fra nu af.', capLines(details), [
          { title: 'Se status', verb: 'admin.status' },
        ])
      : noticeCard(
          'error',
          'Organisationsfilen kunne ikke indlæses',
          'Den hidtidige fil er stadig i brug. Ret fejlene i filen, og genindlæs den igen.',
          capLines(details),
          [
            { title: 'Genindlæs igen', verb: 'admin.reload' },
            { title: 'Se status', verb: 'admin.status' },
          ],
        ),
  forbidden: () =>
    noticeCard(
      'warning',
      'Du har ikke adgang til dette',
      'Det kræver en rolle i kommunens organisationsfil, som du ikke har. Kontakt din leder, hvis du mener, det er en fejl.',
    ),
  /** The request is sent: posted in the group's channel, or (no channel) to each member in their chat with the bot. */
  sparringSent: (groupTitle: string, where: 'kanal' | 'medlemmer') =>
    noticeCard(
      'info',
      'Anmodningen om sparring er sendt',
      where === 'kanal'
        ? `Den er slået op i kanalen for ${fit(groupTitle, 120)}. Du får besked, når en rådgiver har taget den.`
        : `Den er sendt til hver rådgiver i ${fit(groupTitle, 120)}. Du får besked, når en af dem har taget den.`,
      [],
      [{ title: 'Mine sager', verb: 'cases.list' }],
    ),
  sparringNotFound: () =>
    noticeCard('warning', 'Anmodningen blev ikke fundet', 'Anmodningen findes ikke, eller du har ikke adgang til den.'),
  /** The directory names no adviser group for the case's school. */
  sparringNoGroups: () =>
    noticeCard(
      'warning',
      'Ingen rådgivergrupper',
      'Der er ingen rådgivergrupper for skolen i kommunens organisationsfil, så anmodningen kan ikke sendes. Kontakt din leder.',
    ),
  /** Sparring is asked for an open case only. */
  sparringCaseClosed: () =>
    noticeCard(
      'info',
      'Sagen er ikke åben',
      'Der kan kun anmodes om sparring i en åben sag.',
      [],
      [{ title: 'Mine sager', verb: 'cases.list' }],
    ),
};

/** At most LIMITS.list lines; when there are more, the last says how many were left out. */
function capLines(lines: string[]): string[] {
  const kept = lines.map((l) => l.trim()).filter((l) => l !== '');
  if (kept.length <= LIMITS.list) return kept;
  return [...kept.slice(0, LIMITS.list - 1), `… og ${kept.length - (LIMITS.list - 1)} mere`];
}
