/**
 * `message`: a plain text to one recipient. Nothing in the bot plans it: operators and tests
 * enqueue it by hand (OutboxRepository.enqueue), e.g. to check that a person can be reached.
 */
import { z } from '../../domain/zod.js';
import { defineKind, send } from '../kind.js';

export const MessagePayload = z.object({ text: z.string().min(1).max(4000) });
export type MessagePayload = z.input<typeof MessagePayload>;

export const message = defineKind({
  label: 'Besked',
  payload: MessagePayload,
  plannedBy: 'nobody: enqueued by hand (operators, tests)',
  render: async (_message, p) => send({ type: 'message', text: p.text }),
});
