/**
 * Properties of the engine over generated intakes (every field of the Intake). The scenarios are
 * examples; these check the rules: the prerequisites of a referral, the flow of questions, consent
 * per purpose, the parents on hold, the missing prerequisites, safeguarding and the reasons.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIntake, type Intake, type IntakeField } from '../../../src/domain/intake.js';
import { next, prerequisitesMet, relevantIntake } from '../../../src/domain/ladder.js';
import {
  PREREQUISITES,
  type MeetingId,
  type NextResult,
  type Recommendation,
  type StepId,
  type TemplateId,
} from '../../../src/domain/recommendation.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { deepIntake, fullIntake, onHoldIntake, partialIntake } from './arbitraries.js';

const playbook = defaultPlaybook();
const anyIntake = fc.oneof(partialIntake(playbook), fullIntake(playbook), deepIntake(playbook), onHoldIntake(playbook));
const RUNS = { numRuns: 400 };

function recommend(intake: Intake): Recommendation | null {
  const r = next(intake, playbook);
  return r.kind === 'recommendation' ? r.recommendation : null;
}

/**
 * The question the flow asks next, written out on its own from the rules as the guide states them:
 * at each rule, the first field it reads that is not answered; null when a rule on the way decides.
 * The engine must ask exactly this (so every question it asks is one the next rule reads).
 */
function expectedQuestion(i: Intake): IntakeField | null {
  for (const f of ['scope', 'areas', 'safety'] as const) if (i[f] === undefined) return f;
  const safety = i.safety ?? [];
  if (safety.length > 0 && i.acuteDanger === undefined) return 'acuteDanger';
  const homeAsked = !safety.includes('omsorgssvigt') && (safety.includes('vold') || safety.includes('seksuelle-overgreb'));
  if (homeAsked && i.homeConcern === undefined) return 'homeConcern';
  const onHold = safety.includes('omsorgssvigt') || (homeAsked && i.homeConcern === true);
  const child = i.scope === 'barn';
  // 1. data, and the child's perspective right after it (unless a pupil conversation heard the child)
  if (i.data === undefined) return 'data';
  if (child && !i.data.includes('elevsamtale') && !i.data.includes('elevinterview') && i.childPerspective === undefined)
    return 'childPerspective';
  if (i.data.length === 0) return null;
  // 2. the team; 3. the plan, with parents and tried right after it
  if (i.teamDiscussed === undefined) return 'teamDiscussed';
  if (!i.teamDiscussed) return null;
  if (i.plan === undefined) return 'plan';
  if (child && i.parents === undefined) return 'parents';
  if (i.plan === 'ingen') return null;
  if (i.tried === undefined) return 'tried';
  // 4.–5. the evaluation; 6a–c the advisers
  if (i.planEvaluated === undefined) return 'planEvaluated';
  if (i.planEvaluated === 'ikke-endnu') return null;
  if (i.advisers === undefined) return 'advisers';
  if (i.advisers.length === 0) return null;
  if (i.adviserEffect === undefined) return 'adviserEffect';
  if (i.adviserEffect === 'ikke-endnu' || i.adviserEffect === 'virker') return null;
  // 6d external sparring (consent to a work meeting about a child); 6e a community goes no further
  if (!i.advisers.includes('praksisvejleder') && !i.advisers.includes('raadgivende-team'))
    return child && i.consents === undefined ? 'consents' : null;
  if (!child) return null;
  // 6f–f2 plans for both; 6g the network meeting; 6h–i the PPV (its consent moot while the parents wait)
  if (i.plan !== 'begge') return null;
  if (i.networkMeetingHeld === undefined) return 'networkMeetingHeld';
  if (!i.networkMeetingHeld) return null;
  if (i.ppv === undefined) return 'ppv';
  if (i.ppv === 'ingen') return !onHold && i.consents === undefined ? 'consents' : null;
  if (i.ppv === 'indstillet') return null;
  // 6i2–3 the leader's decision; 6j the district council (with consent); 6k–l the agreements; 7
  if (i.leaderDecision === undefined) return 'leaderDecision';
  if (i.leaderDecision !== 'vidtgaaende') return null;
  if (i.districtCouncil === undefined) return 'districtCouncil';
  if (i.consents === undefined) return 'consents';
  if (!i.districtCouncil || !i.consents.includes('henvisning')) return null;
  if (i.psychologistAgrees === undefined) return 'psychologistAgrees';
  return null;
}

/** The headings of the guide's sections and of the rows of its overviews of actions. */
const GUIDE_PARTS = [
  'Vejen til styrkede læringsfællesskaber for alle børn og unge',
  'Børn og forældre – en inddragende tilgang',
  'Mål- og indsatsplaner',
  'Faglig ledelse i de foregribende indsatser',
  'Faglig ledelse i de indgribende indsatser',
  'Skolelederens juridiske ansvar, når et barn har behov for en specialpædagogisk indsats',
  'Distriktsrådet som professionelt læringsfællesskab',
  'Pædagogisk Koordinationsudvalg (PKU) som professionelt læringsfællesskab',
  'Struktur og organisering af de forebyggende, foregribende og indgribende indsatser',
  'Sparring og vejledning',
  'Netværksmøde',
  'PPV',
  'Distriktsrådet',
  'Tværfagligt samarbejde med familierådgivningen',
  'Henvisning til Pædagogisk Koordinationsudvalg (Visitation)',
];

