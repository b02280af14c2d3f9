/**
 * renderCard: the view model is parsed before binding, user text is never evaluated, the
 * templates' alternatives ($when) and repetitions ($data) come out as the view model says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  expandTemplate,
  questionCard,
  renderCard,
  type AdaptiveCardJson,
  type CardName,
  type ViewModel,
} from '../../../src/cards/index.js';
import type { Screen } from '../../../src/cases/intake.service.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';

const fixture = <N extends CardName>(name: N, variant?: string): ViewModel<N> =>
  JSON.parse(
    readFileSync(new URL(`../../fixtures/cards/${name}${variant ? `.${variant}` : ''}.json`, import.meta.url), 'utf8'),
  ) as ViewModel<N>;

type Node = { [key: string]: unknown };
function nodes(card: unknown): Node[] {
  const out: Node[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) {
      out.push(v as Node);
      Object.values(v).forEach(visit);
    }
  };
  visit(card);
  return out;
}
const inputs = (card: AdaptiveCardJson) =>
  nodes(card.body).filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.type !== 'Input.Choice');
const texts = (card: AdaptiveCardJson) => nodes(card).flatMap((n) => Object.values(n).filter((v): v is string => typeof v === 'string'));
const verbs = (card: AdaptiveCardJson) => (card.actions ?? []).map((a) => a.verb);
/** The first line of text on the card (where the case is named). */
const topLine = (card: AdaptiveCardJson) => nodes(card.body).find((n) => n.type === 'TextBlock')?.text;

const TRICKY = ['${1+1}', '$root', '${$root.caseId}', '${if(true, "x", "y")}', 'pris: 5$', '\uE000d{', '\uE000'];

describe('renderCard: invalid view models are programming errors', () => {
  it('throws on a missing field, a wrong type and an unknown key, naming them', () => {
    const welcome = fixture('welcome');
    expect(() => renderCard('welcome', { userName: 'Mette' } as ViewModel<'welcome'>)).toThrow(/welcome.*openCase/);
    expect(() => renderCard('welcome', { ...welcome, userName: 42 } as unknown as ViewModel<'welcome'>)).toThrow(/userName/);
    expect(() => renderCard('welcome', { ...welcome, extra: 1 } as ViewModel<'welcome'>)).toThrow(/extra/);
  });

  it('throws on a question whose input does not fit its kind', () => {
    const q = fixture('question', 'boolean');
    expect(() => renderCard('question', { ...q, input: { ...q.input, choices: [{ title: 'Måske', value: 'maybe' }] } })).toThrow(
      /true.*false/,
    );
    expect(() => renderCard('question', { ...q, input: { ...q.input, kind: 'single', choices: [] } })).toThrow(/choices/);
    expect(() => renderCard('question', { ...q, field: 'name' as 'data' })).toThrow(/field/);
    const t = fixture('question', 'text');
    expect(() => renderCard('question', { ...t, input: { ...t.input, choices: [{ title: 'A', value: 'a' }] } })).toThrow(/no choices/);
  });

  it('throws on a recommendation without exactly one current level, or with a choice value holding a comma', () => {
    const r = fixture('recommendation');
    expect(() => renderCard('recommendation', { ...r, levels: r.levels.map((l) => ({ ...l, current: true })) })).toThrow(/current/);
    const q = fixture('question');
    expect(() => renderCard('question', { ...q, input: { ...q.input, choices: [{ title: 'A, B', value: 'a,b' }] } })).toThrow(/comma/);
  });

  it('throws on an unknown template', () => {
    expect(() => renderCard('nope' as CardName, {} as never)).toThrow(/nope/);
  });
});

