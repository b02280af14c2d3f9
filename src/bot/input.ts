/**
 * Card data is read at the edge: each feature's *.input.ts turns a card's `data` (an object of
 * unknown values) into the typed command its service takes, or into the Danish lines of a
 * bad-request card. Ids and versions are checked here; the inputs of a form (an intake answer, a
 * plan, a sparring request) go on as values keyed by field, which the domain checks.
 */
import type { z } from '../domain/zod.js';
import { issuesOf } from '../domain/zod.js';
import type { CardData } from './reply.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Parses with `schema`; a failure is its issues, one Danish line each (`issuesOf`, or `describe`). */
export function parseWith<S extends z.ZodType, T>(
  schema: S,
  data: unknown,
  build: (parsed: z.output<S>) => T,
  describe: (error: z.ZodError) => string[] = issuesOf,
): Parsed<T> {
  const parsed = schema.safeParse(data);
  return parsed.success ? { ok: true, value: build(parsed.data) } : { ok: false, errors: describe(parsed.error) };
}

/** The card's inputs: its data without the envelope's keys (and the fallback's `verb`). */
export function formValuesOf(data: CardData, envelope: readonly string[]): Readonly<Record<string, unknown>> {
  const skip = new Set(['verb', ...envelope]);
  return Object.fromEntries(Object.entries(data).filter(([key]) => !skip.has(key)));
}
