/**
 * Composes the bot from the configuration and an open database: playbook, repositories, services,
 * the Teams AI application and the Bot Framework adapter. Loaded after the HTTP server listens
 * (see main.ts), since these modules take most of the start-up time.
 */
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { loadPlaybook, defaultPlaybook } from './playbook/load.js';
import type { Database } from './db/database.js';
import { DatabaseStorage } from './db/state-storage.js';
import { CaseRepository } from './cases/case.repository.js';
import { ConversationRefRepository } from './conversations/conversation-ref.repository.js';
import { IntakeService } from './cases/intake.service.js';
import { createAdapter } from './bot/adapter.js';
import { createBotApp } from './bot/app.js';
import { PlanHandlers } from './bot/plans.js';
import { PlanRepository } from './plans/plan.repository.js';
import { PlanService } from './plans/plan.service.js';
import { CaseOverviewService } from './cases/case-overview.service.js';
import type { BotEndpoint } from './server.js';

export function composeBot(config: Readonly<Config>, logger: Logger, database: Database): BotEndpoint {
  const playbook = config.playbookFile ? loadPlaybook(config.playbookFile) : defaultPlaybook();
  const cases = new CaseRepository(database);
  const intake = new IntakeService(cases, playbook);
  const planRepository = new PlanRepository(database);
  const plans = new PlanService(cases, planRepository, playbook);
  const app = createBotApp({
    intake,
    plans: new PlanHandlers(plans, intake, new CaseOverviewService(cases, planRepository, playbook), playbook),
    cases,
    refs: new ConversationRefRepository(database),
    playbook,
    logger,
    anonymous: config.bot === null,
    allowedTenants: config.allowedTenants,
    storage: new DatabaseStorage(database),
  });
  const adapter = createAdapter(config);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
  };
  return { adapter, app, ping: () => database.ping() };
}
