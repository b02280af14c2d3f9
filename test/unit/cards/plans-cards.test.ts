/**
 * The plan cards: their inputs are exactly the plan's flat card values, labelled; a validation error
 * shows right under its input and a general one at the top; the user's values come back without a
 * CPR number; buttons follow the version (draft, saved, earlier version); the slots of lists show the
 * filled ones and one spare; the header carries the level's colour. The view models are built by the
 * view builder (`planViewModel`), as the bot builds them; the schema refuses one that is not normalised.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  renderCard,
  type AdaptiveCardJson,
  PLAN_HEADER_STYLES,
  planViewModel,
  type PlanViewInput,
  type PlanViewModel,
} from '../../../src/cards/index.js';
import {
  checklistKey,
  draftPlan,
  parsePlanCard,
  PLAN_TEMPLATE_IDS,
  PLAN_TITLES,
  planCardFields,
  planCardKeys,
  planToCardValues,
  type PlanTemplateId,
} from '../../../src/domain/plans/index.js';
import { PREREQUISITES } from '../../../src/domain/recommendation.js';
import type { Intake } from '../../../src/domain/intake.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { nodes, type Node } from './card-nodes.js';

const playbook = defaultPlaybook();
const TODAY = '2025-03-03';

const inputs = (card: AdaptiveCardJson) =>
  nodes(card.body).filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.type !== 'Input.Choice');
const inputIds = (card: AdaptiveCardJson) => inputs(card).map((n) => n.id as string);
const buttons = (card: AdaptiveCardJson) => (card.actions ?? []).map((a) => a.title);
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/cards/${name}.json`, import.meta.url), 'utf8')) as PlanViewModel;

const CHILD: Intake = {
  description: 'A.B., 4.B, trækker sig fra fællesskabet og har meget fravær.',
  scope: 'barn',
  areas: ['trivsel', 'fravaer'],
  safety: [],
  data: ['observationer'],
  childPerspective: false,
  teamDiscussed: true,
  plan: 'begge',
  parents: 'orienteret',
  planEvaluated: 'delvist',
  tried: ['trivselsforloeb'],
  advisers: ['plc', 'praksisvejleder'],
  adviserEffect: 'virker-ikke',
  networkMeetingHeld: true,
  ppv: 'foreligger',
  leaderDecision: 'vidtgaaende',
  districtCouncil: true,
  consents: ['arbejdsmoede', 'ppv', 'distriktsraad', 'henvisning'],
  psychologistAgrees: true,
};

function viewModel(t: PlanTemplateId, values: Record<string, string>, extra: Partial<PlanViewInput> = {}): PlanViewModel {
  return planViewModel({
    templateId: t,
    caseId: 'case-1',
    seq: 4,
    planId: 'plan-1',
    title: PLAN_TITLES[t],
    pseudonym: 'A.B., 4.B',
    level: 'foregribende',
    levelTitle: 'Foregribende indsats',
    version: null,
    savedAt: null,
    savedBy: null,
    readOnly: false,
    values,
    errors: [],
    notes: [],
    ...extra,
  });
}
const draftValues = (t: PlanTemplateId) => {
  const basePlan = draftPlan('plan-barn', CHILD, playbook, { pseudonym: 'A.B., 4.B', tovholder: 'Mette', today: TODAY });
  return planToCardValues(t, draftPlan(t, CHILD, playbook, { pseudonym: 'A.B., 4.B', tovholder: 'Mette', today: TODAY, basePlan }));
};
/** Every key filled, so every slot is shown. */
const fullValues = (t: PlanTemplateId) => fixture(`${t}.max`).v;

