/**
 * End to end in Microsoft 365 Agents Playground with headless Chromium, in a loopback-only network
 * namespace: the leader's view of a safety case (issue 12). A teacher flags violence and acute
 * danger in her Playground; the school leader, in his own, gets the alert, finds the case marked in
 * "sager på skolen", opens it (the signs, the acute answer, who and when, the alert, the
 * notification's status, a leader's buttons) and records the notification. Screenshots land in
 * test-results/e2e/sikkerhed-leder/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumMissingReason, describeFailure, runScenarioInNetns } from './run-in-netns.js';
import { PSEUDONYM } from './scenarios/sikkerhed-leder.js';
import { REPO_ROOT } from './support/env.js';
import { MAX_CARD_HEIGHT_PX } from './support/height.js';
import type { ScenarioResult } from './support/result.js';

const missing = chromiumMissingReason();
if (missing) console.warn(`[e2e] sikkerhed-leder.e2e.test.ts springes over: ${missing}`);

interface SikkerhedFacts {
  safeguarding: { text: string; buttons: string[] };
  alert: { text: string; buttons: string[] };
  list: { text: string };
  caseCard: { text: string; buttons: string[] };
  recorded: { text: string };
  heights: Record<'teacherSafeguarding' | 'caseCard', number>;
  shots: Record<string, string | undefined>;
}

describe("the leader's view of a safety case in the Agents Playground (e2e)", () => {
  it.skipIf(missing !== null)(
    'a teacher flags violence and acute danger; the leader is alerted, opens the marked case and records the notification',
    async () => {
      const result: ScenarioResult = await runScenarioInNetns('sikkerhed-leder', { timeoutMs: 200_000 });
      if (!result.ok) throw new Error(describeFailure(result));
      console.info(`[e2e] sikkerhed-leder: ${result.durationMs} ms (${result.steps.map((s) => `${s.name} ${s.ms} ms`).join(', ')})`);
      const facts = result.facts as unknown as SikkerhedFacts;

      // The teacher's card names the case, says how to notify the municipality, and offers the button.
      expect(facts.safeguarding.text).toContain(`Sag: ${PSEUDONYM}`);
      expect(facts.safeguarding.text).toContain('74 34 34 34');
      expect(facts.safeguarding.buttons).toEqual(expect.arrayContaining(['Underret via borger.dk', 'Jeg har underrettet']));

      // The leader's alert opens the case; the list marks it.
      expect(facts.alert.text).toContain(PSEUDONYM);
      expect(facts.alert.buttons).toContain('Åbn sagen');
      expect(facts.list.text).toContain('Sikkerhed · akut fare · underretning ikke registreret');
      expect(facts.list.text).not.toContain('skriv "fortsæt"');

      // The case card: signs, acute answer, who and when, the alert, the notification's status; a leader's buttons.
      for (const shown of [
        'Lise Bruun har markeret tegn på',
        'Vold',
        'Ja – barnet kan være i fare nu',
        'Hanne Lykke (sendt',
        'Ikke registreret',
      ])
        expect(facts.caseCard.text).toContain(shown);
      expect(facts.caseCard.buttons).toEqual(expect.arrayContaining(['Registrér underretning', 'Chat med Lise Bruun', 'Sager på skolen']));
      expect(facts.caseCard.buttons).not.toContain('Fortsæt');
      expect(facts.caseCard.text).not.toContain('Spørgsmålene er ikke besvaret endnu');

      // Recorded: the card replaced in place by the confirmation with the date and who.
      expect(facts.recorded.text).toContain('Underretningen er registreret');
      expect(facts.recorded.text).toMatch(/Underrettet \d{1,2}\. \p{L}+ \d{4} · registreret af Hanne Lykke/u);

      for (const [card, height] of Object.entries(facts.heights)) expect(height, card).toBeLessThanOrEqual(MAX_CARD_HEIGHT_PX);
      for (const shot of Object.values(facts.shots)) {
        expect(shot).toBeDefined();
        expect(existsSync(path.join(REPO_ROOT, shot!)), shot).toBe(true);
      }
    },
    240_000,
  );
});
