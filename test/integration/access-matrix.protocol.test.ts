/**
 * The access matrix (issue 13, "Proof under attack", last point): every verb of src/cards/verbs.ts
 * that acts on a case, a plan, an evaluation, a sparring request or PKU's decision, and every typed
 * command that lists cases or requests, × every role of the organisation spec, each acting with
 * SOMEONE ELSE'S ids (the ids of the owner's cards, at the current seq/version, so a refusal is
 * never just a stale card), over the Bot Framework protocol on both databases.
 *
 * The matrix is data (MATRIX below, keyed by Verb so the compiler and the first test name a verb
 * without a row): `allow` lists the roles the contract (docs/adgang.md, "Hvem ser og gør hvad")
 * lets act; every other role must get the bot's refusal ("ikke fundet", "ikke adgang", the other
 * tenant's "Ikke tilgængelig"), see none of the case's pseudonym or the request's summary, and
 * change NOTHING in the database (row count and md5 digest of every table, as auth.protocol.test.ts
 * compares them; only each conversation's own bookkeeping and the access log are left out, see
 * UNCOMPARED). A role that may see a request or case but not do this to it (`sees`) is told that
 * nothing changed, and nothing does. An allowed role is not refused (a read shows the case), and
 * for a verb that changes something (`changes`) the first allowed role, sending the very data the
 * denied roles were refused on, does change the database: the refusals were the access check.
 * Lists ("mine sager", "sager på skolen", "mine anmodninger", "åbne anmodninger", help, the
 * administrators' commands) show the fixtures' pseudonyms and summaries only to `sees`.
 * The last test reads the access log: no refused action is logged as an allowed one.
 *
 * People (config/directory.example.yaml, plus one teacher added here): Mette Kjær owns the cases
 * (4.B, Fjordbakkeskolen); Anders Skov is on 4.B; Ida Holt (added) teaches Indskoling at the same
 * school; Hanne Lykke leads Fjordbakkeskolen; Helle Jessen leads Vestervang Skole; Karen Winther
 * sits in Distrikt Nord's council (and leads Nørre Strand; no case was brought to the council);
 * Niels Thorsen and Signe Mortensen are Det rådgivende team – Nord, where the requests are routed
 * (Niels has claimed them, Signe has not); Bente Kristiansen is Familierådgivningen – Nord (an
 * adviser outside that group); Torben Vestergaard is forvaltning; Jonas Brandt an administrator;
 * a stranger (unknown to the directory, same tenant); and Mette's own id from another tenant.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIRECTORY_FILE } from '../../src/directory/load.js';
import { VERB_NAMES, type Verb } from '../../src/cards/verbs.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { SparringRepository } from '../../src/sparring/sparring.repository.js';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import {
  actionByVerb,
  actionsOf,
  cardOf,
  inputIdsOf,
  inputValuesOf,
  invokeCard,
  textOf,
  TeamsUser,
  type CardAction,
  type TurnResult,
} from '../support/teams.js';
import { concernToRecommendation, lastCardOf, REFERRAL_CARD_ANSWERS, startConcern } from '../support/intake-cards.js';
import { contentsVersion } from '../../src/retention/case-deletion.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const OTHER_TENANT = '0f0e0d0c-0b0a-4909-8807-060504030201';
const IDA_AAD = '3c5e7a90-1b2d-4e6f-8a9b-0c1d2e3f4a5b';

const ROLES = [
  'owner',
  'teamMember',
  'otherTeacher',
  'ownLeader',
  'otherLeader',
  'council',
  'adviserClaimed',
  'adviserInGroup',
  'adviserOutside',
  'forvaltning',
  'admin',
  'stranger',
  'otherTenant',
] as const;
type Role = (typeof ROLES)[number];

const PEOPLE: Record<Role, { aadObjectId: string; name: string; tenantId: string }> = {
  owner: { aadObjectId: '1153f4b6-99f1-4c0d-94fd-862b111a2ad1', name: 'Mette Kjær', tenantId: TENANT },
  teamMember: { aadObjectId: '9f8692bc-8bea-48d9-9a5c-9c7fc320ce73', name: 'Anders Skov', tenantId: TENANT },
  otherTeacher: { aadObjectId: IDA_AAD, name: 'Ida Holt', tenantId: TENANT },
  ownLeader: { aadObjectId: '236cee5c-70dc-43b6-beab-6914a28f3172', name: 'Hanne Lykke', tenantId: TENANT },
  otherLeader: { aadObjectId: '0ab76f4e-27b8-4c85-9239-b888f53e9e2d', name: 'Helle Jessen', tenantId: TENANT },
  council: { aadObjectId: '77107fff-989a-4c47-90ee-7aeac992bca0', name: 'Karen Winther', tenantId: TENANT },
  adviserClaimed: { aadObjectId: '37800acf-e69f-4223-aec6-86408370bebf', name: 'Niels Thorsen', tenantId: TENANT },
  adviserInGroup: { aadObjectId: 'e7471253-169b-4358-9af4-aa130470b115', name: 'Signe Mortensen', tenantId: TENANT },
  adviserOutside: { aadObjectId: 'a736ee8f-7b05-4b3d-8c33-ee1138312873', name: 'Bente Kristiansen', tenantId: TENANT },
  forvaltning: { aadObjectId: 'e2a5d145-a426-4206-bf99-22ef27a382e4', name: 'Torben Vestergaard', tenantId: TENANT },
  admin: { aadObjectId: 'a000a46c-1e6b-4df4-9bc9-55ad120f5724', name: 'Jonas Brandt', tenantId: TENANT },
  stranger: { aadObjectId: '6b1c2d3e-4f50-4a61-9b72-83c94da5eb6f', name: 'Ukendt Person', tenantId: TENANT },
  // The owner's own AAD id, from another tenant: the tenant alone must refuse it.
  otherTenant: { aadObjectId: '1153f4b6-99f1-4c0d-94fd-862b111a2ad1', name: 'Mette Kjær', tenantId: OTHER_TENANT },
};

/** The role sets of the contract (docs/adgang.md), named once. */
const CASE_TEAM: Role[] = ['owner', 'teamMember', 'ownLeader'];
/** ... and the adviser who claimed a request of the case reads it (and exports), never changes it. */
const CASE_READERS: Role[] = [...CASE_TEAM, 'adviserClaimed'];
/** Who sees a request: its group's members, and the case's teacher, team and leaders. */
const REQUEST_READERS: Role[] = [...CASE_TEAM, 'adviserClaimed', 'adviserInGroup'];
/** PKU's decision and the notification to the municipality: the owner and the school's leaders only. */
const OWNER_OR_LEADER: Role[] = ['owner', 'ownLeader'];

