/**
 * Retention (issue 13): deletes cases when their time is up, after warning the owner and the school's
 * leaders (src/domain/retention.ts decides when). Runs in every planning round (src/proactive/jobs.ts),
 * but acts on a case only on a school day within working hours of its school's calendar, so a warning
 * arrives when someone can act on it, and nothing disappears over a holiday.
 *
 * - Warning: the case's `retention_warned_at` and one `retention-warning` outbox row per recipient
 *   are written in one transaction; the rows' idempotency keys name the case, the announced day and
 *   the recipient, so instances running at once warn once.
 * - Deletion: in one transaction, under the case's row lock and after checking again that nobody
 *   touched it meanwhile, the case and everything of it go: its own outbox rows, its plans out of
 *   merged reminders, then the case, whose foreign keys take its recommendations, plans, versions,
 *   evaluations, sparring requests and their events, PKU decisions and the notification with it.
 *   What "everything of it" is lives in case-deletion.ts, shared with an administrator's erasure.
 *
 * - People who left: a personal conversation reference whose person the organisation directory no
 *   longer has, and who has not been seen (the reference not refreshed) for `leaverGraceDays`, is
 *   deleted with the messages still waiting for them. The grace period covers a directory file
 *   that is briefly wrong, and someone who moves between schools.
 *
 * No figures are kept of a deleted case: the weekly digest and the school's lists count the cases
 * that exist. The log line says how many cases were warned and deleted, never which.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import { schoolCalendar } from '../directory/lookup.js';
import { isSendTime } from '../domain/calendar.js';
import { candidateBounds, retentionStep, type RetentionPolicy, type RetentionSubject } from '../domain/retention.js';
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import { personalRefKey } from '../conversations/conversation-ref.repository.js';
import type { RetentionWarningPayload } from '../proactive/kinds/retention-warning.js';
import { deleteCaseEverything } from './case-deletion.js';

export interface RetentionDeps {
  database: Database;
  outbox: OutboxRepository;
  directory: () => DirectoryLookup;
  policy: RetentionPolicy;
  /** Days after a person was last seen that their reference goes, once the directory no longer has them. */
  leaverGraceDays: number;
  logger: Logger;
}

/**
 * Rows read per page. Every round pages through all candidates (cases, and idle references) by id or
 * key: a page may be full of cases waiting out their warning or outside their school's working hours,
 * or of current staff back from a holiday, and a single page would then hide the rest for good.
 */
const BATCH = 200;

/** The latest change to the case, its plans or its sparring requests: what "untouched" is counted from. */
const touchedAt = sql<Date>`greatest(
  c.updated_at,
  coalesce((select max(p.updated_at) from plans p where p.case_id = c.id), c.updated_at),
  coalesce((select max(r.updated_at) from sparring_requests r where r.case_id = c.id), c.updated_at))`;

interface Candidate {
  id: string;
  owner_aad_id: string;
  school_id: string | null;
  closed_at: Date | null;
  retention_warned_at: Date | null;
  touched_at: Date;
}

const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const subjectOf = (row: Candidate): RetentionSubject => ({
  closedAt: row.closed_at ? toDate(row.closed_at) : null,
  touchedAt: toDate(row.touched_at),
  warnedAt: row.retention_warned_at ? toDate(row.retention_warned_at) : null,
});

export class RetentionJob {
  constructor(private readonly deps: RetentionDeps) {}

  /** One round: warns and deletes what is due now; `planned` counts the warnings written. */
  async run(now: Date): Promise<{ planned: number }> {
    const lookup = this.deps.directory();
    const tenantId = lookup.directory.tenantId;
    const { closedBefore, touchedBefore } = candidateBounds(now, this.deps.policy);
    let planned = 0;
    let deleted = 0;
    for (let after: string | undefined, more = true; more;) {
      const rows = await this.candidates(this.deps.database.db, tenantId, closedBefore, touchedBefore, { after });
      for (const row of rows) {
        if (!isSendTime(now, schoolCalendar(lookup, row.school_id))) continue;
        const step = retentionStep(subjectOf(row), now, this.deps.policy);
        if (step.kind === 'warn') planned += await this.warn(lookup, tenantId, row, step.deleteAt, now);
        if (step.kind === 'delete' && (await this.delete(row.id, now))) deleted += 1;
      }
      more = rows.length === BATCH;
      after = rows.at(-1)?.id;
    }
    const leavers = await this.purgeLeavers(lookup, tenantId, now);
    if (planned > 0 || deleted > 0 || leavers > 0)
      this.deps.logger.info({ warnings: planned, deleted, leavers }, 'retention: cases warned and deleted, leavers removed');
    return { planned };
  }

