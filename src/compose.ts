/**
 * Composes the bot from the configuration, the organisation directory and an open database:
 * playbook, repositories, services, the Teams AI application, the Bot Framework adapter, and the
 * background jobs (the reminder planner and the dispatcher of proactive messages). Loaded after
 * the HTTP server listens (see main.ts), since these modules take most of the start-up time.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { loadPlaybook, defaultPlaybook } from './playbook/load.js';
import type { Database } from './db/database.js';
import { DatabaseStorage } from './db/state-storage.js';
import type { DirectoryStore } from './directory/load.js';
import { CaseAccess } from './access/case-access.js';
import { CaseRepository } from './cases/case.repository.js';
import { ConversationRefRepository } from './conversations/conversation-ref.repository.js';
import { IntakeService, type TeamChoice } from './cases/intake.service.js';
import { createAdapter } from './bot/adapter.js';
import { createBotApp, VERBS } from './bot/app.js';
import { PlanHandlers } from './bot/plans.js';
import { ReminderHandlers } from './bot/reminders.js';
import { BotTransport } from './bot/proactive.js';
import { PlanRepository } from './plans/plan.repository.js';
import { PlanService } from './plans/plan.service.js';
import { CaseOverviewService } from './cases/case-overview.service.js';
import { OutboxRepository } from './dispatch/outbox.repository.js';
import { RateLimiter } from './dispatch/rate-limiter.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { ReminderPlanner } from './reminders/planner.js';
import { OutboxRenderer } from './reminders/render.js';
import { Notifier } from './reminders/notifier.js';
import { ReminderService } from './reminders/reminder.service.js';
import { AdminService } from './admin/admin.service.js';
import { SparringRepository } from './sparring/sparring.repository.js';
import { SparringService } from './sparring/sparring.service.js';
import { SparringRenderer } from './sparring/render.js';
import { SparringHandlers } from './bot/sparring.js';
import type { BotEndpoint } from './server.js';

export interface ComposeOptions {
  /** The clock of reminders and plans (tests move it); the real time by default. */
  clock?: () => Date;
}

/** The background work of one instance: planning reminders and sending the outbox. */
export interface BackgroundJobs {
  planner: ReminderPlanner;
  /** Sparring requests (the SLA reminder of unclaimed ones is planned with the reminders). */
  sparring: SparringService;
  dispatcher: Dispatcher;
  /** Starts the planner's timer and the dispatcher's loop (unless DISPATCHER=off). */
  start(): void;
  /** Stops both and waits for sends in flight. */
  stop(): Promise<void>;
  /** The directory was reloaded (admin, SIGHUP): note when. */
  directoryReloaded(at: Date): void;
}

export interface ComposedBot {
  endpoint: BotEndpoint;
  jobs: BackgroundJobs;
}

