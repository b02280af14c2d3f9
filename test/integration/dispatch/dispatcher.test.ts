/**
 * The dispatcher on both engines, with the real outbox, conversation references and rate limiter,
 * a simulated clock, and an in-memory transport that records sends and can fail them.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { ConversationRefRepository, personalRefKey } from '../../../src/conversations/conversation-ref.repository.js';
import {
  Dispatcher,
  OutboxRepository,
  RateLimiter,
  SendFailure,
  type DispatcherOptions,
  type EnqueueInput,
  type OutboxMessage,
  type Rendered,
  type SendResult,
  type Transport,
} from '../../../src/dispatch/index.js';
import { createLogger } from '../../../src/log.js';
import { databaseTargets } from '../../support/db.js';

const T0 = Date.parse('2030-03-04T08:00:00.000Z');
const SECRET = 'Hemmelig besked om Sofie';

class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
  get text() {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}

interface RecordedSend {
  reference: unknown;
  activity: Record<string, unknown>;
  at: number;
}

/** Records sends; `failNext` makes the next sends throw (a SendFailure or any error). */
class MemoryTransport implements Transport {
  readonly sends: RecordedSend[] = [];
  readonly attempts: number[] = [];
  private readonly failures: unknown[] = [];
  private counter = 0;
  /** Runs at the start of every send (tests use it to hold a send in flight). */
  onSend: (() => Promise<void>) | undefined;

  constructor(private readonly now: () => number) {}

  failNext(...errors: unknown[]) {
    this.failures.push(...errors);
  }

  async send(reference: unknown, activity: Record<string, unknown>): Promise<SendResult> {
    this.attempts.push(this.now());
    await this.onSend?.();
    if (this.failures.length > 0) throw this.failures.shift();
    this.sends.push({ reference, activity, at: this.now() });
    const conversation = (reference as { conversation?: { id?: string } }).conversation?.id ?? null;
    return { activityId: `act-${++this.counter}`, conversationId: conversation };
  }
}

