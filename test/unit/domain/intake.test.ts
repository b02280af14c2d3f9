import { describe, expect, it } from 'vitest';
import { parseIntake } from '../../../src/domain/intake.js';

function errorsOf(input: unknown): string[] {
  const r = parseIntake(input);
  if (r.ok) throw new Error('expected the intake to be refused');
  return r.errors;
}

describe('parseIntake', () => {
  it('accepts an empty and a complete intake', () => {
    expect(parseIntake({})).toEqual({ ok: true, value: {} });
    const full = {
      description: 'A.B., 4.B',
      scope: 'barn',
      areas: ['trivsel'],
      safety: [],
      acuteDanger: false,
      homeConcern: false,
      data: ['topi'],
      childPerspective: true,
      teamDiscussed: true,
      plan: 'begge',
      parents: 'inddraget',
      planEvaluated: 'delvist',
      tried: ['co-teaching'],
      advisers: ['plc'],
      adviserEffect: 'virker',
      networkMeetingHeld: true,
      ppv: 'ingen',
      leaderDecision: 'ikke-truffet',
      districtCouncil: false,
      consents: ['arbejdsmoede', 'ppv'],
      psychologistAgrees: false,
    };
    expect(parseIntake(full)).toEqual({ ok: true, value: full });
  });

  it('refuses an unknown field, naming it', () => {
    expect(errorsOf({ scope: 'barn', navn: 'Peter' })).toEqual(['Ukendt felt: "navn"']);
  });

  it('refuses the retired parentsConsent with a Danish message that names consents', () => {
    const [error, ...rest] = errorsOf({ scope: 'barn', parentsConsent: true });
    expect(rest).toEqual([]);
    expect(error).toContain('Feltet "parentsConsent" findes ikke længere');
    expect(error).toContain('"consents"');
    expect(error).toContain('arbejdsmoede, ppv, distriktsraad, familieraadgivning, henvisning');
    expect(errorsOf({ parentsConsent: false, navn: 'Peter' })).toEqual([error, 'Ukendt felt: "navn"']);
  });

  it('takes consents per purpose, each once, and the new answers of version 2', () => {
    expect(parseIntake({ consents: [] }).ok).toBe(true);
    expect(errorsOf({ consents: ['arbejdsmoede', 'arbejdsmoede'] })[0]).toContain('kun vælges én gang');
    expect(errorsOf({ consents: ['alt'] })[0]).toContain('Feltet "consents.0"');
    expect(errorsOf({ consents: true })[0]).toContain('Feltet "consents"');
    expect(errorsOf({ leaderDecision: 'ja' })[0]).toContain('Feltet "leaderDecision"');
    expect(errorsOf({ homeConcern: 'ja' })[0]).toContain('Feltet "homeConcern"');
    expect(errorsOf({ psychologistAgrees: 1 })[0]).toContain('Feltet "psychologistAgrees"');
  });

  it('refuses an unknown enum value in Danish, naming the field', () => {
    const [error] = errorsOf({ scope: 'klasse' });
    expect(error).toContain('Feltet "scope"');
    expect(error).toMatch(/Ugyldig/);
    expect(errorsOf({ areas: ['trivsel', 'vejret'] })[0]).toContain('Feltet "areas.1"');
  });

  it('refuses a wrong type, naming the field', () => {
    const [error] = errorsOf({ teamDiscussed: 'ja' });
    expect(error).toContain('Feltet "teamDiscussed"');
    expect(error).toMatch(/forventede/);
    expect(errorsOf({ areas: 'trivsel' })[0]).toContain('Feltet "areas"');
  });

  it('refuses an empty list of areas and a value chosen twice', () => {
    expect(errorsOf({ areas: [] })[0]).toContain('Feltet "areas"');
    expect(errorsOf({ data: ['topi', 'topi'] })[0]).toContain('kun vælges én gang');
  });

  it('refuses a description holding a CPR number, and one that is too long', () => {
    expect(errorsOf({ description: 'A.B. 010203-1234' })[0]).toContain('CPR-nummer');
    expect(errorsOf({ description: 'x'.repeat(501) })[0]).toContain('Feltet "description"');
  });

  it('refuses an action id of the wrong shape', () => {
    expect(errorsOf({ tried: ['Co Teaching'] })[0]).toContain('Feltet "tried.0"');
  });

  it('refuses something that is not an object', () => {
    expect(errorsOf([])).toHaveLength(1);
    expect(errorsOf(null)).toHaveLength(1);
  });
});
