/**
 * End to end in Microsoft 365 Agents Playground with headless Chromium, in a loopback-only network
 * namespace: the acute-danger pause (issue 12, "Safety first, really"). A teacher ticks "Vold" on
 * the safety card (which stands alone after the first card) and answers "Ja" to acute danger: "Ring
 * 112 nu" comes first, then the duty to notify, then the card naming the leaders who were alerted,
 * and no next question until she presses "Fortsæt nu". Every card of the case names it at the top,
 * and none is taller than 1,400 px. Screenshots land in test-results/e2e/sikkerhed/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumMissingReason, describeFailure, runScenarioInNetns } from './run-in-netns.js';
import { REPO_ROOT } from './support/env.js';
import { MAX_CARD_HEIGHT_PX, type CardHeight } from './support/height.js';
import type { ScenarioResult } from './support/result.js';

const missing = chromiumMissingReason();
if (missing) console.warn(`[e2e] sikkerhed.e2e.test.ts springes over: ${missing}`);

interface SikkerhedFacts {
  first: { heading: string; labels: string[] };
  safety: { heading: string; labels: string[] };
  acute: { heading: string; labels: string[]; text: string };
  arrived: { heading: string; lines: string[] }[];
  pause: { text: string };
  next: { heading: string; labels: string[] };
  heights: CardHeight[];
  shots: Record<string, string>;
}

const CASE = 'Sag: A.B., 2.A · Indskoling – Fjordbakkeskolen';

describe('the acute-danger pause in the Agents Playground (e2e)', () => {
  it.skipIf(missing !== null)(
    'Vold and acute danger: 112 first, the duty to notify, the leaders by name, then the next question only on "Fortsæt nu"',
    async () => {
      const result: ScenarioResult = await runScenarioInNetns('sikkerhed', { timeoutMs: 200_000 });
      if (!result.ok) throw new Error(describeFailure(result));
      console.info(`[e2e] sikkerhed: ${result.durationMs} ms (${result.steps.map((s) => `${s.name} ${s.ms} ms`).join(', ')})`);
      const facts = result.facts as unknown as SikkerhedFacts;

      // The first card asks who and what; the safety question stands alone on the next card.
      expect(facts.first.heading).toBe('Ny bekymring');
      expect(facts.first.labels).toEqual([
        expect.stringMatching(/^Initialer og klasse/),
        expect.stringMatching(/^Beskriv kort bekymringen: hvad ser du, hvornår og hvor ofte/),
        expect.stringMatching(/^Handler bekymringen om et læringsfællesskab eller om et barn/),
        expect.stringMatching(/^Hvad drejer bekymringen sig om/),
      ]);
      expect(facts.safety.labels).toEqual([expect.stringMatching(/^Er der tegn på, at barnet ikke er i sikkerhed/)]);
      expect(facts.safety.heading).toBe(CASE);
      // Acute danger is asked without the long legal card.
      expect(facts.acute.labels).toEqual([expect.stringMatching(/^Er barnet i akut fare/)]);
      expect(facts.acute.text).not.toMatch(/underretningspligt/i);

      // After "Ja": 112 first, then the duty to notify, then the leaders by name; no question card.
      expect(facts.arrived).toHaveLength(3);
      const [call112, duty, alerted] = facts.arrived;
      expect(call112!.heading).toBe(CASE);
      expect(call112!.lines).toContain('Ring 112 nu');
      expect(duty!.lines.join(' ')).toMatch(/underretningspligt/i);
      expect(alerted!.heading).toBe(CASE);
      expect(alerted!.lines.join(' ')).toContain('Hanne Lykke og Per Damgaard');
      for (const card of facts.arrived) expect(card.lines.join(' ')).not.toMatch(/Indsatsguiden · Spørgsmål/);
      expect(facts.pause.text).toContain('Fortsæt nu');
      expect(facts.pause.text).toContain('Fortsæt senere');

      // "Fortsæt nu" asks the next question of the case: whether the violence concerns the home.
      expect(facts.next.heading).toBe(CASE);
      expect(facts.next.labels).toEqual([expect.stringMatching(/^Peger tegnene på forhold i barnets hjem/)]);

      // No card in the conversation is taller than 1,400 px as rendered.
      expect(facts.heights.length).toBeGreaterThanOrEqual(5);
      for (const h of facts.heights) expect(h.height, `${h.title} (${h.height} px)`).toBeLessThanOrEqual(MAX_CARD_HEIGHT_PX);

      for (const shot of Object.values(facts.shots)) expect(existsSync(path.join(REPO_ROOT, shot)), shot).toBe(true);
    },
    240_000,
  );
});
