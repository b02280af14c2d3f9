/**
 * The school calendar (issue 4, item 5): Easter and the Danish holidays, school days, time-zone
 * arithmetic across the daylight-saving changes, and the next allowed send time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarMonths,
  addLocalDays,
  addSchoolDays,
  copenhagenDate,
  danishPublicHolidays,
  defaultSchoolCalendar,
  easterSunday,
  isIsoDate,
  isSchoolDay,
  isSendTime,
  isTimeZone,
  localDate,
  localDateTime,
  nextSendTime,
  schoolCalendarSchema,
  schoolFreeDays,
  utcOffsetMs,
  weekday,
  zonedTime,
  type SchoolCalendar,
} from '../../../src/domain/calendar.js';
import { describeIssues } from '../../../src/domain/zod.js';

import { CAL, TZ } from './school-calendar.fixture.js';
const utc = (iso: string) => new Date(iso);
/** The instant of a Copenhagen wall time, spelled out by hand from the known offset. */
const cph = (date: string, time: string, offsetHours: 1 | 2) => new Date(`${date}T${time}:00+0${offsetHours}:00`);

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2023, '2023-04-09'],
    [2038, '2038-04-25'],
    [1818, '1818-03-22'],
    [2285, '2285-03-22'],
  ])('Easter %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const e = easterSunday(year);
        expect(weekday(e)).toBe(0);
        expect(e.slice(5) >= '03-22' && e.slice(5) <= '04-25').toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses years outside the Gregorian range it is defined for', () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });
});

describe('danishPublicHolidays', () => {
  it('lists the 2026 holidays in date order', () => {
    expect(danishPublicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Nytårsdag' },
      { date: '2026-04-02', name: 'Skærtorsdag' },
      { date: '2026-04-03', name: 'Langfredag' },
      { date: '2026-04-05', name: 'Påskedag' },
      { date: '2026-04-06', name: '2. påskedag' },
      { date: '2026-05-14', name: 'Kristi himmelfartsdag' },
      { date: '2026-05-24', name: 'Pinsedag' },
      { date: '2026-05-25', name: '2. pinsedag' },
      { date: '2026-12-25', name: 'Juledag' },
      { date: '2026-12-26', name: '2. juledag' },
    ]);
  });

  it('lists the 2027 holidays in date order', () => {
    expect(danishPublicHolidays(2027)).toEqual([
      { date: '2027-01-01', name: 'Nytårsdag' },
      { date: '2027-03-25', name: 'Skærtorsdag' },
      { date: '2027-03-26', name: 'Langfredag' },
      { date: '2027-03-28', name: 'Påskedag' },
      { date: '2027-03-29', name: '2. påskedag' },
      { date: '2027-05-06', name: 'Kristi himmelfartsdag' },
      { date: '2027-05-16', name: 'Pinsedag' },
      { date: '2027-05-17', name: '2. pinsedag' },
      { date: '2027-12-25', name: 'Juledag' },
      { date: '2027-12-26', name: '2. juledag' },
    ]);
  });

  it('has store bededag (fourth Friday after Easter) until 2023 and not from 2024', () => {
    expect(danishPublicHolidays(2023)).toContainEqual({ date: '2023-05-05', name: 'Store bededag' });
    expect(danishPublicHolidays(2022)).toContainEqual({ date: '2022-05-13', name: 'Store bededag' });
    for (const year of [2024, 2025, 2026, 2030]) {
      expect(danishPublicHolidays(year).map((d) => d.name)).not.toContain('Store bededag');
    }
    // 2024-04-26 was the date it would have had: an ordinary school day now.
    expect(isSchoolDay('2024-04-26', { ...CAL, holidays: [] })).toBe(true);
    expect(isSchoolDay('2023-05-05', { ...CAL, holidays: [] })).toBe(false);
  });

  it('does not count the school-free days as public holidays', () => {
    const names = danishPublicHolidays(2026).map((d) => d.name);
    for (const n of ['Grundlovsdag', 'Juleaftensdag', 'Nytårsaftensdag']) expect(names).not.toContain(n);
  });
});

