/**
 * The rules of shared/domain/ladder.md §6 and the flow of intake.md that the shared scenarios do
 * not pin down: question order, 6b, 6c, 6d without consent, 6h, 6k, the familie addition, todo,
 * safeguarding texts, and the shape of each step.
 */
import { describe, expect, it } from 'vitest';
import type { Intake } from '../../../src/domain/intake.js';
import { next, prerequisitesMet, relevantIntake, safeguardingFor } from '../../../src/domain/ladder.js';
import type { Recommendation } from '../../../src/domain/recommendation.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';

const playbook = defaultPlaybook();

function recommend(intake: Intake): Recommendation {
  const r = next(intake, playbook);
  if (r.kind !== 'recommendation') throw new Error(`expected a recommendation, got the question "${r.field}"`);
  return r.recommendation;
}
const ask = (intake: Intake) => next(intake, playbook);
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

/** A child concern that has passed the preventive rules with a plan that partly works. */
const CHILD: Intake = {
  scope: 'barn', areas: ['trivsel'], safety: [], data: ['observationer'], childPerspective: true,
  teamDiscussed: true, plan: 'begge', parents: 'inddraget', tried: ['co-teaching'], planEvaluated: 'delvist',
};
/** ... with external advisers whose help did not work. */
const CHILD_EXTERNAL: Intake = { ...CHILD, advisers: ['plc', 'raadgivende-team'], adviserEffect: 'virker-ikke' };
/** ... and everything a PKU referral needs. */
const CHILD_READY: Intake = { ...CHILD_EXTERNAL, networkMeetingHeld: true, ppv: 'foreligger', districtCouncil: true, parentsConsent: true };
const COMMUNITY: Intake = {
  scope: 'faellesskab', areas: ['socialt'], safety: [], data: ['klasselog'], teamDiscussed: true,
  plan: 'faellesskab', tried: [], planEvaluated: 'virker-ikke',
};

describe('the flow of questions', () => {
  it('starts with scope, areas and safety, never with the description', () => {
    expect(ask({})).toEqual({ kind: 'question', field: 'scope' });
    expect(ask({ description: 'A.B., 4.B' })).toEqual({ kind: 'question', field: 'scope' });
    expect(ask({ scope: 'barn', areas: ['faglig'] })).toEqual({ kind: 'question', field: 'safety' });
  });

  it('asks acuteDanger only when safety is non-empty', () => {
    const base: Intake = { scope: 'barn', areas: ['faglig'] };
    expect(ask({ ...base, safety: ['vold'] })).toEqual({ kind: 'question', field: 'acuteDanger' });
    expect(ask({ ...base, safety: [] })).toEqual({ kind: 'question', field: 'data' });
  });

  it('asks childPerspective right after data for a child only, even when no data is collected', () => {
    expect(ask({ scope: 'barn', areas: ['faglig'], safety: [], data: [] })).toEqual({ kind: 'question', field: 'childPerspective' });
    expect(ask({ scope: 'faellesskab', areas: ['faglig'], safety: [], data: ['test'] })).toEqual({ kind: 'question', field: 'teamDiscussed' });
  });

  it('asks parents, then tried, right after plan', () => {
    const upToPlan: Intake = { ...CHILD };
    delete upToPlan.parents;
    delete upToPlan.tried;
    delete upToPlan.planEvaluated;
    expect(ask(upToPlan)).toEqual({ kind: 'question', field: 'parents' });
    expect(ask({ ...upToPlan, parents: 'orienteret' })).toEqual({ kind: 'question', field: 'tried' });
    expect(ask({ ...upToPlan, parents: 'orienteret', tried: [] })).toEqual({ kind: 'question', field: 'planEvaluated' });
  });

  it('does not ask tried when there is no plan', () => {
    expect(recommend({ ...COMMUNITY, plan: 'ingen', tried: undefined }).step).toBe('udarbejd-plan');
  });

  it('asks advisers after the evaluation, and adviserEffect only when there are advisers', () => {
    expect(ask(CHILD)).toEqual({ kind: 'question', field: 'advisers' });
    expect(ask({ ...CHILD, advisers: ['plc'] })).toEqual({ kind: 'question', field: 'adviserEffect' });
    expect(recommend({ ...CHILD, advisers: [] }).step).toBe('sparring-plc');
  });

  it('asks the last prerequisites one at a time before a referral', () => {
    expect(ask(CHILD_EXTERNAL)).toEqual({ kind: 'question', field: 'networkMeetingHeld' });
    expect(ask({ ...CHILD_EXTERNAL, networkMeetingHeld: true })).toEqual({ kind: 'question', field: 'ppv' });
    expect(ask({ ...CHILD_EXTERNAL, networkMeetingHeld: true, ppv: 'foreligger' })).toEqual({ kind: 'question', field: 'districtCouncil' });
    expect(ask({ ...CHILD_EXTERNAL, networkMeetingHeld: true, ppv: 'foreligger', districtCouncil: true }))
      .toEqual({ kind: 'question', field: 'parentsConsent' });
  });
});

