/**
 * Safeguarding alerts to the school's leaders (issue 4): enqueued at once, whatever the day or
 * hour, when a teacher's answers raise a safeguarding concern. One alert per leader per distinct
 * set of concerns, so answering again with the same concerns does not alert twice, while a new
 * concern (or acute danger) does.
 *
 * The teacher's own duty to notify is not lifted by this alert; the teacher's card says so.
 */
import { createHash } from 'node:crypto';
import type { Safeguarding } from '../domain/recommendation.js';
import type { Playbook } from '../domain/playbook.js';
import { formatAnswer } from '../domain/questions.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { CaseRepository } from '../cases/case.repository.js';
import { personalRefKey } from '../conversations/conversation-ref.repository.js';
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import type { Logger } from '../log.js';

/** An alert nobody could receive in a month is not delivered any more (the leader will have heard). */
const ALERT_LIFETIME_MS = 30 * 86_400_000;

export interface NotifierDeps {
  cases: CaseRepository;
  outbox: OutboxRepository;
  directory: () => DirectoryLookup;
  playbook: Playbook;
  logger: Logger;
  clock: () => Date;
  /** Called after rows were enqueued, so the dispatcher sends them now rather than at its next poll. */
  wake: () => void;
}

export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  /** Alerts the leaders of the case's school; returns how many alerts were enqueued. */
  async safeguardingRaised(caseId: string, safeguarding: Safeguarding, reportedBy: string): Promise<number> {
    const c = await this.deps.cases.get(caseId);
    if (!c) return 0;
    const lookup = this.deps.directory();
    const leaders = c.schoolId && lookup.isKnownTenant(c.tenantId) ? lookup.leadersOf(c.schoolId) : [];
    if (leaders.length === 0) {
      // A teacher the directory does not know: no school, no leader to alert. The teacher's card
      // tells them to tell the leadership themselves.
      this.deps.logger.warn({ caseId }, 'safeguarding concern without a school leader to alert');
      return 0;
    }
    const concerns = safeguarding.concerns.map((concern) => formatAnswer('safety', [concern], this.deps.playbook));
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([safeguarding.acute, [...safeguarding.concerns].sort()]))
      .digest('hex')
      .slice(0, 16);
    const now = this.deps.clock();
    let enqueued = 0;
    for (const leader of leaders) {
      const aad = leader.aadObjectId.toLowerCase();
      const row = await this.deps.outbox.enqueue({
        kind: 'safeguarding-alert',
        tenantId: c.tenantId,
        recipientKey: personalRefKey(c.tenantId, aad),
        recipientAadId: aad,
        payload: { caseId: c.id, reportedBy: reportedBy.slice(0, 200), at: now.toISOString(), acute: safeguarding.acute, concerns },
        idempotencyKey: `safeguarding:${c.id}:${fingerprint}:${aad}`,
        dueAt: now,
        expiresAt: new Date(now.getTime() + ALERT_LIFETIME_MS),
      });
      if (row) enqueued += 1;
    }
    if (enqueued > 0) {
      this.deps.logger.info({ caseId, alerts: enqueued }, 'safeguarding alert enqueued');
      this.deps.wake();
    }
    return enqueued;
  }
}
