/**
 * The claim race (issue #5, item 4): two advisers of the same group press **Jeg tager den** at the
 * same moment. 1,000 trials on PGlite and on PostgreSQL: exactly one wins every time, the other is
 * told who did, the winner's event and the teacher's update are written once, and a double click
 * by the winner changes nothing.
 *
 * On PostgreSQL the two advisers act through two separately opened databases on the same schema
 * (two bot instances, each with its own connection pool), so the claims run on different
 * connections and really overlap. PGlite has one connection per process: there the two claims
 * interleave at every await, and the transactions run one after the other.
 *
 * To keep 1,000 trials fast, the trials run in rounds over one set of requests: each round resets
 * the rows in bulk, then races every request of the set at once.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/db/database.js';
import type { ClaimOutcome, SparringService } from '../../../src/sparring/sparring.service.js';
import { dropSchemas, openPgliteInMemory, testDatabaseUrl, uniqueSchemaName } from '../../support/db.js';
import { INTAKES, PEOPLE, actor, formData, makeCase, wire } from './support.js';

const TRIALS = 1000;
/** Requests raced at once in a round. */
const ROUND = 100;
/**
 * A few seconds on an idle machine (PGlite commits cost a few milliseconds each, PostgreSQL less);
 * the margin is for a busy CI runner where other test files share the two cores.
 */
const RACE_TIMEOUT_MS = 180_000;

interface Arena {
  /** The service of each adviser's bot instance. */
  niels: SparringService;
  signe: SparringService;
  /** For resets and checks. */
  database: Database;
  caseId: string;
  requestIds: string[];
}

async function setUp(first: Database, second: Database): Promise<Arena> {
  const a = wire(first);
  const b = wire(second);
  const c = await makeCase(a.cases, { intake: INTAKES.sparringEkstern });
  const requestIds: string[] = [];
  for (let i = 0; i < ROUND; i++) {
    const sent = await a.service.send(
      actor('anders'),
      formData(c.id, randomUUID(), { pool: 'raadgivende-team', parentsConsent: 'true', summary: `A.B., 4.B. Anmodning ${i + 1}.` }),
      'Anders Skov',
    );
    if (sent.kind !== 'sent') throw new Error(sent.kind);
    requestIds.push(sent.view.request.id);
  }
  return { niels: a.service, signe: b.service, database: first, caseId: c.id, requestIds };
}

/** Every request of the arena back to new, its claim events and the teacher's updates gone. */
async function reset(arena: Arena): Promise<void> {
  const { db } = arena.database;
  await sql`delete from sparring_events where version > 1 and request_id in (select id from sparring_requests where case_id = ${arena.caseId})`.execute(
    db,
  );
  await sql`delete from outbox where kind = 'sparring-update'`.execute(db);
  await sql`
    update sparring_requests
    set state = 'ny', claimed_by = null, claimed_by_name = null, claimed_at = null, version = 1, routed_at = clock_timestamp()
    where case_id = ${arena.caseId}`.execute(db);
}

const NAMES = { niels: 'Niels Thorsen', signe: 'Signe Mortensen' } as const;

/** The stored rows after a round: claimant, version and the number of claim events of each request. */
async function roundFacts(arena: Arena) {
  const { rows } = await sql<{ id: string; claimed_by: string | null; version: number; taken: number; updates: number }>`
    select r.id, r.claimed_by, r.version,
      (select count(*)::int from sparring_events e where e.request_id = r.id and e.action = 'taget') as taken,
      (select count(*)::int from outbox o where o.kind = 'sparring-update' and o.payload->>'requestId' = r.id::text) as updates
    from sparring_requests r where r.case_id = ${arena.caseId}`.execute(arena.database.db);
  return new Map(rows.map((r) => [r.id, r]));
}

function winnerOf(outcomes: Record<'niels' | 'signe', ClaimOutcome>): 'niels' | 'signe' {
  const winners = (['niels', 'signe'] as const).filter((who) => outcomes[who].kind === 'claimed');
  expect(winners).toHaveLength(1);
  return winners[0]!;
}