describe('the rules of §6', () => {
  it('1: no data → indsaml-data with the data plan, in a team meeting', () => {
    const r = recommend({ ...COMMUNITY, data: [] });
    expect([r.level, r.step, r.lead.id, r.meeting?.id, ids(r.templates)]).toEqual(['forebyggende', 'indsaml-data', 'team', 'teammoede', ['dataplan']]);
    expect(r.title).toBe('Indsaml data om læringsfællesskabet og barnet');
  });

  it('3: no plan → both plans for a child, the community plan only for a community', () => {
    expect(ids(recommend({ ...CHILD, plan: 'ingen' }).templates)).toEqual(['plan-faellesskab', 'plan-barn']);
    expect(ids(recommend({ ...COMMUNITY, plan: 'ingen' }).templates)).toEqual(['plan-faellesskab']);
  });

  it('5 → 6: a plan that works while advisers are involved is foregribende', () => {
    const r = recommend({ ...CHILD, planEvaluated: 'virker', advisers: ['plc'], adviserEffect: 'virker' });
    expect([r.level, r.step]).toEqual(['foregribende', 'fortsaet-plan']);
  });

  it('6b: the advisers\' actions are still running → evaluer-plan at foregribende', () => {
    const r = recommend({ ...CHILD, advisers: ['plc'], adviserEffect: 'ikke-endnu' });
    expect([r.level, r.step, r.lead.id, ids(r.templates)]).toEqual(['foregribende', 'evaluer-plan', 'team', ['evaluering']]);
    expect(ids(r.actors)).toContain('plc-vejleder');
  });

  it('6c: the advisers\' actions work → fortsaet-plan at foregribende', () => {
    const r = recommend({ ...CHILD, advisers: ['akt'], adviserEffect: 'virker' });
    expect([r.level, r.step, ids(r.templates)]).toEqual(['foregribende', 'fortsaet-plan', ['evaluering']]);
  });

  it('6d: only internal advisers → sparring-ekstern in a work meeting; consent only for a child without it', () => {
    const child = { ...CHILD, advisers: ['plc' as const], adviserEffect: 'delvist' as const };
    expect(ask(child)).toEqual({ kind: 'question', field: 'parentsConsent' });
    const withConsent = recommend({ ...child, parentsConsent: true });
    expect([withConsent.step, withConsent.meeting?.id, withConsent.consentRequired]).toEqual(['sparring-ekstern', 'arbejdsmoede', false]);
    expect(ids(withConsent.actors)).toEqual(['team', 'plc-vejleder', 'praksisvejleder', 'raadgivende-team', 'skoleledelse']);
    expect(ids(withConsent.templates)).toEqual(['sparringsanmodning', 'dagsorden-arbejdsmoede']);
    expect(recommend({ ...child, parentsConsent: false }).consentRequired).toBe(true);

    const community = recommend({ ...COMMUNITY, advisers: ['plc'], adviserEffect: 'virker-ikke' });
    expect([community.step, community.consentRequired]).toEqual(['sparring-ekstern', false]);
    expect(community.basedOn).not.toContain('parentsConsent');
  });

  it('6e: a community concern goes to the district council and no further', () => {
    const r = recommend({ ...COMMUNITY, advisers: ['raadgivende-team'], adviserEffect: 'delvist', networkMeetingHeld: true, ppv: 'foreligger', districtCouncil: true, parentsConsent: true });
    expect([r.level, r.step, r.lead.id, r.meeting?.id, r.missing]).toEqual(['foregribende', 'distriktsraad', 'skoleledelse', 'distriktsraadsmoede', []]);
  });

  it('6f: a child with only a community plan gets a plan of its own, with the advisers involved', () => {
    const r = recommend({ ...CHILD_EXTERNAL, plan: 'faellesskab' });
    expect(r.step).toBe('plan-for-barnet');
    expect(ids(r.actors)).toEqual(['team', 'plc-vejleder', 'raadgivende-team']);
  });

  it('6g: a network meeting brings the child, the parents, the team, the advisers and the leadership together', () => {
    const r = recommend({ ...CHILD_EXTERNAL, networkMeetingHeld: false });
    expect([r.step, r.lead.id, r.meeting?.id, r.consentRequired]).toEqual(['netvaerksmoede', 'skoleledelse', 'netvaerksmoede', false]);
    expect(ids(r.actors)).toEqual(['team', 'barnet', 'foraeldre', 'plc-vejleder', 'raadgivende-team', 'skoleledelse']);
  });

  it('6h: no PPV → indstil til PPV, needing the parents\' agreement unless given', () => {
    const base = { ...CHILD_EXTERNAL, networkMeetingHeld: true, ppv: 'ingen' as const };
    expect(ask(base)).toEqual({ kind: 'question', field: 'parentsConsent' });
    const without = recommend({ ...base, parentsConsent: false });
    expect([without.step, without.lead.id, without.consentRequired]).toEqual(['ppv', 'skoleledelse', true]);
    expect(ids(without.actors)).toEqual(['skoleledelse', 'raadgivende-team', 'foraeldre']);
    expect(ids(without.templates)).toEqual(['indstilling-ppv']);
    expect(recommend({ ...base, parentsConsent: true }).consentRequired).toBe(false);
  });

  it('6k: no agreement with the parents → network meeting, consent required', () => {
    const r = recommend({ ...CHILD_READY, parentsConsent: false });
    expect([r.level, r.step, r.consentRequired, ids(r.missing)]).toEqual(['foregribende', 'netvaerksmoede', true, ['foraeldreaftale']]);
  });

  it('7: every prerequisite met → henvisning-pku, with a revisitation reminder', () => {
    const r = recommend(CHILD_READY);
    expect([r.level, r.step, r.lead.id, ids(r.templates), r.consentRequired]).toEqual(['indgribende', 'henvisning-pku', 'skoleledelse', ['henvisning-pku'], false]);
    expect(Object.values(prerequisitesMet(CHILD_READY)).every(Boolean)).toBe(true);
    expect(r.todo.some((t) => t.includes('11 måneder'))).toBe(true);
  });

  it('takes every title from the playbook', () => {
    const r = recommend(CHILD_READY);
    expect(r.levelTitle).toBe('Indgribende indsats');
    expect(r.title).toBe('Henvis til Pædagogisk Koordinationsudvalg');
    expect(r.lead.title).toBe('Skoleledelsen');
    const renamed = { ...playbook, steps: { ...playbook.steps, 'henvisning-pku': { title: 'Henvis til PKU (lokalt navn)' } } };
    const local = next(CHILD_READY, renamed);
    expect(local.kind === 'recommendation' && local.recommendation.title).toBe('Henvis til PKU (lokalt navn)');
  });
});

