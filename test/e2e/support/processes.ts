/**
 * Child processes for the end-to-end harness: each child writes to its own log file, is stopped by
 * its pid (SIGTERM, then SIGKILL), and is killed synchronously if the harness process exits.
 * Children are not detached: they share the runner's process group, so whoever started the runner
 * can take everything down with one group kill as a last resort.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Exit code (or 128 + signal number style code) once the process has exited. */
  readonly exited: Promise<number>;
  hasExited(): boolean;
  /** The last `lines` lines of the child's output. */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook() {
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

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

export function spawnChild(name: string, command: string, args: string[], options: SpawnOptions): Child {
  installExitHook();
  const fd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  running.add(child);
  let done = false;
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(child);
      resolve(code ?? (signal ? 128 + (signalNumber[signal] ?? 0) : 1));
    });
    child.once('error', () => {
      done = true;
      running.delete(child);
      resolve(127);
    });
  });
  const pid = child.pid;
  return {
    name,
    pid,
    logFile: options.logFile,
    exited,
    hasExited: () => done,
    tail(lines = 40) {
      try {
        return readFileSync(options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
    async stop(graceMs = 5_000) {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!done) child.kill('SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

const signalNumber: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a value (not undefined), the child dies, or the time is up. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  {
    timeoutMs,
    child,
    intervalMs = 200,
    showOutputOnTimeout = false,
  }: { timeoutMs: number; child?: Child; intervalMs?: number; showOutputOnTimeout?: boolean },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child?.hasExited()) {
      throw new Error(`${child.name} exited (code ${await child.exited}) while waiting for ${what}:\n${child.tail()}`);
    }
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const output = child && showOutputOnTimeout ? `; ${child.name} output:\n${child.tail()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${output}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resolves when GET `url` answers 2xx. */
export function waitForHttpOk(url: string, options: { timeoutMs: number; child?: Child }): Promise<true> {
  return waitUntil(
    `GET ${url} to answer 2xx`,
    async () => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await res.body?.cancel();
        return res.ok ? true : undefined;
      } catch {
        return undefined;
      }
    },
    { ...options, showOutputOnTimeout: true },
  );
}
