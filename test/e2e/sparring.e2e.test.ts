/**
 * End to end in Microsoft 365 Agents Playground with headless Chromium, in a loopback-only network
 * namespace: Mette Kjær, class teacher in 4.B and Fjordbakkeskolen's AKT adviser, clicks through a
 * concern about a child in 4.B, writes "mine sager", opens the case, presses "Anmod om sparring",
 * picks "AKT – Fjordbakkeskolen" (the form tells her she is its only member), writes a summary and
 * presses "Send anmodning". The bot posts the request to the AKT group's channel (the directory's
 * channel, the Playground's team channel); she opens it, presses "Jeg tager den" and sees the card
 * become hers. Screenshots land in test-results/e2e/sparring/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYGROUND_BOT } from '../../src/cli/playground.js';
import { EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../../src/directory/load.js';
import { DirectoryLookup } from '../../src/directory/lookup.js';
import { chromiumMissingReason, describeFailure, runScenarioInNetns } from './run-in-netns.js';
import { REPO_ROOT } from './support/env.js';
import type { AskedQuestion, Recommendation } from './support/intake.js';
import type { ScenarioResult } from './support/result.js';
import { AKT_GROUP, SPARRING_SUMMARY, WISHED_TIME } from './support/sparring.js';

const missing = chromiumMissingReason();
if (missing) console.warn(`[e2e] sparring.e2e.test.ts springes over: ${missing}`);

interface SparringFacts {
  user: { index: number; name: string };
  channel: { id: string; name: string };
  questions: AskedQuestion[];
  recommendation: Recommendation;
  caseText: string;
  formText: string;
  formLabels: string[];
  sent: { text: string; replacedInPlace: boolean; newCards: number };
  pushed: { conversationId: string; from: string; fallbackText: string };
  posted: { text: string; index: number };
  open: { text: string; buttons: string[] };
  claimed: { text: string; replacedInPlace: boolean; newCards: number; buttons: string[] };
  shots: Record<'case' | 'form' | 'sent' | 'channel' | 'claimed' | 'conversation', string | undefined>;
}

describe('sparring requests in the Agents Playground (e2e)', () => {
  it.skipIf(missing !== null)(
    'a teacher asks her AKT group for sparring from the case card, and takes the request in the group channel',
    async () => {
      const result: ScenarioResult = await runScenarioInNetns('sparring', { timeoutMs: 200_000 });
      if (!result.ok) throw new Error(describeFailure(result));
      console.info(`[e2e] sparring: ${result.durationMs} ms (${result.steps.map((s) => `${s.name} ${s.ms} ms`).join(', ')})`);
      const facts = result.facts as unknown as SparringFacts;

      // The Playground's user is Mette Kjær, and its channel is the one the directory names for her school's AKT group.
      expect(facts.user.name).toBe('Mette Kjær');
      const akt = new DirectoryLookup(loadDirectory(EXAMPLE_DIRECTORY_FILE)).poolChannel({
        kind: 'school',
        schoolId: 'fjordbakke',
        pool: 'akt',
      });
      expect(akt).toBeDefined();
      expect(facts.channel).toEqual({ id: akt!.channelId, name: akt!.name });

      // The intake about a child in 4.B (she has two teams: one question more than the plan scenario).
      expect(facts.questions.length).toBeGreaterThanOrEqual(5);
      for (const q of facts.questions) expect(q.replacedInPlace, q.replacedWith).toBe(true);
      expect(facts.recommendation.title).toBe('Udarbejd en mål- og indsatsplan');

      // The case card offers the request; the form lists the school's and the district's groups.
      expect(facts.caseText).toContain('A.B., 4.B');
      expect(facts.caseText).toContain('Ingen anmodninger om sparring endnu.');
      expect(facts.formText).toContain('A.B., 4.B');
      expect(facts.formText).toContain(AKT_GROUP);
      expect(facts.formText).toContain('PLC – Fjordbakkeskolen');
      // She is the AKT group's only member: the form says so before she sends it to herself.
      expect(facts.formText).toContain(`${AKT_GROUP} (kun dig selv)`);
      expect(facts.formText).toContain(`Du er selv den eneste i ${AKT_GROUP}. Sender du anmodningen dertil, går den kun til dig selv.`);
      expect(facts.formLabels).toEqual(
        expect.arrayContaining(['Hvem skal anmodningen gå til?', 'Kort resumé: hvad vil I gerne have hjælp til?']),
      );

      // "Send anmodning" replaces the form in place: the request went to the AKT group's channel.
      expect(facts.sent.replacedInPlace).toBe(true);
      expect(facts.sent.text).toContain('Anmodningen om sparring er sendt');
      expect(facts.sent.text).toContain(`kanalen for ${AKT_GROUP}`);

      // The bot posted the card to the channel on its own, before she opened it.
      expect(facts.pushed.conversationId).toBe(akt!.channelId);
      expect(facts.pushed.from).toBe(PLAYGROUND_BOT.id);
      expect(facts.pushed.fallbackText).toContain('A.B., 4.B');
      expect(facts.pushed.fallbackText).toContain(AKT_GROUP);

      // In the channel: the group's card, open, with what she wrote and her name; a pool member may take it.
      for (const text of [facts.posted.text, facts.open.text]) {
        expect(text).toContain('Indsatsguiden · Anmodning om sparring');
        expect(text).toContain(AKT_GROUP);
        expect(text).toContain(SPARRING_SUMMARY);
        expect(text).toContain(WISHED_TIME);
        expect(text).toContain('Mette Kjær');
      }
      expect(facts.open.buttons).toContain('Jeg tager den');
      expect(facts.open.buttons).not.toContain('Afslut');

      // "Jeg tager den" turns the card into hers, in place: taken by her, with Afslut and Giv fra mig.
      expect(facts.claimed.replacedInPlace).toBe(true);
      expect(facts.claimed.newCards).toBe(0);
      expect(facts.claimed.text).toContain('Du har taget anmodningen');
      expect(facts.claimed.text).toMatch(/Taget af\s+Mette Kjær/);
      expect(facts.claimed.buttons).toEqual(expect.arrayContaining(['Afslut', 'Giv fra mig']));
      expect(facts.claimed.buttons).not.toContain('Jeg tager den');

      for (const shot of [facts.shots.case, facts.shots.form, facts.shots.sent, facts.shots.channel, facts.shots.claimed]) {
        expect(shot).toBeDefined();
        expect(existsSync(path.join(REPO_ROOT, shot!)), shot).toBe(true);
        expect(shot!.startsWith(path.join('test-results', 'e2e', 'sparring'))).toBe(true);
      }
    },
    240_000,
  );
});
