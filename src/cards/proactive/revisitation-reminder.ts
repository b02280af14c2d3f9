/**
 * The yearly revisitation of a specialised school offer (PKU's decision `specialtilbud`): sent to
 * the school's leaders 11 months after PKU's decision and then every 12 months. The card opens the
 * revisitation: the goals for the year, their evaluation, and whether the child can return to the
 * ordinary school ("med henblik på, at det enkelte barn kan vende tilbage til almenområdet",
 * handleguiden). Its text is written here, in the view builder; the schema only bounds it.
 */
import { renderCard } from '../render.js';
import { caseHeading, caseName, facts, type Card } from '../common.js';
import { danishIsoDate, fitOrNull } from '../format.js';

export interface RevisitationReminderCardData {
  caseId: string;
  /** The saved referral (henvisning til PKU), if there is one. */
  referralPlanId: string | null;
  pseudonym: string | null;
  schoolName: string | null;
  teamName: string | null;
  /** The school day the revisitation is due, 'YYYY-MM-DD'. */
  revisitationDate: string;
  /** PKU's decision date, 'YYYY-MM-DD'. */
  decidedOn: string;
  /** Which year of the placement ends: 1 at the first revisitation. */
  year: number;
}

/** What a revisitation goes through, in order. */
export const REVISITATION_AGENDA = [
  'Evaluér målene for året: hvad viser tegnene?',
  'Sæt lærings- og udviklingsmål for det næste år.',
  'Overvej, om barnet kan vende tilbage til almenskolen, helt eller delvist.',
  "Registrér PKU's nye afgørelse på sagen, når den foreligger.",
] as const;

export function revisitationReminderCard(d: RevisitationReminderCardData): Card {
  const yearText = d.year === 1 ? 'første år' : `${d.year}. år`;
  return renderCard('revisitation-reminder', {
    caseHeading: caseHeading(fitOrNull(d.pseudonym, 60), fitOrNull(d.teamName, 120)),
    caseId: d.caseId,
    referralPlanId: d.referralPlanId,
    lead:
      `PKU besluttede et specialiseret skoletilbud den ${danishIsoDate(d.decidedOn)}. Tilbuddet gives for et år ad gangen og ` +
      `revisiteres hvert år, med henblik på at barnet kan vende tilbage til almenområdet. Placeringens ${yearText} slutter snart.`,
    facts: facts([
      ['Sag', caseName(fitOrNull(d.pseudonym, 60))],
      ['Team', fitOrNull(d.teamName, 120)],
      ['Skole', fitOrNull(d.schoolName, 120)],
      ['Revisitation', danishIsoDate(d.revisitationDate)],
    ]),
    agenda: [...REVISITATION_AGENDA],
  });
}
