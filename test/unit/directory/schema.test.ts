import { describe, expect, it } from 'vitest';
import { parseDirectory, formatPath } from '../../../src/directory/schema.js';
import { exampleData } from './support.js';

const UNKNOWN = '00000000-0000-4000-8000-00000000dead';

function errorsOf(input: unknown): string[] {
  const result = parseDirectory(input);
  if (result.ok) throw new Error('expected the directory to be rejected');
  return result.errors;
}

describe('organisation directory schema', () => {
  it('accepts the example directory of Fjordby Kommune', () => {
    const result = parseDirectory(exampleData());
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(result.value.districts.map((d) => d.id)).toEqual(['nord', 'syd', 'vest']);
    expect(result.value.schools.length).toBeGreaterThanOrEqual(6);
    for (const school of result.value.schools) expect(school.skoleledelse.length).toBeGreaterThan(0);
  });

  it('reports every bad entry of a broken copy, each with its path', () => {
    const data = exampleData();
    data.schools[2].skoleledelse[0] = UNKNOWN; // unknown person
    data.schools[1].district = 'oest'; // unknown district
    data.schools[3].id = data.schools[0].id; // duplicate school id
    data.calendar.schoolHolidays[1].to = '2026-12-01'; // to before from
    data.schools[4].skoleledelse = []; // school without a leader
    data.districts[0].praksisvejleder.members.push(UNKNOWN); // unknown person in a pool
    data.admins.push('ikke-et-guid'); // not a GUID
    data.schools[0].teams[1].id = data.schools[0].teams[0].id; // duplicate team within a school

    const errors = errorsOf(data);
    const byPath = (path: string) => errors.filter((e) => e.startsWith(`${path}: `));

    expect(byPath('schools[2].skoleledelse[0]')).toEqual([expect.stringContaining(`Ukendt person "${UNKNOWN}"`)]);
    expect(byPath('schools[1].district')).toEqual([expect.stringContaining('Ukendt distrikt "oest"')]);
    expect(byPath('schools[3].id')).toEqual([expect.stringContaining(`"${data.schools[0].id}" er allerede brugt i schools[0]`)]);
    expect(byPath('calendar.schoolHolidays[1].to')).toEqual([expect.stringContaining('før den begynder')]);
    expect(byPath('schools[4].skoleledelse')).toEqual([expect.stringContaining('mindst én person i skoleledelsen')]);
    expect(byPath('districts[0].praksisvejleder.members[1]')).toEqual([expect.stringContaining('Ukendt person')]);
    expect(byPath('admins[2]')).toEqual([expect.stringContaining('GUID')]);
    expect(byPath('schools[0].teams[1].id')).toEqual([expect.stringContaining('er allerede brugt i schools[0].teams[0]')]);
    expect(errors).toHaveLength(8);
  });

  it('still reports cross-reference problems when an entry is malformed', () => {
    const data = exampleData();
    data.people[0].displayName = 42; // shape error that aborts the entry (wrong type)
    data.forvaltning = [UNKNOWN]; // reference error elsewhere
    const errors = errorsOf(data);
    expect(errors).toEqual([
      expect.stringMatching(/^people\[0\]\.displayName: /),
      expect.stringMatching(/^forvaltning\[0\]: Ukendt person/),
    ]);
  });

  it('rejects duplicate people, unknown holiday schools, invalid dates, bad working hours and unknown keys', () => {
    const data = exampleData();
    data.people.push({ ...data.people[0], aadObjectId: data.people[0].aadObjectId.toUpperCase() });
    data.calendar.schoolHolidays.push({ from: '2027-02-30', to: '2027-03-01', name: 'Fejl' });
    data.calendar.schoolHolidays.push({ from: '2027-04-01', to: '2027-04-01', name: 'Fejl', schools: ['atlantis'] });
    data.calendar.workingHours = { start: '16:00', end: '07:30' };
    data.calendar.timeZone = 'Europe/Fjordby';
    data.schools[0].skoleleder = [];
    const errors = errorsOf(data);
    const n = data.people.length - 1;
    const h = data.calendar.schoolHolidays.length;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^people\\[${n}\\]\\.aadObjectId: .*allerede brugt i people\\[0\\]`)),
        expect.stringMatching(new RegExp(`^calendar\\.schoolHolidays\\[${h - 2}\\]\\.from: Ugyldig dato`)),
        expect.stringMatching(new RegExp(`^calendar\\.schoolHolidays\\[${h - 1}\\]\\.schools\\[0\\]: Ukendt skole "atlantis"`)),
        expect.stringMatching(/^calendar\.workingHours\.end: Arbejdstiden skal slutte efter/),
        expect.stringMatching(/^calendar\.timeZone: Ukendt tidszone/),
        expect.stringMatching(/^schools\[0\]: .*skoleleder/),
      ]),
    );
    expect(errors).toHaveLength(6);
  });

  it('fills in the calendar defaults and lower-cases ids from Teams', () => {
    const data = exampleData();
    delete data.calendar;
    data.tenantId = data.tenantId.toUpperCase();
    const result = parseDirectory(data);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.calendar).toEqual({
      timeZone: 'Europe/Copenhagen',
      workingHours: { start: '07:30', end: '16:00' },
      schoolHolidays: [],
    });
    expect(result.value.tenantId).toBe(data.tenantId.toLowerCase());
  });

  it('reports a file that is not an object at the root', () => {
    expect(errorsOf(null)).toEqual([expect.stringMatching(/^\(hele filen\): /)]);
  });

  it('formats paths as a reader of the file writes them', () => {
    expect(formatPath(['schools', 2, 'skoleledelse', 0])).toBe('schools[2].skoleledelse[0]');
    expect(formatPath([])).toBe('');
  });
});
