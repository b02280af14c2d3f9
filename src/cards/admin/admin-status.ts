/** For administrators: the directory loaded, who cannot be reached yet, what could not be sent, the outbox. */
import { z } from '../../domain/zod.js';
import { renderCard } from '../render.js';
import { LIMITS, count, personName, short, type Card } from '../common.js';
import { clip, danishDateTime, fit } from '../format.js';

/** People and failed messages listed on the admin status card; the rest are counted. */
export const ADMIN_LIST_LIMITS = { unreachable: 20, failed: 10, counts: 12, error: 200 } as const;

export const AdminStatusViewModelSchema = z.strictObject({
  directory: z.strictObject({
    /** The file's path (its end, when long). */
    file: z.string().trim().min(1).max(LIMITS.title),
    /** A Danish date and time. */
    loadedAt: short,
    people: count,
    schools: count,
  }),
  /** People in the directory the bot cannot write to yet (no conversation reference): they must install the app. */
  unreachable: z
    .array(z.strictObject({ displayName: personName, roles: z.string().trim().max(120) }))
    .max(ADMIN_LIST_LIMITS.unreachable),
  unreachableMore: count,
  failed: z
    .array(
      z.strictObject({
        /** What the message was, in Danish, e.g. "Påmindelse om evaluering". */
        kind: short,
        recipient: z.string().trim().min(1).max(120),
        attempts: count,
        /** The last error as recorded (from Teams or the network): clipped, never refused. */
        lastError: z.string().nullable().transform((e) => (e === null || e.trim() === '' ? null : clip(e.trim(), ADMIN_LIST_LIMITS.error))),
        /** A Danish date and time. */
        at: short,
      }),
    )
    .max(ADMIN_LIST_LIMITS.failed),
  failedMore: count,
  /** Messages in the outbox by state, e.g. { title: "Venter", value: 3 }. */
  counts: z.array(z.strictObject({ title: short, value: count })).max(ADMIN_LIST_LIMITS.counts),
}).transform((vm) => ({
  ...vm,
  directoryFacts: [
    { title: 'Fil', value: vm.directory.file },
    { title: 'Indlæst', value: vm.directory.loadedAt },
    { title: 'Personer', value: String(vm.directory.people) },
    { title: 'Skoler', value: String(vm.directory.schools) },
  ],
  unreachableTitle: `Kan ikke nås endnu (${vm.unreachable.length + vm.unreachableMore})`,
  unreachableFacts: vm.unreachable.map((u) => ({ title: u.displayName, value: u.roles || '—' })),
  unreachableMoreText: vm.unreachableMore > 0 ? `… og ${vm.unreachableMore} mere` : null,
  failedTitle: `Beskeder, der ikke kunne sendes (${vm.failed.length + vm.failedMore})`,
  failedLines: vm.failed.map((f) => ({
    title: `${f.kind} til ${f.recipient}`,
    detail: `${f.at} · ${f.attempts === 1 ? '1 forsøg' : `${f.attempts} forsøg`}`,
    lastError: f.lastError,
  })),
  failedMoreText: vm.failedMore > 0 ? `… og ${vm.failedMore} mere` : null,
  countFacts: vm.counts.map((c) => ({ title: c.title, value: String(c.value) })),
}));

export interface AdminStatusCardData {
  directory: { file: string; loadedAt: Date; people: number; schools: number };
  /** People in the directory with no usable conversation reference (they must install the app). */
  unreachable: { displayName: string; roles: string }[];
  /** Messages given up on. */
  failed: { kind: string; recipient: string; attempts: number; lastError: string | null; at: Date }[];
  /** Outbox rows by state. */
  counts: Record<string, number>;
}

/** Outbox kinds and states in Danish; anything else is shown as it is. */
const OUTBOX_KIND_LABELS: Record<string, string> = {
  'evaluation-reminder': 'Påmindelse om evaluering',
  'safeguarding-alert': 'Bekymring for et barns sikkerhed',
  'weekly-digest': 'Ugeoversigt',
  'revisitation-reminder': 'Påmindelse om genvurdering',
  message: 'Besked',
};
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

/** For administrators: the directory loaded, who cannot be reached yet, what could not be sent, the outbox. */
export function adminStatusCard(d: AdminStatusCardData): Card {
  const order = Object.keys(OUTBOX_STATE_LABELS);
  const states = Object.keys(d.counts).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib);
    return a.localeCompare(b);
  });
  return renderCard('admin-status', {
    directory: {
      file: pathEnd(d.directory.file, LIMITS.title),
      loadedAt: danishDateTime(d.directory.loadedAt),
      people: d.directory.people,
      schools: d.directory.schools,
    },
    unreachable: d.unreachable.slice(0, ADMIN_LIST_LIMITS.unreachable).map((u) => ({ displayName: fit(u.displayName, 80), roles: clip(u.roles.trim(), 120) })),
    unreachableMore: Math.max(0, d.unreachable.length - ADMIN_LIST_LIMITS.unreachable),
    failed: d.failed.slice(0, ADMIN_LIST_LIMITS.failed).map((f) => ({
      kind: fit(OUTBOX_KIND_LABELS[f.kind] ?? f.kind, 120),
      recipient: fit(f.recipient, 120),
      attempts: f.attempts,
      lastError: f.lastError,
      at: danishDateTime(f.at),
    })),
    failedMore: Math.max(0, d.failed.length - ADMIN_LIST_LIMITS.failed),
    counts: states.slice(0, ADMIN_LIST_LIMITS.counts).map((state) => ({ title: fit(OUTBOX_STATE_LABELS[state] ?? state, 120), value: d.counts[state] ?? 0 })),
  });
}
