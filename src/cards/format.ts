/**
 * Danish text on the cards, in one place: dates and times (local time in Europe/Copenhagen), and
 * the helpers that cut text to what a card allows. Every feature's view builder uses them, and the
 * schemas use them to normalise what a user sent.
 */
const DANISH_MONTHS = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
];
/** A calendar date 'YYYY-MM-DD' as Danish text, e.g. "4. december 2026" (as danishDate writes the day, without a time zone to go wrong). */
export const danishIsoDate = (iso: string) =>
  `${Number(iso.slice(8, 10))}. ${DANISH_MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

export const danishDate = (d: Date) =>
  d.toLocaleDateString('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' });

export const danishDateTime = (d: Date) =>
  d.toLocaleString('da-DK', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Copenhagen',
  });

export const danishWeekday = (d: Date) => d.toLocaleDateString('da-DK', { weekday: 'long', timeZone: 'Europe/Copenhagen' });

/** e.g. "mandag 14. december 2026 kl. 07.30" (local time in Europe/Copenhagen). */
export const danishWeekdayDateTime = (d: Date) => `${danishWeekday(d)} ${danishDateTime(d)}`;

/** Short local time for a card's history, e.g. "4. dec. kl. 10.15". */
export const danishShortDateTime = (d: Date) => {
  const date = d.toLocaleDateString('da-DK', { day: 'numeric', month: 'short', timeZone: 'Europe/Copenhagen' });
  const time = d.toLocaleTimeString('da-DK', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' });
  return `${date} kl. ${time}`;
};

/**
 * Values that echo what a user sent (a card shown again after a validation error) are normalised,
 * never refused: an unknown choice value is not preselected, and text is cut at its bound. What a
 * user sends must not be able to break the card that tells them what was wrong.
 */
export function keepKnownValues(value: string, cs: readonly { value: string }[], single = false): string {
  const known = new Set(cs.map((c) => c.value));
  const kept = [...new Set(value.split(',').map((v) => v.trim()))].filter((v) => known.has(v));
  return (single ? kept.slice(0, 1) : kept).join(',');
}

export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Text from the directory or the playbook, cut to what a card's schema allows (never refused: the message must go). */
export const fit = (text: string, max: number) => clip(text.trim(), max);
export const fitOrNull = (text: string | null, max: number) => (text === null || text.trim() === '' ? null : fit(text, max));
