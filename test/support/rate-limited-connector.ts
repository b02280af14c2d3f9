/**
 * A fake Bot Framework Connector on loopback that ENFORCES Teams' rate limits, for the dispatcher's
 * multi-instance test and the reminders bench. Unlike test/support/connector.ts it never fails on
 * command: it answers 429 with Retry-After exactly when a send would go over a limit:
 *
 * - per conversation: at most `conversationPerSecond` (Teams: 7) sends in any sliding second, and
 *   at most `conversationPerHour` (Teams: 1,800) in any sliding hour;
 * - per tenant (the activity's `conversation.tenantId`, else one global tenant): at most
 *   `tenantPerSecond` in any sliding second.
 *
 * "Any sliding window": a send arriving at time t is accepted only when fewer than `limit` sends
 * were accepted in (t − window, t]. So no half-open window [s, s + window) ever holds more than
 * `limit` accepted sends; `busiestWindows` checks that independently over the recorded sends.
 * A refused send does not count towards any window. Retry-After is in whole seconds (HTTP), at
 * least 1: the time until the oldest send in the full window leaves it, rounded up.
 *
 * Its URL has a random path (like Teams' regional service URLs, e.g. https://smba.trafficmanager.net/emea/):
 * requests for any other path are answered 404 and only counted (`strangers`), so a bot of another
 * test that still holds a reference to a port this connector now happens to use cannot mix its
 * sends into the record.
 *
 * The decision is taken when the request's body has arrived (one synchronous step, so concurrent
 * requests cannot slip past a limit together); the answer may then be delayed (`delayMs`) to look
 * like a real service. Each window is a queue of times with a moving head: O(1) amortised per
 * request, so 10,000 sends cost nothing worth measuring.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RateLimitedConnectorOptions {
  /** Sends per conversation in any sliding second (default 7, Teams' limit). */
  conversationPerSecond?: number;
  /** Sends per conversation in any sliding hour (default 1,800, Teams' limit). */
  conversationPerHour?: number;
  /** Sends per tenant in any sliding second (default 50). */
  tenantPerSecond?: number;
  /** Delay of every answer, in ms: a fixed number, or uniformly between min and max (default 0). */
  delayMs?: number | { min: number; max: number };
  /** The clock, in ms (fractions allowed); the real time by default. */
  now?: () => number;
}

export interface AcceptedActivity {
  conversationId: string;
  /** The activity's conversation.tenantId, or GLOBAL_TENANT. */
  tenantId: string;
  /** The activity's text ('' when it has none). */
  text: string;
  /** The id the connector gave it. */
  id: string;
  /** When it was accepted (ms since the epoch, with fractions). */
  at: number;
}

export type LimitName = 'conversation-second' | 'conversation-hour' | 'tenant-second';

export interface RefusedActivity {
  conversationId: string;
  tenantId: string;
  text: string;
  at: number;
  /** The limits it would have gone over. */
  limits: LimitName[];
  retryAfterSeconds: number;
}

