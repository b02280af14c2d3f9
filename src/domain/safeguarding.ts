/**
 * Safeguarding (rule 0 of the ladder): always evaluated, whatever the step. Signs that a child is
 * not safe bring the professional's sharpened duty to notify (skærpet underretningspligt) into
 * force now: tell the school leadership, notify the municipality without delay, no parental consent
 * needed, and with acute danger call 112 first.
 *
 * When the suspicion concerns the child's home, the parents are "on hold": they must not be
 * involved before the municipality has assessed the notification, so the ladder holds back every
 * step that would involve them (see ladder.ts).
 */
import type { Intake, SafetyConcern } from './intake.js';
import type { NotificationContact, Playbook } from './playbook.js';
import type { Safeguarding } from './recommendation.js';

export const LAW = 'Barnets Lov § 133';
const SAFEGUARDING_BASIS = `${LAW} (skærpet underretningspligt)`;

/** Signs that point at the home only when the user says so (`homeConcern`); neglect always does. */
export const HOME_CONCERN_ASKED_FOR: readonly SafetyConcern[] = ['vold', 'seksuelle-overgreb'];

/** Whether `homeConcern` is asked: violence or sexual abuse is flagged, and not neglect (which concerns the home by definition). */
export function asksHomeConcern(safety: readonly SafetyConcern[]): boolean {
  return !safety.includes('omsorgssvigt') && safety.some((s) => HOME_CONCERN_ASKED_FOR.includes(s));
}

/** Whether the suspicion concerns the home, so that the parents wait for the municipality. */
export function parentsOnHold(intake: Pick<Intake, 'safety' | 'homeConcern'>): boolean {
  const safety = intake.safety ?? [];
  return safety.includes('omsorgssvigt') || (asksHomeConcern(safety) && intake.homeConcern === true);
}

/** The safeguarding block for the answers so far, or null when there is no sign of danger. */
export function safeguardingFor(intake: Pick<Intake, 'safety' | 'acuteDanger' | 'homeConcern'>, _playbook?: Playbook): Safeguarding | null {
  const concerns: SafetyConcern[] = [...(intake.safety ?? [])];
  const acute = intake.acuteDanger === true;
  if (concerns.length === 0 && !acute) return null;
  const onHold = parentsOnHold(intake);
  const actions = [
    ...(acute ? ['Ring 112 nu, og sørg for, at barnet er i sikkerhed, til hjælpen kommer.'] : []),
    'Fortæl det til skoleledelsen med det samme.',
    'Underret kommunen uden ophold. Du behøver ikke være sikker: det er nok, at du har grund til at antage, at barnet kan have brug for særlig støtte eller har været udsat for overgreb.',
    'Du behøver ikke forældrenes samtykke for at underrette.',
    onHold
      ? 'Mistanken retter sig mod barnets hjem: du må ikke orientere forældrene, før kommunen er kontaktet, og I inddrager dem ikke, før kommunen har vurderet underretningen. Aftal med kommunen, hvem der orienterer dem og hvornår.'
      : 'Hvis mistanken retter sig mod familien, må du ikke orientere forældrene, før kommunen er kontaktet. Aftal med kommunen, hvem der orienterer dem og hvornår.',
    'Skriv ned, hvad du har set og hørt, med dato og barnets egne ord – uden at udspørge barnet.',
  ];
  return {
    concerns,
    acute,
    title: acute ? 'Barnet er i akut fare – ring 112' : 'Skærpet underretningspligt – handl nu',
    actions,
    basis: SAFEGUARDING_BASIS,
    notifyLeadership: true,
    parentsOnHold: onHold,
  };
}

/** What a case's answers say about the child's safety, as the case card shows it to its owner and the school's leaders. */
export interface SafetyAnswers {
  concerns: SafetyConcern[];
  /** The answer to acute danger; null while it has not been answered. */
  acute: boolean | null;
  parentsOnHold: boolean;
}

/** The case's safety answers, or null when it has no sign that the child is not safe (and no acute danger). */
export function safetyAnswers(intake: Pick<Intake, 'safety' | 'acuteDanger' | 'homeConcern'>): SafetyAnswers | null {
  const concerns = [...(intake.safety ?? [])];
  if (concerns.length === 0 && intake.acuteDanger !== true) return null;
  return { concerns, acute: intake.acuteDanger ?? null, parentsOnHold: parentsOnHold(intake) };
}

/** How to notify the municipality the playbook is for, or null when the playbook does not say. */
export function notificationContact(playbook: Playbook): NotificationContact | null {
  return playbook.municipality?.notification ?? null;
}
