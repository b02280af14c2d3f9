/**
 * Composes the bot from the configuration, the organisation directory and an open database:
 * playbook, repositories, services, the Teams AI application and the Bot Framework adapter. The
 * background jobs (the planning loop and the dispatcher of proactive messages) are made by
 * src/proactive/jobs.ts from what is wired here. Loaded after the HTTP server listens (see
 * main.ts), since these modules take most of the start-up time.
 */
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { loadPlaybook, defaultPlaybook } from './playbook/load.js';
import type { Database } from './db/database.js';
import { DatabaseStorage } from './db/state-storage.js';
import type { DirectoryStore } from './directory/load.js';
import { schoolCalendar } from './directory/lookup.js';
import { CaseAccess } from './access/case-access.js';
import { CaseRepository } from './cases/case.repository.js';
import { ConversationRefRepository } from './conversations/conversation-ref.repository.js';
import { IntakeService, type TeamChoice } from './cases/intake.service.js';
import { ConcernService } from './cases/concern.service.js';
import { createAdapter } from './bot/adapter.js';
import { createBotApp, VERBS } from './bot/app.js';
import { PlanHandlers } from './bot/plans.js';
import { ReminderHandlers } from './bot/reminders.js';
import { PlanRepository } from './plans/plan.repository.js';
import { PlanService } from './plans/plan.service.js';
import { CaseOverviewService } from './cases/case-overview.service.js';
import { PkuDecisionRepository } from './cases/pku-decision.repository.js';
import { PkuDecisionService } from './cases/pku-decision.service.js';
import { SafeguardingNotificationRepository } from './cases/safeguarding-notification.repository.js';
import { SafeguardingNotificationService } from './cases/safeguarding-notification.service.js';
import { ClosingService } from './cases/closing.service.js';
import { OutboxRepository } from './dispatch/outbox.repository.js';
import { Notifier } from './reminders/notifier.js';
import { ReminderService } from './reminders/reminder.service.js';
import { AdminService } from './admin/admin.service.js';
import { SparringRepository } from './sparring/sparring.repository.js';
import { SparringService } from './sparring/sparring.service.js';
import { SparringHandlers } from './bot/sparring.js';
import { caseTeamTitle } from './bot/safeguarding.js';
import { insightHandlers } from './bot/insight.js';
import { AccessLog } from './access/access-log.js';
import { VERB_ACCESS_ACTIONS } from './access/access-log.actions.js';
import { AccessLogRepository } from './access/access-log.repository.js';
import { AccessLogService } from './access/access-log.service.js';
import { accessLogHandlers } from './bot/access-log.js';
import { isVerb } from './bot/handlers.js';
import { CaseInsightService } from './insight/case-insight.service.js';
import { CaseErasureService, erasureFromAccessLog } from './insight/case-erasure.service.js';
import { erasureHandlers } from './bot/erasure.js';
import { outboxKindLabel } from './proactive/registry.js';
import { createBackgroundJobs, type BackgroundJobs } from './proactive/jobs.js';
import type { BotEndpoint } from './server.js';

export type { BackgroundJobs } from './proactive/jobs.js';

export interface ComposeOptions {
  /** The clock of reminders and plans (tests move it); by default the configured one (configuredClock). */
  clock?: () => Date;
}

/**
 * The bot's clock from the configuration: the real time, or, for a demonstration in the playground
 * (`npm run playground -- --at`, config.clockStart), a clock that starts there and runs on at the
 * real pace, so reminders and the digest can be seen without waiting.
 */
