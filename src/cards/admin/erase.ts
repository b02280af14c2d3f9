/**
 * The administrators' erasure of one case ("slet sag", issue 13): the card that asks first, naming
 * the case (pseudonym, school, status, what it holds) with "Slet sagen permanent" and "Annullér", and
 * the notices that follow. The card's text is written here; the schema only bounds it.
 *
 * After the deletion the notice names the case by its id only: the confirmation card it replaces
 * named the child's pseudonym, and nothing of the case should stay in the chat once it is gone.
 */
import { renderCard } from '../render.js';
import type { Card } from '../common.js';
import { caseName } from '../common.js';
import { danishDateTime, fit } from '../format.js';
import { noticeCard } from '../notice/view.js';

/** How many rows of each kind the case holds (src/retention/case-deletion.ts `CaseContents`). */
export interface EraseContents {
  recommendations: number;
  plans: number;
  planVersions: number;
  planEvaluations: number;
  pkuDecisions: number;
  safeguardingNotifications: number;
  sparringRequests: number;
  sparringEvents: number;
  outboxRows: number;
  mergedReminders: number;
}

export interface EraseConfirmCardData {
  caseId: string;
  seq: number;
  pseudonym: string | null;
  /** The school's name from the directory (or its id); null when the case has none yet. */
  school: string | null;
  status: 'aaben' | 'annulleret' | 'afsluttet';
  createdAt: Date;
  updatedAt: Date;
  contents: EraseContents;
  /** The card is drawn again because the case changed since the last one. */
  changed?: boolean;
}

const STATUS_LABELS = { aaben: 'Åben', annulleret: 'Annulleret', afsluttet: 'Afsluttet' } as const;

/** "1 plan" / "2 planer". */
const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What the case holds, in words: one line per kind that is there (`done`: it was deleted). */
export function contentLines(c: EraseContents, done = false): string[] {
  const lines: string[] = [];
  if (c.plans > 0)
    lines.push(
      `${n(c.plans, 'plan', 'planer')} med ${n(c.planVersions, 'version', 'versioner')} og ${n(c.planEvaluations, 'evaluering', 'evalueringer')}`,
    );
  if (c.sparringRequests > 0)
    lines.push(
      `${n(c.sparringRequests, 'anmodning om sparring', 'anmodninger om sparring')} med ${n(c.sparringEvents, 'hændelse', 'hændelser')}`,
    );
  if (c.recommendations > 0) lines.push(`${n(c.recommendations, 'trin', 'trin')} i historikken på indsatstrappen`);
  if (c.pkuDecisions > 0) lines.push(`${n(c.pkuDecisions, 'afgørelse', 'afgørelser')} fra PKU`);
  if (c.safeguardingNotifications > 0)
    lines.push(n(c.safeguardingNotifications, 'registreret underretning', 'registrerede underretninger'));
  if (c.outboxRows > 0) lines.push(n(c.outboxRows, 'besked i udbakken', 'beskeder i udbakken'));
  if (c.mergedReminders > 0)
    lines.push(
      `${n(c.mergedReminders, 'samlet påmindelse', 'samlede påmindelser')} med andre sagers planer (${done ? 'rettet' : 'rettes'})`,
    );
  return lines;
}

export function eraseConfirmCard(d: EraseConfirmCardData): Card {
  const name = caseName(d.pseudonym);
  return renderCard('admin-erase', {
    title: `Slet sag ${fit(name, 120)} permanent?`,
    facts: [
      { title: 'Sag', value: fit(name, 120) },
      { title: 'Id', value: d.caseId },
      { title: 'Skole', value: d.school ? fit(d.school, 120) : '—' },
      { title: 'Status', value: STATUS_LABELS[d.status] },
      { title: 'Oprettet', value: danishDateTime(d.createdAt) },
      { title: 'Sidst ændret', value: danishDateTime(d.updatedAt) },
      { title: 'Planer', value: String(d.contents.plans) },
      { title: 'Anmodninger om sparring', value: String(d.contents.sparringRequests) },
    ],
    text:
      'Alt, hvad botten har gemt om sagen, slettes med den: ' +
      (contentLines(d.contents).join(', ') || 'der er intet andet gemt om den') +
      '. Det kan ikke fortrydes. Adgangsloggen beholder sine rækker om sagen (kun id’er) i sin egen frist, og sletningen skrives i den. ' +
      'Beskeder, der allerede er sendt i Teams, og eksporterede planer slettes ikke her: dem styrer Teams’ og skolens egne regler.',
    note: d.changed ? 'Sagen er ændret, siden kortet blev vist. Se den igen, før du sletter.' : null,
    caseId: d.caseId,
    seq: d.seq,
  });
}

/** The notices of the erasure (the case by its id only, see the module comment). */
export const erasureNotices = {
  usage: () =>
    noticeCard('info', 'Slet en sag', 'Skriv »slet sag« og sagens id, fx »slet sag 3f2a1b4c-…«. Du får et kort, der spørger først.', [
      'Sagens id står i »adgangslog« og i »indsigt«.',
    ]),
  erased: (caseId: string, contents: EraseContents) =>
    noticeCard(
      'info',
      'Sagen er slettet',
      `Sag ${caseId} er slettet permanent med alt, hvad der hørte til den. Adgangsloggen beholder sine rækker om sagen, og sletningen står i den.`,
      ['1 sag', ...contentLines(contents, true)],
    ),
  alreadyErased: (erased: { at: Date; byName: string | null } | null) =>
    noticeCard(
      'info',
      'Sagen er allerede slettet',
      erased
        ? `Sagen blev slettet ${danishDateTime(erased.at)}${erased.byName ? ` af ${fit(erased.byName, 80)}` : ''}. Der er intet at slette.`
        : 'Sagen findes ikke længere: den er allerede slettet (af en administrator eller efter opbevaringsfristen). Der er intet at slette.',
    ),
  cancelled: () => noticeCard('info', 'Intet er slettet', 'Sagen er ikke slettet. Skriv »slet sag« og sagens id igen, hvis du vil.'),
  notFound: () =>
    noticeCard('warning', 'Ingen sag med det id', "Der er ingen sag med det id i kommunens tenant. Tjek id'et, og prøv igen."),
  ambiguous: (count: number) =>
    noticeCard('warning', 'Flere sager passer', `${count} sager har et id, der begynder sådan. Skriv hele sagens id.`),
};
