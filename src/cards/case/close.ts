/**
 * The form on which a case's owner or a leader of its school closes the case ("Afslut sag"): why,
 * and an optional short note. The card says what closing means (read-only, deleted after the
 * retention period). Text is written here; the schema bounds it.
 */
import { CLOSING_NOTE_MAX, CLOSING_REASON_LABELS, CLOSING_REASONS, closingReasonLine } from '../../domain/closing.js';
import type { CaseClosing } from '../../cases/case.repository.js';
import { renderCard } from '../render.js';
import { caseName, type Card } from '../common.js';
import { danishDate, fitOrNull } from '../format.js';
import { noticeCard } from '../notice/view.js';

export interface CaseCloseCardData {
  caseId: string;
  seq: number;
  pseudonym: string | null;
  values?: { reason: string; note: string };
  errors?: readonly { field: 'reason' | 'note'; message: string }[];
}

const REASON_CHOICES = CLOSING_REASONS.map((value) => ({ value, title: CLOSING_REASON_LABELS[value] }));

export function caseCloseCard(d: CaseCloseCardData): Card {
  const errorOf = (field: 'reason' | 'note') => d.errors?.find((e) => e.field === field)?.message.slice(0, 400) ?? '';
  const values = d.values ?? { reason: '', note: '' };
  return renderCard('case-close', {
    caseId: d.caseId,
    seq: d.seq,
    subtitle: caseName(fitOrNull(d.pseudonym, 60)),
    lead: 'Når sagen er afsluttet, kan den kun læses: der kan ikke svares, gemmes planer, evalueres eller sendes anmodninger på den. Den slettes automatisk, når opbevaringsperioden er gået.',
    reasonChoices: REASON_CHOICES,
    values: { reason: values.reason.slice(0, 40), note: Array.from(values.note).slice(0, CLOSING_NOTE_MAX).join('') },
    err: { reason: errorOf('reason'), note: errorOf('note') },
    hasErrors: (d.errors?.length ?? 0) > 0,
  });
}

/** "Afsluttet 6. december 2026 · Flyttet": when and why a case was closed. */
const closedLine = (c: CaseClosing) => `${danishDate(c.at)} · ${closingReasonLine(c.reason, c.note)}`;

/** The notices around closing a case, and the answer to a changing verb on a closed case. */
export const closingNotices = {
  closed: (c: CaseClosing) =>
    noticeCard(
      'info',
      'Sagen er afsluttet',
      `Afsluttet ${closedLine(c)}. Sagen kan nu kun læses og slettes, når opbevaringsperioden er gået.`,
      [],
      [{ title: 'Mine sager', verb: 'cases.list' }],
    ),
  alreadyClosed: (c: CaseClosing | null) =>
    noticeCard(
      'info',
      'Sagen er allerede afsluttet',
      c ? `Sagen blev afsluttet ${closedLine(c)}. Der er ikke ændret noget.` : 'Sagen er afsluttet. Der er ikke ændret noget.',
    ),
  notOpen: () => noticeCard('info', 'Sagen er ikke åben', 'Kun en åben sag kan afsluttes. Der er ikke ændret noget.'),
  changed: () =>
    noticeCard(
      'info',
      'Sagen er ændret',
      'Sagen er ændret, siden kortet blev vist. Den er ikke afsluttet. Åbn sagen, og prøv igen fra det nye kort.',
    ),
  /** A changing verb on a closed case; `c` null: the actor may not see the case, so it is not described. */
  readOnly: (c: CaseClosing | null) =>
    noticeCard(
      'info',
      'Sagen er afsluttet',
      c
        ? `Sagen blev afsluttet ${closedLine(c)} og kan kun læses. Der er ikke ændret noget.`
        : 'Sagen, kortet hører til, er afsluttet og kan kun læses. Der er ikke ændret noget.',
    ),
};
