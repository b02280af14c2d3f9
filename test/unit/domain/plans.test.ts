/**
 * Plans (docs/skabeloner.md): drafts from the intake and the playbook, the round trip through the card's
 * flat values, every save rule, the evaluation's decision and the Markdown export.
 */
import { describe, expect, it } from 'vitest';
import type { Intake } from '../../../src/domain/intake.js';
import { next } from '../../../src/domain/ladder.js';
import {
  addDays,
  addMonths,
  danishDate,
  draftPlan,
  evaluationDecision,
  isNotGathered,
  MESSAGES,
  NOT_GATHERED,
  NOTES,
  PLAN_FORMS,
  PLAN_LIMITS,
  PLAN_SCHEMAS,
  PLAN_TEMPLATE_IDS,
  parsePlanCard,
  planCardKeys,
  planToCardValues,
  clipText,
  planToMarkdown,
  suggestActions,
  type PlanContent,
  type PlanTemplateId,
} from '../../../src/domain/plans/index.js';
import { PREREQUISITES } from '../../../src/domain/recommendation.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { isSchoolDay } from '../../../src/domain/calendar.js';
import { CAL } from './school-calendar.fixture.js';

const playbook = defaultPlaybook();
const TODAY = '2025-03-03';
const CPR = '010203-1234';
const ctx = { pseudonym: 'A.B., 4.B', tovholder: 'Mette Hansen', today: TODAY };

/** A child at the end of the ladder: every PKU prerequisite holds. */
const CHILD: Intake = {
  description: 'A.B., 4.B, trækker sig fra fællesskabet i frikvartererne og har haft meget fravær siden efterårsferien.',
  scope: 'barn',
  areas: ['trivsel', 'fravaer', 'socialt'],
  safety: [],
  data: ['observationer', 'klasselog'],
  childPerspective: false,
  teamDiscussed: true,
  plan: 'begge',
  parents: 'ikke-inddraget',
  planEvaluated: 'delvist',
  tried: ['trivselsforloeb', 'relationsarbejde'],
  advisers: ['plc', 'praksisvejleder'],
  adviserEffect: 'virker-ikke',
  networkMeetingHeld: true,
  ppv: 'foreligger',
  leaderDecision: 'vidtgaaende',
  districtCouncil: true,
  consents: ['arbejdsmoede', 'ppv', 'distriktsraad', 'henvisning'],
  psychologistAgrees: true,
};
/** A class with no plan yet. */
const CLASS: Intake = {
  description: '5.A har mange konflikter i frikvartererne, og flere elever føler sig utrygge.',
  scope: 'faellesskab',
  areas: ['socialt', 'trivsel'],
  safety: [],
  data: ['trivselsmaaling'],
  teamDiscussed: true,
  plan: 'ingen',
};

const basePlan = draftPlan('plan-barn', CHILD, playbook, ctx);
const draft = <T extends PlanTemplateId>(t: T, intake: Intake = CHILD) =>
  draftPlan(t, intake, playbook, { ...ctx, basePlan, basePlanTitle: 'Mål- og indsatsplan for barnet, version 1' });
/** What only the school can write: the PPV's recommendations (the referral and the case presentation require them). */
const PPV_TEXT = "PPV'en anbefaler et mindre læringsfællesskab med faste voksne.";
const values = <T extends PlanTemplateId>(t: T, intake: Intake = CHILD): Record<string, string> => ({
  ...planToCardValues(t, draft(t, intake)),
  ...(t === 'henvisning-pku' || t === 'sagsfremstilling' ? { ppvRecommendations: PPV_TEXT } : {}),
});

function ok<T extends PlanTemplateId>(t: T, vs: Record<string, unknown>, today = TODAY) {
  const r = parsePlanCard(t, vs, { today });
  if (!r.ok) throw new Error(`expected ${t} to parse: ${JSON.stringify(r.errors)}`);
  return r;
}
function refused<T extends PlanTemplateId>(t: T, vs: Record<string, unknown>, today = TODAY) {
  const r = parsePlanCard(t, vs, { today });
  if (r.ok) throw new Error(`expected ${t} to be refused`);
  return r;
}
const fieldsOf = (r: { errors: { field: string | null }[] }) => r.errors.map((e) => e.field);

/** What only the team can fill in: the evaluation's results and decision. */
function completed(t: PlanTemplateId, vs: Record<string, string>): Record<string, string> {
  if (t !== 'evaluering') return vs;
  const results = ['delvist', 'naaet', 'ikke-naaet', 'naaet'];
  const out: Record<string, string> = { ...vs, goal1Observed: 'Oftere sammen med andre', decision: 'fortsaet' };
  basePlan.goals.forEach((_, i) => (out[`goal${i + 1}Result`] = results[i] ?? 'naaet'));
  return out;
}

