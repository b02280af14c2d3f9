/**
 * Erasure (issue 13, "Insight and erasure"): an administrator deletes one case now, for a data
 * subject's request to be forgotten or a case that should never have been made. It lives beside the
 * insight (case-insight.service.ts) because the two answer the same requests for the same people,
 * find a case by the same reference, and are gated alike: only the directory's `admins` of the case's
 * tenant, never from card data. What is deleted is not decided here: the retention job's deletion
 * (src/retention/case-deletion.ts) is the one definition of "the case and everything of it".
 *
 * Two steps. `ask` finds the case (its id, or the start of it) and returns what the confirmation card
 * shows; nothing changes. `erase` deletes it under the case's row lock, only when the case is still
 * at the contents version the card was drawn at (`contentsVersion`: the case, its plans or requests changed since: shown again, to be looked at before
 * it goes); a case that is gone is answered with when and by whom, when the access log still knows.
 *
 * The access log (src/access/access-log.context.ts): asking about a case is a read of it, the erasure
 * an `erase` (the verbs `admin.erase` and `admin.erase.confirm`; migration 0015), and a refused attempt on an existing
 * case is noted as refused. A stale confirmation notes nothing: nothing was changed.
 */
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from '../domain/actor.js';
import { isUuid, sameId } from '../domain/values.js';
import { noteAccess } from '../access/access-log.context.js';
import type { AccessLogRepository } from '../access/access-log.repository.js';
import type { CaseRecord, CaseRepository, CaseStatus } from '../cases/case.repository.js';
import { type CaseContents, caseContents, contentsVersion, deleteCaseEverything } from '../retention/case-deletion.js';
import { CASE_REF_PATTERN } from './case-insight.service.js';

/** What the confirmation card shows of the case. */
export interface ErasableCase {
  caseId: string;
  seq: number;
  pseudonym: string | null;
  schoolId: string | null;
  status: CaseStatus;
  createdAt: Date;
  updatedAt: Date;
  contents: CaseContents;
}

/** An earlier erasure of a case, as the access log has it. */
export interface ErasureRecord {
  at: Date;
  /** The administrator's AAD object id. */
  by: string;
}

export type EraseAskOutcome =
  | { kind: 'confirm'; case: ErasableCase }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  /** A short id that more than one case of the tenant starts with. */
  | { kind: 'ambiguous'; count: number };

export type EraseOutcome =
  | { kind: 'erased'; caseId: string; contents: CaseContents }
  /** The case changed since the card was drawn: shown again, not deleted. */
  | { kind: 'stale'; case: ErasableCase }
  /** There is no such case (any more); `erased` when the access log still has its erasure. */
  | { kind: 'gone'; erased: ErasureRecord | null }
  | { kind: 'forbidden' };

type Erased = Extract<EraseOutcome, { kind: 'erased' }>;

export type EraseCancelOutcome = { kind: 'cancelled' } | { kind: 'forbidden' };

export interface CaseErasureDeps {
  database: Database;
  cases: Pick<CaseRepository, 'get' | 'withLockedCase'>;
  /** Whether the actor is one of the directory's administrators of its tenant. */
  isAdmin: (actor: Actor) => boolean;
  /** The case's latest erasure in the access log, if it still has one. */
  erasedBefore: (tenantId: string, caseId: string) => Promise<ErasureRecord | null>;
}

/** The verb of the erasure's confirmation, as the access log names it. */
export const ERASE_VERB = 'admin.erase.confirm';

/** `erasedBefore` from the access log's rows about the case: the newest allowed erasure. */
export function erasureFromAccessLog(repository: Pick<AccessLogRepository, 'find'>) {
  return async (tenantId: string, caseId: string): Promise<ErasureRecord | null> => {
    const rows = await repository.find(tenantId, { caseId }, 500);
    const row = rows.find((r) => r.verb === ERASE_VERB && r.outcome === 'allowed' && r.action === 'erase');
    return row ? { at: row.at, by: row.actorAadId } : null;
  };
}

export class CaseErasureService {
  constructor(private readonly deps: CaseErasureDeps) {}

