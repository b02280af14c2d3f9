/**
 * Protocol tests of the token check (issue 9, point 6): the real bot with a bot registration, its
 * OpenID metadata pointed at a key server on loopback (test/support/token-issuer.ts), so tokens
 * are signed here with a real RS256 key. A token Teams could send is accepted; every forged one
 * (alg none, HS256 with the bot's password, HS256 with the public key, another RS256 key, not yet
 * valid, expired, another bot's, another issuer, another service URL) is a 401 whose body names
 * nothing of the libraries, and nothing of the activity is processed or written: every table of the
 * database (rows and content, found in information_schema: conversation references, bot state,
 * cases, the outbox, ...) is the same after as before, nothing is sent to the connector, and the
 * request's log line names no outcome. A malformed body is a 400. The background jobs are not
 * started, so nothing else writes while the tables are compared.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { CHANNEL_ISSUER, startTokenIssuer, type TokenIssuer } from '../support/token-issuer.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { TEST_KEY } from '../support/keys.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const APP_ID = '5d3f0c6e-8a41-4b7e-9f2a-1c0d3e4b5a69';
const OTHER_APP_ID = '9e8d7c6b-5a49-4838-a271-605f4e3d2c1b';
const PASSWORD = 'bottens-klienthemmelighed';
/** Words of botbuilder's, jsonwebtoken's and node-fetch's error texts: none may reach the caller. */
const INTERNALS =
  /jwt|token|signature|algorithm|signing|key|claim|issuer|audience|appid|unauthorized\.|error|stack|botframework|node_modules/i;

let issuer: TokenIssuer;
beforeAll(async () => {
  issuer = await startTokenIssuer();
});
afterAll(() => issuer?.close());