/** The fixtures (made once in beforeAll): case F (plans, requests), case P (at PKU's referral), case S (safety signs, paused intake). */
interface Fixture {
  caseF: string;
  caseP: string;
  caseS: string;
  planId: string;
  formId: string;
  requests: Record<RequestKey, string>;
  /** The owner's own plan card's and evaluation card's inputs, filled in so that a Gem is valid. */
  planInputs: Record<string, string>;
  evaluationInputs: Record<string, string>;
}
type RequestKey = 'read' | 'open' | 'release' | 'forward' | 'close' | 'reject';
const PSEUDONYM = { F: 'F.M., 4.B', P: 'P.M., 4.B', S: 'S.M., 4.B' } as const;
/** The summary of the request sparring.send's allowed roles send (a new one: a request is sent once). */
const SEND_SUMMARY = 'Matrixanmodning send: klassen har brug for en observation.';
const SUMMARY = (key: RequestKey) => `Matrixanmodning ${key}: klassen har brug for kvalificering af planen.`;

/** What a cell sends: the card data (someone else's ids, current seq/version) and the card's inputs. */
type Send = (fx: Fixture, now: Current) => Promise<{ data: Record<string, unknown>; inputs?: Record<string, string> }>;
interface Current {
  seqOf(caseId: string): Promise<number>;
  /** What the erasure's confirmation card carries as its `seq` (src/retention/case-deletion.ts). */
  contentsVersionOf(caseId: string): Promise<number>;
  /** A plan card's `seq`: the plan's current version (Gem), or its revision (the evaluation's Gem). */
  planSeqOf(planId: string, of: 'current_version' | 'revision'): Promise<number>;
  versionOf(requestId: string): Promise<number>;
  evaluationDateOf(planId: string): Promise<string>;
}

