/**
 * Runs an end-to-end scenario in a loopback-only network namespace, from a vitest test (which
 * cannot itself be inside one): `unshare -n`, bring `lo` up, exec the scenario runner, read the
 * one result line it prints. Nothing the bot, the Playground or Chromium sends can leave the
 * machine (the Playground tries to reach telemetry hosts even with --disable-telemetry).
 *
 * Needs root or CAP_SYS_ADMIN (CI runs as root); without it the run fails with the reason.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH, REPO_ROOT } from './support/env.js';
import { RESULT_MARKER, type ScenarioResult } from './support/result.js';

/** Why the end-to-end tests cannot run here, or null when they can. */
export function chromiumMissingReason(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `Chromium mangler (${CHROMIUM_PATH}): installér med apt-get install chromium`;
}

export class NetnsUnavailableError extends Error {
  override name = 'NetnsUnavailableError';
}

export interface RunOptions {
  /** Whole run, including start-up and shutdown (default 180 s). The scenario itself gets 20 s less. */
  timeoutMs?: number;
}

const tail = (text: string, lines = 40) => text.split('\n').slice(-lines).join('\n');

export function runScenarioInNetns(scenario: string, options: RunOptions = {}): Promise<ScenarioResult> {
  const timeoutMs = options.timeoutMs ?? 180_000;
  const script = 'export PATH="$PATH:/usr/sbin:/sbin"; ip link set lo up && exec "$0" --import tsx test/e2e/scenario-runner.ts "$1"';
  return new Promise((resolve, reject) => {
    // Detached: the runner leads its own process group, so a timeout can stop it and its children at once.
    const child = spawn('unshare', ['--net', '--pid', '--fork', '--kill-child', '--', 'sh', '-c', script, process.execPath, scenario], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, E2E_SCENARIO_TIMEOUT_MS: String(Math.max(10_000, timeoutMs - 20_000)) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // the group is gone
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 10_000).unref();
    }, timeoutMs);

    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new NetnsUnavailableError('unshare findes ikke (pakken util-linux); e2e-testen kræver unshare -n')
          : error,
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (line) {
        resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as ScenarioResult);
        return;
      }
      if (/^unshare: |RTNETLINK answers/m.test(stderr)) {
        reject(
          new NetnsUnavailableError(
            `unshare -n fejlede – e2e-testen skal køre som root eller med CAP_SYS_ADMIN (CI kører som root):\n${tail(stderr)}`,
          ),
        );
        return;
      }
      reject(
        new Error(
          `${timedOut ? `the e2e run timed out after ${timeoutMs} ms` : `the e2e run ended without a result (exit ${code ?? signal})`}\n` +
            `stderr:\n${tail(stderr)}\nstdout:\n${tail(stdout)}`,
        ),
      );
    });
  });
}

/** A readable account of a failed run for the test's error message. */
export function describeFailure(result: ScenarioResult): string {
  return [
    `e2e scenario "${result.scenario}" failed${result.failedStep ? ` in step "${result.failedStep}"` : ''} after ${result.durationMs} ms:`,
    result.error ?? '(no error message)',
    `steps: ${result.steps.map((s) => `${s.name} ${s.ok ? 'ok' : 'FAILED'} (${s.ms} ms)`).join('; ') || '(none)'}`,
    `screenshots: ${result.screenshots.join(', ') || '(none)'}`,
    result.botLogTail ? `bot log (last lines):\n${result.botLogTail}` : '',
  ].join('\n');
}