  /** Whether the actor may erase cases at all (an administrator in the directory). */
  mayErase(actor: Actor): boolean {
    return this.deps.isAdmin(actor);
  }

  /** The case `ref` names (its id, or the start of it), for the confirmation card; nothing is changed. */
  async ask(actor: Actor, ref: string): Promise<EraseAskOutcome> {
    const caseRef = ref.trim().toLowerCase();
    if (!this.mayErase(actor)) {
      if (isUuid(caseRef)) await this.noteRefused(actor, caseRef);
      return { kind: 'forbidden' };
    }
    if (!CASE_REF_PATTERN.test(caseRef)) return { kind: 'not-found' };
    const matches = await this.deps.database.db
      .selectFrom('cases')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where(isUuid(caseRef) ? sql<boolean>`id = ${caseRef}::uuid` : sql<boolean>`starts_with(id::text, ${caseRef})`)
      .limit(10)
      .execute();
    if (matches.length > 1) return { kind: 'ambiguous', count: matches.length };
    const found = matches[0] ? await this.erasable(actor, matches[0].id) : null;
    if (!found) return { kind: 'not-found' };
    noteAccess({ caseId: found.caseId }, true);
    return { kind: 'confirm', case: found };
  }

  /** Deletes the case and everything of it, if the actor is an administrator and the case is at `seq` still. */
  async erase(actor: Actor, command: { caseId: string; seq: number }): Promise<EraseOutcome> {
    if (!this.mayErase(actor)) {
      await this.noteRefused(actor, command.caseId);
      return { kind: 'forbidden' };
    }
    const outcome = await this.deps.cases.withLockedCase(command.caseId, async (c, tx): Promise<Erased | 'stale' | null> => {
      // Another tenant's case is no case here.
      if (!sameId(c.tenantId, actor.tenantId)) return null;
      // The card's `seq` is the case's contents version (contentsVersion): any change to the case, a plan or a request since.
      if ((await contentsVersion(tx.trx, c.id)) !== command.seq) return 'stale';
      const contents = await deleteCaseEverything(tx.trx, c.id);
      return contents ? { kind: 'erased', caseId: c.id, contents } : null;
    });
    if (outcome === 'stale') {
      // Read again after the lock is released (on PGlite the outer connection waits for it).
      const current = await this.erasable(actor, command.caseId);
      return current ? { kind: 'stale', case: current } : this.gone(actor, command.caseId);
    }
    if (outcome === null) return this.gone(actor, command.caseId);
    noteAccess({ caseId: outcome.caseId }, true);
    return outcome;
  }

  /** "Annullér" on the confirmation card: nothing is deleted; an administrator's button only. */
  async cancel(actor: Actor, caseId: string): Promise<EraseCancelOutcome> {
    if (this.mayErase(actor)) return { kind: 'cancelled' };
    await this.noteRefused(actor, caseId);
    return { kind: 'forbidden' };
  }

  private async gone(actor: Actor, caseId: string): Promise<EraseOutcome> {
    return { kind: 'gone', erased: await this.deps.erasedBefore(actor.tenantId, caseId) };
  }

  /** The case with what it holds, if it is the actor's tenant's. */
  private async erasable(actor: Actor, caseId: string): Promise<ErasableCase | null> {
    const c: CaseRecord | null = await this.deps.cases.get(caseId);
    if (!c || !sameId(c.tenantId, actor.tenantId)) return null;
    const contents = await caseContents(this.deps.database.db, c.id);
    const version = await contentsVersion(this.deps.database.db, c.id);
    if (!contents || version === null) return null;
    return {
      caseId: c.id,
      seq: version,
      pseudonym: c.pseudonym,
      schoolId: c.schoolId,
      status: c.status,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      contents,
    };
  }

  /** A refused attempt on a case of the actor's tenant is in the access log (an unknown id names nothing). */
  private async noteRefused(actor: Actor, caseId: string): Promise<void> {
    if (!isUuid(caseId)) return;
    const c = await this.deps.cases.get(caseId.toLowerCase());
    if (c && sameId(c.tenantId, actor.tenantId)) noteAccess({ caseId: c.id }, false);
  }
}
