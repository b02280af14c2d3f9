/**
 * Proof under attack (issue 13): the real bot, on loopback with the fake Bot Connector, is sent
 * ten thousand generated requests through /api/messages (test/support/fuzz-inputs.ts): bodies that
 * are not activities or are too big, activities with wrong types, unknown words and prototype keys,
 * typed commands and hostile text, and above all answers to the bot's own cards. The test keeps
 * every card the bot sends (replies, updated cards, invoke responses, and what the dispatcher
 * delivers to advisers' channels and leaders' chats) and clicks their buttons with the card's real
 * case ids, seqs, plan and request ids, its inputs filled with a teacher's text, with one field
 * hostile, or with all of them hostile (CPR numbers written every way, `${…}` expressions, control
 * characters, 20 kB of text), and the button's data sometimes tampered with. So the fuzz walks the
 * intake to recommendations, drafts, saves and evaluates plans, sends and claims sparring requests
 * and opens the PKU form, and attacks every free-text input it meets on the way.
 *
 * It passes when no request is answered 5xx or breaks the connection, nothing is logged at error
 * level, a normal intake afterwards still reaches its recommendation, and no text or JSON column of
 * any table (found in information_schema), no line of the debug log and no activity sent to Teams
 * holds a CPR-like number (by the project's own finder, src/domain/cpr.ts). The figures are printed.
 * Defects the fuzz found in code owned elsewhere are let through by name (KNOWN_DEFECTS) until
 * they are fixed; the run prints how often it met each.
 *
 * Auth: without BOT_ID the test bot runs in local anonymous mode (test/support/bot.ts), so every
 * request reaches the parser and the bot; the token check is proven in auth.protocol.test.ts.
 *
 * It runs on PGlite only: on PostgreSQL the same run takes as long again (10,000 requests took
 * 120 s on PGlite and 133 s on PostgreSQL on a loaded 2-core machine), which would double it.
 * FUZZ_ENGINES=all adds PostgreSQL when TEST_DATABASE_URL is set. FUZZ_RUNS, FUZZ_SEED and
 * FUZZ_CONCURRENCY change the size, the seed and how many requests are in flight (defaults:
 * 10,000, a fixed seed, 4). The random steps are followed by a
 * sweep that sends a CPR number through every text input the run met that no step attacked, with
 * every button of its card, so no form's field is left out by chance.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { BOT_ID, TeamsUser, actionsOf, cardOf, invokeCard, textOf, type CardAction, type CardJson } from '../support/teams.js';
import { concernToRecommendation } from '../support/intake-cards.js';
import { SEALED_COLUMNS } from '../../src/db/sealed-columns.js';
import { jsonNeedsSealing, keyIdOf, openAny } from '../../src/db/sealing.js';
import { CPR_SAMPLES, step as stepArbitrary, type CardStep, type Step, type Tamper } from '../support/fuzz-inputs.js';
import { findCprNumbers } from '../../src/domain/cpr.js';
import { CARD_VERBS } from '../../src/cards/verbs.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);
/** FUZZ_TRACE=1 (best with FUZZ_CONCURRENCY=1): print each step after which a line at error level (not a known defect) was logged. */
const TRACE = process.env.FUZZ_TRACE === '1';
const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const OTHER_TENANT = '0f0e0d0c-0b0a-4909-8807-060504030201';

/**
 * Defects this fuzz found in code owned elsewhere, let through here by name until they are fixed;
 * anything else fails the test. The run prints how often it met each: delete an entry once its fix
 * is in (the test then proves it).
 */
const KNOWN_DEFECTS: { id: string; fix: string; error?: RegExp; stored?: RegExp }[] = [];
const knownDefect = (text: string, kind: 'error' | 'stored') => KNOWN_DEFECTS.find((d) => d[kind]?.test(text));