export function configuredClock(config: Pick<Config, 'clockStart'>, realNow: () => number = Date.now): () => Date {
  if (!config.clockStart) return () => new Date(realNow());
  const offset = config.clockStart.getTime() - realNow();
  return () => new Date(realNow() + offset);
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
  const clock = options.clock ?? configuredClock(config);
  const directory = () => store.lookup();
  const playbook = config.playbookFile ? loadPlaybook(config.playbookFile) : defaultPlaybook();
  const sparringRequests = new SparringRepository(database);
  const access = new CaseAccess(directory, (actor, caseId, groups) =>
    sparringRequests.hasClaimedForCase(actor.tenantId, actor.userId, caseId, groups),
  );
  const cases = new CaseRepository(database);
  const refs = new ConversationRefRepository(database);
  const outbox = new OutboxRepository(database);
  const planRepository = new PlanRepository(database);
  const decisions = new PkuDecisionRepository(database);
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
  const concerns = new ConcernService(cases, intake);
  const plans = new PlanService(
    cases,
    planRepository,
    playbook,
    access,
    clock,
    (name) => directory().personNamed(name),
    (caseId) => decisions.latest(caseId),
    (schoolId) => schoolCalendar(directory(), schoolId),
  );
  const pku = new PkuDecisionService(cases, decisions, access, playbook, clock);
  const safeguarding = new SafeguardingNotificationService(
    cases,
    new SafeguardingNotificationRepository(database),
    access,
    directory,
    clock,
  );
  const overview = new CaseOverviewService(cases, planRepository, playbook, access, pku, safeguarding);
  const closing = new ClosingService({
    cases,
    access,
    caseOfPlan: async (planId) => (await planRepository.get(planId))?.caseId ?? null,
    caseOfRequest: async (requestId) => (await sparringRequests.get(requestId))?.caseId ?? null,
    clock,
  });

  const adapter = createAdapter(config, logger);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
  };

  const sparring = new SparringService({ cases, requests: sparringRequests, access, directory, outbox, playbook, clock });

  let loadedAt = new Date();
  const admin = new AdminService({ store, refs, outbox, logger, loadedAt: () => loadedAt, onReloaded: (at) => (loadedAt = at) });
  const accessLogRows = new AccessLogRepository(database);
  const accessLog = new AccessLog({
    repository: accessLogRows,
    actionOf: (verb) => (isVerb(verb) ? VERB_ACCESS_ACTIONS[verb] : 'read'),
    clock,
    logger,
    retentionMonths: config.accessLogRetentionMonths,
  });
  const jobs = createBackgroundJobs({
    accessLog,
    config,
    logger,
    database,
    adapter,
    clock,
    directory,
    outbox,
    refs,
    plans: planRepository,
    sparring,
    render: {
      plans: planRepository,
      cases,
      overview,
      directory,
      clock,
      openRequests: (tenantId, schoolId) => sparringRequests.countOpenForSchool(tenantId, schoolId),
      sparring,
      sparringRequests,
      decisions,
    },
    onDirectoryReloaded: (at) => {
      loadedAt = at;
    },
  });
  // Whoever enqueues wakes the dispatcher, so the row is sent now rather than at its next poll.
  const wake = () => jobs.dispatcher.wake();
  const notifier = new Notifier({ cases, outbox, directory, playbook, logger, clock, wake });
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
    concerns,
    clock,
    plans: new PlanHandlers(
      plans,
      intake,
      overview,
      playbook,
      {
        school: (id) => directory().school(id)?.name ?? id,
        person: (aad) => directory().person(aad)?.displayName ?? null,
        team: (c) => caseTeamTitle(directory(), c),
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
    pku,
    safeguarding,
    closing,
    accessLog: {
      recorder: accessLog,
      verbs: accessLogHandlers(new AccessLogService(accessLogRows, directory, (actor) => admin.isAdmin(actor))),
    },
    erasure: erasureHandlers(
      new CaseErasureService({
        database,
        cases,
        isAdmin: (actor) => admin.isAdmin(actor),
        erasedBefore: erasureFromAccessLog(accessLogRows),
      }),
      { school: (id) => directory().school(id)?.name ?? null, person: (aad) => directory().person(aad)?.displayName ?? null },
    ),
    insight: insightHandlers(new CaseInsightService({ database, isAdmin: (actor) => admin.isAdmin(actor) }), () => ({
      playbook,
      person: (aad) => directory().person(aad)?.displayName ?? null,
      school: (id) => directory().school(id)?.name ?? null,
      team: (schoolId, teamId) => directory().team({ schoolId, teamId })?.name ?? null,
      now: clock(),
      outboxKind: outboxKindLabel,
    })),
  });

  return { endpoint: { adapter, app, ping: () => database.ping(), verbs: new Set<string>(VERBS) }, jobs };
}