describe('renderCard: user text is data, never template', () => {
  it.each(TRICKY)('keeps %j verbatim wherever it goes', (tricky) => {
    const welcome = renderCard('welcome', { userName: `Mette ${tricky}`, openCase: null });
    expect(texts(welcome)).toContain(`Hej Mette ${tricky}`);

    const startVm = fixture('intake-start');
    const start = renderCard('intake-start', {
      ...startVm,
      values: { ...startVm.values, description: `A.B. skrev ${tricky} på tavlen` },
      errors: [`Beskrivelse: ${tricky}`],
    });
    expect(inputs(start).find((i) => i.id === 'description')?.value).toBe(`A.B. skrev ${tricky} på tavlen`);
    expect(texts(start)).toContain(`Beskrivelse: ${tricky}`);

    const answered = renderCard('answered', {
      caseHeading: `Sag: ${tricky}`,
      step: 1,
      wentBack: false,
      question: `Bekymringen ${tricky}`,
      answer: `Beskrivelse: ${tricky}`,
      note: tricky,
    });
    expect(texts(answered)).toEqual(
      expect.arrayContaining([`Sag: ${tricky}`, `Spørgsmål 1 · Bekymringen ${tricky}`, `Beskrivelse: ${tricky}`, tricky]),
    );

    const q = fixture('question');
    const question = renderCard('question', {
      ...q,
      input: { ...q.input, choices: [...q.input.choices, { title: `Andet ${tricky}`, value: 'andet' }] },
    });
    expect(nodes(question).some((n) => n.title === `Andet ${tricky}` && n.value === 'andet')).toBe(true);
  });

  it('keeps a user text that looks like the escape itself', () => {
    const card = renderCard('answered', {
      caseHeading: 'Sag: A.B.',
      step: 2,
      wentBack: false,
      question: 'Q',
      answer: '\uE000e\uE000d$',
      note: null,
    });
    expect(texts(card)).toContain('\uE000e\uE000d$');
  });

  it('refuses a template that leaves an expression unexpanded, instead of sending "${...}"', () => {
    const payload = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hej ${missing}' }] };
    expect(() => expandTemplate(payload, { present: 'x' })).toThrow(/unexpanded expression at inline\.body\[0\]\.text/);
    expect(() => expandTemplate({ ...payload, body: [{ type: 'TextBlock', text: '${unknownFn(1)}' }] }, {})).toThrow(/inline/);
  });

  it('drops properties that come out null, and elements whose $when is false', () => {
    const card = expandTemplate(
      {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'TextBlock', text: 'a', color: '${colour}' },
          { $when: '${show}', type: 'TextBlock', text: 'b' },
        ],
      },
      { colour: null, show: false },
    );
    expect(card.body).toEqual([{ type: 'TextBlock', text: 'a' }]);
  });

  it('returns a fresh object each time (the cached template is not shared with callers)', () => {
    const a = renderCard('welcome', fixture('welcome'));
    (a.body as unknown[]).length = 0;
    const b = renderCard('welcome', fixture('welcome'));
    expect(b.body.length).toBeGreaterThan(0);
  });
});

