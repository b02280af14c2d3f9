/**
 * Properties of the engine over generated intakes (every field of the Intake). The scenarios are
 * examples; these check the contract of shared/domain/ladder.md §5–§6 and intake.md "The flow".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIntake, type Intake, type IntakeField } from '../../../src/domain/intake.js';
import { next, prerequisitesMet, relevantIntake } from '../../../src/domain/ladder.js';
import { PREREQUISITES, type NextResult, type Recommendation } from '../../../src/domain/recommendation.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { deepIntake, fullIntake, partialIntake } from './arbitraries.js';

const playbook = defaultPlaybook();
const anyIntake = fc.oneof(partialIntake(playbook), fullIntake(playbook), deepIntake(playbook));
const RUNS = { numRuns: 400 };

function recommend(intake: Intake): Recommendation | null {
  const r = next(intake, playbook);
  return r.kind === 'recommendation' ? r.recommendation : null;
}

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
  it('the generators are valid intakes and reach every level', () => {
    fc.assert(fc.property(anyIntake, (intake) => parseIntake(intake).ok), RUNS);
    const levels = new Set(
      fc.sample(deepIntake(playbook), { numRuns: 300, seed: 1 }).map((i) => recommend(i)?.level),
    );
    expect(levels).toEqual(new Set(['forebyggende', 'foregribende', 'indgribende']));
  });

  it('recommends indgribende only when every §5 prerequisite holds', () => {
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
        expect([result.recommendation.level, result.recommendation.step, result.recommendation.consentRequired])
          .toEqual([direct.level, direct.step, direct.consentRequired]);
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

  it('lists missing prerequisites only at foregribende with scope = barn', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = recommend(intake);
        if (!r) return;
        if (r.level !== 'foregribende' || intake.scope !== 'barn') expect(r.missing).toEqual([]);
        else {
          const met = prerequisitesMet(intake);
          expect(r.missing.map((m) => m.id)).toEqual(PREREQUISITES.filter((p) => !met[p]));
        }
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

  it('asks for consent only where §6 says so', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = recommend(intake);
        if (!r?.consentRequired) return;
        expect(['sparring-ekstern', 'ppv', 'netvaerksmoede']).toContain(r.step);
        expect(intake.parentsConsent).not.toBe(true);
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
          const kept = Object.keys(relevant).filter((k) => k !== 'description').sort();
          expect(kept).toEqual([...r.basedOn].sort());
        }
      }),
      RUNS,
    );
  });

  it('every rationale sentence names the part of the guide (or the law) it rests on', () => {
    fc.assert(
      fc.property(anyIntake, (intake) => {
        const r = recommend(intake);
        if (!r) return;
        expect(r.rationale.length).toBeGreaterThan(0);
        for (const sentence of r.rationale) expect(sentence).toMatch(/handleguiden|Barnets Lov/);
      }),
      RUNS,
    );
  });
});
