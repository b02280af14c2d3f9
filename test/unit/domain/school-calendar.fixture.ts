import type { SchoolCalendar } from '../../../src/domain/calendar.js';

export const TZ = 'Europe/Copenhagen';

/** A school year 2025/26–2026/27 with the usual Danish school holidays. */
export const CAL: SchoolCalendar = {
  timeZone: TZ,
  workingHours: { start: '08:00', end: '16:00' },
  holidays: [
    { from: '2026-02-07', to: '2026-02-15', name: 'Vinterferie' },
    { from: '2026-06-27', to: '2026-08-09', name: 'Sommerferie' },
    { from: '2026-10-10', to: '2026-10-18', name: 'Efterårsferie' },
    { from: '2026-12-19', to: '2027-01-03', name: 'Juleferie' },
  ],
};
