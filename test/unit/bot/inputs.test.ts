/**
 * Card data is read at the edge (src/bot/*.input.ts): the envelope (ids, seq, version) is checked
 * there and becomes the typed input a service takes; a card that does not parse gets Danish lines
 * for the bad-request card; the form's inputs go on, keyed by field, for the domain to check.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { caseRefOf } from '../../../src/bot/cases.input.js';
import { intakeCardOf, intakeCaseSeqOf, intakeResumeOf, intakeStartOf } from '../../../src/bot/intake.input.js';
import { planCardOf, planVersionRefOf } from '../../../src/bot/plans.input.js';
import { reminderCardOf } from '../../../src/bot/reminders.input.js';
import { draftCaseOf, forwardOf, notedOf, requestCardOf, requestIdOf, sendFormOf } from '../../../src/bot/sparring.input.js';

const id = randomUUID();

describe('intake cards', () => {
  it('reads the envelope and passes the answers on without it', () => {
    expect(intakeCardOf({ verb: 'intake.answer', caseId: id, seq: '3', fields: 'scope', scope: 'barn', safety: 'false' })).toEqual({
      ok: true,
      value: { caseId: id, seq: 3, values: { scope: 'barn', safety: 'false' } },
    });
  });

  it('refuses a card without a valid case or seq, naming the fields', () => {
    const parsed = intakeCardOf({ caseId: 'not-a-uuid', seq: 'x' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors).toHaveLength(2);
      expect(parsed.errors[0]).toMatch(/^caseId: kortet mangler en gyldig sags-id/);
      expect(parsed.errors[1]).toMatch(/^seq: /);
    }
  });

  it('Annullér and Fortryd without a case mean the latest open (or cancelled) case; with one, it must be valid', () => {
    expect(intakeCaseSeqOf({})).toEqual({ ok: true, value: null });
    expect(intakeCaseSeqOf({ caseId: id, seq: 2 })).toEqual({ ok: true, value: { caseId: id, seq: 2 } });
    expect(intakeCaseSeqOf({ caseId: 'x' }).ok).toBe(false);
    expect(intakeCaseSeqOf({ caseId: id }).ok).toBe(false);
  });

  it('Fortsæt may name its case; Ny bekymring may say "anew" and carry the pseudonym typed with it', () => {
    expect(intakeResumeOf({})).toEqual({ ok: true, value: null });
    expect(intakeResumeOf({ verb: 'intake.resume', caseId: id })).toEqual({ ok: true, value: id });
    expect(intakeResumeOf({ caseId: 'not-a-case' }).ok).toBe(false);
    expect(intakeStartOf({})).toEqual({ ok: true, value: { anew: false, pseudonym: null } });
    expect(intakeStartOf({ anew: true, pseudonym: ' A.B., 4.B ' })).toEqual({ ok: true, value: { anew: true, pseudonym: 'A.B., 4.B' } });
    expect(intakeStartOf({ anew: 'true', pseudonym: '' })).toEqual({ ok: true, value: { anew: true, pseudonym: null } });
    expect(intakeStartOf({ anew: 'yes' }).ok).toBe(false);
    expect(intakeStartOf({ pseudonym: 'x'.repeat(501) }).ok).toBe(false);
  });
});

describe('case and plan cards', () => {
  it('reads the case a button names', () => {
    expect(caseRefOf({ caseId: id })).toEqual({ ok: true, value: { caseId: id } });
    expect(caseRefOf({}).ok).toBe(false);
  });

  it('opens the current version when the card names none or 0', () => {
    expect(planVersionRefOf({ caseId: id, planId: id })).toMatchObject({ ok: true, value: { version: undefined } });
    expect(planVersionRefOf({ caseId: id, planId: id, version: '0' })).toMatchObject({ ok: true, value: { version: undefined } });
    expect(planVersionRefOf({ caseId: id, planId: id, version: '2' })).toMatchObject({ ok: true, value: { version: 2 } });
  });

  it('reads a Gem: the envelope, and the plan fields for the template to check', () => {
    expect(planCardOf({ verb: 'plan.save', caseId: id, planId: id, seq: '1', goal1: 'Mål' })).toEqual({
      ok: true,
      value: { caseId: id, planId: id, seq: 1, values: { goal1: 'Mål' } },
    });
    expect(planCardOf({ caseId: id, planId: id }).ok).toBe(false);
  });
});

describe('reminder cards', () => {
  it('says what is missing in plain Danish (no field names)', () => {
    expect(reminderCardOf({ planId: id, evaluationDate: '2026-12-01', kind: 'due' })).toEqual({
      ok: true,
      value: { planId: id, evaluationDate: '2026-12-01' },
    });
    expect(reminderCardOf({ planId: 'x', evaluationDate: '1.12.' })).toEqual({
      ok: false,
      errors: ['kortet mangler en gyldig plan-id', 'kortet mangler evalueringsdatoen'],
    });
  });

  it("reads a grouped card's plans (planId:date, space-separated), and refuses a bad one", () => {
    const other = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b0002';
    expect(reminderCardOf({ planId: id, evaluationDate: '2027-01-18', group: `${id}:2027-01-18 ${other}:2027-01-13` })).toEqual({
      ok: true,
      value: {
        planId: id,
        evaluationDate: '2027-01-18',
        group: [
          { planId: id, evaluationDate: '2027-01-18' },
          { planId: other, evaluationDate: '2027-01-13' },
        ],
      },
    });
    expect(reminderCardOf({ planId: id, evaluationDate: '2027-01-18', group: `${id}:2027-01-18 x:2027-01-13` })).toEqual({
      ok: false,
      errors: ['kortets planer er ikke gyldige'],
    });
  });
});

describe('sparring cards', () => {
  it('reads the request and the version the card showed', () => {
    expect(requestCardOf({ requestId: id, version: '2' })).toEqual({ ok: true, value: { requestId: id, version: 2 } });
    expect(requestCardOf({ requestId: id })).toEqual({ ok: true, value: { requestId: id, version: undefined } });
    expect(requestCardOf({ requestId: 'x' }).ok).toBe(false);
  });

  it('Send videre: the chosen group (forwardTo, else pool) is checked first', () => {
    expect(forwardOf({ requestId: id, version: 2, forwardTo: 'plc' })).toMatchObject({ ok: true, value: { to: 'plc' } });
    expect(forwardOf({ requestId: id, forwardTo: '', pool: 'akt' })).toMatchObject({ ok: true, value: { to: 'akt' } });
    const missing = forwardOf({ requestId: 'x' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors).toEqual([expect.stringContaining('Vælg den gruppe')]);
  });

  it('Afslut and Afvis pass the note and the reason on; the form its fields, with its form id or null', () => {
    expect(notedOf({ requestId: id, version: 3, note: 'Holdt møde.' })).toEqual({
      ok: true,
      value: { requestId: id, version: 3, values: { note: 'Holdt møde.' } },
    });
    expect(sendFormOf({ caseId: id, pool: 'plc' })).toEqual({ ok: true, value: { caseId: id, formId: null, values: { pool: 'plc' } } });
    expect(sendFormOf({ formId: id }).ok).toBe(false);
  });

  it('a refresh or Åbn names any string (unknown ids are "not found" later), Anmod om sparring any case', () => {
    expect(requestIdOf({ requestId: 'abc' })).toBe('abc');
    expect(requestIdOf({ requestId: 1 })).toBe(null);
    expect(draftCaseOf({})).toBe('');
  });
});