/** People of the example directory (config/directory.example.yaml) and where they talk to the bot. */
interface ActorSpec {
  name: string;
  aadObjectId: string;
  /** A Teams channel (the group's) instead of the personal chat. */
  channel?: { id: string; teamId: string };
}
const METTE = { name: 'Mette Kjær', aadObjectId: '1153f4b6-99f1-4c0d-94fd-862b111a2ad1' };
const LISE = { name: 'Lise Bruun', aadObjectId: '1a6d41a7-3b1d-4a39-a706-e2cb56e6da4d' };
const NIELS = { name: 'Niels Thorsen', aadObjectId: '37800acf-e69f-4223-aec6-86408370bebf' };
const ULLA = { name: 'Ulla Mikkelsen', aadObjectId: '76aac303-7c7d-45e2-8b89-e911488b9d0a' };
const HANNE = { name: 'Hanne Lykke', aadObjectId: '236cee5c-70dc-43b6-beab-6914a28f3172' };
const ANDERS = { name: 'Anders Skov', aadObjectId: '9f8692bc-8bea-48d9-9a5c-9c7fc320ce73' };
const ACTORS: ActorSpec[] = [
  METTE,
  ANDERS,
  LISE,
  NIELS,
  ULLA,
  HANNE,
  { ...LISE, channel: { id: '19:fjordbakke-plc@thread.tacv2', teamId: '19:fjordbakke-personale@thread.tacv2' } },
  { ...NIELS, channel: { id: '19:nord-raadgivende-team@thread.tacv2', teamId: '19:fjordby-nord-raadgivning@thread.tacv2' } },
  { ...METTE, channel: { id: '19:fjordbakke-akt@thread.tacv2', teamId: '19:fjordbakke-personale@thread.tacv2' } },
  // Teachers the directory does not know, each with a rate limit of their own.
  ...Array.from({ length: 5 }, (_, i) => ({ name: `Lærer ${i}`, aadObjectId: `f022c0de-0000-4000-8000-00000000000${i}` })),
];

/** Answers that take a child's concern to a recommendation with plans to draft and advisers to ask. */
const CHILD: Record<string, string> = {
  pseudonym: 'A.B., 4.B',
  scope: 'barn',
  areas: 'trivsel',
  safety: '',
  team: 'fjordbakke/4b',
  data: 'observationer,elevsamtale',
  childPerspective: 'true',
  teamDiscussed: 'true',
  plan: 'ingen',
  parents: 'inddraget',
};
const CHILD_READY: Record<string, string> = {
  ...CHILD,
  plan: 'begge',
  tried: 'co-teaching',
  planEvaluated: 'delvist',
  advisers: 'plc,raadgivende-team',
  adviserEffect: 'virker-ikke',
  networkMeetingHeld: 'true',
  ppv: 'foreligger',
  leaderDecision: 'vidtgaaende',
  districtCouncil: 'true',
  consents: 'henvisning,arbejdsmoede,ppv,distriktsraad',
  psychologistAgrees: 'true',
};

/**
 * The CPR-like numbers in a text, but for those inside a UUID: the ids of cases, plans and
 * activities are random hex, and one in a few thousand holds ten digits that read as a CPR number
 * ("…a29-0831-4292…"). An id is not a CPR number; without this the scan would fail now and then.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const cprLike = (text: string) => findCprNumbers(text.replace(UUID, 'uuid'));

/** Where in a JSON value a CPR-like number is: `path: number`. */
function cprPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return cprLike(value).map((n) => `${path}: ${JSON.stringify(n)}`);
  if (Array.isArray(value)) return value.flatMap((v, i) => cprPaths(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => cprPaths(v, path ? `${path}.${k}` : k));
  return [];
}
/** The fields of an outgoing activity that repeat what Teams sent (the user's and the conversation's name and type). */
const ECHOED_FROM_TEAMS = / (recipient\.name|conversation\.name|conversation\.conversationType): /;

const countOf = (ids: string[]) => Object.fromEntries([...new Set(ids)].map((id) => [id, ids.filter((x) => x === id).length]));

