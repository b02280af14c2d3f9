/**
 * The background work of one bot instance: the planning loop (src/reminders/planner.ts: reminders,
 * digests, the sparring SLA reminders, every `schedulerIntervalMs`) and the dispatcher's loop that
 * sends the outbox (src/dispatch/dispatcher.ts) through the Bot Framework (src/bot/proactive.ts),
 * rendering each row through its kind (ProactiveRenderer). The planning round also deletes the
 * access log's rows past their retention (src/access/access-log.ts). Apart from compose.ts, which wires the
 * repositories, services and the bot: these are the only parts of the bot that run on a timer.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Database } from '../db/database.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import type { PlanRepository } from '../plans/plan.repository.js';
import type { SparringService } from '../sparring/sparring.service.js';
import type { AccessLog } from '../access/access-log.js';
import { RetentionJob } from '../retention/retention.job.js';
import { BotTransport } from '../bot/proactive.js';
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import { RateLimiter } from '../dispatch/rate-limiter.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import { PlanningLoop, ReminderPlanner } from '../reminders/planner.js';
import type { RenderContext } from './kind.js';
import { ProactiveRenderer } from './renderer.js';

/** The background work of one instance: planning reminders and sending the outbox. */
export interface BackgroundJobs {
  planner: ReminderPlanner;
  /** Sparring requests (the SLA reminder of unclaimed ones is planned with the reminders). */
  sparring: SparringService;
  dispatcher: Dispatcher;
  /** Starts the planner's timer and the dispatcher's loop (unless DISPATCHER=off). */
  start(): void;
  /** One planning round now, by the bot's clock (what the timer runs; tests call it with `startJobs: false`). */
  planOnce(): Promise<unknown>;
  /** Stops both and waits for sends in flight. */
  stop(): Promise<void>;
  /** The directory was reloaded (admin, SIGHUP): note when. */
  directoryReloaded(at: Date): void;
}

export interface JobsDeps {
  config: Readonly<Config>;
  logger: Logger;
  database: Database;
  adapter: ConstructorParameters<typeof BotTransport>[0];
  clock: () => Date;
  directory: () => DirectoryLookup;
  outbox: OutboxRepository;
  refs: ConversationRefRepository;
  plans: PlanRepository;
  /** What the kinds read when a row is sent. */
  render: RenderContext;
  /** Sparring requests: the SLA reminder of unclaimed ones is planned with the reminders. */
  sparring: SparringService;
  /** The access log: rows past ACCESS_LOG_RETENTION_MONTHS are deleted in every planning round. */
  accessLog?: AccessLog;
  onDirectoryReloaded: (at: Date) => void;
}

export function createBackgroundJobs(deps: JobsDeps): BackgroundJobs {
  const { config, logger, clock } = deps;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const dispatcher = new Dispatcher({
    outbox: deps.outbox,
    refs: deps.refs,
    limiter: new RateLimiter(deps.database, { tenantPerSecond: config.dispatch.tenantRatePerSecond }),
    renderer: new ProactiveRenderer(deps.render),
    // A send must end well before the lease does (the dispatcher starts one only with a quarter of
    // the lease, at most 15 s, left), or a hung request could outlive its lease and be sent twice.
    transport: new BotTransport(deps.adapter, config.bot?.appId ?? '', {
      logger,
      timeoutMs: Math.max(1_000, Math.min(10_000, Math.min(15_000, config.dispatch.leaseMs / 4) - 250)),
    }),
    logger,
    owner,
    clock,
    batchSize: config.dispatch.batchSize,
    leaseMs: config.dispatch.leaseMs,
    pollMs: config.dispatch.pollMs,
    maxAttempts: config.dispatch.maxAttempts,
    concurrency: config.dispatch.concurrency,
  });
  const planner = new ReminderPlanner({
    plans: deps.plans,
    outbox: deps.outbox,
    decisions: deps.render.decisions,
    directory: deps.directory,
    logger,
  });
  const { sparring } = deps;
  const retention = new RetentionJob({
    database: deps.database,
    outbox: deps.outbox,
    directory: deps.directory,
    policy: config.retention,
    leaverGraceDays: config.retention.leaverGraceDays,
    logger,
  });
  const planning = new PlanningLoop({
    planner,
    also: [
      (now) => sparring.remindUnclaimed(now),
      ...(deps.accessLog ? [purgeIn(deps.accessLog, logger)] : []),
      // Retention: warns of and deletes cases whose time is up (src/retention/retention.job.ts).
      (now) => retention.run(now),
    ],
    clock,
    logger,
    wake: () => dispatcher.wake(),
    intervalMs: config.dispatch.schedulerIntervalMs,
  });

  return {
    planner,
    sparring,
    dispatcher,
    planOnce: () => planning.runOnce(),
    start() {
      if (!config.dispatch.enabled) {
        logger.info('dispatcher is off (DISPATCHER=off): reminders are planned by other instances and sent by them');
        return;
      }
      planning.start();
      dispatcher.start();
    },
    async stop() {
      await planning.stop();
      await dispatcher.stop();
    },
    directoryReloaded: deps.onDirectoryReloaded,
  };
}

/** The access log's purge as a planning round's task: a failure is logged and does not stop the reminders. */
function purgeIn(accessLog: AccessLog, logger: Logger): (now: Date) => Promise<{ planned: number }> {
  return async (now) => {
    try {
      await accessLog.purge(now);
    } catch (err) {
      logger.error({ err }, 'access log: deleting rows past their retention failed');
    }
    return { planned: 0 };
  };
}
