/**
 * End to end in Microsoft 365 Agents Playground with headless Chromium, in a loopback-only network
 * namespace: a class teacher clicks through the intake about one child to "Udarbejd en mål- og
 * indsatsplan", presses "Lav udkast", fills in the perspectives on the child's plan, presses "Gem"
 * and sees "Version 1" in place of the draft. Screenshots land in test-results/e2e/plan/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYGROUND_PEOPLE } from '../../src/cli/playground.js';
import { chromiumMissingReason, describeFailure, runScenarioInNetns } from './run-in-netns.js';
import { CHILD_PLAN, CHILD_VOICE, COMMUNITY_PLAN, PARENTS_VOICE } from './scenarios/plan.js';
import { REPO_ROOT } from './support/env.js';
import type { AskedQuestion, Recommendation } from './support/intake.js';
import type { ScenarioResult } from './support/result.js';

const missing = chromiumMissingReason();
if (missing) console.warn(`[e2e] plan.e2e.test.ts springes over: ${missing}`);

interface PlanFacts {
  questions: AskedQuestion[];
  recommendation: Recommendation;
  communityDraftText: string;
  draft: { text: string; labels: string[]; concern: string; dataBasis: string; tovholder: string; goal1: string };
  saved: { version: number | null; replacedInPlace: boolean; text: string; childVoice: string | null; parentsVoice: string | null };
  shots: Record<'recommendation' | 'draft' | 'saved', string | undefined>;
}

describe('plans in the Agents Playground (e2e)', () => {
  it.skipIf(missing !== null)(
    'a teacher drafts the child plan from the recommendation, fills in the perspectives and saves it',
    async () => {
      const result: ScenarioResult = await runScenarioInNetns('plan', { timeoutMs: 200_000 });
      if (!result.ok) throw new Error(describeFailure(result));
      console.info(`[e2e] plan: ${result.durationMs} ms (${result.steps.map((s) => `${s.name} ${s.ms} ms`).join(', ')})`);
      const facts = result.facts as unknown as PlanFacts;

      // The intake about one child, answered by clicking, ends at the plan step.
      // The data hold pupil conversations, so the child's own perspective is not asked for.
      expect(facts.questions.map((q) => q.number)).toEqual([1, 2, 3, 4, 5]);
      expect(facts.questions.flatMap((q) => q.labels).some((l) => l.includes('spurgt barnet'))).toBe(false);
      for (const q of facts.questions) expect(q.replacedInPlace, q.replacedWith).toBe(true);
      expect(facts.recommendation.title).toBe('Udarbejd en mål- og indsatsplan');
      expect(facts.recommendation.level).toBe('Forebyggende indsats');
      expect(facts.recommendation.text).toContain('Lav udkast');

      // "Lav udkast" posts both drafts the step calls for, unsaved.
      expect(facts.communityDraftText).toContain(COMMUNITY_PLAN);
      expect(facts.communityDraftText).toContain('Udkast – ikke gemt endnu');
      expect(facts.draft.text).toContain(CHILD_PLAN);
      expect(facts.draft.text).toContain('Udkast – ikke gemt endnu');
      expect(facts.draft.text).not.toMatch(/Version \d/);

      // The child plan asks for both perspectives and comes prefilled from the intake.
      expect(facts.draft.labels).toEqual(expect.arrayContaining(['Barnets eget perspektiv (barnets stemme)', 'Forældrenes perspektiv']));
      expect(facts.draft.concern).toBe('A.B. trives ikke og trækker sig i frikvartererne');
      expect(facts.draft.dataBasis).toContain('Pædagogiske iagttagelser og observationer');
      expect(facts.draft.dataBasis).toContain('Individuelle elevsamtaler');
      const teacher = PLAYGROUND_PEOPLE[0]!;
      expect(facts.draft.tovholder).toBe(`${teacher.givenName} ${teacher.surname}`);
      expect(facts.draft.goal1.trim()).not.toBe('');

      // "Gem" replaces the draft in place with the saved plan, the teacher's words kept.
      expect(facts.saved.version, facts.saved.text).toBe(1);
      expect(facts.saved.replacedInPlace).toBe(true);
      expect(facts.saved.text).toContain(CHILD_PLAN);
      expect(facts.saved.text).toContain('Version 1');
      // The plan is headed by the pseudonym typed on the first card, never by a name.
      expect(facts.saved.text).toContain('A.B., 4.B');
      expect(facts.saved.text).toContain('Gemt.');
      expect(facts.saved.text).not.toContain('Planen er ikke gemt');
      expect(facts.saved.text).not.toContain('Udkast – ikke gemt');
      expect(facts.saved.text).toMatch(/Evaluér\s+Eksportér/);
      expect(facts.saved.childVoice).toBe(CHILD_VOICE);
      expect(facts.saved.parentsVoice).toBe(PARENTS_VOICE);

      for (const shot of [facts.shots.recommendation, facts.shots.draft, facts.shots.saved]) {
        expect(shot).toBeDefined();
        expect(existsSync(path.join(REPO_ROOT, shot!)), shot).toBe(true);
      }
    },
    240_000,
  );
});
