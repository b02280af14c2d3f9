/**
 * `npm run bench`: prints figures, asserts nothing.
 *
 * - N concurrent conversations complete whole intakes through /api/messages (typed "ny bekymring",
 *   then Action.Execute invokes answering every card) against the fake connector; in the same run a
 *   bare botbuilder echo bot gets the same number of concurrent conversations. Turns/s, p50, p99,
 *   their ratio, and the bot's RSS.
 * - Cold start: spawn → first 200 from /healthz, with an existing data dir.
 *
 * With --database-url (or TEST_DATABASE_URL set) the intake run is repeated with the bot on that
 * PostgreSQL server, in a scratch database the bench creates and drops.
 *
 * Usage: npm run bench [-- --conversations 10 --seconds 10 --database-url postgres://postgres@127.0.0.1:5432/test]
 *
 * `npm run bench -- reminders [--rate 100 --reminders 10000 --instances 3 --database-url …]` runs the
 * dispatcher bench instead (bench/reminders.ts): reminders sent by several bot processes on
 * PostgreSQL through a connector that enforces Teams' rate limits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startFakeConnector, type FakeConnector } from '../test/support/connector.js';
import { TeamsUser, actionByVerb, cardOf, inputIdsOf, type CardJson } from '../test/support/teams.js';

/** `reminders` as the first argument: the dispatcher bench (its own options), not this one. */
const REMINDERS = process.argv[2] === 'reminders';
const { values: args } = parseArgs({
  args: REMINDERS ? [] : process.argv.slice(2),
  options: {
    conversations: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '10' },
    'database-url': { type: 'string', default: process.env.TEST_DATABASE_URL ?? '' },
  },
});
const CONVERSATIONS = Number(args.conversations);
const SECONDS = Number(args.seconds);
const TENANT = '6f1c2a47-1b1e-4b5e-9a57-3f9f3d2c1a10';
const ROOT = path.resolve(new URL('..', import.meta.url).pathname);

/** A realistic whole intake: a child concern all the way to the PKU referral (15 cards). */
const INTAKE: Record<string, string> = {
  scope: 'barn',
  areas: 'trivsel,fravaer',
  safety: '',
  data: 'observationer,elevsamtale',
  teamDiscussed: 'true',
  plan: 'begge',
  parents: 'inddraget',
  tried: 'co-teaching',
  planEvaluated: 'delvist',
  advisers: 'plc,raadgivende-team',
  adviserEffect: 'virker-ikke',
  networkMeetingHeld: 'true',
  ppv: 'foreligger',
  leaderDecision: 'vidtgaaende',
  districtCouncil: 'true',
  consents: 'arbejdsmoede,ppv,distriktsraad,henvisning',
  psychologistAgrees: 'true',
};

