/**
 * The organisation directory (docs/adgang.md): who is who in a municipality. Teams tells the
 * bot only `from.aadObjectId` and `conversation.tenantId`; this file maps them to schools,
 * districts, teams and roles. Roles come only from where a person appears here.
 *
 * The schema checks each entry's shape; a cross-check then checks what ties the entries together
 * (every referenced person exists, every school's district exists, ids are unique, holidays are
 * in order). Both run on the same input, so a broken file reports every bad entry at once, each
 * with its path, e.g. `schools[2].skoleledelse[0]: Ukendt person "…"`.
 */
import { DEFAULT_TIME_ZONE, DEFAULT_WORKING_HOURS, isIsoDate, isTimeZone } from '../domain/calendar.js';
import { isPlainObject } from '../domain/values.js';
import { z } from '../domain/zod.js';

// ---------------------------------------------------------------------------------------------
// Building blocks

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = /^[a-z0-9æøå]+(?:[-_.][a-z0-9æøå]+)*$/;
const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const text = z.string().trim().min(1, { message: 'Teksten må ikke være tom' });

/** An Azure AD (Entra ID) object id or tenant id: a GUID, stored in lower case as Teams sends it. */
const guid = (what: string) =>
  z
    .string({ message: `${what} skal være en tekst (et GUID)` })
    .trim()
    .regex(GUID, { message: `${what} skal være et GUID, fx "3f2b8c1e-5d4a-4b7e-9c1f-2a6d8e0b4c7a"` })
    .transform((s) => s.toLowerCase());

const personId = guid('Personens AAD-objekt-id');

const id = z
  .string({ message: 'Et id skal være en tekst' })
  .regex(ID, { message: 'Et id skal være små bogstaver, tal og bindestreger, fx "nord" eller "fjord-skole"' });

export { isIsoDate };

const isoDate = z
  .string({ message: 'En dato skal skrives ÅÅÅÅ-MM-DD i anførselstegn, fx "2026-10-12"' })
  .refine(isIsoDate, { message: 'Ugyldig dato – skriv en rigtig dato som ÅÅÅÅ-MM-DD, fx "2026-10-12"' });

const wallTime = z
  .string({ message: 'Et klokkeslæt skal skrives TT:MM i anførselstegn, fx "07:30"' })
  .regex(WALL_TIME, { message: 'Ugyldigt klokkeslæt – skriv TT:MM (24-timers ur), fx "07:30"' });

/** A Teams channel where requests to a pool are posted. */
const ChannelSchema = z.strictObject({
  /** The team's id (the group id or its thread id, as the bot receives it in `channelData.team.id`). */
  teamId: text,
  /** The channel's id, e.g. "19:…@thread.tacv2". */
  channelId: text,
  /** Shown to users, e.g. "PLC – anmodninger". */
  name: text,
});

/** A pool of advisers: its members, and optionally the channel where its requests land. */
const PoolSchema = z.strictObject({
  members: z.array(personId).default([]),
  channel: ChannelSchema.optional(),
});

const PersonSchema = z.strictObject({
  aadObjectId: personId,
  displayName: text,
  email: z.email({ message: 'Ugyldig e-mailadresse' }).optional(),
  upn: text.optional(),
});

const TeamSchema = z.strictObject({
  id,
  /** As the school calls it, e.g. "4.B" or "Indskoling". */
  name: text,
  members: z.array(personId).default([]),
});

const SchoolSchema = z.strictObject({
  id,
  name: text,
  district: id,
  skoleledelse: z.array(personId).min(1, { message: 'En skole skal have mindst én person i skoleledelsen' }),
  plc: PoolSchema.prefault({}),
  akt: PoolSchema.prefault({}),
  teams: z.array(TeamSchema).default([]),
});

const DistrictSchema = z.strictObject({
  id,
  name: text,
  distriktsraad: z.array(personId).default([]),
  praksisvejleder: PoolSchema.prefault({}),
  'raadgivende-team': PoolSchema.prefault({}),
  familieraadgivning: PoolSchema.prefault({}),
});

