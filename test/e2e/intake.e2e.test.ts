/**
 * End to end in Microsoft 365 Agents Playground with headless Chromium, in a loopback-only network
 * namespace: a class teacher opens the personal chat, types "ny bekymring", answers the question
 * cards by clicking and reaches the recommendation. Screenshots land in test-results/e2e/intake/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumMissingReason, describeFailure, runScenarioInNetns } from './run-in-netns.js';
import { REPO_ROOT } from './support/env.js';
import type { AskedQuestion, Recommendation } from './support/intake.js';
import type { ScenarioResult } from './support/result.js';

const missing = chromiumMissingReason();
if (missing) console.warn(`[e2e] intake.e2e.test.ts springes over: ${missing}`);

interface IntakeFacts {
  welcomeOnInstall: boolean;
  firstQuestion: { labels: string[] };
  questions: AskedQuestion[];
  recommendation: Recommendation;
  shots: Record<'firstQuestion' | 'midQuestion' | 'recommendation', string | undefined>;
}

describe('intake in the Agents Playground (e2e)', () => {
  it.skipIf(missing !== null)(
    'a teacher clicks through the question cards to the recommendation',
    async () => {
      const result: ScenarioResult = await runScenarioInNetns('intake', { timeoutMs: 200_000 });
      if (!result.ok) throw new Error(describeFailure(result));
      console.info(`[e2e] intake: ${result.durationMs} ms (${result.steps.map((s) => `${s.name} ${s.ms} ms`).join(', ')})`);
      const facts = result.facts as unknown as IntakeFacts;

      // Installing the bot in the personal chat shows the welcome card before anything is typed.
      expect(facts.welcomeOnInstall).toBe(true);

      // The first card asks who and what; whether the child is safe comes alone on the next card.
      expect(facts.firstQuestion.labels).toEqual([
        expect.stringMatching(/^Initialer og klasse/),
        expect.stringMatching(/^Beskriv kort bekymringen/),
        expect.stringMatching(/^Handler bekymringen om et læringsfællesskab eller om et barn/),
        expect.stringMatching(/^Hvad drejer bekymringen sig om/),
      ]);

      // Then the safety question and the data question, and each answered card was replaced in place by its answer.
      expect(facts.questions.map((q) => q.number)).toEqual([1, 2, 3]);
      expect(facts.questions[1]?.labels).toEqual([expect.stringMatching(/^Er der tegn på, at barnet ikke er i sikkerhed/)]);
      expect(facts.questions[2]?.labels).toEqual([expect.stringMatching(/^Hvilke data/)]);
      for (const q of facts.questions) expect(q.replacedInPlace, q.replacedWith).toBe(true);
      expect(facts.questions[0]?.replacedWith).toContain('Et læringsfællesskab');
      expect(facts.questions[0]?.replacedWith).toContain('Sociale relationer');

      expect(facts.recommendation.title).toBe('Indsaml data om læringsfællesskabet og barnet');
      expect(facts.recommendation.level).toBe('Forebyggende indsats');
      expect(facts.recommendation.text).toContain('Her er I nu');

      for (const shot of [facts.shots.firstQuestion, facts.shots.midQuestion, facts.shots.recommendation]) {
        expect(shot).toBeDefined();
        expect(existsSync(path.join(REPO_ROOT, shot!)), shot).toBe(true);
      }
    },
    240_000,
  );
});