function spawnNode(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitHealthy(url: string, route: '/healthz' | '/readyz' = '/readyz', timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    try {
      const res = await fetch(`${url}${route}`);
      if (res.ok) return performance.now() - started;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${url} did not become healthy`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface LoadResult {
  turns: number;
  seconds: number;
  p50: number;
  p99: number;
  intakes: number;
}

async function timed<T>(latencies: number[], fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  latencies.push(performance.now() - t0);
  return result;
}

async function intakeLoad(url: string, connector: FakeConnector, seconds = SECONDS): Promise<LoadResult> {
  const latencies: number[] = [];
  let intakes = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, i) => {
      const user = new TeamsUser(url, connector, { aadObjectId: `bench-${i}-${crypto.randomUUID()}`, tenantId: TENANT });
      while (performance.now() < deadline) {
        let result = await timed(latencies, () => user.say('ny bekymring'));
        let last = result.sent.at(-1);
        let card: CardJson | null = cardOf(last);
        while (card && inputIdsOf(card).length > 0) {
          const inputs = Object.fromEntries(
            inputIdsOf(card)
              .filter((id) => id in INTAKE)
              .map((id) => [id, INTAKE[id]!]),
          );
          const action = actionByVerb(card, 'intake.answer');
          const replyTo = last!.id;
          result = await timed(latencies, () => user.execute(replyTo, action, inputs));
          if (result.status !== 200) throw new Error(`turn failed with ${result.status}`);
          last = result.sent.at(-1);
          card = cardOf(last);
        }
        intakes++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { turns: latencies.length, seconds: elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), intakes };
}

async function echoLoad(url: string, connector: FakeConnector, seconds = SECONDS): Promise<LoadResult> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, i) => {
      const user = new TeamsUser(url, connector, { aadObjectId: `echo-${i}`, tenantId: TENANT });
      while (performance.now() < deadline) {
        const result = await timed(latencies, () => user.say('hej'));
        if (result.status !== 200) throw new Error(`echo turn failed with ${result.status}`);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { turns: latencies.length, seconds: elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), intakes: 0 };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Runs the intake load against the bot on a scratch PostgreSQL database; null without a server. */
async function postgresRun(connector: FakeConnector): Promise<{ result: LoadResult; rss: number } | null> {
  const url = args['database-url'];
  if (!url) return null;
  const scratch = `indsatsguiden_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratch}`);
  const target = new URL(url);
  target.pathname = `/${scratch}`;
  const bot = spawnNode('src/main.ts', { PORT: '3994', DATABASE_URL: target.toString() });
  try {
    await waitHealthy('http://127.0.0.1:3994');
    await intakeLoad('http://127.0.0.1:3994', connector, 2);
    const result = await intakeLoad('http://127.0.0.1:3994', connector);
    return { result, rss: rssMb(bot.pid!) };
  } finally {
    await stop(bot);
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.end();
  }
}

async function main() {
  const connector = await startFakeConnector();
  // Keep the connector's memory flat during long runs.
  const trim = setInterval(() => connector.clear(), 1000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'indsatsguiden-bench-'));
  try {
    // Cold start: the first start creates the data dir (PGlite initdb + migrations); the measured
    // start is the second, with an existing data dir, as after a deploy or a restart.
    let bot = spawnNode('src/main.ts', { PORT: '3991', DATA_DIR: dataDir });
    const first = await waitHealthy('http://127.0.0.1:3991');
    await stop(bot);
    const t0 = performance.now();
    bot = spawnNode('src/main.ts', { PORT: '3991', DATA_DIR: dataDir });
    const cold = await waitHealthy('http://127.0.0.1:3991', '/healthz');
    await waitHealthy('http://127.0.0.1:3991', '/readyz');
    const ready = performance.now() - t0;

    const echo = spawnNode('bench/echo-bot.ts', { PORT: '3992' });
    await waitHealthy('http://127.0.0.1:3992', '/healthz');

    // Warm both up briefly so the JIT and PGlite caches are comparable.
    await intakeLoad('http://127.0.0.1:3991', connector, 2);
    await echoLoad('http://127.0.0.1:3992', connector, 2);
    const intake = await intakeLoad('http://127.0.0.1:3991', connector);
    const botRss = rssMb(bot.pid!);
    const echoResult = await echoLoad('http://127.0.0.1:3992', connector);
    const echoRss = rssMb(echo.pid!);
    await Promise.all([stop(bot), stop(echo)]);
    const onPostgres = await postgresRun(connector);

    const intakeTps = intake.turns / intake.seconds;
    const echoTps = echoResult.turns / echoResult.seconds;
    const lines = [
      `Indsatsguiden bench — ${CONVERSATIONS} concurrent conversations, ${SECONDS} s per run, Node ${process.version}`,
      '',
      `                      turns/s    p50 ms    p99 ms    RSS MB`,
      `intake (PGlite)   ${fmt(intakeTps).padStart(10)} ${fmt(intake.p50, 2).padStart(9)} ${fmt(intake.p99, 2).padStart(9)} ${fmt(botRss, 0).padStart(9)}`,
      ...(onPostgres
        ? [
            `intake (Postgres) ${fmt(onPostgres.result.turns / onPostgres.result.seconds).padStart(10)} ${fmt(onPostgres.result.p50, 2).padStart(9)} ${fmt(onPostgres.result.p99, 2).padStart(9)} ${fmt(onPostgres.rss, 0).padStart(9)}`,
          ]
        : []),
      `echo bot          ${fmt(echoTps).padStart(10)} ${fmt(echoResult.p50, 2).padStart(9)} ${fmt(echoResult.p99, 2).padStart(9)} ${fmt(echoRss, 0).padStart(9)}`,
      '',
      `intake turns/s vs echo: ${fmt((intakeTps / echoTps) * 100)} % on PGlite${onPostgres ? `, ${fmt((onPostgres.result.turns / onPostgres.result.seconds / echoTps) * 100)} % on PostgreSQL` : ''}   (target ≥ 60 %)`,
      `intake p99: ${fmt(intake.p99, 2)} ms   (target ≤ 40 ms)`,
      `whole intakes completed: ${intake.intakes} (${fmt(intake.intakes / intake.seconds, 2)}/s)`,
      `cold start with an existing data dir: /healthz after ${fmt(cold, 0)} ms (target ≤ 1500 ms), /readyz (database open, bot attached) after ${fmt(ready, 0)} ms`,
      `first start with a new data dir (initdb + migrations): ready after ${fmt(first, 0)} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    clearInterval(trim);
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (REMINDERS) await (await import('./reminders.js')).remindersBench(process.argv.slice(3));
else await main();
