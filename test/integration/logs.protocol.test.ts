/**
 * Protocol test of what reaches the log (issue 9, point 4): the real bot at LOG_LEVEL=debug is
 * sent some hundreds of activities (a fixed fast-check sample): malformed bodies, unknown types,
 * invoke names and card verbs, prototype keys, and CPR numbers, NUL bytes and free text in every
 * text field, including answers to the intake's cards. The captured log holds no CPR-like number,
 * none of the free text sent, and only the Bot Framework's, Teams' and the bot's own words for
 * types, invoke names and verbs.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { TeamsUser, actionByVerb, cardOf } from '../support/teams.js';
import type { Bot } from '../../src/main.js';
import { VERBS } from '../../src/bot/app.js';
import { ACTIVITY_TYPES, CONVERSATION_TYPES, INVOKE_NAMES } from '../../src/bot/vocabulary.js';
import { findCprNumbers } from '../../src/domain/cpr.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
/** A few fixed users: their hashes are fixed, so the log's hex cannot look like a CPR number by chance. */
const USERS = ['a1b2c3d4-0000-4000-8000-0000000000a1', 'a1b2c3d4-0000-4000-8000-0000000000a2', 'a1b2c3d4-0000-4000-8000-0000000000a3'];
/** Every free text sent contains this word; none may reach the log. */
const MARK = 'FRITEKST';
const CPRS = ['010203-1234', '311299-4321', '150517-0001', '2902001234', '0707071111'];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

const cpr = fc.constantFrom(...CPRS);
const freeText = fc
  .tuple(fc.constantFrom('Eleven', 'Mor', 'Læreren', 'Barnet'), cpr, fc.string({ maxLength: 12 }), fc.boolean())
  .map(([word, number, rest, nul]) => `${MARK} ${word} ${number} ${rest.replace(/[^\p{L} ]/gu, '')}${nul ? '\u0000' : ''} ${MARK}`);
/** An object with an own key that JSON.parse would keep and assignment would send to the prototype. */
const withOwnKey = (base: Record<string, unknown>, key: string, value: unknown) => {
  Object.defineProperty(base, key, { value, enumerable: true, configurable: true, writable: true });
  return base;
};
const cardData = fc
  .tuple(
    fc.dictionary(
      fc.constantFrom('description', 'pseudonym', 'scope', 'areas', 'safety', 'summary', 'note', 'caseId', 'requestId'),
      freeText,
    ),
    fc.constantFrom(...PROTOTYPE_KEYS),
    freeText,
  )
  .map(([data, key, text]) => withOwnKey({ ...data }, key, { polluted: text }));
const verb = fc.oneof(fc.constantFrom(...VERBS), freeText, fc.constantFrom(...PROTOTYPE_KEYS));
const value = fc.oneof(
  fc.constant(undefined),
  fc.record({ action: fc.record({ type: fc.constant('Action.Execute'), verb, data: cardData }) }),
  fc.tuple(verb, cardData).map(([v, data]) => ({ ...data, verb: v })),
  freeText,
  fc.array(freeText, { maxLength: 2 }),
);
const activity = fc.record({
  type: fc.oneof(
    fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'event', 'Message'),
    freeText,
  ),
  name: fc.oneof(
    fc.constant(undefined),
    fc.constantFrom('adaptiveCard/action', 'task/fetch', 'composeExtension/query', ...PROTOTYPE_KEYS),
    freeText,
  ),
  text: fc.oneof(fc.constant(undefined), freeText, fc.constantFrom('hjælp', 'ny bekymring')),
  value,
  user: fc.constantFrom(...USERS),
  conversationType: fc.oneof(fc.constantFrom('personal', 'channel'), freeText),
  senderName: freeText,
});
type Sampled = typeof activity extends fc.Arbitrary<infer T> ? T : never;
/** Bodies the endpoint refuses before reading them as activities. */
const malformed = fc.oneof(
  freeText.map((t) => `{"type":"message","text":"${t}"`),
  freeText.map((t) => JSON.stringify([{ type: 'message', text: t }])),
  freeText.map((t) => JSON.stringify({ text: t, value: { verb: t } })),
  freeText.map((t) => JSON.stringify({ type: 7, text: t })),
  freeText.map((t) => t),
);