describe.each(PLAN_TEMPLATE_IDS)('plan card %s', (t) => {
  it('has exactly one labelled input per card value key, with the key as its id', () => {
    const card = renderCard(t, viewModel(t, fullValues(t)));
    expect(inputIds(card).sort()).toEqual(planCardKeys(t).sort());
    for (const input of inputs(card)) {
      expect(typeof input.label === 'string' && input.label.trim() !== '', String(input.id)).toBe(true);
      if (input.isRequired === true) expect(typeof input.errorMessage === 'string' && input.errorMessage !== '').toBe(true);
    }
    // Each input shows its value: a date as YYYY-MM-DD, a toggle as "true"/"false".
    const values = fullValues(t);
    for (const input of inputs(card)) expect(input.value, String(input.id)).toBe(values[input.id as string]);
  });

  it('shows each field error right under its input and the general ones at the top', () => {
    const keys = planCardKeys(t);
    const errors = [
      ...keys.map((field, i) => ({ field, message: `Fejl nr. ${i}` })),
      { field: null, message: 'Noget gik galt' },
      { field: 'ukendt', message: 'Ukendt felt' },
    ];
    const card = renderCard(t, viewModel(t, fullValues(t), { errors }));
    const containers = nodes(card.body).filter((n) => Array.isArray(n.items)) as { items: Node[] }[];
    keys.forEach((key, i) => {
      const parent = containers.find((c) => c.items.some((item) => item.id === key));
      expect(parent, key).toBeDefined();
      const at = parent!.items.findIndex((item) => item.id === key);
      expect(parent!.items[at + 1], key).toMatchObject({ type: 'TextBlock', text: `Fejl nr. ${i}`, color: 'Attention' });
    });
    const top = card.body.find((n) => n.style === 'attention') as { items: Node[] } | undefined;
    expect(top?.items.map((n) => n.text)).toEqual(expect.arrayContaining(['Planen er ikke gemt', 'Noget gik galt', 'Ukendt felt']));
    expect(card.body.indexOf(top as never)).toBeLessThan(card.body.findIndex((n) => n.separator === true));
  });

  it('gives a draft only "Gem", a saved version also "Eksportér" (and "Evaluér" for a plan with goals), an earlier version no inputs', () => {
    const values = draftValues(t);
    expect(buttons(renderCard(t, viewModel(t, values)))).toEqual(['Gem']);
    const saved = renderCard(t, viewModel(t, values, { version: 2, savedAt: '3. marts 2025', savedBy: 'Mette' }));
    // A referral's goals for the year are evaluated at the yearly revisitation.
    const withGoals = ['plan-faellesskab', 'plan-barn', 'smtte', 'henvisning-pku'].includes(t);
    expect(buttons(saved)).toEqual(withGoals ? ['Gem', 'Evaluér', 'Eksportér'] : ['Gem', 'Eksportér']);
    for (const action of saved.actions ?? []) expect(action.data).toEqual({ caseId: 'case-1', planId: 'plan-1', seq: 4 });
    const earlier = renderCard(t, viewModel(t, values, { version: 1, savedAt: '1. marts 2025', savedBy: 'Mette', readOnly: true }));
    expect(inputs(earlier)).toEqual([]);
    expect(buttons(earlier)).not.toContain('Gem');
    expect(JSON.stringify(earlier)).toContain('Du ser en tidligere version');
    expect(JSON.stringify(earlier)).toContain('Version 1, gemt 1. marts 2025 af Mette');
  });

  it('echoes what the user sent after a refusal, without the CPR number', () => {
    const values = draftValues(t);
    const textKey = planCardFields(t).find((f) => f.type === 'multiline')?.key ?? planCardFields(t).find((f) => f.type === 'text')!.key;
    const r = parsePlanCard(t, { ...values, [textKey]: 'Barnet 010203-1234 har det svært' }, { today: TODAY });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const card = renderCard(t, viewModel(t, r.values, { errors: r.errors }));
    const json = JSON.stringify(card);
    expect(json).not.toContain('010203-1234');
    expect(inputs(card).find((n) => n.id === textKey)?.value).toBe('Barnet [CPR fjernet] har det svært');
  });

  it('wears the colour of the level in its header', () => {
    for (const level of ['forebyggende', 'foregribende', 'indgribende'] as const) {
      const card = renderCard(t, viewModel(t, draftValues(t), { level }));
      expect(card.body[0]).toMatchObject({ type: 'Container', style: PLAN_HEADER_STYLES[level] });
    }
  });
});

