import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../../../src/directory/load.js';
import { DirectoryLookup, schoolCalendar } from '../../../src/directory/lookup.js';
import type { Directory } from '../../../src/directory/schema.js';

let directory: Directory;
let lookup: DirectoryLookup;

/** The example's people are named, not numbered: find them by display name. */
function idOf(displayName: string): string {
  const person = directory.people.find((p) => p.displayName === displayName);
  if (!person) throw new Error(`no ${displayName} in the example directory`);
  return person.aadObjectId;
}

beforeAll(() => {
  directory = loadDirectory(EXAMPLE_DIRECTORY_FILE);
  lookup = new DirectoryLookup(directory);
});

describe('DirectoryLookup', () => {
  it('gives every role of a person who holds several', () => {
    // Mette Kjær: teacher of 4.B and 5.A and AKT adviser at Fjordbakkeskolen.
    expect(lookup.rolesOf(idOf('Mette Kjær'))).toEqual({
      known: true,
      teacherOf: [
        { schoolId: 'fjordbakke', teamId: '4b', teamName: '4.B', schoolName: 'Fjordbakkeskolen' },
        { schoolId: 'fjordbakke', teamId: '5a', teamName: '5.A', schoolName: 'Fjordbakkeskolen' },
      ],
      leaderOf: [],
      adviserIn: [{ kind: 'school', schoolId: 'fjordbakke', pool: 'akt' }],
      districtCouncilOf: [],
      forvaltning: false,
      admin: false,
    });
    // Hanne Lykke: leads Fjordbakkeskolen and sits on the district council of Nord.
    const hanne = lookup.rolesOf(idOf('Hanne Lykke'));
    expect(hanne.leaderOf).toEqual(['fjordbakke']);
    expect(hanne.districtCouncilOf).toEqual(['nord']);
    // Ulla Mikkelsen: practice adviser in Nord and on its council. Birgitte Holm: forvaltning and admin.
    const ulla = lookup.rolesOf(idOf('Ulla Mikkelsen'));
    expect(ulla.adviserIn).toEqual([{ kind: 'district', districtId: 'nord', pool: 'praksisvejleder' }]);
    expect(ulla.districtCouncilOf).toEqual(['nord']);
    const birgitte = lookup.rolesOf(idOf('Birgitte Holm'));
    expect([birgitte.forvaltning, birgitte.admin, birgitte.leaderOf]).toEqual([true, true, []]);
  });

  it('treats an unknown person as a teacher with no teams and no roles', () => {
    const roles = lookup.rolesOf('00000000-0000-4000-8000-00000000dead');
    expect(roles).toEqual({
      known: false,
      teacherOf: [],
      leaderOf: [],
      adviserIn: [],
      districtCouncilOf: [],
      forvaltning: false,
      admin: false,
    });
    expect(lookup.teamsOf('00000000-0000-4000-8000-00000000dead')).toEqual([]);
    expect(lookup.person('00000000-0000-4000-8000-00000000dead')).toBeUndefined();
  });

  it('compares ids from Teams case-insensitively and does not leak its indexes', () => {
    const id = idOf('Mette Kjær');
    expect(lookup.teamsOf(id.toUpperCase()).map((t) => t.teamName)).toEqual(['4.B', '5.A']);
    lookup.rolesOf(id).teacherOf.pop();
    lookup.teamsOf(id).pop();
    expect(lookup.teamsOf(id)).toHaveLength(2);
  });

  it('answers leaders, pools, channels, schools of teams and the tenant', () => {
    expect(lookup.leadersOf('fjordbakke').map((p) => p.displayName)).toEqual(['Hanne Lykke', 'Per Damgaard']);
    expect(lookup.leadersOf('atlantis')).toEqual([]);

    expect(lookup.poolMembers({ kind: 'school', schoolId: 'fjordbakke', pool: 'plc' }).map((p) => p.displayName)).toEqual(['Lise Bruun']);
    expect(lookup.poolChannel({ kind: 'school', schoolId: 'fjordbakke', pool: 'plc' })?.name).toBe('PLC – anmodninger');
    expect(lookup.poolChannel({ kind: 'school', schoolId: 'fjordbakke', pool: 'akt' })?.channelId).toBe('19:fjordbakke-akt@thread.tacv2');
    expect(lookup.poolChannel({ kind: 'school', schoolId: 'noerre-strand', pool: 'akt' })).toBeUndefined();
    const nordTeam = { kind: 'district', districtId: 'nord', pool: 'raadgivende-team' } as const;
    expect(lookup.poolMembers(nordTeam).map((p) => p.displayName)).toEqual(['Niels Thorsen', 'Signe Mortensen']);
    expect(lookup.districtPoolFor('noerre-strand', 'raadgivende-team')).toEqual(nordTeam);
    expect(lookup.poolMembers({ kind: 'district', districtId: 'atlantis', pool: 'familieraadgivning' })).toEqual([]);

    expect(lookup.schoolOf({ schoolId: 'sydhavn', teamId: '6b' })?.name).toBe('Sydhavnsskolen');
    expect(lookup.schoolOf({ schoolId: 'sydhavn', teamId: '4b' })).toBeUndefined();
    expect(lookup.teamMembers({ schoolId: 'sydhavn', teamId: '6b' }).map((p) => p.displayName)).toEqual(['Morten Holst', 'Louise Dahl']);
    expect(lookup.districtCouncilFor('engvej').map((p) => p.displayName)).toEqual(['Jesper Bach', 'Henrik Juhl', 'Grethe Sørensen']);

    expect(lookup.isKnownTenant(directory.tenantId)).toBe(true);
    expect(lookup.isKnownTenant(directory.tenantId.toUpperCase())).toBe(true);
    expect(lookup.isKnownTenant('11111111-1111-4111-8111-111111111111')).toBe(false);
    expect(lookup.isKnownTenant(undefined)).toBe(false);
  });

  it('gives each school its own holidays and the shared ones', () => {
    const names = (schoolId?: string) => lookup.holidaysFor(schoolId).map((h) => h.name);
    expect(names('vestervang')).toContain('Pædagogisk dag (elevfri)');
    expect(names('lyngholm')).not.toContain('Pædagogisk dag (elevfri)');
    expect(names()).not.toContain('Pædagogisk dag (elevfri)');
    expect(names('lyngholm')).toEqual(expect.arrayContaining(['Efterårsferie', 'Juleferie', 'Vinterferie']));
    const calendar = lookup.calendarFor('vestervang');
    expect(calendar.timeZone).toBe('Europe/Copenhagen');
    expect(calendar.workingHours).toEqual({ start: '07:30', end: '16:00' });
    expect(calendar.holidays).toContainEqual({ from: '2027-01-04', to: '2027-01-04', name: 'Pædagogisk dag (elevfri)' });
    // The scheduler's calendar of a school is the same; without a school, the directory's own.
    expect(schoolCalendar(lookup, 'vestervang')).toEqual(calendar);
    expect(schoolCalendar(lookup, null)).toEqual(lookup.calendarFor());
  });
});