describe.each(databaseTargets())('Dispatcher on $name', (target) => {
  let database: Database;
  let outbox: OutboxRepository;
  let refs: ConversationRefRepository;
  let now: number;
  let transport: MemoryTransport;
  let log: LogLines;
  let rendered: OutboxMessage[];
  let renderer: (message: OutboxMessage) => Promise<Rendered>;

  const clock = () => new Date(now);
  const sleep = async (ms: number) => {
    now += ms;
  };

  beforeAll(async () => {
    database = await target.open();
    outbox = new OutboxRepository(database);
    refs = new ConversationRefRepository(database);
  });
  afterAll(() => target.cleanup());
  beforeEach(async () => {
    // claim() looks at the whole table: every test starts from an empty outbox, and a new time
    // (the shared rate buckets must not carry over from one test to the next).
    await database.db.deleteFrom('outbox').execute();
    now = T0 + Math.floor(Math.random() * 1e9);
    transport = new MemoryTransport(() => now);
    log = new LogLines();
    rendered = [];
    renderer = async (message) => {
      rendered.push(message);
      return { kind: 'send', activity: { type: 'message', text: String(message.payload.text) } };
    };
  });

  function dispatcher(options: Partial<DispatcherOptions> = {}): Dispatcher {
    return new Dispatcher({
      outbox,
      refs,
      limiter: new RateLimiter(database),
      renderer: (m) => renderer(m),
      transport,
      logger: createLogger('debug', log),
      owner: 'instance-1',
      clock,
      sleep,
      random: () => 0.5,
      ...options,
    });
  }

  /** A recipient with a stored, usable personal conversation reference. */
  async function reachable(tenantId = randomUUID()): Promise<{ key: string; tenantId: string; aad: string }> {
    const aad = randomUUID();
    const key = personalRefKey(tenantId, aad);
    await refs.upsert({
      key,
      tenantId,
      aadObjectId: aad,
      conversationId: `a:${aad}`,
      conversationType: 'personal',
      reference: {
        channelId: 'msteams',
        serviceUrl: 'https://smba.example/',
        conversation: { id: `a:${aad}` },
        bot: { id: '28:bot' },
        user: { id: '29:u' },
      },
    });
    return { key, tenantId, aad };
  }

  async function enqueue(
    recipient: { key: string; tenantId: string; aad: string },
    overrides: Partial<EnqueueInput> = {},
  ): Promise<OutboxMessage> {
    const row = await outbox.enqueue({
      kind: 'message',
      tenantId: recipient.tenantId,
      recipientKey: recipient.key,
      recipientAadId: recipient.aad,
      payload: { text: SECRET },
      idempotencyKey: `test:${randomUUID()}`,
      dueAt: new Date(now),
      ...overrides,
    });
    if (!row) throw new Error('not enqueued');
    return row;
  }

  it('sends a due message and records Teams’ activity id; logs no payload', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    const counts = await dispatcher().runOnce();
    expect(counts).toMatchObject({ sent: 1, retry: 0, failed: 0, parked: 0 });
    expect(transport.sends).toHaveLength(1);
    expect(transport.sends[0]!.activity).toEqual({ type: 'message', text: SECRET });
    expect((transport.sends[0]!.reference as { conversation: { id: string } }).conversation.id).toBe(`a:${r.aad}`);
    expect(await outbox.get(row.id)).toMatchObject({
      state: 'sent',
      attempts: 1,
      activityId: 'act-1',
      conversationId: `a:${r.aad}`,
      leaseOwner: null,
    });

    const line = log.lines.find((l) => l.outboxId === row.id);
    expect(line).toMatchObject({ level: 20, kind: 'message', outcome: 'sent' });
    expect(log.text).not.toContain(SECRET);
    expect(log.text).not.toContain(r.aad);
    // Nothing is due any more.
    expect((await dispatcher().runOnce()).sent).toBe(0);
  });

  it('not yet due: not claimed', async () => {
    const r = await reachable();
    await enqueue(r, { dueAt: new Date(now + 1) });
    const counts = await dispatcher().runOnce();
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(transport.attempts).toHaveLength(0);
  });

  it('429 with Retry-After: retried exactly then, the attempt counted', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    transport.failNext(new SendFailure('Teams answered 429', { status: 429, retryAfterMs: 30_000 }));
    const d = dispatcher();
    const sentAt = now;
    expect((await d.runOnce()).retry).toBe(1);
    const retried = await outbox.get(row.id);
    expect(retried).toMatchObject({ state: 'pending', attempts: 1 });
    expect(retried?.lastError).toContain('429');
    expect(retried?.nextAttemptAt.getTime()).toBe(sentAt + 30_000);
    expect(log.lines.some((l) => l.outboxId === row.id && l.level === 40 && l.status === 429)).toBe(true);

    now = sentAt + 29_999;
    expect((await d.runOnce()).sent).toBe(0);
    now = sentAt + 30_000;
    expect((await d.runOnce()).sent).toBe(1);
    expect(await outbox.get(row.id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('429 without Retry-After, 500 and network errors: exponential back-off with full jitter', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    transport.failNext(
      new SendFailure('Teams answered 429', { status: 429 }),
      new SendFailure('Teams answered 500', { status: 500 }),
      new SendFailure('no answer', { status: null }),
      new Error('a bug in the transport'),
    );
    // random() = 0.5: half of min(max, base · 2^attempts).
    const d = dispatcher({ backoff: { baseMs: 2_000, maxMs: 10_000 } });
    const expected = [1_000, 2_000, 4_000, 5_000];
    for (const [i, delay] of expected.entries()) {
      const started = now;
      expect((await d.runOnce()).retry, `attempt ${i + 1}`).toBe(1);
      const stored = await outbox.get(row.id);
      expect(stored?.attempts).toBe(i + 1);
      expect(stored?.nextAttemptAt.getTime(), `attempt ${i + 1}`).toBe(started + delay);
      now = started + delay;
    }
    expect((await outbox.get(row.id))?.lastError).toContain('a bug in the transport');
    expect((await d.runOnce()).sent).toBe(1);
    expect(transport.attempts).toHaveLength(5);
  });

  it('a 503 with Retry-After is retried then, not after the back-off', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    transport.failNext(new SendFailure('Teams answered 503', { status: 503, retryAfterMs: 120_000 }));
    const started = now;
    expect((await dispatcher().runOnce()).retry).toBe(1);
    expect((await outbox.get(row.id))?.nextAttemptAt.getTime()).toBe(started + 120_000);
  });

  it('the back-off is full jitter: anywhere from 0 to the ceiling', () => {
    let r = 0;
    const d = dispatcher({ random: () => r, backoff: { baseMs: 1000, maxMs: 60_000 } });
    r = 0;
    expect(d.backoffMs(3)).toBe(0);
    r = 0.999999;
    expect(d.backoffMs(0)).toBe(999);
    expect(d.backoffMs(3)).toBe(7999);
    expect(d.backoffMs(40)).toBe(59_999);
  });

  it('403: the reference is marked unusable and the row parked; delivered when the person comes back', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    transport.failNext(new SendFailure('Teams answered 403', { status: 403 }));
    const d = dispatcher();
    expect((await d.runOnce()).parked).toBe(1);
    expect(await outbox.get(row.id)).toMatchObject({ state: 'waiting', attempts: 0 });
    expect((await refs.get(r.key))?.usable).toBe(false);

    // A second message for them is parked at once, without trying.
    const second = await enqueue(r);
    expect((await d.runOnce()).parked).toBe(1);
    expect((await outbox.get(second.id))?.state).toBe('waiting');
    expect(transport.attempts).toHaveLength(1);

    // They write to the bot again: a new reference, and their messages are released.
    await refs.upsert({
      key: r.key,
      tenantId: r.tenantId,
      aadObjectId: r.aad,
      conversationId: `a:${r.aad}`,
      conversationType: 'personal',
      reference: { conversation: { id: `a:${r.aad}` } },
    });
    expect(await outbox.releaseWaiting(r.key, clock())).toBe(2);
    expect((await d.runOnce()).sent).toBe(2);
    expect(transport.sends).toHaveLength(2);
  });

  it('404 parks too; no reference at all parks without trying', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    transport.failNext(new SendFailure('Teams answered 404', { status: 404 }));
    expect((await dispatcher().runOnce()).parked).toBe(1);
    expect((await outbox.get(row.id))?.state).toBe('waiting');

    const stranger = { key: personalRefKey('t', randomUUID()), tenantId: 't', aad: randomUUID() };
    const unknown = await enqueue(stranger);
    expect((await dispatcher().runOnce()).parked).toBe(1);
    expect(await outbox.get(unknown.id)).toMatchObject({ state: 'waiting', lastError: 'no conversation reference' });
    expect(rendered.map((m) => m.id)).not.toContain(unknown.id);
  });

  it('another 4xx fails at once', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    transport.failNext(new SendFailure('Teams answered 400 (BadArgument)', { status: 400 }));
    expect((await dispatcher().runOnce()).failed).toBe(1);
    expect(await outbox.get(row.id)).toMatchObject({ state: 'failed', attempts: 1 });
    expect((await outbox.get(row.id))?.lastError).toContain('400');
    expect(log.lines.some((l) => l.outboxId === row.id && l.level === 40 && l.outcome === 'failed')).toBe(true);
  });

  it('fails after maxAttempts attempts', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    const d = dispatcher({ maxAttempts: 3 });
    for (let i = 0; i < 5; i++) transport.failNext(new SendFailure('Teams answered 503', { status: 503 }));
    expect((await d.runOnce()).retry).toBe(1);
    now += 60_000;
    expect((await d.runOnce()).retry).toBe(1);
    now += 60_000;
    expect((await d.runOnce()).failed).toBe(1);
    const failed = await outbox.get(row.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 3 });
    expect(failed?.lastError).toContain('gave up after 3 attempts');
    now += 3_600_000;
    expect((await d.runOnce()).failed).toBe(0);
    expect(transport.attempts).toHaveLength(3);
  });

  it('a taken-over row whose attempts are spent is failed without another try', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    const d = dispatcher({ maxAttempts: 2, leaseMs: 60_000 });
    // Two instances claimed it and died while sending.
    await outbox.claim('dead-1', 10, 60_000, clock());
    await outbox.claim('dead-2', 10, 60_000, new Date(now + 60_001));
    now += 120_002;
    expect((await d.runOnce()).failed).toBe(1);
    expect(await outbox.get(row.id)).toMatchObject({ state: 'failed', attempts: 2 });
    expect(transport.attempts).toHaveLength(0);
  });

  it('obsolete: cancelled, not sent', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    renderer = async () => ({ kind: 'obsolete', reason: 'plan evaluated' });
    expect((await dispatcher().runOnce()).cancelled).toBe(1);
    expect(await outbox.get(row.id)).toMatchObject({ state: 'cancelled', lastError: 'plan evaluated', attempts: 0 });
    expect(transport.attempts).toHaveLength(0);
  });

  it('a renderer given as an object with render() works too', async () => {
    const r = await reachable();
    await enqueue(r);
    const d = dispatcher({ renderer: { render: async () => ({ kind: 'send', activity: { type: 'message', text: 'x' } }) } });
    expect((await d.runOnce()).sent).toBe(1);
  });

  it('a renderer that throws: retried later like a failed send', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    renderer = async () => {
      throw new Error('card template broken');
    };
    expect((await dispatcher().runOnce()).retry).toBe(1);
    expect(await outbox.get(row.id)).toMatchObject({ state: 'pending', attempts: 1 });
    expect((await outbox.get(row.id))?.lastError).toContain('card template broken');
  });

  it('expired: not rendered, not sent', async () => {
    const r = await reachable();
    const row = await enqueue(r, { dueAt: new Date(now - 10_000), expiresAt: new Date(now - 1) });
    expect((await dispatcher().runOnce()).expired).toBe(1);
    expect((await outbox.get(row.id))?.state).toBe('expired');
    expect(rendered).toHaveLength(0);
    expect(transport.attempts).toHaveLength(0);
  });

  it('lease lost before sending (another instance took the row over): not sent', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    renderer = async (message) => {
      // The render takes so long that the lease runs out and another instance claims the row.
      now += 61_000;
      const taken = await outbox.claim('instance-2', 10, 60_000, clock());
      expect(taken.map((t) => t.id)).toEqual([message.id]);
      return { kind: 'send', activity: { type: 'message', text: 'late' } };
    };
    const counts = await dispatcher({ leaseMs: 60_000 }).runOnce();
    expect(counts['lease-lost']).toBe(1);
    expect(transport.attempts).toHaveLength(0);
    expect(await outbox.get(row.id)).toMatchObject({ state: 'sending', leaseOwner: 'instance-2' });
    expect(log.lines.some((l) => l.outboxId === row.id && l.level === 40 && l.outcome === 'lease-lost')).toBe(true);
  });

  it('the lease about to run out before sending: released, not sent, no attempt counted', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    renderer = async () => {
      now += 55_000; // 5 s of a 60 s lease left, below the 15 s send margin
      return { kind: 'send', activity: { type: 'message', text: 'x' } };
    };
    expect((await dispatcher({ leaseMs: 60_000 }).runOnce()).released).toBe(1);
    expect(transport.attempts).toHaveLength(0);
    expect(await outbox.get(row.id)).toMatchObject({ state: 'pending', attempts: 0, leaseOwner: null });
  });

  it('waits for rate tokens in memory; releases the row when the wait would outlast the lease', async () => {
    const r = await reachable();
    const first = await enqueue(r);
    const second = await enqueue(r, { dueAt: new Date(now - 1) });
    // 2 per second per conversation: capacity 1, one more per second.
    const d = dispatcher({ limiter: new RateLimiter(database, { conversationPerSecond: 2 }) });
    expect((await d.runOnce()).sent).toBe(2);
    // In order (one recipient's rows one after the other), the second a second after the first.
    expect(transport.sends.map((s) => s.at - transport.sends[0]!.at)).toEqual([0, 1000]);
    expect((await outbox.get(second.id))?.sentAt).toBeInstanceOf(Date);
    expect((await outbox.get(first.id))?.state).toBe('sent');

    // A limiter that wants 10 minutes: the row goes back to pending for then, no attempt counted.
    const row = await enqueue(r);
    const slow = dispatcher({ limiter: { tryAcquire: async () => ({ ok: false, waitMs: 600_000 }) } });
    const started = now;
    expect((await slow.runOnce()).released).toBe(1);
    expect(await outbox.get(row.id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await outbox.get(row.id))?.nextAttemptAt.getTime()).toBe(started + 600_000);
  });

  it('a clock standing still (a test’s) does not stall the rate wait: the time waited counts', async () => {
    const r = await reachable();
    await enqueue(r);
    await enqueue(r);
    // 20 per second per conversation: the second send waits 1/19 s of real time.
    const d = dispatcher({
      limiter: new RateLimiter(database, { conversationPerSecond: 20 }),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    const started = Date.now();
    expect((await d.runOnce()).sent).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(transport.sends.map((s) => s.at)).toEqual([now, now]);
  });

  it('sent, but the lease was lost meanwhile: counted as sent, warned about', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    transport.onSend = async () => {
      transport.onSend = undefined;
      // The send hangs past the lease and another instance takes the row.
      now += 61_000;
      await outbox.claim('instance-2', 10, 60_000, clock());
    };
    expect((await dispatcher({ leaseMs: 60_000 }).runOnce()).sent).toBe(1);
    expect((await outbox.get(row.id))?.leaseOwner).toBe('instance-2');
    expect(log.lines.some((l) => l.outboxId === row.id && l.level === 40 && /lease was lost/.test(String(l.msg)))).toBe(true);
  });

  it('start() sends what wake() announces; stop() waits for the send in flight and releases the rest', async () => {
    const a = await reachable();
    const b = await reachable();
    // The loop uses real timers: a clock standing still is fine, the rows are due.
    const d = dispatcher({ pollMs: 60_000, concurrency: 1, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
    d.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const first = await enqueue(a);
    const second = await enqueue(b, { dueAt: new Date(now + 1) });
    now += 1; // both due; only wake() can make the loop look before its 60 s pause ends
    let release!: () => void;
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    transport.onSend = () => {
      started();
      return new Promise<void>((resolve) => (release = resolve));
    };
    d.wake();
    await inFlight;
    const stopping = d.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false); // waits for the send in flight
    release();
    await stopping;
    expect(transport.sends).toHaveLength(1);
    // One at a time (concurrency 1), earliest first: the first was in flight, the second released.
    expect((await outbox.get(first.id))?.state).toBe('sent');
    expect(await outbox.get(second.id)).toMatchObject({ state: 'pending', attempts: 0, leaseOwner: null });
  });

  it('a row this instance still handles is not handled twice when claimed again', async () => {
    const r = await reachable();
    const row = await enqueue(r);
    const d = dispatcher({ leaseMs: 60_000 });
    let second: Promise<unknown> | undefined;
    transport.onSend = async () => {
      transport.onSend = undefined;
      // The send outlives the lease; this same instance claims the row again meanwhile.
      now += 61_000;
      second = d.runOnce();
      expect(await second).toMatchObject({ skipped: 1, sent: 0 });
    };
    expect((await d.runOnce()).sent).toBe(1);
    await second;
    expect(transport.attempts).toHaveLength(1);
    expect((await outbox.get(row.id))?.state).toBe('sent');
  });
});
