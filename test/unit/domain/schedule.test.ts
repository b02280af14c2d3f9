/**
 * When reminders go out (issue 4, item 5): evaluation reminders, "Udskyd en uge", the weekly digest and the
 * revisitation reminder, all in Europe/Copenhagen on school days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarMonths,
  isSchoolDay,
  isSendTime,
  localDateTime,
  schoolDayOnOrAfter,
  weekday,
  type SchoolCalendar,
} from '../../../src/domain/calendar.js';
import {
  evaluationReminders,
  nextRevisitation,
  postponedEvaluationDate,
  revisitationTime,
  weeklyDigestTimes,
} from '../../../src/domain/schedule.js';

import { CAL, TZ } from './school-calendar.fixture.js';
/** The instant of a Copenhagen wall time, spelled out by hand from the known offset. */
const cph = (date: string, time: string, offsetHours: 1 | 2) => new Date(`${date}T${time}:00+0${offsetHours}:00`);
const iso = (d: Date) => d.toISOString();

describe('evaluationReminders', () => {
  it('on an ordinary Wednesday: two school days before, on the day, three school days after', () => {
    expect(evaluationReminders('2026-03-11', CAL)).toEqual([
      { kind: 'due-soon', at: cph('2026-03-09', '08:00', 1) },
      { kind: 'due', at: cph('2026-03-11', '08:00', 1) },
      { kind: 'overdue', at: cph('2026-03-16', '08:00', 1) },
    ]);
  });

  it('for a Monday, the due-soon reminder goes on the Thursday before the weekend', () => {
    expect(evaluationReminders('2026-03-09', CAL)).toEqual([
      { kind: 'due-soon', at: cph('2026-03-05', '08:00', 1) },
      { kind: 'due', at: cph('2026-03-09', '08:00', 1) },
      { kind: 'overdue', at: cph('2026-03-12', '08:00', 1) },
    ]);
  });

  it('for a Saturday, the due reminder goes on Monday and the overdue one three school days later', () => {
    expect(evaluationReminders('2026-03-07', CAL)).toEqual([
      { kind: 'due-soon', at: cph('2026-03-05', '08:00', 1) },
      { kind: 'due', at: cph('2026-03-09', '08:00', 1) },
      { kind: 'overdue', at: cph('2026-03-12', '08:00', 1) },
    ]);
  });

  it('for 2. påskedag, skips the Easter days both ways (and uses summer time)', () => {
    expect(evaluationReminders('2026-04-06', CAL).map((r) => [r.kind, iso(r.at)])).toEqual([
      ['due-soon', '2026-03-31T06:00:00.000Z'],
      ['due', '2026-04-07T06:00:00.000Z'],
      ['overdue', '2026-04-10T06:00:00.000Z'],
    ]);
  });

  it('for a date in the winter holiday, waits for school to start again', () => {
    expect(evaluationReminders('2026-02-11', CAL)).toEqual([
      { kind: 'due-soon', at: cph('2026-02-05', '08:00', 1) },
      { kind: 'due', at: cph('2026-02-16', '08:00', 1) },
      { kind: 'overdue', at: cph('2026-02-19', '08:00', 1) },
    ]);
  });

  it('follows the working hours of the calendar', () => {
    const early: SchoolCalendar = { ...CAL, workingHours: { start: '07:15', end: '15:00' } };
    expect(evaluationReminders('2026-03-11', early)[1]).toEqual({ kind: 'due', at: cph('2026-03-11', '07:15', 1) });
  });

  it('always gives three reminders in time order, each at an allowed send time', () => {
    const date = fc.integer({ min: 0, max: 365 * 4 }).map((i) => addCalendarDays('2025-01-01', i));
    fc.assert(
      fc.property(date, (d) => {
        const rs = evaluationReminders(d, CAL);
        expect(rs.map((r) => r.kind)).toEqual(['due-soon', 'due', 'overdue']);
        for (const r of rs) {
          expect(isSendTime(r.at, CAL)).toBe(true);
          expect(localDateTime(r.at, TZ).time).toBe('08:00');
        }
        expect(rs[0]!.at < rs[1]!.at && rs[1]!.at < rs[2]!.at).toBe(true);
        expect(localDateTime(rs[0]!.at, TZ).date < d).toBe(true);
        expect(localDateTime(rs[1]!.at, TZ).date >= d).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('postponedEvaluationDate ("Udskyd en uge")', () => {
  it('moves the evaluation a week on, on the same weekday when that is a school day', () => {
    expect(postponedEvaluationDate('2026-03-11', '2026-03-09', CAL)).toBe('2026-03-18');
    expect(postponedEvaluationDate('2027-01-18', '2027-01-14', CAL)).toBe('2027-01-25');
  });

  it('a week that lands on langfredag moves to the first school day after Easter', () => {
    expect(postponedEvaluationDate('2026-03-27', '2026-03-25', CAL)).toBe('2026-04-07');
  });

  it('a week into the autumn holiday moves to the Monday after it', () => {
    expect(postponedEvaluationDate('2026-10-07', '2026-10-06', CAL)).toBe('2026-10-19');
  });

  it('an overdue plan gets a week from today, not a date already behind it', () => {
    expect(postponedEvaluationDate('2026-03-02', '2026-03-09', CAL)).toBe('2026-03-16');
  });

  it('is always a school day at least a week after the later of the date and today', () => {
    const day = fc.integer({ min: 0, max: 5 * 365 }).map((n) => addCalendarDays('2025-01-01', n));
    fc.assert(
      fc.property(day, day, (date, today) => {
        const moved = postponedEvaluationDate(date, today, CAL);
        expect(isSchoolDay(moved, CAL)).toBe(true);
        expect(moved >= addCalendarDays(date > today ? date : today, 7)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('weeklyDigestTimes', () => {
  it('gives Mondays at 07:30 local time, across the change to summer time', () => {
    expect(weeklyDigestTimes(cph('2026-03-18', '12:00', 1), 3, CAL).map(iso)).toEqual([
      '2026-03-23T06:30:00.000Z',
      '2026-03-30T05:30:00.000Z',
      '2026-04-07T05:30:00.000Z', // Monday 6 April is 2. påskedag: Tuesday instead.
    ]);
  });

  it('includes a Monday digest not yet sent, and excludes one at or before from', () => {
    expect(weeklyDigestTimes(cph('2026-03-23', '07:00', 1), 1, CAL)).toEqual([cph('2026-03-23', '07:30', 1)]);
    expect(weeklyDigestTimes(cph('2026-03-23', '07:30', 1), 1, CAL)).toEqual([cph('2026-03-30', '07:30', 2)]);
    expect(weeklyDigestTimes(cph('2026-03-23', '09:00', 1), 1, CAL)).toEqual([cph('2026-03-30', '07:30', 2)]);
  });

  it('goes at 07:30 whatever the working hours are', () => {
    expect(weeklyDigestTimes(cph('2026-03-18', '12:00', 1), 1, { ...CAL, workingHours: { start: '09:00', end: '15:00' } })).toEqual([
      cph('2026-03-23', '07:30', 1),
    ]);
  });

  it('moves to Tuesday after 2. pinsedag', () => {
    expect(weeklyDigestTimes(cph('2026-05-22', '12:00', 2), 2, CAL)).toEqual([
      cph('2026-05-26', '07:30', 2),
      cph('2026-06-01', '07:30', 2),
    ]);
  });

  it('skips a week without school days', () => {
    expect(weeklyDigestTimes(cph('2026-02-01', '12:00', 1), 3, CAL)).toEqual([
      cph('2026-02-02', '07:30', 1),
      cph('2026-02-16', '07:30', 1),
      cph('2026-02-23', '07:30', 1),
    ]);
    // Summer holiday: last digest before it on 22 June, the next on 10 August.
    expect(weeklyDigestTimes(cph('2026-06-20', '12:00', 2), 2, CAL)).toEqual([
      cph('2026-06-22', '07:30', 2),
      cph('2026-08-10', '07:30', 2),
    ]);
  });

  it('returns nothing for a count of 0 and refuses a negative count', () => {
    expect(weeklyDigestTimes(cph('2026-03-18', '12:00', 1), 0, CAL)).toEqual([]);
    expect(() => weeklyDigestTimes(cph('2026-03-18', '12:00', 1), -1, CAL)).toThrow(RangeError);
  });

  it('gives one digest per week at 07:30 on a school day, all after from, in order', () => {
    const instant = fc
      .integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2029-12-31T00:00:00Z') })
      .map((t) => new Date(t));
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 12 }), (from, count) => {
        const times = weeklyDigestTimes(from, count, CAL);
        expect(times).toHaveLength(count);
        let previousMonday = '';
        let previous = from;
        for (const t of times) {
          expect(t > previous).toBe(true);
          const local = localDateTime(t, TZ);
          expect(local.time).toBe('07:30');
          expect(isSchoolDay(local.date, CAL)).toBe(true);
          const monday = addCalendarDays(local.date, -((weekday(local.date) + 6) % 7));
          expect(monday > previousMonday).toBe(true);
          // Only moved off Monday when the days before it in that week are not school days.
          for (let d = monday; d < local.date; d = addCalendarDays(d, 1)) expect(isSchoolDay(d, CAL)).toBe(false);
          previousMonday = monday;
          previous = t;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('revisitationTime', () => {
  const revisitationReminder = (d: string, cal: typeof CAL) => revisitationTime(d, 0, cal);
  it('31 January + 11 months is 31 December: nytårsaftensdag in the Christmas holiday, so Monday 4 January', () => {
    expect(revisitationReminder('2026-01-31', CAL)).toEqual(cph('2027-01-04', '08:00', 1));
    expect(revisitationReminder('2026-01-31', { ...CAL, holidays: [] })).toEqual(cph('2027-01-04', '08:00', 1));
  });

  it('clamps to the end of February and moves off a Sunday', () => {
    // 31 March 2026 + 11 months = 28 February 2027, a Sunday.
    expect(revisitationReminder('2026-03-31', CAL)).toEqual(cph('2027-03-01', '08:00', 1));
    // 31 March 2027 + 11 months = 29 February 2028, a Tuesday in a leap year.
    expect(revisitationReminder('2027-03-31', CAL)).toEqual(cph('2028-02-29', '08:00', 1));
  });

  it('keeps the day on an ordinary school day, in summer time', () => {
    expect(iso(revisitationReminder('2026-05-15', CAL))).toBe('2027-04-15T06:00:00.000Z');
  });

  it('is always about 11 months on, at working-hours start on a school day, and before the year ends', () => {
    const date = fc.integer({ min: 0, max: 365 * 4 }).map((i) => addCalendarDays('2025-01-01', i));
    fc.assert(
      fc.property(date, (d) => {
        const at = revisitationReminder(d, CAL);
        expect(isSendTime(at, CAL)).toBe(true);
        const local = localDateTime(at, TZ);
        expect(local.time).toBe('08:00');
        // The next school day on or after the eleventh month; only when that is too late, an earlier one,
        const due = addCalendarMonths(d, 11);
        if (local.date < due) expect(schoolDayOnOrAfter(due, CAL) >= addCalendarMonths(d, 12)).toBe(true);
        else expect(local.date).toBe(schoolDayOnOrAfter(due, CAL));
        // and always before the anniversary.
        expect(local.date < addCalendarMonths(d, 12)).toBe(true);
        const months =
          (Number(local.date.slice(0, 4)) - Number(d.slice(0, 4))) * 12 + Number(local.date.slice(5, 7)) - Number(d.slice(5, 7));
        expect(months).toBeGreaterThanOrEqual(10);
        expect(months).toBeLessThanOrEqual(12);
      }),
      { numRuns: 300 },
    );
  });

  it('comes back every 12 months, counted from the decision date, each on a school day', () => {
    // PKU decided on 15 May 2026: 11 months on is 15 April 2027 (a Thursday), 23 months on 15 April 2028, a Saturday in Easter 2028: Monday 17 April is 2. påskedag, so Tuesday 18 April.
    expect(localDateTime(revisitationTime('2026-05-15', 0, CAL), TZ).date).toBe('2027-04-15');
    expect(localDateTime(revisitationTime('2026-05-15', 1, CAL), TZ).date).toBe('2028-04-18');
    expect(localDateTime(revisitationTime('2026-05-15', 2, CAL), TZ).date).toBe('2029-04-16');
    expect(() => revisitationTime('2026-05-15', -1, CAL)).toThrow(RangeError);
  });

  it('plans the next revisitation at or after a moment', () => {
    expect(nextRevisitation('2026-05-15', new Date('2026-06-01T00:00:00Z'), CAL).n).toBe(0);
    const second = nextRevisitation('2026-05-15', new Date('2027-04-15T07:00:00Z'), CAL);
    expect(second.n).toBe(1);
    expect(localDateTime(second.at, TZ).date).toBe('2028-04-18');
  });
});

describe('revisitationTime before the year ends', () => {
  it('comes on the last school day before the date when the next school day would be after the anniversary', () => {
    // A summer holiday from 26 June to 8 August: PKU decided on 3 August 2026, so 3 July 2027 is in the
    // holiday and the next school day (9 August) is after the anniversary (3 August 2027).
    const summer = { ...CAL, holidays: [...CAL.holidays, { name: 'Sommerferie', from: '2027-06-26', to: '2027-08-08' }] };
    const at = localDateTime(revisitationTime('2026-08-03', 0, summer), TZ);
    expect(at.date < '2027-06-26').toBe(true);
    expect(at.date >= '2027-06-21').toBe(true);
    // Not near the end of the year: the next school day, as always.
    expect(localDateTime(revisitationTime('2026-05-15', 0, summer), TZ).date).toBe('2027-04-15');
  });
});
