/**
 * `npm run bench -- reminders`: the dispatcher under load. Prints figures, asserts nothing.
 *
 * N reminders (outbox rows of kind `message`, 10 per recipient, all due at once) on a scratch
 * PostgreSQL database, sent by several real bot processes (`src/main.ts`) sharing the tenant's rate
 * limit, to a fake connector that enforces Teams' limits (test/support/rate-limited-connector.ts:
 * 7 per conversation in any second, 1,800 per hour, and the configured tenant rate in any second)
 * and answers 429 with Retry-After when one is exceeded.
 *
 * Figures: the configured tenant rate; messages per second achieved between the first and the last
 * delivery, and its share of the configured rate (target ≥ 90 %); 429s received; lost (rows not
 * sent, or never delivered; target 0); duplicated deliveries (target 0 without crashes); total
 * time from the moment the rows fell due (all at once, when every process was ready) to the last
 * row sent.
 *
 * Three processes cannot share PGlite: this needs PostgreSQL (--database-url or TEST_DATABASE_URL),
 * where the bench creates a scratch database and drops it afterwards.
 *
 * Usage: npm run bench -- reminders [--rate 100] [--reminders 10000] [--instances 3] [--database-url postgres://…]
 */
import { parseArgs } from 'node:util';
import {
  createScratchDatabase,
  makeAllDue,
  openScratch,
  outboxCounts,
  seedMessages,
  startBotProcesses,
  waitUntil,
  type BotProcess,
} from '../test/support/bot-cluster.js';
import { busiestWindows, startRateLimitedConnector } from '../test/support/rate-limited-connector.js';

const PER_RECIPIENT = 10;

export async function remindersBench(argv: string[]): Promise<void> {
  const { values: args } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '100' },
      reminders: { type: 'string', default: '10000' },
      instances: { type: 'string', default: '3' },
      'database-url': { type: 'string', default: process.env.TEST_DATABASE_URL ?? '' },
    },
  });
  const rate = positive(args.rate, '--rate');
  const reminders = positive(args.reminders, '--reminders');
  const instances = positive(args.instances, '--instances');
  const serverUrl = args['database-url'];
  if (!serverUrl) {
    process.stderr.write(
      'The reminders bench needs PostgreSQL: several bot processes cannot share PGlite.\n' +
        'Give --database-url postgres://postgres@127.0.0.1:5432/test (or set TEST_DATABASE_URL).\n',
    );
    process.exitCode = 2;
    return;
  }

  const connector = await startRateLimitedConnector({ tenantPerSecond: rate, delayMs: { min: 2, max: 8 } });
  const scratch = await createScratchDatabase(serverUrl, 'indsatsguiden_bench_reminders');
  const bots: BotProcess[] = [];
  try {
    const database = await openScratch(scratch.url);
    try {
      // Due in an hour, made due at once when every process is ready (none gets a head start).
      const dueAt = new Date(Date.now() + 3_600_000);
      const seeded = await seedMessages(database, { serviceUrl: connector.url, messages: reminders, perRecipient: PER_RECIPIENT, dueAt });

      const started = performance.now();
      const cluster = await startBotProcesses(
        instances,
        {
          DATABASE_URL: scratch.url,
          // info: the ready line is how a process says it has started.
          LOG_LEVEL: 'info',
          // Everything else as configured by default (batch 50, concurrency 16, lease 60 s, poll 1 s).
          DISPATCH_TENANT_RATE: String(rate),
        },
        (bot) => bots.push(bot),
      );
      const readyAfter = performance.now() - started;
      await makeAllDue(database);
      const due = performance.now();
      // Generous: the time the tenant rate needs, twice, plus a minute.
      const timeoutMs = (reminders / rate) * 2_000 + 60_000;
      let counts = await outboxCounts(database);
      await waitUntil(
        async () => {
          const dead = cluster.find((b) => b.hasExited());
          if (dead) throw new Error(`${dead.name} exited:\n${dead.output()}`);
          counts = await outboxCounts(database);
          return counts.pending === 0 && counts.sending === 0;
        },
        timeoutMs,
        () => `rows still to send: ${JSON.stringify(counts)}`,
        100,
      );
      const total = (performance.now() - due) / 1000;

      const deliveries = new Map<string, number>();
      for (const a of connector.accepted) deliveries.set(a.text, (deliveries.get(a.text) ?? 0) + 1);
      const neverDelivered = seeded.filter((s) => !deliveries.has(s.text)).length;
      const notSent = reminders - counts.sent;
      const duplicated = [...deliveries.values()].reduce((sum, n) => sum + n - 1, 0);
      const times = connector.accepted.map((a) => a.at);
      const span = (Math.max(...times) - Math.min(...times)) / 1000;
      const achieved = span > 0 ? (connector.accepted.length - 1) / span : Number.NaN;
      const busiest = busiestWindows(connector.accepted);
      const attempted = busiestWindows([...connector.accepted, ...connector.refused]);

      const lines = [
        `Indsatsguiden reminders bench — ${reminders} reminders to ${Math.ceil(reminders / PER_RECIPIENT)} people, ${instances} bot processes, PostgreSQL, Node ${process.version}`,
        '',
        `configured tenant rate:  ${rate} msgs/s (the connector enforces it, and 7/s, 1800/h per conversation)`,
        `achieved:                ${achieved.toFixed(1)} msgs/s = ${((achieved / rate) * 100).toFixed(1)} % of the configured rate   (target ≥ 90 %)`,
        `429s received:           ${connector.tooManyRequests}`,
        `lost:                    ${Math.max(notSent, neverDelivered)} (rows not sent: ${notSent}, never delivered: ${neverDelivered})   (target 0)`,
        `duplicated:              ${duplicated}   (target 0 without crashes)`,
        `total time:              ${total.toFixed(1)} s from due to the last row sent (first to last delivery ${span.toFixed(1)} s; the processes, started one after another, were all ready after ${(readyAfter / 1000).toFixed(1)} s)`,
        `outbox rows by state:    ${Object.entries(counts)
          .filter(([, n]) => n > 0)
          .map(([s, n]) => `${s} ${n}`)
          .join(', ')}`,
        `busiest sliding window:  tenant ${busiest.tenantPerSecond}/s, conversation ${busiest.conversationPerSecond}/s and ${busiest.conversationPerHour}/h accepted; ` +
          `tenant ${attempted.tenantPerSecond}/s, conversation ${attempted.conversationPerSecond}/s attempted (429s included)`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } finally {
      await database.close();
    }
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
    await scratch.drop();
    await connector.close();
  }
}

function positive(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return n;
}
