/**
 * Free text of the sparring requests at rest (issue #13), on every database target: the wished
 * time, the summary, the closing note and the rejection reason are stored sealed, and each event's
 * detail is sealed whole; the repository reads them back in clear, still reads values written
 * before encryption, still finds a repeated send by its key, and checks the bounds the database
 * checked in clear before migration 0014.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../src/cases/case.repository.js';
import type { Database } from '../../../src/db/database.js';
import { isSealed, openAny } from '../../../src/db/sealing.js';
import type { ActorFacts } from '../../../src/domain/sparring.js';
import type { NewSparringRequest, SparringRequestRecord } from '../../../src/sparring/sparring.repository.js';
import { databaseTargets } from '../../support/db.js';
import { INTAKES, PEOPLE, TENANT, makeCase, wire, type Wired } from './support.js';

const NIELS = { aadId: PEOPLE.niels, name: 'Niels Thorsen' };
const ANDERS = { aadId: PEOPLE.anders, name: 'Anders Skov' };
const TEAM = { pool: 'raadgivende-team', owner: 'nord' } as const;
const facts = (r: SparringRequestRecord): ActorFacts => ({ userId: PEOPLE.niels, poolMember: r.pool === 'raadgivende-team' });

const WISHED = 'Torsdag eftermiddag efter kl. 13';
const NOTE = 'Arbejdsmøde holdt med klasseteamet; ny plan aftalt.';
const REASON = 'Hører hjemme hos PLC på skolen.';

/** A raw value holds nothing of the clear text: no sentence of it, not even one word of it. */
function expectNoClearText(raw: unknown, clear: string) {
  const stored = JSON.stringify(raw);
  expect(stored).not.toContain(clear);
  for (const word of clear.split(/[\s,.;]+/).filter((w) => w.length >= 5)) expect(stored).not.toContain(word);
}

