/**
 * The evaluation reminder's buttons, read into the ReminderService's typed input. A grouped
 * reminder's buttons also carry the card's plans (`group`: "planId:YYYY-MM-DD" separated by
 * spaces), so the whole card can be drawn again; access to each is decided from the stored plan.
 */
import { z } from '../domain/zod.js';
import { REMINDER_GROUP_MAX } from '../cards/index.js';
import type { ReminderCardInput } from '../reminders/reminder.service.js';
import { parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'kortet mangler evalueringsdatoen' });

const GroupEntry = z
  .string()
  .transform((entry) => {
    const at = entry.indexOf(':');
    return { planId: entry.slice(0, at), evaluationDate: entry.slice(at + 1) };
  })
  .pipe(z.object({ planId: z.uuid({ message: 'kortets planer er ikke gyldige' }), evaluationDate: IsoDate }));

const ReminderRef = z.looseObject({
  planId: z.uuid({ message: 'kortet mangler en gyldig plan-id' }),
  evaluationDate: IsoDate,
  group: z
    .string()
    .max(REMINDER_GROUP_MAX * 48)
    .transform((s) => s.split(' ').filter((x) => x !== ''))
    .pipe(z.array(GroupEntry).max(REMINDER_GROUP_MAX, { message: 'kortet har for mange planer' }))
    .optional(),
});

export function reminderCardOf(data: CardData): Parsed<ReminderCardInput> {
  return parseWith(
    ReminderRef,
    data,
    (d) => ({ planId: d.planId, evaluationDate: d.evaluationDate, ...(d.group && d.group.length > 1 ? { group: d.group } : {}) }),
    (error) => error.issues.map((i) => i.message),
  );
}
