/**
 * For administrators: the directory loaded, who cannot be reached yet, what could not be sent, the
 * outbox. The card's text is written here, in the view builder; the schema only bounds it. The
 * kinds of message arrive in words (the proactive registry's labels, resolved by the caller): the
 * cards do not import src/proactive, which imports them.
 */
import { renderCard } from '../render.js';
import { LIMITS, type Card } from '../common.js';
import { clip, danishDateTime, fit } from '../format.js';
import { ADMIN_LIST_LIMITS } from './admin-status.schema.js';

export interface AdminStatusCardData {
  directory: { file: string; loadedAt: Date; people: number; schools: number };
  /** People in the directory with no usable conversation reference (they must install the app). */
  unreachable: { displayName: string; roles: string }[];
  /** Messages given up on; `kindLabel` is the kind in words (`outboxKindLabel` of src/proactive/registry.ts). */
  failed: { kindLabel: string; recipient: string; attempts: number; lastError: string | null; at: Date }[];
  /** Outbox rows by state. */
  counts: Record<string, number>;
}

/** Outbox states in Danish, in their lifecycle order; anything else is shown as it is. */
const OUTBOX_STATE_LABELS: Record<string, string> = {
  pending: 'Venter på at blive sendt',
  sending: 'Sendes nu',
  waiting: 'Venter på, at modtageren kan nås',
  sent: 'Sendt',
  failed: 'Opgivet',
  cancelled: 'Annulleret',
  expired: 'Udløbet',
};

/** A long path keeps its end (the file's name): "…/config/organisation.yaml". */
const pathEnd = (path: string, max: number) => {
  const chars = Array.from(path.trim());
  return chars.length <= max ? path.trim() : `…${chars.slice(chars.length - (max - 1)).join('')}`;
};

const more = (n: number) => (n > 0 ? `… og ${n} mere` : null);

/** For administrators: the directory loaded, who cannot be reached yet, what could not be sent, the outbox. */
export function adminStatusCard(d: AdminStatusCardData): Card {
  const order = Object.keys(OUTBOX_STATE_LABELS);
  const states = Object.keys(d.counts).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib);
    return a.localeCompare(b);
  });
  const unreachable = d.unreachable
    .slice(0, ADMIN_LIST_LIMITS.unreachable)
    .map((u) => ({ title: fit(u.displayName, 80), value: clip(u.roles.trim(), 120) || '—' }));
  const failed = d.failed.slice(0, ADMIN_LIST_LIMITS.failed).map((f) => {
    const error = f.lastError?.trim() ?? '';
    return {
      title: `${fit(f.kindLabel, 120)} til ${fit(f.recipient, 120)}`,
      detail: `${danishDateTime(f.at)} · ${f.attempts === 1 ? '1 forsøg' : `${f.attempts} forsøg`}`,
      lastError: error === '' ? null : clip(error, ADMIN_LIST_LIMITS.error),
    };
  });
  return renderCard('admin-status', {
    directoryFacts: [
      { title: 'Fil', value: pathEnd(d.directory.file, LIMITS.title) },
      { title: 'Indlæst', value: danishDateTime(d.directory.loadedAt) },
      { title: 'Personer', value: String(d.directory.people) },
      { title: 'Skoler', value: String(d.directory.schools) },
    ],
    unreachableTitle: `Kan ikke nås endnu (${d.unreachable.length})`,
    unreachableFacts: unreachable,
    unreachableMoreText: more(d.unreachable.length - ADMIN_LIST_LIMITS.unreachable),
    failedTitle: `Beskeder, der ikke kunne sendes (${d.failed.length})`,
    failedLines: failed,
    failedMoreText: more(d.failed.length - ADMIN_LIST_LIMITS.failed),
    countFacts: states
      .slice(0, ADMIN_LIST_LIMITS.counts)
      .map((state) => ({ title: fit(OUTBOX_STATE_LABELS[state] ?? state, 120), value: String(d.counts[state] ?? 0) })),
  });
}