const HolidaySchema = z.strictObject({
  /** First day, inclusive. */
  from: isoDate,
  /** Last day, inclusive. */
  to: isoDate,
  name: text,
  /** The schools the holiday applies to; all schools when left out. */
  schools: z.array(id).min(1, { message: 'Udelad "schools", hvis ferien gælder alle skoler' }).optional(),
});

export { DEFAULT_TIME_ZONE, DEFAULT_WORKING_HOURS };

const CalendarSchema = z.strictObject({
  timeZone: z
    .string()
    .refine(isTimeZone, { message: 'Ukendt tidszone – brug et IANA-navn, fx "Europe/Copenhagen"' })
    .default(DEFAULT_TIME_ZONE),
  /** Reminders are sent from `start` (inclusive) to `end` (exclusive), local time, on school days. */
  workingHours: z
    .strictObject({ start: wallTime.default(DEFAULT_WORKING_HOURS.start), end: wallTime.default(DEFAULT_WORKING_HOURS.end) })
    .prefault({})
    .refine((h) => h.start < h.end, { message: 'Arbejdstiden skal slutte efter, den begynder', path: ['end'] }),
  /** The schools' own holidays. Danish public holidays are computed, not listed. */
  schoolHolidays: z.array(HolidaySchema).default([]),
});

// ---------------------------------------------------------------------------------------------
// Cross-checks

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

function arrayAt(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function recordAt(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

/** Reports every entry whose `key` repeats an earlier one, naming the first. */
function checkUnique(entries: unknown[], key: string, path: Path, what: string, report: Report, normalise = (s: string) => s): void {
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const raw = stringAt(recordAt(entry)[key]);
    if (raw === undefined || raw === '') return;
    const value = normalise(raw);
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else report([...path, index, key], `${what} "${raw}" er allerede brugt i ${formatPath([...path, first])}`);
  });
}

/** Every id in the list is a known person, and none appears twice. */
function checkPeople(list: unknown, path: Path, known: Set<string>, report: Report): void {
  const seen = new Set<string>();
  arrayAt(list).forEach((entry, index) => {
    const raw = stringAt(entry);
    if (raw === undefined || !GUID.test(raw)) return; // the schema reports it
    const value = raw.toLowerCase();
    if (!known.has(value)) report([...path, index], `Ukendt person "${raw}" – personen står ikke under people`);
    else if (seen.has(value)) report([...path, index], `Personen "${raw}" står mere end én gang`);
    seen.add(value);
  });
}

function checkPool(pool: unknown, path: Path, known: Set<string>, report: Report): void {
  checkPeople(recordAt(pool).members, [...path, 'members'], known, report);
}

/**
 * What the entry schemas cannot see: references between entries. Tolerant of broken entries (it
 * runs even when the schema failed, so that every problem is reported at once): it skips any
 * value of the wrong shape, which the schema reports itself.
 */