describe('drafts', () => {
  it.each(PLAN_TEMPLATE_IDS)('%s drafts a valid content that survives the round trip through the card values', (t) => {
    const drafted = draft(t);
    // What only the school can write is filled in as the team would (see `values`).
    const content = t === 'henvisning-pku' || t === 'sagsfremstilling' ? { ...drafted, ppvRecommendations: PPV_TEXT } : drafted;
    expect(PLAN_SCHEMAS[t].safeParse(content).success).toBe(true);
    const vs = planToCardValues(t, content);
    expect(Object.keys(vs).sort()).toEqual(planCardKeys(t).sort());
    expect(Object.values(vs).every((v) => typeof v === 'string')).toBe(true);
    const r = ok(t, completed(t, vs));
    if (t !== 'evaluering') expect(r.content).toEqual(content);
    expect(planToCardValues(t, r.content)).toEqual(completed(t, vs));
  });

  it('leaves to the team what only the team knows: an evaluation is refused until results and a decision are given', () => {
    const r = refused('evaluering', values('evaluering'));
    expect(basePlan.goals.length).toBeGreaterThan(1);
    expect(fieldsOf(r)).toEqual([...basePlan.goals.map((_, i) => `goal${i + 1}Result`), 'decision']);
  });

  it("prefills the concern in the teacher's words, the data gathered, the actions tried, the tovholder and a date six weeks ahead", () => {
    const plan = draft('plan-faellesskab', CLASS);
    expect(plan.concern).toBe(CLASS.description);
    expect(plan.dataBasis).toEqual(['National trivselsmåling']);
    expect(plan.triedActions).toEqual([]);
    expect(plan.tovholder).toBe('Mette Hansen');
    expect(plan.evaluationDate).toBe('2025-04-14');
    const child = draft('plan-barn');
    expect(child.triedActions).toEqual(['Trivselsforløb', 'Relationsarbejde']);
    expect(child.dataBasis).toEqual(['Pædagogiske iagttagelser og observationer', 'Klasselog']);
    expect(child.goals.length).toBeGreaterThan(0);
    for (const goal of child.goals) expect(goal.signs.length).toBeGreaterThan(0);
  });

  it('suggests at most three actions from the catalogue that fit the areas and were not tried', () => {
    for (const intake of [CHILD, CLASS, { ...CLASS, areas: ['faglig' as const] }, { ...CHILD, tried: [] }]) {
      const suggested = suggestActions(intake, playbook);
      expect(suggested.length).toBeGreaterThan(0);
      expect(suggested.length).toBeLessThanOrEqual(3);
      for (const a of suggested) {
        expect(
          a.areas.some((area) => intake.areas?.includes(area)),
          a.id,
        ).toBe(true);
        expect(intake.tried ?? []).not.toContain(a.id);
      }
      const plan = draftPlan('plan-faellesskab', intake, playbook, ctx);
      expect(plan.actions.map((a) => a.title)).toEqual(suggested.map((a) => a.title));
    }
    // The tried ones are skipped even when they fit best.
    expect(suggestActions({ ...CHILD, tried: [] }, playbook).map((a) => a.id)).toContain('trivselsforloeb');
    expect(suggestActions(CHILD, playbook).map((a) => a.id)).not.toContain('trivselsforloeb');
    expect(suggestActions({ ...CHILD, areas: undefined }, playbook)).toEqual([]);
  });

  it('suggests actions aimed at the community first for a class: a restless class does not get the Bombe-kursus first', () => {
    const restless: Intake = { scope: 'faellesskab', areas: ['adfaerd', 'socialt'], tried: [] };
    const forClass = suggestActions(restless, playbook);
    expect(forClass.map((a) => a.id)).not.toContain('bombe-kursus');
    for (const a of forClass) expect(a.aim, a.id).not.toBe('barn');
    // The same areas for one child may well get it: the fit decides there.
    const all = suggestActions({ ...restless, scope: 'barn' }, playbook, playbook.actions.length).map((a) => a.id);
    expect(all).toContain('bombe-kursus');
    // With room for all, the child-aimed ones come last.
    const ranked = suggestActions(restless, playbook, playbook.actions.length);
    expect(ranked.findIndex((a) => a.aim === 'barn')).toBeGreaterThan(ranked.findLastIndex((a) => a.aim !== 'barn'));
  });

  it('fills the perspectives of plan-barn with "ikke indhentet endnu" only when they were not gathered', () => {
    expect(draft('plan-barn').childVoice).toBe(NOT_GATHERED);
    expect(draft('plan-barn').parentsVoice).toBe(NOT_GATHERED);
    const gathered = draft('plan-barn', { ...CHILD, childPerspective: true, parents: 'inddraget' });
    expect(gathered.childVoice).toBe('');
    expect(gathered.parentsVoice).toBe('');
    // Gathered but not written yet: the team must write them before saving.
    const r = refused('plan-barn', planToCardValues('plan-barn', gathered));
    expect(fieldsOf(r)).toEqual(['childVoice', 'parentsVoice']);
  });

  it('drafts one evaluation row per goal of the plan evaluated', () => {
    const ev = draft('evaluering');
    expect(ev.goals.map((g) => g.goal)).toEqual(basePlan.goals.map((g) => g.goal));
    expect(ev.goals.every((g) => g.result === null)).toBe(true);
    expect(ev.planTitle).toBe('Mål- og indsatsplan for barnet, version 1');
    expect(draftPlan('evaluering', CHILD, playbook, ctx).goals).toEqual([]);
  });

  it('drafts the PKU referral with the §5 checklist, evidence from the intake and a revisitation 11 months ahead', () => {
    const ref = draft('henvisning-pku');
    expect(ref.checklist.map((c) => c.id)).toEqual([...PREREQUISITES]);
    expect(ref.checklist.every((c) => c.met && c.evidence.length > 0)).toBe(true);
    expect(ref.checklist.find((c) => c.id === 'foregribende-afproevet')?.evidence).toContain('Praksisvejleder');
    expect(ref.revisitationDate).toBe('2026-02-03');
    // An unmet prerequisite is not ticked, and the referral cannot be saved.
    const early = draft('henvisning-pku', { ...CHILD, ppv: 'indstillet' });
    expect(early.checklist.find((c) => c.id === 'ppv-foreligger')).toEqual({ id: 'ppv-foreligger', met: false, evidence: '' });
    expect(fieldsOf(refused('henvisning-pku', { ...planToCardValues('henvisning-pku', early), ppvRecommendations: PPV_TEXT }))).toEqual([
      'ppvForeligger',
    ]);
    // §7: the perspectives, the PPV's recommendations, both plans enclosed, and the return to the ordinary school among the goals.
    expect(ref.enclosed.join('\n')).toContain('Mål- og indsatsplan for læringsfællesskabet');
    expect(ref.enclosed.join('\n')).toContain('Mål- og indsatsplan for barnet');
    expect(ref.goals.at(-1)?.goal).toMatch(/vender tilbage til et læringsfællesskab på almenområdet/);
    expect(isNotGathered(ref.childVoice)).toBe(true);
    expect(fieldsOf(refused('henvisning-pku', { ...values('henvisning-pku'), ppvRecommendations: '' }))).toEqual(['ppvRecommendations']);
  });

  it('drafts the request for sparring pseudonymously, with the level, what was tried and the help asked for', () => {
    const req = draft('sparringsanmodning');
    expect(req.summary.startsWith('A.B., 4.B')).toBe(true);
    const rec = next(CHILD, playbook);
    expect(rec.kind).toBe('recommendation');
    if (rec.kind === 'recommendation') expect(req.levelText).toContain(rec.recommendation.levelTitle);
    expect(req.triedActions).toEqual(['Trivselsforløb', 'Relationsarbejde']);
    expect(req.helpKinds).toEqual(['observation', 'teammoede', 'kvalificering']);
    expect(req.recipient).toBe('raadgivende-team');
    expect(draft('sparringsanmodning', { ...CHILD, advisers: [] }).recipient).toBe('plc');
    expect(draft('sparringsanmodning', { ...CHILD, advisers: ['plc'] }).recipient).toBe('praksisvejleder');
    expect(req.wishedTime).toBe('Senest 24. marts 2025');
  });

  it("notes the parents' consent on the work meeting agenda as the intake says", () => {
    expect(draft('dagsorden-arbejdsmoede').consent).toBe('givet');
    // Consent per purpose: only consent to a work meeting counts here.
    expect(draft('dagsorden-arbejdsmoede', { ...CHILD, consents: ['ppv', 'henvisning'] }).consent).toBe('mangler');
    expect(draft('dagsorden-arbejdsmoede', { ...CHILD, consents: undefined }).consent).toBe('mangler');
    expect(draft('dagsorden-arbejdsmoede', CLASS).consent).toBe('ikke-noedvendigt');
  });

  it('never puts more than the slots and bounds into a draft, whatever the intake holds', () => {
    const everything: Intake = {
      ...CHILD,
      tried: playbook.actions.map((a) => a.id),
      data: Object.keys(playbook.dataSources) as Intake['data'],
    };
    for (const t of PLAN_TEMPLATE_IDS) {
      expect(PLAN_SCHEMAS[t].safeParse(draft(t, everything)).success, t).toBe(true);
      expect(PLAN_SCHEMAS[t].safeParse(draft(t, {})).success, `${t} from an empty intake`).toBe(true);
    }
    expect(draft('plan-barn', everything).triedActions).toHaveLength(PLAN_LIMITS.lines);
    expect(draft('plan-barn', everything).triedActions.at(-1)).toMatch(/^Desuden: /);
  });
});

