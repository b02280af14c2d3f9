/**
 * BotTransport with the real CloudAdapter (local anonymous mode, app id '') against the fake
 * Bot Framework connector: a send arrives; 429, 5xx and 403 come back as SendFailure after ONE
 * request (the connector client's own retries are off); a connector that does not answer times out.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CloudAdapter } from 'botbuilder';
import { createAdapter } from '../../../src/bot/adapter.js';
import { BotTransport, parseRetryAfter, toSendFailure } from '../../../src/bot/proactive.js';
import { SendFailure } from '../../../src/dispatch/index.js';
import { startFakeConnector, type FakeConnector } from '../../support/connector.js';

function reference(serviceUrl: string, conversationId = 'a:1personal-chat') {
  return {
    activityId: 'f:123',
    bot: { id: '28:bot-id', name: 'Indsatsguiden' },
    channelId: 'msteams',
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1', isGroup: false },
    locale: 'da-DK',
    serviceUrl,
    user: { id: '29:user', aadObjectId: 'aad-1' },
  };
}

const activity = { type: 'message', text: 'Påmindelse: evaluering i morgen' };

async function failureOf(promise: Promise<unknown>): Promise<SendFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SendFailure);
    return error as SendFailure;
  }
  throw new Error('expected the send to fail');
}

describe('BotTransport (CloudAdapter, anonymous mode) against the fake connector', () => {
  let connector: FakeConnector;
  let adapter: CloudAdapter;
  let transport: BotTransport;
  const turnErrors: unknown[] = [];

  beforeAll(async () => {
    connector = await startFakeConnector();
    adapter = createAdapter({ bot: null });
    // As in the app: an onTurnError handler, which botbuilder calls instead of rethrowing.
    adapter.onTurnError = async (_context, error) => {
      turnErrors.push(error);
    };
    transport = new BotTransport(adapter, '');
  });
  afterAll(() => connector.close());
  beforeEach(() => {
    connector.clear();
    turnErrors.length = 0;
  });

  it('sends the activity into the stored conversation and returns its id', async () => {
    const result = await transport.send(reference(`${connector.url}/`), activity);
    const [recorded] = await connector.waitFor(1);
    expect(recorded).toMatchObject({ method: 'POST', conversationId: 'a:1personal-chat' });
    expect(recorded!.activity).toMatchObject({ type: 'message', text: activity.text, conversation: { id: 'a:1personal-chat' } });
    expect(result).toEqual({ activityId: recorded!.id, conversationId: 'a:1personal-chat' });
    expect(turnErrors).toEqual([]);
  });

  it('429 with Retry-After: a SendFailure with retryAfterMs, after one request (no retry by the client)', async () => {
    connector.failNext(1, 429, 7);
    const started = Date.now();
    const failure = await failureOf(transport.send(reference(`${connector.url}/`), activity));
    expect(failure.status).toBe(429);
    expect(failure.retryAfterMs).toBe(7000);
    // The connector client would have waited 7 s and sent again (which would have succeeded).
    expect(Date.now() - started).toBeLessThan(3000);
    expect(connector.activities).toHaveLength(0);
    expect(turnErrors).toEqual([]);
  });

  it('500: a SendFailure at once, not retried by the client', async () => {
    connector.failNext(1, 500);
    const failure = await failureOf(transport.send(reference(`${connector.url}/`), activity));
    expect(failure.status).toBe(500);
    expect(failure.retryAfterMs).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the client's first retry would come within ~1 s
    expect(connector.activities).toHaveLength(0);
  });

  it('403 surfaces as status 403; 404 as 404', async () => {
    connector.failNext(1, 403);
    expect((await failureOf(transport.send(reference(`${connector.url}/`), activity))).status).toBe(403);
    connector.failNext(1, 404);
    expect((await failureOf(transport.send(reference(`${connector.url}/`), activity))).status).toBe(404);
    expect(connector.activities).toHaveLength(0);
  });

  it('each send gets a fresh client: a send after a failure goes through', async () => {
    connector.failNext(1, 503, 1);
    await failureOf(transport.send(reference(`${connector.url}/`), activity));
    await transport.send(reference(`${connector.url}/`, 'a:other'), activity);
    expect(connector.activities.map((a) => a.conversationId)).toEqual(['a:other']);
  });

  it('a stored reference that cannot be used: a 404 SendFailure, nothing sent', async () => {
    for (const bad of [
      null,
      {},
      { ...reference(`${connector.url}/`), serviceUrl: 'not a url' },
      { ...reference(`${connector.url}/`), conversation: {} },
    ]) {
      expect((await failureOf(transport.send(bad, activity))).status).toBe(404);
    }
    expect(connector.activities).toHaveLength(0);
  });

  it('nobody listening: a network failure (status null)', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const failure = await failureOf(transport.send(reference(`http://127.0.0.1:${port}/`), activity));
    expect(failure.status).toBeNull();
    expect(failure.retryAfterMs).toBeNull();
  });

  it('a connector that never answers: a timeout (status null) after timeoutMs', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const server = http.createServer(() => undefined); // never answers
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const quick = new BotTransport(adapter, '', { timeoutMs: 300 });
      const started = Date.now();
      const failure = await failureOf(quick.send(reference(`http://127.0.0.1:${port}/`), activity));
      expect(failure.status).toBeNull();
      expect(failure.message).toContain('300 ms');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2030-03-04T08:00:00Z');

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Mon, 04 Mar 2030 08:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Mon, 04 Mar 2030 07:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('toSendFailure takes the status and the Retry-After headers of a connector error', () => {
    const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] });
    const restError = (statusCode: number | undefined, values: Record<string, string> = {}) =>
      Object.assign(new Error('boom'), {
        name: 'RestError',
        statusCode,
        code: 'Throttled',
        response: { status: statusCode, headers: headers(values) },
      });

    const dated = toSendFailure(restError(429, { 'retry-after': 'Mon, 04 Mar 2030 08:02:00 GMT' }), 10_000, now);
    expect(dated).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(dated.message).toContain('429');
    expect(toSendFailure(restError(429, { 'retry-after-ms': '250', 'retry-after': '9' }), 10_000, now).retryAfterMs).toBe(250);
    expect(toSendFailure(restError(503), 10_000, now)).toMatchObject({ status: 503, retryAfterMs: null });
    expect(toSendFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 10_000, now)).toMatchObject({
      status: null,
      retryAfterMs: null,
    });
    expect(toSendFailure('weird', 10_000, now).status).toBeNull();
    const own = new SendFailure('x', { status: 418 });
    expect(toSendFailure(own, 10_000, now)).toBe(own);
  });
});
