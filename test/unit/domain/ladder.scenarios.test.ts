/**
 * Every worked example of the scenarios (test/fixtures/scenarios/ladder.json, format in its
 * README) must hold: the next question, or the recommendation's level, step, held step, consent,
 * missing prerequisites and safeguarding.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from '../../../src/domain/zod.js';
import { parseIntake } from '../../../src/domain/intake.js';
import { next } from '../../../src/domain/ladder.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';

const SCENARIOS_URL = new URL('../../fixtures/scenarios/ladder.json', import.meta.url);

const Expect = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('question'), field: z.string() }),
  z.strictObject({
    kind: z.literal('recommendation'),
    level: z.string(),
    step: z.string(),
    heldStep: z.string().nullable(),
    consentRequired: z.boolean(),
    missing: z.array(z.string()),
    safeguarding: z.boolean(),
    acute: z.boolean(),
  }),
]);
const Scenarios = z.array(z.strictObject({ name: z.string().min(1), intake: z.unknown(), expect: Expect })).min(1);

const scenarios = Scenarios.parse(JSON.parse(readFileSync(SCENARIOS_URL, 'utf8')));
const playbook = defaultPlaybook();

describe('the scenarios (test/fixtures/scenarios/ladder.json)', () => {
  it('names every scenario uniquely', () => {
    const names = scenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const scenario of scenarios) {
    it(scenario.name, () => {
      const parsed = parseIntake(scenario.intake);
      if (!parsed.ok) throw new Error(`the scenario's intake is invalid: ${parsed.errors.join('; ')}`);
      const result = next(parsed.value, playbook);
      const want = scenario.expect;

      if (want.kind === 'question') {
        expect(result).toEqual({ kind: 'question', field: want.field });
        return;
      }
      if (result.kind !== 'recommendation') throw new Error(`expected a recommendation, got the question "${result.field}"`);
      const r = result.recommendation;
      expect({ level: r.level, step: r.step, heldStep: r.heldStep, consentRequired: r.consentRequired }).toEqual({
        level: want.level,
        step: want.step,
        heldStep: want.heldStep,
        consentRequired: want.consentRequired,
      });
      expect(new Set(r.missing.map((m) => m.id))).toEqual(new Set(want.missing));
      expect(r.missing).toHaveLength(want.missing.length);
      expect(r.safeguarding !== null).toBe(want.safeguarding);
      expect(r.safeguarding?.acute ?? false).toBe(want.acute);
    });
  }
});