describe('save rules', () => {
  const plan = () => values('plan-faellesskab', CLASS);

  it('requires at least one goal', () => {
    const vs = plan();
    for (const k of planCardKeys('plan-faellesskab').filter((k) => k.startsWith('goal'))) vs[k] = '';
    const r = refused('plan-faellesskab', vs);
    expect(r.errors).toContainEqual({ field: 'goal1', message: MESSAGES.noGoal });
  });

  it('requires a sign for each goal, and a goal for each set of signs', () => {
    const r = refused('plan-faellesskab', { ...plan(), goal2Signs: '  \n ', goal3: '', goal3Signs: 'Et tegn uden mål' });
    expect(r.errors).toContainEqual({ field: 'goal2Signs', message: MESSAGES.noSign });
    expect(r.errors).toContainEqual({ field: 'goal3', message: MESSAGES.goalMissing });
  });

  it('requires a tovholder', () => {
    const r = refused('plan-faellesskab', { ...plan(), tovholder: '   ' });
    expect(fieldsOf(r)).toEqual(['tovholder']);
  });

  it('requires an evaluation date after today, written as a date', () => {
    expect(fieldsOf(refused('plan-faellesskab', { ...plan(), evaluationDate: '' }))).toEqual(['evaluationDate']);
    expect(refused('plan-faellesskab', { ...plan(), evaluationDate: TODAY }).errors).toEqual([
      { field: 'evaluationDate', message: MESSAGES.notFuture },
    ]);
    expect(refused('plan-faellesskab', { ...plan(), evaluationDate: '2025-01-10' }).errors).toEqual([
      { field: 'evaluationDate', message: MESSAGES.notFuture },
    ]);
    expect(refused('plan-faellesskab', { ...plan(), evaluationDate: '2025-02-30' }).errors).toEqual([
      { field: 'evaluationDate', message: MESSAGES.date },
    ]);
  });

  it('notes an evaluation less than two or more than twelve weeks away, and not one in between', () => {
    expect(ok('plan-faellesskab', { ...plan(), evaluationDate: addDays(TODAY, 7) }).notes).toContain(NOTES.tooFewWeeks);
    expect(ok('plan-faellesskab', { ...plan(), evaluationDate: addDays(TODAY, 91) }).notes).toContain(NOTES.tooManyWeeks);
    for (const days of [14, 42, 84]) {
      const notes = ok('plan-faellesskab', { ...plan(), evaluationDate: addDays(TODAY, days) }).notes;
      expect(notes).not.toContain(NOTES.tooFewWeeks);
      expect(notes).not.toContain(NOTES.tooManyWeeks);
    }
  });

  it('notes more than three actions ("hellere få indsatser end mange") but saves them', () => {
    // The draft prefills at most two (MAX_SUGGESTIONS); the team adds two more.
    expect(plan().action3).toBe('');
    const vs = {
      ...plan(),
      action3: 'Legegrupper',
      action3Responsible: 'Jonas',
      action4: 'Klasserumsledelse',
      action4Responsible: 'Jonas',
    };
    const r = ok('plan-faellesskab', vs);
    expect(r.content.actions).toHaveLength(4);
    expect(r.notes).toContain(NOTES.manyActions(4));
    expect(ok('plan-faellesskab', plan()).notes.some((n) => n.startsWith('Hellere få'))).toBe(false);
  });

  it('pairs every action with a responsible', () => {
    const r = refused('plan-faellesskab', { ...plan(), action1Responsible: '', action5: '', action5Responsible: 'Jonas' });
    expect(r.errors).toContainEqual({ field: 'action1Responsible', message: MESSAGES.responsibleMissing });
    expect(r.errors).toContainEqual({ field: 'action5', message: MESSAGES.actionMissing });
  });

  it('asks plan-barn for the child\'s and the parents\' perspective; "ikke indhentet endnu" is a todo', () => {
    const vs = values('plan-barn');
    expect(fieldsOf(refused('plan-barn', { ...vs, childVoice: '', parentsVoice: ' ' }))).toEqual(['childVoice', 'parentsVoice']);
    const todo = ok('plan-barn', { ...vs, childVoice: 'Ikke indhentet endnu.', parentsVoice: NOT_GATHERED });
    expect(todo.notes).toContain(NOTES.childNotGathered);
    expect(todo.notes).toContain(NOTES.parentsNotGathered);
    const heard = ok('plan-barn', {
      ...vs,
      childVoice: 'Frikvartererne er svære, siger A.B.',
      parentsVoice: 'Forældrene vil hjælpe med legeaftaler.',
    });
    expect(heard.notes).not.toContain(NOTES.childNotGathered);
    expect(isNotGathered('ikke indhentet endnu!')).toBe(true);
    expect(isNotGathered('ikke indhentet endnu, men snart')).toBe(false);
  });

  it('requires the rules of the other templates: a data source, a help kind, a question, a decision, every prerequisite', () => {
    expect(
      fieldsOf(
        refused('dataplan', {
          ...values('dataplan'),
          data1: '',
          data1Responsible: '',
          data1Deadline: '',
          data2: '',
          data2Responsible: '',
          data2Deadline: '',
          data3: '',
          data3Responsible: '',
          data3Deadline: '',
          data4: '',
          data4Responsible: '',
          data4Deadline: '',
        }),
      ),
    ).toEqual(['data1']);
    expect(fieldsOf(refused('sparringsanmodning', { ...values('sparringsanmodning'), helpKinds: '' }))).toEqual(['helpKinds']);
    expect(fieldsOf(refused('sparringsanmodning', { ...values('sparringsanmodning'), helpKinds: 'observation,kaffe' }))).toEqual([
      'helpKinds',
    ]);
    expect(fieldsOf(refused('dagsorden-distriktsraad', { ...values('dagsorden-distriktsraad'), question: '' }))).toEqual(['question']);
    const ev = completed('evaluering', values('evaluering'));
    expect(fieldsOf(refused('evaluering', { ...ev, decision: '' }))).toEqual(['decision']);
    expect(fieldsOf(refused('evaluering', { ...ev, decision: 'juster', decisionNote: '' }))).toEqual(['decisionNote']);
    expect(fieldsOf(refused('henvisning-pku', { ...values('henvisning-pku'), distriktsraadDroeftet: 'false' }))).toEqual([
      'distriktsraadDroeftet',
    ]);
    expect(fieldsOf(refused('henvisning-pku', { ...values('henvisning-pku'), foraeldreaftaleEvidence: '' }))).toEqual([
      'foraeldreaftaleEvidence',
    ]);
    expect(fieldsOf(refused('henvisning-pku', { ...values('henvisning-pku'), revisitationDate: addMonths(TODAY, 13) }))).toEqual([
      'revisitationDate',
    ]);
    expect(ok('dagsorden-arbejdsmoede', { ...values('dagsorden-arbejdsmoede'), consent: 'mangler' }).notes).toContain(NOTES.consentMissing);
  });

  it.each(PLAN_TEMPLATE_IDS)('%s refuses a CPR number in every free-text field and never echoes it', (t) => {
    const base = completed(t, values(t));
    const textKeys = planCardKeys(t).filter(
      (k) =>
        !/(Date|Deadline|Result)$/.test(k) &&
        !['decision', 'recipient', 'consent', 'parentsAgreement', 'helpKinds', 'agreements'].includes(k) &&
        !PREREQUISITES.some((p) => p.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) === k),
    );
    expect(textKeys.length).toBeGreaterThan(0);
    for (const key of textKeys) {
      for (const cpr of [CPR, '0102031234', '010203 1234']) {
        const r = refused(t, { ...base, [key]: `Om barnet ${cpr} i klassen` });
        expect(r.errors, key).toContainEqual({ field: key, message: MESSAGES.cpr });
        expect(r.errors).toContainEqual({ field: null, message: MESSAGES.cprGeneral });
        expect(JSON.stringify(r)).not.toContain(cpr);
        expect(r.values[key]).toBe('Om barnet [CPR fjernet] i klassen');
      }
    }
  });

  it('bounds every free-text field', () => {
    const long = (n: number) => 'x'.repeat(n);
    const vs = plan();
    const r = refused('plan-faellesskab', {
      ...vs,
      concern: long(PLAN_LIMITS.text + 1),
      goal1: long(PLAN_LIMITS.goal + 1),
      action1: long(PLAN_LIMITS.line + 1),
      tovholder: long(PLAN_LIMITS.short + 1),
    });
    expect(r.errors).toContainEqual({ field: 'concern', message: MESSAGES.tooLong(PLAN_LIMITS.text, PLAN_LIMITS.text + 1) });
    expect(fieldsOf(r)).toEqual(expect.arrayContaining(['concern', 'goal1', 'action1', 'tovholder']));
    expect(r.values.concern).toBe(long(PLAN_LIMITS.text + 1));
    expect(ok('plan-faellesskab', { ...vs, concern: long(PLAN_LIMITS.text) }).content.concern).toHaveLength(PLAN_LIMITS.text);
    // Lists: lines per field, characters per line, signs per goal.
    expect(
      refused('plan-faellesskab', { ...vs, dataBasis: Array.from({ length: PLAN_LIMITS.lines + 1 }, (_, i) => `Kilde ${i}`).join('\n') })
        .errors,
    ).toEqual([{ field: 'dataBasis', message: MESSAGES.tooManyLines(PLAN_LIMITS.lines) }]);
    expect(fieldsOf(refused('plan-faellesskab', { ...vs, dataBasis: long(PLAN_LIMITS.line + 1) }))).toEqual(['dataBasis']);
    expect(
      refused('plan-faellesskab', { ...vs, goal1Signs: Array.from({ length: PLAN_LIMITS.signs + 1 }, (_, i) => `Tegn ${i}`).join('\n') })
        .errors,
    ).toEqual([{ field: 'goal1Signs', message: MESSAGES.tooManySigns(PLAN_LIMITS.signs) }]);
  });

  it("keeps the user's values on an error, ignores what is not an input of the card, and reads non-strings as empty", () => {
    const vs = { ...plan(), tovholder: '', verb: 'plan.save', caseId: 'c', planId: 'p', seq: 3, goal1: 42 };
    const r = refused('plan-faellesskab', vs as Record<string, unknown>);
    expect(Object.keys(r.values).sort()).toEqual(planCardKeys('plan-faellesskab').sort());
    expect(r.values.concern).toBe(plan().concern);
    expect(r.values.goal1).toBe('42');
    expect(r.values).not.toHaveProperty('verb');
  });

  it('is harmless to save twice: the same values give the same content', () => {
    const a = ok('plan-barn', { ...values('plan-barn') });
    const b = ok('plan-barn', planToCardValues('plan-barn', a.content));
    expect(b).toEqual(a);
  });

  it('every template has a tovholder and a date in its form', () => {
    for (const t of PLAN_TEMPLATE_IDS) {
      const keys = planCardKeys(t);
      expect(keys, t).toContain('tovholder');
      expect(
        keys.some((k) => k === 'evaluationDate' || k === 'revisitationDate'),
        t,
      ).toBe(true);
      expect(new Set(keys).size, t).toBe(keys.length);
      expect(PLAN_FORMS[t].sections.length, t).toBeGreaterThan(0);
    }
  });
});

