/**
 * Turns an outbox row into the activity to send, when its time has come — or says it is obsolete
 * (the plan was evaluated or got a new date, the case was closed, the reminder was snoozed). The
 * card is drawn from the data as it is at send time, so a reminder never shows stale facts.
 * Payloads are parsed with zod: a row that cannot be read is obsolete, not a crash.
 */
import { z } from '../domain/zod.js';
import { addCalendarDays, copenhagenDate, localDate } from '../domain/calendar.js';
import { schoolCalendar, type DirectoryLookup } from '../directory/lookup.js';
import type { PlanRepository, PlanRecord } from '../plans/plan.repository.js';
import type { CaseRecord, CaseRepository } from '../cases/case.repository.js';
import type { CaseOverviewService } from '../cases/case-overview.service.js';
import type { OutboxMessage } from '../dispatch/outbox.repository.js';
import {
  evaluationReminderCard,
  revisitationReminderCard,
  safeguardingAlertCard,
  weeklyDigestCard,
  type Card,
  type DigestPlanLine,
} from '../cards/index.js';
import type { SparringRenderer } from '../sparring/render.js';

export type Rendered = { kind: 'send'; activity: Record<string, unknown> } | { kind: 'obsolete'; reason: string };

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Role = z.enum(['leder', 'tovholder']);

export const EvaluationReminderPayload = z.object({
  planId: z.uuid(),
  evaluationDate: IsoDate,
  kind: z.enum(['due-soon', 'due', 'overdue']),
  role: Role,
  /** A snoozed reminder: its kind is worked out again from the date when it is sent. */
  snoozed: z.boolean().optional(),
});

export const SafeguardingAlertPayload = z.object({
  caseId: z.uuid(),
  reportedBy: z.string().max(200),
  at: z.iso.datetime(),
  acute: z.boolean(),
  concerns: z.array(z.string().max(300)).max(20),
});

export const DigestPayload = z.object({ schoolId: z.string().min(1), week: IsoDate });
export const RevisitationPayload = z.object({ planId: z.uuid(), revisitationDate: IsoDate, role: Role });
export const MessagePayload = z.object({ text: z.string().min(1).max(4000) });

export function cardActivity(card: Card): Record<string, unknown> {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
}

export interface RendererDeps {
  plans: PlanRepository;
  cases: CaseRepository;
  overview: CaseOverviewService;
  directory: () => DirectoryLookup;
  clock: () => Date;
  sparring: SparringRenderer;
  /** Open sparring requests (new or taken) of a school's cases. */
  openRequests: (tenantId: string, schoolId: string) => Promise<number>;
}

const obsolete = (reason: string): Rendered => ({ kind: 'obsolete', reason });

export class OutboxRenderer {
  constructor(private readonly deps: RendererDeps) {}

  async render(message: OutboxMessage): Promise<Rendered> {
    switch (message.kind) {
      case 'evaluation-reminder':
        return this.evaluationReminder(message);
      case 'safeguarding-alert':
        return this.safeguardingAlert(message);
      case 'weekly-digest':
        return this.digest(message);
      case 'revisitation-reminder':
        return this.revisitation(message);
      case 'message': {
        const p = MessagePayload.safeParse(message.payload);
        return p.success ? { kind: 'send', activity: { type: 'message', text: p.data.text } } : obsolete('unreadable payload');
      }
      case 'sparring-request':
      case 'sparring-update':
      case 'sparring-reminder':
        return this.deps.sparring.render(message);
    }
  }

  /** The facts a plan reminder shows: the plan, its case, names from the directory. */
  private async planContext(planId: string): Promise<{ plan: PlanRecord; c: CaseRecord; schoolName: string | null; teamName: string | null } | null> {
    const plan = await this.deps.plans.get(planId);
    if (!plan || plan.status !== 'gemt') return null;
    const c = await this.deps.cases.get(plan.caseId);
    if (!c || c.status !== 'aaben') return null;
    const lookup = this.deps.directory();
    const schoolName = c.schoolId ? (lookup.school(c.schoolId)?.name ?? null) : null;
    const teamName = c.schoolId && c.teamId ? (lookup.team({ schoolId: c.schoolId, teamId: c.teamId })?.name ?? null) : null;
    return { plan, c, schoolName, teamName };
  }

