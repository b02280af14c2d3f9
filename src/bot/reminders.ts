/**
 * The evaluation reminder's buttons: "Udskyd en uge" and "Markér som evalueret", answered with the
 * same card in its new state (the single card, or the grouped card with all its plans), so it
 * updates in place ("Evaluér nu" opens the plan's evaluation card through the plan actions). Thin:
 * read the card (reminders.input.ts), call the service, answer.
 */
import type { ReminderService, ReminderOutcome } from '../reminders/reminder.service.js';
import type { AdminService } from '../admin/admin.service.js';
import { evaluationReminderCard, evaluationReminderGroupCard, notices } from '../cards/index.js';
import { adminHandlers, type AdminVerb } from './admin.js';
import { reminderCardOf } from './reminders.input.js';
import { badRequest, replaceCard, type Handlers, type Reply } from './reply.js';

export type ReminderVerb = 'reminder.snooze' | 'reminder.done';

function reply(outcome: ReminderOutcome): Reply {
  switch (outcome.kind) {
    case 'card':
      return replaceCard(evaluationReminderCard(outcome.card), outcome.toast);
    case 'group':
      return replaceCard(evaluationReminderGroupCard(outcome.card), outcome.toast);
    case 'not-found':
      return replaceCard(notices.notFound());
  }
}

export function reminderHandlers(reminders: ReminderService): Pick<Handlers, ReminderVerb> {
  return {
    'reminder.snooze': async (turn, data) => {
      const input = reminderCardOf(data);
      return input.ok ? reply(await reminders.snooze(turn.actor, input.value)) : badRequest(input.errors);
    },
    'reminder.done': async (turn, data) => {
      const input = reminderCardOf(data);
      return input.ok ? reply(await reminders.markEvaluated(turn.actor, input.value, turn.displayName)) : badRequest(input.errors);
    },
  };
}

/**
 * The verbs of the proactive messages' services, with what they need (compose.ts builds it):
 * `verbs` holds the reminder buttons (this module) and the administrators' commands (admin.ts).
 */
export class ReminderHandlers {
  readonly verbs: Pick<Handlers, ReminderVerb | AdminVerb>;

  constructor(reminders: ReminderService, admin: AdminService) {
    this.verbs = { ...reminderHandlers(reminders), ...adminHandlers(admin) };
  }
}
