/**
 * A proactive message (issue 4): its view-model schema and its view builder. These cards are sent
 * unasked, to busy staff: short, and never a child's name, only the case's pseudonym ("A.B., 4.B").
 * Dates arrive as 'YYYY-MM-DD' or already as Danish text (an instant is formatted by the view
 * function, in Europe/Copenhagen); the transforms build the lines shown.
 */
import { z } from '../../domain/zod.js';
import { renderCard } from '../render.js';
import { LIMITS, caseName, facts, list, personName, pseudonym, ref, short, type Card } from '../common.js';
import { danishDateTime, fit, fitOrNull } from '../format.js';

export const SafeguardingAlertViewModelSchema = z.strictObject({
  caseId: ref,
  pseudonym,
  schoolName: short.nullable(),
  teamName: short.nullable(),
  /** The teacher who flagged it (display name). */
  reportedBy: personName,
  /** A Danish date and time, e.g. "4. december 2026 kl. 10.15". */
  at: short,
  acute: z.boolean(),
  /** Danish labels of what was flagged, e.g. "Vold". */
  concerns: z.array(z.string().trim().min(1).max(120)).max(LIMITS.list),
  /** What the duty to notify asks of the leader now, in order. */
  leaderActions: list().min(1),
}).transform((vm) => ({
  ...vm,
  lead: `${vm.reportedBy} har markeret tegn på, at et barn ikke er i sikkerhed. Du får besked med det samme som leder på skolen.`,
  facts: facts([
    ['Sag', caseName(vm.pseudonym)],
    ['Team', vm.teamName],
    ['Skole', vm.schoolName],
    ['Markeret af', vm.reportedBy],
    ['Tidspunkt', vm.at],
    ['Tegn på', vm.concerns.length > 0 ? vm.concerns.join(', ') : 'Ikke angivet'],
  ]),
}));

export interface SafeguardingAlertCardData {
  caseId: string;
  pseudonym: string | null;
  schoolName: string | null;
  teamName: string | null;
  /** The teacher who flagged it (display name). */
  reportedBy: string;
  at: Date;
  acute: boolean;
  /** Danish labels of what was flagged. */
  concerns: string[];
  /** What the leader must do now; empty → `defaultLeaderActions(acute)`. */
  leaderActions: string[];
}

/** What the duty to notify asks of a school leader told of a safeguarding concern, in order. */
export function defaultLeaderActions(acute: boolean): string[] {
  return [
    ...(acute ? ['Er barnet i akut fare, så ring 112 nu – alt andet kommer bagefter.'] : []),
    'Tag kontakt til læreren i dag, og støt vedkommende i det, der nu skal ske.',
    'Sørg for, at der uden ophold sendes en underretning til kommunen. Lærerens egen underretningspligt bortfalder ikke, fordi du er orienteret (Barnets Lov § 133).',
    'Orientér ikke forældrene først, hvis mistanken gælder familien. Kommunen afgør, hvornår og hvordan de inddrages.',
  ];
}

/** Sent to the school's leaders at once when a teacher flags signs that a child is not safe. */
export function safeguardingAlertCard(d: SafeguardingAlertCardData): Card {
  const actions = d.leaderActions.map((a) => a.trim()).filter((a) => a !== '');
  return renderCard('safeguarding-alert', {
    caseId: d.caseId,
    pseudonym: fitOrNull(d.pseudonym, 60),
    schoolName: fitOrNull(d.schoolName, 120),
    teamName: fitOrNull(d.teamName, 120),
    reportedBy: fit(d.reportedBy, 80),
    at: danishDateTime(d.at),
    acute: d.acute,
    concerns: d.concerns.slice(0, LIMITS.list).map((c) => fit(c, 120)),
    leaderActions: (actions.length > 0 ? actions : defaultLeaderActions(d.acute)).slice(0, LIMITS.list).map((a) => fit(a, LIMITS.item)),
  });
}