async function race(arena: Arena): Promise<{ niels: number; signe: number }> {
  const wins = { niels: 0, signe: 0 };
  for (let done = 0; done < TRIALS; done += ROUND) {
    await reset(arena);
    const results = await Promise.all(
      arena.requestIds.map(async (requestId, i) => {
        const data = { requestId, version: 1 };
        // Alternate who presses first.
        const [first, second] = i % 2 === 0 ? (['niels', 'signe'] as const) : (['signe', 'niels'] as const);
        const [a, b] = await Promise.all([arena[first].claim(actor(first), data), arena[second].claim(actor(second), data)]);
        return { requestId, outcomes: { [first]: a, [second]: b } as Record<'niels' | 'signe', ClaimOutcome> };
      }),
    );
    const facts = await roundFacts(arena);
    for (const { requestId, outcomes } of results) {
      const winner = winnerOf(outcomes);
      const loser = winner === 'niels' ? 'signe' : 'niels';
      wins[winner] += 1;
      // The loser is told who won.
      expect(outcomes[loser]).toMatchObject({ kind: 'taken', byName: NAMES[winner] });
      // One change, one event, one update to the teacher.
      expect(facts.get(requestId)).toMatchObject({ claimed_by: PEOPLE[winner], version: 2, taken: 1, updates: 1 });
    }
  }
  return wins;
}

/** The winner double-clicks while the other presses: still one winner, and the double click changes nothing. */
async function doubleClicks(arena: Arena): Promise<void> {
  await reset(arena);
  await Promise.all(
    arena.requestIds.map(async (requestId) => {
      const data = { requestId };
      const [n1, s, n2] = await Promise.all([
        arena.niels.claim(actor('niels'), data),
        arena.signe.claim(actor('signe'), data),
        arena.niels.claim(actor('niels'), data),
      ]);
      const kinds = [n1.kind, s.kind, n2.kind];
      expect(kinds.filter((k) => k === 'claimed')).toHaveLength(1);
      if (s.kind === 'claimed') expect([n1.kind, n2.kind]).toEqual(['taken', 'taken']);
      else expect([n1.kind, n2.kind].sort()).toEqual(['already-yours', 'claimed']);
    }),
  );
  const facts = await roundFacts(arena);
  for (const id of arena.requestIds) expect(facts.get(id)).toMatchObject({ version: 2, taken: 1, updates: 1 });
}

describe('the claim race on PGlite', () => {
  let database: Database;
  let arena: Arena;

  beforeAll(async () => {
    database = await openPgliteInMemory();
    arena = await setUp(database, database);
  });
  afterAll(() => database.close());

  it(
    `${TRIALS} trials of two simultaneous claims: exactly one winner each time, the loser told who`,
    async () => {
      const wins = await race(arena);
      expect(wins.niels + wins.signe).toBe(TRIALS);
    },
    RACE_TIMEOUT_MS,
  );

  it('a double click by the winner changes nothing', async () => {
    await doubleClicks(arena);
  });
});

const url = testDatabaseUrl();

describe.skipIf(!url)('the claim race on PostgreSQL, two bot instances (needs TEST_DATABASE_URL)', () => {
  const schema = uniqueSchemaName('race');
  let first: Database;
  let second: Database;
  let arena: Arena;

  beforeAll(async () => {
    first = await openDatabase({ databaseUrl: url!, schema, poolMax: 8 });
    second = await openDatabase({ databaseUrl: url!, schema, poolMax: 8 });
    arena = await setUp(first, second);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await dropSchemas(url!, [schema]);
  });

  it(
    `${TRIALS} trials of two simultaneous claims on two connections: exactly one winner each time, the loser told who`,
    async () => {
      const wins = await race(arena);
      expect(wins.niels + wins.signe).toBe(TRIALS);
      // Both instances win some: the claims really overlap rather than run in a fixed order.
      expect(wins.niels).toBeGreaterThan(0);
      expect(wins.signe).toBeGreaterThan(0);
    },
    RACE_TIMEOUT_MS,
  );

  it('a double click by the winner changes nothing', async () => {
    await doubleClicks(arena);
  });
});
