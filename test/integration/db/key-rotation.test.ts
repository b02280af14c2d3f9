/**
 * Key rotation (src/db/key-rotation.ts, `npm run keys`) on both engines: values sealed with an old
 * key and values written in clear before encryption are re-sealed under the current key, after
 * which the old key is not needed; nothing else of the rows changes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysCommand } from '../../../src/cli/keys.js';
import { CaseRepository } from '../../../src/cases/case.repository.js';
import { openDatabase, type Database } from '../../../src/db/database.js';
import { keyStatus, rotateKeys } from '../../../src/db/key-rotation.js';
import { KeyRing, keyIdOf, parseKeySpec } from '../../../src/db/sealing.js';
import { databaseTargets } from '../../support/db.js';
import { TEST_KEY, TEST_KEY_2 } from '../../support/keys.js';

const DESCRIPTION = 'Eleven trækker sig fra fællesskabet og siger, at hun ikke må lege efter skole.';
const LEGACY = 'Skrevet før krypteringen: drengen kommer ofte uden madpakke.';

describe.each(databaseTargets())('key rotation on $name', (target) => {
  let database: Database;
  let withOld: Database;
  let rotating: Database;
  let sealedCase: string;
  let legacyCase: string;

  beforeAll(async () => {
    database = await target.open();
    withOld = { ...database, keys: KeyRing.fromSpecs(TEST_KEY_2) };
    rotating = { ...database, keys: KeyRing.fromSpecs(TEST_KEY, [TEST_KEY_2]) };
    const cases = new CaseRepository(withOld);
    const created = await cases.create({ tenantId: 'tenant-rotation', ownerAadId: 'owner-1' });
    sealedCase = created.id;
    await cases.withLockedCase(created.id, async (_c, tx) => {
      await tx.update(created.id, { intake: { scope: 'barn', description: DESCRIPTION, safety: [] } });
      await tx.addRecommendation(created.id, {
        level: 'forebyggende',
        step: 'team',
        recommendation: {},
        intake: { description: DESCRIPTION },
      });
    });
    const { rows } = await sql<{
      id: string;
    }>`insert into cases (tenant_id, owner_aad_id, status, intake, closed_at, closed_by, closed_reason, closed_note)
      values ('tenant-rotation', 'owner-2', 'afsluttet', ${JSON.stringify({ description: LEGACY, safety: ['vold'] })}::jsonb,
        now(), 'owner-2', 'andet', ${LEGACY}) returning id`.execute(database.db);
    legacyCase = (rows[0] as { id: string }).id;
  });
  afterAll(() => target.cleanup());

  it('counts values per key and in clear, re-seals them under the current key, and then needs no old key', async () => {
    const before = await keyStatus(rotating);
    const intake = before.find((c) => c.table === 'cases' && c.column === 'intake');
    expect(intake).toMatchObject({ values: 2, clear: 1, byKey: { 'test-2': 1 } });
    expect(before.find((c) => c.table === 'cases' && c.column === 'closed_note')).toMatchObject({ values: 1, clear: 1, byKey: {} });
    const stamps = await sql<{ id: string; updated_at: Date }>`select id, updated_at from cases order by id`.execute(database.db);

    const results = await rotateKeys(rotating);
    const resealed = Object.fromEntries(results.filter((r) => r.resealed > 0).map((r) => [`${r.table}.${r.column}`, r.resealed]));
    expect(resealed).toEqual({
      'cases.intake': 2,
      'cases.closed_note': 1,
      'case_recommendations.recommendation': 1,
      'case_recommendations.intake': 1,
    });

    const after = await keyStatus(rotating);
    for (const column of after) {
      expect(column.clear, `${column.table}.${column.column}`).toBe(0);
      expect(Object.keys(column.byKey).filter((id) => id !== 'test-1')).toEqual([]);
    }
    const raw = await sql<{
      intake: unknown;
      closed_note: string | null;
    }>`select intake, closed_note from cases where id = ${legacyCase}`.execute(database.db);
    const row = raw.rows[0] as { intake: Record<string, unknown>; closed_note: string };
    expect(JSON.stringify(row)).not.toContain('madpakke');
    expect(row.intake.safety).toEqual(['vold']);
    expect(keyIdOf(row.closed_note)).toBe('test-1');

    // Only the new key from here on.
    const onlyNew = new CaseRepository({ ...database, keys: KeyRing.fromSpecs(TEST_KEY) });
    expect((await onlyNew.get(legacyCase))?.intake).toEqual({ description: LEGACY, safety: ['vold'] });
    expect((await onlyNew.get(legacyCase))?.closed?.note).toBe(LEGACY);
    expect((await onlyNew.get(sealedCase))?.intake).toEqual({ scope: 'barn', description: DESCRIPTION, safety: [] });
    expect((await onlyNew.listRecommendations(sealedCase))[0]?.intake).toEqual({ description: DESCRIPTION });
    expect((await sql<{ id: string; updated_at: Date }>`select id, updated_at from cases order by id`.execute(database.db)).rows).toEqual(
      stamps.rows,
    );

    const again = await rotateKeys(rotating);
    expect(again.reduce((n, r) => n + r.resealed + r.skipped, 0)).toBe(0);
  });
});

describe('npm run keys', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'indsatsguiden-keys-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const run = async (args: string[], env: Record<string, string> = {}) => {
    let out = '';
    let err = '';
    const code = await keysCommand(args, { env: { DATA_DIR: dataDir, ...env }, out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  };

  it('makes a key line, counts, rotates and says which old key can go', async () => {
    const made = await run(['new', '2027-01']);
    expect(made.code).toBe(0);
    expect(() => parseKeySpec(made.out.trim())).not.toThrow();
    expect(made.err).toContain('ENCRYPTION_PREVIOUS_KEYS');

    const status = await run(['status'], { ENCRYPTION_KEY: TEST_KEY, ENCRYPTION_PREVIOUS_KEYS: TEST_KEY_2 });
    expect(status.code).toBe(0);
    expect(status.out).toContain('Nøgle i brug: test-1');
    expect(status.out).toContain('cases.intake: 0 værdier');
    expect(status.out).toContain('Ikke længere i brug: test-2: kan fjernes fra ENCRYPTION_PREVIOUS_KEYS.');

    const rotated = await run(['rotate'], { ENCRYPTION_KEY: TEST_KEY });
    expect(rotated.code).toBe(0);
    expect(rotated.out).toContain('Krypteret igen med test-1: 0 værdier.');
  });

  it('refuses to rotate with the development key unless told, and writes nothing while a value is under a key it lacks', async () => {
    const keyless = await run(['rotate']);
    expect(keyless.code).toBe(2);
    expect(keyless.err).toContain('rotate ville kryptere med udviklingsnøglen');
    expect((await run(['rotate', '--udvikling'])).code).toBe(0);

    const database = await openDatabase({ dataDir, keys: KeyRing.fromSpecs(TEST_KEY_2) });
    let caseId: string;
    try {
      const cases = new CaseRepository(database);
      caseId = (await cases.create({ tenantId: 't', ownerAadId: 'o' })).id;
      await cases.withLockedCase(caseId, (c, tx) => tx.update(c.id, { intake: { description: DESCRIPTION } }));
    } finally {
      await database.close();
    }
    const lacking = await run(['rotate'], { ENCRYPTION_KEY: TEST_KEY });
    expect(lacking.code).toBe(1);
    expect(lacking.err).toContain('Værdier er krypteret med test-2, som ikke er sat');
    const rotated = await run(['rotate'], { ENCRYPTION_KEY: TEST_KEY, ENCRYPTION_PREVIOUS_KEYS: TEST_KEY_2 });
    expect(rotated.code).toBe(0);
    expect(rotated.out).toContain('Krypteret igen med test-1: 1 værdi.');
    expect(rotated.out).toContain('Ikke længere i brug: test-2');
    const reopened = await openDatabase({ dataDir, keys: KeyRing.fromSpecs(TEST_KEY) });
    try {
      expect((await new CaseRepository(reopened).get(caseId))?.intake).toEqual({ description: DESCRIPTION });
    } finally {
      await reopened.close();
    }
  });

  it('refuses wrong use and bad settings with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['rotate', 'now'])).err).toContain('Brug: npm run keys');
    expect((await run(['new', 'Æ'])).code).toBe(2);
    const bad = await run(['status'], { ENCRYPTION_KEY: 'kort' });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('ENCRYPTION_KEY');
  });
});
