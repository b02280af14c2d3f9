/**
 * The outbox rows of sparring requests drawn as cards when they are sent (see OutboxRenderer):
 * - `sparring-request`: the request posted to its group's channel (the group's shared card) or to
 *   one member's chat (that member's own buttons);
 * - `sparring-update`: the teacher told what happened (taken by whom, with Chat med / Book møde),
 *   or — with an `activityId` — a card already delivered, replaced in place by its current state;
 * - `sparring-reminder`: nobody has taken the request in two school days (to the group and the
 *   school's leaders).
 * Payloads are parsed with zod; what cannot be read is obsolete, not a crash.
 */
import { z } from '../domain/zod.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { OutboxMessage } from '../dispatch/outbox.repository.js';
import { sparringNotes, type SparringViewer } from '../cards/index.js';
import type { SparringRepository } from './sparring.repository.js';
import { poolRefOf, type SparringRequestView, type SparringService } from './sparring.service.js';
import { requestCard } from './cards.js';

const Payload = z.looseObject({
  requestId: z.uuid(),
  audience: z.enum(['channel', 'member', 'requester', 'leader']),
  action: z.string().optional(),
  /** An update in place of this earlier message. */
  activityId: z.string().min(1).max(500).optional(),
});

export type SparringRendered = { kind: 'send'; activity: Record<string, unknown> } | { kind: 'obsolete'; reason: string };

const NOTE_OF: Record<string, () => string> = {
  taget: () => 'Anmodningen er taget.',
  'givet-fra-sig': () => 'Vejlederen har givet anmodningen tilbage til gruppen.',
  videresendt: () => 'Anmodningen er sendt videre til en anden gruppe.',
  afsluttet: () => 'Anmodningen er afsluttet.',
  afvist: () => 'Anmodningen er afvist.',
};

const UNCLAIMED_NOTE = 'Ingen har taget denne anmodning i to skoledage. Kan nogen i gruppen tage den?';

export interface SparringRendererDeps {
  service: SparringService;
  requests: SparringRepository;
  directory: () => DirectoryLookup;
}

export class SparringRenderer {
  constructor(private readonly deps: SparringRendererDeps) {}

  async render(message: OutboxMessage): Promise<SparringRendered> {
    const p = Payload.safeParse(message.payload);
    if (!p.success) return { kind: 'obsolete', reason: 'unreadable payload' };
    const request = await this.deps.requests.get(p.data.requestId);
    if (!request) return { kind: 'obsolete', reason: 'request gone' };
    const lookup = this.deps.directory();
    const viewer = message.recipientAadId ? { tenantId: message.tenantId, userId: message.recipientAadId } : null;
    let view: SparringRequestView | null;
    let as: SparringViewer | undefined;
    if (p.data.audience === 'channel') {
      // The group's shared card: as a member sees it while it is open, "taget af …" after; each
      // viewer's own buttons come with Teams' refresh.
      const member = lookup.poolMembers(poolRefOf({ pool: request.pool, owner: request.poolOwner }))[0];
      view = member ? await this.deps.service.viewFor({ tenantId: message.tenantId, userId: member.aadObjectId.toLowerCase() }, request.id) : null;
      as = request.state === 'ny' ? 'pool-member' : 'other';
      if (!view) return { kind: 'obsolete', reason: 'the group has no members' };
    } else {
      view = viewer ? await this.deps.service.viewFor(viewer, request.id) : null;
      if (!view) return { kind: 'obsolete', reason: 'the recipient may no longer see the request' };
    }
    if (message.kind === 'sparring-reminder' && request.state !== 'ny') return { kind: 'obsolete', reason: 'taken meanwhile' };
    const note =
      message.kind === 'sparring-reminder'
        ? UNCLAIMED_NOTE
        : message.kind === 'sparring-update' && !p.data.activityId && p.data.action
          ? (NOTE_OF[p.data.action]?.() ?? sparringNotes.changed())
          : null;
    const card = requestCard(lookup, view, { events: await this.deps.requests.events(request.id), note, viewer: as });
    const activity: Record<string, unknown> = {
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    };
    if (p.data.activityId) activity.id = p.data.activityId;
    return { kind: 'send', activity };
  }
}