describe.each(databaseTargets())('Sealed sparring free text on $name', (target) => {
  let database: Database;
  let w: Wired;
  let theCase: CaseRecord;
  let sent = 0;

  const input = (extra: Partial<NewSparringRequest> = {}): NewSparringRequest => ({
    caseId: theCase.id,
    tenantId: TENANT,
    schoolId: 'fjordbakke',
    pool: 'raadgivende-team',
    poolOwner: 'nord',
    helpKinds: ['observation'],
    wishedTime: WISHED,
    summary: `A.B., 4.B. Uro i timerne og konflikter i frikvarteret (${++sent}).`,
    childSpecific: true,
    parentsConsent: true,
    requestedBy: ANDERS,
    ...extra,
  });
  const create = async (extra: Partial<NewSparringRequest> = {}) => {
    const r = await w.requests.create(input(extra));
    if (r.kind !== 'created') throw new Error(r.kind);
    return r.request;
  };
  const rawRequest = (id: string) =>
    database.db
      .selectFrom('sparring_requests')
      .select(['wished_time', 'summary', 'closing_note', 'rejection_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const rawDetails = async (id: string) =>
    (await database.db.selectFrom('sparring_events').select('detail').where('request_id', '=', id).orderBy('version').execute()).map(
      (r) => r.detail as Record<string, unknown>,
    );

  beforeAll(async () => {
    database = await target.open();
    w = wire(database);
    theCase = await makeCase(w.cases, { intake: INTAKES.sparringEkstern });
  });
  afterAll(() => target.cleanup());

  it('stores the wished time, the summary, the closing note and every event detail sealed, and reads them in clear', async () => {
    const request = await create();
    await w.requests.claim(request.id, { tenantId: TENANT, pools: [TEAM] }, NIELS);
    const closed = await w.requests.close(request.id, NOTE, NIELS, facts);
    expect(closed).toMatchObject({ kind: 'done', request: { closingNote: NOTE }, event: { detail: { note: NOTE } } });

    const raw = await rawRequest(request.id);
    for (const column of ['wished_time', 'summary', 'closing_note'] as const) expect(raw[column]).toMatch(/^enc:v1:/);
    expect(raw.rejection_reason).toBeNull();
    expectNoClearText(raw.wished_time, WISHED);
    expectNoClearText(raw.summary, request.summary);
    expectNoClearText(raw.closing_note, NOTE);
    expect(openAny(database.keys, raw.summary)).toBe(request.summary);

    // Every event's detail is sealed whole, whatever it holds (the pool, nothing, the note).
    const details = await rawDetails(request.id);
    expect(details).toHaveLength(3);
    for (const detail of details) {
      expect(Object.keys(detail)).toEqual(['$sealedValue']);
      expect(isSealed(detail.$sealedValue)).toBe(true);
    }
    expectNoClearText(details, NOTE);
    expectNoClearText(details, 'raadgivende-team');

    expect(await w.requests.get(request.id)).toMatchObject({
      wishedTime: WISHED,
      summary: request.summary,
      closingNote: NOTE,
      rejectionReason: null,
    });
    expect((await w.requests.events(request.id)).map((e) => [e.action, e.detail])).toEqual([
      ['oprettet', { pool: 'raadgivende-team' }],
      ['taget', {}],
      ['afsluttet', { note: NOTE }],
    ]);
    expect((await w.requests.listForCase(theCase.id)).find((r) => r.id === request.id)?.closingNote).toBe(NOTE);
  });

  it('stores the rejection reason sealed, in the request and in its event', async () => {
    const request = await create();
    expect(await w.requests.reject(request.id, REASON, NIELS, facts)).toMatchObject({
      kind: 'done',
      request: { rejectionReason: REASON },
      event: { detail: { reason: REASON } },
    });
    const raw = await rawRequest(request.id);
    expect(raw.rejection_reason).toMatch(/^enc:v1:/);
    expectNoClearText(raw.rejection_reason, REASON);
    expectNoClearText(await rawDetails(request.id), REASON);
    expect((await w.requests.get(request.id))?.rejectionReason).toBe(REASON);
    expect((await w.requests.events(request.id)).at(-1)?.detail).toEqual({ reason: REASON });
  });

  it('the same send is still found by its key, which is made from the clear text (the sealed values differ each time)', async () => {
    const same = input({ formId: null });
    const first = await w.requests.create(same);
    const again = await w.requests.create({ ...same, formId: null });
    expect(first.kind).toBe('created');
    expect(again).toEqual({ kind: 'exists', request: first.request });
    // Sealing the same text twice gives two different values: the key cannot come from them.
    expect(database.keys.seal(same.summary)).not.toBe(database.keys.seal(same.summary));
  });

  it('reads values written before encryption as they are, beside the sealed ones a later change writes', async () => {
    const request = await create();
    await sql`update sparring_requests set summary = ${'Gammel resumé i klartekst'}, wished_time = ${'Mandag'} where id = ${request.id}`.execute(
      database.db,
    );
    await sql`update sparring_events set detail = ${'{"pool":"raadgivende-team"}'}::jsonb where request_id = ${request.id}`.execute(
      database.db,
    );
    expect(await w.requests.get(request.id)).toMatchObject({ summary: 'Gammel resumé i klartekst', wishedTime: 'Mandag' });
    expect((await w.requests.events(request.id))[0]?.detail).toEqual({ pool: 'raadgivende-team' });

    await w.requests.reject(request.id, 'Legacy-grund', NIELS, facts);
    const raw = await rawRequest(request.id);
    expect(raw.rejection_reason).toMatch(/^enc:v1:/);
    expect(raw.summary).toBe('Gammel resumé i klartekst'); // A transition writes only its own columns; the rotation seals the rest.
    expect(await w.requests.get(request.id)).toMatchObject({ summary: 'Gammel resumé i klartekst', rejectionReason: 'Legacy-grund' });
  });

  it('checks the bounds the database checked in clear, counting characters as PostgreSQL does', async () => {
    await expect(w.requests.create(input({ summary: '' }))).rejects.toThrow(/summary must be 1–1000 characters \(got 0\)/);
    await expect(w.requests.create(input({ summary: 'x'.repeat(1001) }))).rejects.toThrow(/summary must be 1–1000 characters/);
    await expect(w.requests.create(input({ wishedTime: 'x'.repeat(101) }))).rejects.toThrow(/wished time must be 0–100 characters/);
    // 1000 characters of two UTF-16 units each: within bounds, as char_length counts them.
    const wide = await create({ summary: '🙂'.repeat(1000), wishedTime: '' });
    expect((await w.requests.get(wide.id))?.summary).toBe('🙂'.repeat(1000));
    expect((await rawRequest(wide.id)).summary.length).toBeGreaterThan(1000); // Why the database's own bound had to go.

    const taken = await create();
    await w.requests.claim(taken.id, { tenantId: TENANT, pools: [TEAM] }, NIELS);
    await expect(w.requests.close(taken.id, 'x'.repeat(1001), NIELS, facts)).rejects.toThrow(/closing note must be 0–1000/);
    await expect(w.requests.reject(taken.id, '', NIELS, facts)).rejects.toThrow(/rejection reason must be 1–500/);
    await expect(w.requests.reject(taken.id, 'x'.repeat(501), NIELS, facts)).rejects.toThrow(/rejection reason must be 1–500/);
    // Nothing was written by the refusals.
    expect(await w.requests.get(taken.id)).toMatchObject({ state: 'taget', version: 2 });
    expect(await w.requests.events(taken.id)).toHaveLength(2);
  });
});