describe('evaluationDecision', () => {
  const evaluation = (
    decision: PlanContent<'evaluering'>['decision'],
    results: ('naaet' | 'delvist' | 'ikke-naaet' | null)[],
  ): PlanContent<'evaluering'> => ({
    planTitle: 'Planen',
    decisionNote: '',
    tovholder: 'Mette',
    evaluationDate: '2025-04-14',
    decision,
    goals: results.map((result, i) => ({ goal: `Mål ${i + 1}`, signs: ['Et tegn'], result, observed: '' })),
  });
  const own: Intake = { ...CLASS, plan: 'faellesskab', planEvaluated: 'ikke-endnu' };
  const advised: Intake = { ...CHILD, adviserEffect: 'ikke-endnu' };

  it.each([
    ['fortsaet', ['naaet', 'naaet'], 'virker'],
    ['fortsaet', ['delvist', 'ikke-naaet'], 'virker'],
    ['juster', ['delvist', 'ikke-naaet'], 'virker'],
    ['naeste-skridt', ['ikke-naaet', 'ikke-naaet'], 'virker-ikke'],
    ['naeste-skridt', ['delvist', 'ikke-naaet'], 'delvist'],
    ['naeste-skridt', ['naaet', 'naaet'], 'delvist'],
    [null, ['naaet'], 'ikke-endnu'],
  ] as const)('%s with %j → %s', (decision, results, value) => {
    expect(evaluationDecision(evaluation(decision, [...results]), own, 'plan-barn')).toEqual({ field: 'planEvaluated', value });
    expect(evaluationDecision(evaluation(decision, [...results]), advised, 'plan-barn')).toEqual({ field: 'adviserEffect', value });
  });

  it("does not move the ladder for a referral's goals evaluated at the yearly revisitation", () => {
    for (const decision of ['fortsaet', 'juster', 'naeste-skridt'] as const) {
      expect(evaluationDecision(evaluation(decision, ['naaet']), own, 'henvisning-pku')).toBeNull();
    }
  });

  it('moves the case on the ladder as the decision says', () => {
    const step = (intake: Intake) => {
      const r = next(intake, playbook);
      return r.kind === 'recommendation' ? `${r.recommendation.level}/${r.recommendation.step}` : `question:${r.field}`;
    };
    const apply = (intake: Intake, ev: PlanContent<'evaluering'>) => {
      const d = evaluationDecision(ev, intake, 'plan-barn')!;
      return { ...intake, [d.field]: d.value };
    };
    const base: Intake = { ...own, parents: 'orienteret', childPerspective: true, tried: ['trivselsforloeb'], advisers: [] };
    expect(step(base)).toBe('forebyggende/evaluer-plan');
    expect(step(apply(base, evaluation('fortsaet', ['naaet'])))).toBe('forebyggende/fortsaet-plan');
    expect(step(apply(base, evaluation('juster', ['delvist'])))).toBe('forebyggende/fortsaet-plan');
    expect(step(apply(base, evaluation('naeste-skridt', ['ikke-naaet'])))).toBe('foregribende/sparring-plc');
    // With advisers involved, the decision is the advisers' effect: next step → practice adviser.
    const withPlc: Intake = {
      ...base,
      planEvaluated: 'delvist',
      advisers: ['plc'],
      adviserEffect: 'ikke-endnu',
      scope: 'barn',
      consents: ['arbejdsmoede'],
    };
    expect(step(withPlc)).toBe('foregribende/evaluer-plan');
    expect(step(apply(withPlc, evaluation('naeste-skridt', ['delvist'])))).toBe('foregribende/sparring-ekstern');
    expect(step(apply(withPlc, evaluation('fortsaet', ['naaet'])))).toBe('foregribende/fortsaet-plan');
  });

  it('notes a decision that the results contradict', () => {
    const ev = completed('evaluering', values('evaluering'));
    expect(ok('evaluering', { ...ev, goal1Result: 'ikke-naaet', goal2Result: 'ikke-naaet', decision: 'fortsaet' }).notes).toContain(
      NOTES.continueWithoutReached,
    );
    expect(ok('evaluering', { ...ev, goal1Result: 'naaet', goal2Result: 'naaet', decision: 'naeste-skridt' }).notes).toContain(
      NOTES.nextStepAllReached,
    );
  });
});

