/** The data of "Jeg har underrettet" / "Registrér underretning": the case the button names, nothing more (who may is decided from the stored case). */
import { z } from '../domain/zod.js';
import { parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

export interface NotificationRef {
  caseId: string;
}

const NotificationRefSchema = z.looseObject({ caseId: z.uuid() });

export function notificationRefOf(data: CardData): Parsed<NotificationRef> {
  return parseWith(NotificationRefSchema, data, (d) => ({ caseId: d.caseId }));
}
