/**
 * The form for PKU's decision names its case at the top like every card of a case (issue #12:
 * "Always know which child"): "Sag: A.B., 4.B", with the team when the caller knows it, bounded as
 * `caseHeading` bounds it, and the pseudonym only there. The realistic fixture is what the builder
 * draws, so it cannot drift from the bot's card.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS, pkuDecisionCard, renderCard, type AdaptiveCardJson, type ViewModel } from '../../../src/cards/index.js';
import { texts } from './card-nodes.js';

const CASE_ID = '3f6c2a1e-8b0d-4c3a-9e21-7d5b4a6c8f10';
const form = (extra: Partial<Parameters<typeof pkuDecisionCard>[0]> = {}): AdaptiveCardJson =>
  pkuDecisionCard({ caseId: CASE_ID, seq: 14, pseudonym: 'A.B., 4.B', today: '2027-03-10', ...extra });

describe("the card for PKU's decision", () => {
  it('names the case at the top, small and subtle, with the team when given', () => {
    const card = form({ team: '4.B – Fjordbakkeskolen' });
    expect(card.body[0]).toMatchObject({
      type: 'TextBlock',
      text: 'Sag: A.B., 4.B · 4.B – Fjordbakkeskolen',
      size: 'Small',
      isSubtle: true,
    });
    // Above the header, and the pseudonym nowhere else on the card.
    expect(card.body[1]).toMatchObject({ type: 'Container', style: 'emphasis' });
    expect(texts(card).filter((t) => t.includes('A.B., 4.B'))).toEqual(['Sag: A.B., 4.B · 4.B – Fjordbakkeskolen']);
  });

  it('names the case without a team when the caller does not give one, and a case without a pseudonym as such', () => {
    expect(form().body[0]).toMatchObject({ text: 'Sag: A.B., 4.B' });
    expect(form({ team: null }).body[0]).toMatchObject({ text: 'Sag: A.B., 4.B' });
    expect(form({ team: '  ' }).body[0]).toMatchObject({ text: 'Sag: A.B., 4.B' });
    expect(form({ pseudonym: null }).body[0]).toMatchObject({ text: 'Sag: (uden kaldenavn)' });
  });

  it('clips a long pseudonym and team to the bound of a heading', () => {
    const heading = form({ pseudonym: 'P'.repeat(500), team: 'T'.repeat(500) }).body[0]!.text as string;
    expect(heading.startsWith(`Sag: ${'P'.repeat(59)}`)).toBe(true);
    expect(heading).toContain(' · TTT');
    expect(Array.from(heading).length).toBeLessThanOrEqual(LIMITS.title);
    expect(heading.endsWith('…')).toBe(true);
  });

  it('is what its realistic fixture draws', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../../fixtures/cards/pku-decision.json', import.meta.url), 'utf8'),
    ) as ViewModel<'pku-decision'>;
    expect(form({ team: '4.B – Fjordbakkeskolen' })).toEqual(renderCard('pku-decision', fixture));
  });
});
