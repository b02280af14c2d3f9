/**
 * The cards that say which concern (see schema.ts): "ny bekymring" while one is in progress, the
 * choice for "fortsæt" with several, "annullér" asking first, the cancelled card with Fortryd, and
 * what a Fortryd or a "Fortsæt" on a closed case answers. The text is written here; the pseudonym and
 * the team are data.
 */
import type { CaseLabel } from '../../cases/intake.service.js';
import type { OpenConcern } from '../../cases/concern.service.js';
import { renderCard } from '../render.js';
import { LIMITS, caseHeading, caseName, type Card } from '../common.js';
import { danishDate, danishShortDateTime, fit } from '../format.js';
import { whenText } from '../notice/routing.js';
import type { CaseConfirmVerb } from './schema.js';

const headingOf = (label: CaseLabel) => caseHeading(label.pseudonym, label.team);
/** The case as a sentence names it: "A.B., 4.B", or "uden kaldenavn". */
const nameOf = (label: CaseLabel) => (label.pseudonym ? fit(label.pseudonym, 60) : 'sagen uden kaldenavn');
const whereOf = (c: OpenConcern) => (c.questionNumber === null ? 'Ved anbefalingen' : `Spørgsmål ${c.questionNumber}`);

function choiceOf(c: OpenConcern) {
  return {
    caseId: c.caseId,
    heading: headingOf(c.label),
    where: whereOf(c),
    changed: `Startet ${danishDate(c.startedAt)} · sidst ændret ${danishShortDateTime(c.changedAt)}`,
    button: fit(`Fortsæt med ${c.label.pseudonym ? fit(c.label.pseudonym, 40) : caseName(null)}`, 60),
  };
}

/** "ny bekymring" while `open` is in progress: continue it, or start a new one (with the pseudonym typed, if any). */
export function openConcernCard(open: OpenConcern, others: number, pseudonym: string | null): Card {
  const standing = open.questionNumber === null ? 'ved anbefalingen' : `spørgsmål ${open.questionNumber}`;
  const more =
    others > 0 ? ` Du har ${others === 1 ? 'én bekymring mere' : `${others} bekymringer mere`} i gang; skriv "fortsæt" for at vælge.` : '';
  return renderCard('case-choice', {
    caseHeading: headingOf(open.label),
    title: 'Du har en bekymring i gang',
    text: `Du har en bekymring i gang for ${nameOf(open.label)} (${standing}, startet ${danishDate(open.startedAt)}). Vil du fortsætte med den eller starte en ny?${more}`,
    cases: [{ ...choiceOf(open), heading: null }],
    startNew: { pseudonym: pseudonym ? fit(pseudonym, 60) : null },
  });
}

/** "fortsæt" with several concerns in progress: one button for each, the most recently changed first. */
export function caseChoiceCard(open: readonly OpenConcern[]): Card {
  const shown = open.slice(0, LIMITS.list);
  const left = open.length - shown.length;
  return renderCard('case-choice', {
    caseHeading: null,
    title: 'Hvilken bekymring vil du fortsætte med?',
    text:
      `Du har ${open.length} bekymringer i gang. Vælg den, du vil fortsætte med.` +
      (left > 0 ? ` De ${left} ældste står ikke her; du finder dem under "mine sager".` : ''),
    cases: shown.map(choiceOf),
    startNew: null,
  });
}

type Action = { title: string; verb: CaseConfirmVerb; style: 'positive' | 'destructive' | 'default' };
const confirmCard = (
  label: CaseLabel,
  ref: { caseId: string; seq: number },
  tone: 'info' | 'warning',
  title: string,
  text: string,
  actions: Action[],
  note: string | null = null,
): Card =>
  renderCard('case-confirm', { caseHeading: headingOf(label), tone, title, text, caseId: ref.caseId, seq: ref.seq, actions, note });

/** "annullér" asks first. */
export function cancelConfirmCard(label: CaseLabel, ref: { caseId: string; seq: number }): Card {
  return confirmCard(
    label,
    ref,
    'warning',
    'Vil du annullere bekymringen?',
    `Vil du annullere bekymringen for ${nameOf(label)}? Svarene gemmes ikke videre, og sagen lukkes. Du kan fortryde i et døgn.`,
    [
      { title: 'Ja, annullér', verb: 'intake.cancel.confirm', style: 'destructive' },
      { title: 'Nej, fortsæt', verb: 'intake.resume', style: 'positive' },
    ],
  );
}

/** The concern is cancelled: Fortryd until `undoUntil`. */
export function cancelledCard(label: CaseLabel, ref: { caseId: string; seq: number }, undoUntil: Date, now: Date): Card {
  return confirmCard(
    label,
    ref,
    'info',
    'Bekymringen er annulleret',
    `Bekymringen for ${nameOf(label)} er lukket. Var det en fejl, så tryk Fortryd (eller skriv "fortryd"): den åbner igen med de samme svar.`,
    [
      { title: 'Fortryd', verb: 'intake.undo', style: 'positive' },
      { title: 'Ny bekymring', verb: 'intake.start', style: 'default' },
    ],
    `Kan fortrydes indtil ${whenText(undoUntil, now)}.`,
  );
}

/** Fortryd worked: the old card says so (the question comes as a new card). */
export function restoredCard(label: CaseLabel, ref: { caseId: string; seq: number }): Card {
  return confirmCard(
    label,
    ref,
    'info',
    'Bekymringen er åbnet igen',
    `Bekymringen for ${nameOf(label)} er i gang igen med de samme svar. Du fortsætter, hvor du slap.`,
    [],
  );
}

/** Fortryd after the window: it stays cancelled. */
export function undoExpiredCard(label: CaseLabel, ref: { caseId: string; seq: number }, cancelledAt: Date): Card {
  return confirmCard(
    label,
    ref,
    'warning',
    'Kan ikke fortrydes længere',
    `Bekymringen for ${nameOf(label)} blev annulleret ${danishShortDateTime(cancelledAt)}, for mere end et døgn siden, og kan ikke åbnes igen. Start en ny bekymring, hvis den stadig er aktuel.`,
    [{ title: 'Ny bekymring', verb: 'intake.start', style: 'positive' }],
  );
}

/** A "Fortsæt" naming the user's own case that is no longer open (cancelled or closed). */
export function notOpenCard(label: CaseLabel, ref: { caseId: string; seq: number }): Card {
  return confirmCard(
    label,
    ref,
    'info',
    'Bekymringen er ikke i gang',
    `Bekymringen for ${nameOf(label)} er annulleret eller afsluttet, så der er intet at fortsætte. Skriv "fortryd" for at åbne en bekymring, du lige har annulleret.`,
    [{ title: 'Ny bekymring', verb: 'intake.start', style: 'positive' }],
  );
}
