/**
 * An exclusive lock on a PGlite data directory (DATA_DIR), so that only one process at a time runs
 * on it. PGlite is PostgreSQL in one process without the postmaster's shared-memory interlock: two
 * processes on the same files do not fail, they overwrite each other's pages and the data of one of
 * them is lost without a word. Several instances belong on PostgreSQL (DATABASE_URL).
 *
 * The lock is a file, `${dataDir}/indsatsguiden.lock`, created atomically (`open(…, 'wx')`, which
 * fails when it exists) and holding one JSON line: pid, host, the time it was taken and, on Linux,
 * the boot id and the process's start time in /proc. Node has no advisory file lock (flock) to
 * offer, and a lock file is what an administrator can see, read and, when told to, delete.
 *
 * - Released (deleted) by the owner's close(), and at process exit (the `exit` event: process.exit,
 *   the end of the event loop, an uncaught exception). A signal ends the process without that event
 *   unless the process handles it; main.ts handles SIGINT and SIGTERM by stopping the bot.
 * - A lock left by a process that cannot release it (SIGKILL, a crash, power loss) is taken over
 *   when its holder is certainly gone: same host, and its pid no longer runs, or runs as another
 *   process (the /proc start time differs), or the machine has booted since (the boot id), or the
 *   pid is this very process (a container restarted with its bot as pid 1 again). Every takeover
 *   is reported through `onNote`. Without /proc (Windows, macOS) only the pid can be checked: after
 *   a power loss, a pid that now belongs to another program keeps the lock, and the message says
 *   to delete the file then (never a guess that could let two processes in).
 * - Refused, with a Danish message naming the folder and the holder, when the holder runs, is on
 *   another host (a shared disk: whether it runs cannot be seen from here), or the file cannot be
 *   read (a process in the middle of creating it, or damage: the administrator decides).
 * - Within one process, the directory can be locked again once it is released; a second lock on a
 *   directory this process holds is refused (two PGlite instances in one process collide as well).
 *
 * Limit: two containers sharing a volume AND a hostname look like one host with recycled pids;
 * give each container its own hostname (Docker and Kubernetes do by default).
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from '../domain/zod.js';

export const LOCK_FILE_NAME = 'indsatsguiden.lock';

const LockRecordSchema = z.looseObject({
  pid: z.number().int().positive(),
  host: z.string().min(1),
  startedAt: z.iso.datetime(),
  bootId: z.string().optional(),
  procStart: z.string().optional(),
});

/** Who holds a lock, as its file says. */
export type LockHolder = z.infer<typeof LockRecordSchema>;

export type LockRefusal = 'running' | 'this-process' | 'other-host' | 'unreadable';

const SEVERAL_INSTANCES = 'Skal flere instanser af Indsatsguiden køre samtidig, skal de bruge PostgreSQL: sæt DATABASE_URL.';

/** The data directory is taken: the process must not open it. The message is for the administrator. */
export class DataDirLockedError extends Error {
  constructor(
    readonly reason: LockRefusal,
    readonly dataDir: string,
    readonly lockFile: string,
    readonly holder: LockHolder | null,
    detail?: string,
  ) {
    super(refusalMessage(reason, dataDir, lockFile, holder, detail));
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly lockFile: string;
  /** Deletes the lock file if it is still this lock's. Safe to call more than once. */
  release(): void;
}

export interface LockOptions {
  /** A Danish line worth logging: a stale lock taken over, or a lock file no longer ours at release. */
  onNote?: (note: string) => void;
}

/** Locks `dataDir` (which must exist) for this process, or throws DataDirLockedError. */
export function lockDataDir(dataDir: string, options: LockOptions = {}): DataDirLock {
  const dir = realpathSync(dataDir);
  const lockFile = path.join(dir, LOCK_FILE_NAME);
  const note = options.onNote ?? ((line: string) => process.stderr.write(`[db] ${line}\n`));
  const text = `${JSON.stringify(ownRecord())}\n`;
  // Three rounds cover a stale lock removed by us or by a process starting at the same moment.
  for (let round = 0; round < 3; round++) {
    if (create(lockFile, text)) return hold(lockFile, text, note);
    let current: string;
    try {
      current = readFileSync(lockFile, 'utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT')) continue; // released meanwhile
      throw new DataDirLockedError('unreadable', dir, lockFile, null, (error as Error).message);
    }
    const parsed = parseRecord(current);
    if (!parsed.ok) throw new DataDirLockedError('unreadable', dir, lockFile, null, parsed.problem);
    const holder = parsed.holder;
    if ([...held.values()].some((h) => h.text === current)) throw new DataDirLockedError('this-process', dir, lockFile, holder);
    if (holder.host !== hostname()) throw new DataDirLockedError('other-host', dir, lockFile, holder);
    const gone = whyGone(holder);
    if (gone === null) throw new DataDirLockedError('running', dir, lockFile, holder);
    if (removeIfUnchanged(lockFile, current)) {
      note(
        `Overtager låsen på datamappen ${dir} fra pid ${holder.pid} på ${holder.host} (låst ${holder.startedAt}): ${gone}. ` +
          'Den proces stoppede uden at frigive låsen (fx kill -9, et nedbrud eller strømsvigt).',
      );
    }
  }
  throw new Error(`Kunne ikke låse datamappen ${dir}: låsefilen ${lockFile} blev skiftet ud flere gange i træk. Start igen.`);
}

interface HeldLock {
  text: string;
  release(): void;
}

