/**
 * The sparring repository on every database target: a request and its 'oprettet' event in one
 * transaction, the same form sent twice, the claim's outcomes, the locked transitions with their
 * events, stale cards, the callback that writes in the same transaction, the lists, and the
 * database's own checks.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../src/cases/case.repository.js';
import type { Database } from '../../../src/db/database.js';
import type { ActorFacts } from '../../../src/domain/sparring.js';
import type { ClaimScope, NewSparringRequest, PoolKey, SparringRequestRecord } from '../../../src/sparring/sparring.repository.js';
import { databaseTargets } from '../../support/db.js';
import { INTAKES, PEOPLE, TENANT, makeCase, wire, type Wired } from './support.js';

const NIELS = { aadId: PEOPLE.niels.toUpperCase(), name: 'Niels Thorsen' };
const SIGNE = { aadId: PEOPLE.signe, name: 'Signe Mortensen' };
const ANDERS = { aadId: PEOPLE.anders, name: 'Anders Skov' };

const scope = (...pools: PoolKey[]): ClaimScope => ({ tenantId: TENANT, pools });

/** Facts as the service computes them: Niels and Signe are the advisory team; nobody else is in any pool here. */
const facts =
  (aadId: string) =>
  (r: SparringRequestRecord): ActorFacts => ({
    userId: aadId,
    poolMember: r.pool === 'raadgivende-team' && [PEOPLE.niels, PEOPLE.signe].includes(aadId.toLowerCase()),
  });

