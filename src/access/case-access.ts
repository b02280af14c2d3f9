/**
 * Who may see and act on a case (org.md, "Access, in one table"). Decided on the server from the
 * stored case and the organisation directory, on every read and every card action — never from
 * ids carried in card data.
 *
 * - the teacher who opened the case;
 * - the members of the team the case belongs to (the team comes from the directory when the case
 *   is started, see IntakeService);
 * - the leaders (skoleledelse) of the case's school.
 *
 * - (reading only) an adviser who has taken a sparring request of the case, while the directory
 *   still has them in the group the request is with: `canOpen`.
 *
 * The directory is read through a function, so a reload takes effect on the next check: access
 * follows the directory as it is now, also for what someone did while they were in a group.
 *
 * The gates, `canOpen` and `canSee`, note their decision about a case (with its id) for the access
 * log (access-log.context.ts), allowed or denied, with the plan or request the caller names in
 * `about`. `reasonFor` only answers why (a card's viewer, a button): it notes nothing.
 */
import type { DirectoryLookup } from '../directory/lookup.js';
import { sameId } from '../domain/values.js';
import type { DistrictPool, SchoolPool } from '../directory/schema.js';
import { noteAccess } from './access-log.context.js';

export interface CaseAccessSubject {
  tenantId: string;
  ownerAadId: string;
  schoolId: string | null;
  teamId: string | null;
  /** The case's id: decisions about a case with an id are noted for the access log. */
  id?: string;
}

/** The plan or sparring request of the case the check is about (for the access log). */
export interface AccessAbout {
  planId?: string;
  requestId?: string;
}

export interface AccessActor {
  tenantId: string;
  userId: string;
}

export type AccessReason = 'owner' | 'team' | 'leader';

/** An adviser group as a sparring request names it: the pool and the school (plc, akt) or district it belongs to. */
export interface AdviserGroup {
  pool: SchoolPool | DistrictPool;
  owner: string;
}

/**
 * Whether the actor has taken a sparring request of the case that is with one of `groups` (the
 * groups the directory has them in now; never empty).
 */
export type ClaimedIn = (actor: AccessActor, caseId: string, groups: readonly AdviserGroup[]) => Promise<boolean>;

export class CaseAccess {
  /**
   * `claimedIn` answers whether the actor has taken a sparring request of the case that is with a
   * group they are in now (advisers may then open the case and its plans, not change them).
   */
  constructor(
    private readonly directory: () => DirectoryLookup,
    private readonly claimedIn: ClaimedIn = async () => false,
  ) {}

  /**
   * May the actor open (read) the case and its plans: everyone who may see it, and the adviser who
   * took a request of it while they are still in the group the request is with.
   */
  async canOpen<T extends CaseAccessSubject & { id: string }>(actor: AccessActor, c: T | null, about: AccessAbout = {}): Promise<boolean> {
    if (!c) return false;
    return noteAccess({ caseId: c.id, ...about }, await this.opens(actor, c));
  }

  /**
   * Whether `canOpen` would let the actor in, noting nothing: for a gate that refuses the action
   * anyway (a change on a closed case) and notes its own refusal.
   */
  async wouldOpen(actor: AccessActor, c: CaseAccessSubject & { id: string }): Promise<boolean> {
    return this.opens(actor, c);
  }

  private async opens(actor: AccessActor, c: CaseAccessSubject & { id: string }): Promise<boolean> {
    if (this.reasonFor(actor, c) !== null) return true;
    const lookup = this.directory();
    if (!sameId(c.tenantId, actor.tenantId) || !lookup.isKnownTenant(c.tenantId)) return false;
    const groups: AdviserGroup[] = lookup
      .rolesOf(actor.userId)
      .adviserIn.map((ref) => ({ pool: ref.pool, owner: ref.kind === 'school' ? ref.schoolId : ref.districtId }));
    return groups.length > 0 && (await this.claimedIn(actor, c.id, groups));
  }

  /** Why the actor may see the case (the strongest reason), or null when they may not. */
  reasonFor(actor: AccessActor, c: CaseAccessSubject | null): AccessReason | null {
    if (!c || !sameId(c.tenantId, actor.tenantId)) return null;
    if (sameId(c.ownerAadId, actor.userId)) return 'owner';
    if (!c.schoolId) return null;
    const lookup = this.directory();
    if (!lookup.isKnownTenant(c.tenantId)) return null;
    const roles = lookup.rolesOf(actor.userId);
    if (c.teamId && roles.teacherOf.some((t) => t.schoolId === c.schoolId && t.teamId === c.teamId)) return 'team';
    if (roles.leaderOf.includes(c.schoolId)) return 'leader';
    return null;
  }

  canSee<T extends CaseAccessSubject>(actor: AccessActor, c: T | null, about: AccessAbout = {}): c is T {
    const reason = this.reasonFor(actor, c);
    if (c?.id) noteAccess({ caseId: c.id, ...about }, reason !== null);
    return reason !== null;
  }

  /** The schools whose cases the actor sees as a leader. */
  schoolsLedBy(actor: AccessActor): string[] {
    const lookup = this.directory();
    return lookup.isKnownTenant(actor.tenantId) ? lookup.rolesOf(actor.userId).leaderOf : [];
  }
}
