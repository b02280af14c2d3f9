/**
 * The cards of version 2 of the rules, with the card templates as they are: the new questions
 * (consents as a multi-select of purposes, homeConcern and psychologistAgrees as Ja/Nej,
 * leaderDecision as one choice) render on the question card, and every recommendation the engine
 * gives over generated intakes (the held steps among them) fits the recommendation and
 * safeguarding cards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recommendationCard, questionCard, safeguardingCard } from '../../../src/cards/index.js';
import type { Screen } from '../../../src/cases/intake.service.js';
import { CONSENT_PURPOSES, LEADER_DECISIONS, type IntakeField } from '../../../src/domain/intake.js';
import { next } from '../../../src/domain/ladder.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { deepIntake, fullIntake, onHoldIntake, partialIntake } from '../domain/arbitraries.js';
import { nodes, texts } from './card-nodes.js';

const playbook = defaultPlaybook();
const CASE = '6f1c2a4e-8d3b-4f7a-9c21-5e0b7d9a1f34';

function asked(field: IntakeField, value?: string) {
  const screen: Extract<Screen, { kind: 'question' }> = {
    kind: 'question',
    caseId: CASE,
    seq: 7,
    number: 12,
    fields: [field],
    values: value === undefined ? {} : { [field]: value },
    errors: [],
    canGoBack: true,
    teams: [],
    label: { pseudonym: 'A.B., 4.B', team: null },
    concern: {},
  };
  const card = questionCard(screen, playbook);
  const inputs = nodes(card.body).filter(
    (n) => typeof n.type === 'string' && (n.type as string).startsWith('Input.') && n.type !== 'Input.Choice',
  );
  expect(inputs).toHaveLength(1);
  return { card, input: inputs[0]! };
}

const choiceValues = (input: Record<string, unknown>) => (input.choices as { value: string }[]).map((c) => c.value);

describe('the question card asks the new questions without a change to the card', () => {
  it('consents: a multi-select of the purposes, none required, the answers given kept', () => {
    const { card, input } = asked('consents', 'ppv,henvisning');
    expect(input).toMatchObject({
      type: 'Input.ChoiceSet',
      id: 'consents',
      isMultiSelect: true,
      isRequired: false,
      value: 'ppv,henvisning',
    });
    expect(choiceValues(input)).toEqual([...CONSENT_PURPOSES]);
    expect(input.label).toBe('Hvad har forældrene givet samtykke til? Vælg alt, hvad de har sagt ja til.');
    expect(texts(card)).toContain('Vælg alle, der passer – eller intet, hvis ingen af dem passer.');
  });

  it.each(['homeConcern', 'psychologistAgrees'] as const)('%s: Ja or Nej, required', (field) => {
    const { input } = asked(field);
    expect(input).toMatchObject({ type: 'Input.ChoiceSet', id: field, isRequired: true, errorMessage: 'Vælg Ja eller Nej.' });
    expect(input.isMultiSelect).toBeUndefined();
    expect(input.choices).toEqual([
      { title: 'Ja', value: 'true' },
      { title: 'Nej', value: 'false' },
    ]);
  });

  it('leaderDecision: one of the three decisions, required', () => {
    const { input } = asked('leaderDecision', 'paa-skolen');
    expect(input).toMatchObject({ type: 'Input.ChoiceSet', id: 'leaderDecision', isRequired: true, value: 'paa-skolen' });
    expect(input.isMultiSelect).toBeUndefined();
    expect(choiceValues(input)).toEqual([...LEADER_DECISIONS]);
  });
});

describe('every recommendation fits its cards', () => {
  it('renders the recommendation (and the safeguarding) card of generated intakes, the held steps among them', () => {
    const anyIntake = fc.oneof(partialIntake(playbook), fullIntake(playbook), deepIntake(playbook), onHoldIntake(playbook));
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = next(intake, playbook);
        if (r.kind !== 'recommendation') return;
        const card = recommendationCard(CASE, 3, r.recommendation);
        expect(texts(card)).toContain(r.recommendation.title);
        for (const line of r.recommendation.todo) expect(JSON.stringify(card)).toContain(JSON.stringify(line).slice(1, -1));
        if (r.recommendation.safeguarding) safeguardingCard(r.recommendation.safeguarding, playbook);
      }),
      { numRuns: 300 },
    );
  });
});
