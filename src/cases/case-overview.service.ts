/**
 * "Mine sager": the user's cases with where each stands on the ladder and when a plan is next due,
 * and one case with its plans and its history on the ladder. "Sager på skolen": a leader's view of
 * every case of the schools they lead. Who may open a case is CaseAccess's decision.
 *
 * A safety case is marked in both lists (and whether the notification is recorded); its card shows
 * its owner and the school's leaders the signs, the alert and the notification (issue 12), and the
 * card's buttons follow the viewer: only the owner continues the intake.
 */
import { next } from '../domain/ladder.js';
import type { CaseAccess } from '../access/case-access.js';
import type { Playbook } from '../domain/playbook.js';
import type { Level, StepId } from '../domain/recommendation.js';
import type { Actor } from '../domain/actor.js';
import type { CaseRecord, CaseRepository, LadderHistoryEntry } from './case.repository.js';
import { storedIntake } from './stored-intake.js';
import type { PkuDecisionService } from './pku-decision.service.js';
import type { PkuDecisionRecord } from './pku-decision.repository.js';
import type { PlanRecord, PlanRepository } from '../plans/plan.repository.js';
import { safetyAnswers, type SafetyAnswers } from '../domain/safeguarding.js';
import type { CaseSafety, SafeguardingNotificationService } from './safeguarding-notification.service.js';
import type { SafeguardingNotificationRecord } from './safeguarding-notification.repository.js';

/** A safety case as a list marks it: its signs, and the notification if recorded. */
export interface SafetyMark {
  answers: SafetyAnswers;
  notification: SafeguardingNotificationRecord | null;
}

/**
 * How the viewer stands to the case: its owner, a leader of its school, a teacher of its team, or
 * an adviser who took a request of it. The card's buttons follow it (only the owner continues the intake).
 */
export type CaseViewer = 'owner' | 'leader' | 'team' | 'adviser';

export interface CaseSummary {
  case: CaseRecord;
  /** Where the case stands: its recommendation, or null while the intake still asks. */
  level: Level | null;
  step: StepId | null;
  /** The earliest evaluation date of its saved plans ('YYYY-MM-DD'), or null. */
  nextEvaluation: string | null;
  /** Set on a safety case when the lists are built with the safeguarding service; null or absent otherwise. */
  safetyMark?: SafetyMark | null;
}

export interface CaseDetail extends CaseSummary {
  plans: PlanRecord[];
  history: LadderHistoryEntry[];
  /** PKU's recorded decisions, oldest first (the history's rows with reason 'pku-decision' name them). */
  pkuDecisions: PkuDecisionRecord[];
  /** Whether the actor may record PKU's decision now: the case is at the referral, and they own it or lead its school. */
  canRecordPku: boolean;
  /** How the viewer stands to the case; absent: the owner (cards built without it). */
  viewer?: CaseViewer;
  /** A safety case as its owner and the school's leaders see it; null for others, and for other cases. */
  safety?: CaseSafety | null;
}

export const CASE_LIST_LIMIT = 15;

