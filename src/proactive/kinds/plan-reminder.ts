/**
 * What the reminders about a saved plan share (evaluation-reminder.ts, revisitation-reminder.ts):
 * how far ahead they are planned and how long they live, who gets them (the school's leaders and
 * the plan's tovholder, once each), and the facts their cards show, read at send time.
 */
import { z } from '../../domain/zod.js';
import type { DirectoryLookup } from '../../directory/lookup.js';
import type { DuePlan, PlanRecord, PlanRepository } from '../../plans/plan.repository.js';
import type { CaseRecord } from '../../cases/case.repository.js';
import type { OutboxRepository } from '../../dispatch/outbox.repository.js';
import type { PkuDecisionRepository } from '../../cases/pku-decision.repository.js';
import type { RenderContext } from '../kind.js';

/** Plan a reminder into the outbox this long before it is due. */
export const PLAN_AHEAD_MS = 36 * 3_600_000;
/** An evaluation reminder is not delivered later than this after its time (a person who never installs). */
export const REMINDER_LIFETIME_MS = 21 * 86_400_000;

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const Role = z.enum(['leder', 'tovholder']);
export type ReminderRole = z.infer<typeof Role>;

/** What the planners of the plan reminders read and write. */
export interface PlanningDeps {
  plans: PlanRepository;
  outbox: OutboxRepository;
  /** PKU's recorded decisions: the placements whose yearly revisitation is planned. */
  decisions: PkuDecisionRepository;
}

/** The people a plan's reminders go to: the school's leaders and the tovholder (once each). */
export function planRecipients(
  lookup: DirectoryLookup,
  plan: Pick<DuePlan, 'case' | 'tovholderAadId'>,
): { aad: string; role: ReminderRole }[] {
  const out = new Map<string, ReminderRole>();
  if (plan.case.schoolId) for (const p of lookup.leadersOf(plan.case.schoolId)) out.set(p.aadObjectId.toLowerCase(), 'leder');
  const tovholder = (plan.tovholderAadId ?? plan.case.ownerAadId).toLowerCase();
  if (!out.has(tovholder)) out.set(tovholder, 'tovholder');
  return [...out].map(([aad, role]) => ({ aad, role }));
}

export interface PlanContext {
  plan: PlanRecord;
  c: CaseRecord;
  schoolName: string | null;
  teamName: string | null;
}

/** The facts a plan reminder shows: the plan, its case, names from the directory; null when it is no longer due. */
export async function planContext(context: RenderContext, planId: string): Promise<PlanContext | null> {
  const plan = await context.plans.get(planId);
  if (!plan || plan.status !== 'gemt') return null;
  const c = await context.cases.get(plan.caseId);
  if (!c || c.status !== 'aaben') return null;
  const lookup = context.directory();
  const schoolName = c.schoolId ? (lookup.school(c.schoolId)?.name ?? null) : null;
  const teamName = c.schoolId && c.teamId ? (lookup.team({ schoolId: c.schoolId, teamId: c.teamId })?.name ?? null) : null;
  return { plan, c, schoolName, teamName };
}