type Row =
  /**
   * A button naming a case/plan/request: `allow` may act, everyone else is refused with nothing
   * changed. `sees`: roles that may see the object but not act (their refusal may show it: "Intet er
   * ændret"); everyone else's refusal shows nothing of it. `shows`: an allowed answer shows the case.
   * `changes`: the first allowed role, sending the very data the denied roles sent, changes the
   * database (so the refusals were the access check, not bad data).
   */
  | { kind: 'card'; on: 'F' | 'P' | 'S'; send: Send; allow: Role[]; sees?: Role[]; shows?: true; changes?: true }
  /**
   * A typed command listing cases or requests: only `sees` find the fixture's pseudonyms/summaries in
   * it; `allow` are not refused; `mayShow`: an allowed role's answer is not checked for them.
   */
  | { kind: 'list'; words: string | ((fx: Fixture) => string); sees: Role[]; allow: Role[]; mayShow?: true }
  /** No case, plan or request ids: nothing of anybody else's to reach (the actor's own concern, help). */
  | { kind: 'no-ids'; why: string };

const caseData =
  (key: 'caseF' | 'caseP' | 'caseS', withSeq = false): Send =>
  async (fx, now) => ({ data: { caseId: fx[key], ...(withSeq ? { seq: await now.seqOf(fx[key]) } : {}) } });
let saves = 0;
const planData = (): Send => async (fx) => ({ data: { caseId: fx.caseF, planId: fx.planId } });
/** A plan's or an evaluation's Gem as the owner's card carries it, at the plan's current version/revision, valid inputs. */
const planGem =
  (of: 'current_version' | 'revision'): Send =>
  async (fx, now) => ({
    data: { caseId: fx.caseF, planId: fx.planId, seq: await now.planSeqOf(fx.planId, of) },
    inputs: of === 'revision' ? fx.evaluationInputs : { ...fx.planInputs, goal1: `Klassen arbejder sammen i grupper (${++saves})` },
  });
const requestData =
  (key: RequestKey, inputs: Record<string, string> = {}): Send =>
  async (fx, now) => ({ data: { requestId: fx.requests[key], version: await now.versionOf(fx.requests[key]) }, inputs });
const reminderData =
  (extra: Record<string, string> = {}): Send =>
  async (fx, now) => ({ data: { planId: fx.planId, evaluationDate: await now.evaluationDateOf(fx.planId), ...extra } });

/**
 * THE MATRIX. Keyed by every Verb: a verb added to src/cards/verbs.ts without a row here does not
 * compile, and the first test fails. The order is the order the cells run in (reads before the
 * changes they would see; a changing verb's denied roles before its allowed ones).
 */