function crossCheck(input: Record<string, unknown>, report: Report): void {
  const people = arrayAt(input.people);
  const districts = arrayAt(input.districts);
  const schools = arrayAt(input.schools);

  checkUnique(people, 'aadObjectId', ['people'], 'AAD-objekt-id’et', report, (s) => s.toLowerCase());
  checkUnique(districts, 'id', ['districts'], 'Distrikts-id’et', report);
  checkUnique(schools, 'id', ['schools'], 'Skole-id’et', report);

  const known = new Set(people.map((p) => stringAt(recordAt(p).aadObjectId)?.toLowerCase()).filter((s): s is string => s !== undefined));
  const districtIds = new Set(districts.map((d) => stringAt(recordAt(d).id)).filter((s) => s !== undefined));
  const schoolIds = new Set(schools.map((s) => stringAt(recordAt(s).id)).filter((s) => s !== undefined));

  districts.forEach((d, i) => {
    const district = recordAt(d);
    checkPeople(district.distriktsraad, ['districts', i, 'distriktsraad'], known, report);
    for (const pool of DISTRICT_POOLS) checkPool(district[pool], ['districts', i, pool], known, report);
  });

  schools.forEach((s, i) => {
    const school = recordAt(s);
    const district = stringAt(school.district);
    if (district !== undefined && ID.test(district) && !districtIds.has(district)) {
      report(['schools', i, 'district'], `Ukendt distrikt "${district}" – det står ikke under districts`);
    }
    checkPeople(school.skoleledelse, ['schools', i, 'skoleledelse'], known, report);
    for (const pool of SCHOOL_POOLS) checkPool(school[pool], ['schools', i, pool], known, report);
    const teams = arrayAt(school.teams);
    checkUnique(teams, 'id', ['schools', i, 'teams'], 'Team-id’et', report);
    checkUnique(teams, 'name', ['schools', i, 'teams'], 'Teamnavnet', report, (n) => n.toLocaleLowerCase('da'));
    teams.forEach((t, j) => checkPeople(recordAt(t).members, ['schools', i, 'teams', j, 'members'], known, report));
  });

  checkPeople(input.forvaltning, ['forvaltning'], known, report);
  checkPeople(input.admins, ['admins'], known, report);

  arrayAt(recordAt(input.calendar).schoolHolidays).forEach((h, i) => {
    const holiday = recordAt(h);
    const from = stringAt(holiday.from);
    const to = stringAt(holiday.to);
    if (from && to && isIsoDate(from) && isIsoDate(to) && from > to) {
      report(['calendar', 'schoolHolidays', i, 'to'], `Ferien slutter (${to}), før den begynder (${from})`);
    }
    arrayAt(holiday.schools).forEach((sid, j) => {
      const school = stringAt(sid);
      if (school !== undefined && ID.test(school) && !schoolIds.has(school)) {
        report(['calendar', 'schoolHolidays', i, 'schools', j], `Ukendt skole "${school}" – den står ikke under schools`);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The directory

export const SCHOOL_POOLS = ['plc', 'akt'] as const;
export const DISTRICT_POOLS = ['praksisvejleder', 'raadgivende-team', 'familieraadgivning'] as const;
export type SchoolPool = (typeof SCHOOL_POOLS)[number];
export type DistrictPool = (typeof DISTRICT_POOLS)[number];

export const DirectorySchema = z
  .strictObject({
    /** The municipality's Microsoft 365 tenant; activities from any other tenant are refused. */
    tenantId: guid('tenantId'),
    people: z.array(PersonSchema).min(1, { message: 'Listen over personer må ikke være tom' }),
    districts: z.array(DistrictSchema).min(1, { message: 'Angiv mindst ét distrikt' }),
    schools: z.array(SchoolSchema).min(1, { message: 'Angiv mindst én skole' }),
    /** See aggregated, anonymised figures only. */
    forvaltning: z.array(personId).default([]),
    /** Administer the bot: unreachable people, failed messages, reloading the directory. */
    admins: z.array(personId).default([]),
    calendar: CalendarSchema.prefault({}),
  })
  .superRefine(
    (value, ctx) => crossCheck(value as Record<string, unknown>, (path, message) => ctx.addIssue({ code: 'custom', path, message })),
    // Also when some entries are broken, so that every bad path is reported at once.
    { when: (payload) => isPlainObject(payload.value) },
  );

export type Directory = z.output<typeof DirectorySchema>;
export type Person = Directory['people'][number];
export type District = Directory['districts'][number];
export type School = Directory['schools'][number];
export type Team = School['teams'][number];
export type Pool = School['plc'];
export type Channel = NonNullable<Pool['channel']>;
export type SchoolHoliday = Directory['calendar']['schoolHolidays'][number];

/** `schools[2].skoleledelse[0]`: the path of an entry as a reader of the file writes it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export type DirectoryParseResult = { ok: true; value: Directory } | { ok: false; errors: string[] };

/** Validates a directory. Errors are Danish, one per bad entry, each starting with its path. */
export function parseDirectory(input: unknown): DirectoryParseResult {
  const result = DirectorySchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const errors = result.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return `${path === '' ? '(hele filen)' : path}: ${issue.message}`;
  });
  return { ok: false, errors: [...new Set(errors)] };
}
