/**
 * A fake Bot Framework Connector on loopback: records what the bot sends (new activities, replies,
 * updates) and can be told to answer with errors (429 with Retry-After, 500, 403) for the next
 * requests. The bot reaches it through the `serviceUrl` of the activities the tests post.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedActivity {
  method: 'POST' | 'PUT' | 'DELETE';
  conversationId: string;
  /** The activity id in the URL: replyToId for replies, the updated activity for PUT. */
  activityId: string | null;
  /** The id the connector assigned (POST) or the updated id (PUT). */
  id: string;
  activity: Record<string, unknown> & { type?: string; attachments?: { contentType: string; content: unknown }[] };
  at: number;
}

export interface FakeConnector {
  url: string;
  activities: RecordedActivity[];
  /** Answer the next `count` requests with this status (and optional Retry-After seconds). */
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  clear(): void;
  /** Waits until at least `count` activities have been recorded (or times out). */
  waitFor(count: number, timeoutMs?: number): Promise<RecordedActivity[]>;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const activities: RecordedActivity[] = [];
  const failures: { status: number; retryAfter?: number }[] = [];
  let counter = 0;
  const waiters: (() => void)[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const failure = failures.shift();
      if (failure) {
        if (failure.retryAfter !== undefined) res.setHeader('Retry-After', String(failure.retryAfter));
        res.writeHead(failure.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'Simulated', message: `simulated ${failure.status}` } }));
        return;
      }
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (!match) {
        res.writeHead(404).end();
        return;
      }
      const method = req.method as RecordedActivity['method'];
      const conversationId = decodeURIComponent(match[1] ?? '');
      const activityId = match[2] ? decodeURIComponent(match[2]) : null;
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedActivity['activity']) : {};
      const id = method === 'PUT' && activityId ? activityId : `act-${++counter}`;
      activities.push({ method, conversationId, activityId, id, activity: body, at: Date.now() });
      for (const w of waiters.splice(0)) w();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    activities,
    failNext(count, status, retryAfterSeconds) {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfter: retryAfterSeconds });
    },
    clear() {
      activities.length = 0;
    },
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (activities.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`fake connector: expected ${count} activities, got ${activities.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return activities;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
