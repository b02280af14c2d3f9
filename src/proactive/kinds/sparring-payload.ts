/**
 * The payload of the three sparring kinds: a request and the audience its card is drawn for. In a
 * module of its own that imports nothing but zod: the kinds are loaded from the sparring service
 * (through updates.ts and sla.ts) as well as from the registry, and a schema read while that import
 * cycle is still being evaluated would be undefined.
 */
import { z } from '../../domain/zod.js';

export const SparringCardPayload = z.looseObject({
  requestId: z.uuid(),
  audience: z.enum(['channel', 'member', 'requester', 'leader']),
  action: z.string().optional(),
  /** An update in place of this earlier message. */
  activityId: z.string().min(1).max(500).optional(),
});
export type SparringCardPayload = z.infer<typeof SparringCardPayload>;