describe('the familie addition', () => {
  it('adds Familierådgivningen and a familierådslagning at foregribende', () => {
    const r = recommend({ ...CHILD_EXTERNAL, areas: ['trivsel', 'familie'], networkMeetingHeld: false });
    expect(ids(r.actors)).toContain('familieraadgivning');
    expect(r.alternativeMeetings.map((m) => m.id)).toEqual(['familieraadslagning']);
    expect(r.alternativeMeetings[0]?.participants.length).toBeGreaterThan(0);
    expect(r.rationale.some((s) => s.includes('Familierådgivningen'))).toBe(true);
  });

  it('adds nothing at forebyggende or indgribende, nor without familie', () => {
    expect(recommend({ ...CHILD, areas: ['familie'], planEvaluated: 'ikke-endnu' }).alternativeMeetings).toEqual([]);
    expect(recommend({ ...CHILD_READY, areas: ['familie'] }).alternativeMeetings).toEqual([]);
    const r = recommend({ ...CHILD_EXTERNAL, networkMeetingHeld: false });
    expect(r.alternativeMeetings).toEqual([]);
    expect(ids(r.actors)).not.toContain('familieraadgivning');
  });

  it('does not list Familierådgivningen twice when it is already an adviser', () => {
    const r = recommend({ ...CHILD_EXTERNAL, areas: ['familie'], advisers: ['raadgivende-team', 'familieraadgivning'], networkMeetingHeld: false });
    expect(ids(r.actors).filter((a) => a === 'familieraadgivning')).toHaveLength(1);
  });
});

