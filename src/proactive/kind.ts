/**
 * What one kind of proactive message (one outbox kind) is, in one place: the payload its rows
 * carry, where its rows are planned, how a row becomes an activity when it is sent, and its name in
 * the admin view. Each kind is a module under kinds/; registry.ts lists them by OutboxKind, so the
 * compiler names a kind in OUTBOX_KINDS (src/db/schema.ts) that has no module.
 *
 * Rows are drawn at send time from the data as it is then (a reminder never shows stale facts), and
 * a row whose payload cannot be read, or whose reason has gone, is obsolete: cancelled, not a crash.
 */
import type { z } from '../domain/zod.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { PkuDecisionRepository } from '../cases/pku-decision.repository.js';
import type { PlanRepository } from '../plans/plan.repository.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { CaseOverviewService } from '../cases/case-overview.service.js';
import type { OutboxMessage } from '../dispatch/outbox.repository.js';
import type { Rendered } from '../dispatch/transport.js';
import type { SparringRepository } from '../sparring/sparring.repository.js';
import type { SparringViewSource } from '../sparring/sparring.types.js';
import type { Card } from '../cards/index.js';

export type { Rendered } from '../dispatch/transport.js';

/** What the kinds read when a row is sent. */
export interface RenderContext {
  plans: PlanRepository;
  cases: CaseRepository;
  overview: CaseOverviewService;
  directory: () => DirectoryLookup;
  clock: () => Date;
  /** Open sparring requests of a school's cases: waiting for an adviser (new) and in progress (taken). */
  openRequests: (tenantId: string, schoolId: string) => Promise<{ waiting: number; inProgress: number }>;
  sparring: SparringViewSource;
  sparringRequests: SparringRepository;
  /** PKU's recorded decisions (a revisitation reminder is obsolete once its placement is replaced). */
  decisions: PkuDecisionRepository;
}

export interface ProactiveKind {
  /** The kind's name in the admin view (Danish). */
  readonly label: string;
  /** The payload of its rows; what does not parse is obsolete when its time comes. */
  readonly payload: z.ZodType;
  /**
   * Where its rows are enqueued: the planner function of its module, or the service that writes
   * them in the same transaction as the change that causes them.
   */
  readonly plannedBy: string;
  /** The activity to send for a row of this kind, or why it is obsolete. */
  render(message: OutboxMessage, context: RenderContext): Promise<Rendered>;
}

export interface KindDefinition<S extends z.ZodType> {
  label: string;
  payload: S;
  plannedBy: string;
  /** Called with the parsed payload only. */
  render(message: OutboxMessage, payload: z.infer<S>, context: RenderContext): Promise<Rendered>;
}

/** A kind whose renderer sees only payloads its schema read. */
export function defineKind<S extends z.ZodType>(definition: KindDefinition<S>): ProactiveKind {
  return {
    label: definition.label,
    payload: definition.payload,
    plannedBy: definition.plannedBy,
    async render(message, context) {
      const parsed = definition.payload.safeParse(message.payload);
      if (!parsed.success) return obsolete('unreadable payload');
      return definition.render(message, parsed.data, context);
    },
  };
}

export const obsolete = (reason: string): Rendered => ({ kind: 'obsolete', reason });

export function cardActivity(card: Card): Record<string, unknown> {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] };
}

export const send = (activity: Record<string, unknown>): Rendered => ({ kind: 'send', activity });