export class CaseOverviewService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly plans: PlanRepository,
    private readonly playbook: Playbook,
    private readonly access: CaseAccess,
    private readonly pku: PkuDecisionService | null = null,
    private readonly safeguarding: SafeguardingNotificationService | null = null,
  ) {}

  /** The user's cases that are not cancelled, newest first; `more` when there are more than shown. */
  async listMine(actor: Actor): Promise<{ cases: CaseSummary[]; more: boolean }> {
    const all = await this.cases.listForOwner(actor.tenantId, actor.userId, CASE_LIST_LIMIT + 1);
    const open = all.filter((c) => c.status !== 'annulleret');
    // Checked one by one as well: a listed case is read (and so in the access log, src/access/access-log.ts).
    const shown = open.slice(0, CASE_LIST_LIMIT).filter((c) => this.access.canSee(actor, c));
    return { cases: await this.marked(await Promise.all(shown.map((c) => this.summarize(c)))), more: open.length > CASE_LIST_LIMIT };
  }

  /**
   * The cases of the schools the actor leads, newest first; null when the actor leads no school.
   * Safety cases without a recorded notification come first, however old: they ask the leader to act.
   */
  async listSchool(actor: Actor): Promise<{ schoolIds: string[]; cases: CaseSummary[]; more: boolean } | null> {
    const schoolIds = this.access.schoolsLedBy(actor);
    if (schoolIds.length === 0) return null;
    const pinnedIds = this.safeguarding ? await this.safeguarding.awaitingNotification(actor.tenantId, schoolIds, CASE_LIST_LIMIT) : [];
    const pinned = (await Promise.all(pinnedIds.map((id) => this.cases.get(id)))).filter((c): c is CaseRecord => c !== null);
    const open = (await this.cases.listForSchools(actor.tenantId, schoolIds, CASE_LIST_LIMIT + 1)).filter((c) => !pinnedIds.includes(c.id));
    const all = [...pinned, ...open];
    // Checked one by one as well: a listed case is read (and so in the access log, src/access/access-log.ts).
    const shown = all.slice(0, CASE_LIST_LIMIT).filter((c) => this.access.canSee(actor, c));
    const cases = await this.marked(await Promise.all(shown.map((c) => this.summarize(c))));
    return { schoolIds, cases, more: all.length > CASE_LIST_LIMIT };
  }

  /** How many open cases of a school stand at each level (the weekly digest). */
  async levelsOfSchool(tenantId: string, schoolId: string): Promise<Record<Level, number>> {
    const counts: Record<Level, number> = { forebyggende: 0, foregribende: 0, indgribende: 0 };
    for (let offset = 0; ; offset += 500) {
      const page = await this.cases.listOpenForSchool(tenantId, schoolId, 500, offset);
      for (const c of page) {
        const s = await this.summarize(c);
        if (s.level) counts[s.level] += 1;
      }
      if (page.length < 500) return counts;
    }
  }

  async detail(actor: Actor, caseId: string): Promise<CaseDetail | null> {
    const c = await this.cases.get(caseId);
    if (!c || !(await this.access.canOpen(actor, c))) return null;
    const [summary, history] = await Promise.all([this.summarize(c), this.cases.ladderHistory(c.id)]);
    const plans = (await this.plans.listForCase(c.id)).filter((p) => p.status !== 'arkiveret');
    const pkuDecisions = this.pku ? await this.pku.history(c.id) : [];
    const canRecordPku = this.pku !== null && this.pku.mayRecord(actor, c) && this.pku.atReferral(c);
    const safety = this.safeguarding ? await this.safeguarding.safetyFor(actor, c) : null;
    return { ...summary, plans, history, pkuDecisions, canRecordPku, viewer: this.viewerOf(actor, c), safety };
  }

  private viewerOf(actor: Actor, c: CaseRecord): CaseViewer {
    const reason = this.access.reasonFor(actor, c);
    if (reason === 'owner') return 'owner';
    if (c.schoolId !== null && this.access.schoolsLedBy(actor).includes(c.schoolId)) return 'leader';
    return reason === 'team' ? 'team' : 'adviser';
  }

  /** The summaries with their safety marks (one query for the list's notifications). */
  private async marked(summaries: CaseSummary[]): Promise<CaseSummary[]> {
    if (!this.safeguarding) return summaries;
    const withSigns = summaries.map((s) => ({ s, answers: safetyAnswers(storedIntake(s.case)) }));
    const ids = withSigns.filter((x) => x.answers !== null).map((x) => x.s.case.id);
    const notifications = ids.length > 0 ? await this.safeguarding.notificationsOf(ids) : new Map<string, SafeguardingNotificationRecord>();
    return withSigns.map(({ s, answers }) => ({
      ...s,
      safetyMark: answers ? { answers, notification: notifications.get(s.case.id) ?? null } : null,
    }));
  }

  private async summarize(c: CaseRecord): Promise<CaseSummary> {
    const result = next(storedIntake(c), this.playbook);
    // While the intake asks a question (e.g. after a plan was saved), the case stands where its
    // last recommendation put it.
    const last = result.kind === 'recommendation' ? null : await this.cases.latestRecommendation(c.id);
    const plans = await this.plans.listForCase(c.id);
    const dates = plans
      .filter((p) => p.status === 'gemt' && p.evaluationDate)
      .map((p) => p.evaluationDate!)
      .sort();
    return {
      case: c,
      level: result.kind === 'recommendation' ? result.recommendation.level : ((last?.level as Level | undefined) ?? null),
      step: result.kind === 'recommendation' ? result.recommendation.step : ((last?.step as StepId | undefined) ?? null),
      nextEvaluation: dates[0] ?? null,
    };
  }
}