describe.each(storeTargets())('the token check on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  const log = new LogCapture();

  beforeAll(async () => {
    connector = await startFakeConnector();
    store = make();
    database = await store.open();
    ({ bot, url } = await startTestBot(
      store,
      { BOT_ID: APP_ID, BOT_PASSWORD: PASSWORD, BOT_OPENID_METADATA_URL: issuer.metadataUrl, ENCRYPTION_KEY: TEST_KEY },
      log,
      { database, startJobs: false },
    ));
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  /** A teacher installs the bot: the bot records her conversation and sends nothing back. */
  const installation = (aad: string) => ({
    type: 'installationUpdate',
    action: 'add',
    id: `in-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl: connector.url,
    channelId: 'msteams',
    from: { id: `29:${aad}`, aadObjectId: aad, name: 'Lærer' },
    recipient: { id: `28:${APP_ID}`, name: 'Indsatsguiden' },
    conversation: { id: `a:personal-${aad}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  });
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: CHANNEL_ISSUER,
    aud: APP_ID,
    serviceurl: connector.url,
    nbf: now() - 60,
    iat: now() - 60,
    exp: now() + 3600,
    ...over,
  });

  async function post(body: string, headers: Record<string, string>) {
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
    const text = await res.text();
    return { status: res.status, text };
  }

  /** Everything the bot keeps about people and conversations. */
  async function stored(aad: string) {
    const { rows } = await sql<{ n: number }>`
      select (select count(*) from conversation_refs where aad_object_id = ${aad} or conversation_id like ${`%${aad}%`})
           + (select count(*) from bot_state where key like ${`%${aad}%`})
           + (select count(*) from cases where owner_aad_id = ${aad}) as n`.execute(database.db);
    return Number(rows[0]?.n ?? 0);
  }

  /** Every table's row count and a digest of its content: equal before and after means nothing was written. */
  async function snapshot(): Promise<Record<string, string>> {
    const { rows: tables } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name
    `.execute(database.db);
    const out: Record<string, string> = {};
    for (const { table_name } of tables) {
      const { rows } = await sql<{ n: number; digest: string | null }>`
        select count(*) as n, md5(string_agg(t::text, '|' order by t::text)) as digest from ${sql.table(table_name)} t
      `.execute(database.db);
      out[table_name] = `${Number(rows[0]?.n ?? 0)} ${rows[0]?.digest ?? ''}`;
    }
    return out;
  }
  const turnLines = () =>
    log.lines.map((l) => JSON.parse(l) as { msg: string; status?: number; turn?: Record<string, unknown> }).filter((l) => l.msg === 'turn');

  it('accepts a token signed with the published key (the control: the harness is right)', async () => {
    const aad = randomUUID();
    const tables = await snapshot();
    const result = await post(JSON.stringify(installation(aad)), { Authorization: `Bearer ${issuer.signed(claims())}` });
    expect(result.status).toBe(200);
    expect(await stored(aad)).toBeGreaterThan(0);
    // The comparison the refusals rely on sees the installation's conversation reference.
    expect((await snapshot()).conversation_refs).not.toEqual(tables.conversation_refs);
    expect(issuer.keyFetches()).toBeGreaterThan(0);
  });

  const forged: [string, (aad: string) => string | null][] = [
    ['no Authorization header', () => null],
    ['a header that is not a token', () => 'Bearer ikke-et-token'],
    ['alg: none without a signature', () => `Bearer ${issuer.unsigned(claims())}`],
    ['HS256 signed with the bot password', () => `Bearer ${issuer.hmac(claims(), PASSWORD)}`],
    ['HS256 signed with the published public key (algorithm confusion)', () => `Bearer ${issuer.hmac(claims(), issuer.publicKeyPem)}`],
    ['RS256 signed by another key under the published key id', () => `Bearer ${issuer.signedByOtherKey(claims())}`],
    ['RS256 with a key id nobody published', () => `Bearer ${issuer.signed(claims(), { kid: 'ukendt-nøgle' })}`],
    ['a valid signature, but nbf in the future', () => `Bearer ${issuer.signed(claims({ nbf: now() + 3600, iat: now() + 3600 }))}`],
    [
      'a valid signature, but expired',
      () => `Bearer ${issuer.signed(claims({ nbf: now() - 7200, iat: now() - 7200, exp: now() - 3600 }))}`,
    ],
    [
      'a valid signature, but expired ten minutes ago (beyond the five minutes of clock skew allowed)',
      () => `Bearer ${issuer.signed(claims({ nbf: now() - 3600, iat: now() - 3600, exp: now() - 600 }))}`,
    ],
    ['a valid signature for another bot', () => `Bearer ${issuer.signed(claims({ aud: OTHER_APP_ID }))}`],
    ['a valid signature, but no audience', () => `Bearer ${issuer.signed(claims({ aud: undefined }))}`],
    ['a valid signature from another issuer', () => `Bearer ${issuer.signed(claims({ iss: 'https://api.botframework.evil.example' }))}`],
    [
      "a valid signature with an Entra ID issuer of the bot's own tenant",
      () => `Bearer ${issuer.signed(claims({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }))}`,
    ],
    ['a valid signature, but no issuer', () => `Bearer ${issuer.signed(claims({ iss: undefined }))}`],
    ['a valid signature for another service URL', () => `Bearer ${issuer.signed(claims({ serviceurl: 'https://smba.evil.example/' }))}`],
  ];

  it.each(forged)('refuses %s: 401, no library detail, nothing processed or written', async (_name, header) => {
    const aad = randomUUID();
    const before = connector.activities.length;
    const tables = await snapshot();
    const turns = turnLines().length;
    const token = header(aad);
    const result = await post(JSON.stringify(installation(aad)), token ? { Authorization: token } : {});
    expect(result.status).toBe(401);
    expect(JSON.parse(result.text)).toEqual({ status: 'unauthorized' });
    expect(result.text).not.toMatch(INTERNALS);
    expect(await stored(aad)).toBe(0);
    expect(await snapshot()).toEqual(tables);
    expect(Object.keys(tables)).toEqual(expect.arrayContaining(['conversation_refs', 'bot_state', 'cases', 'outbox']));
    expect(connector.activities.length).toBe(before);
    const [line, ...more] = turnLines().slice(turns);
    expect(more).toEqual([]);
    expect(line?.status).toBe(401);
    expect(line?.turn?.outcome).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"type":"message","text":"010203-1234 ', 'application/json'],
    ['a JSON array', '[{"type":"message"}]', 'application/json'],
    ['an object without type', '{"text":"Elev 010203-1234 har det svært"}', 'application/json'],
    ['a type that is not a string', '{"type":42,"text":"Elev 010203-1234"}', 'application/json'],
    ['an empty body', '', 'application/json'],
    [
      'an activity without channelId',
      '{"type":"message","text":"010203-1234","from":{"id":"29:1"},"conversation":{"id":"a:1"}}',
      'application/json',
    ],
    [
      'an activity without a conversation id',
      '{"type":"message","channelId":"msteams","from":{"id":"29:1"},"conversation":{}}',
      'application/json',
    ],
    [
      'an activity without a sender',
      '{"type":"message","channelId":"msteams","conversation":{"id":"a:1"},"text":"svært"}',
      'application/json',
    ],
  ])('answers %s with 400 before the token is read, echoing nothing', async (_name, body, contentType) => {
    const result = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': contentType, Authorization: `Bearer ${issuer.unsigned(claims())}` },
      body,
    });
    const text = await result.text();
    expect(result.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ status: 'bad-request' });
    expect(text).not.toMatch(/010203|svært|JSON at position|Unexpected/);
  });

  it('answers a body that is not JSON by its content type with 415', async () => {
    const result = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'type=message' });
    expect(result.status).toBe(415);
  });

  it('logs why a token was refused, never the token or the library text', () => {
    const turns = log.lines
      .map((l) => JSON.parse(l) as { msg: string; turn?: { auth?: string }; status?: number })
      .filter((l) => l.msg === 'turn');
    const refused = turns.filter((t) => t.status === 401).map((t) => t.turn?.auth);
    expect(refused).toEqual(expect.arrayContaining(['missing', 'invalid-token', 'not-yet-valid', 'expired', 'not-for-this-bot']));
    expect(log.text).not.toMatch(/eyJ|jwt|signature|algorithm/i);
  });
});
