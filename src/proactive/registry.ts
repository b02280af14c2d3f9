/**
 * Every proactive message kind, by its name in OUTBOX_KINDS (src/db/schema.ts, mirrored by the
 * outbox's check constraint). Typed Record<OutboxKind, ProactiveKind>: a kind added to the list
 * without a module here does not compile. Adding a kind: its module under kinds/, its entry here,
 * its name in OUTBOX_KINDS, and a migration widening the check constraint.
 */
import { OUTBOX_KINDS, type OutboxKind } from '../db/schema.js';
import type { ProactiveKind } from './kind.js';
import { evaluationReminder } from './kinds/evaluation-reminder.js';
import { safeguardingAlert } from './kinds/safeguarding-alert.js';
import { weeklyDigest } from './kinds/weekly-digest.js';
import { revisitationReminder } from './kinds/revisitation-reminder.js';
import { message } from './kinds/message.js';
import { sparringRequest } from './kinds/sparring-request.js';
import { sparringUpdate } from './kinds/sparring-update.js';
import { sparringReminder } from './kinds/sparring-reminder.js';
import { retentionWarning } from './kinds/retention-warning.js';

export const PROACTIVE_KINDS: Readonly<Record<OutboxKind, ProactiveKind>> = {
  'evaluation-reminder': evaluationReminder,
  'safeguarding-alert': safeguardingAlert,
  'weekly-digest': weeklyDigest,
  'revisitation-reminder': revisitationReminder,
  message,
  'sparring-request': sparringRequest,
  'sparring-update': sparringUpdate,
  'sparring-reminder': sparringReminder,
  'retention-warning': retentionWarning,
};

/** The kinds' names in the admin view (Danish), one per kind. */
export const OUTBOX_KIND_LABELS: Readonly<Record<OutboxKind, string>> = Object.freeze(
  Object.fromEntries(OUTBOX_KINDS.map((kind) => [kind, PROACTIVE_KINDS[kind].label])) as Record<OutboxKind, string>,
);

/** A stored row's kind in words; a name not (or no longer) in OUTBOX_KINDS is shown as it is. */
export function outboxKindLabel(kind: string): string {
  return Object.hasOwn(OUTBOX_KIND_LABELS, kind) ? OUTBOX_KIND_LABELS[kind as OutboxKind] : kind;
}

/** The kind of a stored row's name, or undefined for a name not in OUTBOX_KINDS. */
export function proactiveKind(kind: string): ProactiveKind | undefined {
  return Object.hasOwn(PROACTIVE_KINDS, kind) ? PROACTIVE_KINDS[kind as OutboxKind] : undefined;
}
