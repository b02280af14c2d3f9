/**
 * CPR guard. A Danish CPR number is DDMMYY-SSSS (or without the hyphen). Anything that looks like
 * one, with a valid calendar date, is refused wherever free text enters the system, and is never
 * stored or logged. A space is accepted as separator too, since people type it.
 */
const CANDIDATE = /(?<!\d)(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?!\d)/g;

function daysInMonth(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether DDMMYY is a real date in the 1900s or the 2000s (the century hides in the serial). */
function isValidDate(dd: number, mm: number, yy: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1) return false;
  return dd <= Math.max(daysInMonth(mm, 1900 + yy), daysInMonth(mm, 2000 + yy));
}

/** The CPR-like numbers found in a text (as typed). Empty when there are none. */
export function findCprNumbers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const [whole, dd, mm, yy] = m;
    if (isValidDate(Number(dd), Number(mm), Number(yy))) found.push(whole);
  }
  return found;
}

export function containsCpr(text: string): boolean {
  return findCprNumbers(text).length > 0;
}

/** Replaces every CPR-like number with a mask, for the rare place that must echo text back. */
export function maskCpr(text: string): string {
  return text.replace(CANDIDATE, (whole, dd: string, mm: string, yy: string) =>
    isValidDate(Number(dd), Number(mm), Number(yy)) ? '[CPR fjernet]' : whole,
  );
}

export const CPR_REFUSAL =
  'Din tekst ser ud til at indeholde et CPR-nummer. Den er ikke gemt. Skriv aldrig CPR-numre i Indsatsguiden – omtal barnet med initialer og klasse, fx "A.B., 4.B".';
