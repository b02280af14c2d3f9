/**
 * Time-zone arithmetic for "send at 07:30 in Europe/Copenhagen" that stays right across the
 * daylight-saving changes: the wall-clock date and time of an instant, and the instant of a wall
 * time. Local wall time in a zone comes from `Intl.DateTimeFormat` with `timeZone`; no clock is read.
 */
import { MS_PER_DAY, addCalendarDays, dayNumber, wallSeconds, type IsoDate, type WallTime } from './dates.js';

/** The schools' zone: a school calendar's default, and the zone "today" is judged in (copenhagenDate). */
export const DEFAULT_TIME_ZONE = 'Europe/Copenhagen';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown time zone.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalDateTime {
  date: IsoDate;
  /** 'HH:MM' */
  time: WallTime;
  /** Seconds since local midnight (wall clock), 0–86399. */
  secondOfDay: number;
}

function localFields(instant: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const get = (k: string) => {
    const v = parts[k];
    if (v === undefined || Number.isNaN(v)) throw new RangeError(`Cannot read "${k}" of ${new Date(instant).toISOString()} in ${timeZone}`);
    return v;
  };
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') };
}

/** The wall-clock date and time of `instant` in `timeZone`. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid Date');
  const f = localFields(t, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${String(f.y).padStart(4, '0')}-${pad(f.mo)}-${pad(f.d)}`,
    time: `${pad(f.h)}:${pad(f.mi)}`,
    secondOfDay: f.h * 3600 + f.mi * 60 + f.s,
  };
}

/** The calendar date of `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): IsoDate {
  return localDateTime(now, timeZone).date;
}

/**
 * Today in Europe/Copenhagen, the date a plan's evaluation and a reminder's kind are judged by
 * (the domain takes dates, it never reads the clock: a service passes its clock's `now` here).
 */
export function copenhagenDate(now: Date): IsoDate {
  return localDate(now, DEFAULT_TIME_ZONE);
}

/** The zone's offset from UTC at `instant`, in milliseconds (Copenhagen: +1 h in winter, +2 h in summer). */
export function utcOffsetMs(instant: Date, timeZone: string): number {
  const t = Math.floor(instant.getTime() / 1000) * 1000;
  const f = localFields(t, timeZone);
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s) - t;
}

/**
 * The instant at which the wall clock in `timeZone` shows `secondOfDay` on `date`. A wall time
 * that occurs twice (the autumn change) gives the earlier instant; one that does not occur (the
 * spring change) is moved forward by the length of the gap (02:30 → 03:30), as Temporal's
 * 'compatible' disambiguation does.
 */
function zonedInstant(date: IsoDate, secondOfDay: number, timeZone: string): Date {
  const wallAsUtc = dayNumber(date) * MS_PER_DAY + secondOfDay * 1000;
  // Offsets a day either side: a real zone changes its offset at most once in that span.
  const before = utcOffsetMs(new Date(wallAsUtc - MS_PER_DAY), timeZone);
  const after = utcOffsetMs(new Date(wallAsUtc + MS_PER_DAY), timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallAsUtc - offset)
    .filter((t) => wallAsUtc - utcOffsetMs(new Date(t), timeZone) === t)
    .sort((a, b) => a - b);
  const first = candidates[0];
  return new Date(first ?? wallAsUtc - before);
}

/** The UTC instant of local wall time `time` ('HH:MM') on `date` in `timeZone`. */
export function zonedTime(date: IsoDate, time: WallTime, timeZone: string): Date {
  return zonedInstant(date, wallSeconds(time), timeZone);
}

/** `instant` plus `days` calendar days in `timeZone`, keeping the wall-clock time (to the millisecond). */
export function addLocalDays(instant: Date, days: number, timeZone: string): Date {
  const local = localDateTime(instant, timeZone);
  const ms = ((instant.getTime() % 1000) + 1000) % 1000;
  return new Date(zonedInstant(addCalendarDays(local.date, days), local.secondOfDay, timeZone).getTime() + ms);
}