describe.each(storeTargets())('the debug log of a fuzzed conversation on $name', ({ make }) => {
  let store: StoreTarget;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  const log = new LogCapture();
  let requests = 0;
  const statuses: number[] = [];

  beforeAll(async () => {
    connector = await startFakeConnector();
    store = make();
    ({ bot, url } = await startTestBot(store, { LOG_LEVEL: 'debug' }, log));
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  async function postRaw(body: string): Promise<void> {
    requests++;
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    statuses.push(res.status);
    await res.text();
  }

  function toActivity(a: Sampled): Record<string, unknown> {
    return {
      type: a.type,
      ...(a.name === undefined ? {} : { name: a.name }),
      ...(a.text === undefined ? {} : { text: a.text }),
      ...(a.value === undefined ? {} : { value: a.value }),
      id: `in-${randomUUID()}`,
      timestamp: new Date().toISOString(),
      serviceUrl: connector.url,
      channelId: 'msteams',
      from: { id: `29:${a.user}`, aadObjectId: a.user, name: a.senderName },
      recipient: { id: '28:indsatsguiden-bot', name: 'Indsatsguiden' },
      conversation: { id: `a:personal-${a.user}`, conversationType: a.conversationType, tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      membersAdded: [{ id: '28:indsatsguiden-bot' }],
      replyToId: 'act-1',
    };
  }

  it('sends hundreds of malformed, unknown and hostile activities, and intake answers full of CPR numbers and NUL bytes', async () => {
    const activities = fc.sample(activity, { numRuns: 240, seed: 20260915 }).map(toActivity);
    const bodies = fc.sample(malformed, { numRuns: 60, seed: 20260916 });
    const queue = [...activities.map((a) => JSON.stringify(a)), ...bodies];
    // Four at a time, as several teachers would.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let body = queue.shift(); body !== undefined; body = queue.shift()) await postRaw(body);
      }),
    );

    // The intake's own cards, answered with free text, CPR numbers and NUL bytes in every field.
    const texts = fc.sample(freeText, { numRuns: 12, seed: 20260917 });
    for (const [i, user] of USERS.entries()) {
      const teacher = new TeamsUser(url, connector, { aadObjectId: user, tenantId: TENANT, name: texts[i]! });
      const start = await teacher.say('ny bekymring');
      requests++;
      const first = start.sent.at(-1);
      const card = cardOf(first);
      if (!first || !card) continue;
      const inputs = { pseudonym: texts[i + 3]!, scope: 'barn', areas: 'trivsel', safety: '', description: texts[i + 6]! };
      await teacher.execute(first.id, actionByVerb(card, 'intake.answer'), inputs);
      await teacher.submit(first.id, actionByVerb(card, 'intake.answer'), { ...inputs, description: texts[i + 9]! });
      requests += 2;
    }
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThanOrEqual(50);
  }, 240_000);

  it('logs none of the free text, no CPR-like number and no NUL byte', () => {
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.text).not.toMatch(new RegExp(MARK, 'i'));
    expect(log.text).not.toMatch(/græder|Læreren|\\u0000/);
    for (const number of CPRS) {
      expect(log.text).not.toContain(number);
      expect(log.text).not.toContain(number.replace('-', ''));
    }
    expect(findCprNumbers(log.text)).toEqual([]);
  });

  it('writes one line per request, with only known types, invoke names, verbs and conversation types', () => {
    const lines = log.lines.map((l) => JSON.parse(l) as { msg: string; turn?: Record<string, unknown> });
    const turns = lines.filter((l) => l.msg === 'turn').map((l) => l.turn!);
    expect(turns.length).toBe(requests);
    const verbs = new Set<unknown>([...VERBS, 'unknown', undefined]);
    for (const turn of turns) {
      expect([...ACTIVITY_TYPES, 'unknown', 'invalid']).toContain(turn.type);
      expect([...INVOKE_NAMES, 'unknown', undefined]).toContain(turn.invoke);
      expect(verbs.has(turn.verb)).toBe(true);
      expect([...CONVERSATION_TYPES, 'unknown', undefined]).toContain(turn.conversationType);
    }
    // The sample did reach every branch: unknown words and known ones.
    expect(turns.some((t) => t.verb === 'unknown')).toBe(true);
    expect(turns.some((t) => typeof t.verb === 'string' && t.verb !== 'unknown')).toBe(true);
    expect(turns.some((t) => t.type === 'unknown')).toBe(true);
    expect(turns.some((t) => t.invoke === 'unknown')).toBe(true);
    // Elsewhere in the log, an activity type is one of the Bot Framework's.
    for (const line of lines as Record<string, unknown>[]) {
      if ('activityType' in line) expect([...ACTIVITY_TYPES]).toContain(line.activityType);
    }
  });
});
