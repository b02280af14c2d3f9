/**
 * End to end in Microsoft 365 Agents Playground with headless Chromium (issue 12, "always know which
 * child"): a concern started with its pseudonym in the first message, the question before a second
 * concern, and "annullér" with Fortryd. Screenshots land in test-results/e2e/bekymring/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumMissingReason, describeFailure, runScenarioInNetns } from './run-in-netns.js';
import { REPO_ROOT } from './support/env.js';
import { MAX_CARD_HEIGHT_PX, type CardHeight } from './support/height.js';
import type { ScenarioResult } from './support/result.js';

const missing = chromiumMissingReason();
if (missing) console.warn(`[e2e] bekymring.e2e.test.ts springes over: ${missing}`);

interface BekymringFacts {
  pseudonym: string;
  firstCardText: string;
  secondNumber: number;
  promptText: string;
  resumedNumber: number;
  confirmText: string;
  cancelledText: string;
  restoredNumber: number;
  heights: CardHeight[];
  shots: Record<'firstCard' | 'prompt' | 'confirm' | 'cancelled' | 'restored' | 'conversation', string | undefined>;
}

describe('which child in the Agents Playground (e2e)', () => {
  it.skipIf(missing !== null)(
    'starts a concern with the pseudonym from the first message, asks before a second one, and cancels with Fortryd',
    async () => {
      const result: ScenarioResult = await runScenarioInNetns('bekymring', { timeoutMs: 200_000 });
      if (!result.ok) throw new Error(describeFailure(result));
      console.info(`[e2e] bekymring: ${result.durationMs} ms (${result.steps.map((s) => `${s.name} ${s.ms} ms`).join(', ')})`);
      const facts = result.facts as unknown as BekymringFacts;

      // "ny bekymring for A.B. i 4.B": the first card shows A.B., 4.B filled in.
      expect(facts.pseudonym).toBe('A.B., 4.B');
      expect(facts.firstCardText).toContain('Spørgsmål 1');
      expect(facts.secondNumber).toBe(2);

      // Another "ny bekymring" asks first and names the case; Fortsæt goes back to the same question.
      expect(facts.promptText).toMatch(/Du har en bekymring i gang for A\.B\., 4\.B \(spørgsmål 2, startet/);
      expect(facts.promptText).toContain('Sag: A.B., 4.B');
      expect(facts.resumedNumber).toBe(2);

      // "annullér" asks first; the cancelled card offers Fortryd, which reopens the same question.
      expect(facts.confirmText).toContain('Sag: A.B., 4.B');
      expect(facts.cancelledText).toContain('Kan fortrydes indtil');
      expect(facts.restoredNumber).toBe(2);

      // No card taller than 1,400 px at the Playground's default width.
      expect(facts.heights.length).toBeGreaterThan(0);
      for (const h of facts.heights) expect(h.height, `card ${h.index} "${h.title}"`).toBeLessThanOrEqual(MAX_CARD_HEIGHT_PX);

      for (const shot of Object.values(facts.shots)) {
        expect(shot).toBeDefined();
        expect(existsSync(path.join(REPO_ROOT, shot!)), shot).toBe(true);
      }
    },
    240_000,
  );
});
