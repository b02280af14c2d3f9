/**
 * Adaptive Cards, the one door for the rest of the bot: the templates in `adaptive-cards/`, their
 * view-model schemas and the view builders that fill them (one folder per feature: intake, notice,
 * case, plan, proactive, admin, sparring), the registry of templates, the one render function, the
 * Danish formatting and the verb table.
 */
export * from './render.js';
export * from './registry.js';
export * from './verbs.js';
export * from './format.js';
export { LIMITS, CaseRefSchema, ChoiceSchema, NO_PSEUDONYM, caseHeading, caseName, type Card, type Choice } from './common.js';
export * from './welcome/schema.js';
export * from './welcome/view.js';
export * from './choose/schema.js';
export * from './choose/view.js';
export * from './intake/schema.js';
export * from './intake/view.js';
export * from './intake/safety-pause.schema.js';
export * from './intake/safety-pause.js';
export * from './recommendation/schema.js';
export * from './recommendation/view.js';
export * from './safeguarding/schema.js';
export * from './safeguarding/view.js';
export * from './notice/schema.js';
export * from './notice/view.js';
export * from './notice/routing.js';
export * from './case/schema.js';
export * from './case/view.js';
export * from './case/pku-decision.schema.js';
export * from './case/pku-decision.js';
export * from './case/close.schema.js';
export * from './case/close.js';
export * from './plan/schema.js';
export * from './plan/view.js';
export * from './plan/list.schema.js';
export * from './plan/list.js';
export * from './proactive/evaluation-reminder.schema.js';
export * from './proactive/evaluation-reminder.js';
export * from './proactive/evaluation-reminder-group.schema.js';
export * from './proactive/evaluation-reminder-group.js';
export * from './proactive/safeguarding-alert.schema.js';
export * from './proactive/safeguarding-alert.js';
export * from './proactive/revisitation-reminder.schema.js';
export * from './proactive/revisitation-reminder.js';
export * from './proactive/weekly-digest.schema.js';
export * from './proactive/weekly-digest.js';
export * from './proactive/retention-warning.schema.js';
export * from './proactive/retention-warning.js';
export * from './admin/admin-status.schema.js';
export * from './admin/admin-status.js';
export * from './admin/access-log.schema.js';
export * from './admin/access-log.js';
export * from './admin/erase.schema.js';
export * from './admin/erase.js';
export * from './sparring/schema.js';
export * from './sparring/view.js';
export * from './sparring/links.js';
