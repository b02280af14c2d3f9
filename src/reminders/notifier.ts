/**
 * Safeguarding alerts to the school's leaders (issue 4): enqueued at once, whatever the day or
 * hour, when a teacher's answers raise a safeguarding concern. One alert per leader per distinct
 * set of concerns, so answering again with the same concerns does not alert twice, while a new
 * concern (or acute danger) does.
 *
 * The teacher's own duty to notify is not lifted by this alert; the teacher's card says so.
 * The rows, their payload and their card are the `safeguarding-alert` kind (src/proactive/kinds/).
 */
import type { Safeguarding } from '../domain/recommendation.js';
import type { Playbook } from '../domain/playbook.js';
import { formatAnswer } from '../domain/questions.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import type { Logger } from '../log.js';
import { enqueueSafeguardingAlerts } from '../proactive/kinds/safeguarding-alert.js';

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

  /**
   * Alerts the leaders of the case's school. Returns how many alerts were enqueued (none when the
   * same concerns were alerted before) and the names of the leaders alerted now or before, so the
   * teacher's card can say who knows (none: the directory knows no leader to alert).
   */
  async safeguardingRaised(
    caseId: string,
    safeguarding: Safeguarding,
    reportedBy: string,
  ): Promise<{ enqueued: number; leaders: string[] }> {
    const c = await this.deps.cases.get(caseId);
    if (!c) return { enqueued: 0, leaders: [] };
    const leaders = this.leadersOf(c);
    if (leaders.length === 0) {
      // A teacher the directory does not know: no school, no leader to alert. The teacher's card
      // tells them to tell the leadership themselves.
      this.deps.logger.warn({ caseId }, 'safeguarding concern without a school leader to alert');
      return { enqueued: 0, leaders: [] };
    }
    const concerns = safeguarding.concerns.map((concern) => formatAnswer('safety', [concern], this.deps.playbook));
    const enqueued = await enqueueSafeguardingAlerts(
      this.deps.outbox,
      {
        tenantId: c.tenantId,
        caseId: c.id,
        reportedBy,
        acute: safeguarding.acute,
        codes: safeguarding.concerns,
        concerns,
        parentsOnHold: safeguarding.parentsOnHold,
      },
      leaders.map((leader) => leader.aadObjectId.toLowerCase()),
      this.deps.clock(),
    );
    if (enqueued > 0) {
      this.deps.logger.info({ caseId, alerts: enqueued }, 'safeguarding alert enqueued');
      this.deps.wake();
    }
    return { enqueued, leaders: leaders.map((leader) => leader.displayName) };
  }

  /** The names of the leaders a safeguarding alert on the case goes to (from the directory); none when unknown. */
  async leaderNames(caseId: string): Promise<string[]> {
    const c = await this.deps.cases.get(caseId);
    return c ? this.leadersOf(c).map((leader) => leader.displayName) : [];
  }

  private leadersOf(c: { tenantId: string; schoolId: string | null }) {
    const lookup = this.deps.directory();
    return c.schoolId && lookup.isKnownTenant(c.tenantId) ? lookup.leadersOf(c.schoolId) : [];
  }
}