const MATRIX: Record<Verb, Row> = {
  'intake.start': {
    kind: 'no-ids',
    why: "starts the actor's own concern; it carries no case id (the optional pseudonym is the new case's)",
  },
  'help.show': { kind: 'list', words: 'hjælp', sees: [], allow: ROLES.filter((r) => r !== 'otherTenant') },
  'cases.list': { kind: 'list', words: 'mine sager', sees: ['owner'], allow: ROLES.filter((r) => r !== 'otherTenant') },
  'cases.school': { kind: 'list', words: 'sager på skolen', sees: ['ownLeader'], allow: ['ownLeader', 'otherLeader', 'council'] },
  'sparring.mine': {
    kind: 'list',
    words: 'mine anmodninger',
    sees: ['adviserClaimed'],
    allow: ROLES.filter((r) => r !== 'otherTenant'),
  },
  'sparring.unclaimed': {
    kind: 'list',
    words: 'åbne anmodninger',
    sees: ['adviserClaimed', 'adviserInGroup'],
    allow: ROLES.filter((r) => r !== 'otherTenant'),
  },
  'admin.status': { kind: 'list', words: 'status', sees: [], allow: ['admin'] },
  'admin.reload': { kind: 'list', words: 'genindlæs', sees: [], allow: ['admin'] },
  // An administrator reads who read a case, and exports what is stored about it; nobody else does.
  'admin.access-log': { kind: 'list', words: (fx) => `adgangslog ${fx.caseF}`, sees: [], allow: ['admin'], mayShow: true },
  'admin.insight': { kind: 'list', words: (fx) => `indsigt ${fx.caseF}`, sees: [], allow: ['admin'], mayShow: true },
  // Erasure: only an administrator is asked (the card names the case) and may press Annullér; the
  // confirmation itself is the matrix's last row (admin.erase.confirm), since it deletes case S.
  'admin.erase': { kind: 'list', words: (fx) => `slet sag ${fx.caseF}`, sees: [], allow: ['admin'], mayShow: true },
  'admin.erase.cancel': { kind: 'card', on: 'F', send: caseData('caseF'), allow: ['admin'] },
  'case.open': { kind: 'card', on: 'F', send: caseData('caseF'), allow: CASE_READERS, shows: true },
  'plan.open': { kind: 'card', on: 'F', send: planData(), allow: CASE_READERS, shows: true },
  'plan.export': { kind: 'card', on: 'F', send: planData(), allow: CASE_READERS },
  'sparring.open': { kind: 'card', on: 'F', send: requestData('read'), allow: REQUEST_READERS },
  'sparring.refresh': { kind: 'card', on: 'F', send: requestData('read'), allow: REQUEST_READERS },
  'plan.evaluate': { kind: 'card', on: 'F', send: planData(), allow: CASE_TEAM },
  'plan.draft': { kind: 'card', on: 'F', send: caseData('caseF', true), allow: CASE_TEAM },
  'sparring.draft': { kind: 'card', on: 'F', send: caseData('caseF'), allow: CASE_TEAM },
  'pku.form': { kind: 'card', on: 'P', send: caseData('caseP', true), allow: OWNER_OR_LEADER },
  'plan.save': { kind: 'card', on: 'F', send: planGem('current_version'), allow: CASE_TEAM, changes: true },
  'plan.evaluation.save': { kind: 'card', on: 'F', send: planGem('revision'), allow: CASE_TEAM, changes: true },
  'reminder.snooze': { kind: 'card', on: 'F', send: reminderData({ kind: 'leder' }), allow: CASE_TEAM, changes: true },
  'reminder.done': { kind: 'card', on: 'F', send: reminderData(), allow: CASE_TEAM, changes: true },
  'sparring.send': {
    kind: 'card',
    on: 'F',
    send: async (fx) => ({
      data: { caseId: fx.caseF, formId: fx.formId },
      inputs: {
        pool: 'raadgivende-team',
        helpKinds: 'kvalificering',
        wishedTime: 'snarest',
        summary: SEND_SUMMARY,
        parentsConsent: 'true',
      },
    }),
    allow: CASE_TEAM,
    changes: true,
  },
  // An open request: any member of its group may take it; the case's people see it, but do not take it.
  'sparring.claim': {
    kind: 'card',
    on: 'F',
    send: requestData('open'),
    allow: ['adviserInGroup', 'adviserClaimed'],
    changes: true,
    sees: CASE_TEAM,
  },
  // A request Niels has taken: only he acts on it; the group and the case's people see it.
  'sparring.release': {
    kind: 'card',
    on: 'F',
    send: requestData('release'),
    allow: ['adviserClaimed'],
    changes: true,
    sees: REQUEST_READERS,
  },
  'sparring.forward': {
    kind: 'card',
    on: 'F',
    send: requestData('forward', { forwardTo: 'praksisvejleder' }),
    allow: ['adviserClaimed'],
    changes: true,
    sees: REQUEST_READERS,
  },
  'sparring.close': {
    kind: 'card',
    on: 'F',
    send: requestData('close', { note: 'Teammøde holdt.' }),
    allow: ['adviserClaimed'],
    changes: true,
    sees: REQUEST_READERS,
  },
  'sparring.reject': {
    kind: 'card',
    on: 'F',
    send: requestData('reject', { reason: 'Ikke vores opgave.' }),
    allow: ['adviserClaimed'],
    changes: true,
    sees: REQUEST_READERS,
  },
  'pku.record': {
    kind: 'card',
    on: 'P',
    send: async (fx, now) => ({
      data: { caseId: fx.caseP, seq: await now.seqOf(fx.caseP) },
      inputs: { decision: 'returneret', decidedOn: '2027-02-26', remarks: 'Beskriv forældrenes perspektiv.' },
    }),
    allow: OWNER_OR_LEADER,
    changes: true,
  },
  // Closing a case: its owner or a leader of its school (after PKU's decision, the last use of case P).
  'case.close.form': { kind: 'card', on: 'P', send: caseData('caseP', true), allow: OWNER_OR_LEADER, sees: CASE_TEAM },
  'case.close': {
    kind: 'card',
    on: 'P',
    send: async (fx, now) => ({ data: { caseId: fx.caseP, seq: await now.seqOf(fx.caseP) }, inputs: { reason: 'andet', note: '' } }),
    allow: OWNER_OR_LEADER,
    changes: true,
    sees: CASE_TEAM,
  },
  'safeguarding.notified': { kind: 'card', on: 'S', send: caseData('caseS'), allow: OWNER_OR_LEADER, changes: true },
  'intake.resume': { kind: 'card', on: 'S', send: caseData('caseS'), allow: ['owner'] },
  'intake.answer': { kind: 'card', on: 'S', send: caseData('caseS', true), allow: ['owner'] },
  'intake.back': { kind: 'card', on: 'S', send: caseData('caseS', true), allow: ['owner'], changes: true },
  'intake.later': { kind: 'card', on: 'S', send: caseData('caseS'), allow: ['owner'] },
  'intake.cancel': { kind: 'card', on: 'S', send: caseData('caseS', true), allow: ['owner'] },
  'intake.cancel.confirm': { kind: 'card', on: 'S', send: caseData('caseS', true), allow: ['owner'], changes: true },
  'intake.undo': { kind: 'card', on: 'S', send: caseData('caseS', true), allow: ['owner'], changes: true },
  // Last: the administrator's "Slet sagen permanent" deletes case S (after every other cell has used it).
  'admin.erase.confirm': {
    kind: 'card',
    on: 'S',
    send: async (fx, now) => ({ data: { caseId: fx.caseS, seq: await now.contentsVersionOf(fx.caseS) } }),
    allow: ['admin'],
    changes: true,
  },
};

