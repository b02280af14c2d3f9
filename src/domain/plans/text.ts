/**
 * Small text helpers the drafts and the card parsing share: counting characters (not UTF-16 units),
 * clipping a text or a list to the content's bounds, and reading "ikke indhentet endnu".
 */
import { NOT_GATHERED, PLAN_LIMITS } from './templates.js';

const L = PLAN_LIMITS;

export const chars = (s: string) => Array.from(s).length;

/**
 * The text, or when longer than `max` characters, its start with "…": cut between words, never in
 * the middle of one (a checklist's evidence is read by PKU), unless a single word fills most of it.
 */
export function clipText(text: string, max: number): string {
  const cs = Array.from(text);
  if (cs.length <= max) return text;
  const head = cs.slice(0, max - 1);
  const cutsWord = /\S/u.test(cs[max - 1] ?? '') && /\S/u.test(head.at(-1) ?? '');
  const lastSpace = head.findLastIndex((c) => /\s/u.test(c));
  const kept = cutsWord && lastSpace > 0 ? head.slice(0, lastSpace) : head;
  return `${kept
    .join('')
    .trimEnd()
    .replace(/[,;:–-]+$/u, '')
    .trimEnd()}…`;
}

/** At most `max` lines of at most `L.line` characters; the rest joined into the last line. */
export function fitLines(items: readonly string[], max: number = L.lines): string[] {
  const clean = items.map((s) => s.trim()).filter((s) => s !== '');
  const kept = clean.length <= max ? clean : [...clean.slice(0, max - 1), `Desuden: ${clean.slice(max - 1).join(', ')}`];
  const out: string[] = [];
  let total = 0;
  for (const item of kept.map((s) => clipText(s, L.line))) {
    if (total + chars(item) + 1 > L.text) break;
    out.push(item);
    total += chars(item) + 1;
  }
  return out;
}

export const lower = (s: string) => (s ? s.charAt(0).toLowerCase() + s.slice(1) : s);
export const listText = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;

/** Whether a perspective field says that the perspective has not been gathered. */
export function isNotGathered(text: string): boolean {
  return (
    text
      .trim()
      .replace(/[.!]+$/, '')
      .toLowerCase() === NOT_GATHERED
  );
}