export function composeBot(
  config: Readonly<Config>,
  logger: Logger,
  database: Database,
  store: DirectoryStore,
  options: ComposeOptions = {},
): ComposedBot {
  const clock = options.clock ?? (() => new Date());
  const directory = () => store.lookup();
  const playbook = config.playbookFile ? loadPlaybook(config.playbookFile) : defaultPlaybook();
  const sparringRequests = new SparringRepository(database);
  const access = new CaseAccess(directory, (actor, caseId, groups) => sparringRequests.hasClaimedForCase(actor.tenantId, actor.userId, caseId, groups));
  const cases = new CaseRepository(database);
  const refs = new ConversationRefRepository(database);
  const outbox = new OutboxRepository(database);
  const planRepository = new PlanRepository(database);
  const teamsOf = (actor: { tenantId: string; userId: string }): TeamChoice[] => {
    const lookup = directory();
    if (!lookup.isKnownTenant(actor.tenantId)) return [];
    return lookup.teamsOf(actor.userId).map((t) => ({
      id: `${t.schoolId}/${t.teamId}`,
      schoolId: t.schoolId,
      teamId: t.teamId,
      title: `${t.teamName} – ${t.schoolName}`,
    }));
  };
  const intake = new IntakeService(cases, playbook, teamsOf);
  const plans = new PlanService(cases, planRepository, playbook, access, clock, (name) => directory().personNamed(name));
  const overview = new CaseOverviewService(cases, planRepository, playbook, access);

  const adapter = createAdapter(config, logger);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
  };

  const sparring = new SparringService({ cases, requests: sparringRequests, access, directory, outbox, playbook, clock });
  // The dispatcher wakes whoever enqueues; it is created below (the renderer needs the services first).
  let wakeDispatcher = () => {};
  const wake = () => wakeDispatcher();

  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const dispatcher = new Dispatcher({
    outbox,
    refs,
    limiter: new RateLimiter(database, { tenantPerSecond: config.dispatch.tenantRatePerSecond }),
    renderer: new OutboxRenderer({
      plans: planRepository, cases, overview, directory, clock,
      sparring: new SparringRenderer({ service: sparring, requests: sparringRequests, directory }),
      openRequests: (tenantId, schoolId) => sparringRequests.countOpenForSchool(tenantId, schoolId),
    }),
    // A send must end well before the lease does (the dispatcher starts one only with a quarter of
    // the lease, at most 15 s, left), or a hung request could outlive its lease and be sent twice.
    transport: new BotTransport(adapter, config.bot?.appId ?? '', {
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
  wakeDispatcher = () => dispatcher.wake();
  const planner = new ReminderPlanner({ plans: planRepository, outbox, directory, logger });
  const notifier = new Notifier({ cases, outbox, directory, playbook, logger, clock, wake });

  let loadedAt = new Date();
  const admin = new AdminService({ store, refs, outbox, logger, loadedAt: () => loadedAt, onReloaded: (at) => (loadedAt = at) });
  const reminders = new ReminderService({ plans: planRepository, cases, outbox, access, directory, clock });

  const onReachable = async (refKey: string) => {
    const released = await outbox.releaseWaiting(refKey, clock());
    if (released > 0) {
      logger.info({ released }, 'waiting messages released: the recipient can be reached now');
      wake();
    }
  };

  const app = createBotApp({
    intake,
    clock,
    plans: new PlanHandlers(
      plans,
      intake,
      overview,
      playbook,
      {
        school: (id) => directory().school(id)?.name ?? id,
        person: (aad) => directory().person(aad)?.displayName ?? null,
      },
      async (actor, caseId) =>
        (await sparring.forCase(actor, caseId)).map((v) => ({
          requestId: v.request.id,
          groupTitle: v.poolName,
          state: v.request.state,
          claimedByName: v.request.claimedByName,
          claimedAt: v.request.claimedAt,
          createdAt: v.request.createdAt,
          updatedAt: v.request.updatedAt,
        })),
    ),
    reminders: new ReminderHandlers(reminders, admin),
    sparring: new SparringHandlers(sparring, sparringRequests, directory, onReachable, wake),
    notifier,
    cases,
    refs,
    playbook,
    logger,
    anonymous: config.bot === null,
    directory,
    onReachable,
    storage: new DatabaseStorage(database),
  });

  let timer: NodeJS.Timeout | undefined;
  let planning: Promise<unknown> = Promise.resolve();
  const plan = () => {
    const now = clock();
    planning = Promise.all([planner.tick(now), sparring.remindUnclaimed(now)])
      .then(([a, b]) => {
        if (a.planned + b.planned > 0) wake();
      })
      .catch((err: unknown) => logger.error({ err }, 'planning reminders failed'));
  };

  const jobs: BackgroundJobs = {
    planner,
    sparring,
    dispatcher,
    start() {
      if (!config.dispatch.enabled) {
        logger.info('dispatcher is off (DISPATCHER=off): reminders are planned by other instances and sent by them');
        return;
      }
      plan();
      timer = setInterval(plan, config.dispatch.schedulerIntervalMs);
      timer.unref();
      dispatcher.start();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await planning;
      await dispatcher.stop();
    },
    directoryReloaded(at) {
      loadedAt = at;
    },
  };

  return { endpoint: { adapter, app, ping: () => database.ping(), verbs: new Set<string>(VERBS) }, jobs };
}
