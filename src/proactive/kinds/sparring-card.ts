/**
 * What the three sparring kinds share (sparring-request.ts, sparring-update.ts,
 * sparring-reminder.ts): their rows name a request and an audience, and each is drawn as the
 * request's card as it is when sent — to the group's channel as a member sees it (the group's
 * shared card; each viewer's own buttons come with Teams' refresh), or as the recipient may see it.
 * A row with an `activityId` replaces a card already delivered, in place. The payload's schema is
 * in sparring-payload.ts.
 */
import type { SparringViewer } from '../../cards/index.js';
import type { OutboxMessage } from '../../dispatch/outbox.repository.js';
import type { SparringRequestRecord } from '../../sparring/sparring.repository.js';
import { poolRefOf } from '../../sparring/routing.js';
import type { SparringRequestView } from '../../sparring/sparring.types.js';
import { requestCard } from '../../sparring/cards.js';
import { cardActivity, obsolete, send, type RenderContext, type Rendered } from '../kind.js';
import type { SparringCardPayload } from './sparring-payload.js';

export interface SparringCardOptions {
  /** Why the row is obsolete although the recipient may see the request (checked after who sees it), or null. */
  obsoleteReason?: (request: SparringRequestRecord) => string | null;
  /** The line on top of the card, or null. */
  note: (payload: SparringCardPayload) => string | null;
}

/** The request's card for the row's recipient, or why the row is obsolete. */
export async function renderSparringCard(
  message: OutboxMessage,
  p: SparringCardPayload,
  context: RenderContext,
  options: SparringCardOptions,
): Promise<Rendered> {
  const request = await context.sparringRequests.get(p.requestId);
  if (!request) return obsolete('request gone');
  const lookup = context.directory();
  const viewer = message.recipientAadId ? { tenantId: message.tenantId, userId: message.recipientAadId } : null;
  let view: SparringRequestView | null;
  let as: SparringViewer | undefined;
  if (p.audience === 'channel') {
    // The group's shared card: as a member sees it while it is open, "taget af …" after; each
    // viewer's own buttons come with Teams' refresh.
    const member = lookup.poolMembers(poolRefOf({ pool: request.pool, owner: request.poolOwner }))[0];
    view = member
      ? await context.sparring.viewFor({ tenantId: message.tenantId, userId: member.aadObjectId.toLowerCase() }, request.id)
      : null;
    as = request.state === 'ny' ? 'pool-member' : 'other';
    if (!view) return obsolete('the group has no members');
  } else {
    view = viewer ? await context.sparring.viewFor(viewer, request.id) : null;
    if (!view) return obsolete('the recipient may no longer see the request');
  }
  const reason = options.obsoleteReason?.(request) ?? null;
  if (reason !== null) return obsolete(reason);
  const card = requestCard(lookup, view, { events: await context.sparringRequests.events(request.id), note: options.note(p), viewer: as });
  const activity = cardActivity(card);
  if (p.activityId) activity.id = p.activityId;
  return send(activity);
}
