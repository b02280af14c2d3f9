/**
 * Protocol tests of messages sent while the bot starts (issue 9, point 9). The real process
 * (`node --import tsx src/main.ts`, its own DATA_DIR, or its own schema on PostgreSQL) is spawned
 * and sent messages from the moment its port answers, long before the database is open: every one
 * is answered, through the fake Bot Connector. A start that fails answers the messages that waited
 * for it with 503 (and the process exits); the server on its own shows the bound on the wait.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { LogCapture, storeTargets } from '../support/bot.js';
import { dropSchemas, testDatabaseUrl, uniqueSchemaName } from '../support/db.js';
import { TeamsUser, cardOf, type TurnResult } from '../support/teams.js';
import { freePort, spawnChild, type Child } from '../e2e/support/processes.js';
import { createLogger } from '../../src/log.js';
import { createServer, listen, type RunningServer } from '../../src/server.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const ROOT = path.resolve(import.meta.dirname, '../..');

/** Spawns the bot as `npm start` would, in local anonymous mode on a port of its own. */
async function spawnBot(name: string, env: Record<string, string>): Promise<{ child: Child; url: string; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'indsatsguiden-startup-'));
  const port = await freePort();
  const child = spawnChild(name, process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // Only what the bot needs: no variables of the test run (TEST_DATABASE_URL, a developer's .env) leak in.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      PORT: String(port),
      DATA_DIR: dir,
      LOG_LEVEL: 'info',
      DISPATCHER: 'off',
      ...env,
    },
    logFile: path.join(dir, 'bot.log'),
  });
  return { child, url: `http://127.0.0.1:${port}`, dir };
}

/** Polls /healthz until the process listens (it answers 200 as soon as it does, long before it is ready). */
async function untilListening(url: string, child: Child, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.hasExited()) throw new Error(`the bot exited before listening:\n${child.tail()}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the bot did not listen within ${timeoutMs} ms:\n${child.tail()}`);
}

const isReady = (child: Child) => readFileSync(child.logFile, 'utf8').includes('"msg":"Indsatsguiden is ready"');

describe.each(storeTargets().map((t) => ({ name: t.name })))('messages sent while the bot starts, on $name', ({ name }) => {
  let connector: FakeConnector;
  let bot: { child: Child; url: string; dir: string };
  let schema: string | undefined;

  beforeAll(async () => {
    connector = await startFakeConnector();
    let env: Record<string, string> = {};
    if (name === 'postgres') {
      const databaseUrl = testDatabaseUrl()!;
      schema = uniqueSchemaName('startup');
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`create schema "${schema}"`);
      await client.end();
      const url = new URL(databaseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      env = { DATABASE_URL: url.toString() };
    }
    // The wait is generous here: on a busy machine the start can take longer than the default 10 s.
    bot = await spawnBot(`startup-${name}`, { ...env, START_WAIT_SECONDS: '60' });
  });
  afterAll(async () => {
    await bot?.child.stop();
    await connector?.close();
    if (schema) await dropSchemas(testDatabaseUrl()!, [schema]);
    if (bot) rmSync(bot.dir, { recursive: true, force: true });
  });

  it('answers every message sent from the moment the port answers', async () => {
    await untilListening(bot.url, bot.child);
    const sent: { user: TeamsUser; result: Promise<TurnResult>; beforeReady: boolean }[] = [];
    const send = () => {
      const beforeReady = !isReady(bot.child);
      const user = new TeamsUser(bot.url, connector, { aadObjectId: randomUUID(), tenantId: TENANT });
      sent.push({ user, result: user.say('hjælp'), beforeReady });
    };
    // A burst at once, then one every 200 ms until the bot says it is ready, and one after.
    for (let i = 0; i < 4; i++) send();
    while (!isReady(bot.child) && !bot.child.hasExited()) {
      await new Promise((r) => setTimeout(r, 200));
      send();
    }
    send();
    const results = await Promise.all(sent.map((s) => s.result));
    expect(sent.filter((s) => s.beforeReady).length).toBeGreaterThanOrEqual(4);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    for (const result of results) {
      expect(result.sent).toHaveLength(1);
      expect(cardOf(result.sent[0])).not.toBeNull();
    }
  }, 90_000);
});

describe('a start that fails', () => {
  let connector: FakeConnector;
  let database: net.Server;
  const held: net.Socket[] = [];
  let bot: { child: Child; url: string; dir: string };

  beforeAll(async () => {
    connector = await startFakeConnector();
    // A "PostgreSQL" that takes the connection and says nothing, until the test makes it fail.
    database = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => database.listen(0, '127.0.0.1', resolve));
    const port = (database.address() as net.AddressInfo).port;
    bot = await spawnBot('startup-fails', { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test`, START_WAIT_SECONDS: '60' });
  });
  afterAll(async () => {
    await bot?.child.stop();
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => database?.close(() => resolve()));
    await connector?.close();
    if (bot) rmSync(bot.dir, { recursive: true, force: true });
  });

  it('answers the messages that waited for it with 503, then the process exits', async () => {
    await untilListening(bot.url, bot.child);
    const answered: number[] = [];
    const posts = [0, 1, 2].map(async (i) => {
      const response = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: `in-${i}`,
          text: 'hjælp',
          serviceUrl: connector.url,
          channelId: 'msteams',
          from: { id: `29:${i}`, aadObjectId: randomUUID() },
          recipient: { id: '28:bot' },
          conversation: { id: `a:${i}`, conversationType: 'personal', tenantId: TENANT },
        }),
      });
      answered.push(i);
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as unknown };
    });
    // The messages wait while the database is being opened…
    while (held.length === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 500));
    expect(answered).toEqual([]);
    // …and are answered 503 when opening it fails.
    for (const socket of held) socket.destroy();
    const results = await Promise.all(posts);
    for (const result of results) {
      expect(result.status).toBe(503);
      expect(result.retryAfter).not.toBeNull();
      expect(result.body).toEqual({ status: 'unavailable' });
    }
    expect(await bot.child.exited).toBe(1);
    expect(connector.activities).toHaveLength(0);
  }, 60_000);
});

describe('the server while the bot starts', () => {
  const log = new LogCapture();
  const message = JSON.stringify({
    type: 'message',
    text: 'hjælp',
    serviceUrl: 'http://127.0.0.1:9',
    channelId: 'msteams',
    from: { id: '29:1' },
    conversation: { id: 'a:1' },
  });
  const post = (url: string) =>
    fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: message });

  async function serve(startWaitMs: number) {
    const http = createServer(createLogger('info', log), { startWaitMs });
    const running: RunningServer = await listen(http.server, 0, '127.0.0.1');
    return { http, running };
  }

  it('keeps /readyz at 503 and answers a message 503 with Retry-After when the start takes longer than the wait', async () => {
    const { running } = await serve(300);
    try {
      const ready = await fetch(`${running.url}/readyz`);
      expect(ready.status).toBe(503);
      const began = Date.now();
      const response = await post(running.url);
      expect(Date.now() - began).toBeGreaterThanOrEqual(250);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toEqual({ status: 'starting' });
    } finally {
      await running.close();
    }
  });

  it('answers the waiting messages at once when the start fails', async () => {
    const { http, running } = await serve(60_000);
    try {
      const pending = post(running.url);
      await new Promise((r) => setTimeout(r, 200));
      http.fail();
      const response = await pending;
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable' });
      expect((await fetch(`${running.url}/readyz`)).status).toBe(503);
    } finally {
      await running.close();
    }
  });
});
