/** What a scenario run reports on standard output (one line: RESULT_MARKER + JSON). */
import type { E2EHarness, StepRecord } from './playground.js';

export const RESULT_MARKER = 'E2E_RESULT ';

export interface ScenarioResult {
  ok: boolean;
  scenario: string;
  durationMs: number;
  steps: StepRecord[];
  /** What the scenario observed; the vitest test asserts on it. */
  facts: Record<string, unknown>;
  /** Relative to the repository root. */
  screenshots: string[];
  error?: string;
  failedStep?: string | null;
  botLogTail?: string;
}

/** A scenario drives the harness like a user and returns what it observed. */
export type Scenario = (harness: E2EHarness) => Promise<Record<string, unknown>>;
