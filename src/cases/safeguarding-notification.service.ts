/**
 * The notification to the municipality on a safety case (issue 12, "Safety first, really"): the
 * teacher who flagged the signs presses "Jeg har underrettet" on the safeguarding card (or the case
 * card), or a leader of the case's school presses "Registrér underretning" when the school did it.
 * The day and who stand in the case's history. And what the owner and the school's leaders see of
 * a safety case on its card: the signs, the acute answer, who flagged it and when, which leaders
 * were alerted, and the notification's status.
 *
 * Who may record it is decided here from the stored case and the directory, never from card data.
 * The record is written while the case's row is locked but does not change the case: its `seq`
 * stays, so the intake's open question card is not made stale by the press.
 */
import { noteAccess } from '../access/access-log.context.js';
import type { Actor } from '../domain/actor.js';
import type { CaseAccess } from '../access/case-access.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import { copenhagenDate } from '../domain/calendar.js';
import { safetyAnswers, type SafetyAnswers } from '../domain/safeguarding.js';
import type { NotificationRole } from '../db/schema.js';
import type { CaseRecord, CaseRepository } from './case.repository.js';
import type {
  SafeguardingAlertRecord,
  SafeguardingNotificationRecord,
  SafeguardingNotificationRepository,
} from './safeguarding-notification.repository.js';
import { storedIntake } from './stored-intake.js';

export type NotificationOutcome =
  | { kind: 'recorded'; case: CaseRecord; notification: SafeguardingNotificationRecord }
  /** A second press, or someone else was first: the record that stands. */
  | { kind: 'already-recorded'; case: CaseRecord; notification: SafeguardingNotificationRecord }
  /** A card drawn before the signs were taken back (or the case cancelled): nothing recorded. */
  | { kind: 'no-concern'; case: CaseRecord }
  | { kind: 'not-found' };

/** A leader alerted about the case, as the case card lists them. */
export interface AlertedLeader {
  name: string;
  /** When it reached them; null while it waits (they have not opened the bot yet) or failed. */
  sentAt: Date | null;
  state: SafeguardingAlertRecord['state'];
}

/** What the owner and the school's leaders see of a safety case on its card. */
export interface CaseSafety {
  answers: SafetyAnswers;
  /** The teacher who flagged it (the case's owner, from the directory; null when unknown). */
  ownerName: string | null;
  /** Where a chat with the owner can be opened (UPN or e-mail), for a leader; null for the owner. */
  ownerAddress: string | null;
  /** When the first alert was raised; null when no leader was alerted. */
  flaggedAt: Date | null;
  alerted: AlertedLeader[];
  notification: SafeguardingNotificationRecord | null;
  /** How the viewer stands to the case: the owner's and a leader's card differ. */
  viewer: NotificationRole;
}

export class SafeguardingNotificationService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly notifications: SafeguardingNotificationRepository,
    private readonly access: CaseAccess,
    private readonly directory: () => DirectoryLookup,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * As whom the actor may record the notification and see the case's safety: its owner, or a leader
   * of its school (also one who teaches on the case's team); null for anyone else.
   */
  roleOf(actor: Actor, c: CaseRecord): NotificationRole | null {
    const reason = this.access.reasonFor(actor, c);
    if (reason === 'owner') return 'owner';
    if (reason === null || c.schoolId === null) return null;
    return this.access.schoolsLedBy(actor).includes(c.schoolId) ? 'leader' : null;
  }

  async record(actor: Actor, caseId: string, recordedByName: string): Promise<NotificationOutcome> {
    const outcome = await this.cases.withLockedCase(caseId, async (c, tx): Promise<NotificationOutcome> => {
      const role = this.roleOf(actor, c);
      // The gate of the change: noted for the access log (src/access/access-log.ts).
      if (!noteAccess({ caseId: c.id }, role !== null) || !role) return { kind: 'not-found' };
      const existing = await this.notifications.forCase(c.id, tx.trx);
      if (existing) return { kind: 'already-recorded', case: c, notification: existing };
      // A cancelled concern still had its signs: the duty to notify does not end with the cancellation.
      if (!safetyAnswers(storedIntake(c))) return { kind: 'no-concern', case: c };
      const notification = await this.notifications.record(tx.trx, {
        caseId: c.id,
        notifiedOn: copenhagenDate(this.clock()),
        recordedBy: actor.userId.toLowerCase(),
        // The directory's name, as the case card names people; Teams' display name for someone it does not know.
        recordedByName: (this.directory().person(actor.userId)?.displayName ?? (recordedByName.trim() || 'Ukendt')).slice(0, 200),
        recordedRole: role,
      });
      // The unique case id settles two presses on two instances: the second finds the first.
      const stands = notification ?? (await this.notifications.forCase(c.id, tx.trx));
      return notification ? { kind: 'recorded', case: c, notification } : { kind: 'already-recorded', case: c, notification: stands! };
    });
    return outcome ?? { kind: 'not-found' };
  }

  /** The recorded notifications of these cases (a list of cases marks them). */
  notificationsOf(caseIds: readonly string[]): Promise<Map<string, SafeguardingNotificationRecord>> {
    return this.notifications.forCases(caseIds);
  }

  /** The open safety cases of these schools without a recorded notification (ids, oldest first). */
  awaitingNotification(tenantId: string, schoolIds: readonly string[], limit: number): Promise<string[]> {
    return this.notifications.awaitingNotification(tenantId, schoolIds, limit);
  }

  /** What the actor sees of the case's safety: null when it is no safety case, or the actor is neither its owner nor a leader of its school. */
  async safetyFor(actor: Actor, c: CaseRecord): Promise<CaseSafety | null> {
    const answers = safetyAnswers(storedIntake(c));
    const viewer = this.roleOf(actor, c);
    if (!answers || !viewer) return null;
    const [notification, alerts] = await Promise.all([this.notifications.forCase(c.id), this.notifications.alertsForCase(c.id)]);
    const lookup = this.directory();
    const owner = lookup.person(c.ownerAadId);
    const alerted = new Map<string, AlertedLeader>();
    for (const a of alerts) {
      if (!a.recipientAadId) continue;
      const key = a.recipientAadId.toLowerCase();
      const before = alerted.get(key);
      // A leader alerted twice (a new sign): the first alert that reached them counts.
      if (before?.sentAt) continue;
      alerted.set(key, { name: lookup.person(key)?.displayName ?? 'En leder', sentAt: a.sentAt, state: a.state });
    }
    return {
      answers,
      ownerName: owner?.displayName ?? null,
      ownerAddress: viewer === 'leader' ? (owner?.upn ?? owner?.email ?? null) : null,
      flaggedAt: alerts[0]?.raisedAt ?? null,
      alerted: [...alerted.values()],
      notification,
      viewer,
    };
  }
}
