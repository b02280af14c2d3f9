/** The access-log command's data: the words typed after "adgangslog" (a case id, an AAD id or a name). */
import { z } from '../domain/zod.js';
import { parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

const AccessLogQuerySchema = z.looseObject({ query: z.string().max(200).optional() });

export function accessLogQueryOf(data: CardData): Parsed<string> {
  return parseWith(AccessLogQuerySchema, data, (d) => (d.query ?? '').trim());
}

/** "adgangslog <words>" typed: the words (after the bot's @mention), or null when the text is not that command. */
export function accessLogCommandOf(text: string): string | null {
  const match = /^\s*adgangslog(?:gen)?\s+(.+?)\s*$/iu.exec(
    text
      .normalize('NFC')
      .replace(/<at>[^<]*<\/at>/gi, ' ')
      .replace(/\s+/g, ' '),
  );
  return match ? match[1]!.trim() : null;
}