  private async evaluationReminder(message: OutboxMessage): Promise<Rendered> {
    const p = EvaluationReminderPayload.safeParse(message.payload);
    if (!p.success) return obsolete('unreadable payload');
    const ctx = await this.planContext(p.data.planId);
    if (!ctx) return obsolete('plan no longer due');
    if (ctx.plan.evaluationDate !== p.data.evaluationDate) return obsolete('evaluation date changed');
    const kind = p.data.snoozed ? kindOn(p.data.evaluationDate, copenhagenDate(this.deps.clock())) : p.data.kind;
    return {
      kind: 'send',
      activity: cardActivity(
        evaluationReminderCard({
          caseId: ctx.c.id,
          planId: ctx.plan.id,
          planTitle: ctx.plan.title,
          pseudonym: ctx.c.pseudonym,
          schoolName: ctx.schoolName,
          teamName: ctx.teamName,
          evaluationDate: p.data.evaluationDate,
          kind,
          tovholderName: ctx.plan.tovholderName,
          role: p.data.role,
          state: { kind: 'open' },
        }),
      ),
    };
  }

  private async safeguardingAlert(message: OutboxMessage): Promise<Rendered> {
    const p = SafeguardingAlertPayload.safeParse(message.payload);
    if (!p.success) return obsolete('unreadable payload');
    const c = await this.deps.cases.get(p.data.caseId);
    if (!c) return obsolete('case gone');
    const lookup = this.deps.directory();
    return {
      kind: 'send',
      activity: cardActivity(
        safeguardingAlertCard({
          caseId: c.id,
          pseudonym: c.pseudonym,
          schoolName: c.schoolId ? (lookup.school(c.schoolId)?.name ?? null) : null,
          teamName: c.schoolId && c.teamId ? (lookup.team({ schoolId: c.schoolId, teamId: c.teamId })?.name ?? null) : null,
          reportedBy: p.data.reportedBy,
          at: new Date(p.data.at),
          acute: p.data.acute,
          concerns: p.data.concerns,
          leaderActions: [],
        }),
      ),
    };
  }

  private async digest(message: OutboxMessage): Promise<Rendered> {
    const p = DigestPayload.safeParse(message.payload);
    if (!p.success) return obsolete('unreadable payload');
    const lookup = this.deps.directory();
    const school = lookup.school(p.data.schoolId);
    if (!school) return obsolete('school no longer in the directory');
    const tenantId = message.tenantId;
    const today = localDate(this.deps.clock(), schoolCalendar(lookup, school.id).timeZone);
    const sunday = addCalendarDays(p.data.week, 6);
    const yesterday = addCalendarDays(today, -1);
    const [dueThisWeek, overdue, casesByLevel, openRequests] = await Promise.all([
      this.deps.plans.dueForEvaluation(sunday, { onOrAfter: today, tenantId, schoolId: school.id, limit: 200 }),
      this.deps.plans.dueForEvaluation(yesterday, { tenantId, schoolId: school.id, limit: 200 }),
      this.deps.overview.levelsOfSchool(tenantId, school.id),
      this.deps.openRequests(tenantId, school.id),
    ]);
    const line = (plan: (typeof dueThisWeek)[number]): DigestPlanLine => ({
      caseId: plan.caseId,
      planId: plan.id,
      planTitle: plan.title,
      pseudonym: plan.case.pseudonym,
      teamName: plan.case.teamId ? (lookup.team({ schoolId: school.id, teamId: plan.case.teamId })?.name ?? null) : null,
      evaluationDate: plan.evaluationDate ?? '',
    });
    return {
      kind: 'send',
      activity: cardActivity(
        weeklyDigestCard({
          schoolName: school.name,
          weekLabel: `Uge ${isoWeek(p.data.week)}`,
          dueThisWeek: dueThisWeek.map(line),
          overdue: overdue.map(line),
          casesByLevel,
          openRequests,
        }),
      ),
    };
  }

  private async revisitation(message: OutboxMessage): Promise<Rendered> {
    const p = RevisitationPayload.safeParse(message.payload);
    if (!p.success) return obsolete('unreadable payload');
    const ctx = await this.planContext(p.data.planId);
    if (!ctx) return obsolete('referral no longer open');
    return {
      kind: 'send',
      activity: cardActivity(
        revisitationReminderCard({
          caseId: ctx.c.id,
          planId: ctx.plan.id,
          pseudonym: ctx.c.pseudonym,
          schoolName: ctx.schoolName,
          teamName: ctx.teamName,
          revisitationDate: p.data.revisitationDate,
        }),
      ),
    };
  }
}

/** Which reminder a date is, seen from `today`: before it "due soon", on it "due", after it "overdue". */
export function kindOn(evaluationDate: string, today: string): 'due-soon' | 'due' | 'overdue' {
  if (today < evaluationDate) return 'due-soon';
  return today === evaluationDate ? 'due' : 'overdue';
}

/** ISO 8601 week number of a date ('YYYY-MM-DD'). */
export function isoWeek(date: string): number {
  const d = new Date(`${date}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000)) + 1;
}
