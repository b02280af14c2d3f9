/**
 * The cards of the intake's safety pause (issue 12, "Safety first, really"): when a teacher has
 * answered whether a child in danger is in acute danger, the intake stops asking. With acute danger
 * a short "Ring 112 nu" card comes first (acute-danger); then the duty to notify (the safeguarding
 * card); then the pause card (intake-pause), which says who of the school's leaders were alerted and
 * offers to continue now or later. Both name the case at the top (`caseHeading`).
 */
import { z } from '../../domain/zod.js';
import { LIMITS, list, title } from '../common.js';

const paragraph = z.string().trim().min(1).max(LIMITS.text);

export const AcuteDangerViewModelSchema = z.strictObject({
  caseHeading: title,
  title,
  text: paragraph,
  /** What to do until help comes, one line each. */
  steps: list(4),
});

export const IntakePauseViewModelSchema = z.strictObject({
  /** The case Fortsæt nu and Fortsæt senere name (the handlers check the user owns it). */
  caseId: z.string().min(1).max(100),
  caseHeading: title,
  title,
  /** Who was alerted, by name, or that nobody could be and the teacher must tell the leadership. */
  alerted: paragraph,
  /** Where the intake stands: paused, or saved until the teacher writes "fortsæt". */
  status: paragraph,
  /** The teacher chose Fortsæt senere: only Fortsæt nu is left. */
  later: z.boolean(),
});