interface CardInput {
  id: string;
  type: string;
  choices: string[];
  multi: boolean;
}
function inputsOf(card: CardJson): CardInput[] {
  const found: CardInput[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') {
      const choices = Array.isArray(n.choices) ? (n.choices as { value?: unknown }[]).map((c) => String(c.value ?? '')) : [];
      found.push({ id: n.id, type: n.type, choices, multi: n.isMultiSelect === true });
    }
    Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
}
const isTextInput = (i: CardInput) => i.type === 'Input.Text' || i.type === 'Input.Date' || i.type === 'Input.Time';
const buttonVerb = (b: CardAction) => b.verb ?? (b.data?.verb as string | undefined);
/** A click with every input a teacher's value but the text input at `field`, which gets `text`. */
const sweepStep = (field: number, text: string): CardStep => ({
  kind: 'card',
  pick: 0,
  action: 0,
  via: 'execute',
  fill: text ? 'one' : 'benign',
  field,
  hostile: Array.from({ length: 8 }, () => ({ kind: 'cpr' as const, text })),
  benign: Array.from({ length: 8 }, () => 'A.B. trives bedre i frikvarteret'),
  choices: [1, 2, 3, 1, 2, 3, 1, 2],
  tamper: { kind: 'none' },
});
const buttonsOf = (card: CardJson) =>
  actionsOf(card).filter((a) => (a.type === 'Action.Execute' && a.verb) || (a.type === 'Action.Submit' && a.data?.verb));

/** A card the bot sent, where it is, and who can click it. */
interface PooledCard {
  actor: number;
  activityId: string;
  card: CardJson;
}

