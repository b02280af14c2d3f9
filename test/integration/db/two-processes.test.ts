/**
 * Two bot processes on one PGlite DATA_DIR (`node --import tsx src/main.ts`, as `npm start` runs
 * it): the second refuses to start with a Danish message and a non-zero exit, while the first keeps
 * running with its data; after the first stops (SIGTERM) a new start sees the data; a start after a
 * SIGKILL takes over the stale lock and says so. Without the lock, the second process started
 * without a word and the first process's cases were lost once both had stopped.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.js';
import { LOCK_FILE_NAME } from '../../../src/db/data-dir-lock.js';
import { EXAMPLE_TENANT, startBotProcess, type BotProcess } from '../../support/bot-cluster.js';
import { startFakeConnector, type FakeConnector } from '../../support/connector.js';
import { TeamsUser, actionByVerb, cardOf, type TurnResult } from '../../support/teams.js';

const CASES = 10;
/** Starting a bot process on this 2-core machine, while other test files run, can take a while. */
const START_MS = 120_000;

describe('two bot processes on one PGlite data directory', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'indsatsguiden-two-'));
  const dataDir = path.join(workDir, 'data');
  const lockFile = path.join(dataDir, LOCK_FILE_NAME);
  const started: BotProcess[] = [];
  let connector: FakeConnector;

  beforeAll(async () => {
    connector = await startFakeConnector();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((bot) => bot.kill()));
  });
  afterAll(async () => {
    await connector?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** A bot process on `dataDir`: PostgreSQL off whatever the shell says, the example directory. */
  function start(name: string, logLevel: 'info' | 'silent'): BotProcess {
    const bot = startBotProcess(name, { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: logLevel, PORT: '0', DISPATCHER: 'off' });
    started.push(bot);
    return bot;
  }

  /** Waits until the process is ready and returns its URL (from its "ready" log line). */
  async function urlOf(bot: BotProcess): Promise<string> {
    await bot.ready;
    const line = bot
      .output(200)
      .split('\n')
      .find((l) => l.includes('"Indsatsguiden is ready"'));
    return (JSON.parse(line!) as { url: string }).url;
  }

  /** How the process exited, or 'still running' after `ms`. */
  async function exitWithin(bot: BotProcess, ms: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
    try {
      return await Promise.race([bot.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  const teachers = Array.from({ length: CASES }, (_, i) => `b0b0b0b0-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const teacherAt = (url: string, aad: string) =>
    new TeamsUser(url, connector, { aadObjectId: aad, tenantId: EXAMPLE_TENANT }, `a:personal-${aad}`);
  /** The case a question card belongs to (its answer action carries the case id). */
  const caseOf = (turn: TurnResult) => {
    const card = turn.sent.map(cardOf).findLast((c) => c !== null);
    return card ? (actionByVerb(card, 'intake.answer').data as { caseId: string }).caseId : null;
  };
  /** What each teacher's "fortsæt" resumes on the bot at `url`. */
  const resumedCases = (url: string) => Promise.all(teachers.map(async (aad) => caseOf(await teacherAt(url, aad).say('fortsæt'))));

  it(
    'refuses a second process while the first runs and keeps its ten cases; after SIGTERM a new start sees them; after SIGKILL the next start takes over the lock',
    async () => {
      const first = start('first', 'info');
      const firstUrl = await urlOf(first);
      const created = await Promise.all(teachers.map(async (aad) => caseOf(await teacherAt(firstUrl, aad).say('ny bekymring'))));
      expect(new Set(created).size).toBe(CASES);
      expect(created).not.toContain(null);

      // (a) The second process refuses to start, with the Danish message, and exits non-zero.
      const second = start('second', 'silent');
      expect(await exitWithin(second, START_MS), second.output()).toBe('code 1');
      const message = second.output();
      expect(message).toContain(
        `Indsatsguiden kunne ikke starte: Datamappen ${dataDir} bruges allerede af en anden Indsatsguiden-proces (pid ${first.pid}`,
      );
      expect(message).toContain('Skal flere instanser af Indsatsguiden køre samtidig, skal de bruge PostgreSQL: sæt DATABASE_URL.');
      // … while the first keeps running, with its cases.
      expect(first.hasExited()).toBe(false);
      expect(await resumedCases(firstUrl)).toEqual(created);

      // (b) The first stops on SIGTERM and releases the lock; a new start succeeds and sees the cases.
      await first.stop(30_000);
      expect(await first.exited).toBe('code 0');
      expect(existsSync(lockFile)).toBe(false);
      const third = start('third', 'info');
      expect(await resumedCases(await urlOf(third))).toEqual(created);

      // (c) A SIGKILLed process leaves its lock; the next start takes it over and says so.
      await third.kill();
      expect(existsSync(lockFile)).toBe(true);
      const fourth = start('fourth', 'info');
      expect(await resumedCases(await urlOf(fourth))).toEqual(created);
      // The note is a warning line of the JSON log (main.ts passes it to the logger).
      const note = fourth
        .output(200)
        .split('\n')
        .flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as { level: number; msg: string }] : []))
        .find((entry) => entry.msg.startsWith(`Overtager låsen på datamappen ${dataDir} fra pid ${third.pid}`));
      expect(note?.level).toBe(40);
      await fourth.stop(30_000);
      expect(existsSync(lockFile)).toBe(false);

      // Nothing was lost on disk: the ten cases are there for anyone who opens the directory now.
      const database = await openDatabase({ dataDir });
      try {
        const rows = await database.db
          .selectFrom('cases')
          .select('id')
          .where('tenant_id', '=', EXAMPLE_TENANT)
          .where('owner_aad_id', 'in', teachers)
          .execute();
        expect(rows.map((r) => r.id).sort()).toEqual([...created].sort());
      } finally {
        await database.close();
      }
    },
    6 * START_MS,
  );
});
