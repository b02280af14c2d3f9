/**
 * `npm run keys -- new | status | rotate`: the encryption keys of free text (src/db/sealing.ts),
 * for the municipality's IT administrator.
 *
 * - `new [id]` prints a fresh key line for ENCRYPTION_KEY (the id defaults to today's date);
 * - `status` counts, per sealed column, the values in clear and under each key;
 * - `rotate` re-seals every value under ENCRYPTION_KEY (also what was written in clear before
 *   encryption existed); afterwards the keys `status` no longer shows can leave
 *   ENCRYPTION_PREVIOUS_KEYS. It refuses the development key (a shell without the bot's secrets)
 *   unless `--udvikling` is given, and writes nothing while a value is under a key it lacks.
 *
 * `status` and `rotate` use the bot's own settings (DATABASE_URL or DATA_DIR, ENCRYPTION_KEY,
 * ENCRYPTION_PREVIOUS_KEYS). With PGlite the bot must be stopped first (one process owns the data
 * directory); with PostgreSQL it may keep running. Exit codes: 0 done, 1 failed, 2 wrong use.
 */
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { keyStatus, rotateKeys, type ColumnStatus, type RotationResult } from '../db/key-rotation.js';
import { KeySpecError, newKeySpec } from '../db/sealing.js';
import { invokedDirectly } from './invoked.js';

const USAGE = [
  'Brug: npm run keys -- new [id]   skriv en ny nøgle til ENCRYPTION_KEY',
  '      npm run keys -- status     tæl de krypterede værdier pr. nøgle',
  '      npm run keys -- rotate     krypter alt med ENCRYPTION_KEY (også det, der blev skrevet før krypteringen)',
  '                                 (med udviklingsnøglen kun med --udvikling: lokale testdata)',
].join('\n');

export interface KeysIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
}

/** The whole command; returns its exit code. */
export async function keysCommand(args: readonly string[], io: KeysIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'new') {
    try {
      io.out(`${newKeySpec(rest[0])}\n`);
    } catch (error) {
      if (!(error instanceof KeySpecError)) throw error;
      io.err(`${error.message}: brug små bogstaver, tal og bindestreg.\n`);
      return 2;
    }
    io.err(
      'Gem linjen i jeres hemmelighedsboks (fx Azure Key Vault) og sæt ENCRYPTION_KEY til den.\n' +
        'Skifter I nøgle: flyt den gamle linje til ENCRYPTION_PREVIOUS_KEYS, genstart botten og kør `npm run keys -- rotate`.\n',
    );
    return 0;
  }
  const development = command === 'rotate' && rest.length === 1 && rest[0] === '--udvikling';
  if ((command !== 'status' && command !== 'rotate') || (rest.length > 0 && !development)) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  let config: Readonly<Config>;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }
  if (command === 'rotate' && config.keys.usesDevelopmentKey() && !development) {
    // A shell without the bot's secrets must not re-seal a real database under a key anyone can read in the source.
    io.err(
      'ENCRYPTION_KEY er ikke sat (eller er udviklingsnøglen): rotate ville kryptere med udviklingsnøglen, som står i koden.\n' +
        'Sæt ENCRYPTION_KEY og ENCRYPTION_PREVIOUS_KEYS som for botten og prøv igen. Er det lokale testdata: npm run keys -- rotate --udvikling\n',
    );
    return 2;
  }
  const database = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl, keys: config.keys } : { dataDir: config.dataDir, keys: config.keys },
  );
  try {
    if (command === 'status') {
      io.out(describeStatus(await keyStatus(database), config));
    } else {
      const missing = [...new Set((await keyStatus(database)).flatMap((c) => Object.keys(c.byKey)))].filter(
        (id) => !config.keys.ids.includes(id),
      );
      if (missing.length > 0) {
        io.err(
          `Værdier er krypteret med ${missing.join(', ')}, som ikke er sat: tilføj nøglen i ENCRYPTION_PREVIOUS_KEYS. Intet er ændret.\n`,
        );
        return 1;
      }
      const results = await rotateKeys(database);
      io.out(describeRotation(results, config));
      io.out(describeStatus(await keyStatus(database), config));
    }
    return 0;
  } catch (error) {
    io.err(`Det lykkedes ikke: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

const values = (n: number) => `${n} ${n === 1 ? 'værdi' : 'værdier'}`;

function describeStatus(columns: ColumnStatus[], config: Readonly<Config>): string {
  const lines = [
    `Nøgle i brug: ${config.keys.currentId}${config.keys.usesDevelopmentKey() ? ' (udviklingsnøglen: kun til lokale testdata)' : ''}`,
  ];
  const used = new Set<string>();
  let clear = 0;
  for (const c of columns) {
    const parts = Object.entries(c.byKey).map(([id, n]) => `${n} med ${id}`);
    if (c.clear > 0) parts.push(`${c.clear} ukrypteret`);
    lines.push(`  ${c.table}.${c.column}: ${values(c.values)}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`);
    Object.keys(c.byKey).forEach((id) => used.add(id));
    clear += c.clear;
  }
  if (clear > 0) lines.push(`${values(clear)} er skrevet før krypteringen: kør \`npm run keys -- rotate\`.`);
  const idle = config.keys.ids.filter((id) => id !== config.keys.currentId && !used.has(id));
  const busy = config.keys.ids.filter((id) => id !== config.keys.currentId && used.has(id));
  if (busy.length > 0) lines.push(`Stadig i brug: ${busy.join(', ')}: kør \`npm run keys -- rotate\`.`);
  if (idle.length > 0) lines.push(`Ikke længere i brug: ${idle.join(', ')}: kan fjernes fra ENCRYPTION_PREVIOUS_KEYS.`);
  return `${lines.join('\n')}\n`;
}

function describeRotation(results: RotationResult[], config: Readonly<Config>): string {
  const resealed = results.reduce((n, r) => n + r.resealed, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  const lines = [`Krypteret igen med ${config.keys.currentId}: ${values(resealed)}.`];
  for (const r of results) if (r.resealed + r.skipped > 0) lines.push(`  ${r.table}.${r.column}: ${r.resealed}`);
  if (skipped > 0) lines.push(`${values(skipped)} blev ændret af botten imens (og dermed krypteret med ${config.keys.currentId}).`);
  return `${lines.join('\n')}\n`;
}

if (invokedDirectly(import.meta.url)) {
  const code = await keysCommand(process.argv.slice(2), {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
  process.exit(code);
}
