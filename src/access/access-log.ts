/**
 * The access log (issue 13): every case, plan, evaluation and sparring request someone reads,
 * changes or exports, or is refused, by whom, through which verb and when.
 *
 * How it is written. The bot's edge runs each verb's handler inside `during` (src/bot/handlers.ts),
 * which opens the turn's scope (access-log.context.ts); the access checks note what they decided
 * in it; when the handler has finished, the turn's rows are written in ONE insert, before the
 * answer is sent. Not in the services' transactions: reads have none, threading the log through
 * every repository would be the scattered calls this design avoids, and a log that fails to be
 * written must not undo a teacher's saved plan or break the turn. So a failure is logged (the
 * verb and the number of rows; never ids of children or any text) and the turn goes on; the
 * price is that a crash between the change and the insert loses that turn's rows. One insert per
 * turn that touched a case costs about a millisecond.
 *
 * How long. Rows older than ACCESS_LOG_RETENTION_MONTHS are deleted by `purge`, which the
 * planning loop runs every round (src/proactive/jobs.ts); nothing else deletes or changes them.
 */
import type { Actor } from '../domain/actor.js';
import type { Logger } from '../log.js';
import type { AccessAction } from '../db/schema.js';
import { TurnAccesses, withAccessNotes } from './access-log.context.js';
import type { AccessLogRepository } from './access-log.repository.js';

export interface AccessLogOptions {
  repository: AccessLogRepository;
  /** What a verb does (VERB_ACCESS_ACTIONS in access-log.actions.ts). */
  actionOf: (verb: string) => AccessAction;
  /** The bot's clock: rows carry its time, and the purge counts back from it. */
  clock: () => Date;
  logger: Logger;
  /** How long rows are kept (the configuration's accessLogRetentionMonths). */
  retentionMonths: number;
}

/** The moment `months` calendar months before `now` (the 31st goes to the month's last day). */
export function monthsBefore(now: Date, months: number): Date {
  const cutoff = new Date(now.getTime());
  const day = cutoff.getUTCDate();
  cutoff.setUTCDate(1);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  const last = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0)).getUTCDate();
  cutoff.setUTCDate(Math.min(day, last));
  return cutoff;
}

export class AccessLog {
  constructor(private readonly options: AccessLogOptions) {}

  /** Runs a verb's handler with the turn's scope open, then writes what its checks noted (see the module comment). */
  async during<T>(actor: Actor, verb: string, fn: () => Promise<T>): Promise<T> {
    const notes = new TurnAccesses();
    const at = this.options.clock();
    try {
      return await withAccessNotes(notes, fn);
    } finally {
      await this.write(actor, verb, at, notes);
    }
  }

  private async write(actor: Actor, verb: string, at: Date, notes: TurnAccesses): Promise<void> {
    const entries = notes.entries();
    if (entries.length === 0) return;
    const action = this.options.actionOf(verb);
    try {
      await this.options.repository.append(
        entries.map((e) => ({
          tenantId: actor.tenantId,
          actorAadId: actor.userId,
          action,
          outcome: e.allowed ? 'allowed' : 'denied',
          verb,
          caseId: e.caseId,
          planId: e.planId,
          requestId: e.requestId,
          at,
        })),
      );
    } catch (error) {
      this.options.logger.error({ err: error, verb, rows: entries.length }, 'access log: rows not written');
    }
  }

  /** Deletes rows older than the retention period, counted back from the bot's clock; returns how many. */
  async purge(now: Date = this.options.clock()): Promise<number> {
    const deleted = await this.options.repository.purgeBefore(monthsBefore(now, this.options.retentionMonths));
    if (deleted > 0) this.options.logger.info({ deleted }, 'access log: rows past their retention deleted');
    return deleted;
  }
}