/** The bot's refusals: not found (case, request), no role, another tenant. */
const REFUSAL = /Sagen blev ikke fundet|Anmodningen blev ikke fundet|Du har ikke adgang til dette|Ikke tilgængelig|Kun skolens ledelse/;
/** Answers that are no answer to the action: an allowed cell may not pass on one of these. */
const NOT_AN_ANSWER = /Personoplysning afvist|Kortets data kunne ikke læses|Noget gik galt|Det forstod jeg ikke/;
/**
 * Tables left out of the before/after comparison: each conversation's own bookkeeping (its
 * reference, the turn state of Teams AI, the outbound rate buckets), and the access log, which
 * records refused attempts by design (what it says of a refused change is checked on its own, below). Everything else (cases, plans, versions, evaluations, requests and
 * their events, PKU decisions, notifications, recommendations, the outbox) must not change.
 */
const UNCOMPARED = /^(conversation_refs|bot_state|rate_buckets)$|access_log|audit/;

/** The cells, verb by verb in MATRIX's order; within a verb the denied roles first (before an allowed one changes the object). */
const CELLS = Object.entries(MATRIX).flatMap(([verb, row]) => {
  if (row.kind === 'no-ids') return [];
  const cells = ROLES.map((role) => ({
    verb: verb as Verb,
    role,
    allowed: role !== 'otherTenant' && row.allow.includes(role),
    firstAllowed: false,
  }));
  return [...cells.filter((c) => !c.allowed), ...cells.filter((c) => c.allowed).map((c, i) => ({ ...c, firstAllowed: i === 0 }))];
});

