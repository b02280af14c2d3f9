/**
 * The exclusive lock on a PGlite data directory (src/db/data-dir-lock.ts): a lock held by another
 * live process keeps this one out; a lock its holder could not release (SIGKILL, a reused pid, a
 * reboot) is taken over with a note; one that cannot be judged (another host, an unreadable file)
 * is refused and left alone; the process's own open/close/open keeps working. The holders here are
 * real processes (`node` children that take the lock with the same module).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../../src/cases/case.repository.js';
import { DataDirLockedError, LOCK_FILE_NAME, lockDataDir } from '../../../src/db/data-dir-lock.js';
import { openDatabase } from '../../../src/db/database.js';

const ROOT = path.resolve(new URL('../../..', import.meta.url).pathname);
const LOCK_MODULE = pathToFileURL(path.join(ROOT, 'src/db/data-dir-lock.ts')).href;

const scratch = mkdtempSync(path.join(tmpdir(), 'indsatsguiden-lock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const newDataDir = () => mkdtempSync(path.join(scratch, `data-${++dirs}-`));
const lockFileOf = (dataDir: string) => path.join(dataDir, LOCK_FILE_NAME);
const readLock = (dataDir: string) => JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')) as { pid: number; host: string };

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

/** A `node` child that locks `dataDir` with the real module, then waits (or exits normally at once). */
async function holdInChild(
  dataDir: string,
  then: 'wait' | 'exit' = 'wait',
): Promise<{ child: ChildProcess; pid: number; exited: Promise<void> }> {
  const code = `
    const { lockDataDir } = await import(${JSON.stringify(LOCK_MODULE)});
    lockDataDir(process.argv[1]);
    process.stdout.write('locked\\n');
    if (process.argv[2] === 'exit') process.exit(0);
    setInterval(() => undefined, 60_000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, dataDir, then], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('locked')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => (output.includes('locked') ? resolve() : reject(new Error(`the lock holder exited: ${output}`))));
  });
  return { child, pid: child.pid!, exited };
}

/** A live process (not a lock holder) whose pid a crafted lock file can name. */
function liveProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 60_000)'], { stdio: 'ignore' });
  children.add(child);
  return child;
}

function lockRefusal(fn: () => unknown): DataDirLockedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DataDirLockedError) return error;
    throw error;
  }
  throw new Error('the lock was granted');
}

describe('the data directory lock', () => {
  it('keeps a second process out while another live process holds it, naming the folder, the pid and PostgreSQL', async () => {
    const dataDir = newDataDir();
    const holder = await holdInChild(dataDir);
    const before = readFileSync(lockFileOf(dataDir), 'utf8');
    expect(readLock(dataDir)).toMatchObject({ pid: holder.pid, host: hostname() });

    const refused = lockRefusal(() => lockDataDir(dataDir, { onNote: () => expect.fail('no takeover') }));
    expect(refused.reason).toBe('running');
    expect(refused.holder?.pid).toBe(holder.pid);
    expect(refused.message).toContain(
      `Datamappen ${dataDir} bruges allerede af en anden Indsatsguiden-proces (pid ${holder.pid} på ${hostname()}`,
    );
    expect(refused.message).toContain('PostgreSQL: sæt DATABASE_URL');
    // openDatabase refuses the same way, and the holder's lock stays as it was.
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
    expect(readFileSync(lockFileOf(dataDir), 'utf8')).toBe(before);
  });

  it('takes over the lock of a SIGKILLed holder, with a note naming it', async () => {
    const dataDir = newDataDir();
    const holder = await holdInChild(dataDir);
    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(readLock(dataDir).pid).toBe(holder.pid); // SIGKILL leaves the file behind

    const notes: string[] = [];
    const lock = lockDataDir(dataDir, { onNote: (n) => notes.push(n) });
    expect(notes).toEqual([expect.stringContaining(`Overtager låsen på datamappen ${dataDir} fra pid ${holder.pid} på ${hostname()}`)]);
    expect(notes[0]).toContain(`pid ${holder.pid} kører ikke længere`);
    expect(readLock(dataDir).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  });

  it('is released when the holder exits without closing (process exit)', async () => {
    const dataDir = newDataDir();
    const holder = await holdInChild(dataDir, 'exit');
    await holder.exited;
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  });

  it.runIf(existsSync('/proc/self/stat'))(
    'takes over a lock whose pid now runs another process, or is from before the last boot, or names this process',
    async () => {
      const dataDir = newDataDir();
      const other = liveProcess();
      const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      const cases = [
        { record: { pid: other.pid, procStart: '1', bootId }, why: `pid ${other.pid} er nu en anden proces` },
        { record: { pid: other.pid, bootId: 'a-boot-before-this-one' }, why: 'maskinen er startet op igen siden' },
        { record: { pid: process.pid, bootId }, why: 'denne proces selv, så låsen stammer fra en tidligere kørsel' },
      ];
      for (const { record, why } of cases) {
        writeFileSync(lockFileOf(dataDir), JSON.stringify({ host: hostname(), startedAt: new Date().toISOString(), ...record }));
        const notes: string[] = [];
        const lock = lockDataDir(dataDir, { onNote: (n) => notes.push(n) });
        expect(notes.join('\n')).toContain(why);
        lock.release();
      }
    },
  );

  it('refuses, and leaves alone, a lock of another host and a lock file it cannot read', () => {
    const dataDir = newDataDir();
    const foreign = JSON.stringify({ pid: 4242, host: 'skole-server-2', startedAt: '2025-03-01T08:00:00.000Z' });
    writeFileSync(lockFileOf(dataDir), foreign);
    const elsewhere = lockRefusal(() => lockDataDir(dataDir));
    expect(elsewhere.reason).toBe('other-host');
    expect(elsewhere.message).toContain('pid 4242 på skole-server-2');
    expect(elsewhere.message).toContain(`slet låsefilen ${lockFileOf(dataDir)}`);
    expect(readFileSync(lockFileOf(dataDir), 'utf8')).toBe(foreign);

    for (const [content, problem] of [
      ['', 'den er tom'],
      ['pid=12', 'den er ikke gyldig JSON'],
      ['{"pid":"12","host":"vm"}', 'pid'],
    ] as const) {
      writeFileSync(lockFileOf(dataDir), content);
      const unreadable = lockRefusal(() => lockDataDir(dataDir));
      expect(unreadable.reason).toBe('unreadable');
      expect(unreadable.message).toContain(`låsefilen ${lockFileOf(dataDir)} kan ikke læses (`);
      expect(unreadable.message).toContain(problem);
      expect(readFileSync(lockFileOf(dataDir), 'utf8')).toBe(content);
    }
  });

  it('does not delete, at release, a lock file that is no longer its own, and says so', () => {
    const dataDir = newDataDir();
    const notes: string[] = [];
    const lock = lockDataDir(dataDir, { onNote: (n) => notes.push(n) });
    const replaced = JSON.stringify({ pid: 4242, host: 'skole-server-2', startedAt: new Date().toISOString() });
    writeFileSync(lockFileOf(dataDir), replaced);
    lock.release();
    expect(readFileSync(lockFileOf(dataDir), 'utf8')).toBe(replaced);
    expect(notes).toEqual([
      `Låsefilen ${lockFileOf(dataDir)} tilhørte ikke længere denne proces (pid ${process.pid}) og blev ikke slettet.`,
    ]);
  });
});

describe('openDatabase on a data directory, in one process', () => {
  it('opens, closes and opens again, keeping the data; a second open while it is open is refused', async () => {
    const dataDir = newDataDir();
    let caseId: string | undefined;
    for (let round = 0; round < 3; round++) {
      const database = await openDatabase({ dataDir });
      try {
        expect(readLock(dataDir).pid).toBe(process.pid);
        const refused = await openDatabase({ dataDir }).then(
          () => expect.fail('a second open of the same directory was granted'),
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(DataDirLockedError);
        expect((refused as DataDirLockedError).reason).toBe('this-process');
        const cases = new CaseRepository(database);
        if (caseId) expect((await cases.get(caseId))?.tenantId).toBe('t');
        else caseId = (await cases.create({ tenantId: 't', ownerAadId: 'o', schoolId: 'skole' })).id;
      } finally {
        await database.close();
      }
      expect(existsSync(lockFileOf(dataDir))).toBe(false);
    }
  });
});
