/**
 * End to end in Microsoft 365 Agents Playground with headless Chromium, in a loopback-only network
 * namespace: a class teacher clicks through the intake about one child to "Udarbejd en mål- og
 * indsatsplan", presses "Lav udkast" (one plan) and "Næste udkast" (the child's), fills in the
 * perspectives on the child's plan, presses "Gem" and sees "Version 1" in place of the draft, with
 * "Gemt – version 1" by the button. The cards are measured as rendered: the child's plan with its
 * sections folded, and every card at the end, none taller than 1,400 px at the Playground's default
 * width. Screenshots land in test-results/e2e/plan/.
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
import { MAX_CARD_HEIGHT_PX, type CardHeight } from './support/height.js';

const missing = chromiumMissingReason();
if (missing) console.warn(`[e2e] plan.e2e.test.ts springes over: ${missing}`);

interface PlanFacts {
  questions: AskedQuestion[];
  recommendation: Recommendation;
  communityDraftText: string;
  draft: { text: string; labels: string[]; concern: string; dataBasis: string; tovholder: string; goal1: string };
  saved: { version: number | null; replacedInPlace: boolean; text: string; childVoice: string | null; parentsVoice: string | null };
  heights: {
    community: number;
    child: number;
    childLabelsVisible: string[];
    toggled: { opened: number; folded: number };
    saved: number;
    all: CardHeight[];
  };
  shots: Record<'recommendation' | 'draft' | 'draftFolded' | 'saved', string | undefined>;
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
      // (How many cards the intake takes is the intake's: numbered from 1, one after another.)
      expect(facts.questions.length).toBeGreaterThanOrEqual(5);
      expect(facts.questions.map((q) => q.number)).toEqual(facts.questions.map((_, i) => i + 1));
      expect(facts.questions.flatMap((q) => q.labels).some((l) => l.includes('spurgt barnet'))).toBe(false);
      for (const q of facts.questions) expect(q.replacedInPlace, q.replacedWith).toBe(true);
      expect(facts.recommendation.title).toBe('Udarbejd en mål- og indsatsplan');
      expect(facts.recommendation.level).toBe('Forebyggende indsats');
      expect(facts.recommendation.text).toContain('Lav udkast');

      // "Lav udkast" posts one draft, the next offered as a button; both unsaved.
      expect(facts.communityDraftText).toContain(COMMUNITY_PLAN);
      expect(facts.communityDraftText).toContain('Udkast – ikke gemt endnu');
      expect(facts.communityDraftText).toContain(`Næste udkast: ${CHILD_PLAN}`);
      expect(facts.draft.text).not.toContain('Næste udkast');
      // Every card names the case at the top.
      expect(facts.draft.text.trimStart().startsWith('Sag: A.B., 4.B')).toBe(true);
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

      // Shorter cards, measured as rendered at the Playground's default width with the sections folded as drawn.
      console.info(
        `[e2e] plan heights: community ${facts.heights.community} px, child ${facts.heights.child} px (Baggrund opened ${facts.heights.toggled.opened} px), saved ${facts.heights.saved} px; all: ${facts.heights.all.map((c) => `${c.index}:${c.height}`).join(' ')}`,
      );
      expect(facts.heights.child).toBeLessThanOrEqual(MAX_CARD_HEIGHT_PX);
      expect(facts.heights.community).toBeLessThanOrEqual(MAX_CARD_HEIGHT_PX);
      // Folded: the background the draft filled in is not shown; the perspectives to write are.
      expect(facts.heights.childLabelsVisible).not.toContain('Bekymringen');
      expect(facts.heights.childLabelsVisible.map((l) => l.replace(/\s*\*$/, ''))).toEqual(
        expect.arrayContaining(['Barnets eget perspektiv (barnets stemme)', 'Forældrenes perspektiv']),
      );
      // Its title opens the section and folds it again.
      expect(facts.heights.toggled.opened).toBeGreaterThan(facts.heights.child + 100);
      expect(facts.heights.toggled.folded).toBe(facts.heights.child);
      // No card in the conversation is taller than 1,400 px (the scenario asserts it too, naming the card).
      expect(facts.heights.all.length).toBeGreaterThanOrEqual(3);
      for (const card of facts.heights.all)
        expect(card.height, `card ${card.index} "${card.title}"`).toBeLessThanOrEqual(MAX_CARD_HEIGHT_PX);

      // "Gem" replaces the draft in place with the saved plan, the teacher's words kept.
      expect(facts.saved.version, facts.saved.text).toBe(1);
      expect(facts.saved.replacedInPlace).toBe(true);
      expect(facts.saved.text).toContain(CHILD_PLAN);
      expect(facts.saved.text).toContain('Version 1');
      // The plan is headed by the pseudonym typed on the first card, never by a name.
      expect(facts.saved.text).toContain('A.B., 4.B');
      // "Gemt – version 1" where the teacher pressed: below the last section, by the buttons.
      expect(facts.saved.text).toContain('Gemt – version 1.');
      expect(facts.saved.text.indexOf('Gemt – version 1.')).toBeGreaterThan(facts.saved.text.lastIndexOf('Opfølgning'));
      expect(facts.saved.text).not.toContain('Planen er ikke gemt');
      expect(facts.saved.text).not.toContain('Udkast – ikke gemt');
      expect(facts.saved.text).toMatch(/Evaluér\s+Eksportér/);
      expect(facts.saved.childVoice).toBe(CHILD_VOICE);
      expect(facts.saved.parentsVoice).toBe(PARENTS_VOICE);

      for (const shot of [facts.shots.recommendation, facts.shots.draft, facts.shots.draftFolded, facts.shots.saved]) {
        expect(shot).toBeDefined();
        expect(existsSync(path.join(REPO_ROOT, shot!)), shot).toBe(true);
      }
    },
    240_000,
  );
});
