/**
 * Questions asked of a parsed organisation directory: who is this person, which teams are theirs,
 * who leads a school, who is in a pool. Pure: built from a `Directory`, no I/O. The indexes are
 * built once per directory (a reload builds a new lookup).
 *
 * Ids from Teams (`aadObjectId`, `tenantId`) are compared case-insensitively.
 */
import {
  DISTRICT_POOLS,
  SCHOOL_POOLS,
  type Channel,
  type Directory,
  type District,
  type DistrictPool,
  type Person,
  type Pool,
  type School,
  type SchoolHoliday,
  type SchoolPool,
  type Team,
} from './schema.js';
import type { SchoolCalendar } from '../domain/calendar.js';

/** A team, named by its school: team ids are unique only within a school. */
export interface TeamRef {
  schoolId: string;
  teamId: string;
}

/** A team a person belongs to, with the names to show. */
export interface TeamMembership extends TeamRef {
  teamName: string;
  schoolName: string;
}

/** A pool of advisers: a school's PLC or AKT, or a district's practice advisers, advisory team or family services. */
export type PoolRef = { kind: 'school'; schoolId: string; pool: SchoolPool } | { kind: 'district'; districtId: string; pool: DistrictPool };

export interface Roles {
  /** False for someone the directory does not know: a teacher by default, with no teams. */
  known: boolean;
  teacherOf: TeamMembership[];
  leaderOf: string[];
  adviserIn: PoolRef[];
  districtCouncilOf: string[];
  forvaltning: boolean;
  admin: boolean;
}

/** The calendar of one school, shaped as the scheduler's `SchoolCalendar`. */
export interface CalendarFor {
  timeZone: string;
  workingHours: { start: string; end: string };
  holidays: { from: string; to: string; name: string }[];
}

/**
 * The school calendar the scheduler computes with (school days, send times, deadlines), from the
 * directory: its time zone, working hours and the school's holidays. No school: the directory's own.
 */
export function schoolCalendar(lookup: DirectoryLookup, schoolId: string | null | undefined): SchoolCalendar {
  const c = lookup.calendarFor(schoolId ?? undefined);
  return { timeZone: c.timeZone, workingHours: c.workingHours, holidays: c.holidays };
}

const norm = (id: string): string => id.trim().toLowerCase();

export function samePoolRef(a: PoolRef, b: PoolRef): boolean {
  if (a.kind === 'school' && b.kind === 'school') return a.schoolId === b.schoolId && a.pool === b.pool;
  if (a.kind === 'district' && b.kind === 'district') return a.districtId === b.districtId && a.pool === b.pool;
  return false;
}

export class DirectoryLookup {
  private readonly people = new Map<string, Person>();
  private readonly schools = new Map<string, School>();
  private readonly districts = new Map<string, District>();
  private readonly roles = new Map<string, Roles>();
  private readonly forvaltningIds: ReadonlySet<string>;
  private readonly adminIds: ReadonlySet<string>;

  constructor(readonly directory: Directory) {
    for (const p of directory.people) this.people.set(norm(p.aadObjectId), p);
    for (const s of directory.schools) this.schools.set(s.id, s);
    for (const d of directory.districts) this.districts.set(d.id, d);
    this.forvaltningIds = new Set(directory.forvaltning.map(norm));
    this.adminIds = new Set(directory.admins.map(norm));

    const rolesFor = (id: string): Roles => {
      const key = norm(id);
      let r = this.roles.get(key);
      if (!r) {
        r = emptyRoles();
        this.roles.set(key, r);
      }
      return r;
    };
    for (const district of directory.districts) {
      for (const m of district.distriktsraad) pushOnce(rolesFor(m).districtCouncilOf, district.id);
      for (const pool of DISTRICT_POOLS) {
        for (const m of district[pool].members) rolesFor(m).adviserIn.push({ kind: 'district', districtId: district.id, pool });
      }
    }
    for (const school of directory.schools) {
      for (const m of school.skoleledelse) pushOnce(rolesFor(m).leaderOf, school.id);
      for (const pool of SCHOOL_POOLS) {
        for (const m of school[pool].members) rolesFor(m).adviserIn.push({ kind: 'school', schoolId: school.id, pool });
      }
      for (const team of school.teams) {
        for (const m of team.members) {
          rolesFor(m).teacherOf.push({ schoolId: school.id, teamId: team.id, teamName: team.name, schoolName: school.name });
        }
      }
    }
  }

  /** True when the activity's tenant is the municipality's. */
  isKnownTenant(tenantId: string | undefined | null): boolean {
    return typeof tenantId === 'string' && norm(tenantId) === this.directory.tenantId;
  }