/** The »parts« named inside a sentence's "(handleguiden, …)", whose own parentheses may nest. */
function citedParts(sentence: string): string[] {
  const parts: string[] = [];
  for (let at = sentence.indexOf('(handleguiden, '); at >= 0; at = sentence.indexOf('(handleguiden, ', at + 1)) {
    let depth = 0;
    let end = at;
    for (; end < sentence.length; end++) {
      if (sentence[end] === '(') depth++;
      if (sentence[end] === ')' && --depth === 0) break;
    }
    for (const [, part] of sentence.slice(at, end).matchAll(/»([^«]+)«/g)) parts.push(part!);
  }
  return parts;
}

/** What involves the parents: a step, a meeting, a template, a reminder. */
const PARENT_STEPS: StepId[] = ['netvaerksmoede', 'ppv', 'afgoerelse', 'henvisning-pku'];
const PARENT_MEETINGS: MeetingId[] = ['netvaerksmoede', 'familieraadslagning', 'skole-hjem-samtale'];
const PARENT_TEMPLATES: TemplateId[] = ['dagsorden-netvaerksmoede', 'indstilling-ppv', 'sagsfremstilling', 'henvisning-pku'];
const WAIT = 'Vent med at inddrage forældrene, til kommunen har vurderet underretningen';

/** Answers the engine's questions one at a time from `answers`, starting from nothing. */
function interview(answers: Intake): { asked: IntakeField[]; result: NextResult } {
  const intake: Record<string, unknown> = {};
  const asked: IntakeField[] = [];
  for (let i = 0; i <= 25; i++) {
    const result = next(intake as Intake, playbook);
    if (result.kind === 'recommendation') return { asked, result };
    asked.push(result.field);
    if (result.field in intake) throw new Error(`asked "${result.field}" again`);
    intake[result.field] = answers[result.field];
  }
  throw new Error(`no recommendation after ${asked.length} questions: ${asked.join(', ')}`);
}