describe('planToMarkdown', () => {
  it.each(PLAN_TEMPLATE_IDS)('%s exports a readable document with the pseudonym and no CPR', (t) => {
    const content = ok(t, completed(t, values(t))).content;
    const doc = planToMarkdown(t, content, {
      pseudonym: 'A.B., 4.B',
      version: 3,
      savedAt: '2025-03-03T13:05:00Z',
      savedBy: 'Mette Hansen',
    });
    expect(doc).toMatch(/^# /);
    expect(doc).toContain('**A.B., 4.B** · Version 3 · gemt 3. marts 2025 af Mette Hansen');
    for (const section of PLAN_FORMS[t].sections) expect(doc).toContain(`## ${section.title}`);
    expect(doc).not.toMatch(/\d{6}-?\d{4}/);
  });

  it('writes goals with their signs, actions with who is responsible, and dates in Danish', () => {
    const content = ok('plan-barn', values('plan-barn')).content;
    const doc = planToMarkdown('plan-barn', content, { pseudonym: 'A.B., 4.B', version: 1, savedAt: new Date('2025-03-03T23:30:00Z') });
    expect(doc).toContain('# Mål- og indsatsplan for barnet');
    expect(doc).toContain('gemt 4. marts 2025'); // 00:30 in Copenhagen
    expect(doc).toContain(`### Mål 1: ${content.goals[0]?.goal}`);
    expect(doc).toContain(`- ${content.goals[0]?.signs[0]}`);
    expect(doc).toContain(`1. ${content.actions[0]?.title} – ansvarlig: Mette Hansen`);
    expect(doc).toContain('**Evalueringsdato:** 14. april 2025');
  });

  it('masks a CPR number and escapes markup even if one reached the content', () => {
    const content = { ...ok('plan-faellesskab', values('plan-faellesskab', CLASS)).content, concern: `Barn ${CPR} <script>x</script>` };
    const doc = planToMarkdown('plan-faellesskab', content, { pseudonym: null, version: 1, savedAt: TODAY });
    expect(doc).not.toContain(CPR);
    expect(doc).toContain('[CPR fjernet]');
    expect(doc).not.toContain('<script>');
    expect(doc).toContain('**Uden pseudonym**');
  });
});

describe('dates', () => {
  it('adds days and months across month ends and leap years, and writes Danish dates', () => {
    expect(addDays('2025-02-27', 2)).toBe('2025-03-01');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2023-03-31', 11)).toBe('2024-02-29');
    expect(danishDate('2025-12-01')).toBe('1. december 2025');
    expect(() => addDays('2025-13-01', 1)).toThrow();
  });
});

describe('version 2 of the rules in the plans', () => {
  it('drafts every one of the thirteen templates, the sagsfremstilling of the afgoerelse step among them', () => {
    expect(PLAN_TEMPLATE_IDS).toContain('sagsfremstilling');
    expect(PLAN_TEMPLATE_IDS).toHaveLength(13);
    const decision = next({ ...CHILD, leaderDecision: 'ikke-truffet' }, playbook);
    expect(decision.kind === 'recommendation' && decision.recommendation.templates.map((t) => t.id)).toEqual(['sagsfremstilling']);
  });

  it("drafts the sagsfremstilling with the case, what was tried, both perspectives, the party hearing and the leader's decision (§7)", () => {
    const undecided = draft('sagsfremstilling', { ...CHILD, leaderDecision: 'ikke-truffet' });
    expect(undecided.summary.startsWith('A.B., 4.B')).toBe(true);
    expect(undecided.triedActions).toEqual(['Trivselsforløb', 'Relationsarbejde']);
    expect(undecided.enclosed.join('\n')).toContain('Mål- og indsatsplan for barnet');
    expect(undecided.decision).toBeNull();
    expect(undecided.hearingDate).toBeNull();
    expect(draft('sagsfremstilling').decision).toBe('vidtgaaende');
    // The school writes the PPV's recommendations; the rest may wait for the hearing.
    expect(
      fieldsOf(
        refused('sagsfremstilling', {
          ...values('sagsfremstilling', { ...CHILD, leaderDecision: 'ikke-truffet' }),
          ppvRecommendations: '',
        }),
      ),
    ).toEqual(['ppvRecommendations']);
    const saved = ok('sagsfremstilling', {
      ...values('sagsfremstilling'),
      hearingDate: '2025-02-20',
      hearingComments: 'Forældrene er enige.',
      decisionReasons: 'Indsatserne er afprøvet.',
    });
    expect(saved.content).toMatchObject({ decision: 'vidtgaaende', hearingDate: '2025-02-20', hearingComments: 'Forældrene er enige.' });
    const md = planToMarkdown('sagsfremstilling', saved.content, {
      pseudonym: 'A.B., 4.B',
      version: 1,
      savedAt: new Date('2025-03-03T10:00:00Z'),
      title: 'Sagsfremstilling med partshøring',
    });
    expect(md).toContain('Partshøring');
    expect(md).toContain('Forældrene er enige.');
    expect(md).toContain('Barnet har behov for et mere vidtgående tilbud');
  });

  it('counts a pupil conversation among the data as the child heard', () => {
    expect(draft('plan-barn', { ...CHILD, childPerspective: undefined, data: ['elevsamtale'] }).childVoice).toBe('');
    expect(draft('plan-barn', { ...CHILD, childPerspective: undefined, data: ['elevinterview', 'test'] }).childVoice).toBe('');
    expect(isNotGathered(draft('plan-barn', { ...CHILD, childPerspective: false, data: ['test'] }).childVoice)).toBe(true);
  });

  it('notes the consent to a PPV on the PPV application, not any consent', () => {
    expect(draft('indstilling-ppv').parentsAgreement).toBe('givet');
    expect(draft('indstilling-ppv', { ...CHILD, consents: ['arbejdsmoede', 'henvisning'] }).parentsAgreement).toBe('mangler');
  });

  it('reads a referral saved with the six prerequisites of before, the new ones unmet', () => {
    const saved = draft('henvisning-pku');
    const before = [
      'ppv-foreligger',
      'forebyggende-afproevet',
      'foregribende-afproevet',
      'plan-for-barnet',
      'distriktsraad-droeftet',
      'foraeldreaftale',
    ];
    const stored = { ...saved, checklist: saved.checklist.filter((c) => before.includes(c.id)) };
    expect(stored.checklist).toHaveLength(6);
    const read = PLAN_SCHEMAS['henvisning-pku'].parse(stored);
    expect(read.checklist.map((c) => c.id)).toEqual([...PREREQUISITES]);
    expect(read.checklist.filter((c) => !c.met).map((c) => c.id)).toEqual([
      'plan-for-faellesskabet',
      'afgoerelse-vidtgaaende',
      'psykolog-enig',
    ]);
    expect(read.checklist.find((c) => c.id === 'foraeldreaftale')).toEqual(saved.checklist.find((c) => c.id === 'foraeldreaftale'));
    // Anything else stays refused: an unknown id, a repeated one.
    expect(
      PLAN_SCHEMAS['henvisning-pku'].safeParse({
        ...stored,
        checklist: [...stored.checklist.slice(1), { id: 'ukendt', met: true, evidence: '' }],
      }).success,
    ).toBe(false);
    expect(PLAN_SCHEMAS['henvisning-pku'].safeParse({ ...stored, checklist: [...stored.checklist, stored.checklist[0]] }).success).toBe(
      false,
    );
  });
});

describe('clipped text', () => {
  it('is cut between words, never in the middle of one, and ends with "…"', () => {
    const text = 'Sparring fra PLC-vejlederen, praksisvejlederen og Det rådgivende team er afprøvet og evalueret';
    for (let max = 20; max < text.length; max++) {
      const clipped = clipText(text, max);
      expect(Array.from(clipped).length, `${max}`).toBeLessThanOrEqual(max);
      expect(clipped.endsWith('…')).toBe(true);
      const kept = clipped.slice(0, -1);
      // What is kept is whole words of the text.
      expect(text.startsWith(kept), `${max}: ${clipped}`).toBe(true);
      expect([' ', ','], `${max}: ${clipped}`).toContain(text[kept.length]);
    }
    expect(clipText(text, text.length)).toBe(text);
    // One long word is cut rather than dropped.
    expect(clipText('Supercalifragilistisk', 10)).toBe('Supercali…');
  });

  it("keeps the referral's evidence whole-worded with many advisers", () => {
    const many: Intake = {
      ...CHILD,
      advisers: ['plc', 'akt', 'praksisvejleder', 'raadgivende-team', 'familieraadgivning'] as Intake['advisers'],
      adviserEffect: 'delvist',
    };
    const plan = draftPlan('henvisning-pku', many, playbook, ctx) as PlanContent<'henvisning-pku'>;
    for (const item of plan.checklist) {
      if (!item.evidence.endsWith('…')) continue;
      const words = item.evidence.slice(0, -1).split(/\s+/);
      expect(words.at(-1)!.length).toBeGreaterThan(1);
    }
  });
});

describe("the referral's export with PKU's decision", () => {
  it("ends with PKU's decision, its remarks, and the revisitation dates that follow a specialised offer", () => {
    const content = ok('henvisning-pku', values('henvisning-pku')).content;
    const meta = { pseudonym: 'A.B., 4.B', version: 1, savedAt: new Date('2025-03-03T10:00:00Z') };
    expect(planToMarkdown('henvisning-pku', content, meta)).not.toContain("## PKU's afgørelse");
    const placed = planToMarkdown('henvisning-pku', content, {
      ...meta,
      pkuDecision: { decision: 'specialtilbud', decidedOn: '2025-05-15', remarks: null },
    });
    expect(placed).toContain("## PKU's afgørelse");
    expect(placed).toContain('Specialiseret skoletilbud, 15. maj 2025.');
    expect(placed).toContain('Revisitation: 15. april 2026 og 15. april 2027');
    const returned = planToMarkdown('henvisning-pku', content, {
      ...meta,
      pkuDecision: { decision: 'returneret', decidedOn: '2025-05-15', remarks: 'Beskriv <forældrenes> perspektiv' },
    });
    expect(returned).toContain("PKU's bemærkninger: Beskriv &lt;forældrenes&gt; perspektiv");
    expect(returned).not.toContain('Revisitation:');
  });
});

describe('a plan for a child whose parents are on hold (the suspicion concerns the home)', () => {
  it('reminds to wait for the municipality, never to talk to the parents', () => {
    const vs = { ...values('plan-barn'), childVoice: 'A.B. siger, at frikvartererne er svære.', parentsVoice: 'ikke indhentet endnu' };
    const usual = ok('plan-barn', vs).notes;
    expect(usual.some((n) => n.includes('Tal med forældrene'))).toBe(true);
    const held = parsePlanCard('plan-barn', vs, { today: TODAY, parentsOnHold: true });
    expect(held.ok).toBe(true);
    const notes = held.ok ? held.notes : [];
    expect(notes.some((n) => /Tal med forældrene|Inddrag forældrene/.test(n))).toBe(false);
    expect(notes).toContain('Forældrenes perspektiv venter: inddrag ikke forældrene, før kommunen har vurderet underretningen.');
  });
});

describe('the dates a draft proposes', () => {
  it('fall on school days of the school calendar: not a Sunday, not in a holiday', () => {
    // 6 December 2026 + 6 weeks = Sunday 17 January 2027: the evaluation is proposed for Monday the 18th.
    const plain = draftPlan('plan-faellesskab', CLASS, playbook, { ...ctx, today: '2026-12-06' });
    expect(plain.evaluationDate).toBe('2027-01-17');
    const onSchoolDays = draftPlan('plan-faellesskab', CLASS, playbook, { ...ctx, today: '2026-12-06', calendar: CAL });
    expect(onSchoolDays.evaluationDate).toBe('2027-01-18');
    for (const t of PLAN_TEMPLATE_IDS) {
      const content = draftPlan(t, t === 'plan-faellesskab' ? CLASS : CHILD, playbook, {
        ...ctx,
        today: '2026-12-06',
        calendar: CAL,
        basePlan,
      });
      const dates = JSON.stringify(content).match(/\d{4}-\d{2}-\d{2}/g) ?? [];
      for (const d of dates) expect(isSchoolDay(d, CAL), `${t}: ${d}`).toBe(true);
    }
  });
});
