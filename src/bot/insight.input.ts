/**
 * "indsigt <sags-id>" as typed, and the case reference it carries: the case's id (a UUID) or the
 * start of it (at least eight characters; the service says whether one case matches). The text was
 * screened for CPR numbers before this (commands.ts); the reference is screened again here, since
 * a card's data can carry one too, and is never echoed.
 */
import { z } from '../domain/zod.js';
import { parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

/** The case reference of "indsigt <ref>" (mentions and surrounding punctuation ignored); null when the text is not that command. */
export function insightCommandOf(text: string): string | null {
  const clean = text
    .normalize('NFC')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/\s+/g, ' ');
  const match = /^\s*indsigt(?: i)?(?: sag(?:en)?)?\s+([^\s]+?)[\s.!?]*$/iu.exec(clean);
  return match ? match[1]! : null;
}

const InsightData = z.object({ caseRef: z.string().max(100).optional() }).loose();

/** The typed command's data: `caseRef`, or null when "indsigt" was typed alone. */
export const caseRefOf = (data: CardData): Parsed<string | null> =>
  parseWith(InsightData, data, (d) => (d.caseRef === undefined || d.caseRef.trim() === '' ? null : d.caseRef.trim()));
