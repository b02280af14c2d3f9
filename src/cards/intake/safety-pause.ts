/**
 * The view builders of the intake's safety pause (see safety-pause.schema.ts): the "Ring 112 nu"
 * card and the card that says who of the school's leaders were alerted, with Fortsæt nu and
 * Fortsæt senere. The leaders' names come from the directory (the Notifier); the card never invents
 * one, and without a leader to alert it tells the teacher to tell the leadership themselves.
 */
import type { CaseLabel } from '../../cases/intake.service.js';
import { renderCard } from '../render.js';
import { LIMITS, type Card } from '../common.js';
import { clip } from '../format.js';
import { headingOf } from './view.js';

/** "Anne", "Anne og Bo", "Anne, Bo og Carl". */
function namesInDanish(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} og ${names[names.length - 1]}`;
}

/** The short card that comes first when the child is in acute danger: call 112, everything else waits. */
export function acuteDangerCard(label: CaseLabel): Card {
  return renderCard('acute-danger', {
    caseHeading: headingOf(label),
    title: 'Ring 112 nu',
    text: 'Barnet er i akut fare. Ring 112 først – alt andet kan vente.',
    steps: [
      'Bliv hos barnet, eller sørg for, at en voksen gør det, til hjælpen kommer.',
      'Når barnet er i sikkerhed: læs kortet herunder om underretningspligten.',
    ],
  });
}

/**
 * The card the intake pauses on after the acute-danger answer. `leaders`: the names of the school's
 * leaders who were alerted (none: nobody could be). `later`: the teacher chose Fortsæt senere.
 */
export function intakePauseCard(caseId: string, label: CaseLabel, leaders: readonly string[], later: boolean): Card {
  const alerted =
    leaders.length > 0
      ? `Jeg har sendt en sikkerhedsadvarsel til ${namesInDanish(leaders)} fra skoleledelsen. Underretningspligten er stadig din egen.`
      : 'Jeg kender ingen skoleleder for din skole, så jeg har ikke kunnet give ledelsen besked. Fortæl det selv til skoleledelsen med det samme.';
  return renderCard('intake-pause', {
    caseId,
    caseHeading: headingOf(label),
    title: leaders.length > 0 ? 'Skoleledelsen har fået besked' : 'Fortæl det til skoleledelsen',
    alerted: clip(alerted, LIMITS.text),
    status: later
      ? 'Sagen er gemt. Skriv »fortsæt«, når du er klar til at svare på resten af spørgsmålene.'
      : 'Resten af spørgsmålene kan vente. Sagen er gemt: fortsæt nu, eller når du er klar.',
    later,
  });
}
