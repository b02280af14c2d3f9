/** The evaluation reminder's buttons, read into the ReminderService's typed input. */
import { z } from '../domain/zod.js';
import type { ReminderCardInput } from '../reminders/reminder.service.js';
import { parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

const ReminderRef = z.looseObject({
  planId: z.uuid({ message: 'kortet mangler en gyldig plan-id' }),
  evaluationDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'kortet mangler evalueringsdatoen' }),
});

export function reminderCardOf(data: CardData): Parsed<ReminderCardInput> {
  return parseWith(
    ReminderRef,
    data,
    (d) => ({ planId: d.planId, evaluationDate: d.evaluationDate }),
    (error) => error.issues.map((i) => i.message),
  );
}
