/**
 * What a saved version of each plan template holds: one zod schema of CONTENT per template, and
 * the types of its rows (goals, actions, tasks, data rows, checklist items, evaluated goals).
 *
 * The content schemas check shape, bounds and CPR numbers (a stored version never holds one). The
 * rules a user must meet to save (at least one goal, a tovholder, a date in the future, …) depend
 * on the day and live in `parsePlanCard` (parse.ts), so that a draft is a valid PlanContent too.
 */
import { z } from '../zod.js';
import { ADVISERS, freeText } from '../intake.js';
import { PREREQUISITES, type PrerequisiteId } from '../recommendation.js';
import {
  AGREEMENTS,
  CONSENT,
  DECISIONS,
  GOAL_RESULTS,
  HELP_KINDS,
  LEADER_DECISIONS_MADE,
  PLAN_LIMITS,
  PPV_CONSENT,
  type PlanTemplateId,
} from './templates.js';

const L = PLAN_LIMITS;

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const IsoDate = z.string().refine(isCalendarDate, { message: 'Skriv datoen som ÅÅÅÅ-MM-DD' });
export { isCalendarDate };

const text = (max: number = L.text) => freeText(max);
const line = freeText(L.line).min(1);
const lines = (max: number = L.lines) => z.array(line).max(max);
const name = freeText(L.short);
const date = IsoDate.nullable();

const unique = <T extends z.ZodType>(item: T) =>
  z.array(item).refine((xs) => new Set(xs).size === xs.length, { message: 'Den samme værdi må kun vælges én gang' });

/**
 * A referral saved when there were fewer prerequisites holds a checklist of those only: it is read
 * with each prerequisite added since as not met (in today's order), so that a stored version still
 * opens and shows what is missing now. Anything else is left for the schema to judge.
 */
function withEveryPrerequisite(items: unknown): unknown {
  if (!Array.isArray(items) || items.length >= PREREQUISITES.length) return items;
  const ids = items.map((item: unknown) => (typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined));
  const known = (id: unknown): id is PrerequisiteId => typeof id === 'string' && (PREREQUISITES as readonly string[]).includes(id);
  if (!ids.every(known) || new Set(ids).size !== ids.length) return items;
  return PREREQUISITES.map((id) => items[ids.indexOf(id)] ?? { id, met: false, evidence: '' });
}

export const GoalSchema = z.strictObject({ goal: freeText(L.goal).min(1), signs: lines(L.signs) });
export const ActionSchema = z.strictObject({ title: line, responsible: name });
export const TaskSchema = z.strictObject({ task: line, responsible: name });
export const DataRowSchema = z.strictObject({ source: line, responsible: name, deadline: date });
export const CheckItemSchema = z.strictObject({ id: z.enum(PREREQUISITES), met: z.boolean(), evidence: freeText(L.line) });
export const EvalGoalSchema = z.strictObject({
  goal: freeText(L.goal).min(1),
  signs: lines(L.signs),
  result: z.enum(GOAL_RESULTS).nullable(),
  /** What the signs showed. */
  observed: text(),
});

const common = { tovholder: name, evaluationDate: date };