describe('next: generated intakes', () => {
  it('asks exactly the field the next undecided rule reads, and recommends once the rules on the way decide', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = next(intake, playbook);
        expect(r.kind === 'question' ? r.field : null).toBe(expectedQuestion(intake));
      }),
      { numRuns: 1500 },
    );
  });

  it('the generators are valid intakes and reach every level', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => parseIntake(intake).ok),
      RUNS,
    );
    const levels = new Set(fc.sample(deepIntake(playbook), { numRuns: 300, seed: 1 }).map((i) => recommend(i)?.level));
    expect(levels).toEqual(new Set(['forebyggende', 'foregribende', 'indgribende']));
  });

  it('recommends indgribende only when all nine prerequisites hold', () => {
    expect(PREREQUISITES).toHaveLength(9);
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = recommend(intake);
        if (r?.level !== 'indgribende') return;
        const met = prerequisitesMet(intake);
        expect(PREREQUISITES.filter((p) => !met[p])).toEqual([]);
        expect(r.step).toBe('henvisning-pku');
        expect(r.missing).toEqual([]);
      }),
      RUNS,
    );
  });

  it('never takes a faellesskab concern to indgribende', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = recommend({ ...intake, scope: 'faellesskab' });
        if (r) expect(r.level).not.toBe('indgribende');
      }),
      RUNS,
    );
  });

  it('never asks a field that is already answered, and never the description', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = next(intake, playbook);
        if (r.kind !== 'question') return;
        expect(intake[r.field]).toBeUndefined();
        expect(r.field).not.toBe('description');
      }),
      RUNS,
    );
  });

  it('reaches a recommendation within 20 questions when answering one by one', () => {
    fc.assert(
      fc.property(fc.oneof(fullIntake(playbook), deepIntake(playbook)), (answers) => {
        const { asked, result } = interview(answers);
        expect(asked.length).toBeLessThanOrEqual(20);
        expect(asked.slice(0, 3)).toEqual(['scope', 'areas', 'safety']);
        // The same answers given all at once lead to the same step.
        const direct = recommend(answers);
        if (result.kind !== 'recommendation' || !direct) throw new Error('expected recommendations');
        expect([result.recommendation.level, result.recommendation.step, result.recommendation.consentRequired]).toEqual([
          direct.level,
          direct.step,
          direct.consentRequired,
        ]);
      }),
      RUNS,
    );
  });

  it('gives identical output for identical input (deep equal and JSON-stable)', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const a = next(intake, playbook);
        const b = next(structuredClone(intake), playbook);
        expect(b).toEqual(a);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
      RUNS,
    );
  });

  it('lists missing prerequisites only once a referral is in view (foregribende, a child, a PPV asked for or received, not support at the school)', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = recommend(intake);
        if (!r) return;
        const inView =
          r.level === 'foregribende' &&
          intake.scope === 'barn' &&
          (intake.ppv === 'indstillet' || intake.ppv === 'foreligger') &&
          r.step !== 'bistand-paa-skolen';
        if (!inView) expect(r.missing).toEqual([]);
        else {
          const met = prerequisitesMet(intake);
          expect(r.missing.map((m) => m.id)).toEqual(PREREQUISITES.filter((p) => !met[p]));
        }
      }),
      RUNS,
    );
  });

  it('with the parents on hold, never proposes a step that involves them', () => {
    fc.assert(
      fc.property(onHoldIntake(playbook), (intake) => {
        const r = recommend(intake);
        if (!r) return;
        expect(r.safeguarding?.parentsOnHold).toBe(true);
        expect(PARENT_STEPS).not.toContain(r.step);
        expect(r.consentRequired).toBe(false);
        expect(r.actors.map((a) => a.id)).not.toContain('foraeldre');
        expect([r.meeting, ...r.alternativeMeetings].filter((m) => m && PARENT_MEETINGS.includes(m.id))).toEqual([]);
        expect(r.templates.filter((t) => PARENT_TEMPLATES.includes(t.id))).toEqual([]);
        expect(r.todo).toContain(WAIT);
        expect(r.todo.filter((t) => t !== WAIT && /forældre|familien/i.test(t))).toEqual([]);
        if (r.heldStep !== null) expect(r.step).toBe('afvent-kommunen');
        if (r.step === 'afvent-kommunen') expect([...PARENT_STEPS, 'sparring-ekstern', 'distriktsraad']).toContain(r.heldStep);
        expect(r.level).not.toBe('indgribende');
      }),
      RUNS,
    );
  });

  it('holds nothing back while the parents are not on hold', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = recommend(intake);
        if (!r || r.safeguarding?.parentsOnHold) return;
        expect([r.step, r.heldStep]).not.toContainEqual('afvent-kommunen');
        expect(r.heldStep).toBeNull();
        expect(r.todo).not.toContain(WAIT);
      }),
      RUNS,
    );
  });

  it('carries safeguarding iff safety is non-empty or acuteDanger is true (112 first when acute)', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = recommend(intake);
        if (!r) return;
        const expected = (intake.safety ?? []).length > 0 || intake.acuteDanger === true;
        expect(r.safeguarding !== null).toBe(expected);
        if (r.safeguarding) {
          expect(r.safeguarding.acute).toBe(intake.acuteDanger === true);
          expect(r.safeguarding.actions[0]?.includes('112')).toBe(intake.acuteDanger === true);
          expect(r.safeguarding.concerns).toEqual(intake.safety ?? []);
        }
      }),
      RUNS,
    );
  });

  it('asks for consent only for a child, and only where the consent for that purpose is missing', () => {
    const PURPOSE: Partial<Record<StepId, string>> = {
      'sparring-ekstern': 'arbejdsmoede',
      ppv: 'ppv',
      distriktsraad: 'distriktsraad',
      netvaerksmoede: 'henvisning',
    };
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = recommend(intake);
        if (!r?.consentRequired) return;
        expect(Object.keys(PURPOSE)).toContain(r.step);
        expect((intake.consents ?? []) as string[]).not.toContain(PURPOSE[r.step]);
        expect(intake.scope).toBe('barn');
      }),
      RUNS,
    );
  });

  it('relevantIntake keeps what the result rests on and drops the rest', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const relevant = relevantIntake(intake, playbook);
        expect(next(relevant, playbook)).toEqual(next(intake, playbook));
        expect(relevantIntake(relevant, playbook)).toEqual(relevant);
        expect(relevant.description).toBe(intake.description);
        const r = recommend(intake);
        if (r) {
          const kept = Object.keys(relevant)
            .filter((k) => k !== 'description')
            .sort();
          expect(kept).toEqual([...r.basedOn].sort());
        }
      }),
      RUNS,
    );
  });

  it('reads the parts a sentence cites', () => {
    expect(
      citedParts(
        'X (handleguiden, oversigten, »Henvisning til Pædagogisk Koordinationsudvalg (Visitation)«). Y (handleguiden, »PPV« og »Distriktsrådet«).',
      ),
    ).toEqual(['Henvisning til Pædagogisk Koordinationsudvalg (Visitation)', 'PPV', 'Distriktsrådet']);
  });

  it('every rationale sentence names the part of the guide (or the law) it rests on, and fits one line of the card', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = recommend(intake);
        if (!r) return;
        expect(r.rationale.length).toBeGreaterThan(0);
        expect(r.rationale.length).toBeLessThanOrEqual(10);
        for (const sentence of r.rationale) {
          expect(sentence).toMatch(/handleguiden|Barnets Lov/);
          expect(Array.from(sentence).length).toBeLessThanOrEqual(300);
          // The parts named are parts the guide has (its sections and the rows of its overviews).
          for (const part of citedParts(sentence)) expect(GUIDE_PARTS, sentence).toContain(part);
        }
      }),
      RUNS,
    );
  });
});