  /** Deletes the references (and unsent messages) of people the directory no longer has, after the grace period; how many people. */
  private async purgeLeavers(lookup: DirectoryLookup, tenantId: string, now: Date): Promise<number> {
    const seenBefore = new Date(now.getTime() - this.deps.leaverGraceDays * 24 * 60 * 60 * 1000);
    const gone: { key: string }[] = [];
    for (let after: string | undefined, more = true; more;) {
      let query = this.deps.database.db
        .selectFrom('conversation_refs')
        .select(['key', 'aad_object_id'])
        .where('tenant_id', '=', tenantId)
        .where('aad_object_id', 'is not', null)
        .where('conversation_type', '=', 'personal')
        .where('updated_at', '<=', seenBefore);
      if (after !== undefined) query = query.where('key', '>', after);
      const refs = await query.orderBy('key').limit(BATCH).execute();
      gone.push(...refs.filter((r) => !lookup.person(r.aad_object_id!)));
      more = refs.length === BATCH;
      after = refs.at(-1)?.key;
    }
    for (const ref of gone) {
      await this.deps.database.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('outbox').where('recipient_key', '=', ref.key).where('state', 'in', ['pending', 'waiting']).execute();
        await trx.deleteFrom('conversation_refs').where('key', '=', ref.key).where('updated_at', '<=', seenBefore).execute();
      });
    }
    return gone.length;
  }

  /** One page of candidates, by id: the one case `id`, or those after `after`. */
  private candidates(
    db: Database['db'] | Transaction<Tables>,
    tenantId: string,
    closedBefore: Date,
    touchedBefore: Date,
    page: { id?: string; after?: string },
  ) {
    let query = db
      .selectFrom('cases as c')
      .select(['c.id', 'c.owner_aad_id', 'c.school_id', 'c.closed_at', 'c.retention_warned_at', touchedAt.as('touched_at')])
      .where('c.tenant_id', '=', tenantId)
      .where(
        sql<boolean>`((c.closed_at is not null and c.closed_at <= ${closedBefore}) or (c.closed_at is null and ${touchedAt} <= ${touchedBefore}))`,
      );
    if (page.id) query = query.where('c.id', '=', page.id);
    if (page.after) query = query.where('c.id', '>', page.after);
    return query.orderBy('c.id').limit(BATCH).execute() as Promise<Candidate[]>;
  }

  private async warn(lookup: DirectoryLookup, tenantId: string, row: Candidate, deleteAt: Date, now: Date): Promise<number> {
    const recipients = [
      ...new Set(
        [row.owner_aad_id, ...(row.school_id ? lookup.leadersOf(row.school_id).map((p) => p.aadObjectId) : [])].map((a) => a.toLowerCase()),
      ),
    ];
    const payload: RetentionWarningPayload = {
      caseId: row.id,
      deleteAt: deleteAt.toISOString(),
      touchedAt: toDate(row.touched_at).toISOString(),
    };
    return this.deps.database.db.transaction().execute(async (trx) => {
      // Not through CaseRepository.update: the warning is no change to the case, and must not move updated_at.
      await trx.updateTable('cases').set({ retention_warned_at: now }).where('id', '=', row.id).execute();
      let written = 0;
      for (const aad of recipients) {
        const message = await this.deps.outbox.enqueue(
          {
            kind: 'retention-warning',
            tenantId,
            recipientKey: personalRefKey(tenantId, aad),
            recipientAadId: aad,
            payload,
            idempotencyKey: `retention-warning:${row.id}:${payload.deleteAt.slice(0, 10)}:${aad}`,
            dueAt: now,
            expiresAt: deleteAt,
          },
          trx,
        );
        if (message) written += 1;
      }
      return written;
    });
  }

  /** Deletes the case and everything of it, if it is still due under its lock; whether it did. */
  private async delete(caseId: string, now: Date): Promise<boolean> {
    return this.deps.database.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('cases').select(['id', 'tenant_id']).where('id', '=', caseId).forUpdate().executeTakeFirst();
      if (!locked) return false;
      const { closedBefore, touchedBefore } = candidateBounds(now, this.deps.policy);
      const [row] = await this.candidates(trx, locked.tenant_id, closedBefore, touchedBefore, { id: caseId });
      if (!row || retentionStep(subjectOf(row), now, this.deps.policy).kind !== 'delete') return false;
      // The deletion itself is shared with an administrator's erasure (case-deletion.ts).
      await deleteCaseEverything(trx, caseId);
      return true;
    });
  }
}
