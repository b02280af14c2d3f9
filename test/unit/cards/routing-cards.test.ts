/**
 * The routing notices (src/cards/notice/routing.ts): the refusal of too many new concerns says when the
 * person may start again in Danish local time and quotes the bounds; the card for what the app
 * does not offer points to "hjælp". Both are notice cards with working buttons.
 */
import { describe, expect, it } from 'vitest';
import { type AdaptiveCardJson, limitsText, routingNotices, whenText } from '../../../src/cards/index.js';
import { NEW_CONCERN_LIMITS } from '../../../src/domain/limits.js';
import { nodes, texts } from './card-nodes.js';

const buttons = (card: AdaptiveCardJson) =>
  nodes(card)
    .filter((n) => n.type === 'Action.Execute')
    .map((a) => [a.title, a.verb]);
const HOUR = 3_600_000;

describe('routing notices', () => {
  // 10:00 UTC is 11:00 in Copenhagen in November (CET).
  const now = new Date('2026-11-12T10:00:00Z');

  it('says the time today, "i morgen" tomorrow, else the weekday and date, rounded up to the minute', () => {
    expect(whenText(new Date('2026-11-12T10:41:10Z'), now)).toBe('kl. 11.42');
    expect(whenText(new Date('2026-11-12T10:41:00Z'), now)).toBe('kl. 11.41');
    expect(whenText(new Date('2026-11-13T08:05:00Z'), now)).toBe('i morgen kl. 09.05');
    expect(whenText(new Date('2026-11-14T08:05:00Z'), now)).toBe('lørdag 14. november kl. 09.05');
    // Across midnight in Copenhagen (23:30 UTC is 00:30 local the next day).
    expect(whenText(new Date('2026-11-12T23:30:00Z'), now)).toBe('i morgen kl. 00.30');
  });

  it('quotes the bounds in words', () => {
    expect(limitsText(NEW_CONCERN_LIMITS)).toBe('15 i timen og 40 i døgnet');
    expect(
      limitsText([
        { max: 3, windowMs: 2 * HOUR },
        { max: 5, windowMs: 30 * 60_000 },
        { max: 9, windowMs: HOUR },
      ]),
    ).toBe('3 på 2 timer, 5 på 30 minutter og 9 i timen');
  });

  it('refuses a new concern with a warning that says when, and offers to carry on', () => {
    const card = routingNotices.newConcernsLimited(new Date('2026-11-12T10:41:10Z'), now, NEW_CONCERN_LIMITS);
    const text = texts(card).join('\n');
    expect(text).toContain('Du har startet mange nye bekymringer');
    expect(text).toContain('Du kan starte en ny bekymring igen kl. 11.42.');
    expect(text).toContain('15 i timen og 40 i døgnet');
    expect(buttons(card)).toEqual([
      ['Fortsæt', 'intake.resume'],
      ['Mine sager', 'cases.list'],
    ]);
    expect(nodes(card).some((n) => n.style === 'warning')).toBe(true);
  });

  it('tells that the app does not offer what Teams asked for, with the help button', () => {
    const card = routingNotices.notSupported();
    expect(texts(card).join('\n')).toContain('Det kan Indsatsguiden ikke');
    expect(buttons(card)).toEqual([['Hjælp', 'help.show']]);
  });
});