describe.each(storeTargets().filter((t) => t.name === 'pglite' || process.env.FUZZ_ENGINES === 'all'))(
  'ten thousand hostile requests on $name',
  ({ make }) => {
    let store: StoreTarget;
    let database: Database;
    let connector: FakeConnector;
    let bot: Bot;
    let url: string;
    const log = new LogCapture();
    const statuses = new Map<string, number>();
    const failures: string[] = [];
    /** Cards by their shape (verbs and input ids), a few of each, so every form stays reachable. */
    const pool = new Map<string, PooledCard[]>();
    /** Text inputs that were sent a CPR-like text, by card verb. */
    const attacked = new Map<string, Set<string>>();
    const verbsClicked = new Map<string, number>();
    /** Requests and milliseconds by kind of step. */
    const timing = new Map<string, { n: number; ms: number }>();
    let sent = 0;
    /** The last card click, for FUZZ_TRACE. */
    let lastClick = '';

    const conversationOf = (a: ActorSpec) => a.channel?.id ?? `a:personal-${a.aadObjectId}`;
    const users = () =>
      ACTORS.map(
        (a) =>
          new TeamsUser(
            url,
            connector,
            { aadObjectId: a.aadObjectId, tenantId: TENANT, name: a.name },
            conversationOf(a),
            a.channel ? { teamId: a.channel.teamId } : null,
          ),
      );
    let teams: TeamsUser[] = [];

    function count(status: string) {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }

    function remember(actor: number, activityId: string, card: CardJson | null) {
      if (!card || !activityId || buttonsOf(card).length === 0) return;
      const shape = `${actor}|${[...new Set(buttonsOf(card).map((b) => b.verb ?? b.data?.verb))].sort().join(',')}|${inputsOf(card)
        .map((i) => i.id)
        .join(',')}`;
      const list = pool.get(shape) ?? [];
      list.push({ actor, activityId, card });
      if (list.length > 4) list.shift();
      pool.set(shape, list);
    }

    /** Pools what the bot sent to any actor's conversation since `from` (replies, updates, deliveries). */
    function harvest(from: number) {
      for (const a of connector.activities.slice(from)) pooled(a);
    }
    function pooled(a: RecordedActivity) {
      const actor = ACTORS.findIndex((s) => conversationOf(s) === a.conversationId);
      if (actor >= 0) remember(actor, a.id, cardOf(a));
    }

    async function send(body: string, contentType = 'application/json'): Promise<{ status: number; text: string }> {
      sent++;
      try {
        const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
        const text = await res.text();
        count(String(res.status));
        if (res.status >= 500) failures.push(`${res.status} for ${body.slice(0, 200)}`);
        return { status: res.status, text };
      } catch (error) {
        count('network error');
        failures.push(`no answer (${String(error)}) for ${body.slice(0, 200)}`);
        return { status: 0, text: '' };
      }
    }

    function base(actor: ActorSpec, type: string): Record<string, unknown> {
      return {
        type,
        id: `in-${randomUUID()}`,
        timestamp: new Date().toISOString(),
        serviceUrl: connector.url,
        channelId: 'msteams',
        from: { id: `29:${actor.aadObjectId}`, aadObjectId: actor.aadObjectId, name: actor.name },
        recipient: { id: BOT_ID, name: 'Indsatsguiden' },
        conversation: actor.channel
          ? { id: actor.channel.id, conversationType: 'channel', isGroup: true, tenantId: TENANT }
          : { id: conversationOf(actor), conversationType: 'personal', tenantId: TENANT },
        channelData: actor.channel
          ? { tenant: { id: TENANT }, team: { id: actor.channel.teamId }, channel: { id: actor.channel.id } }
          : { tenant: { id: TENANT } },
        locale: 'da-DK',
      };
    }

    /** Posts an activity as an actor and pools the cards that came back. */
    async function post(actor: number, activity: Record<string, unknown>) {
      const before = connector.activities.length;
      const result = await send(JSON.stringify(activity));
      harvest(before);
      if (activity.type === 'invoke' && result.text) {
        try {
          const card = invokeCard(JSON.parse(result.text));
          if (card && typeof activity.replyToId === 'string') remember(actor, activity.replyToId, card);
        } catch {
          /* not JSON: nothing to pool */
        }
      }
      return result;
    }

    function tampered(data: Record<string, unknown>, t: Tamper): Record<string, unknown> {
      const out = { ...data };
      const keys = Object.keys(out).filter((k) => k !== 'verb');
      switch (t.kind) {
        case 'none':
        case 'unknown-verb':
        case 'other-verb':
          return out;
        case 'wrong-value':
          if (keys.length) out[keys[t.key % keys.length]!] = t.value;
          return out;
        case 'prototype-key':
          Object.defineProperty(out, t.key, { value: t.value, enumerable: true, configurable: true, writable: true });
          return out;
        case 'drop-data':
          return {};
        case 'stale-seq':
          if (typeof out.seq === 'number') out.seq += t.delta;
          return out;
      }
    }

    function verbOf(button: CardAction, t: Tamper, s: CardStep): string | undefined {
      const verb = button.verb ?? (button.data?.verb as string | undefined);
      if (t.kind === 'unknown-verb') return t.verb;
      if (t.kind === 'other-verb') return CARD_VERBS[s.pick % CARD_VERBS.length];
      return verb;
    }

    async function clickCard(s: CardStep) {
      const shapes = [...pool.values()];
      if (shapes.length === 0) return;
      const list = shapes[s.pick % shapes.length]!;
      const entry = list[(s.pick >> 8) % list.length]!;
      const buttons = buttonsOf(entry.card);
      return clickButton(entry, buttons[s.action % buttons.length]!, s);
    }

    /** Clicks a button of a pooled card, its inputs filled as the step says. */
    async function clickButton(entry: PooledCard, button: CardAction, s: CardStep) {
      const inputs = inputsOf(entry.card);
      const texts = inputs.filter(isTextInput);
      const hostileIndex = texts.length ? s.field % texts.length : -1;
      const values: Record<string, string> = {};
      const verb = verbOf(button, s.tamper, s);
      inputs.forEach((input, i) => {
        if (input.choices.length) {
          const pick = s.choices[i % s.choices.length]!;
          values[input.id] = input.multi
            ? input.choices.filter((_, k) => (pick >> k) & 1).join(',')
            : (input.choices[pick % input.choices.length] ?? '');
        } else if (input.type === 'Input.Toggle') {
          values[input.id] = s.choices[i % s.choices.length]! % 2 ? 'true' : 'false';
        } else {
          const t = texts.indexOf(input);
          const hostile = s.fill === 'all' || (s.fill === 'one' && t === hostileIndex);
          if (hostile) {
            const h = s.hostile[t % s.hostile.length]!;
            values[input.id] = h.text;
            if (h.kind === 'cpr' && s.tamper.kind === 'none') {
              const set = attacked.get(String(verb)) ?? new Set();
              set.add(input.id);
              attacked.set(String(verb), set);
            }
          } else if (input.type === 'Input.Date') {
            values[input.id] = '2027-03-15';
          } else {
            values[input.id] = s.benign[t % s.benign.length]!;
          }
        }
      });
      const label = s.tamper.kind === 'none' ? String(verb) : `(tampered: ${s.tamper.kind})`;
      verbsClicked.set(label, (verbsClicked.get(label) ?? 0) + 1);
      const data = tampered({ ...(button.data ?? {}) }, s.tamper);
      lastClick = `${String(verb)} (${s.via}, ${s.tamper.kind}) with ${JSON.stringify(button.data ?? {})} and inputs ${JSON.stringify(values).slice(0, 400)}`;
      const actor = ACTORS[entry.actor]!;
      if (s.via === 'execute' || button.type === 'Action.Execute') {
        if (s.via === 'execute') {
          return post(entry.actor, {
            ...base(actor, 'invoke'),
            name: 'adaptiveCard/action',
            replyToId: entry.activityId,
            value: { action: { type: 'Action.Execute', verb, data: { ...data, ...values } }, trigger: 'manual' },
          });
        }
      }
      return post(entry.actor, { ...base(actor, 'message'), replyToId: entry.activityId, value: { ...data, verb, ...values } });
    }

    async function run(s: Step) {
      switch (s.kind) {
        case 'card':
          return clickCard(s);
        case 'text': {
          const actor = s.actor % ACTORS.length;
          return post(actor, { ...base(ACTORS[actor]!, 'message'), text: s.text, textFormat: 'plain' });
        }
        case 'activity': {
          const actor = ACTORS[s.actor % ACTORS.length]!;
          const activity: Record<string, unknown> = { ...base(actor, s.type) };
          if (s.name !== undefined) activity.name = s.name;
          if (s.text !== undefined) activity.text = s.text;
          if (s.value !== undefined) activity.value = s.value;
          activity.from = { ...(activity.from as object), name: s.fromName };
          activity.conversation = { ...(activity.conversation as object), conversationType: s.conversationType, name: s.fromName };
          if (s.tenant === 'other') {
            activity.conversation = { ...(activity.conversation as object), tenantId: OTHER_TENANT };
            activity.channelData = { tenant: { id: OTHER_TENANT } };
          } else if (s.tenant === 'missing') {
            delete activity.channelData;
          }
          activity.membersAdded = [{ id: BOT_ID }, { id: `29:${actor.aadObjectId}`, name: s.fromName }];
          return post(s.actor % ACTORS.length, activity);
        }
        case 'body':
          return send(s.body, s.contentType);
      }
    }

    beforeAll(async () => {
      store = make();
      database = await store.open();
      connector = await startFakeConnector();
      ({ bot, url } = await startTestBot(store, { LOG_LEVEL: 'debug' }, log, { database, startJobs: false }));
      teams = users();
      // Everyone installs the app (so the outbox can reach them), and two cases are walked to their
      // recommendations by hand: the fuzz starts from real ids deep in the ladder, not only from the first card.
      for (const [i, user] of teams.entries()) {
        const before = connector.activities.length;
        await user.install();
        harvest(before);
        void i;
      }
      for (const [actor, answers] of [
        [0, CHILD],
        [1, CHILD_READY],
      ] as const) {
        const before = connector.activities.length;
        const rec = await concernToRecommendation(teams[actor]!, answers);
        harvest(before);
        remember(actor, rec.id, rec.card);
        // Every button of the recommendation once, as a teacher would: the plan, sparring and PKU
        // forms are in the pool from the start.
        for (const button of buttonsOf(rec.card))
          await clickButton({ actor, activityId: rec.id, card: rec.card }, button, sweepStep(0, ''));
      }
    }, 120_000);

    afterAll(async () => {
      await bot?.stop();
      await connector?.close();
      await store?.cleanup();
    });

    it(`answers ${RUNS} generated activities and card submits without a 5xx, a dropped connection or an error`, async () => {
      const steps = fc.sample(stepArbitrary, { numRuns: RUNS, seed: SEED });
      const started = performance.now();
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < steps.length; i = next++) {
          const t0 = performance.now();
          const logged = log.lines.length;
          await run(steps[i]!);
          if (TRACE && log.lines.slice(logged).some((l) => (JSON.parse(l) as { level: number }).level >= 50 && !knownDefect(l, 'error')))
            console.log(
              `step ${i} was followed by an error:`,
              steps[i]!.kind === 'card' ? lastClick : JSON.stringify(steps[i]).slice(0, 600),
            );
          const t = timing.get(steps[i]!.kind) ?? { n: 0, ms: 0 };
          t.n++;
          t.ms += performance.now() - t0;
          timing.set(steps[i]!.kind, t);
          // What the bot queued for others (advisers' channels, leaders' chats) is delivered now and then.
          if (i % 250 === 249) {
            const before = connector.activities.length;
            await bot.jobs.dispatcher.runOnce();
            harvest(before);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      // The sweep: every text input of every form met, with every button of its card, that the
      // random steps did not send a CPR number through, gets one now (so none is left out by chance).
      let swept = 0;
      for (const entry of [...pool.values()].flat()) {
        const texts = inputsOf(entry.card).filter(isTextInput);
        for (const button of buttonsOf(entry.card)) {
          const verb = String(buttonVerb(button));
          for (const [field, input] of texts.entries()) {
            if (attacked.get(verb)?.has(input.id)) continue;
            await clickButton(entry, button, sweepStep(field, `Barnet ${CPR_SAMPLES[swept % CPR_SAMPLES.length]} græder`));
            swept++;
          }
        }
      }
      const seconds = (performance.now() - started) / 1000;
      const errorLines = log.lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
      const errors = errorLines.filter((l) => !knownDefect(l, 'error'));
      const known = errorLines.flatMap((l) => knownDefect(l, 'error')?.id ?? []);
      console.log(
        [
          `fuzz (${store.name}, seed ${SEED}): ${sent} requests in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s, ${CONCURRENCY} at a time)`,
          `  steps by kind (count, mean ms): ${[...timing].map(([k, t]) => `${k} ${t.n} ${(t.ms / t.n).toFixed(1)}`).join(', ')}`,
          `  status counts: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
          `  card verbs clicked: ${JSON.stringify(Object.fromEntries([...verbsClicked].sort()))}`,
          `  text inputs sent a CPR-like value, by verb: ${JSON.stringify(Object.fromEntries([...attacked].map(([v, s]) => [v, [...s].sort()])))}`,
          `  of which the sweep (a CPR number in each text input not yet attacked): ${swept}`,
          `  card shapes pooled: ${pool.size}; activities sent by the bot: ${connector.activities.length}; log lines at error level: ${errorLines.length} (known defects: ${JSON.stringify(countOf(known))})`,
        ].join('\n'),
      );
      expect(sent).toBeGreaterThanOrEqual(RUNS);
      expect(failures).toEqual([]);
      expect(errors).toEqual([]);
      // The walk reached deep code: plans were drafted and saved, sparring was sent, the intake answered.
      for (const verb of ['intake.answer', 'plan.draft', 'plan.save', 'sparring.draft', 'sparring.send'])
        expect(verbsClicked.get(verb) ?? 0, verb).toBeGreaterThan(0);
      // Every text input of every card met got a CPR number with every button of its card; among them the forms' own.
      const met = [...pool.values()].flat().flatMap((e) =>
        buttonsOf(e.card).flatMap((b) =>
          inputsOf(e.card)
            .filter(isTextInput)
            .map((i) => `${buttonVerb(b)} ${i.id}`),
        ),
      );
      const refused = [...attacked].flatMap(([verb, ids]) => [...ids].map((id) => `${verb} ${id}`));
      expect([...new Set(met)].filter((pair) => !refused.includes(pair))).toEqual([]);
      expect(refused).toEqual(
        expect.arrayContaining([
          'intake.answer description',
          'intake.answer pseudonym',
          'plan.save goal1',
          'plan.save childVoice',
          'sparring.send summary',
          'sparring.send wishedTime',
          'pku.record remarks',
        ]),
      );
    }, 600_000);

    it('answers a normal intake afterwards', async () => {
      const teacher = new TeamsUser(url, connector, { aadObjectId: randomUUID(), tenantId: TENANT, name: 'Ny Lærer' });
      const rec = await concernToRecommendation(teacher, { ...CHILD, team: '' });
      expect(textOf(rec.card)).toContain('Anbefalet næste skridt');
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    });

    it('seals every free-text value it stored: no column of the list (src/db/sealed-columns.ts) holds clear text', async () => {
      const counts: Record<string, number> = {};
      const clear: string[] = [];
      for (const column of SEALED_COLUMNS) {
        const rows = await sql<{ v: unknown }>`select ${sql.ref(column.column)} as v from ${sql.table(column.table)}`.execute(database.db);
        const name = `${column.table}.${column.column}`;
        for (const { v } of rows.rows) {
          if (v === null) continue;
          counts[name] = (counts[name] ?? 0) + 1;
          const ok = column.kind === 'text' ? keyIdOf(v) === database.keys.currentId : !jsonNeedsSealing(database.keys, v, column.clear);
          if (!ok) clear.push(`${name}: ${JSON.stringify(v).slice(0, 80)}`);
        }
      }
      console.log(`sealed (${store.name}): ${JSON.stringify(counts)}`);
      expect(clear).toEqual([]);
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
      expect(counts['cases.intake']).toBeGreaterThan(0);
      expect(counts['plan_versions.content']).toBeGreaterThan(0);
      expect(counts['sparring_requests.summary']).toBeGreaterThan(0);
    });

    it('stores, logs and sends no CPR-like number: every text and JSON column of every table, the debug log, the activities', async () => {
      await bot.jobs.dispatcher.runOnce();
      const columns = await sql<{ table_name: string; column_name: string }>`
        select c.table_name, c.column_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema = current_schema() and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json')
      `.execute(database.db);
      const found: string[] = [];
      let values = 0;
      for (const { table_name, column_name } of columns.rows) {
        const rows = await sql<{ v: string | null }>`select ${sql.ref(column_name)}::text as v from ${sql.table(table_name)}`.execute(
          database.db,
        );
        const sealed = SEALED_COLUMNS.find((c) => c.table === table_name && c.column === column_name);
        for (const { v } of rows.rows) {
          if (v === null) continue;
          values++;
          // Free text is sealed (src/db/sealing.ts): what matters is what it holds, so it is opened first.
          const text = !sealed ? v : sealed.kind === 'text' ? database.keys.open(v) : JSON.stringify(openAny(database.keys, JSON.parse(v)));
          for (const number of cprLike(text)) found.push(`${table_name}.${column_name}: ${JSON.stringify(number)}`);
        }
      }
      const known = found.filter((f) => knownDefect(f, 'stored'));
      if (known.length)
        console.log(`known defects met in the scan (to fix): ${JSON.stringify(countOf(known.map((f) => knownDefect(f, 'stored')!.id)))}`);
      const tables = new Set(columns.rows.map((c) => c.table_name));
      console.log(
        `scan (${store.name}): ${values} values in ${columns.rows.length} text/JSON columns of ${tables.size} tables, ${log.lines.length} log lines, ${connector.activities.length} outgoing activities`,
      );
      expect(columns.rows.length).toBeGreaterThan(10);
      expect(values).toBeGreaterThan(100);
      expect(found.filter((f) => !knownDefect(f, 'stored'))).toEqual([]);
      expect(cprLike(log.text)).toEqual([]);
      // What the bot sends to Teams, but for what Teams itself sent: botbuilder addresses a reply
      // to the activity's `from` and `conversation` as Teams gave them, name and type and all.
      const outgoing = connector.activities.flatMap((a) => cprPaths(a.activity).map((p) => `${a.conversationId} ${p}`));
      const echoed = outgoing.filter((p) => ECHOED_FROM_TEAMS.test(p));
      if (echoed.length) console.log(`names from Teams echoed in replies' addresses: ${echoed.length} (${echoed[0]})`);
      expect(outgoing.filter((p) => !ECHOED_FROM_TEAMS.test(p))).toEqual([]);
      // The prototype keys sent did not reach Object.prototype of the bot's process.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  },
);
