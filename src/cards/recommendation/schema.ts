/**
 * The recommendation card: the step on the ladder, who leads it, the meeting, what is missing, the
 * todo, the templates (each a button that drafts it), why (folded under **Hvorfor?**, each line
 * naming the guide) and, on a sparring step, the request as the card's main button.
 */
import { z } from '../../domain/zod.js';
import { ACTORS, LEVELS, PREREQUISITES, TEMPLATES } from '../../domain/recommendation.js';
import { CaseRefSchema, LIMITS, list, title } from '../common.js';

// recommendation -----------------------------------------------------------------------------------

const MeetingSchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  participants: z.array(z.string().trim().min(1).max(100)).max(10),
});

export const RecommendationViewModelSchema = CaseRefSchema.extend({
  /** "Sag: A.B., 4.B" (caseHeading in src/cards/common.ts); null when the caller does not name the case. */
  caseHeading: title.nullable().default(null),
  /** The three levels of the ladder, in order, the current one marked. */
  levels: z
    .array(z.strictObject({ id: z.enum(LEVELS), title: z.string().trim().min(1).max(60), current: z.boolean() }))
    .length(LEVELS.length)
    .refine((ls) => ls.every((l, i) => l.id === LEVELS[i]), { message: `The levels come in the order ${LEVELS.join(', ')}` })
    .refine((ls) => ls.filter((l) => l.current).length === 1, { message: 'Exactly one level is current' }),
  levelTitle: title,
  stepTitle: title,
  /** The actor who leads the step (Danish title). */
  lead: title,
  actors: z.array(z.string().trim().min(1).max(120)).max(ACTORS.length),
  meeting: MeetingSchema.nullable(),
  alternativeMeetings: z.array(MeetingSchema).max(3),
  consentNote: z.string().trim().min(1).max(LIMITS.text).nullable(),
  /** Unmet PKU prerequisites. */
  missing: list(PREREQUISITES.length),
  /** Reminders that do not change the step. */
  todo: list(8),
  /** Why this step, each line naming the part of the guide it rests on (folded under "Hvorfor?"). */
  rationale: list(10),
  /** The plan templates the step calls for: each is a button that drafts it (`plan.draft` with its `templateId`). */
  templates: z
    .array(z.strictObject({ id: z.enum(TEMPLATES), title: z.string().trim().min(1).max(120) }))
    .max(6)
    .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, { message: 'A template is offered once' }),
  /** Whether a safeguarding card was shown above this one. */
  safeguardingShown: z.boolean(),
  /** The step is sparring (`sparring-plc`, `sparring-ekstern`): "Anmod om sparring" is the card's main button. */
  canRequestSparring: z.boolean().default(false),
});
