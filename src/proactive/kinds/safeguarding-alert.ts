/**
 * `safeguarding-alert`: a teacher's answers raised a safeguarding concern; the school's leaders are
 * alerted at once, whatever the day or hour. Enqueued by the Notifier (src/reminders/notifier.ts)
 * when the answers are saved, one row per leader per distinct set of concerns (the fingerprint is
 * in the key), so answering again with the same concerns does not alert twice, while a new concern
 * (or acute danger) does. Drawn from the case as it is when sent.
 */
import { createHash } from 'node:crypto';
import { z } from '../../domain/zod.js';
import { personalRefKey } from '../../conversations/conversation-ref.repository.js';
import type { OutboxRepository } from '../../dispatch/outbox.repository.js';
import { safeguardingAlertCard } from '../../cards/index.js';
import { parentsOnHold } from '../../domain/safeguarding.js';
import { storedIntake } from '../../cases/stored-intake.js';
import { cardActivity, defineKind, obsolete, send } from '../kind.js';

/** An alert nobody could receive in a month is not delivered any more (the leader will have heard). */
const ALERT_LIFETIME_MS = 30 * 86_400_000;

export const SafeguardingAlertPayload = z.object({
  caseId: z.uuid(),
  reportedBy: z.string().max(200),
  at: z.iso.datetime(),
  acute: z.boolean(),
  concerns: z.array(z.string().max(300)).max(20),
  /** The suspicion concerns the home (ladder rule 0); rows written before this field read as not known. */
  parentsOnHold: z.boolean().optional(),
});
export type SafeguardingAlertPayload = z.input<typeof SafeguardingAlertPayload>;

export interface SafeguardingAlert {
  tenantId: string;
  caseId: string;
  reportedBy: string;
  acute: boolean;
  /** The concerns' codes (for the fingerprint). */
  codes: readonly string[];
  /** The concerns in words (on the card). */
  concerns: string[];
  /** The suspicion concerns the home: the parents wait for the municipality. */
  parentsOnHold: boolean;
}

/** Enqueues the alert to each leader (lower-cased AAD ids) at `now`; returns how many new rows. */
export async function enqueueSafeguardingAlerts(
  outbox: OutboxRepository,
  alert: SafeguardingAlert,
  leaders: readonly string[],
  now: Date,
): Promise<number> {
  const fingerprint = createHash('sha256')
    // Learning that the suspicion concerns the home (answered after the signs) alerts again: the leaders must know.
    .update(JSON.stringify(alert.parentsOnHold ? [alert.acute, [...alert.codes].sort(), 'home'] : [alert.acute, [...alert.codes].sort()]))
    .digest('hex')
    .slice(0, 16);
  let enqueued = 0;
  for (const aad of leaders) {
    const payload: SafeguardingAlertPayload = {
      caseId: alert.caseId,
      reportedBy: alert.reportedBy.slice(0, 200),
      at: now.toISOString(),
      acute: alert.acute,
      concerns: alert.concerns,
      parentsOnHold: alert.parentsOnHold,
    };
    const row = await outbox.enqueue({
      kind: 'safeguarding-alert',
      tenantId: alert.tenantId,
      recipientKey: personalRefKey(alert.tenantId, aad),
      recipientAadId: aad,
      payload,
      idempotencyKey: `safeguarding:${alert.caseId}:${fingerprint}:${aad}`,
      dueAt: now,
      expiresAt: new Date(now.getTime() + ALERT_LIFETIME_MS),
    });
    if (row) enqueued += 1;
  }
  return enqueued;
}

export const safeguardingAlert = defineKind({
  label: 'Bekymring for et barns sikkerhed',
  payload: SafeguardingAlertPayload,
  plannedBy: 'enqueueSafeguardingAlerts (Notifier.safeguardingRaised, src/reminders/notifier.ts), at once',
  async render(_message, p, context) {
    const c = await context.cases.get(p.caseId);
    if (!c) return obsolete('case gone');
    const lookup = context.directory();
    return send(
      cardActivity(
        safeguardingAlertCard({
          caseId: c.id,
          pseudonym: c.pseudonym,
          schoolName: c.schoolId ? (lookup.school(c.schoolId)?.name ?? null) : null,
          teamName: c.schoolId && c.teamId ? (lookup.team({ schoolId: c.schoolId, teamId: c.teamId })?.name ?? null) : null,
          reportedBy: p.reportedBy,
          at: new Date(p.at),
          acute: p.acute,
          concerns: p.concerns,
          // As the case stands when sent: the home may have been named after the signs.
          parentsOnHold: p.parentsOnHold === true || parentsOnHold(storedIntake(c)),
          leaderActions: [],
        }),
      ),
    );
  },
});
