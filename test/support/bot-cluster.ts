/**
 * Several real bot processes on one PostgreSQL, for the dispatcher's multi-instance test and the
 * reminders bench: a scratch database (created and dropped here), outbox rows of kind `message`
 * with conversation references pointing at a (rate-limited) fake connector, and bot processes
 * (`node --import tsx src/main.ts`, each its own pid, so the dispatcher's lease owner
 * `<host>:<pid>:<random>` tells which process holds a row).
 *
 * Children are stopped by their pid only; a hook kills the ones still running if this process
 * exits, so a failed test or an interrupted bench leaves none behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';
import { ConversationRefRepository, personalRefKey } from '../../src/conversations/conversation-ref.repository.js';
import { OutboxRepository, type OutboxState } from '../../src/dispatch/index.js';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

/** The tenant of config/directory.example.yaml, the directory the bot processes load by default. */
export const EXAMPLE_TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';

export interface ScratchDatabase {
  /** The scratch database's URL. */
  url: string;
  name: string;
  /** Drops it (closing whatever connections are left, e.g. a killed process's). */
  drop(): Promise<void>;
}

/** A new, empty database on the server of `serverUrl` (user with CREATEDB; trust auth in tests). */
export async function createScratchDatabase(serverUrl: string, prefix = 'indsatsguiden_scratch'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE), PostgreSQL 13+: a SIGKILLed process's connections may linger a moment.
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Opens (and so migrates) a database with the bot's own openDatabase. */
export function openScratch(url: string, poolMax = 8): Promise<Database> {
  return openDatabase({ databaseUrl: url, poolMax });
}

export interface SeedOptions {
  /** Where the references point (the connector's URL). */
  serviceUrl: string;
  tenantId?: string;
  /** How many rows in all. */
  messages: number;
  /** Rows per recipient (the last recipient may get fewer). */
  perRecipient: number;
  /** Due time of every row (default: now). */
  dueAt?: Date;
}

export interface SeededMessage {
  id: string;
  /** Unique per row: the connector's record tells which row was delivered. */
  text: string;
  recipientKey: string;
  conversationId: string;
}

/**
 * `messages` outbox rows of kind `message`, due at `dueAt`, enqueued through OutboxRepository:
 * `perRecipient` for each recipient, each recipient with a conversation reference (a personal chat
 * at `serviceUrl`).
 */
export async function seedMessages(database: Database, options: SeedOptions): Promise<SeededMessage[]> {
  const tenantId = options.tenantId ?? EXAMPLE_TENANT;
  const dueAt = options.dueAt ?? new Date();
  const refs = new ConversationRefRepository(database);
  const outbox = new OutboxRepository(database);
  const run = randomUUID().slice(0, 8);
  const recipients = Array.from({ length: Math.ceil(options.messages / options.perRecipient) }, (_, r) => {
    const aad = `00000000-0000-4000-8000-${String(r).padStart(12, '0')}`;
    return { aad, key: personalRefKey(tenantId, aad), conversationId: `a:personal-${run}-${r}` };
  });
  await inParallel(recipients, 8, (r) =>
    refs.upsert({
      key: r.key,
      tenantId,
      aadObjectId: r.aad,
      conversationId: r.conversationId,
      conversationType: 'personal',
      reference: {
        bot: { id: '28:indsatsguiden-test-bot', name: 'Indsatsguiden' },
        channelId: 'msteams',
        conversation: { id: r.conversationId, conversationType: 'personal', tenantId, isGroup: false },
        locale: 'da-DK',
        serviceUrl: `${options.serviceUrl.replace(/\/$/, '')}/`,
        user: { id: `29:${r.aad}`, aadObjectId: r.aad },
      },
    }),
  );
  const rows = Array.from({ length: options.messages }, (_, i) => ({
    r: recipients[Math.floor(i / options.perRecipient)]!,
    text: `Besked ${i} (${run})`,
  }));
  const seeded: SeededMessage[] = [];
  await inParallel(rows, 8, async ({ r, text }) => {
    const row = await outbox.enqueue({
      kind: 'message',
      tenantId,
      recipientKey: r.key,
      recipientAadId: r.aad,
      payload: { text },
      idempotencyKey: `test-message:${text}`,
      dueAt,
    });
    if (!row) throw new Error(`seeding: idempotency key taken: ${text}`);
    seeded.push({ id: row.id, text, recipientKey: r.key, conversationId: r.conversationId });
  });
  return seeded;
}

