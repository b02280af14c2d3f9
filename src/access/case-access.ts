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
 * - (reading only) an adviser who has taken a sparring request of the case: `canOpen`.
 *
 * The directory is read through a function, so a reload takes effect on the next check.
 */
import type { DirectoryLookup } from '../directory/lookup.js';

export interface CaseAccessSubject {
  tenantId: string;
  ownerAadId: string;
  schoolId: string | null;
  teamId: string | null;
}

export interface AccessActor {
  tenantId: string;
  userId: string;
}

export type AccessReason = 'owner' | 'team' | 'leader';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class CaseAccess {
  /**
   * `claimedBy` answers whether the actor has taken a sparring request of the case (advisers may
   * then open the case and its plans, not change them).
   */
  constructor(
    private readonly directory: () => DirectoryLookup,
    private readonly claimedBy: (actor: AccessActor, caseId: string) => Promise<boolean> = async () => false,
  ) {}

  /** May the actor open (read) the case and its plans: everyone who may see it, and the adviser who took a request of it. */
  async canOpen<T extends CaseAccessSubject & { id: string }>(actor: AccessActor, c: T | null): Promise<boolean> {
    if (!c) return false;
    if (this.reasonFor(actor, c) !== null) return true;
    return same(c.tenantId, actor.tenantId) && this.directory().isKnownTenant(c.tenantId) && (await this.claimedBy(actor, c.id));
  }

  /** Why the actor may see the case (the strongest reason), or null when they may not. */
  reasonFor(actor: AccessActor, c: CaseAccessSubject | null): AccessReason | null {
    if (!c || !same(c.tenantId, actor.tenantId)) return null;
    if (same(c.ownerAadId, actor.userId)) return 'owner';
    if (!c.schoolId) return null;
    const lookup = this.directory();
    if (!lookup.isKnownTenant(c.tenantId)) return null;
    const roles = lookup.rolesOf(actor.userId);
    if (c.teamId && roles.teacherOf.some((t) => t.schoolId === c.schoolId && t.teamId === c.teamId)) return 'team';
    if (roles.leaderOf.includes(c.schoolId)) return 'leader';
    return null;
  }

  canSee<T extends CaseAccessSubject>(actor: AccessActor, c: T | null): c is T {
    return this.reasonFor(actor, c) !== null;
  }

  /** The schools whose cases the actor sees as a leader. */
  schoolsLedBy(actor: AccessActor): string[] {
    const lookup = this.directory();
    return lookup.isKnownTenant(actor.tenantId) ? lookup.rolesOf(actor.userId).leaderOf : [];
  }
}
