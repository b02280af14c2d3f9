/**
 * Three real bot processes (`node --import tsx src/main.ts`) share one outbox on PostgreSQL and
 * send through a fake connector that enforces Teams' rate limits (7 per conversation in any second,
 * 1,800 in any hour, the tenant's rate in any second; 429 with Retry-After beyond them):
 *
 * - 2,000 messages to 200 people: every message is delivered exactly once, every row ends `sent`,
 *   no sliding window goes over a limit, every 429 was retried, every HTTP attempt is counted on
 *   its row, and the rate achieved is near the configured one (printed; a loose bound only);
 * - the same with one process killed (SIGKILL) after a few hundred deliveries: every message is
 *   delivered at least once, every row ends `sent`, and the only duplicates are rows the killed
 *   process held at that moment (at most one batch).
 *
 * The first part (the connector's own behaviour, on a simulated clock) always runs; the processes
 * need PostgreSQL (TEST_DATABASE_URL): several processes cannot share PGlite. The two tests share
 * a scratch database (created here and dropped afterwards) and the three processes, but each sends
 * its own rows to its own people through its own connector. Every child is killed in afterAll,
 * whatever happened (and, should the test process die, by bot-cluster.ts's exit hook).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { testDatabaseUrl } from '../../support/db.js';
import {
  createScratchDatabase,
  freeze,
  makeAllDue,
  openScratch,
  outboxCounts,
  seedMessages,
  startBotProcesses,
  waitUntil,
  type BotProcess,
  type ScratchDatabase,
  type SeededMessage,
} from '../../support/bot-cluster.js';
import {
  GLOBAL_TENANT,
  busiestWindow,
  busiestWindows,
  startRateLimitedConnector,
  type RateLimitedConnector,
} from '../../support/rate-limited-connector.js';

async function post(connector: RateLimitedConnector, conversationId: string, body: Record<string, unknown> = {}) {
  const res = await fetch(`${connector.url}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'hej', ...body }),
  });
  const json = (await res.json()) as { id?: string };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), id: json.id };
}

describe('the rate-limited connector', () => {
  const opened: RateLimitedConnector[] = [];
  afterAll(() => Promise.all(opened.map((c) => c.close())));
  async function connector(options: Parameters<typeof startRateLimitedConnector>[0]) {
    const c = await startRateLimitedConnector(options);
    opened.push(c);
    return c;
  }

  it('accepts 7 sends into a conversation within a second, answers the 8th 429 with Retry-After, and takes it a second after the first', async () => {
    let now = 1_000_000;
    const c = await connector({ tenantPerSecond: 100, now: () => now });
    for (let i = 0; i < 7; i++) {
      expect((await post(c, 'a:1', { text: `m${i}` })).status).toBe(201);
      now += 100;
    }
    // 700 ms after the first: full. Retry-After rounds the 300 ms left up to whole seconds.
    expect(await post(c, 'a:1', { text: 'm7' })).toMatchObject({ status: 429, retryAfter: '1' });
    // Another conversation is not affected.
    expect((await post(c, 'a:2')).status).toBe(201);
    now = 1_000_000 + 999;
    expect((await post(c, 'a:1', { text: 'm7' })).status).toBe(429);
    // Exactly a second after the first: it has left the window.
    now = 1_000_000 + 1000;
    expect((await post(c, 'a:1', { text: 'm7' })).status).toBe(201);
    expect(c.accepted.map((a) => a.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'hej', 'm7']);
    expect(c.refused.map((r) => [r.text, r.limits])).toEqual([
      ['m7', ['conversation-second']],
      ['m7', ['conversation-second']],
    ]);
    expect(c.tooManyRequests).toBe(2);
  });

  it('limits each tenant (conversation.tenantId, else one global tenant) across its conversations', async () => {
    const now = 5_000;
    const c = await connector({ tenantPerSecond: 3, now: () => now });
    for (const id of ['a:1', 'a:2', 'a:3']) expect((await post(c, id, { conversation: { tenantId: 't1' } })).status).toBe(201);
    expect(await post(c, 'a:4', { conversation: { tenantId: 't1' } })).toMatchObject({ status: 429, retryAfter: '1' });
    expect((await post(c, 'a:4', { conversation: { tenantId: 't2' } })).status).toBe(201);
    for (const id of ['b:1', 'b:2', 'b:3']) expect((await post(c, id)).status).toBe(201);
    expect((await post(c, 'b:4')).status).toBe(429);
    expect(c.refused.map((r) => [r.tenantId, r.limits])).toEqual([
      ['t1', ['tenant-second']],
      [GLOBAL_TENANT, ['tenant-second']],
    ]);
  });

  it('limits a conversation per hour, with a Retry-After of the time left', async () => {
    let now = 0;
    const c = await connector({ conversationPerHour: 10, now: () => now });
    for (let i = 0; i < 10; i++) {
      expect((await post(c, 'a:1')).status).toBe(201);
      now += 200;
    }
    // 2 s after the first: the first leaves the hour 3,598 s from now.
    expect(await post(c, 'a:1')).toMatchObject({ status: 429, retryAfter: '3598' });
    expect(c.refused[0]!.limits).toEqual(['conversation-hour']);
  });

  it('delays its answers when told to, and answers 404 outside …/activities and its own path', async () => {
    const c = await connector({ delayMs: { min: 40, max: 50 } });
    const started = performance.now();
    expect((await post(c, 'a:1')).status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect((await fetch(`${c.url}/v3/conversations`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(c.strangers).toBe(0);
    // Another connector's path on this port (a stale reference of another test): not recorded.
    const other = `${new URL(c.url).origin}/v3/conversations/a%3A1/activities`;
    expect((await fetch(other, { method: 'POST', body: JSON.stringify({ type: 'message', text: 'fremmed' }) })).status).toBe(404);
    expect(c.strangers).toBe(1);
    expect(c.accepted.map((a) => a.text)).toEqual(['hej']);
  });

  it('busiestWindow counts half-open windows', () => {
    expect(busiestWindow([0, 500, 999, 1000, 1500], 1000)).toBe(3);
    expect(busiestWindow([0, 1000, 2000], 1000)).toBe(1);
    expect(busiestWindow([], 1000)).toBe(0);
    const sends = [0, 100, 200].map((at, i) => ({ conversationId: `c${i % 2}`, tenantId: 't', at }));
    expect(busiestWindows(sends)).toEqual({ conversationPerSecond: 2, conversationPerHour: 2, tenantPerSecond: 3 });
  });
});

const url = testDatabaseUrl();
if (!url) {
  console.info('TEST_DATABASE_URL is not set: the multi-instance dispatch test (three bot processes on PostgreSQL) is skipped.');
}

/** The configured tenant rate (msgs/s), also the connector's tenant limit: Teams' limit is what we configure. */
const RATE = 100;
const MESSAGES = 2_000;
const PER_RECIPIENT = 10;
const BATCH_SIZE = 50;
const INSTANCES = 3;