describe('the access matrix as data', () => {
  it('has a row for every verb of src/cards/verbs.ts, and names only known roles', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...VERB_NAMES].sort());
    for (const row of Object.values(MATRIX)) if (row.kind !== 'no-ids') for (const r of row.allow) expect(ROLES).toContain(r);
    // Somebody is allowed and somebody denied in every row that carries ids: no row can pass by refusing all.
    for (const [verb, row] of Object.entries(MATRIX)) {
      if (row.kind === 'no-ids') continue;
      expect(row.allow.length, verb).toBeGreaterThan(0);
      // A card row denies somebody of the municipality; a list row shows the fixtures to fewer than everyone.
      const restricted = row.kind === 'card' ? row.allow : row.sees;
      expect(restricted.filter((r) => r !== 'otherTenant').length, verb).toBeLessThan(ROLES.length - 1);
    }
  });
});

describe.each(storeTargets())('the access matrix on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let fx: Fixture;
  const now = new Date('2027-03-01T09:00:00Z');
  const as = (role: Role) => {
    const p = PEOPLE[role];
    return new TeamsUser(url, connector, p, `a:personal-${p.tenantId === TENANT ? '' : 'x-'}${p.aadObjectId}`);
  };

  const current: Current = {
    planSeqOf: async (id, of) =>
      Number((await sql<{ n: number }>`select ${sql.ref(of)} as n from plans where id = ${id}`.execute(database.db)).rows[0]!.n),
    seqOf: async (id) => Number((await sql<{ seq: number }>`select seq from cases where id = ${id}`.execute(database.db)).rows[0]!.seq),
    contentsVersionOf: async (id) => (await contentsVersion(database.db, id)) ?? -1,
    versionOf: async (id) =>
      Number(
        (await sql<{ version: number }>`select version from sparring_requests where id = ${id}`.execute(database.db)).rows[0]!.version,
      ),
    evaluationDateOf: async (id) => {
      const { rows } = await sql<{ d: string }>`select evaluation_date::text as d from plans where id = ${id}`.execute(database.db);
      return rows[0]!.d;
    },
  };

  let digestQuery: ReturnType<typeof sql<Record<string, string>>> | null = null;
  /** Every compared table's row count and md5 digest, in one statement. */
  async function snapshot(): Promise<Record<string, string>> {
    if (!digestQuery) {
      const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(database.db);
      const tables = rows.map((r) => r.table_name).filter((t) => !UNCOMPARED.test(t));
      expect(tables).toEqual(expect.arrayContaining(['cases', 'plans', 'plan_versions', 'sparring_requests', 'sparring_events', 'outbox']));
      digestQuery = sql<Record<string, string>>`select ${sql.join(
        tables.map(
          (t) =>
            sql`(select count(*) || ' ' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') from ${sql.table(t)} x) as ${sql.ref(t)}`,
        ),
      )}`;
    }
    return (await digestQuery.execute(database.db)).rows[0]!;
  }

  beforeAll(async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'directory-')), 'kommune.yaml');
    const example = readFileSync(EXAMPLE_DIRECTORY_FILE, 'utf8');
    const withIda = example
      .replace(
        /(\n {2}- \{ aadObjectId: &anders [^\n]*)/,
        `$1\n  - { aadObjectId: &ida ${IDA_AAD}, displayName: Ida Holt, email: iho@fjordby.dk }`,
      )
      .replace(
        '{ id: indskoling, name: Indskoling, members: [*anders, *lise] }',
        '{ id: indskoling, name: Indskoling, members: [*anders, *lise, *ida] }',
      );
    expect(withIda).toContain('members: [*anders, *lise, *ida]');
    writeFileSync(file, withIda);
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, { DIRECTORY_FILE: file }, new LogCapture(), {
      database,
      clock: () => now,
      startJobs: false,
    }));
    for (const role of ROLES) await as(role).install();
    const mette = as('owner');

    // Case F: a child in 4.B at "make a plan", with a saved plan and requests to Det rådgivende team – Nord.
    const rec = await concernToRecommendation(mette, {
      team: 'fjordbakke/4b',
      pseudonym: PSEUDONYM.F,
      scope: 'barn',
      areas: 'trivsel',
      safety: '',
      data: 'observationer,elevsamtale',
      childPerspective: 'true',
      teamDiscussed: 'true',
      plan: 'ingen',
      parents: 'inddraget',
    });
    const caseF = actionByVerb(rec.card, 'plan.draft').data!.caseId as string;
    const drafted = await mette.execute(rec.id, actionByVerb(rec.card, 'plan.draft'));
    const planCard = cardOf(drafted.sent[0])!;
    const saved = invokeCard((await mette.execute(drafted.sent[0]!.id, actionByVerb(planCard, 'plan.save'), inputValuesOf(planCard))).body);
    expect(textOf(saved)).toContain('Version 1');
    const planId = actionByVerb(saved!, 'plan.save').data!.planId as string;
    const planInputs = inputValuesOf(saved!);
    const evaluation = lastCardOf(
      (await mette.execute('plan', { type: 'Action.Execute', verb: 'plan.evaluate', data: { caseId: caseF, planId } })).sent,
    );
    const evaluationInputs: Record<string, string> = {
      ...inputValuesOf(evaluation.card!),
      decision: 'fortsaet',
      decisionNote: 'Vi fortsætter.',
    };
    for (const id of Object.keys(evaluationInputs)) if (/^goal\dResult$/.test(id)) evaluationInputs[id] = 'delvist';

    const sparring = new SparringRepository(database);
    const requests = {} as Record<RequestKey, string>;
    let formId = '';
    for (const key of ['read', 'open', 'release', 'forward', 'close', 'reject'] as const) {
      const form = await mette.execute('case', { type: 'Action.Execute', verb: 'sparring.draft', data: { caseId: caseF } });
      const send = actionByVerb(cardOf(form.sent[0])!, 'sparring.send');
      const sent = await mette.execute(form.sent[0]!.id, send, {
        pool: 'raadgivende-team',
        helpKinds: 'kvalificering',
        wishedTime: 'snarest',
        summary: SUMMARY(key),
        parentsConsent: 'true',
      });
      expect(textOf(invokeCard(sent.body))).toContain('sendt');
      requests[key] = (await sparring.listForCase(caseF)).find((r) => r.summary === SUMMARY(key))!.id;
      if (key !== 'open') {
        const taken = await as('adviserClaimed').execute('x', {
          type: 'Action.Execute',
          verb: 'sparring.claim',
          data: { requestId: requests[key], version: 1 },
        });
        expect(textOf(invokeCard(taken.body))).toContain('Du har taget anmodningen');
      }
    }
    // A form drawn for the owner (its formId): the others' sparring.send uses it.
    const form = await mette.execute('case', { type: 'Action.Execute', verb: 'sparring.draft', data: { caseId: caseF } });
    formId = actionByVerb(cardOf(form.sent[0])!, 'sparring.send').data!.formId as string;

    // Case P: a child in 4.B at the referral to PKU.
    const ready = await concernToRecommendation(mette, { ...REFERRAL_CARD_ANSWERS, pseudonym: PSEUDONYM.P });
    expect(textOf(ready.card)).toContain('Henvis til Pædagogisk Koordinationsudvalg');
    const caseP = actionsOf(ready.card).find((a) => typeof a.data?.caseId === 'string')!.data!.caseId as string;

    // Case S: a child in 4.B with signs of violence, the intake paused after the acute answer.
    const start = await startConcern(mette);
    const caseS = actionByVerb(start.card!, 'intake.answer').data!.caseId as string;
    let step = start;
    const answers: Record<string, string> = {
      team: 'fjordbakke/4b',
      pseudonym: PSEUDONYM.S,
      scope: 'barn',
      areas: 'trivsel',
      safety: 'vold',
      acuteDanger: 'false',
      homeConcern: 'false',
    };
    for (let i = 0; i < 4 && step.card && inputIdsOf(step.card).length > 0; i++) {
      const fields = inputIdsOf(step.card).filter((f) => f in answers);
      step = lastCardOf(
        (await mette.execute(step.id, actionByVerb(step.card, 'intake.answer'), Object.fromEntries(fields.map((f) => [f, answers[f]!]))))
          .sent,
      );
    }
    expect(
      Number(
        (await sql<{ n: number }>`select count(*) as n from cases where id = ${caseS} and pseudonym = ${PSEUDONYM.S}`.execute(database.db))
          .rows[0]!.n,
      ),
    ).toBe(1);
    fx = { caseF, caseP, caseS, planId, formId, requests, planInputs, evaluationInputs };
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  /** The denied cells the access log recorded as an allowed access (see the last test). */
  const falseChanges: string[] = [];
  const logMark = async () =>
    Number((await sql<{ n: number }>`select coalesce(max(id), 0) as n from access_log`.execute(database.db)).rows[0]!.n);
  /** After a denied cell: an access logged as allowed (for a role that may read the object, a change logged as allowed). */
  async function noteFalseChanges(since: number, cell: string, mayRead: boolean) {
    const actions = mayRead ? ['change'] : ['read', 'change', 'export'];
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from access_log where id > ${since} and outcome = 'allowed' and action in (${sql.join(actions)})`.execute(
      database.db,
    );
    if (Number(rows[0]!.n) > 0) falseChanges.push(cell);
  }

  /** Everything the bot answered in the turn: the invoke's card and the cards it sent. */
  const answerOf = (turn: TurnResult) =>
    [textOf(invokeCard(turn.body)), ...turn.sent.map((a) => textOf(cardOf(a)) || (a.activity.text ?? ''))].join('\n');
  /** What of the fixtures may not leak to a denied role: the pseudonyms and the requests' summaries. */
  const SECRETS = [
    ...Object.values(PSEUDONYM),
    ...(['read', 'open', 'release', 'forward', 'close', 'reject'] as const).map(SUMMARY),
    SEND_SUMMARY,
  ];

  it.each(CELLS)('$verb as $role: allowed=$allowed', async ({ verb, role, allowed, firstAllowed }) => {
    const row = MATRIX[verb] as Exclude<Row, { kind: 'no-ids' }>;
    const before = await snapshot();
    const logged = await logMark();
    let answer: string;
    if (row.kind === 'list') {
      answer = answerOf(await as(role).say(typeof row.words === 'string' ? row.words : row.words(fx)));
      const sees = role !== 'otherTenant' && row.sees.includes(role);
      if (sees)
        expect(
          SECRETS.some((s) => answer.includes(s)),
          answer.slice(0, 300),
        ).toBe(true);
      else if (!(allowed && row.mayShow)) for (const s of SECRETS) expect(answer).not.toContain(s);
    } else {
      const { data, inputs } = await row.send(fx, current);
      const action: CardAction = { type: 'Action.Execute', verb, data };
      answer = answerOf(await as(role).execute('card-of-someone-else', action, inputs));
      if (allowed && row.shows) expect(answer).toContain(PSEUDONYM[row.on]);
      if (!allowed && !row.sees?.includes(role)) for (const s of SECRETS) expect(answer).not.toContain(s);
      if (!allowed && row.sees?.includes(role)) {
        // Someone who may see the object but not act: told that nothing changed, and nothing did.
        expect(answer).toMatch(/Intet er ændret|Kun [^.]* kan ændre den|ikke fundet|ikke adgang/);
        expect(await snapshot()).toEqual(before);
        return;
      }
    }
    if (allowed) {
      expect(answer).not.toMatch(REFUSAL);
      expect(answer).not.toMatch(NOT_AN_ANSWER);
      expect(answer.trim()).not.toBe('');
      // The data the denied roles were refused on does what it says for the first one allowed.
      if (row.kind === 'card' && row.changes && firstAllowed) expect(await snapshot()).not.toEqual(before);
    } else {
      expect(answer).toMatch(role === 'otherTenant' ? /Ikke tilgængelig/ : REFUSAL);
      expect(await snapshot()).toEqual(before);
    }
    if (!allowed) await noteFalseChanges(logged, `${verb} as ${role}`, row.kind === 'card' && (row.sees ?? []).includes(role));
  });

  // A refused action is no allowed access: the log names the attempt, if at all, as refused
  // (a turn's entry is the decision of the check that refused, not of an earlier one that let in).
  it('the access log never records a refused action as an allowed one', () => {
    expect(CELLS.some((c) => !c.allowed)).toBe(true);
    expect(falseChanges).toEqual([]);
  });
});