/** The locks this process holds, by lock file: released at exit. */
const held = new Map<string, HeldLock>();
let exitHookInstalled = false;

function hold(lockFile: string, text: string, note: (line: string) => void): DataDirLock {
  let released = false;
  const lock: HeldLock = {
    text,
    release() {
      if (released) return;
      released = true;
      held.delete(lockFile);
      try {
        if (readFileSync(lockFile, 'utf8') === text) unlinkSync(lockFile);
        else note(`Låsefilen ${lockFile} tilhørte ikke længere denne proces (pid ${process.pid}) og blev ikke slettet.`);
      } catch (error) {
        if (!isCode(error, 'ENOENT')) note(`Låsefilen ${lockFile} kunne ikke slettes: ${(error as Error).message}`);
      }
    },
  };
  held.set(lockFile, lock);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const h of [...held.values()]) h.release();
    });
  }
  return { lockFile, release: () => lock.release() };
}

/** Creates the lock file with `text`; false when it exists. Fsynced, so a crash leaves it whole or absent. */
function create(lockFile: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx', 0o644);
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw new Error(`Kan ikke oprette låsefilen ${lockFile}: ${(error as Error).message}`, { cause: error });
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(lockFile);
    throw new Error(`Kan ikke skrive låsefilen ${lockFile}: ${(error as Error).message}`, { cause: error });
  }
  closeSync(fd);
  return true;
}

/**
 * Removes a stale lock file, unless another process replaced it since we read `stale`: the file is
 * moved aside atomically (rename) and checked there. Another process's fresh lock, moved by
 * mistake, is linked back. True when the stale file was removed by us.
 */
function removeIfUnchanged(lockFile: string, stale: string): boolean {
  const aside = `${lockFile}.${process.pid}.${randomUUID()}.stale`;
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false;
    throw error;
  }
  let ours = false;
  try {
    ours = readFileSync(aside, 'utf8') === stale;
    if (!ours) linkSync(aside, lockFile);
  } catch (error) {
    // EEXIST: a third process locked meanwhile; the next round reads its lock and refuses.
    if (!isCode(error, 'EEXIST')) throw error;
  } finally {
    unlinkSync(aside);
  }
  return ours;
}

/** Why the holder (on this host) certainly no longer runs, or null when it may. */
function whyGone(holder: LockHolder): string | null {
  const bootId = readBootId();
  if (holder.bootId && bootId && holder.bootId !== bootId) return 'maskinen er startet op igen siden';
  if (holder.pid === process.pid) return `pid ${holder.pid} er denne proces selv, så låsen stammer fra en tidligere kørsel`;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if (isCode(error, 'ESRCH')) return `pid ${holder.pid} kører ikke længere`;
    // EPERM: the pid runs, as another user.
  }
  const procStart = readProcStart(holder.pid);
  if (holder.procStart && procStart && holder.procStart !== procStart) return `pid ${holder.pid} er nu en anden proces`;
  return null;
}

function ownRecord(): LockHolder {
  const record: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const bootId = readBootId();
  const procStart = readProcStart(process.pid);
  if (bootId) record.bootId = bootId;
  if (procStart) record.procStart = procStart;
  return record;
}

function parseRecord(text: string): { ok: true; holder: LockHolder } | { ok: false; problem: string } {
  if (text.trim() === '') return { ok: false, problem: 'den er tom' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'den er ikke gyldig JSON' };
  }
  const parsed = LockRecordSchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'indhold'}: ${i.message}`).join('; ') };
  return { ok: true, holder: parsed.data };
}

/** Linux: the id of this boot of the kernel (changes at every boot); undefined elsewhere. */
function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Linux: the start time of a process in clock ticks since boot (/proc/<pid>/stat, field 22). */
function readProcStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces: state is field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3];
  } catch {
    return undefined;
  }
}

function refusalMessage(reason: LockRefusal, dataDir: string, lockFile: string, holder: LockHolder | null, detail?: string): string {
  const who = holder ? `pid ${holder.pid} på ${holder.host}, låst ${holder.startedAt}` : '';
  switch (reason) {
    case 'running':
      return (
        `Datamappen ${dataDir} bruges allerede af en anden Indsatsguiden-proces (${who}). ` +
        'To processer på samme datamappe overskriver hinandens data, så denne proces starter ikke. ' +
        'Stop den anden proces først, eller giv denne proces sin egen DATA_DIR. ' +
        `Er pid ${holder?.pid} ikke Indsatsguiden (fx efter et strømsvigt), så slet låsefilen ${lockFile}. ${SEVERAL_INSTANCES}`
      );
    case 'this-process':
      return `Datamappen ${dataDir} er allerede åben i denne proces (${who}); luk den, før den åbnes igen. ${SEVERAL_INSTANCES}`;
    case 'other-host':
      return (
        `Datamappen ${dataDir} er låst af en Indsatsguiden-proces på en anden maskine (${who}); herfra kan det ikke ses, om den kører. ` +
        `Stop den; kører den ikke længere, så slet låsefilen ${lockFile} og start igen. ${SEVERAL_INSTANCES}`
      );
    case 'unreadable':
      return (
        `Datamappen ${dataDir} er låst, men låsefilen ${lockFile} kan ikke læses (${detail ?? 'ukendt fejl'}). ` +
        'Den kan komme fra en proces, der er ved at starte, eller fra et nedbrud. ' +
        `Kører ingen anden Indsatsguiden på datamappen, så slet låsefilen og start igen. ${SEVERAL_INSTANCES}`
      );
  }
}

function isCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | null)?.code === code;
}
