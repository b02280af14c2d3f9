/**
 * End to end in Microsoft 365 Agents Playground with headless Chromium, in a loopback-only network
 * namespace: a class teacher clicks through a case to the leader's decision after the PPV
 * (`afgoerelse`), drafts the sagsfremstilling, writes the PPV's recommendations and both
 * perspectives, and saves it. Screenshots land in test-results/e2e/afgoerelse/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumMissingReason, describeFailure, runScenarioInNetns } from './run-in-netns.js';
import { PPV_RECOMMENDATIONS, SAGSFREMSTILLING } from './scenarios/afgoerelse.js';
import { REPO_ROOT } from './support/env.js';
import type { AskedQuestion, Recommendation } from './support/intake.js';
import type { ScenarioResult } from './support/result.js';

const missing = chromiumMissingReason();
if (missing) console.warn(`[e2e] afgoerelse.e2e.test.ts springes over: ${missing}`);

interface AfgoerelseFacts {
  questions: AskedQuestion[];
  recommendation: Recommendation;
  draft: { text: string; labels: string[]; summary: string };
  saved: { version: number | null; replacedInPlace: boolean; text: string; ppvRecommendations: string | null };
  shots: Record<'recommendation' | 'draft' | 'saved', string | undefined>;
}

describe("the leader's decision in the Agents Playground (e2e)", () => {
  it.skipIf(missing !== null)(
    'a teacher clicks through a case to afgoerelse and drafts and saves the sagsfremstilling',
    async () => {
      const result: ScenarioResult = await runScenarioInNetns('afgoerelse', { timeoutMs: 200_000 });
      if (!result.ok) throw new Error(describeFailure(result));
      console.info(`[e2e] afgoerelse: ${result.durationMs} ms (${result.steps.map((s) => `${s.name} ${s.ms} ms`).join(', ')})`);
      const facts = result.facts as unknown as AfgoerelseFacts;

      for (const q of facts.questions) expect(q.replacedInPlace, q.replacedWith).toBe(true);
      expect(facts.recommendation.title).toBe('Udarbejd sagsfremstilling med partshøring, og træf afgørelse');
      expect(facts.recommendation.level).toBe('Foregribende indsats');

      // "Lav udkast" drafts the sagsfremstilling (§7), prefilled from the intake.
      expect(facts.draft.text).toContain(SAGSFREMSTILLING);
      expect(facts.draft.text).toContain('Udkast – ikke gemt endnu');
      expect(facts.draft.labels).toEqual(
        expect.arrayContaining(["PPV'ens anbefalinger", 'Forældrenes bemærkninger fra partshøringen', 'Afgørelsen', 'Begrundelse']),
      );
      expect(facts.draft.summary).toContain('E.F., 5.A');

      // "Gem" replaces the draft in place with version 1, the school's words kept.
      expect(facts.saved.version, facts.saved.text).toBe(1);
      expect(facts.saved.replacedInPlace).toBe(true);
      expect(facts.saved.text).toContain(SAGSFREMSTILLING);
      expect(facts.saved.text).toContain('Version 1');
      expect(facts.saved.ppvRecommendations).toBe(PPV_RECOMMENDATIONS);
      expect(facts.saved.text).not.toContain('Planen er ikke gemt');

      for (const shot of [facts.shots.recommendation, facts.shots.draft, facts.shots.saved]) {
        expect(shot).toBeDefined();
        expect(existsSync(path.join(REPO_ROOT, shot!)), shot).toBe(true);
      }
    },
    240_000,
  );
});