export const PLAN_SCHEMAS = {
  dataplan: z.strictObject({
    concern: text(),
    dataRows: z.array(DataRowSchema).max(L.dataRows),
    purpose: text(),
    ...common,
  }),
  'dagsorden-teammoede': z.strictObject({
    meetingDate: date,
    concern: text(),
    dataBasis: lines(),
    triedActions: lines(),
    nextStep: text(),
    tasks: z.array(TaskSchema).max(L.tasks),
    ...common,
  }),
  'plan-faellesskab': z.strictObject({
    concern: text(),
    dataBasis: lines(),
    triedActions: lines(),
    goals: z.array(GoalSchema).max(L.goals),
    actions: z.array(ActionSchema).max(L.actions),
    ...common,
  }),
  'plan-barn': z.strictObject({
    concern: text(),
    dataBasis: lines(),
    triedActions: lines(),
    resources: text(),
    conditions: text(),
    childVoice: text(),
    parentsVoice: text(),
    goals: z.array(GoalSchema).max(L.goals),
    actions: z.array(ActionSchema).max(L.actions),
    ...common,
  }),
  smtte: z.strictObject({
    context: text(),
    goals: z.array(GoalSchema).max(L.goals),
    actions: z.array(ActionSchema).max(L.actions),
    evaluationPlan: text(),
    ...common,
  }),
  evaluering: z.strictObject({
    planTitle: freeText(L.line),
    goals: z.array(EvalGoalSchema).max(L.goals),
    decision: z.enum(DECISIONS).nullable(),
    decisionNote: text(),
    ...common,
  }),
  sparringsanmodning: z.strictObject({
    recipient: z.enum(ADVISERS).nullable(),
    summary: text(),
    levelText: freeText(L.line),
    triedActions: lines(),
    dataBasis: lines(),
    helpKinds: unique(z.enum(HELP_KINDS)),
    question: text(),
    wishedTime: name,
    ...common,
  }),
  'dagsorden-arbejdsmoede': z.strictObject({
    meetingDate: date,
    participants: lines(),
    purpose: text(),
    consent: z.enum(CONSENT).nullable(),
    concern: text(),
    triedActions: lines(),
    agenda: lines(),
    tasks: z.array(TaskSchema).max(L.tasks),
    ...common,
  }),
  'dagsorden-netvaerksmoede': z.strictObject({
    meetingDate: date,
    participants: lines(),
    childVoice: text(),
    parentsVoice: text(),
    concern: text(),
    triedActions: lines(),
    agreements: unique(z.enum(AGREEMENTS)),
    agreementsNote: text(),
    tasks: z.array(TaskSchema).max(L.tasks),
    ...common,
  }),
  'dagsorden-distriktsraad': z.strictObject({
    meetingDate: date,
    summary: text(),
    triedActions: lines(),
    evaluations: lines(),
    question: text(),
    ...common,
  }),
  'indstilling-ppv': z.strictObject({
    reasons: text(),
    triedActions: lines(),
    enclosed: lines(),
    childVoice: text(),
    parentsVoice: text(),
    parentsAgreement: z.enum(PPV_CONSENT).nullable(),
    ...common,
  }),
  sagsfremstilling: z.strictObject({
    summary: text(),
    ppvRecommendations: text(),
    triedActions: lines(),
    enclosed: lines(),
    childVoice: text(),
    parentsVoice: text(),
    /** The party hearing (partshøring) of the parents: its date and their comments. */
    hearingDate: date,
    hearingComments: text(),
    decision: z.enum(LEADER_DECISIONS_MADE).nullable(),
    decisionReasons: text(),
    ...common,
  }),
  // The perspectives, the PPV's recommendations and the enclosed plans came with version 2 of the
  // rules (§7); a referral saved before them reads with them empty. PKU's decision is not part of the form: it is recorded on the case
  // (src/domain/pku-decision.ts), the yearly revisitation follows from it, and the export adds both.
  'henvisning-pku': z.strictObject({
    summary: text(),
    checklist: z.preprocess(
      withEveryPrerequisite,
      z
        .array(CheckItemSchema)
        .length(PREREQUISITES.length)
        .refine((items) => items.every((item, i) => item.id === PREREQUISITES[i]), {
          message: `Tjeklisten følger forudsætningerne i rækkefølgen ${PREREQUISITES.join(', ')}`,
        }),
    ),
    childVoice: text().default(''),
    parentsVoice: text().default(''),
    ppvRecommendations: text().default(''),
    enclosed: lines().default([]),
    goals: z.array(GoalSchema).max(L.goals),
    tovholder: name,
    revisitationDate: date,
  }),
} as const satisfies Record<PlanTemplateId, z.ZodType>;

/** What a saved version of a plan holds. */
export type PlanContent<T extends PlanTemplateId = PlanTemplateId> = z.output<(typeof PLAN_SCHEMAS)[T]>;
export type PlanGoal = z.output<typeof GoalSchema>;
export type PlanAction = z.output<typeof ActionSchema>;
export type PlanTask = z.output<typeof TaskSchema>;
export type DataRow = z.output<typeof DataRowSchema>;
export type CheckItem = z.output<typeof CheckItemSchema>;
export type EvalGoal = z.output<typeof EvalGoalSchema>;