async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/**
 * Makes every pending row due now, in one statement: the moment a burst of reminders falls due
 * (seeded ahead with a later `dueAt`, so processes that are still starting do not get a head start).
 */
export async function makeAllDue(database: Database): Promise<Date> {
  const now = new Date();
  await database.db.updateTable('outbox').set({ due_at: now, next_attempt_at: now }).where('state', '=', 'pending').execute();
  return now;
}

/** How many outbox rows are in each state. */
export function outboxCounts(database: Database): Promise<Record<OutboxState, number>> {
  return new OutboxRepository(database).countsByState();
}

export interface BotProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the bot logged that it is ready (database open, dispatcher started). */
  readonly ready: Promise<void>;
  /** Resolves with the exit code or signal once the process has exited. */
  readonly exited: Promise<string>;
  hasExited(): boolean;
  /** The last lines the process wrote (stdout and stderr). */
  output(lines?: number): string;
  /** Sends a signal to this process (by its pid). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL; resolves when it is gone. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/**
 * Starts `node --import tsx src/main.ts` with `env` on top of a clean bot environment (local
 * anonymous mode, PORT=0, the example directory, the dispatcher on).
 */
export function startBotProcess(name: string, env: Record<string, string>): BotProcess {
  installExitHook();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      // Whatever the developer's shell has: local anonymous mode, the example directory.
      BOT_ID: '',
      BOT_PASSWORD: '',
      BOT_TENANT_ID: '',
      PLAYBOOK_FILE: '',
      DIRECTORY_FILE: '',
      // The development key, as the tests that seed rows with it expect.
      ENCRYPTION_KEY: '',
      ENCRYPTION_PREVIOUS_KEYS: '',
      DISPATCHER: 'on',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  running.add(child);
  const pid = child.pid;
  const tail: string[] = [];
  let done = false;
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > 200) tail.shift();
    if (line.includes('"Indsatsguiden is ready"')) markReady();
  };
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line) onLine(line);
    });
  }
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(child);
      const how = signal ?? `code ${code}`;
      failReady(new Error(`${name} exited (${how}) before it was ready:\n${tail.slice(-30).join('\n')}`));
      resolve(how);
    });
  });
  const kill = async () => {
    if (!done) child.kill('SIGKILL');
    await exited;
  };
  return {
    name,
    pid,
    ready,
    exited,
    hasExited: () => done,
    output: (lines = 40) => tail.slice(-lines).join('\n'),
    signal(signal) {
      if (!done) child.kill(signal);
    },
    async stop(graceMs = 5_000) {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => void kill(), graceMs);
      await exited;
      clearTimeout(timer);
    },
    kill,
  };
}

/**
 * Starts `count` bot processes one after another, each when the previous one is ready (three
 * processes loading the bot at once on a small machine compete for the CPU). `started` gets each
 * process as soon as it is spawned, so the caller can kill it whatever happens.
 *
 * A process that exits before it is ready because its first connection to PostgreSQL timed out is
 * started once more, with a warning: main.ts loads the bot's modules while that connection is
 * being made, and on a machine busy with other work the loading can block the event loop for
 * longer than the connection timeout (10 s) — a start-up problem, not the dispatcher's.
 */
export async function startBotProcesses(
  count: number,
  env: Record<string, string>,
  started: (bot: BotProcess) => void,
): Promise<BotProcess[]> {
  const bots: BotProcess[] = [];
  for (let i = 0; i < count; i++) {
    const name = `bot-${i + 1}`;
    let bot = startBotProcess(name, env);
    started(bot);
    try {
      await bot.ready;
    } catch (error) {
      if (!bot.output().includes('Cannot reach PostgreSQL')) throw error;
      console.warn(`${name} could not connect to PostgreSQL in time while starting; starting it again`);
      bot = startBotProcess(name, env);
      started(bot);
      await bot.ready;
    }
    bots.push(bot);
  }
  return bots;
}

/** Stops a process (SIGSTOP) and waits until the kernel shows it stopped (Linux; elsewhere a pause). */
export async function freeze(bot: BotProcess): Promise<void> {
  bot.signal('SIGSTOP');
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    try {
      // /proc/<pid>/stat: "pid (comm) S …"; T is "stopped".
      const stat = readFileSync(`/proc/${bot.pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
      return;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${bot.name} did not stop`);
}

/** Waits until `check` answers true, polling every `intervalMs`; rejects after `timeoutMs` with `describe()`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => Promise<string> | string,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