describe('schoolFreeDays', () => {
  it('adds grundlovsdag, juleaftensdag and nytårsaftensdag as school-free (not public) days', () => {
    const days = schoolFreeDays(2026);
    expect(days).toHaveLength(13);
    expect(days.filter((d) => d.kind === 'school-free')).toEqual([
      { date: '2026-06-05', name: 'Grundlovsdag', kind: 'school-free' },
      { date: '2026-12-24', name: 'Juleaftensdag', kind: 'school-free' },
      { date: '2026-12-31', name: 'Nytårsaftensdag', kind: 'school-free' },
    ]);
    expect(days.filter((d) => d.kind === 'public-holiday').map(({ date, name }) => ({ date, name }))).toEqual(danishPublicHolidays(2026));
    expect(days.map((d) => d.date)).toEqual([...days.map((d) => d.date)].sort());
  });

  it('leaves grundlovsdag out on request', () => {
    expect(schoolFreeDays(2026, { includeGrundlovsdag: false }).map((d) => d.name)).not.toContain('Grundlovsdag');
  });
});

describe('calendar dates', () => {
  it('validates dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('adds days across month and year ends', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('adds months, clamping to the last day of a shorter month', () => {
    expect(addCalendarMonths('2026-01-31', 11)).toBe('2026-12-31');
    expect(addCalendarMonths('2026-03-31', 11)).toBe('2027-02-28');
    expect(addCalendarMonths('2027-03-31', 11)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-05-31', 11)).toBe('2027-04-30');
    expect(addCalendarMonths('2026-08-15', 11)).toBe('2027-07-15');
    expect(addCalendarMonths('2026-01-31', -2)).toBe('2025-11-30');
  });
});

describe('isSchoolDay', () => {
  it('is false at the weekend and true on an ordinary weekday', () => {
    expect(isSchoolDay('2026-03-06', CAL)).toBe(true); // Friday
    expect(isSchoolDay('2026-03-07', CAL)).toBe(false); // Saturday
    expect(isSchoolDay('2026-03-08', CAL)).toBe(false); // Sunday
    expect(isSchoolDay('2026-03-09', CAL)).toBe(true); // Monday
  });

  it('is false on public holidays and school-free days that fall on weekdays', () => {
    for (const d of ['2026-01-01', '2026-04-02', '2026-04-03', '2026-04-06', '2026-05-14', '2026-05-25', '2026-12-24', '2026-12-31']) {
      expect(isSchoolDay(d, { ...CAL, holidays: [] }), d).toBe(false);
    }
    // The day after Kristi himmelfartsdag is only free if the school lists it.
    expect(isSchoolDay('2026-05-15', CAL)).toBe(true);
  });

  it('treats grundlovsdag as school-free by default, and as a school day when switched off', () => {
    expect(isSchoolDay('2026-06-05', CAL)).toBe(false);
    expect(isSchoolDay('2026-06-05', { ...CAL, includeGrundlovsdag: false })).toBe(true);
  });

  it('is false inside a school holiday, both ends included', () => {
    expect(isSchoolDay('2026-02-06', CAL)).toBe(true);
    expect(isSchoolDay('2026-02-09', CAL)).toBe(false);
    expect(isSchoolDay('2026-02-13', CAL)).toBe(false);
    expect(isSchoolDay('2026-02-16', CAL)).toBe(true);
    const oneDay: SchoolCalendar = { ...CAL, holidays: [{ from: '2026-03-10', to: '2026-03-10', name: 'Studiedag' }] };
    expect(isSchoolDay('2026-03-10', oneDay)).toBe(false);
    expect(isSchoolDay('2026-03-11', oneDay)).toBe(true);
  });

  it('handles a holiday spanning new year', () => {
    expect(isSchoolDay('2026-12-22', CAL)).toBe(false);
    expect(isSchoolDay('2026-12-18', CAL)).toBe(true);
    expect(isSchoolDay('2027-01-04', CAL)).toBe(true);
  });
});

