/**
 * Plans proactive messages into the outbox (issue 4, item 5). Runs every minute in every bot
 * instance; every row has an idempotency key, so instances running it at the same time, or a
 * restart, never plan a message twice. The planning loop lives here, with the reminders; what each
 * kind plans, and when, is its module's (src/proactive/kinds/):
 *
 * - evaluation reminders of every saved plan of an open case, one card per person and time
 *   (evaluation-reminder.ts);
 * - the weekly digest to each leader (weekly-digest.ts);
 * - the yearly revisitation reminder of a placement PKU decided (revisitation-reminder.ts);
 * - in the same round, the SLA reminders of sparring requests nobody took (sparring-reminder.ts,
 *   through SparringService.remindUnclaimed: PlanningLoop's `also`).
 *
 * Safeguarding alerts are not planned here: they are enqueued at once by `Notifier`; the sparring
 * cards and their updates are written by SparringService in the transaction of their change.
 */
import type { DirectoryLookup } from '../directory/lookup.js';
import type { PkuDecisionRepository } from '../cases/pku-decision.repository.js';
import type { PlanRepository } from '../plans/plan.repository.js';
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import type { Logger } from '../log.js';
import { planEvaluationReminders } from '../proactive/kinds/evaluation-reminder.js';
import { planWeeklyDigests } from '../proactive/kinds/weekly-digest.js';
import { planRevisitationReminders } from '../proactive/kinds/revisitation-reminder.js';

export { PLAN_AHEAD_MS, REMINDER_LIFETIME_MS, type ReminderRole } from '../proactive/kinds/plan-reminder.js';
export { evaluationKeyPrefix, type EvaluationReminderPayload } from '../proactive/kinds/evaluation-reminder.js';
export type { DigestPayload } from '../proactive/kinds/weekly-digest.js';
export type { RevisitationPayload } from '../proactive/kinds/revisitation-reminder.js';

export interface PlannerDeps {
  plans: PlanRepository;
  outbox: OutboxRepository;
  decisions: PkuDecisionRepository;
  directory: () => DirectoryLookup;
  logger: Logger;
}

export class ReminderPlanner {
  constructor(private readonly deps: PlannerDeps) {}

  /** Plans everything due up to `now` + PLAN_AHEAD_MS; returns how many new rows were planned. */
  async tick(now: Date): Promise<{ planned: number }> {
    const lookup = this.deps.directory();
    let planned = 0;
    planned += await planEvaluationReminders(this.deps, lookup, now);
    planned += await planWeeklyDigests(this.deps, lookup, now);
    planned += await planRevisitationReminders(this.deps, lookup, now);
    if (planned > 0) this.deps.logger.info({ planned }, 'reminders planned');
    return { planned };
  }
}

export interface PlanningLoopOptions {
  planner: ReminderPlanner;
  /** Planned in the same round as the reminders (the sparring SLA reminders). */
  also: ((now: Date) => Promise<{ planned: number }>)[];
  clock: () => Date;
  logger: Logger;
  /** Called when a round planned something, so the dispatcher sends it now. */
  wake: () => void;
  /** Between rounds (the configuration's schedulerIntervalMs). */
  intervalMs: number;
}

/** The timer that runs a planning round now and every `intervalMs`, in every instance. */
export class PlanningLoop {
  private timer: NodeJS.Timeout | undefined;
  private planning: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PlanningLoopOptions) {}

  /** One round now; a round that fails is logged, and the next one tries again. */
  runOnce(): Promise<unknown> {
    const { planner, also, clock, logger, wake } = this.options;
    const now = clock();
    this.planning = Promise.all([planner.tick(now), ...also.map((plan) => plan(now))])
      .then((results) => {
        if (results.reduce((sum, r) => sum + r.planned, 0) > 0) wake();
      })
      .catch((err: unknown) => logger.error({ err }, 'planning reminders failed'));
    return this.planning;
  }

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for the round in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.planning;
  }
}