  person(aadObjectId: string): Person | undefined {
    return this.people.get(norm(aadObjectId));
  }

  /** The AAD object id of the one person with this display name (case-insensitive); null when none or several. */
  personNamed(displayName: string): string | null {
    const wanted = displayName.trim().toLocaleLowerCase('da-DK');
    if (!wanted) return null;
    const found = this.directory.people.filter((p) => p.displayName.trim().toLocaleLowerCase('da-DK') === wanted);
    return found.length === 1 ? norm(found[0]!.aadObjectId) : null;
  }

  /** Every role the person holds; someone unknown holds none (and is treated as a teacher with no teams). */
  rolesOf(aadObjectId: string): Roles {
    const key = norm(aadObjectId);
    const base = this.roles.get(key) ?? emptyRoles();
    return {
      known: this.people.has(key),
      teacherOf: [...base.teacherOf],
      leaderOf: [...base.leaderOf],
      adviserIn: [...base.adviserIn],
      districtCouncilOf: [...base.districtCouncilOf],
      forvaltning: this.forvaltningIds.has(key),
      admin: this.adminIds.has(key),
    };
  }

  /** The teams the person is a member of, in directory order. */
  teamsOf(aadObjectId: string): TeamMembership[] {
    return [...(this.roles.get(norm(aadObjectId))?.teacherOf ?? [])];
  }

  school(schoolId: string): School | undefined {
    return this.schools.get(schoolId);
  }

  district(districtId: string): District | undefined {
    return this.districts.get(districtId);
  }

  team(ref: TeamRef): Team | undefined {
    return this.schools.get(ref.schoolId)?.teams.find((t) => t.id === ref.teamId);
  }

  /** The school a team belongs to (undefined when the team is not in the directory). */
  schoolOf(ref: TeamRef): School | undefined {
    return this.team(ref) ? this.schools.get(ref.schoolId) : undefined;
  }

  /** The school's leaders (skoleledelse); empty for an unknown school. */
  leadersOf(schoolId: string): Person[] {
    return this.resolve(this.schools.get(schoolId)?.skoleledelse ?? []);
  }

  /** The members of the team (people), empty for an unknown team. */
  teamMembers(ref: TeamRef): Person[] {
    return this.resolve(this.team(ref)?.members ?? []);
  }

  /** The district council of the school's district. */
  districtCouncilFor(schoolId: string): Person[] {
    const school = this.schools.get(schoolId);
    return this.resolve((school && this.districts.get(school.district)?.distriktsraad) ?? []);
  }

  poolMembers(ref: PoolRef): Person[] {
    return this.resolve(this.pool(ref)?.members ?? []);
  }

  /** The Teams channel where the pool's requests land, if it has one. */
  poolChannel(ref: PoolRef): Channel | undefined {
    return this.pool(ref)?.channel;
  }

  /** The district pool that serves a school: its district's practice advisers, advisory team or family services. */
  districtPoolFor(schoolId: string, pool: DistrictPool): PoolRef | undefined {
    const school = this.schools.get(schoolId);
    return school ? { kind: 'district', districtId: school.district, pool } : undefined;
  }

  admins(): Person[] {
    return this.resolve(this.directory.admins);
  }

  /** The school holidays that apply to the school; without a school, those that apply to every school. */
  holidaysFor(schoolId?: string): SchoolHoliday[] {
    return this.directory.calendar.schoolHolidays.filter((h) => !h.schools || (schoolId !== undefined && h.schools.includes(schoolId)));
  }

  /** Time zone, working hours and the school's holidays (public holidays are computed elsewhere). */
  calendarFor(schoolId?: string): CalendarFor {
    const { timeZone, workingHours } = this.directory.calendar;
    return {
      timeZone,
      workingHours: { ...workingHours },
      holidays: this.holidaysFor(schoolId).map(({ from, to, name }) => ({ from, to, name })),
    };
  }

  private pool(ref: PoolRef): Pool | undefined {
    if (ref.kind === 'school') return this.schools.get(ref.schoolId)?.[ref.pool];
    return this.districts.get(ref.districtId)?.[ref.pool];
  }

  private resolve(ids: readonly string[]): Person[] {
    return ids.map((id) => this.people.get(norm(id))).filter((p): p is Person => p !== undefined);
  }
}

function emptyRoles(): Roles {
  return { known: false, teacherOf: [], leaderOf: [], adviserIn: [], districtCouncilOf: [], forvaltning: false, admin: false };
}

function pushOnce<T>(list: T[], item: T): void {
  if (!list.includes(item)) list.push(item);
}
