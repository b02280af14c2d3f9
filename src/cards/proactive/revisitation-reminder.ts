/**
 * A proactive message (issue 4): its view-model schema and its view builder. These cards are sent
 * unasked, to busy staff: short, and never a child's name, only the case's pseudonym ("A.B., 4.B").
 * Dates arrive as 'YYYY-MM-DD' or already as Danish text (an instant is formatted by the view
 * function, in Europe/Copenhagen); the transforms build the lines shown.
 */
import { z } from '../../domain/zod.js';
import { renderCard } from '../render.js';
import { caseName, facts, isoDate, planRef, pseudonym, ref, short, type Card } from '../common.js';
import { danishIsoDate, fitOrNull } from '../format.js';

/** The referral (henvisning til PKU) is granted a year at a time: a reminder when its revisitation is due. */
export const RevisitationReminderViewModelSchema = z.strictObject({
  caseId: ref,
  planId: planRef,
  pseudonym,
  schoolName: short.nullable(),
  teamName: short.nullable(),
  revisitationDate: isoDate,
}).transform((vm) => ({
  ...vm,
  lead: `Et indgribende tilbud gives for et år ad gangen og vurderes derefter igen. Revisitationen af henvisningen er sat til den ${danishIsoDate(vm.revisitationDate)}.`,
  facts: facts([
    ['Sag', caseName(vm.pseudonym)],
    ['Team', vm.teamName],
    ['Skole', vm.schoolName],
    ['Revisitation', danishIsoDate(vm.revisitationDate)],
  ]),
}));

export interface RevisitationReminderCardData {
  caseId: string;
  /** The referral (henvisning til PKU) to revisit. */
  planId: string;
  pseudonym: string | null;
  schoolName: string | null;
  teamName: string | null;
  /** 'YYYY-MM-DD'. */
  revisitationDate: string;
}

/** A referral is granted a year at a time: its revisitation is due. */
export function revisitationReminderCard(d: RevisitationReminderCardData): Card {
  return renderCard('revisitation-reminder', {
    caseId: d.caseId,
    planId: d.planId,
    pseudonym: fitOrNull(d.pseudonym, 60),
    schoolName: fitOrNull(d.schoolName, 120),
    teamName: fitOrNull(d.teamName, 120),
    revisitationDate: d.revisitationDate,
  });
}