describe('todo', () => {
  it('reminds the team of the child\'s perspective and of the parents', () => {
    const r = recommend({ ...CHILD, childPerspective: false, parents: 'ikke-inddraget', planEvaluated: 'ikke-endnu' });
    expect(r.todo).toContainEqual(expect.stringContaining('Inddrag barnets perspektiv'));
    expect(r.todo).toContainEqual(expect.stringContaining('Orientér forældrene'));
  });

  it('has no such reminders when the child was heard and the parents are involved', () => {
    const r = recommend({ ...CHILD, planEvaluated: 'ikke-endnu' });
    expect(r.todo).toEqual([]);
  });

  it('asks for a tovholder and an evaluation date whenever a plan is drafted', () => {
    expect(recommend({ ...COMMUNITY, plan: 'ingen' }).todo).toContainEqual(expect.stringContaining('tovholder'));
  });

  it('does not use answers the flow has not reached', () => {
    // parents is asked after plan: at rule 2 it does not matter yet.
    const r = recommend({ ...CHILD, teamDiscussed: false, parents: 'ikke-inddraget' });
    expect(r.step).toBe('droeft-i-teamet');
    expect(r.todo).toEqual([]);
    expect(r.basedOn).not.toContain('parents');
  });
});

describe('safeguarding (rule 0)', () => {
  it('stands alongside the step, with the legal basis and the leadership alerted', () => {
    const r = recommend({ ...CHILD, safety: ['omsorgssvigt'], acuteDanger: false, planEvaluated: 'ikke-endnu' });
    expect(r.step).toBe('evaluer-plan');
    expect(r.safeguarding).toMatchObject({ concerns: ['omsorgssvigt'], acute: false, notifyLeadership: true });
    expect(r.safeguarding?.basis).toContain('Barnets Lov § 133');
    const text = r.safeguarding?.actions.join(' ') ?? '';
    expect(text).toContain('skoleledelsen');
    expect(text).toContain('Underret kommunen');
    expect(text).toContain('samtykke');
    expect(text).toContain('må du ikke orientere forældrene, før kommunen er kontaktet');
    expect(text).not.toContain('112');
    expect(r.rationale[0]).toContain('underretningspligt');
  });

  it('tells the user to call 112 first when the child is in acute danger', () => {
    const s = safeguardingFor({ safety: ['vold'], acuteDanger: true });
    expect(s?.acute).toBe(true);
    expect(s?.actions[0]).toMatch(/^Ring 112/);
    expect(s?.title).toContain('112');
  });

  it('is null without signs of danger', () => {
    expect(safeguardingFor({ safety: [] })).toBeNull();
    expect(safeguardingFor({})).toBeNull();
    expect(recommend({ ...CHILD, planEvaluated: 'ikke-endnu' }).safeguarding).toBeNull();
  });
});

describe('relevantIntake and basedOn', () => {
  it('drops answers that no longer matter after an earlier answer changed, and keeps the description', () => {
    const changed: Intake = { ...CHILD_READY, description: 'A.B., 4.B', plan: 'ingen' };
    const relevant = relevantIntake(changed, playbook);
    expect(relevant).toEqual({
      description: 'A.B., 4.B', scope: 'barn', areas: ['trivsel'], safety: [], data: ['observationer'],
      childPerspective: true, teamDiscussed: true, plan: 'ingen', parents: 'inddraget',
    });
    expect(recommend(changed).basedOn).toEqual(['scope', 'areas', 'safety', 'data', 'childPerspective', 'teamDiscussed', 'plan', 'parents']);
  });

  it('keeps the answers that decide the missing prerequisites', () => {
    const r = recommend({ ...CHILD, advisers: [], ppv: 'foreligger' });
    expect(r.step).toBe('sparring-plc');
    expect(ids(r.missing)).not.toContain('ppv-foreligger');
    expect(r.basedOn).toContain('ppv');
  });
});