describe.skipIf(!url)('three bot processes dispatch one outbox (PostgreSQL)', () => {
  // One scratch database and one set of processes for both tests (starting three processes takes
  // a while); each test sends its own 2,000 rows to its own people through its own connector.
  const bots: BotProcess[] = [];
  const connectors: RateLimitedConnector[] = [];
  let scratch: ScratchDatabase | undefined;
  let database: Database | undefined;
  let cluster: BotProcess[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(url!, 'indsatsguiden_multi');
    // Migrated by openDatabase here, before the processes start (they find the migrations done).
    database = await openScratch(scratch.url);
    cluster = await startBotProcesses(
      INSTANCES,
      {
        DATABASE_URL: scratch.url,
        DISPATCH_TENANT_RATE: String(RATE),
        DISPATCH_POLL_MS: '100',
        DISPATCH_LEASE_SECONDS: '5',
        DISPATCH_BATCH_SIZE: String(BATCH_SIZE),
      },
      (bot) => bots.push(bot),
    );
  }, 120_000);

  afterAll(async () => {
    // Kill first (whatever state the tests left them in), then close and drop what they used.
    await Promise.all(bots.splice(0).map((b) => b.kill()));
    await database?.close();
    await scratch?.drop();
    await Promise.all(connectors.splice(0).map((c) => c.close()));
  });

  /**
   * A new connector, and MESSAGES rows to new people whose references point at it: seeded due in
   * an hour and then made due at once, so all processes start on them together.
   */
  async function seedBatch() {
    const connector = await startRateLimitedConnector({ tenantPerSecond: RATE, delayMs: { min: 2, max: 8 } });
    connectors.push(connector);
    const dueAt = new Date(Date.now() + 3_600_000);
    const seeded = await seedMessages(database!, { serviceUrl: connector.url, messages: MESSAGES, perRecipient: PER_RECIPIENT, dueAt });
    await makeAllDue(database!);
    return { connector, seeded, db: database!.db };
  }

  /** Waits until no row is left to send; fails early when a process dies unexpectedly. */
  async function allSent(expectedDead: BotProcess[] = []) {
    let counts = await outboxCounts(database!);
    await waitUntil(
      async () => {
        const dead = cluster.find((b) => b.hasExited() && !expectedDead.includes(b));
        if (dead) throw new Error(`${dead.name} exited:\n${dead.output()}`);
        counts = await outboxCounts(database!);
        return counts.pending === 0 && counts.sending === 0;
      },
      75_000,
      () => `rows left: ${JSON.stringify(counts)}; last output:\n${cluster.map((b) => `${b.name}: ${b.output(5)}`).join('\n')}`,
    );
  }

  /** The seeded rows' states and attempts. */
  async function rowsOf(seeded: SeededMessage[]) {
    const rows = await database!.db
      .selectFrom('outbox')
      .select(['id', 'state', 'attempts'])
      .where(
        'id',
        'in',
        seeded.map((s) => s.id),
      )
      .execute();
    const states: Record<string, number> = {};
    for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1;
    return { states, attempts: rows.reduce((sum, r) => sum + r.attempts, 0), count: rows.length };
  }

  function deliveriesOf(connector: RateLimitedConnector): Map<string, number> {
    const deliveries = new Map<string, number>();
    for (const a of connector.accepted) deliveries.set(a.text, (deliveries.get(a.text) ?? 0) + 1);
    return deliveries;
  }

  function achievedRate(connector: RateLimitedConnector): { rate: number; seconds: number } {
    const times = connector.accepted.map((a) => a.at);
    const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
    return { rate: (times.length - 1) / seconds, seconds };
  }

  function expectWithinTeamsLimits(connector: RateLimitedConnector) {
    const busiest = busiestWindows(connector.accepted);
    expect(busiest.conversationPerSecond).toBeLessThanOrEqual(7);
    expect(busiest.conversationPerHour).toBeLessThanOrEqual(1800);
    expect(busiest.tenantPerSecond).toBeLessThanOrEqual(RATE);
    return busiest;
  }

  it('delivers 2,000 messages exactly once, within the limits, near the configured rate', async () => {
    const { connector, seeded } = await seedBatch();
    await allSent();

    const rows = await rowsOf(seeded);
    expect(rows.states).toEqual({ sent: MESSAGES });
    const deliveries = deliveriesOf(connector);
    expect(seeded.filter((s) => deliveries.get(s.text) !== 1).map((s) => [s.text, deliveries.get(s.text) ?? 0])).toEqual([]);
    // Every message went to its own person's conversation, and nothing else was sent.
    const conversationOf = new Map(seeded.map((s) => [s.text, s.conversationId]));
    expect(connector.accepted.filter((a) => conversationOf.get(a.text) !== a.conversationId)).toEqual([]);
    expect(connector.accepted).toHaveLength(MESSAGES);

    const busiest = expectWithinTeamsLimits(connector);
    // Every refused send was retried (and delivered), and every HTTP attempt, accepted or refused,
    // is counted on its row: nothing was sent that the outbox does not know of. (More attempts
    // than requests only if a lease ran out before its row was sent: a take-over counts one.)
    expect(connector.refused.filter((r) => !deliveries.has(r.text))).toEqual([]);
    expect(rows.attempts).toBeGreaterThanOrEqual(connector.accepted.length + connector.refused.length);
    // The processes share the tenant's limit: the connector rarely has to refuse (three
    // processes each sending at the configured rate would be refused about two times in three).
    expect(connector.tooManyRequests).toBeLessThan(MESSAGES * 0.1);

    const { rate, seconds } = achievedRate(connector);
    const attempted = busiestWindows([...connector.accepted, ...connector.refused]);
    console.info(
      `[multi-instance] ${MESSAGES} messages by ${INSTANCES} processes in ${seconds.toFixed(1)} s: ${rate.toFixed(1)} msgs/s ` +
        `(${((rate / RATE) * 100).toFixed(0)} % of the configured ${RATE}/s), ${connector.tooManyRequests} × 429; busiest second: ` +
        `tenant ${busiest.tenantPerSecond} accepted / ${attempted.tenantPerSecond} attempted, conversation ${busiest.conversationPerSecond}; ` +
        `${rows.attempts} attempts counted${connector.strangers ? `; ${connector.strangers} request(s) for other paths` : ''}`,
    );
    // A loose bound: the shared buckets pace at most 95 % of the limit (rate-limiter.ts); on an
    // idle machine this reaches 90–95 %, on a busy one (two cores shared with other test runs)
    // it has been seen at 57 %.
    expect(rate).toBeGreaterThan(RATE * 0.4);
    expect(rate).toBeLessThanOrEqual(RATE * 1.01);
  }, 100_000);

  it('a process killed with SIGKILL midway: its rows are taken over; duplicates only among the rows it held', async () => {
    const victim = cluster[1]!;
    expect(victim.hasExited()).toBe(false);
    const { connector, seeded, db } = await seedBatch();
    await connector.waitForAccepted(400, 30_000);
    // Frozen first, so the rows it holds can be read before it dies: it claims nothing after
    // this. Caught between two batches (holding nothing), it is let go on for a moment.
    let held: { id: string }[] = [];
    for (let tries = 0; held.length === 0 && tries < 50; tries++) {
      if (tries > 0) {
        victim.signal('SIGCONT');
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
      }
      await freeze(victim);
      held = await db
        .selectFrom('outbox')
        .select('id')
        .where('state', '=', 'sending')
        .where('lease_owner', 'like', `%:${victim.pid}:%`)
        .execute();
    }
    const deliveredBeforeKill = connector.accepted.length;
    await victim.kill();
    expect(await victim.exited).toBe('SIGKILL');
    // It held rows when it died, one batch at most (it claims the next when one is done).
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThanOrEqual(BATCH_SIZE);

    await allSent([victim]);
    const rows = await rowsOf(seeded);
    expect(rows.states).toEqual({ sent: MESSAGES });
    const deliveries = deliveriesOf(connector);
    expect(seeded.filter((s) => !deliveries.has(s.text)).map((s) => s.text)).toEqual([]);
    const heldIds = new Set(held.map((h) => h.id));
    const duplicated = seeded.filter((s) => (deliveries.get(s.text) ?? 0) > 1);
    // Only a row the killed process held can have gone out twice, and at most twice.
    expect(duplicated.filter((s) => !heldIds.has(s.id)).map((s) => s.text)).toEqual([]);
    expect(duplicated.filter((s) => deliveries.get(s.text)! > 2).map((s) => s.text)).toEqual([]);
    expect(connector.accepted.length - MESSAGES).toBe(duplicated.length);
    expect(duplicated.length).toBeLessThanOrEqual(held.length);
    expectWithinTeamsLimits(connector);

    const { rate, seconds } = achievedRate(connector);
    console.info(
      `[multi-instance] killed ${victim.name} after ${deliveredBeforeKill} deliveries, holding ${held.length} rows: ` +
        `${duplicated.length} duplicate(s) of ${MESSAGES}; ${seconds.toFixed(1)} s, ${rate.toFixed(1)} msgs/s, ${connector.tooManyRequests} × 429` +
        `${connector.strangers ? `; ${connector.strangers} request(s) for other paths` : ''}`,
    );
  }, 100_000);
});
