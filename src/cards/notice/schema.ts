/** The notice card: a title, a text, details (e.g. the validation messages of a card that could not be read) and up to three buttons. */
import { z } from '../../domain/zod.js';
import { CASELESS_VERBS } from '../verbs.js';
import { LIMITS, messageLines, title } from '../common.js';

export const NoticeViewModelSchema = z.strictObject({
  tone: z.enum(['info', 'warning', 'error']),
  title,
  text: z.string().trim().min(1).max(LIMITS.text),
  /** Details, e.g. the validation messages of a card that could not be read. */
  items: messageLines,
  actions: z.array(z.strictObject({ title: z.string().trim().min(1).max(60), verb: z.enum(CASELESS_VERBS) })).max(3),
});
