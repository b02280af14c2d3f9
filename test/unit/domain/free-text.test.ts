/**
 * Control characters in free text (issue 9, point 4): refused in every text field with a Danish
 * message that never repeats the value, removed from the echo of a refused card; display names
 * from Teams cleaned (CPR masked, control and format characters removed, bounded), also inside a
 * stored conversation reference.
 */
import { describe, expect, it } from 'vitest';
import {
  CONTROL_CHARACTER_REFUSAL,
  DISPLAY_NAME_MAX,
  displayName,
  hasControlCharacters,
  withoutControlCharacters,
} from '../../../src/domain/free-text.js';
import { IntakeSchema, parseIntake, type Intake } from '../../../src/domain/intake.js';
import { PseudonymSchema } from '../../../src/domain/pseudonym.js';
import { parseClosingNote, parseRejectionReason, parseSparringForm } from '../../../src/domain/sparring.js';
import { draftPlan, parsePlanCard, planToCardValues, PLAN_SCHEMAS } from '../../../src/domain/plans/index.js';
import { storableReference } from '../../../src/conversations/storable-reference.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';

const REFUSED: [string, string][] = [
  ['NUL', '\u0000'],
  ['SOH', '\u0001'],
  ['backspace', '\u0008'],
  ['vertical tab', '\u000b'],
  ['form feed', '\u000c'],
  ['escape', '\u001b'],
  ['unit separator', '\u001f'],
  ['DEL', '\u007f'],
  ['a C1 control (NEL)', '\u0085'],
  ['a C1 control (CSI)', '\u009b'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', '\udc00'],
  ['the noncharacter U+FFFE', '\ufffe'],
  ['the noncharacter U+FFFF', '\uffff'],
  ['the noncharacter U+FDD0', '\ufdd0'],
  ['the noncharacter U+1FFFE', '\u{1fffe}'],
];
const ALLOWED = [
  'Linje 1\nLinje 2',
  'Windows-linjer\r\nnæste',
  'Kolonne\tkolonne',
  'Æble, øl og å – “citat” – A.B., 4.B',
  'Emoji 👩‍🏫 og 🇩🇰',
  'Nul-bredde\u200bmellemrum og blødt\u00adbindestreg',
];
const secret = (ch: string) => `Hemmelig tekst${ch}fortsat`;

describe('control characters', () => {
  it.each(REFUSED)('%s is refused, and removed by withoutControlCharacters', (_what, ch) => {
    expect(hasControlCharacters(secret(ch))).toBe(true);
    expect(withoutControlCharacters(secret(ch))).toBe('Hemmelig tekstfortsat');
  });

  it.each(ALLOWED)('%j is allowed as it is', (text) => {
    expect(hasControlCharacters(text)).toBe(false);
    expect(withoutControlCharacters(text)).toBe(text);
  });

  it('the message is Danish, says what to do, holds no value and fits under a card field', () => {
    expect(CONTROL_CHARACTER_REFUSAL).toMatch(/styretegn/);
    expect(CONTROL_CHARACTER_REFUSAL).toMatch(/Skriv teksten igen/);
    expect(Array.from(CONTROL_CHARACTER_REFUSAL).length).toBeLessThanOrEqual(120);
  });

  it.each(REFUSED)('the intake description with %s is refused with the message', (_what, ch) => {
    const r = parseIntake({ description: secret(ch) });
    expect(r).toEqual({ ok: false, errors: [`Feltet "description": ${CONTROL_CHARACTER_REFUSAL}`] });
    expect(IntakeSchema.safeParse({ description: 'Linje 1\nLinje 2' }).success).toBe(true);
  });

  it.each(REFUSED)('the pseudonym with %s is refused with the message', (_what, ch) => {
    const r = PseudonymSchema.safeParse(`A.B.${ch}, 4.B`);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([CONTROL_CHARACTER_REFUSAL]);
  });

  it.each(REFUSED)('the sparring texts with %s are refused beside the field, not echoed', (_what, ch) => {
    const card = {
      pool: 'plc',
      helpKinds: 'observation',
      wishedTime: 'uge 50',
      summary: 'A.B., 4.B. Uro i timerne.',
      parentsConsent: 'false',
    };
    for (const field of ['summary', 'wishedTime'] as const) {
      const r = parseSparringForm({ ...card, [field]: secret(ch) });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.errors).toEqual([{ field, message: CONTROL_CHARACTER_REFUSAL }]);
      expect(r.cprRefused).toBe(false);
      expect(r.values[field]).toBe('Hemmelig tekstfortsat');
      expect(JSON.stringify(r.errors)).not.toContain('Hemmelig');
    }
    expect(parseClosingNote({ note: secret(ch) })).toEqual({
      ok: false,
      errors: [{ field: 'note', message: CONTROL_CHARACTER_REFUSAL }],
      values: { note: 'Hemmelig tekstfortsat' },
      cprRefused: false,
    });
    expect(parseRejectionReason({ reason: secret(ch) })).toEqual({
      ok: false,
      errors: [{ field: 'reason', message: CONTROL_CHARACTER_REFUSAL }],
      values: { reason: 'Hemmelig tekstfortsat' },
      cprRefused: false,
    });
  });

  it('a sparring text with both a CPR number and a control character is refused as CPR, masked and cleaned', () => {
    const r = parseSparringForm({
      pool: 'plc',
      helpKinds: 'observation',
      summary: 'Barnet 120512\u20131234\u0000 er ked af det',
      wishedTime: '\u0000',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.cprRefused).toBe(true);
    expect(r.errors.map((e) => e.field)).toEqual([null, 'wishedTime', 'summary']);
    expect(r.values.summary).toBe('Barnet [CPR fjernet] er ked af det');
    expect(r.values.wishedTime).toBe('');
  });

  it.each(REFUSED)('a plan goal with %s is refused beside the field and removed from the echo', (_what, ch) => {
    const playbook = defaultPlaybook();
    const intake: Intake = {
      description: 'A.B., 4.B',
      scope: 'barn',
      areas: ['trivsel'],
      safety: [],
      data: ['observationer'],
      childPerspective: true,
      teamDiscussed: true,
      plan: 'ingen',
      parents: 'inddraget',
    };
    const draft = draftPlan('plan-barn', intake, playbook, { pseudonym: 'A.B., 4.B', tovholder: 'Mette', today: '2025-03-03' });
    const values = {
      ...planToCardValues('plan-barn', draft),
      childVoice: 'A.B. siger, at frikvartererne er svære.',
      parentsVoice: 'ikke indhentet endnu',
    };
    expect(parsePlanCard('plan-barn', values, { today: '2025-03-03' }).ok).toBe(true);
    const r = parsePlanCard('plan-barn', { ...values, goal1: secret(ch) }, { today: '2025-03-03' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([{ field: 'goal1', message: CONTROL_CHARACTER_REFUSAL }]);
    expect(r.values.goal1).toBe('Hemmelig tekstfortsat');
    // The content schema (what a stored version must satisfy) refuses it too.
    const content = { ...draft, goals: [{ goal: secret(ch), signs: ['A.B. leger med andre'] }] };
    expect(PLAN_SCHEMAS['plan-barn'].safeParse(content).success).toBe(false);
  });
});

describe('display names', () => {
  it('masks CPR numbers in every variant, removes control and format characters, collapses white space', () => {
    expect(displayName('Mette Kjær')).toBe('Mette Kjær');
    expect(displayName('  Mette\u0000 Kjær\n(120512\u20131234) ')).toBe('Mette Kjær ([CPR fjernet])');
    expect(displayName('Lærer 12\u200b05\u200b12\u00a01234')).toBe('Lærer [CPR fjernet]');
    expect(displayName('Ole\u202e\u200d\ufeff\ud800 Hansen')).toBe('Ole Hansen');
    expect(displayName(undefined)).toBe('');
    expect(displayName('\u0000\u200b ')).toBe('');
  });

  it(`keeps at most ${DISPLAY_NAME_MAX} characters, counted as code points, after masking`, () => {
    expect(Array.from(displayName('😀'.repeat(150)))).toHaveLength(DISPLAY_NAME_MAX);
    const name = `${'x'.repeat(95)} 120512-1234`;
    expect(displayName(name)).toBe(`${'x'.repeat(95)} [CPR`);
  });

  it('a stored conversation reference has its display names cleaned and everything else kept', () => {
    const reference = {
      activityId: 'a1',
      user: { id: '29:u', aadObjectId: 'aad', name: 'Mette 120512\u20111234\u0000', role: 'user' },
      bot: { id: '28:bot', name: 'Indsatsguiden' },
      conversation: { id: 'a:personal', conversationType: 'personal', tenantId: 't', name: '4.B 12.05.12-1234' },
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/',
    };
    expect(storableReference(reference)).toEqual({
      ...reference,
      user: { id: '29:u', aadObjectId: 'aad', name: 'Mette [CPR fjernet]', role: 'user' },
      conversation: { id: 'a:personal', conversationType: 'personal', tenantId: 't', name: '4.B [CPR fjernet]' },
    });
    expect(storableReference({ user: { id: 'u', name: 42 }, conversation: { id: 'c' } })).toEqual({
      user: { id: 'u' },
      conversation: { id: 'c' },
    });
    expect(storableReference(null)).toBe(null);
  });
});
