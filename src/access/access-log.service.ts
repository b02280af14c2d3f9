/**
 * What administrators (the directory's `admins`) read of the access log: the rows about one case,
 * or the rows of one person, newest first and bounded, with people's names from the directory
 * (the log itself holds ids only). Everyone else is refused, like the other admin commands.
 * Children are named nowhere: a case is its id, as in the log.
 */
import type { Actor } from '../domain/actor.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { AccessAction, AccessOutcome } from '../db/schema.js';
import { isUuid } from '../domain/values.js';
import type { AccessLogRepository } from './access-log.repository.js';

/** The most rows an administrator gets at once (the card shows the newest of them, the CSV all). */
export const ACCESS_LOG_LIMIT = 500;

export interface AccessLogLine {
  at: Date;
  actorAadId: string;
  /** The directory's name for the person, or null when the directory does not know them (any more). */
  actorName: string | null;
  action: AccessAction;
  outcome: AccessOutcome;
  verb: string;
  caseId: string | null;
  planId: string | null;
  requestId: string | null;
}

export type AccessLogAbout = { kind: 'case'; caseId: string } | { kind: 'person'; aadObjectId: string; name: string | null };

export type AccessLogOutcome =
  | { kind: 'forbidden' }
  /** No case id, AAD id or name was given. */
  | { kind: 'usage' }
  /** The words name no one in the directory (or several) and are not an id. */
  | { kind: 'unknown' }
  | { kind: 'log'; about: AccessLogAbout; lines: AccessLogLine[]; limited: boolean };

export class AccessLogService {
  constructor(
    private readonly repository: AccessLogRepository,
    private readonly directory: () => DirectoryLookup,
    private readonly isAdmin: (actor: Actor) => boolean,
  ) {}

  /** The log of the case or person `query` names: a case id, an AAD object id or a display name from the directory. */
  async find(actor: Actor, query: string): Promise<AccessLogOutcome> {
    if (!this.isAdmin(actor)) return { kind: 'forbidden' };
    const about = this.aboutOf(query.trim());
    if (about === null) return query.trim() === '' ? { kind: 'usage' } : { kind: 'unknown' };
    const lookup = this.directory();
    const rows = await this.repository.find(
      actor.tenantId,
      about.kind === 'case' ? { caseId: about.caseId } : { actorAadId: about.aadObjectId },
      ACCESS_LOG_LIMIT,
    );
    const lines = rows.map((r) => ({
      at: r.at,
      actorAadId: r.actorAadId,
      actorName: lookup.person(r.actorAadId)?.displayName ?? null,
      action: r.action,
      outcome: r.outcome,
      verb: r.verb,
      caseId: r.caseId,
      planId: r.planId,
      requestId: r.requestId,
    }));
    return { kind: 'log', about, lines, limited: rows.length >= ACCESS_LOG_LIMIT };
  }

  private aboutOf(query: string): AccessLogAbout | null {
    if (query === '') return null;
    const lookup = this.directory();
    if (isUuid(query)) {
      const person = lookup.person(query);
      return person
        ? { kind: 'person', aadObjectId: query.toLowerCase(), name: person.displayName }
        : { kind: 'case', caseId: query.toLowerCase() };
    }
    const aad = lookup.personNamed(query);
    return aad ? { kind: 'person', aadObjectId: aad, name: lookup.person(aad)?.displayName ?? null } : null;
  }
}