describe.each(databaseTargets())('SparringRepository on $name', (target) => {
  let database: Database;
  let w: Wired;
  let theCase: CaseRecord;

  // Each request its own text: an identical one while the first is open would be the first (see 'sends').
  let sent = 0;
  const input = (extra: Partial<NewSparringRequest> = {}): NewSparringRequest => ({
    caseId: theCase.id,
    tenantId: TENANT,
    schoolId: 'fjordbakke',
    pool: 'raadgivende-team',
    poolOwner: 'nord',
    helpKinds: ['observation', 'arbejdsmoede'],
    wishedTime: 'uge 50',
    summary: `A.B., 4.B. Uro i timerne (${++sent}).`,
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

  beforeAll(async () => {
    database = await target.open();
    w = wire(database);
    theCase = await makeCase(w.cases, { intake: INTAKES.sparringEkstern });
  });
  afterAll(() => target.cleanup());

  it('creates a request (ny, version 1) and its oprettet event together', async () => {
    const formId = randomUUID();
    const created = await w.requests.create(input({ formId, requestedBy: { aadId: PEOPLE.anders.toUpperCase(), name: 'Anders Skov' } }));
    expect(created.kind).toBe('created');
    if (created.kind !== 'created') return;
    expect(created.request).toMatchObject({
      caseId: theCase.id,
      tenantId: TENANT,
      schoolId: 'fjordbakke',
      pool: 'raadgivende-team',
      poolOwner: 'nord',
      helpKinds: ['observation', 'arbejdsmoede'],
      wishedTime: 'uge 50',
      childSpecific: true,
      parentsConsent: true,
      requestedBy: PEOPLE.anders,
      requestedByName: 'Anders Skov',
      state: 'ny',
      claimedBy: null,
      version: 1,
      formId,
    });
    expect(created.request.routedAt).toBeInstanceOf(Date);
    expect(created.event).toMatchObject({
      action: 'oprettet',
      version: 1,
      actorAadId: PEOPLE.anders,
      actorName: 'Anders Skov',
      detail: { pool: 'raadgivende-team' },
    });
    expect(await w.requests.get(created.request.id)).toEqual(created.request);

    // The same form again (a double click): the request it made, nothing new.
    const again = await w.requests.create(input({ formId, summary: 'Anden tekst' }));
    expect(again).toEqual({ kind: 'exists', request: created.request });
    expect(await w.requests.events(created.request.id)).toHaveLength(1);
  });

  it('the same send without a form id, or with another one, while the first is open is the first; the database holds the key', async () => {
    const same = input({ summary: 'C.D., 4.B. Den samme anmodning.' });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => w.requests.create({ ...same, formId: i % 2 === 0 ? null : randomUUID() })),
    );
    expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
    const first = results.find((r) => r.kind === 'created')!.request;
    for (const r of results) expect(r.request.id).toBe(first.id);
    // Another sender, group or text is another request.
    const other = await create({ summary: 'C.D., 4.B. Den samme anmodning.', requestedBy: SIGNE });
    expect(other.id).not.toBe(first.id);

    // Two open requests cannot share a key, even written past the repository…
    await expect(
      sql`update sparring_requests set send_key = (select send_key from sparring_requests where id = ${first.id}) where id = ${other.id}`.execute(
        database.db,
      ),
    ).rejects.toThrow(/sparring_requests_open_send_key/);
    // …and once the first is finished, the same send is a new request.
    expect(await w.requests.reject(first.id, 'Ikke for os.', NIELS, facts(NIELS.aadId))).toMatchObject({ kind: 'done' });
    const again = await w.requests.create(same);
    expect(again).toMatchObject({ kind: 'created' });
    expect(again.request.id).not.toBe(first.id);
  });

  it('the callback writes in the same transaction: if it fails, neither the request nor its event is kept', async () => {
    const formId = randomUUID();
    await expect(
      w.requests.create(input({ formId }), async (trx, { request }) => {
        expect(await trx.selectFrom('sparring_events').select('action').where('request_id', '=', request.id).execute()).toEqual([
          { action: 'oprettet' },
        ]);
        throw new Error('outbox down');
      }),
    ).rejects.toThrow('outbox down');
    const rows = await database.db.selectFrom('sparring_requests').select('id').where('form_id', '=', formId).execute();
    expect(rows).toEqual([]);
  });

  it('claim: one winner; the winner’s repeat is already-yours; the next one learns who; another pool’s or a closed request is not taken', async () => {
    const r = await create();
    const key = scope({ pool: r.pool, owner: r.poolOwner });
    const won = await w.requests.claim(r.id, key, NIELS);
    expect(won.kind).toBe('won');
    if (won.kind !== 'won') return;
    expect(won.request).toMatchObject({ state: 'taget', claimedBy: PEOPLE.niels, claimedByName: 'Niels Thorsen', version: 2 });
    expect(won.request.claimedAt).toBeInstanceOf(Date);
    expect(won.event).toMatchObject({ action: 'taget', version: 2, actorAadId: PEOPLE.niels });

    expect(await w.requests.claim(r.id, key, { aadId: PEOPLE.niels, name: 'Niels Thorsen' })).toMatchObject({
      kind: 'already-yours',
      request: { version: 2 },
    });
    expect(await w.requests.claim(r.id, key, SIGNE)).toMatchObject({
      kind: 'taken-by-other',
      name: 'Niels Thorsen',
      request: { version: 2 },
    });
    expect((await w.requests.events(r.id)).map((e) => e.action)).toEqual(['oprettet', 'taget']);

    const other = await create();
    // Not among the claimer's pools (another pool, another district's, another tenant, none at all): nothing taken.
    expect(await w.requests.claim(other.id, scope({ pool: 'praksisvejleder', owner: 'nord' }), NIELS)).toMatchObject({
      kind: 'other-pool',
      request: { state: 'ny' },
    });
    expect(await w.requests.claim(other.id, scope({ pool: 'raadgivende-team', owner: 'syd' }), NIELS)).toMatchObject({
      kind: 'other-pool',
    });
    expect(
      await w.requests.claim(other.id, { tenantId: 'another-tenant', pools: [{ pool: 'raadgivende-team', owner: 'nord' }] }, NIELS),
    ).toMatchObject({ kind: 'other-pool' });
    expect(await w.requests.claim(other.id, scope(), NIELS)).toMatchObject({ kind: 'other-pool' });
    // Any of several pools will do.
    const several = await create();
    expect(
      await w.requests.claim(several.id, scope({ pool: 'plc', owner: 'fjordbakke' }, { pool: 'raadgivende-team', owner: 'nord' }), NIELS),
    ).toMatchObject({ kind: 'won' });
    expect(await w.requests.reject(other.id, 'Ikke os', SIGNE, facts(SIGNE.aadId))).toMatchObject({ kind: 'done' });
    expect(await w.requests.claim(other.id, key, NIELS)).toMatchObject({ kind: 'not-open', state: 'afvist' });

    expect(await w.requests.claim('not-a-uuid', key, NIELS)).toEqual({ kind: 'not-found' });
    expect(await w.requests.claim(randomUUID(), key, NIELS)).toEqual({ kind: 'not-found' });
  });

  it('release, forward, close: each under the row lock, each with its event and detail, version by version', async () => {
    const r = await create();
    const key = scope({ pool: r.pool, owner: r.poolOwner });
    await w.requests.claim(r.id, key, NIELS);

    // Signe is in the pool but did not take it: she cannot give it back.
    expect(await w.requests.release(r.id, SIGNE, facts(SIGNE.aadId))).toMatchObject({
      kind: 'refused',
      reason: 'not-claimant',
      request: { version: 2 },
    });
    const released = await w.requests.release(r.id, NIELS, facts(NIELS.aadId), { expectedVersion: 2 });
    expect(released).toMatchObject({
      kind: 'done',
      request: { state: 'ny', claimedBy: null, claimedByName: null, claimedAt: null, version: 3 },
      event: { action: 'givet-fra-sig', version: 3 },
    });
    if (released.kind !== 'done') return;
    expect(released.request.routedAt.getTime()).toBeGreaterThan(r.routedAt.getTime());

    await w.requests.claim(r.id, key, SIGNE);
    const forwarded = await w.requests.forward(
      r.id,
      { pool: 'praksisvejleder', owner: 'nord', available: true },
      SIGNE,
      facts(SIGNE.aadId),
    );
    expect(forwarded).toMatchObject({
      kind: 'done',
      request: { state: 'ny', pool: 'praksisvejleder', poolOwner: 'nord', claimedBy: null, version: 5 },
      event: {
        action: 'videresendt',
        version: 5,
        detail: {
          fromPool: 'raadgivende-team',
          fromOwner: 'nord',
          toPool: 'praksisvejleder',
          toOwner: 'nord',
          releasedBy: 'Signe Mortensen',
        },
      },
    });
    // Niels is not in the practice advisers' pool: the request is no longer his to take.
    expect(await w.requests.claim(r.id, key, NIELS)).toMatchObject({ kind: 'other-pool' });

    const ulla = { aadId: PEOPLE.ulla, name: 'Ulla Mikkelsen' };
    const ullaFacts = (x: SparringRequestRecord): ActorFacts => ({ userId: PEOPLE.ulla, poolMember: x.pool === 'praksisvejleder' });
    await w.requests.claim(r.id, scope({ pool: 'praksisvejleder', owner: 'nord' }), ulla);
    const closed = await w.requests.close(r.id, 'Arbejdsmøde holdt; ny plan aftalt.', ulla, ullaFacts);
    expect(closed).toMatchObject({
      kind: 'done',
      request: { state: 'afsluttet', claimedBy: PEOPLE.ulla, closingNote: 'Arbejdsmøde holdt; ny plan aftalt.', version: 7 },
      event: { action: 'afsluttet', detail: { note: 'Arbejdsmøde holdt; ny plan aftalt.' } },
    });
    // Final: nothing moves it, whatever version the card had.
    expect(await w.requests.reject(r.id, 'Alligevel ikke', ulla, ullaFacts, { expectedVersion: 1 })).toMatchObject({
      kind: 'refused',
      reason: 'final',
    });

    const history = await w.requests.events(r.id);
    expect(history.map((e) => [e.action, e.version, e.actorName])).toEqual([
      ['oprettet', 1, 'Anders Skov'],
      ['taget', 2, 'Niels Thorsen'],
      ['givet-fra-sig', 3, 'Niels Thorsen'],
      ['taget', 4, 'Signe Mortensen'],
      ['videresendt', 5, 'Signe Mortensen'],
      ['taget', 6, 'Ulla Mikkelsen'],
      ['afsluttet', 7, 'Ulla Mikkelsen'],
    ]);
    expect(history.every((e) => e.at instanceof Date)).toBe(true);
  });

  it('reject: by a pool member while new, by the claimant once taken; a refusal writes nothing', async () => {
    const a = await create();
    expect(await w.requests.reject(a.id, 'x', ANDERS, facts(ANDERS.aadId))).toMatchObject({ kind: 'refused', reason: 'not-member' });
    expect(await w.requests.reject(a.id, 'Hører til PLC', SIGNE, facts(SIGNE.aadId))).toMatchObject({
      kind: 'done',
      request: { state: 'afvist', rejectionReason: 'Hører til PLC', claimedBy: null },
      event: { action: 'afvist', detail: { reason: 'Hører til PLC' } },
    });
    const b = await create();
    await w.requests.claim(b.id, scope({ pool: b.pool, owner: b.poolOwner }), NIELS);
    expect(await w.requests.reject(b.id, 'x', SIGNE, facts(SIGNE.aadId))).toMatchObject({ kind: 'refused', reason: 'not-claimant' });
    expect(await w.requests.reject(b.id, 'Kan ikke nå det', NIELS, facts(NIELS.aadId))).toMatchObject({
      kind: 'done',
      request: { state: 'afvist', claimedBy: PEOPLE.niels },
    });
    expect((await w.requests.events(b.id)).map((e) => e.action)).toEqual(['oprettet', 'taget', 'afvist']);
  });

  it('a card with an older version changes nothing (stale); the callback runs inside the transition’s transaction', async () => {
    const r = await create();
    await w.requests.claim(r.id, scope({ pool: r.pool, owner: r.poolOwner }), NIELS);
    expect(await w.requests.close(r.id, null, NIELS, facts(NIELS.aadId), { expectedVersion: 1 })).toMatchObject({
      kind: 'stale',
      request: { state: 'taget', version: 2 },
    });
    await expect(
      w.requests.close(r.id, null, NIELS, facts(NIELS.aadId), {
        expectedVersion: 2,
        after: async () => {
          throw new Error('rolled back');
        },
      }),
    ).rejects.toThrow('rolled back');
    expect(await w.requests.get(r.id)).toMatchObject({ state: 'taget', version: 2 });
    expect(await w.requests.events(r.id)).toHaveLength(2);
    expect(await w.requests.close(r.id, null, NIELS, facts(NIELS.aadId), { expectedVersion: 2 })).toMatchObject({
      kind: 'done',
      request: { state: 'afsluttet', closingNote: null },
    });
  });

  it('lists: of a case, claimed by an adviser, open in pools, unclaimed since a date; whether an adviser took one of a case', async () => {
    const other = await makeCase(w.cases);
    const openBefore = await w.requests.countOpenForSchool(TENANT, other.schoolId!);
    const plc = await w.requests.create({
      ...input({ caseId: other.id, pool: 'plc', poolOwner: 'fjordbakke', childSpecific: true, parentsConsent: null }),
    });
    const team = await w.requests.create(input({ caseId: other.id }));
    if (plc.kind !== 'created' || team.kind !== 'created') throw new Error('not created');
    expect(await w.requests.countOpenForSchool(TENANT, other.schoolId!)).toEqual({ ...openBefore, waiting: openBefore.waiting + 2 });
    expect(await w.requests.countOpenForSchool('another-tenant', other.schoolId!)).toEqual({ waiting: 0, inProgress: 0 });
    expect((await w.requests.listForCase(other.id)).map((r) => r.id).sort()).toEqual([plc.request.id, team.request.id].sort());

    const open = await w.requests.listOpen(TENANT, [{ pool: 'plc', owner: 'fjordbakke' }]);
    expect(open.map((r) => r.id)).toContain(plc.request.id);
    expect(open.every((r) => r.pool === 'plc' && r.poolOwner === 'fjordbakke' && r.state === 'ny')).toBe(true);
    expect(await w.requests.listOpen(TENANT, [{ pool: 'plc', owner: 'noerre-strand' }])).toEqual([]);
    expect(await w.requests.listOpen('another-tenant', [{ pool: 'plc', owner: 'fjordbakke' }])).toEqual([]);
    expect(await w.requests.listOpen(TENANT, [])).toEqual([]);

    const nord: PoolKey = { pool: 'raadgivende-team', owner: 'nord' };
    expect(await w.requests.hasClaimedForCase(TENANT, PEOPLE.signe, other.id, [nord])).toBe(false);
    await w.requests.claim(team.request.id, scope(nord), SIGNE);
    expect(await w.requests.hasClaimedForCase(TENANT, PEOPLE.signe.toUpperCase(), other.id, [nord])).toBe(true);
    expect(await w.requests.hasClaimedForCase(TENANT, PEOPLE.niels, other.id, [nord])).toBe(false);
    expect(await w.requests.hasClaimedForCase('another-tenant', PEOPLE.signe, other.id, [nord])).toBe(false);
    // Only while the directory has her in the group the request is with.
    expect(await w.requests.hasClaimedForCase(TENANT, PEOPLE.signe, other.id, [{ pool: 'plc', owner: 'fjordbakke' }])).toBe(false);
    expect(await w.requests.hasClaimedForCase(TENANT, PEOPLE.signe, other.id, [{ pool: 'raadgivende-team', owner: 'syd' }])).toBe(false);
    expect(await w.requests.hasClaimedForCase(TENANT, PEOPLE.signe, other.id, [])).toBe(false);
    expect((await w.requests.listClaimedBy(TENANT, PEOPLE.signe)).map((r) => r.id)).toContain(team.request.id);
    expect((await w.requests.listOpen(TENANT, [{ pool: 'raadgivende-team', owner: 'nord' }])).map((r) => r.id)).not.toContain(
      team.request.id,
    );

    await sql`update sparring_requests set routed_at = ${new Date('2020-01-06T09:00:00Z')} where id = ${plc.request.id}`.execute(
      database.db,
    );
    const old = await w.requests.listUnclaimedOlderThan(new Date('2020-01-07T00:00:00Z'));
    expect(old.map((r) => r.id)).toEqual([plc.request.id]);
    expect(await w.requests.listUnclaimedOlderThan(new Date('2020-01-06T08:00:00Z'))).toEqual([]);
    expect(await w.requests.listUnclaimedOlderThan(new Date('2020-01-07T00:00:00Z'), { tenantId: 'another-tenant' })).toEqual([]);
  });

  it('the database checks what the code promises: consent, claimant, states, kinds of help', async () => {
    // A child-specific request to a district pool without consent.
    await expect(w.requests.create(input({ parentsConsent: null }))).rejects.toThrow(/sparring_requests_consent_check/);
    await expect(w.requests.create(input({ parentsConsent: false, pool: 'familieraadgivning' }))).rejects.toThrow(
      /sparring_requests_consent_check/,
    );
    // The summary is sealed (0014): its bounds are the repository's now (sparring.sealed.test.ts has the rest).
    await expect(w.requests.create(input({ summary: '' }))).rejects.toThrow(/summary must be 1–1000 characters \(got 0\)/);
    await expect(w.requests.create(input({ helpKinds: [] }))).rejects.toThrow(/at least one known kind/);
    const r = await create();
    await expect(sql`update sparring_requests set state = 'taget' where id = ${r.id}`.execute(database.db)).rejects.toThrow(
      /sparring_requests_claim_check/,
    );
    await expect(sql`update sparring_requests set help_kinds = '["kaffe"]'::jsonb where id = ${r.id}`.execute(database.db)).rejects.toThrow(
      /sparring_requests_help_kinds_check/,
    );
    await expect(
      sql`update sparring_requests set help_kinds = '"observation"'::jsonb where id = ${r.id}`.execute(database.db),
    ).rejects.toThrow(/sparring_requests_help_kinds_check/);
    await expect(sql`update sparring_requests set state = 'afvist' where id = ${r.id}`.execute(database.db)).rejects.toThrow(
      /sparring_requests_rejection_check/,
    );
    // One event per version.
    await expect(
      database.db
        .insertInto('sparring_events')
        .values({ request_id: r.id, action: 'taget', actor_aad_id: 'x', actor_name: 'x', version: 1 })
        .execute(),
    ).rejects.toThrow(/sparring_events_request_version_key/);
    // The outbox takes the new kinds.
    for (const kind of ['sparring-request', 'sparring-update', 'sparring-reminder'] as const) {
      const row = await w.outbox.enqueue({
        kind,
        tenantId: TENANT,
        recipientKey: 'conv:x',
        payload: {},
        idempotencyKey: `${kind}:${randomUUID()}`,
        dueAt: new Date(),
      });
      expect(row?.kind).toBe(kind);
    }
    await expect(
      sql`insert into outbox (kind, tenant_id, recipient_key, payload, idempotency_key, due_at, next_attempt_at)
      values ('sparring-nonsense', 't', 'conv:x', '{}'::jsonb, ${randomUUID()}, now(), now())`.execute(database.db),
    ).rejects.toThrow(/outbox_kind_check/);
  });
});