export interface RateLimitedConnector {
  /** The service URL (with its random path, no trailing slash). */
  url: string;
  readonly limits: Required<Pick<RateLimitedConnectorOptions, 'conversationPerSecond' | 'conversationPerHour' | 'tenantPerSecond'>>;
  /** Every accepted send, in order of acceptance. */
  readonly accepted: AcceptedActivity[];
  /** Every send answered 429, in order. */
  readonly refused: RefusedActivity[];
  /** How many 429s were answered (refused.length). */
  readonly tooManyRequests: number;
  /** Requests for other paths (answered 404, not recorded). */
  readonly strangers: number;
  /** Waits until at least `count` sends have been accepted; rejects after `timeoutMs`. */
  waitForAccepted(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The tenant of activities without conversation.tenantId. */
export const GLOBAL_TENANT = '(global)';
const SECOND = 1000;
const HOUR = 3_600_000;

/** Accepted times of one window (ascending), with a moving head instead of shifting the array. */
class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** 0 when a send at `now` fits; otherwise the ms until the oldest accepted send leaves the window. */
  waitMs(now: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    if (this.times.length - this.head < this.limit) return 0;
    return this.times[this.head]! + this.windowMs - now;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

const realNow = () => performance.timeOrigin + performance.now();

export async function startRateLimitedConnector(options: RateLimitedConnectorOptions = {}): Promise<RateLimitedConnector> {
  const limits = {
    conversationPerSecond: checkLimit(options.conversationPerSecond ?? 7, 'conversationPerSecond'),
    conversationPerHour: checkLimit(options.conversationPerHour ?? 1800, 'conversationPerHour'),
    tenantPerSecond: checkLimit(options.tenantPerSecond ?? 50, 'tenantPerSecond'),
  };
  const now = options.now ?? realNow;
  const delay = delayFunction(options.delayMs ?? 0);
  const accepted: AcceptedActivity[] = [];
  const refused: RefusedActivity[] = [];
  const conversations = new Map<string, { second: SlidingWindow; hour: SlidingWindow }>();
  const tenants = new Map<string, SlidingWindow>();
  let waiters: (() => void)[] = [];
  let counter = 0;
  let strangers = 0;
  const base = `/${randomUUID().slice(0, 8)}`;
  const route = new RegExp(`^${base}/v3/conversations/([^/?]+)/activities(?:/[^/?]+)?(?:\\?.*)?$`);

  /** Accepts or refuses one send (synchronously: nothing can interleave). */
  function decide(
    conversationId: string,
    tenantId: string,
    text: string,
  ): { status: 201; id: string } | { status: 429; retryAfterSeconds: number } {
    const at = now();
    let conversation = conversations.get(conversationId);
    if (!conversation) {
      conversation = {
        second: new SlidingWindow(limits.conversationPerSecond, SECOND),
        hour: new SlidingWindow(limits.conversationPerHour, HOUR),
      };
      conversations.set(conversationId, conversation);
    }
    let tenant = tenants.get(tenantId);
    if (!tenant) {
      tenant = new SlidingWindow(limits.tenantPerSecond, SECOND);
      tenants.set(tenantId, tenant);
    }
    const waits: [LimitName, number][] = [
      ['conversation-second', conversation.second.waitMs(at)],
      ['conversation-hour', conversation.hour.waitMs(at)],
      ['tenant-second', tenant.waitMs(at)],
    ];
    const over = waits.filter(([, ms]) => ms > 0);
    if (over.length > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...over.map(([, ms]) => ms)) / SECOND));
      refused.push({ conversationId, tenantId, text, at, limits: over.map(([name]) => name), retryAfterSeconds });
      return { status: 429, retryAfterSeconds };
    }
    conversation.second.add(at);
    conversation.hour.add(at);
    tenant.add(at);
    const id = `act-${++counter}`;
    accepted.push({ conversationId, tenantId, text, id, at });
    const woken = waiters;
    waiters = [];
    for (const w of woken) w();
    return { status: 201, id };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // New activities and replies: POST /v3/conversations/{id}/activities[/{replyToId}].
      const match = route.exec(req.url ?? '');
      if (!match || req.method !== 'POST') {
        if (!req.url?.startsWith(`${base}/`)) strangers += 1;
        answer(res, 404, { error: { code: 'NotFound', message: 'only POST …/activities is simulated' } });
        return;
      }
      let body: { text?: unknown; conversation?: { tenantId?: unknown } };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        answer(res, 400, { error: { code: 'BadSyntax', message: 'the body is not JSON' } });
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      const tenantId =
        typeof body.conversation?.tenantId === 'string' && body.conversation.tenantId ? body.conversation.tenantId : GLOBAL_TENANT;
      const text = typeof body.text === 'string' ? body.text : '';
      const decision = decide(conversationId, tenantId, text);
      const respond = () => {
        if (decision.status === 429) {
          res.setHeader('Retry-After', String(decision.retryAfterSeconds));
          answer(res, 429, { error: { code: 'ThrottledRequest', message: 'Too many requests' } });
        } else {
          answer(res, 201, { id: decision.id });
        }
      };
      const ms = delay();
      if (ms > 0) setTimeout(respond, ms);
      else respond();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${base}`,
    limits,
    accepted,
    refused,
    get tooManyRequests() {
      return refused.length;
    },
    get strangers() {
      return strangers;
    },
    async waitForAccepted(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (accepted.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`rate-limited connector: expected ${count} accepted sends, got ${accepted.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface BusiestWindows {
  /** The most accepted sends into one conversation in any sliding second / hour. */
  conversationPerSecond: number;
  conversationPerHour: number;
  /** The most accepted sends of one tenant in any sliding second. */
  tenantPerSecond: number;
}

/**
 * The busiest sliding windows of recorded sends, computed from scratch (not from the connector's
 * own bookkeeping): a check that the limits held. Works on accepted and on all attempted sends.
 */
export function busiestWindows(sends: readonly { conversationId: string; tenantId: string; at: number }[]): BusiestWindows {
  const byConversation = groupTimes(sends, (s) => s.conversationId);
  const byTenant = groupTimes(sends, (s) => s.tenantId);
  let conversationPerSecond = 0;
  let conversationPerHour = 0;
  let tenantPerSecond = 0;
  for (const times of byConversation.values()) {
    conversationPerSecond = Math.max(conversationPerSecond, busiestWindow(times, SECOND));
    conversationPerHour = Math.max(conversationPerHour, busiestWindow(times, HOUR));
  }
  for (const times of byTenant.values()) tenantPerSecond = Math.max(tenantPerSecond, busiestWindow(times, SECOND));
  return { conversationPerSecond, conversationPerHour, tenantPerSecond };
}

/** The most times in any half-open window [s, s + windowMs); `times` ascending. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

function groupTimes<T extends { at: number }>(items: readonly T[], key: (item: T) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item.at);
    else groups.set(k, [item.at]);
  }
  for (const list of groups.values()) list.sort((a, b) => a - b);
  return groups;
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function delayFunction(delay: number | { min: number; max: number }): () => number {
  if (typeof delay === 'number') {
    if (!(delay >= 0)) throw new RangeError(`delayMs must be ≥ 0, got ${delay}`);
    return () => delay;
  }
  if (!(delay.min >= 0 && delay.max >= delay.min)) throw new RangeError(`delayMs needs 0 ≤ min ≤ max, got ${delay.min}..${delay.max}`);
  return () => delay.min + Math.random() * (delay.max - delay.min);
}

function checkLimit(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