describe('addSchoolDays', () => {
  it('skips the Easter holidays forwards and backwards', () => {
    expect(addSchoolDays('2026-04-01', 1, CAL)).toBe('2026-04-07');
    expect(addSchoolDays('2026-04-07', -1, CAL)).toBe('2026-04-01');
    expect(addSchoolDays('2026-03-31', 3, CAL)).toBe('2026-04-08');
    expect(addSchoolDays('2026-04-08', -3, CAL)).toBe('2026-03-31');
  });

  it('skips weekends and counts from a day that is not a school day', () => {
    expect(addSchoolDays('2026-03-06', 1, CAL)).toBe('2026-03-09');
    expect(addSchoolDays('2026-03-07', 1, CAL)).toBe('2026-03-09');
    expect(addSchoolDays('2026-03-07', -1, CAL)).toBe('2026-03-06');
    expect(addSchoolDays('2026-03-07', 0, CAL)).toBe('2026-03-07');
    expect(addSchoolDays('2026-03-02', 10, CAL)).toBe('2026-03-16');
  });

  it('skips a school holiday', () => {
    expect(addSchoolDays('2026-02-06', 1, CAL)).toBe('2026-02-16');
    expect(addSchoolDays('2026-12-18', 1, CAL)).toBe('2027-01-04');
  });

  it('is undone by the opposite count when starting on a school day', () => {
    const schoolDay = fc
      .integer({ min: 0, max: 3000 })
      .map((i) => addCalendarDays('2024-01-01', i))
      .filter((d) => isSchoolDay(d, CAL));
    fc.assert(
      fc.property(schoolDay, fc.integer({ min: -40, max: 40 }), (d, n) => {
        const moved = addSchoolDays(d, n, CAL);
        expect(n === 0 || isSchoolDay(moved, CAL)).toBe(true);
        expect(addSchoolDays(moved, -n, CAL)).toBe(d);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses fractions and gives up on a calendar without school days', () => {
    expect(() => addSchoolDays('2026-03-02', 1.5, CAL)).toThrow(RangeError);
    const never: SchoolCalendar = { ...CAL, holidays: [{ from: '2000-01-01', to: '2099-12-31', name: 'Altid' }] };
    expect(() => addSchoolDays('2026-03-02', 1, never)).toThrow(/No school day/);
  });
});

describe('time zones', () => {
  it('gives 07:30 in Copenhagen as 05:30Z on the day summer time starts and 06:30Z when it ends', () => {
    expect(zonedTime('2026-03-29', '07:30', TZ).toISOString()).toBe('2026-03-29T05:30:00.000Z');
    expect(zonedTime('2026-10-25', '07:30', TZ).toISOString()).toBe('2026-10-25T06:30:00.000Z');
    expect(zonedTime('2026-03-28', '07:30', TZ).toISOString()).toBe('2026-03-28T06:30:00.000Z');
    expect(zonedTime('2026-10-24', '07:30', TZ).toISOString()).toBe('2026-10-24T05:30:00.000Z');
    expect(zonedTime('2026-07-01', '00:00', TZ).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(zonedTime('2026-01-01', '23:59', TZ).toISOString()).toBe('2026-01-01T22:59:00.000Z');
  });

  it('moves a wall time in the spring gap forward, and takes the first of two in the autumn', () => {
    // 02:30 does not exist on 29 March 2026: it becomes 03:30 CEST.
    expect(zonedTime('2026-03-29', '02:30', TZ).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October 2026: first in CEST.
    expect(zonedTime('2026-10-25', '02:30', TZ).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('works in zones with other rules', () => {
    expect(zonedTime('2026-03-08', '07:30', 'America/New_York').toISOString()).toBe('2026-03-08T11:30:00.000Z');
    expect(zonedTime('2026-04-05', '07:30', 'Australia/Sydney').toISOString()).toBe('2026-04-04T21:30:00.000Z');
    expect(zonedTime('2026-04-05', '07:30', 'Asia/Kolkata').toISOString()).toBe('2026-04-05T02:00:00.000Z');
    expect(zonedTime('2026-04-05', '07:30', 'UTC').toISOString()).toBe('2026-04-05T07:30:00.000Z');
  });

  it('reads the local date and time of an instant', () => {
    expect(localDate(utc('2026-03-28T23:30:00Z'), TZ)).toBe('2026-03-29');
    expect(localDate(utc('2026-03-28T22:59:59Z'), TZ)).toBe('2026-03-28');
    expect(localDate(utc('2026-06-30T22:00:00Z'), TZ)).toBe('2026-07-01');
    expect(copenhagenDate(utc('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(copenhagenDate(utc('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(localDateTime(utc('2026-03-29T01:00:00Z'), TZ)).toEqual({ date: '2026-03-29', time: '03:00', secondOfDay: 3 * 3600 });
    expect(localDateTime(utc('2026-10-24T22:00:05Z'), TZ)).toEqual({ date: '2026-10-25', time: '00:00', secondOfDay: 5 });
    expect(utcOffsetMs(utc('2026-01-15T12:00:00Z'), TZ)).toBe(3_600_000);
    expect(utcOffsetMs(utc('2026-07-15T12:00:00Z'), TZ)).toBe(7_200_000);
  });

  it('round-trips every wall time that exists, in several zones', () => {
    const zones = ['Europe/Copenhagen', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/Santiago'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 12 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom(...zones),
        (dayIndex, h, m, tz) => {
          const date = addCalendarDays('2020-01-01', dayIndex);
          const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
          const at = zonedTime(date, time, tz);
          const back = localDateTime(at, tz);
          if (back.date !== date || back.time !== time) {
            // Only a wall time in a spring-forward gap may move, and only forward by under 2 hours.
            const wallAsUtc = Date.parse(`${date}T${time}:00Z`);
            const shownAsUtc = Date.parse(`${back.date}T${back.time}:00Z`);
            expect(shownAsUtc - wallAsUtc).toBeGreaterThan(0);
            expect(shownAsUtc - wallAsUtc).toBeLessThanOrEqual(2 * 3_600_000);
            expect(utcOffsetMs(new Date(at.getTime() - 3 * 3_600_000), tz)).toBeLessThan(utcOffsetMs(at, tz));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps the wall-clock time when adding local days across a change', () => {
    // Tuesday 24 March 10:00 CET + 7 days = Tuesday 31 March 10:00 CEST: 167 hours later, not 168.
    expect(addLocalDays(cph('2026-03-24', '10:00', 1), 7, TZ)).toEqual(cph('2026-03-31', '10:00', 2));
    expect(addLocalDays(cph('2026-10-20', '10:00', 2), 7, TZ)).toEqual(cph('2026-10-27', '10:00', 1));
  });

  it('knows real time zones from unknown ones', () => {
    expect(isTimeZone('Europe/Copenhagen')).toBe(true);
    expect(isTimeZone('Europe/Aarhus')).toBe(false);
    expect(() => zonedTime('2026-01-01', '08:00', 'Europe/Aarhus')).toThrow(RangeError);
    expect(() => zonedTime('2026-01-01', '8:00', TZ)).toThrow(RangeError);
    expect(() => zonedTime('2026-01-01', '24:00', TZ)).toThrow(RangeError);
  });
});

describe('nextSendTime', () => {
  // Friday 6 March 2026 (CET, UTC+1); the next school day is Monday 9 March.
  it('sends a Friday 06:00 request at 08:00 that day', () => {
    expect(nextSendTime(cph('2026-03-06', '06:00', 1), CAL)).toEqual(cph('2026-03-06', '08:00', 1));
  });

  it('sends a Friday 12:00 request at once', () => {
    const now = cph('2026-03-06', '12:00', 1);
    expect(nextSendTime(now, CAL)).toEqual(now);
  });

  it('sends a Friday 17:00 request on Monday at 08:00', () => {
    expect(nextSendTime(cph('2026-03-06', '17:00', 1), CAL)).toEqual(cph('2026-03-09', '08:00', 1));
  });

  it('sends a Saturday request on Monday at 08:00', () => {
    expect(nextSendTime(cph('2026-03-07', '12:00', 1), CAL)).toEqual(cph('2026-03-09', '08:00', 1));
    expect(nextSendTime(cph('2026-03-07', '06:00', 1), CAL)).toEqual(cph('2026-03-09', '08:00', 1));
  });

  it('includes the start of working hours and excludes the end', () => {
    const start = cph('2026-03-06', '08:00', 1);
    expect(nextSendTime(start, CAL)).toEqual(start);
    expect(nextSendTime(cph('2026-03-06', '16:00', 1), CAL)).toEqual(cph('2026-03-09', '08:00', 1));
    const lastSecond = new Date(cph('2026-03-06', '16:00', 1).getTime() - 1000);
    expect(nextSendTime(lastSecond, CAL)).toEqual(lastSecond);
  });

  it('skips Easter and switches to summer time on the way', () => {
    expect(nextSendTime(cph('2026-04-01', '17:00', 2), CAL)).toEqual(cph('2026-04-07', '08:00', 2));
    // Friday 27 March CET → Monday 30 March CEST: 08:00 local is 06:00Z.
    expect(nextSendTime(cph('2026-03-27', '16:30', 1), CAL).toISOString()).toBe('2026-03-30T06:00:00.000Z');
  });

  it('skips a school holiday', () => {
    expect(nextSendTime(cph('2026-02-06', '16:00', 1), CAL)).toEqual(cph('2026-02-16', '08:00', 1));
    expect(nextSendTime(cph('2026-12-20', '10:00', 1), CAL)).toEqual(cph('2027-01-04', '08:00', 1));
  });

  it('is never before now and always inside working hours on a school day', () => {
    const instant = fc
      .integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2032-12-31T00:00:00Z') })
      .map((t) => new Date(t));
    const hours = fc.tuple(fc.integer({ min: 0, max: 23 * 60 }), fc.integer({ min: 1, max: 12 * 60 })).map(([start, length]) => {
      const end = Math.min(start + length, 23 * 60 + 59);
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return { start: hhmm(start), end: hhmm(end) };
    });
    const cal = fc
      .record({
        workingHours: hours,
        tz: fc.constantFrom('Europe/Copenhagen', 'America/New_York', 'Australia/Sydney'),
      })
      .map(({ workingHours, tz }): SchoolCalendar => ({ ...CAL, timeZone: tz, workingHours }));
    fc.assert(
      fc.property(instant, cal, (now, c) => {
        const next = nextSendTime(now, c);
        expect(next.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(isSendTime(next, c)).toBe(true);
        // Idempotent, and now itself whenever now is already allowed.
        expect(nextSendTime(next, c)).toEqual(next);
        if (isSendTime(now, c)) expect(next).toEqual(now);
        else {
          // The earliest: working-hours start (or the gap's end) of today or the next school day.
          const today = localDate(now, c.timeZone);
          const day = localDate(next, c.timeZone);
          expect(day === today || day === addSchoolDays(today, 1, c)).toBe(true);
          expect(next).toEqual(zonedTime(day, c.workingHours.start, c.timeZone));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('refuses working hours that end before they start', () => {
    expect(() => nextSendTime(cph('2026-03-06', '12:00', 1), { ...CAL, workingHours: { start: '16:00', end: '08:00' } })).toThrow(
      RangeError,
    );
  });
});

describe('schoolCalendarSchema', () => {
  it('fills in the defaults', () => {
    expect(schoolCalendarSchema.parse({})).toEqual(defaultSchoolCalendar());
    expect(defaultSchoolCalendar()).toEqual({
      timeZone: TZ,
      workingHours: { start: '07:30', end: '16:00' },
      holidays: [],
      includeGrundlovsdag: true,
    });
  });

  it('accepts a full calendar', () => {
    expect(schoolCalendarSchema.parse(CAL)).toEqual({ ...CAL, includeGrundlovsdag: true });
  });

  it('names every bad entry in Danish with its path', () => {
    const r = schoolCalendarSchema.safeParse({
      timeZone: 'Europe/Aarhus',
      workingHours: { start: '16:00', end: '08:00' },
      holidays: [
        { from: '2026-02-07', to: '2026-02-15', name: 'Vinterferie' },
        { from: '2026-02-30', to: '2026-02-01', name: '' },
      ],
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const lines = describeIssues(r.error, 'calendar');
    expect(lines).toContain('Feltet "calendar.timeZone": Ukendt tidszone: brug et IANA-navn, fx Europe/Copenhagen.');
    expect(lines).toContain('Feltet "calendar.workingHours.end": Arbejdstiden skal begynde, før den slutter.');
    expect(lines).toContain('Feltet "calendar.holidays.1.from": Skal være en dato skrevet ÅÅÅÅ-MM-DD, fx 2026-02-09.');
    expect(lines.some((l) => l.startsWith('Feltet "calendar.holidays.1.name"'))).toBe(true);
  });

  it('refuses a holiday that ends before it begins', () => {
    const r = schoolCalendarSchema.safeParse({ holidays: [{ from: '2026-02-15', to: '2026-02-07', name: 'Vinterferie' }] });
    expect(r.success).toBe(false);
    if (!r.success) expect(describeIssues(r.error)).toEqual(['Feltet "holidays.0.to": Ferien skal begynde, før den slutter.']);
  });
});
