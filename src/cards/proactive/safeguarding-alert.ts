/**
 * The safeguarding alert: sent to the school's leaders at once when a teacher flags signs that a
 * child is not safe (ladder rule 0). Short, loud, never a child's name — only the case's pseudonym.
 * When the suspicion concerns the home, the card says that the parents are on hold until the
 * municipality has assessed the notification, as the teacher's own card does. Its text is written
 * here, in the view builder; the schema only bounds it.
 */
import { renderCard } from '../render.js';
import { LIMITS, caseHeading, caseName, facts, type Card } from '../common.js';
import { danishDateTime, fit, fitOrNull } from '../format.js';

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
  /** The suspicion concerns the home: the parents wait for the municipality (ladder rule 0). */
  parentsOnHold?: boolean;
  /** What the leader must do now; empty → `defaultLeaderActions(acute, parentsOnHold)`. */
  leaderActions: string[];
}

/** What the duty to notify asks of a school leader told of a safeguarding concern, in order. */
export function defaultLeaderActions(acute: boolean, parentsOnHold = false): string[] {
  return [
    ...(acute ? ['Er barnet i akut fare, så ring 112 nu – alt andet kommer bagefter.'] : []),
    'Tag kontakt til læreren i dag, og støt vedkommende i det, der nu skal ske.',
    'Sørg for, at der uden ophold sendes en underretning til kommunen. Lærerens egen underretningspligt bortfalder ikke, fordi du er orienteret (Barnets Lov § 133).',
    parentsOnHold
      ? 'Mistanken retter sig mod barnets hjem: orientér ikke forældrene, og inddrag dem ikke i møder eller planer, før kommunen har vurderet underretningen. Aftal med kommunen, hvem der orienterer dem og hvornår.'
      : 'Orientér ikke forældrene først, hvis mistanken gælder familien. Kommunen afgør, hvornår og hvordan de inddrages.',
  ];
}

/** Sent to the school's leaders at once when a teacher flags signs that a child is not safe. */
export function safeguardingAlertCard(d: SafeguardingAlertCardData): Card {
  const onHold = d.parentsOnHold === true;
  const given = d.leaderActions.map((a) => a.trim()).filter((a) => a !== '');
  const reportedBy = fit(d.reportedBy, 80);
  const concerns = d.concerns.slice(0, LIMITS.list).map((c) => fit(c, 120));
  const team = d.teamName && d.schoolName ? `${d.teamName} – ${d.schoolName}` : d.teamName;
  return renderCard('safeguarding-alert', {
    caseId: d.caseId,
    caseHeading: caseHeading(fitOrNull(d.pseudonym, 60), team),
    acute: d.acute,
    lead:
      `${reportedBy} har markeret tegn på, at et barn ikke er i sikkerhed. Du får besked med det samme som leder på skolen.` +
      (onHold ? ' Mistanken retter sig mod barnets hjem: forældrene må ikke inddrages, før kommunen har vurderet underretningen.' : ''),
    facts: facts([
      ['Sag', caseName(fitOrNull(d.pseudonym, 60))],
      ['Team', fitOrNull(d.teamName, 120)],
      ['Skole', fitOrNull(d.schoolName, 120)],
      ['Markeret af', reportedBy],
      ['Tidspunkt', danishDateTime(d.at)],
      ['Tegn på', concerns.length > 0 ? concerns.join(', ') : 'Ikke angivet'],
      ['Forældrene', onHold ? 'Afventer kommunen – inddrages ikke endnu' : null],
    ]),
    leaderActions: (given.length > 0 ? given : defaultLeaderActions(d.acute, onHold)).slice(0, LIMITS.list).map((a) => fit(a, LIMITS.item)),
  });
}
