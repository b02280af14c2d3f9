/**
 * `sparring-update`: the teacher told what happened to their request (taken by whom, with Chat med
 * / Book møde), or — with an `activityId` — a card already delivered, replaced in place by its
 * current state. Written by SparringService in the transaction of the change that causes them (the
 * `trx` the repository hands its `after` callback), so the change and its messages are stored
 * together or not at all: the teacher's update by `enqueueUpdate` (src/sparring/routing.ts), the
 * in-place updates by `enqueueCardUpdates` here (through SparringCardUpdates.afterChange,
 * src/sparring/updates.ts), keyed by the request's version so each change updates once.
 */
import type { OutboxExecutor, OutboxRepository } from '../../dispatch/outbox.repository.js';
import type { SparringRequestRecord } from '../../sparring/sparring.repository.js';
import { defineKind } from '../kind.js';
import { sparringNotes } from '../../cards/index.js';
import { renderSparringCard } from './sparring-card.js';
import { SparringCardPayload } from './sparring-payload.js';
import { requestCopyPrefix } from './sparring-request.js';

/** As many delivered copies as `OutboxRepository.sentWithPrefix` reads by default. */
const DELIVERED_MAX = 200;

const NOTE_OF: Record<string, () => string> = {
  taget: () => 'Anmodningen er taget.',
  'givet-fra-sig': () => 'Vejlederen har givet anmodningen tilbage til gruppen.',
  videresendt: () => 'Anmodningen er sendt videre til en anden gruppe.',
  afsluttet: () => 'Anmodningen er afsluttet.',
  afvist: () => 'Anmodningen er afvist.',
};

/**
 * Plans the in-place updates of `request`'s delivered cards (all but the one clicked, which the
 * action's answer replaces), in the change's transaction `trx`; returns how many.
 */
export async function enqueueCardUpdates(
  outbox: OutboxRepository,
  trx: OutboxExecutor,
  request: SparringRequestRecord,
  clickedActivityId: string | null,
  now: Date,
): Promise<number> {
  // Read through the change's transaction, and through the repository, which opens the sealed payloads.
  const delivered = await outbox.sentWithPrefix(requestCopyPrefix(request.id), DELIVERED_MAX, trx);
  let planned = 0;
  for (const copy of delivered) {
    if (!copy.activityId || copy.activityId === clickedActivityId) continue;
    const audience = copy.payload.audience === 'channel' ? 'channel' : 'member';
    const row = await outbox.enqueue(
      {
        kind: 'sparring-update',
        tenantId: copy.tenantId,
        recipientKey: copy.recipientKey,
        recipientAadId: copy.recipientAadId,
        payload: { requestId: request.id, version: request.version, audience, activityId: copy.activityId },
        idempotencyKey: `sparring-update:${request.id}:v${request.version}:${copy.activityId}`,
        dueAt: now,
      },
      trx,
    );
    if (row) planned += 1;
  }
  return planned;
}

export const sparringUpdate = defineKind({
  label: 'Opdatering af en anmodning om sparring',
  payload: SparringCardPayload,
  plannedBy: "SparringService, in the change's transaction: enqueueUpdate (src/sparring/routing.ts) and enqueueCardUpdates (here)",
  render: (message, p, context) =>
    renderSparringCard(message, p, context, {
      note: (payload) => (!payload.activityId && payload.action ? (NOTE_OF[payload.action]?.() ?? sparringNotes.changed()) : null),
    }),
});
