/**
 * The pure rules of sparring requests: groups and labels, the proposed group, the request form
 * (Danish messages, CPR refused without echo), the consent rule, `decide` over every state and
 * role (with properties over random histories), and the SLA deadline in school days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSchoolDay, localDate, localDateTime } from '../../../src/domain/calendar.js';
import { IDENTIFIER_REFUSAL } from '../../../src/domain/identifiers.js';
import { ADVISERS } from '../../../src/domain/intake.js';
import { STEPS } from '../../../src/domain/recommendation.js';
import {
  CONSENT_REFUSAL,
  DISTRICT_SPARRING_POOLS,
  SCHOOL_SPARRING_POOLS,
  SPARRING_POOLS,
  SPARRING_STATES,
  allowedActions,
  alternativePools,
  applyChange,
  checkConsent,
  decide,
  defaultHelpKinds,
  isFinal,
  parseClosingNote,
  parseRejectionReason,
  parseSparringForm,
  poolName,
  proposedPool,
  slaDeadline,
  sparringSummary,
  POOL_MEMBERS,
  type SparringPool,
  type SparringTransition,
  type TransitionSubject,
} from '../../../src/domain/sparring.js';
import { CAL, TZ } from './school-calendar.fixture.js';

const CPR = '010203-1234';

describe('groups', () => {
  it('are the intake’s five advisers: two of the school, three of the district', () => {
    expect([...SPARRING_POOLS]).toEqual([...ADVISERS]);
    expect([...SCHOOL_SPARRING_POOLS, ...DISTRICT_SPARRING_POOLS].sort()).toEqual([...ADVISERS].sort());
  });

  it('are named with their school or district', () => {
    expect(poolName('plc', 'Fjordbakkeskolen')).toBe('PLC – Fjordbakkeskolen');
    expect(poolName('akt', 'Fjordbakkeskolen')).toBe('AKT – Fjordbakkeskolen');
    expect(poolName('praksisvejleder', 'Distrikt Nord')).toBe('Praksisvejledere – Distrikt Nord');
    expect(poolName('raadgivende-team', 'Distrikt Nord')).toBe('Det rådgivende team – Distrikt Nord');
    expect(poolName('familieraadgivning', 'Distrikt Nord')).toBe('Familierådgivningen – Distrikt Nord');
  });

  it('the step proposes one: PLC for sparring-plc, practice advisers (or the advisory team) for sparring-ekstern, PLC otherwise', () => {
    expect(proposedPool('sparring-plc')).toBe('plc');
    expect(proposedPool('sparring-ekstern')).toBe('praksisvejleder');
    expect(alternativePools('sparring-ekstern')).toEqual(['raadgivende-team']);
    for (const step of STEPS.filter((s) => s !== 'sparring-ekstern')) expect(proposedPool(step)).toBe('plc');
    expect(proposedPool(null)).toBe('plc');
  });

  it('default kinds of help follow the case', () => {
    expect(defaultHelpKinds('sparring-plc', false)).toEqual(['observation', 'teammoede']);
    expect(defaultHelpKinds('sparring-plc', true)).toEqual(['observation', 'teammoede', 'kvalificering']);
    expect(defaultHelpKinds('sparring-ekstern', true)).toEqual(['observation', 'teammoede', 'kvalificering', 'arbejdsmoede']);
  });

  it('the prefilled summary is pseudonymous: pseudonym, level, areas and what was tried, never the teacher’s description', () => {
    const text = sparringSummary({
      pseudonym: 'A.B., 4.B',
      scope: 'barn',
      levelTitle: 'Foregribende indsats',
      areas: ['trivsel', 'socialt'],
      tried: ['Co-teaching', 'Fleksibel holddannelse', 'PALS'],
    });
    expect(text).toBe(
      'A.B., 4.B. Foregribende indsats. Bekymringen handler om trivsel og sociale relationer. Afprøvet indtil nu: co-teaching, fleksibel holddannelse og PALS.',
    );
    // No step title: it names an adviser ("… hos en PLC-vejleder"), and the group is chosen on the card.
    expect(text).not.toMatch(/PLC|vejleder/);
    expect(sparringSummary({ pseudonym: null, scope: 'barn' })).toBe('Et barn.');
    expect(sparringSummary({ pseudonym: null, scope: 'faellesskab', areas: ['adfaerd'], tried: [] })).toBe(
      'Et læringsfællesskab. Bekymringen handler om adfærd.',
    );
  });

  it('names a group’s members as they are called: vejledere at the school and in practice, rådgivere in the advisory team and family services', () => {
    expect(POOL_MEMBERS.plc.many).toBe('vejledere');
    expect(POOL_MEMBERS.akt.many).toBe('vejledere');
    expect(POOL_MEMBERS.praksisvejleder.many).toBe('vejledere');
    expect(POOL_MEMBERS['raadgivende-team'].many).toBe('rådgivere');
    expect(POOL_MEMBERS.familieraadgivning.one).toBe('rådgiver');
  });
});

describe('the request form', () => {
  const card = {
    pool: 'plc',
    helpKinds: 'teammoede,observation',
    wishedTime: ' uge 50, gerne tirsdag ',
    summary: 'A.B., 4.B. Uro i timerne.',
    parentsConsent: 'false',
  };

  it('reads the card’s strings: a comma list of kinds (in catalogue order), trimmed texts, the toggle', () => {
    const r = parseSparringForm(card);
    expect(r).toEqual({
      ok: true,
      value: {
        pool: 'plc',
        helpKinds: ['observation', 'teammoede'],
        wishedTime: 'uge 50, gerne tirsdag',
        summary: 'A.B., 4.B. Uro i timerne.',
        parentsConsent: false,
      },
    });
  });

  it('reads JSON values too; an unanswered toggle is null; the wished time may be empty', () => {
    const r = parseSparringForm({ pool: 'raadgivende-team', helpKinds: ['arbejdsmoede'], summary: 'x', parentsConsent: true });
    expect(r.ok && r.value).toEqual({
      pool: 'raadgivende-team',
      helpKinds: ['arbejdsmoede'],
      wishedTime: '',
      summary: 'x',
      parentsConsent: true,
    });
    const none = parseSparringForm({ ...card, parentsConsent: '' });
    expect(none.ok && none.value.parentsConsent).toBe(null);
  });

  it('says in Danish, beside each field, what is missing or wrong', () => {
    const r = parseSparringForm({ pool: 'skolepsykolog', helpKinds: '', wishedTime: 'x'.repeat(101), summary: '  ' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const by = Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
    expect(by.pool).toBe('Vælg den gruppe, anmodningen skal sendes til.');
    expect(by.helpKinds).toBe('Vælg mindst én slags hjælp.');
    expect(by.wishedTime).toBe('Teksten er for lang: højst 100 tegn (nu 101).');
    expect(by.summary).toMatch(/Skriv et kort resumé/);
    expect(r.cprRefused).toBe(false);
    // The user's values come back for the card shown again.
    expect(r.values.pool).toBe('skolepsykolog');
  });

  it('refuses a kind of help that is not in the catalogue, and a summary over 1,000 characters', () => {
    const r = parseSparringForm({ ...card, helpKinds: 'observation,kaffe', summary: 'æ'.repeat(1001) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field).sort()).toEqual(['helpKinds', 'summary']);
  });

  it('refuses a CPR number in the summary or the wished time, and never echoes it', () => {
    for (const field of ['summary', 'wishedTime'] as const) {
      const r = parseSparringForm({ ...card, [field]: `Barnet ${CPR} har det svært` });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.cprRefused).toBe(true);
      expect(r.errors[0]).toEqual({ field: null, message: IDENTIFIER_REFUSAL });
      expect(r.errors.some((e) => e.field === field)).toBe(true);
      expect(JSON.stringify(r)).not.toContain(CPR);
      expect(JSON.stringify(r)).not.toContain('1234');
    }
  });

  it('the closing note is optional and bounded; the reason is required; both refuse CPR', () => {
    expect(parseClosingNote({})).toEqual({ ok: true, value: null });
    expect(parseClosingNote({ note: ' Observation holdt, aftale om teammøde. ' })).toEqual({
      ok: true,
      value: 'Observation holdt, aftale om teammøde.',
    });
    expect(parseClosingNote({ note: 'x'.repeat(1001) }).ok).toBe(false);
    expect(parseRejectionReason({ reason: '' })).toMatchObject({
      ok: false,
      errors: [{ field: 'reason', message: 'Skriv kort, hvorfor du afviser anmodningen.' }],
    });
    expect(parseRejectionReason({ reason: 'x'.repeat(501) }).ok).toBe(false);
    expect(parseRejectionReason({ reason: 'Hører til AKT' })).toEqual({ ok: true, value: 'Hører til AKT' });
    for (const r of [parseClosingNote({ note: CPR }), parseRejectionReason({ reason: CPR })]) {
      expect(r).toMatchObject({ ok: false, cprRefused: true });
      expect(JSON.stringify(r)).not.toContain(CPR);
    }
  });
});

describe('the consent rule', () => {
  it('refuses a child-specific request to advisers outside the school without the parents’ consent', () => {
    for (const pool of DISTRICT_SPARRING_POOLS) {
      expect(checkConsent({ childSpecific: true, pool, parentsConsent: null })).toBe(CONSENT_REFUSAL);
      expect(checkConsent({ childSpecific: true, pool, parentsConsent: false })).toBe(CONSENT_REFUSAL);
      expect(checkConsent({ childSpecific: true, pool, parentsConsent: true })).toBe(null);
      expect(checkConsent({ childSpecific: false, pool, parentsConsent: null })).toBe(null);
    }
    for (const pool of SCHOOL_SPARRING_POOLS) expect(checkConsent({ childSpecific: true, pool, parentsConsent: false })).toBe(null);
  });
});

// ---------------------------------------------------------------------------------------------

const LISE = 'aaaaaaaa-0000-4000-8000-000000000001';
const METTE = 'aaaaaaaa-0000-4000-8000-000000000002';
const OUTSIDER = 'aaaaaaaa-0000-4000-8000-000000000003';

const fresh = (pool: SparringPool = 'plc'): TransitionSubject => ({
  state: 'ny',
  pool,
  claimedBy: null,
  claimedByName: null,
  version: 1,
  closingNote: null,
  rejectionReason: null,
  childSpecific: false,
  parentsConsent: null,
});
const member = (userId: string) => ({ userId, poolMember: true });
const stranger = (userId: string) => ({ userId, poolMember: false });

function take(request: TransitionSubject, userId: string, name: string): TransitionSubject {
  const d = decide(request, { kind: 'claim' }, member(userId));
  if (!d.ok) throw new Error(d.message);
  return applyChange(request, d.change, { userId, name });
}

describe('decide', () => {
  it('claim: a pool member takes a new request; the next one is told who was first; the winner’s repeat changes nothing', () => {
    expect(decide(fresh(), { kind: 'claim' }, member(LISE))).toEqual({
      ok: true,
      event: 'taget',
      change: { state: 'taget', claimant: 'set' },
    });
    const taken = take(fresh(), LISE, 'Lise Bruun');
    expect(taken).toMatchObject({ state: 'taget', claimedBy: LISE, claimedByName: 'Lise Bruun', version: 2 });
    expect(decide(taken, { kind: 'claim' }, member(METTE))).toEqual({
      ok: false,
      reason: 'taken',
      message: 'Anmodningen er allerede taget af Lise Bruun.',
    });
    expect(decide(taken, { kind: 'claim' }, member(LISE.toUpperCase()))).toMatchObject({ ok: false, reason: 'already-yours' });
    expect(decide(fresh(), { kind: 'claim' }, stranger(OUTSIDER))).toMatchObject({ ok: false, reason: 'not-member' });
  });

  it('release: only the claimant, back to ny without a claimant', () => {
    const taken = take(fresh(), LISE, 'Lise Bruun');
    expect(decide(taken, { kind: 'release' }, member(LISE))).toEqual({
      ok: true,
      event: 'givet-fra-sig',
      change: { state: 'ny', claimant: 'clear' },
    });
    expect(decide(taken, { kind: 'release' }, member(METTE))).toMatchObject({
      ok: false,
      reason: 'not-claimant',
      message: expect.stringContaining('Lise Bruun'),
    });
    expect(decide(fresh(), { kind: 'release' }, member(LISE))).toMatchObject({ ok: false, reason: 'not-claimed' });
  });

  it('forward: a member while new, the claimant once taken; to another available pool; the claimant is cleared', () => {
    const to = (pool: SparringPool, available = true): SparringTransition => ({ kind: 'forward', to: pool, available });
    expect(decide(fresh(), to('akt'), member(LISE))).toEqual({
      ok: true,
      event: 'videresendt',
      change: { state: 'ny', claimant: 'clear', pool: 'akt' },
    });
    expect(decide(fresh(), to('akt'), stranger(OUTSIDER))).toMatchObject({ ok: false, reason: 'not-member' });
    expect(decide(fresh(), to('plc'), member(LISE))).toMatchObject({ ok: false, reason: 'same-pool' });
    expect(decide(fresh(), to('praksisvejleder', false), member(LISE))).toMatchObject({ ok: false, reason: 'pool-unavailable' });
    const taken = take(fresh(), LISE, 'Lise Bruun');
    expect(decide(taken, to('akt'), member(METTE))).toMatchObject({ ok: false, reason: 'not-claimant' });
    expect(decide(taken, to('akt'), member(LISE))).toMatchObject({ ok: true, change: { claimant: 'clear', pool: 'akt' } });
    // The claimant may pass it on even if they have left the pool since.
    expect(decide(taken, to('akt'), stranger(LISE))).toMatchObject({ ok: true });
  });

  it("forward: a request about one child leaves the school only with the parents' consent", () => {
    const to = (pool: SparringPool): SparringTransition => ({ kind: 'forward', to: pool, available: true });
    const child = (parentsConsent: boolean | null) => ({ ...fresh(), childSpecific: true, parentsConsent });
    expect(decide(child(null), to('praksisvejleder'), member(LISE))).toMatchObject({ ok: false, reason: 'no-consent' });
    expect(decide(child(false), to('raadgivende-team'), member(LISE))).toMatchObject({ ok: false, reason: 'no-consent' });
    expect(decide(child(true), to('praksisvejleder'), member(LISE))).toMatchObject({ ok: true, change: { pool: 'praksisvejleder' } });
    // Within the school no consent is needed; nor for a learning community.
    expect(decide(child(null), to('akt'), member(LISE))).toMatchObject({ ok: true });
    expect(decide(fresh(), to('praksisvejleder'), member(LISE))).toMatchObject({ ok: true });
  });

  it('close: only the claimant of a taken request, with the note', () => {
    const taken = take(fresh(), LISE, 'Lise Bruun');
    expect(decide(taken, { kind: 'close', note: 'Holdt teammøde.' }, member(LISE))).toEqual({
      ok: true,
      event: 'afsluttet',
      change: { state: 'afsluttet', claimant: 'keep', closingNote: 'Holdt teammøde.' },
    });
    expect(decide(taken, { kind: 'close', note: null }, member(METTE))).toMatchObject({ ok: false, reason: 'not-claimant' });
    expect(decide(fresh(), { kind: 'close', note: null }, member(LISE))).toMatchObject({ ok: false, reason: 'not-claimed' });
  });

  it('reject: a member of the pool while new, the claimant once taken', () => {
    const reject: SparringTransition = { kind: 'reject', reason: 'Hører hjemme hos AKT.' };
    expect(decide(fresh(), reject, member(METTE))).toEqual({
      ok: true,
      event: 'afvist',
      change: { state: 'afvist', claimant: 'keep', rejectionReason: 'Hører hjemme hos AKT.' },
    });
    expect(decide(fresh(), reject, stranger(OUTSIDER))).toMatchObject({ ok: false, reason: 'not-member' });
    const taken = take(fresh(), LISE, 'Lise Bruun');
    expect(decide(taken, reject, member(METTE))).toMatchObject({ ok: false, reason: 'not-claimant' });
    expect(decide(taken, reject, member(LISE))).toMatchObject({ ok: true, change: { state: 'afvist' } });
  });

  it('allowedActions: the buttons each viewer sees', () => {
    const taken = take(fresh(), LISE, 'Lise Bruun');
    expect(allowedActions(fresh(), member(METTE))).toEqual(['claim', 'forward', 'reject']);
    expect(allowedActions(fresh(), stranger(OUTSIDER))).toEqual([]);
    expect(allowedActions(taken, member(LISE))).toEqual(['release', 'forward', 'close', 'reject']);
    expect(allowedActions(taken, member(METTE))).toEqual([]);
    expect(allowedActions({ ...taken, state: 'afsluttet' }, member(LISE))).toEqual([]);
  });

  // Random histories: any actor (member or not) tries any transition, over and over.
  const actorArb = fc.record({ userId: fc.constantFrom(LISE, METTE, OUTSIDER), poolMember: fc.boolean() });
  const transitionArb: fc.Arbitrary<SparringTransition> = fc.oneof(
    fc.constant({ kind: 'claim' as const }),
    fc.constant({ kind: 'release' as const }),
    fc.record({ kind: fc.constant('forward' as const), to: fc.constantFrom(...SPARRING_POOLS), available: fc.boolean() }),
    fc.record({ kind: fc.constant('close' as const), note: fc.option(fc.constant('Note'), { nil: null }) }),
    fc.record({ kind: fc.constant('reject' as const), reason: fc.constant('Begrundelse') }),
  );
  const historyArb = fc.array(fc.tuple(actorArb, transitionArb), { maxLength: 30 });

  it('property: final states stay final; every refusal changes nothing; invariants on the claimant hold', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SPARRING_POOLS), historyArb, (pool, history) => {
        let r = fresh(pool);
        for (const [actor, transition] of history) {
          const before = r;
          const d = decide(r, transition, actor);
          if (isFinal(before.state)) {
            expect(d).toMatchObject({ ok: false, reason: 'final' });
          }
          if (!d.ok) {
            expect(d.message).toMatch(/\S/);
            continue;
          }
          r = applyChange(r, d.change, { userId: actor.userId, name: `Navn ${actor.userId.slice(-1)}` });
          expect(r.version).toBe(before.version + 1);
          expect(SPARRING_STATES).toContain(r.state);
          if (r.state === 'ny') expect(r.claimedBy).toBe(null);
          if (r.state === 'taget' || r.state === 'afsluttet') expect(r.claimedBy).not.toBe(null);
          if (r.state === 'afvist') expect(r.rejectionReason).toBeTruthy();
          // Only the claimant moves a taken request.
          if (before.state === 'taget') expect(before.claimedBy).toBe(actor.userId);
          // Nobody outside the pool acts on an unclaimed one.
          if (before.state === 'ny') expect(actor.poolMember).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: of any number of members claiming one new request in turn, exactly the first wins and the rest are told who', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { minLength: 2, maxLength: 8 }), (ids) => {
        let r = fresh();
        const outcomes = ids.map((id) => {
          const d = decide(r, { kind: 'claim' }, member(id));
          if (d.ok) r = applyChange(r, d.change, { userId: id, name: `N-${id}` });
          return d;
        });
        expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
        expect(outcomes[0]!.ok).toBe(true);
        for (const o of outcomes.slice(1))
          expect(o).toEqual({ ok: false, reason: 'taken', message: `Anmodningen er allerede taget af N-${ids[0]}.` });
      }),
    );
  });
});

describe('SLA deadline (two school days)', () => {
  const at = (local: string) => new Date(`${local}+01:00`);

  it('is the same time two school days later, skipping weekends', () => {
    // Monday → Wednesday; Thursday → Monday.
    expect(slaDeadline(at('2026-11-23T10:15:30'), CAL).toISOString()).toBe(at('2026-11-25T10:15:30').toISOString());
    expect(slaDeadline(at('2026-11-26T14:00:00'), CAL).toISOString()).toBe(at('2026-11-30T14:00:00').toISOString());
  });

  it('skips school holidays and public holidays', () => {
    // Friday before the autumn holiday (summer time, +02:00) → Tuesday after it.
    expect(slaDeadline(new Date('2026-10-09T10:00:00+02:00'), CAL).toISOString()).toBe(new Date('2026-10-20T10:00:00+02:00').toISOString());
    // Wednesday 2026-12-16 → Thursday 17, Friday 18, then Christmas holiday: Friday 18 is the second school day.
    expect(slaDeadline(at('2026-12-16T09:00:00'), CAL).toISOString()).toBe(at('2026-12-18T09:00:00').toISOString());
    // Friday 18 → the holiday runs to 3 January: Monday 4 and Tuesday 5 January 2027.
    expect(slaDeadline(at('2026-12-18T09:00:00'), CAL).toISOString()).toBe(at('2027-01-05T09:00:00').toISOString());
  });

  it('a request sent on a day without school starts waiting at working-hours start of the next school day', () => {
    // Saturday → waits from Monday 08:00 → Wednesday 08:00.
    expect(slaDeadline(at('2026-11-28T12:00:00'), CAL).toISOString()).toBe(at('2026-12-02T08:00:00').toISOString());
  });

  it('property: the deadline falls on a school day, at least two days later, with exactly two school days after the start day', () => {
    const start = new Date('2026-01-01T00:00:00Z').getTime();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 * 86_400_000 }), (offset) => {
        const routed = new Date(start + offset);
        const deadline = slaDeadline(routed, CAL);
        expect(deadline.getTime()).toBeGreaterThanOrEqual(routed.getTime() + 2 * 86_400_000 - 3_600_000);
        const end = localDate(deadline, TZ);
        expect(isSchoolDay(end, CAL)).toBe(true);
        let day = localDateTime(routed, TZ).date;
        let schoolDays = 0;
        while (day < end) {
          day = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
          if (isSchoolDay(day, CAL)) schoolDays++;
        }
        expect(schoolDays).toBe(isSchoolDay(localDate(routed, TZ), CAL) ? 2 : 3);
      }),
      { numRuns: 300 },
    );
  });
});
