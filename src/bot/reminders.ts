/**
 * Card actions of the proactive messages: the evaluation reminder's "Udskyd en uge" and "Markér
 * som evalueret" (answered with the same card in its new state, so it updates in place), and the
 * administrators' status and directory reload. Thin: parse, call the service, answer with a card.
 */
import type { Actor } from '../domain/actor.js';
import type { ReminderService, ReminderOutcome } from '../reminders/reminder.service.js';
import type { AdminService } from '../admin/admin.service.js';
import { adminStatusCard, evaluationReminderCard, notices } from '../cards/index.js';
import type { PlanReply } from './plans.js';

export const REMINDER_VERBS = ['reminder.snooze', 'reminder.done', 'admin.status', 'admin.reload'] as const;
export type ReminderVerb = (typeof REMINDER_VERBS)[number];

export class ReminderHandlers {
  constructor(
    private readonly reminders: ReminderService,
    private readonly admin: AdminService,
  ) {}

  async handle(verb: ReminderVerb, actor: Actor, data: Record<string, unknown>, displayName: string): Promise<PlanReply> {
    switch (verb) {
      case 'reminder.snooze':
        return this.reply(await this.reminders.snooze(actor, data));
      case 'reminder.done':
        return this.reply(await this.reminders.markEvaluated(actor, data, displayName));
      case 'admin.status': {
        const status = await this.admin.status(actor);
        return { replace: null, toast: 'Status', send: [status ? adminStatusCard(status) : notices.forbidden()] };
      }
      case 'admin.reload': {
        const outcome = this.admin.reload(actor);
        if (!outcome) return { replace: null, toast: '', send: [notices.forbidden()] };
        const details = outcome.ok
          ? [`${outcome.people} personer og ${outcome.schools} skoler er indlæst.`]
          : ['Filen i brug er beholdt. Ret disse fejl og prøv igen:', ...outcome.errors.slice(0, 20)];
        const status = await this.admin.status(actor);
        return { replace: null, toast: outcome.ok ? 'Genindlæst' : 'Ikke genindlæst', send: [notices.reloaded(outcome.ok, details), ...(status ? [adminStatusCard(status)] : [])] };
      }
    }
  }

  private reply(outcome: ReminderOutcome): PlanReply {
    switch (outcome.kind) {
      case 'card':
        return { replace: evaluationReminderCard(outcome.card), toast: outcome.toast, send: [] };
      case 'not-found':
        return { replace: notices.notFound(), toast: '', send: [] };
      case 'bad-request':
        return { replace: notices.badRequest(outcome.errors), toast: '', send: [] };
    }
  }
}
