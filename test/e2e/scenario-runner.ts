/**
 * Runs one end-to-end scenario and prints its result as one line (RESULT_MARKER + JSON) on
 * standard output. Meant to run inside a loopback-only network namespace (run-in-netns.ts starts
 * it); it also runs without one for local debugging:
 *
 *   node --import tsx test/e2e/scenario-runner.ts intake
 *
 * Scenarios live in scenarios/<name>.ts and export a default Scenario. Every child process is
 * stopped before this process exits, also on failure, timeout (E2E_SCENARIO_TIMEOUT_MS) or SIGTERM.
 */
import path from 'node:path';
import { REPO_ROOT } from './support/env.js';
import { E2EHarness } from './support/playground.js';
import { RESULT_MARKER, type Scenario, type ScenarioResult } from './support/result.js';

const name = process.argv[2] ?? '';
const timeoutMs = Number(process.env.E2E_SCENARIO_TIMEOUT_MS ?? 150_000);
const started = performance.now();
let harness: E2EHarness | undefined;
let finished = false;

function emit(result: ScenarioResult): never {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
  process.exit(result.ok ? 0 : 1);
}

function failure(error: unknown): ScenarioResult {
  return {
    ok: false,
    scenario: name,
    durationMs: Math.round(performance.now() - started),
    steps: harness?.steps ?? [],
    facts: {},
    screenshots: (harness?.screenshots ?? []).map((f) => path.relative(REPO_ROOT, f)),
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    failedStep: harness?.currentStep ?? null,
    botLogTail: harness?.bot.child.tail(40),
  };
}

async function finish(result: ScenarioResult | (() => Promise<ScenarioResult>)): Promise<never> {
  if (finished) return new Promise<never>(() => undefined);
  finished = true;
  const value = typeof result === 'function' ? await result() : result;
  await harness?.close();
  emit(value);
}

async function run(): Promise<ScenarioResult> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`unknown scenario "${name}"`);
  const scenario = ((await import(`./scenarios/${name}.js`)) as { default: Scenario }).default;
  harness = await E2EHarness.start({ scenario: name });
  const facts = await scenario(harness);
  return {
    ok: true,
    scenario: name,
    durationMs: Math.round(performance.now() - started),
    steps: harness.steps,
    facts,
    screenshots: harness.screenshots.map((f) => path.relative(REPO_ROOT, f)),
  };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => void finish(failure(new Error(`stopped by ${signal}`))));
}

const watchdog = setTimeout(() => {
  void finish(async () => {
    await harness?.captureFailure();
    return failure(new Error(`scenario timed out after ${timeoutMs} ms`));
  });
}, timeoutMs);

run().then(
  (result) => {
    clearTimeout(watchdog);
    void finish(result);
  },
  (error: unknown) => {
    clearTimeout(watchdog);
    void finish(async () => {
      await harness?.captureFailure();
      return failure(error);
    });
  },
);
