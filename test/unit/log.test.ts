/**
 * The logger's error serializer (src/log.ts): only the safe parts of an error reach a line, however
 * the error is logged (`err`, `error`, as the first argument), whatever it carries or quotes.
 */
import { describe, expect, it } from 'vitest';
import { LogCapture } from '../support/bot.js';
import { createLogger, pseudonymousId, redactMessage, safeError } from '../../src/log.js';
import { findCprNumbers } from '../../src/domain/cpr.js';

const CPR = '241299-1234';
const TEXT = 'Eleven har slået en klassekammerat';

function line(write: (logger: ReturnType<typeof createLogger>) => void): string {
  const log = new LogCapture();
  write(createLogger('debug', log));
  return log.text;
}

/** An error shaped like pg-protocol's DatabaseError as PGlite throws it (query, params, detail, where…). */
function databaseError(): Error {
  const error = new Error(`invalid input value for enum case_status: "${TEXT}"`) as Error & Record<string, unknown>;
  Object.assign(error, {
    severity: 'ERROR',
    code: '22P02',
    detail: `Failing row contains (${CPR}, ${TEXT}).`,
    where: `unnamed portal parameter $2 = '${TEXT}'`,
    hint: TEXT,
    internalQuery: `select '${TEXT}'`,
    table: 'cases',
    column: 'status',
    constraint: 'cases_status_check',
    query: 'insert into cases (note, status) values ($1, $2)',
    params: [CPR, TEXT],
    queryOptions: { rowMode: 'object' },
    routine: 'enum_in',
  });
  return error;
}

describe('the error serializer', () => {
  it.each([
    ['err', (l: ReturnType<typeof createLogger>, e: Error) => l.error({ err: e }, 'failed')],
    ['error', (l: ReturnType<typeof createLogger>, e: Error) => l.warn({ error: e }, 'failed')],
    ['the first argument', (l: ReturnType<typeof createLogger>, e: Error) => l.error(e, 'failed')],
  ])('writes a database error logged as %s without its values', (_how, write) => {
    const text = line((l) => write(l, databaseError()));
    expect(text).not.toContain(TEXT);
    expect(findCprNumbers(text)).toEqual([]);
    const logged = Object.values(JSON.parse(text) as Record<string, unknown>).find(
      (v) => typeof v === 'object' && v !== null && 'code' in v,
    );
    expect(logged).toMatchObject({
      type: 'DatabaseError',
      code: '22P02',
      table: 'cases',
      column: 'status',
      constraint: 'cases_status_check',
    });
    expect(logged).not.toHaveProperty('params');
    expect(logged).not.toHaveProperty('query');
    expect(logged).not.toHaveProperty('detail');
    expect(logged).not.toHaveProperty('where');
    expect(logged).not.toHaveProperty('hint');
    expect(logged).not.toHaveProperty('internalQuery');
  });

  it('drops the input a JSON parse error quotes, in its message and in its stack', () => {
    let error: unknown;
    try {
      JSON.parse(`{"beskrivelse": "${TEXT} ${CPR}" oops`);
    } catch (e) {
      error = e;
    }
    const safe = safeError(error);
    expect(safe.type).toBe('SyntaxError');
    expect(JSON.stringify(safe)).not.toContain('klassekammerat');
    expect(findCprNumbers(JSON.stringify(safe))).toEqual([]);
    expect(safe.stack).toMatch(/^SyntaxError: .*\n\s+at /);
  });

  it('redacts the causes and the errors of an AggregateError too, and masks an unquoted CPR number', () => {
    const cause = databaseError();
    const wrapped = new Error(`saving the answer for ${CPR} failed`, { cause });
    const aggregate = new AggregateError([wrapped, new Error(`'${TEXT}'`)], 'several failed');
    const text = JSON.stringify(safeError(aggregate));
    expect(text).not.toContain(TEXT);
    expect(findCprNumbers(text)).toEqual([]);
    expect(safeError(aggregate).errors?.[0]?.cause).toMatchObject({ code: '22P02' });
  });

  it('writes only the kind of a thrown value that is not an error', () => {
    expect(safeError(`${TEXT} ${CPR}`)).toEqual({ type: 'string', message: '(ikke et Error-objekt)' });
    expect(safeError(null)).toEqual({ type: 'null', message: '(ikke et Error-objekt)' });
    expect(JSON.stringify(safeError({ message: TEXT, detail: TEXT }))).not.toContain(TEXT);
  });

  it('keeps the names of database objects and the shape of the message', () => {
    expect(redactMessage('duplicate key value violates unique constraint "cases_pkey"')).toBe(
      'duplicate key value violates unique constraint "cases_pkey"',
    );
    expect(redactMessage('column "note" of relation "cases" does not exist')).toBe('column "note" of relation "cases" does not exist');
    expect(redactMessage('invalid input syntax for type integer: "abc"')).toBe('invalid input syntax for type integer: "…"');
    expect(redactMessage(`value ${CPR}\u0000 here`)).toBe('value [CPR fjernet] here');
  });

  it('hashes only string user ids', () => {
    expect(pseudonymousId('29:abc')).toMatch(/^[0-9a-f]{12}$/);
    expect(pseudonymousId(42)).toBeUndefined();
    expect(pseudonymousId({ toString: () => TEXT })).toBeUndefined();
  });
});
