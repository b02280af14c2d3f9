/**
 * The plan cards: their inputs are exactly the plan's flat card values, labelled; a validation error
 * shows right under its input and a general one by the buttons, where the user pressed Gem; the
 * user's values come back without a CPR number; buttons follow the version (draft, with the next
 * draft; saved; the current version read-only; an earlier version); the slots of lists are all on
 * the card, the empty ones behind "Flere …", and the hint counts them; folding sections are closed
 * unless they need the user; the case heading tops the card and the header carries the level's
 * colour. The view models are built by the view builder (`planViewModel`), as the bot builds them;
 * the schema refuses one that is not normalised.
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
  danishCount,
  draftPlan,
  MAX_SUGGESTIONS,
  PLAN_LIMITS,
  goalFoldKey,
  planCardFolds,
  planCardSections,
  sectionKey,
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

  it('shows each field error right under its input, opens the folded sections with one, and says the general ones by the buttons', () => {
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
    const bottom = card.body.find((n) => n.style === 'attention') as { items: Node[] } | undefined;
    expect(bottom?.items.map((n) => n.text)).toEqual(expect.arrayContaining(['Planen er ikke gemt', 'Noget gik galt', 'Ukendt felt']));
    // Below every section: by the Gem the user pressed.
    expect(card.body.indexOf(bottom as never)).toBeGreaterThan(card.body.findLastIndex((n) => n.separator === true));
    // A folded part (a section, an evaluated goal's goal and signs) with an error under one of its inputs is open: nothing wrong is hidden.
    for (const fold of planCardFolds(t)) expect(nodes(card.body).find((n) => n.id === fold.key)?.isVisible, fold.title).toBe(true);
  });

  it('gives a draft only "Gem", a saved version also "Eksportér" (and "Evaluér" for a plan with goals), an earlier version no inputs', () => {
    const values = draftValues(t);
    expect(buttons(renderCard(t, viewModel(t, values)))).toEqual(['Gem']);
    // "Lav udkast" drafts one plan at a time: the next one the step calls for is a button.
    const withNext = renderCard(t, viewModel(t, values, { next: { id: 'plan-barn', title: 'Mål- og indsatsplan for barnet' } }));
    expect(buttons(withNext)).toEqual(['Gem', 'Næste udkast: Mål- og indsatsplan for barnet']);
    expect(withNext.actions?.[1]).toMatchObject({
      verb: 'plan.draft',
      associatedInputs: 'None',
      data: { caseId: 'case-1', seq: 4, templateId: 'plan-barn' },
    });
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
    // The current version opened to read: "Ny version" opens it for editing; no next draft from a read-only card.
    const current = renderCard(
      t,
      viewModel(t, values, { version: 2, readOnly: true, revisable: true, next: { id: 'plan-barn', title: 'X' } }),
    );
    expect(inputs(current)).toEqual([]);
    expect(buttons(current)).toEqual(withGoals ? ['Ny version', 'Evaluér', 'Eksportér'] : ['Ny version', 'Eksportér']);
    expect(current.actions?.[0]).toMatchObject({ verb: 'plan.open', data: { caseId: 'case-1', planId: 'plan-1' } });
    expect(JSON.stringify(current)).toContain('Tryk Ny version for at rette planen');
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

  it('names the case at the top, and wears the colour of the level in its header', () => {
    for (const level of ['forebyggende', 'foregribende', 'indgribende'] as const) {
      const card = renderCard(t, viewModel(t, draftValues(t), { level }));
      expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Sag: A.B., 4.B', size: 'Small', isSubtle: true });
      expect(card.body[1]).toMatchObject({ type: 'Container', style: PLAN_HEADER_STYLES[level] });
    }
  });

  it('folds its folding sections while editing unless one needs the user (an empty required input), and all of them to read', () => {
    const sections = planCardSections(t);
    const values = fullValues(t);
    const isOpen = (card: AdaptiveCardJson, i: number) => nodes(card.body).find((n) => n.id === sectionKey(i))?.isVisible;
    const full = renderCard(t, viewModel(t, values));
    const read = renderCard(t, viewModel(t, values, { version: 1, readOnly: true }));
    for (const [i, section] of sections.entries()) {
      if (!section.fold) {
        expect(
          nodes(full.body).some((n) => n.id === sectionKey(i)),
          section.title,
        ).toBe(false);
        continue;
      }
      // The title opens and closes it.
      const toggle = nodes(full.body).find((n) => (n.selectAction as Node | undefined)?.title === section.title)?.selectAction as Node;
      expect(toggle, section.title).toMatchObject({ type: 'Action.ToggleVisibility', targetElements: [sectionKey(i)] });
      expect(isOpen(full, i), section.title).toBe(false);
      expect(isOpen(read, i), section.title).toBe(false);
      // A required input left empty opens its section: hidden, it would stop Gem without a word.
      for (const key of section.required) expect(isOpen(renderCard(t, viewModel(t, { ...values, [key]: '' })), i), key).toBe(true);
    }
    expect(sections.some((s) => s.fold)).toBe(true);
  });
});

describe('plan card slots and values', () => {
  it('has every goal and action slot the hint counts; the empty ones wait behind "Flere …"; only the filled ones in an earlier version', () => {
    const values = {
      ...planToCardValues(
        'plan-faellesskab',
        draftPlan('plan-faellesskab', CHILD, playbook, { pseudonym: null, tovholder: 'Mette', today: TODAY }),
      ),
    };
    expect(values.goal2).not.toBe('');
    expect(values.goal3).toBe('');
    const card = renderCard('plan-faellesskab', viewModel('plan-faellesskab', values));
    const ids = inputIds(card);
    // The card text agrees with its fields: "Højst fire mål" over exactly four goal fields.
    const goalInputs = ids.filter((id) => /^goal\d$/.test(id));
    expect(goalInputs).toHaveLength(PLAN_LIMITS.goals);
    expect(nodes(card.body).map((n) => n.text)).toContain(`Højst ${danishCount(goalInputs.length)} mål. Hvert mål har mindst ét tegn.`);
    const rowVisible = (c: AdaptiveCardJson, key: string) => nodes(c.body).find((n) => n.id === `${key}-row`)?.isVisible !== false;
    expect(['goal1', 'goal2', 'goal3', 'goal4'].map((k) => rowVisible(card, k))).toEqual([true, true, false, false]);
    // The draft prefills at most two actions ("Hellere få indsatser end mange"); the rest wait behind "Flere indsatser".
    const filledActions = Object.keys(values).filter((k) => /^action\d$/.test(k) && values[k] !== '').length;
    expect(filledActions).toBeGreaterThan(0);
    expect(filledActions).toBeLessThanOrEqual(MAX_SUGGESTIONS);
    expect(MAX_SUGGESTIONS).toBe(2);
    expect(rowVisible(card, `action${filledActions}`)).toBe(true);
    expect(rowVisible(card, `action${filledActions + 1}`)).toBe(false);
    const more = nodes(card.body).filter((n) => n.type === 'Action.ToggleVisibility' && /^Flere /.test(String(n.title)));
    expect(more.map((n) => n.title)).toEqual(['Flere mål', 'Flere indsatser']);
    expect(more[0]!.targetElements).toEqual([
      { elementId: 'goal2-row', isVisible: true },
      { elementId: 'goal3-row', isVisible: true },
      { elementId: 'goal4-row', isVisible: true },
      { elementId: 'goal-more', isVisible: false },
    ]);
    // A goal in slot 3 only (slot 2 emptied) keeps slot 2 visible, so nothing is hidden between.
    const gap = renderCard(
      'plan-faellesskab',
      viewModel('plan-faellesskab', { ...values, goal2: '', goal2Signs: '', goal3: 'Mål', goal3Signs: 'Tegn' }),
    );
    expect(['goal1', 'goal2', 'goal3', 'goal4'].map((k) => rowVisible(gap, k))).toEqual([true, true, true, false]);
    // Every slot full: no "Flere …".
    const full = renderCard('plan-faellesskab', viewModel('plan-faellesskab', fullValues('plan-faellesskab')));
    expect(nodes(full.body).filter((n) => n.type === 'Action.ToggleVisibility' && /^Flere /.test(String(n.title)))).toEqual([]);
    const earlier = JSON.stringify(renderCard('plan-faellesskab', viewModel('plan-faellesskab', values, { version: 1, readOnly: true })));
    expect(earlier).toContain(`Mål 2: ${values.goal2}`);
    expect(earlier).not.toContain('Mål 3:');
  });

  it("folds each evaluated goal's goal and signs under a title naming the goal, the assessment in view, open when it needs the user", () => {
    const values = draftValues('evaluering');
    expect(values.goal2).not.toBe('');
    const card = renderCard('evaluering', viewModel('evaluering', values));
    const all = nodes(card.body);
    for (const i of [1, 2]) {
      const fold = all.find((n) => n.id === goalFoldKey(i)) as { isVisible: unknown; items: Node[] } | undefined;
      expect(fold, `goal ${i}`).toBeDefined();
      expect(fold!.isVisible, `goal ${i}`).toBe(false);
      // The goal and its signs are in the fold; the result and what the signs showed are not.
      const folded = nodes(fold!.items).map((n) => n.id);
      expect(folded).toEqual(expect.arrayContaining([`goal${i}`, `goal${i}Signs`]));
      expect(folded).not.toContain(`goal${i}Result`);
      expect(folded).not.toContain(`goal${i}Observed`);
      expect(all.some((n) => n.id === `goal${i}Result`) && all.some((n) => n.id === `goal${i}Observed`)).toBe(true);
      // Its title names the goal and opens the fold.
      const title = all.find((n) => (n.selectAction as Node | undefined)?.title === `Mål ${i}`);
      expect(title?.selectAction).toMatchObject({ type: 'Action.ToggleVisibility', targetElements: [goalFoldKey(i)] });
      expect(JSON.stringify(title)).toContain(`Mål ${i}: ${values[`goal${i}`]}`);
    }
    const isOpen = (c: AdaptiveCardJson, i: number) => nodes(c.body).find((n) => n.id === goalFoldKey(i))?.isVisible;
    // A goal without its text opens (nothing to name it by); an error under its signs opens it; to read, all are folded.
    expect(isOpen(renderCard('evaluering', viewModel('evaluering', { ...values, goal2: '' })), 2)).toBe(true);
    expect(isOpen(renderCard('evaluering', viewModel('evaluering', { ...values, goal2: '' })), 1)).toBe(false);
    const withError = viewModel('evaluering', values, { errors: [{ field: 'goal1Signs', message: 'For mange tegn.' }] });
    expect(isOpen(renderCard('evaluering', withError), 1)).toBe(true);
    expect(isOpen(renderCard('evaluering', withError), 2)).toBe(false);
    // An error under the result (in view) does not open the goal's fold.
    expect(
      isOpen(
        renderCard('evaluering', viewModel('evaluering', values, { errors: [{ field: 'goal1Result', message: 'Vurdér målet.' }] })),
        1,
      ),
    ).toBe(false);
    const read = renderCard('evaluering', viewModel('evaluering', values, { version: 1, readOnly: true }));
    expect(nodes(read.body).some((n) => n.id === goalFoldKey(1))).toBe(false);
    expect(JSON.stringify(read)).toContain(`Mål 1: ${values.goal1}`);
  });

  it('shows no spare goal on an evaluation drafted from a plan, and no "Flere mål"', () => {
    const card = renderCard('evaluering', viewModel('evaluering', draftValues('evaluering')));
    const ids = inputIds(card);
    expect(ids).toEqual(expect.arrayContaining(['goal1', 'goal2', 'goal2Result']));
    expect(ids).not.toContain('goal3');
    expect(JSON.stringify(card)).not.toContain('Flere mål');
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

  it('writes the case heading, where the plan stands in the subtitle, and the read-only texts of an earlier version', () => {
    const values = draftValues('plan-barn');
    expect(viewModel('plan-barn', values)).toMatchObject({ caseHeading: 'Sag: A.B., 4.B', subtitle: 'Udkast – ikke gemt endnu' });
    expect(viewModel('plan-barn', values, { pseudonym: null, version: 3, savedAt: '3. marts 2025 kl. 14.05' })).toMatchObject({
      caseHeading: 'Sag: (uden kaldenavn)',
      subtitle: 'Version 3, gemt 3. marts 2025 kl. 14.05',
    });
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
    // valueOn/valueOff are left at their defaults, "true" and "false".
    for (const toggle of toggles)
      expect({ valueOn: 'true', valueOff: 'false', ...toggle }).toMatchObject({ valueOn: 'true', valueOff: 'false', value: 'true' });
  });

  it('says what a Gem did by the buttons: "Gemt – version N" and the notes of the save', () => {
    const r = parsePlanCard(
      'plan-faellesskab',
      {
        ...draftValues('plan-faellesskab'),
        evaluationDate: '2025-03-10',
        action3: 'Legegrupper',
        action3Responsible: 'Jonas',
        action4: 'Klasserumsledelse',
        action4Responsible: 'Jonas',
      },
      { today: TODAY },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const card = renderCard(
      'plan-faellesskab',
      viewModel('plan-faellesskab', planToCardValues('plan-faellesskab', r.content), { notes: r.notes, version: 1, savedNow: true }),
    );
    const facts = nodes(card.body)
      .filter((n) => n.title === '•')
      .map((n) => n.value);
    expect(facts).toEqual(r.notes);
    expect(r.notes.some((n) => n.startsWith('Hellere få indsatser'))).toBe(true);
    // The last thing before the buttons, below every section.
    const last = card.body.at(-1)!;
    expect(last).toMatchObject({ type: 'TextBlock', text: '✓ Gemt – version 1.' });
    const notes = card.body.findIndex((n) => n.style === 'emphasis');
    expect(notes).toBeGreaterThan(card.body.findLastIndex((n) => n.separator === true));
    // Not on a card that only shows a version.
    const shown = renderCard(
      'plan-faellesskab',
      viewModel('plan-faellesskab', planToCardValues('plan-faellesskab', r.content), { version: 1 }),
    );
    expect(JSON.stringify(shown)).not.toContain('Gemt – version');
  });
});
