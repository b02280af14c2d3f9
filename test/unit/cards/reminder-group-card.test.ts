/**
 * The grouped evaluation reminder (issue 12): several plans due for one person at the same time on
 * one card, each plan with its case heading, its date and its own buttons, which carry the card's
 * plans so a click can draw the whole card again; a plan that was moved or evaluated says so and
 * loses the buttons that no longer make sense.
 */
import { describe, expect, it } from 'vitest';
import {
  REMINDER_GROUP_MAX,
  evaluationReminderGroupCard,
  type AdaptiveCardJson,
  type EvaluationReminderGroupItem,
} from '../../../src/cards/index.js';
import { nodes, texts } from './card-nodes.js';

const item = (n: number, extra: Partial<EvaluationReminderGroupItem> = {}): EvaluationReminderGroupItem => ({
  caseId: `0d6e2f5a-3b7c-4e1d-9a2b-5c6d7e8f000${n}`,
  planId: `7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b000${n}`,
  planTitle: `Plan ${n}`,
  pseudonym: `A.${n}., 4.B`,
  teamName: '4.B',
  evaluationDate: '2027-01-18',
  kind: 'due-soon',
  state: { kind: 'open' },
  ...extra,
});
const executes = (card: unknown) => nodes(card).filter((n) => n.type === 'Action.Execute');
const buttonsOf = (card: AdaptiveCardJson, planId: string) =>
  executes(card)
    .filter((a) => (a.data as { planId?: string }).planId === planId)
    .map((a) => a.verb);

describe('evaluationReminderGroupCard', () => {
  it('names each plan with its case heading and date, and gives each its own three buttons', () => {
    const card = evaluationReminderGroupCard({ items: [item(1), item(2, { pseudonym: null, teamName: null })], roles: ['leder', 'leder'] });
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        '2 planer skal evalueres',
        'Sag: A.1., 4.B · 4.B',
        `Sag: (uden kaldenavn)`,
        'Evalueres mandag 18. januar 2027 (om to skoledage)',
        'Du får beskeden, fordi du er leder på skolen.',
      ]),
    );
    for (const n of [1, 2]) {
      expect(buttonsOf(card, item(n).planId)).toEqual(['plan.evaluate', 'reminder.snooze', 'reminder.done']);
    }
    const group = `${item(1).planId}:2027-01-18 ${item(2).planId}:2027-01-18`;
    for (const a of executes(card).filter((x) => x.verb !== 'plan.evaluate')) expect((a.data as { group: string }).group).toBe(group);
  });

  it('is as urgent as its most urgent plan, and says why the recipient gets it', () => {
    const card = evaluationReminderGroupCard({
      items: [item(1), item(2, { kind: 'overdue', evaluationDate: '2027-01-13' })],
      roles: ['leder', 'tovholder'],
    });
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(texts(card)).toContain('Skulle have været evalueret onsdag 13. januar 2027');
    expect(texts(card)).toContain('Du får beskeden, fordi du er leder på skolen eller tovholder på planen.');
    expect(nodes(card.body).find((n) => n.text === 'Skulle have været evalueret onsdag 13. januar 2027')?.color).toBe('Attention');
  });

  it('a moved plan says its new date plainly and keeps only "Evaluér nu"; an evaluated one has no buttons; the others keep theirs', () => {
    const card = evaluationReminderGroupCard({
      items: [
        item(1, { state: { kind: 'moved', to: '2027-01-25' } }),
        item(2, { state: { kind: 'evaluated', by: 'Hanne Lykke', at: new Date('2027-01-14T09:00:00Z') } }),
        item(3),
      ],
      roles: ['tovholder', 'tovholder', 'tovholder'],
    });
    expect(texts(card)).toEqual(
      expect.arrayContaining(['Ny evalueringsdato: mandag 25. januar 2027', 'Markeret som evalueret af Hanne Lykke 14. januar 2027']),
    );
    expect(buttonsOf(card, item(1).planId)).toEqual(['plan.evaluate']);
    expect(buttonsOf(card, item(2).planId)).toEqual([]);
    expect(buttonsOf(card, item(3).planId)).toEqual(['plan.evaluate', 'reminder.snooze', 'reminder.done']);
  });

  it(`shows at most ${REMINDER_GROUP_MAX} plans and counts the rest, under 28 KB however long the names`, () => {
    const long = 'Æøå '.repeat(100);
    const items = Array.from({ length: REMINDER_GROUP_MAX + 2 }, (_, i) =>
      item(i, {
        planId: `7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b00${String(i).padStart(2, '0')}`,
        planTitle: long,
        pseudonym: long,
        teamName: long,
      }),
    );
    const card = evaluationReminderGroupCard({ items, roles: ['leder'] });
    expect(texts(card)).toContain('… og 2 planer mere: skriv »mine sager« eller »sager på skolen« for at se dem.');
    expect(executes(card).filter((a) => a.verb === 'plan.evaluate')).toHaveLength(REMINDER_GROUP_MAX);
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(28 * 1024);
  });
});
