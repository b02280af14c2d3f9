/**
 * Database errors in the log (issue 9, point 4): real errors from PGlite and PostgreSQL, raised by
 * statements whose values hold free text and a CPR number, written by the bot's logger. PGlite's
 * error carries the statement's `params` (every value of the row) and `query`; both engines' carry
 * `detail` and `where`, which can quote the row. The log line keeps the SQLSTATE, the message
 * without the values, the constraint, and the stack frames; none of the values.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogCapture } from '../../support/bot.js';
import { databaseTargets } from '../../support/db.js';
import { createLogger } from '../../../src/log.js';
import { findCprNumbers } from '../../../src/domain/cpr.js';
import type { Database } from '../../../src/db/database.js';

const CPR = '010203-1234';
const FREE_TEXT = `Eleven græder hver morgen, mor siger ${CPR}`;
const OTHER_TEXT = 'Samtale med forældrene om skoleskift';

describe.each(databaseTargets())('database errors in the log on $name', (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
    await sql`create table log_probe (note text unique, other text, n integer check (n < 10))`.execute(database.db);
  });
  afterAll(() => target.cleanup());

  /** The error a statement throws, logged by the bot's logger; returns the line and the raw error. */
  async function logged(statement: () => Promise<unknown>) {
    let error: unknown;
    try {
      await statement();
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    const log = new LogCapture();
    createLogger('debug', log).error({ err: error }, 'turn handler failed');
    const line = JSON.parse(log.lines[0]!) as { err: Record<string, unknown> };
    return { text: log.text, err: line.err, raw: error as Record<string, unknown> };
  }

  const expectNothingOf = (text: string, ...values: string[]) => {
    for (const value of values) expect(text).not.toContain(value);
    expect(findCprNumbers(text)).toEqual([]);
    expect(text).not.toMatch(/græder|forældrene|\\u0000/);
  };

  it("keeps a NUL byte's neighbours out of the log (the whole row was in `params`)", async () => {
    const { text, err, raw } = await logged(() =>
      sql`insert into log_probe (note, other) values (${FREE_TEXT}, ${`${OTHER_TEXT}\u0000`})`.execute(database.db),
    );
    // What the error carries (the reason for the serializer): PGlite's holds the values.
    if (target.name === 'pglite') expect(JSON.stringify(raw.params)).toContain(CPR);
    expectNothingOf(text, FREE_TEXT, OTHER_TEXT);
    expect(err.code).toMatch(/^22/);
    expect(err.type).toBeTruthy();
    expect(String(err.stack)).toMatch(/\n\s+at /);
    for (const field of ['params', 'query', 'queryOptions', 'detail', 'where', 'hint', 'internalQuery'])
      expect(err).not.toHaveProperty(field);
  });

  it("keeps a unique violation's row (in `detail`) out of the log, and names the constraint", async () => {
    await sql`insert into log_probe (note, other) values (${FREE_TEXT}, ${OTHER_TEXT})`.execute(database.db);
    const { text, err, raw } = await logged(() =>
      sql`insert into log_probe (note, other) values (${FREE_TEXT}, ${OTHER_TEXT})`.execute(database.db),
    );
    expect(String(raw.detail)).toContain(CPR);
    expectNothingOf(text, FREE_TEXT, OTHER_TEXT);
    expect(err).toMatchObject({ code: '23505', constraint: 'log_probe_note_key' });
    expect(String(err.message)).toContain('"log_probe_note_key"');
  });

  it("keeps a check violation's failing row (in `detail`) out of the log", async () => {
    const { text, err, raw } = await logged(() =>
      sql`insert into log_probe (note, other, n) values (${`${FREE_TEXT} igen`}, ${OTHER_TEXT}, 42)`.execute(database.db),
    );
    expect(String(raw.detail)).toContain(CPR);
    expectNothingOf(text, FREE_TEXT, OTHER_TEXT);
    expect(err).toMatchObject({ code: '23514' });
  });

  it('keeps a value PostgreSQL quotes in its message out of the log', async () => {
    const { text, err, raw } = await logged(() => sql`select ${FREE_TEXT}::integer`.execute(database.db));
    expect(String(raw.message)).toContain(CPR);
    expectNothingOf(text, FREE_TEXT);
    expect(err).toMatchObject({ code: '22P02' });
    expect(String(err.message)).toContain('invalid input syntax for type integer');
  });

  it('keeps a value written into the query text (a literal) out of the log', async () => {
    const { text } = await logged(() => sql`select ${sql.lit(FREE_TEXT)}::jsonb`.execute(database.db));
    expectNothingOf(text, FREE_TEXT);
  });
});
