/**
 * The reminders' send-time rendering now lives with each kind (src/proactive/kinds/, dispatched
 * through src/proactive/registry.ts by ProactiveRenderer). The names importers used from here are
 * kept.
 */
export { kindOn, EvaluationReminderPayload } from '../proactive/kinds/evaluation-reminder.js';
export { DigestPayload, isoWeek } from '../proactive/kinds/weekly-digest.js';
export { RevisitationPayload } from '../proactive/kinds/revisitation-reminder.js';
export { SafeguardingAlertPayload } from '../proactive/kinds/safeguarding-alert.js';
export { MessagePayload } from '../proactive/kinds/message.js';
export { cardActivity, type Rendered } from '../proactive/kind.js';