describe('renderCard: templates', () => {
  it('welcome: Fortsæt only with an open case, and a greeting with or without a name', () => {
    const open = renderCard('welcome', fixture('welcome'));
    expect(verbs(open)).toEqual(['intake.start', 'intake.resume', 'cases.list', 'help.show']);
    expect(texts(open)).toContain('Hej Mette Hansen');
    expect(texts(open).some((t) => t.includes('3. marts 2025') && t.includes('spørgsmål 4'))).toBe(true);
    const first = renderCard('welcome', fixture('welcome', 'first'));
    expect(verbs(first)).toEqual(['intake.start', 'cases.list', 'help.show']);
    expect(texts(first)).toContain('Hej');
  });

  it('intake-start: the pseudonym and the three start fields (not safety), with values shown again and unknown values dropped', () => {
    // The view builder normalises what the user sent: unknown values dropped, text cut at its bound.
    const screen = {
      kind: 'question',
      caseId: 'c-1',
      seq: 1,
      number: 1,
      fields: ['description', 'scope', 'areas'],
      errors: [],
      canGoBack: false,
      values: { description: 'x'.repeat(600), scope: 'barn', areas: 'trivsel,ukendt,fravaer', safety: 'nope' },
      label: { pseudonym: null, team: null },
      concern: {},
    } as unknown as Extract<Screen, { kind: 'question' }>;
    const card = questionCard(screen, defaultPlaybook());
    const byId = Object.fromEntries(inputs(card).map((i) => [i.id, i]));
    expect(Object.keys(byId)).toEqual(['pseudonym', 'description', 'scope', 'areas']);
    expect(byId.description).toMatchObject({ type: 'Input.Text', isMultiline: true, maxLength: 500 });
    // The description invites a description: what is seen, when and how often, what was tried.
    expect(String(byId.description?.label)).toMatch(/hvad ser du, hvornår og hvor ofte/);
    expect(String(byId.description?.placeholder)).toMatch(/Vi har prøvet.*initialer.*aldrig navn eller CPR/);
    expect(Array.from(String(byId.description?.value)).length).toBe(500);
    expect(byId.scope).toMatchObject({ type: 'Input.ChoiceSet', style: 'expanded', isRequired: true, value: 'barn' });
    expect(byId.areas).toMatchObject({ isMultiSelect: true, isRequired: true, value: 'trivsel,fravaer' });
    // Without a pseudonym the card is a new concern; with one, it names the case at the top.
    expect(topLine(card)).toBe('Ny bekymring');
    const named = questionCard({ ...screen, label: { pseudonym: 'A.B., 4.B', team: '4.B – Fjordbakkeskolen' } }, defaultPlaybook());
    expect(topLine(named)).toBe('Sag: A.B., 4.B · 4.B – Fjordbakkeskolen');
    expect(verbs(card)).toEqual(['intake.answer', 'intake.cancel']);
  });

  it('question (tried): the actions that fit the concern first, the rest behind "Vis flere", prefilled values selected in both', () => {
    const playbook = defaultPlaybook();
    const screen = {
      kind: 'question',
      caseId: 'c-1',
      seq: 4,
      number: 6,
      fields: ['tried'],
      errors: [],
      canGoBack: true,
      values: { tried: 'klasserumsledelse,foraeldresamarbejde' },
      label: { pseudonym: 'A.B., 4.B', team: null },
      concern: { scope: 'faellesskab', areas: ['adfaerd'] },
    } as unknown as Extract<Screen, { kind: 'question' }>;
    const card = questionCard(screen, playbook);
    const [shown, more] = inputs(card);
    const values = (i: Record<string, unknown> | undefined) => (i?.choices as { value: string }[]).map((c) => c.value);
    expect(shown).toMatchObject({ id: 'tried', value: 'klasserumsledelse' });
    expect(more).toMatchObject({ id: 'triedMore', value: 'foraeldresamarbejde' });
    // Every action once, in one of the two parts; the shown ones fit (an area in common, none aimed at one child for a class).
    expect([...values(shown), ...values(more)].sort()).toEqual(playbook.actions.map((a) => a.id).sort());
    expect(values(shown).length).toBeLessThanOrEqual(8);
    for (const id of values(shown)) {
      const action = playbook.actions.find((a) => a.id === id)!;
      expect(action.areas).toContain('adfaerd');
      expect(action.aim).not.toBe('barn');
    }
    // The folded part is opened by "Vis flere", and shown from the start when a value in it is selected.
    const toggle = nodes(card).find((n) => n.type === 'Action.ToggleVisibility');
    expect(toggle).toMatchObject({ title: 'Vis flere', targetElements: ['more-choices'] });
    const folded = nodes(card).find((n) => n.id === 'more-choices');
    expect(folded?.isVisible).toBe(true);
    const none = questionCard({ ...screen, values: {} }, playbook);
    expect(nodes(none).find((n) => n.id === 'more-choices')?.isVisible).toBe(false);
    expect(topLine(card)).toBe('Sag: A.B., 4.B');
  });

  it('intake-start and question: a view model that still holds an unknown value, or too long a text, is refused', () => {
    const vm = fixture('intake-start');
    expect(() => renderCard('intake-start', { ...vm, values: { ...vm.values, areas: 'trivsel,ukendt' } })).toThrow(/values\.areas/);
    expect(() => renderCard('intake-start', { ...vm, values: { ...vm.values, description: 'x'.repeat(vm.descriptionMax + 1) } })).toThrow(
      /values\.description/,
    );
    const q = fixture('question', 'single');
    expect(() => renderCard('question', { ...q, input: { ...q.input, value: 'ukendt' } })).toThrow(/input\.value/);
  });

  it.each([
    ['single', 'single', { type: 'Input.ChoiceSet', style: 'expanded' }],
    ['multi', undefined, { type: 'Input.ChoiceSet', style: 'expanded', isMultiSelect: true }],
    ['boolean', 'boolean', { type: 'Input.ChoiceSet', style: 'expanded' }],
    ['text', 'text', { type: 'Input.Text', isMultiline: true }],
  ] as const)('question: a %s input comes out as exactly one input, id = field', (kind, variant, shape) => {
    const vm = fixture('question', variant);
    expect(vm.input.kind).toBe(kind);
    const card = renderCard('question', vm);
    const found = inputs(card);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ...shape, id: vm.field, label: vm.question });
    if (kind !== 'multi') expect(found[0]).not.toHaveProperty('isMultiSelect');
    if (vm.input.required) expect(found[0]).toMatchObject({ isRequired: true, errorMessage: expect.any(String) });
    else expect(found[0]).not.toHaveProperty('errorMessage');
    if (kind !== 'text') {
      expect(found[0]?.choices).toEqual(vm.input.choices);
      expect(found[0]).not.toHaveProperty('placeholder');
      expect(found[0]).not.toHaveProperty('maxLength');
    }
    expect(texts(card)).toContain(`Indsatsguiden · Spørgsmål ${vm.step}`);
    expect(texts(card)).toContain(vm.why);
    expect(verbs(card)).toEqual(vm.canGoBack ? ['intake.answer', 'intake.back', 'intake.cancel'] : ['intake.answer', 'intake.cancel']);
  });

  it('question: errors are shown in attention colour, and Tilbage/Annullér do not validate inputs', () => {
    const card = renderCard('question', fixture('question', 'boolean'));
    const error = nodes(card.body).find((n) => n.text === 'Vælg Ja eller Nej');
    expect(error).toMatchObject({ color: 'Attention' });
    for (const a of card.actions ?? []) {
      const expected = a.verb === 'intake.answer' ? undefined : 'None';
      expect(a.associatedInputs).toBe(expected);
    }
    const clean = renderCard('question', { ...fixture('question', 'boolean'), errors: [] });
    expect(nodes(clean.body).some((n) => n.style === 'attention')).toBe(false);
  });

  it('recommendation: the current level is marked in its colour, the sections follow the view model', () => {
    const base = fixture('recommendation');
    const styleOf = (card: AdaptiveCardJson) =>
      nodes(card.body)
        .filter(
          (n) => n.type === 'Column' && ['Forebyggende', 'Foregribende', 'Indgribende'].includes(String((n.items as Node[])[0]?.text)),
        )
        .map((n) => n.style);
    const at = (current: string) =>
      renderCard('recommendation', { ...base, levels: base.levels.map((l) => ({ ...l, current: l.id === current })) });
    expect(styleOf(at('forebyggende'))).toEqual(['good', 'emphasis', 'emphasis']);
    expect(styleOf(at('foregribende'))).toEqual(['emphasis', 'warning', 'emphasis']);
    expect(styleOf(at('indgribende'))).toEqual(['emphasis', 'emphasis', 'attention']);

    const card = renderCard('recommendation', base);
    const all = texts(card);
    expect(all).toContain('Forudsætninger for en henvisning til PKU, der mangler');
    for (const m of base.missing) expect(all).toContain(m);
    expect(all).toContain('Skabeloner');
    expect(all).toContain(base.consentNote);
    expect(all.some((t) => t.startsWith('Sikkerhed først'))).toBe(false);
    // On a sparring step (the fixture's "Inddrag praksisvejleder ...") "Anmod om sparring" is the main
    // button, and the templates are drafted from their own buttons; elsewhere "Lav udkast" leads.
    expect(verbs(card)).toEqual(['sparring.draft', 'intake.back', 'intake.start']);
    expect(card.actions?.[0]).toMatchObject({ title: 'Anmod om sparring', style: 'positive', data: { caseId: base.caseId } });
    const elsewhere = renderCard('recommendation', { ...base, canRequestSparring: false });
    expect(verbs(elsewhere)).toEqual(['plan.draft', 'intake.back', 'intake.start']);
    expect(elsewhere.actions?.[0]).toMatchObject({ title: 'Lav udkast', style: 'positive' });

    const bare = renderCard('recommendation', {
      ...base,
      meeting: null,
      alternativeMeetings: [],
      consentNote: null,
      missing: [],
      todo: [],
      rationale: [],
      templates: [],
      safeguardingShown: true,
      canRequestSparring: false,
    });
    const bareTexts = texts(bare);
    expect(bareTexts).not.toContain('Forudsætninger for en henvisning til PKU, der mangler');
    expect(bareTexts).not.toContain('Skabeloner');
    expect(bareTexts).not.toContain('Møde');
    expect(bareTexts.some((t) => t.startsWith('Sikkerhed først'))).toBe(true);
    expect(verbs(bare)).toEqual(['intake.back', 'intake.start']);
  });

  it('safeguarding: "Ring 112" only when acute, the actions numbered in order, no buttons', () => {
    const acute = renderCard('safeguarding', fixture('safeguarding', 'acute'));
    expect(texts(acute)).toContain('Ring 112 nu');
    expect(texts(acute)).toEqual(expect.arrayContaining(['1.', '2.', '5.']));
    expect(acute.actions ?? []).toEqual([]);
    const calm = renderCard('safeguarding', fixture('safeguarding'));
    expect(texts(calm)).not.toContain('Ring 112 nu');
  });

  it('notice: tone decides the style, buttons carry only their verb', () => {
    const error = renderCard('notice', fixture('notice', 'error'));
    expect(error.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(error.actions?.map((a) => [a.title, a.verb, a.data])).toEqual([
      ['Fortsæt', 'intake.resume', {}],
      ['Hjælp', 'help.show', {}],
    ]);
    const info = renderCard('notice', { ...fixture('notice'), actions: [] });
    expect(info.body[0]).toMatchObject({ style: 'emphasis' });
    expect(info.actions).toEqual([]);
    expect(() =>
      renderCard('notice', { ...fixture('notice'), actions: [{ title: 'Svar', verb: 'intake.answer' as 'intake.start' }] }),
    ).toThrow(/verb/);
  });

  it('answered: no buttons and no inputs', () => {
    const card = renderCard('answered', fixture('answered'));
    expect(card.actions).toBeUndefined();
    expect(inputs(card)).toEqual([]);
    expect(texts(card)).toContain('Spørgsmål 3 · Hvilke data har I indsamlet?');
    expect(texts(card)).toContain('Observationer, Klasselog');
  });
});
