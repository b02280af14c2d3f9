/**
 * docs/databeskyttelse.md describes every table and column the bot stores (issue 13): a fresh
 * PGlite database is migrated to the latest schema, every base table and column is read from
 * information_schema, and the test fails naming each column the document does not describe (with
 * the heading and the row to add) and each one it describes that no longer exists. The document's
 * format: a heading `### \`table\`` per table, then a Markdown table whose rows begin with the
 * column's name in backticks.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/db/database.js';
import { SEALED_COLUMNS } from '../../../src/db/sealed-columns.js';

const DOC_PATH = new URL('../../../docs/databeskyttelse.md', import.meta.url);

/** The tables and columns the document describes, in its order. */
function documentedColumns(markdown: string): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of markdown.split('\n')) {
    const heading = /^###\s+`([a-z0-9_]+)`\s*$/.exec(line);
    if (heading) {
      current = [];
      tables.set(heading[1]!, current);
      continue;
    }
    if (/^#{1,3}\s/.test(line)) current = null;
    const row = /^\|\s*`([a-z0-9_]+)`\s*\|/.exec(line);
    if (row && current) current.push(row[1]!);
  }
  return tables;
}

describe('docs/databeskyttelse.md', () => {
  let database: Database;
  let schema: Map<string, string[]>;
  const doc = readFileSync(DOC_PATH, 'utf8');
  const documented = documentedColumns(doc);

  beforeAll(async () => {
    database = await openDatabase({ inMemory: true });
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema()
      order by c.table_name, c.ordinal_position
    `.execute(database.db);
    schema = new Map();
    for (const { table_name, column_name } of rows) schema.set(table_name, [...(schema.get(table_name) ?? []), column_name]);
  }, 60_000);
  afterAll(() => database?.close());

  it('reads the document (the parser finds the tables it should)', () => {
    expect(documentedColumns('### `t`\n\n| Kolonne | Indhold |\n|---|---|\n| `a` | x |\n| `b` | y |\n\n## Andet\n| `c` | z |')).toEqual(
      new Map([['t', ['a', 'b']]]),
    );
    expect(documented.get('cases')).toContain('pseudonym');
    expect(schema.size).toBeGreaterThan(10);
  });

  it('describes every table and column of the migrated schema', () => {
    const missing: string[] = [];
    for (const [table, columns] of schema) {
      const described = documented.get(table);
      if (!described) {
        missing.push(
          `Tabellen ${table} er ikke beskrevet. Tilføj i docs/databeskyttelse.md under "## Tabellerne":\n` +
            `### \`${table}\`\n\n<formål, og hvem der kan læse den>\n\n| Kolonne | Indhold | Personoplysning |\n|---|---|---|\n` +
            columns.map((c) => `| \`${c}\` | <indhold> | <barn, medarbejder, fritekst eller nej> |`).join('\n'),
        );
        continue;
      }
      const absent = columns.filter((c) => !described.includes(c));
      if (absent.length)
        missing.push(
          `Tabellen ${table} har kolonner, som docs/databeskyttelse.md ikke beskriver. Tilføj under "### \`${table}\`":\n` +
            absent.map((c) => `| \`${c}\` | <indhold> | <barn, medarbejder, fritekst eller nej> |`).join('\n'),
        );
    }
    expect(missing.join('\n\n')).toBe('');
  });

  it('describes no table or column that does not exist (nothing stale), and each column once', () => {
    const stale: string[] = [];
    for (const [table, columns] of documented) {
      const actual = schema.get(table);
      if (!actual) stale.push(`### \`${table}\`: tabellen findes ikke i databasen`);
      else for (const c of columns) if (!actual.includes(c)) stale.push(`${table}.${c}: kolonnen findes ikke`);
      const twice = columns.filter((c, i) => columns.indexOf(c) !== i);
      for (const c of twice) stale.push(`${table}.${c}: beskrevet to gange`);
    }
    expect(stale).toEqual([]);
  });

  it('marks every free-text column encrypted, and only the columns that are (src/db/sealed-columns.ts), and says how', () => {
    const freeText: string[] = [];
    const encrypted: string[] = [];
    let table = '';
    for (const line of doc.split('\n')) {
      const heading = /^###\s+`([a-z0-9_]+)`\s*$/.exec(line);
      if (heading) table = heading[1]!;
      const row = /^\|\s*`([a-z0-9_]+)`\s*\|.*\|([^|]*)\|\s*$/.exec(line);
      if (!row || !table) continue;
      if (/fritekst/.test(row[2]!)) freeText.push(`${table}.${row[1]}`);
      if (/fritekst|krypteret/.test(row[2]!)) encrypted.push(`${table}.${row[1]}`);
    }
    const sealed = SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort();
    expect(freeText.length).toBeGreaterThan(5);
    // Every free-text column is sealed; every sealed column is said to be (free text, or derived from it).
    expect(freeText.filter((c) => !sealed.includes(c))).toEqual([]);
    expect(sealed).toEqual(encrypted.sort());
    for (const column of SEALED_COLUMNS) expect(schema.get(column.table), column.table).toContain(column.column);
    for (const words of [
      '## Kryptering af fritekst',
      'ENCRYPTION_KEY',
      'ENCRYPTION_PREVIOUS_KEYS',
      'npm run keys -- rotate',
      'AES-256-GCM',
    ])
      expect(doc).toContain(words);
  });

  it('says what the DPO asks: legal basis to confirm, retention (and its settings), who reads, what leaves, processors', () => {
    for (const heading of ['## Retsgrundlag', '## Hvem kan læse data', '## Opbevaring', '## Hvad forlader systemet', '## Databehandlere'])
      expect(doc).toContain(heading);
    for (const setting of ['RETENTION_CLOSED_MONTHS', 'RETENTION_UNTOUCHED_MONTHS', 'RETENTION_WARNING_DAYS'])
      expect(doc).toContain(setting);
    expect(doc).toContain('skal bekræfte');
    expect(doc).toContain('Microsoft');
  });
});
