/**
 * PKU's remarks at rest (issue #13), on every database target: stored sealed, read back in clear by
 * every read of the repository, a value written before encryption still read as it is, and the
 * bounds the database checked in clear before migration 0014 checked by the repository.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../../src/cases/case.repository.js';
import { PkuDecisionRepository } from '../../../src/cases/pku-decision.repository.js';
import type { Database } from '../../../src/db/database.js';
import { openAny } from '../../../src/db/sealing.js';
import type { PkuDecisionKind } from '../../../src/domain/pku-decision.js';
import { databaseTargets } from '../../support/db.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const OWNER = '1153f4b6-99f1-4c0d-94fd-862b111a2ad1';
const HANNE = '236cee5c-70dc-43b6-beab-6914a28f3172';
const REMARKS = 'Beskriv forældrenes perspektiv og evaluér mellemformen grundigt.';

describe.each(databaseTargets())('Sealed PKU remarks on $name', (target) => {
  let database: Database;
  let cases: CaseRepository;
  let decisions: PkuDecisionRepository;

  beforeAll(async () => {
    database = await target.open();
    cases = new CaseRepository(database);
    decisions = new PkuDecisionRepository(database);
  });
  afterAll(() => target.cleanup());

  const newCase = async () => (await cases.create({ tenantId: TENANT, ownerAadId: OWNER, schoolId: 'fjordbakke', teamId: '4b' })).id;
  const record = (caseId: string, remarks: string | null, decision: PkuDecisionKind = 'returneret') =>
    database.db
      .transaction()
      .execute((trx) => decisions.record(trx, { caseId, decision, decidedOn: '2027-03-01', remarks, recordedBy: HANNE }));
  const rawRemarks = async (id: string) =>
    (await database.db.selectFrom('pku_decisions').select('remarks').where('id', '=', id).executeTakeFirstOrThrow()).remarks;

  it('stores the remarks sealed and reads them in clear, through every read', async () => {
    const caseId = await newCase();
    const decision = await record(caseId, REMARKS);
    expect(decision.remarks).toBe(REMARKS);

    const raw = await rawRemarks(decision.id);
    expect(raw).toMatch(/^enc:v1:/);
    expect(raw).not.toContain(REMARKS);
    for (const word of ['forældrenes', 'perspektiv', 'mellemformen', 'grundigt']) expect(raw).not.toContain(word);
    expect(openAny(database.keys, raw)).toBe(REMARKS);

    expect((await decisions.byId(decision.id))?.remarks).toBe(REMARKS);
    expect((await decisions.latest(caseId))?.remarks).toBe(REMARKS);
    expect((await decisions.listForCase(caseId)).map((d) => d.remarks)).toEqual([REMARKS]);

    // No remarks stay no remarks (null, not a sealed empty text).
    const none = await record(caseId, null, 'afslag');
    expect(await rawRemarks(none.id)).toBeNull();
    expect((await decisions.latest(caseId))?.remarks).toBeNull();
  });

  it('reads remarks written before encryption as they are', async () => {
    const caseId = await newCase();
    const { rows } = await sql<{ id: string }>`
      insert into pku_decisions (case_id, decision, decided_on, remarks, recorded_by)
      values (${caseId}, 'returneret', '2027-02-01', ${'Gamle bemærkninger i klartekst'}, ${HANNE}) returning id`.execute(database.db);
    expect(await rawRemarks(rows[0]!.id)).toBe('Gamle bemærkninger i klartekst');
    expect((await decisions.byId(rows[0]!.id))?.remarks).toBe('Gamle bemærkninger i klartekst');

    // Beside a sealed one recorded later.
    await record(caseId, REMARKS);
    expect((await decisions.listForCase(caseId)).map((d) => d.remarks)).toEqual(['Gamle bemærkninger i klartekst', REMARKS]);
  });

  it('checks the bounds the database checked in clear: null or 1–1000 characters, counted as PostgreSQL does', async () => {
    const caseId = await newCase();
    await expect(record(caseId, '')).rejects.toThrow(/remarks must be null or 1–1000 characters \(got 0\)/);
    await expect(record(caseId, 'x'.repeat(1001))).rejects.toThrow(/remarks must be null or 1–1000 characters \(got 1001\)/);
    expect(await decisions.listForCase(caseId)).toEqual([]);
    // 1000 characters of two UTF-16 units each are within bounds; sealed, they are far longer.
    const wide = await record(caseId, '🙂'.repeat(1000));
    expect((await decisions.byId(wide.id))?.remarks).toBe('🙂'.repeat(1000));
    expect((await rawRemarks(wide.id))!.length).toBeGreaterThan(1000);
  });
});