describe('plan card slots and values', () => {
  it('shows the filled goal and action slots and one spare while editing; only the filled ones in an earlier version', () => {
    const values = {
      ...planToCardValues(
        'plan-faellesskab',
        draftPlan('plan-faellesskab', CHILD, playbook, { pseudonym: null, tovholder: 'Mette', today: TODAY }),
      ),
    };
    expect(values.goal2).not.toBe('');
    expect(values.goal3).toBe('');
    const ids = inputIds(renderCard('plan-faellesskab', viewModel('plan-faellesskab', values)));
    expect(ids).toEqual(expect.arrayContaining(['goal1', 'goal2', 'goal3', 'action1']));
    expect(ids).not.toContain('goal4');
    const filledActions = Object.keys(values).filter((k) => /^action\d$/.test(k) && values[k] !== '').length;
    expect(ids).toContain(`action${filledActions + 1}`);
    expect(ids).not.toContain(`action${filledActions + 2}`);
    // A goal in slot 3 only (slot 2 emptied) keeps slot 2 visible, so nothing is hidden between.
    const gap = inputIds(
      renderCard(
        'plan-faellesskab',
        viewModel('plan-faellesskab', { ...values, goal2: '', goal2Signs: '', goal3: 'Mål', goal3Signs: 'Tegn' }),
      ),
    );
    expect(gap).toEqual(expect.arrayContaining(['goal2', 'goal3', 'goal4']));
    const earlier = JSON.stringify(renderCard('plan-faellesskab', viewModel('plan-faellesskab', values, { version: 1, readOnly: true })));
    expect(earlier).toContain(`Mål 2: ${values.goal2}`);
    expect(earlier).not.toContain('Mål 3:');
  });

  it('shows no spare goal on an evaluation drafted from a plan', () => {
    const ids = inputIds(renderCard('evaluering', viewModel('evaluering', draftValues('evaluering'))));
    expect(ids).toEqual(expect.arrayContaining(['goal1', 'goal2', 'goal2Result']));
    expect(ids).not.toContain('goal3');
  });

  it('normalises what the user sent: unknown keys dropped, a broken date or an unknown choice left empty', () => {
    const values = {
      ...draftValues('evaluering'),
      evaluationDate: '14/04/2025',
      decision: 'maaske',
      goal1Result: 'naaet',
      hacker: '${1+1}',
    };
    const card = renderCard('evaluering', viewModel('evaluering', values));
    const byId = new Map(inputs(card).map((n) => [n.id, n]));
    expect(byId.get('evaluationDate')?.value).toBe('');
    expect(byId.get('decision')?.value).toBe('');
    expect(byId.get('goal1Result')?.value).toBe('naaet');
    expect(JSON.stringify(card)).not.toContain('hacker');
  });

  it('writes where the plan stands in the subtitle, and the read-only texts of an earlier version', () => {
    const values = draftValues('plan-barn');
    expect(viewModel('plan-barn', values).subtitle).toBe('A.B., 4.B · Udkast – ikke gemt endnu');
    expect(viewModel('plan-barn', values, { pseudonym: null, version: 3, savedAt: '3. marts 2025 kl. 14.05' }).subtitle).toBe(
      'Uden pseudonym · Version 3, gemt 3. marts 2025 kl. 14.05',
    );
    const ro = viewModel(
      'henvisning-pku',
      { ...draftValues('henvisning-pku'), [checklistKey(PREREQUISITES[0])]: 'false' },
      { version: 1, readOnly: true },
    ).ro;
    expect(ro[checklistKey(PREREQUISITES[0])]).toBe('☐');
    expect(ro[checklistKey(PREREQUISITES[1])]).toBe('☑');
    expect(viewModel('evaluering', { evaluationDate: '2025-04-14' }).ro).toMatchObject({ evaluationDate: '14. april 2025', decision: '—' });
  });

  it('refuses a view model that is not normalised or not what the template binds', () => {
    const vm = viewModel('evaluering', draftValues('evaluering'));
    expect(() => renderCard('evaluering', { ...vm, v: { ...vm.v, decision: 'maaske' } })).toThrow(/decision/);
    expect(() => renderCard('evaluering', { ...vm, v: { ...vm.v, evaluationDate: '14/04/2025' } })).toThrow(/evaluationDate/);
    expect(() => renderCard('evaluering', { ...vm, v: { ...vm.v, hacker: 'x' } })).toThrow(/hacker/);
    expect(() => renderCard('evaluering', { ...vm, values: {} } as PlanViewModel)).toThrow(/values/);
    const dataplan = viewModel('dataplan', draftValues('dataplan'));
    expect(() => renderCard('dataplan', { ...dataplan, canEvaluate: false })).toThrow(/canEvaluate/);
  });

  it('shows the PKU checklist as toggles with their evidence, ticked as the draft says', () => {
    const card = renderCard('henvisning-pku', viewModel('henvisning-pku', draftValues('henvisning-pku')));
    const toggles = inputs(card).filter((n) => n.type === 'Input.Toggle');
    expect(toggles.map((t) => t.id)).toEqual(PREREQUISITES.map(checklistKey));
    for (const toggle of toggles) expect(toggle).toMatchObject({ valueOn: 'true', valueOff: 'false', value: 'true' });
  });

  it('renders the notes of a save at the top', () => {
    const r = parsePlanCard(
      'plan-faellesskab',
      { ...draftValues('plan-faellesskab'), evaluationDate: '2025-03-10', action4: 'Klasserumsledelse', action4Responsible: 'Jonas' },
      { today: TODAY },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const card = renderCard(
      'plan-faellesskab',
      viewModel('plan-faellesskab', planToCardValues('plan-faellesskab', r.content), { notes: r.notes, version: 1 }),
    );
    const facts = nodes(card.body)
      .filter((n) => n.title === '•')
      .map((n) => n.value);
    expect(facts).toEqual(r.notes);
    expect(r.notes.some((n) => n.startsWith('Hellere få indsatser'))).toBe(true);
  });
});
