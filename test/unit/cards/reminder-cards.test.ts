/**
 * The proactive cards of issue 4 as their view functions draw them: the evaluation reminder in
 * each kind and state (buttons only where they still make sense, a line saying what happened),
 * the safeguarding alert with the duty to notify spelled out, the weekly digest and the admin
 * status with their lists capped, the notices of the admin verbs; and the first card's team choice
 * and the case list's heading and owner line. Over-long input is clipped, never refused, and every
 * card stays under 28 KB. Dates are local to Europe/Copenhagen.
 */
import { describe, expect, it } from 'vitest';
import {
  type AdaptiveCardJson,
  DIGEST_LIST_MAX,
  NO_PSEUDONYM,
  adminStatusCard,
  caseListCard,
  defaultLeaderActions,
  evaluationReminderCard,
  notices,
  questionCard,
  revisitationReminderCard,
  safeguardingAlertCard,
  weeklyDigestCard,
  type AdminStatusCardData,
  type DigestPlanLine,
  type EvaluationReminderCardData,
  type SafeguardingAlertCardData,
  type WeeklyDigestCardData,
} from '../../../src/cards/index.js';
import { facts, nodes, texts } from './card-nodes.js';
import type { CaseSummary } from '../../../src/cases/case-overview.service.js';
import type { Screen } from '../../../src/cases/intake.service.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { AdminService, type AdminDeps } from '../../../src/admin/admin.service.js';
import type { Actor } from '../../../src/domain/actor.js';
import { outboxKindLabel } from '../../../src/proactive/registry.js';

/** Every Action.Execute in the card (body and actions), in document order. */
const executes = (card: AdaptiveCardJson) => nodes(card).filter((n) => n.type === 'Action.Execute');
const buttons = (card: AdaptiveCardJson) => executes(card).map((a) => [a.title, a.verb, a.data]);
const bytes = (card: AdaptiveCardJson) => Buffer.byteLength(JSON.stringify(card), 'utf8');
const MAX_BYTES = 28 * 1024;
const long = (n: number) => 'Æøå '.repeat(n).slice(0, n);

const CASE = '0d6e2f5a-3b7c-4e1d-9a2b-5c6d7e8f9a01';
const PLAN = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b0001';

const reminder = (extra: Partial<EvaluationReminderCardData> = {}): EvaluationReminderCardData => ({
  caseId: CASE,
  planId: PLAN,
  planTitle: 'Plan for barnet',
  pseudonym: 'A.B., 4.B',
  schoolName: 'Fjordbakkeskolen',
  teamName: '4.B',
  evaluationDate: '2026-12-04',
  kind: 'due-soon',
  tovholderName: 'Hanne Lykke',
  role: 'tovholder',
  state: { kind: 'open' },
  ...extra,
});

describe('evaluationReminderCard', () => {
  it.each([
    ['due-soon', 'Evaluering om to skoledage', 'emphasis'],
    ['due', 'Evaluering i dag', 'warning'],
    ['overdue', 'Evalueringen er overskredet', 'attention'],
  ] as const)('%s: headed "%s" in the %s style', (kind, heading, style) => {
    const card = evaluationReminderCard(reminder({ kind }));
    expect(card.body[0]).toMatchObject({ type: 'Container', style });
    expect(texts(card)).toContain(heading);
    expect(texts(card).some((t) => t.includes('4. december 2026'))).toBe(true);
  });

  it('open: the plan, where it belongs, the date and the tovholder, and the three buttons with their data', () => {
    const card = evaluationReminderCard(reminder());
    expect(facts(card)).toEqual({
      Sag: 'A.B., 4.B',
      Plan: 'Plan for barnet',
      Team: '4.B',
      Skole: 'Fjordbakkeskolen',
      Evalueres: '4. december 2026',
      Tovholder: 'Hanne Lykke',
    });
    expect(texts(card)).toContain('Du får beskeden, fordi du er tovholder på planen.');
    expect(buttons(card)).toEqual([
      ['Evaluér nu', 'plan.evaluate', { caseId: CASE, planId: PLAN }],
      ['Udskyd en uge', 'reminder.snooze', { planId: PLAN, evaluationDate: '2026-12-04', kind: 'due-soon' }],
      ['Markér som evalueret', 'reminder.done', { planId: PLAN, evaluationDate: '2026-12-04' }],
    ]);
  });

  it('a leader is told why; a case without pseudonym and unknown names leave their facts out', () => {
    const card = evaluationReminderCard(
      reminder({ role: 'leder', pseudonym: null, schoolName: null, teamName: null, tovholderName: '  ' }),
    );
    expect(texts(card)).toContain('Du får beskeden, fordi du er leder på skolen.');
    expect(facts(card)).toEqual({ Sag: NO_PSEUDONYM, Plan: 'Plan for barnet', Evalueres: '4. december 2026' });
    expect(NO_PSEUDONYM).toBe('(uden kaldenavn)');
  });

  it('moved ("Udskyd en uge"): says the new evaluation date plainly, with its weekday, and only "Evaluér nu" is left', () => {
    const card = evaluationReminderCard(reminder({ kind: 'due', state: { kind: 'moved', to: '2026-12-11' } }));
    expect(texts(card)).toContain('Ny evalueringsdato: fredag 11. december 2026');
    expect(texts(card)).toEqual(
      expect.arrayContaining(['Evalueringen er udskudt en uge', 'Planen skulle evalueres den 4. december 2026.']),
    );
    expect(buttons(card)).toEqual([['Evaluér nu', 'plan.evaluate', { caseId: CASE, planId: PLAN }]]);
    expect(texts(evaluationReminderCard(reminder({ state: { kind: 'moved', to: '2027-01-25' } })))).toContain(
      'Ny evalueringsdato: mandag 25. januar 2027',
    );
  });

  it('names the case at the top, with its team', () => {
    expect(texts(evaluationReminderCard(reminder()))[0]).toBe('Sag: A.B., 4.B · 4.B');
    expect(texts(evaluationReminderCard(reminder({ pseudonym: null, teamName: null })))[0]).toBe(`Sag: ${NO_PSEUDONYM}`);
  });

  it('evaluated: who and when, in a good-style line, and no buttons', () => {
    const card = evaluationReminderCard(
      reminder({ state: { kind: 'evaluated', by: 'Hanne Lykke', at: new Date('2026-12-04T13:00:00Z') } }),
    );
    expect(texts(card)).toContain('Markeret som evalueret af Hanne Lykke 4. december 2026');
    expect(nodes(card.body).find((n) => n.type === 'Container' && n.style === 'good')).toBeDefined();
    expect(executes(card)).toEqual([]);
  });

  it('gone: the text given, and no buttons', () => {
    const card = evaluationReminderCard(reminder({ kind: 'overdue', state: { kind: 'gone', text: 'Planen er allerede evalueret.' } }));
    expect(texts(card)).toContain('Planen er allerede evalueret.');
    expect(executes(card)).toEqual([]);
    // No call to evaluate on a card whose buttons are gone.
    expect(texts(card)).toContain('Planen skulle have været evalueret den 4. december 2026.');
    expect(texts(evaluationReminderCard(reminder({ kind: 'overdue' })))).toContain(
      'Planen skulle have været evalueret den 4. december 2026. Evaluér den, så sagen kan komme videre.',
    );
  });

  it('refuses a date that is not a calendar date (a programming error), and clips over-long names', () => {
    expect(() => evaluationReminderCard(reminder({ evaluationDate: '2026-02-30' }))).toThrow(/evaluationDate/);
    const card = evaluationReminderCard(
      reminder({ planTitle: long(500), pseudonym: long(100), schoolName: long(500), teamName: long(500), tovholderName: long(500) }),
    );
    expect(Array.from(facts(card).Plan as string)).toHaveLength(120);
    expect(bytes(card)).toBeLessThan(MAX_BYTES);
  });
});

const alert = (extra: Partial<SafeguardingAlertCardData> = {}): SafeguardingAlertCardData => ({
  caseId: CASE,
  pseudonym: 'A.B., 4.B',
  schoolName: 'Fjordbakkeskolen',
  teamName: '4.B',
  reportedBy: 'Mette Hansen',
  at: new Date('2026-12-04T09:15:00Z'),
  acute: false,
  concerns: ['Omsorgssvigt', 'Vold'],
  leaderActions: [],
  ...extra,
});

describe('safeguardingAlertCard', () => {
  it('is loud, says who flagged what and when, and opens the case', () => {
    const card = safeguardingAlertCard(alert());
    // The case is named at the top, as on every card of a case; then the loud header.
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Sag: A.B., 4.B · 4.B – Fjordbakkeskolen', isSubtle: true });
    expect(card.body[1]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(texts(card)).toContain('Bekymring for et barns sikkerhed');
    expect(facts(card)).toMatchObject({
      Sag: 'A.B., 4.B',
      'Markeret af': 'Mette Hansen',
      Tidspunkt: '4. december 2026 kl. 10.15',
      'Tegn på': 'Omsorgssvigt, Vold',
    });
    expect(texts(card).some((t) => t.startsWith('Mette Hansen har markeret tegn på'))).toBe(true);
    expect(texts(card)).not.toContain('Akut fare');
    expect(buttons(card)).toEqual([['Åbn sagen', 'case.open', { caseId: CASE }]]);
  });

  it('without actions given, lists what the duty to notify asks of the leader; acute puts 112 first', () => {
    const calm = defaultLeaderActions(false);
    expect(calm.join(' ')).toMatch(/støt/);
    expect(
      calm.some(
        (a) => /underretning til kommunen/.test(a) && /uden ophold/.test(a) && /Barnets Lov § 133/.test(a) && /bortfalder ikke/.test(a),
      ),
    ).toBe(true);
    expect(calm.some((a) => /forældrene/.test(a) && /familien/.test(a))).toBe(true);
    expect(calm.join(' ')).not.toMatch(/112/);
    const acute = defaultLeaderActions(true);
    expect(acute[0]).toMatch(/ring 112/);
    expect(acute.slice(1)).toEqual(calm);

    const card = safeguardingAlertCard(alert({ acute: true }));
    expect(texts(card)).toContain('Akut fare');
    for (const a of acute) expect(texts(card)).toContain(a);
    expect(texts(card)).toEqual(expect.arrayContaining(['1.', '4.']));
  });

  it('says that the parents are on hold when the suspicion concerns the home', () => {
    const card = safeguardingAlertCard(alert({ parentsOnHold: true }));
    const all = texts(card).join('\n');
    expect(all).toContain('Mistanken retter sig mod barnets hjem: forældrene må ikke inddrages, før kommunen har vurderet underretningen.');
    expect(facts(card)).toMatchObject({ Forældrene: 'Afventer kommunen – inddrages ikke endnu' });
    expect(defaultLeaderActions(false, true).at(-1)).toMatch(/inddrag dem ikke i møder eller planer/);
    expect(all).toContain(defaultLeaderActions(false, true).at(-1));
    // Not on hold: no such line, and the general rule about the family instead.
    const calm = texts(safeguardingAlertCard(alert())).join('\n');
    expect(calm).not.toContain('Afventer kommunen');
    expect(calm).toContain(defaultLeaderActions(false).at(-1));
  });

  it('uses the actions given, and says so when nothing was named', () => {
    const card = safeguardingAlertCard(alert({ concerns: [], pseudonym: null, leaderActions: ['Ring til familieafdelingen.', '  '] }));
    expect(texts(card)).toContain('Ring til familieafdelingen.');
    expect(texts(card)).not.toContain(defaultLeaderActions(false)[0]);
    expect(facts(card)).toMatchObject({ Sag: NO_PSEUDONYM, 'Tegn på': 'Ikke angivet' });
  });

  it('caps and clips what it is given, and stays under 28 KB', () => {
    const card = safeguardingAlertCard(
      alert({ acute: true, concerns: Array(30).fill(long(400)), leaderActions: Array(30).fill(long(900)), reportedBy: long(300) }),
    );
    expect(texts(card).filter((t) => t.startsWith('Æøå') && Array.from(t).length === 300)).toHaveLength(12);
    expect(facts(card)['Tegn på']?.split(', ')).toHaveLength(12);
    expect(Array.from(facts(card)['Markeret af'] as string)).toHaveLength(80);
    expect(bytes(card)).toBeLessThan(MAX_BYTES);
  });
});

describe('revisitationReminderCard', () => {
  const base = {
    caseId: CASE,
    referralPlanId: PLAN,
    pseudonym: null,
    schoolName: 'Fjordbakkeskolen',
    teamName: null,
    revisitationDate: '2027-10-04',
    decidedOn: '2026-11-04',
    year: 1,
  };

  it("names PKU's decision, the revisitation date and what the revisitation goes through, and evaluates the year's goals", () => {
    const card = revisitationReminderCard(base);
    const text = texts(card).join('\n');
    expect(text).toContain('Tid til revisitation');
    expect(text).toContain('PKU besluttede et specialiseret skoletilbud den 4. november 2026');
    expect(text).toContain('Placeringens første år slutter snart');
    expect(text).toContain('vende tilbage til almenskolen');
    expect(facts(card)).toEqual({ Sag: NO_PSEUDONYM, Skole: 'Fjordbakkeskolen', Revisitation: '4. oktober 2027' });
    expect(buttons(card)).toEqual([
      ['Evaluér årets mål', 'plan.evaluate', { caseId: CASE, planId: PLAN }],
      ['Åbn sagen', 'case.open', { caseId: CASE }],
    ]);
  });

  it('offers only the case when the referral was not written in the bot, and counts the years', () => {
    const card = revisitationReminderCard({ ...base, referralPlanId: null, year: 3 });
    expect(buttons(card)).toEqual([['Åbn sagen', 'case.open', { caseId: CASE }]]);
    expect(texts(card).join('\n')).toContain('Placeringens 3. år slutter snart');
  });
});

const plan = (i: number, extra: Partial<DigestPlanLine> = {}): DigestPlanLine => ({
  caseId: CASE,
  planId: PLAN,
  planTitle: `Plan ${i}`,
  pseudonym: `A.${i}., 4.B`,
  teamName: '4.B',
  evaluationDate: '2026-12-09',
  ...extra,
});
const digest = (extra: Partial<WeeklyDigestCardData> = {}): WeeklyDigestCardData => ({
  schoolName: 'Fjordbakkeskolen',
  weekLabel: 'Uge 50',
  dueThisWeek: [plan(1), plan(2, { pseudonym: null, teamName: null, evaluationDate: '2026-12-11' })],
  overdue: [plan(3, { evaluationDate: '2026-12-01' })],
  casesByLevel: { forebyggende: 12, foregribende: 5, indgribende: 1 },
  openRequests: { waiting: 1, inProgress: 2 },
  ...extra,
});

describe('weeklyDigestCard', () => {
  it('overdue first, then this week, each plan with its case, team and date; the levels; one button', () => {
    const card = weeklyDigestCard(digest());
    const all = texts(card);
    expect(all).toEqual(expect.arrayContaining(['Indsatsguiden · Uge 50', 'Ugeoversigt', 'Fjordbakkeskolen']));
    expect(all.indexOf('Overskredne evalueringer (1)')).toBeLessThan(all.indexOf('Skal evalueres i denne uge (2)'));
    expect(all).toEqual(
      expect.arrayContaining([
        'A.3., 4.B · 4.B · 1. december 2026',
        'A.1., 4.B · 4.B · 9. december 2026',
        `${NO_PSEUDONYM} · 11. december 2026`,
      ]),
    );
    expect(facts(card)).toEqual({ Forebyggende: '12', Foregribende: '5', Indgribende: '1' });
    expect(buttons(card)).toEqual([['Sager på skolen', 'cases.school', {}]]);
  });

  it('shows the requests waiting for an adviser apart from those in progress; red only what there is to act on', () => {
    const color = (card: AdaptiveCardJson, text: string) => nodes(card).find((n) => n.type === 'TextBlock' && n.text === text)?.color;
    const card = weeklyDigestCard(digest());
    expect(texts(card)).toEqual(expect.arrayContaining(['Anmodninger om sparring', 'Venter på en vejleder: 1', 'I gang: 2']));
    expect(texts(card).join('\n')).not.toContain('Åbne anmodninger');
    expect(color(card, 'Venter på en vejleder: 1')).toBe('Attention');
    expect(color(card, 'I gang: 2')).toBe('Default');
    expect(color(card, 'Overskredne evalueringer (1)')).toBe('Attention');
    expect(color(card, 'Skal evalueres i denne uge (2)')).toBe('Default');

    // Two taken requests and nothing overdue: nothing is red.
    const calm = weeklyDigestCard(digest({ overdue: [], openRequests: { waiting: 0, inProgress: 2 } }));
    expect(color(calm, 'Venter på en vejleder: 0')).toBe('Default');
    expect(color(calm, 'I gang: 2')).toBe('Default');
    expect(color(calm, 'Overskredne evalueringer (0)')).toBe('Default');
  });

  it('leaves the requests out when unknown, and says when a list is empty', () => {
    const card = weeklyDigestCard(digest({ dueThisWeek: [], overdue: [], openRequests: null }));
    expect(texts(card)).not.toContain('Anmodninger om sparring');
    expect(texts(card)).toEqual(expect.arrayContaining(['Ingen evalueringer er overskredet.', 'Ingen planer skal evalueres i denne uge.']));
  });

  it(`lists at most ${DIGEST_LIST_MAX} plans in each section and counts the rest, under 28 KB however long the names`, () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => plan(i, { planTitle: long(300), pseudonym: long(100), teamName: long(300) }));
    const card = weeklyDigestCard(
      digest({ dueThisWeek: many(40), overdue: many(DIGEST_LIST_MAX + 1), schoolName: long(300), weekLabel: long(100) }),
    );
    const all = texts(card);
    expect(all).toEqual(
      expect.arrayContaining(['Overskredne evalueringer (16)', '… og 1 mere', 'Skal evalueres i denne uge (40)', '… og 25 mere']),
    );
    expect(all.filter((t) => t.startsWith('Æøå') && Array.from(t).length === 120)).toHaveLength(2 * DIGEST_LIST_MAX + 1);
    expect(bytes(card)).toBeLessThan(MAX_BYTES);
    expect(texts(weeklyDigestCard(digest({ dueThisWeek: many(DIGEST_LIST_MAX) })))).not.toContain('… og 0 mere');
  });
});

const status = (extra: Partial<AdminStatusCardData> = {}): AdminStatusCardData => ({
  directory: { file: 'config/organisation.yaml', loadedAt: new Date('2026-12-04T06:02:00Z'), people: 214, schools: 9 },
  unreachable: [
    { displayName: 'Jonas Berg', roles: 'team 4.B' },
    { displayName: 'Ida Holm', roles: '' },
  ],
  failed: [
    {
      kindLabel: 'Påmindelse om evaluering',
      recipient: 'Jonas Berg',
      attempts: 8,
      lastError: 'HTTP 403: Forbidden',
      at: new Date('2026-12-03T06:45:00Z'),
    },
  ],
  counts: { sent: 1480, zeta: 1, failed: 1, pending: 3, alpha: 2 },
  ...extra,
});

describe('adminStatusCard', () => {
  it('the directory, who cannot be reached, what failed, the outbox in Danish, and its buttons', () => {
    const card = adminStatusCard(status());
    const all = texts(card);
    expect(facts(card)).toMatchObject({
      Fil: 'config/organisation.yaml',
      Indlæst: '4. december 2026 kl. 07.02',
      Personer: '214',
      Skoler: '9',
      'Jonas Berg': 'team 4.B',
      'Ida Holm': '—',
    });
    expect(all).toEqual(
      expect.arrayContaining([
        'Kan ikke nås endnu (2)',
        'Beskeder, der ikke kunne sendes (1)',
        'Påmindelse om evaluering til Jonas Berg',
        '3. december 2026 kl. 07.45 · 8 forsøg',
        'HTTP 403: Forbidden',
      ]),
    );
    // Known states in their lifecycle order, unknown ones after them alphabetically, as they are.
    const outbox = nodes(card.body)
      .filter((n) => Array.isArray(n.facts))
      .at(-1)?.facts as { title: string; value: string }[];
    expect(outbox.map((f) => [f.title, f.value])).toEqual([
      ['Venter på at blive sendt', '3'],
      ['Sendt', '1480'],
      ['Opgivet', '1'],
      ['alpha', '2'],
      ['zeta', '1'],
    ]);
    // The access log, insight and erasure each behind a button that asks for the words in an input first.
    expect(buttons(card)).toEqual([
      ['Genindlæs organisationsfilen', 'admin.reload', {}],
      ['Opdatér', 'admin.status', {}],
      ['Vis adgangslog', 'admin.access-log', {}],
      ['Indsigt', 'admin.insight', {}],
      ['Slet sag …', 'admin.erase', {}],
    ]);
    const inputs = nodes(card.actions ?? []).filter((n) => n.type === 'Input.Text');
    expect(inputs.map((n) => n.id)).toEqual(['query', 'caseRef']);
  });

  it('says all is well when nobody is missing and nothing failed', () => {
    const card = adminStatusCard(status({ unreachable: [], failed: [], counts: {} }));
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        'Kan ikke nås endnu (0)',
        'Alle i organisationsfilen kan nås.',
        'Ingen beskeder er opgivet.',
        'Ingen beskeder i udbakken.',
      ]),
    );
  });

  it('caps the lists, keeps the end of a long path, clips errors, and stays under 28 KB', () => {
    const card = adminStatusCard(
      status({
        directory: { file: `/srv/${'a'.repeat(400)}/organisation.yaml`, loadedAt: new Date(), people: 1, schools: 1 },
        unreachable: Array.from({ length: 250 }, (_, i) => ({ displayName: `${long(200)}${i}`, roles: long(400) })),
        failed: Array.from({ length: 25 }, () => ({
          kindLabel: long(300),
          recipient: long(300),
          attempts: 1,
          lastError: long(5000),
          at: new Date(),
        })),
        counts: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`state-${i}`, i])),
      }),
    );
    const all = texts(card);
    expect(all).toEqual(
      expect.arrayContaining(['Kan ikke nås endnu (250)', '… og 230 mere', 'Beskeder, der ikke kunne sendes (25)', '… og 15 mere']),
    );
    const file = facts(card).Fil as string;
    expect(file.startsWith('…') && file.endsWith('/organisation.yaml')).toBe(true);
    expect(Array.from(file)).toHaveLength(200);
    expect(all.filter((t) => t.includes('1 forsøg'))).toHaveLength(10);
    expect(Math.max(...all.map((t) => Array.from(t).length))).toBeLessThanOrEqual(300);
    expect(bytes(card)).toBeLessThan(MAX_BYTES);
  });
});

describe('the admin status from the service: the kinds in words', () => {
  it('shows a failed sparring message with its Danish label from the proactive registry', async () => {
    const row = (kind: string, recipientAadId: string | null) => ({
      kind,
      recipientAadId,
      attempts: 3,
      lastError: 'HTTP 403',
      updatedAt: new Date('2026-12-03T06:45:00Z'),
    });
    const lookup = {
      directory: { tenantId: 'tenant', people: [], schools: [] },
      isKnownTenant: () => true,
      rolesOf: () => ({ admin: true }),
      person: (id: string) => (id === 'jonas' ? { displayName: 'Jonas Berg' } : undefined),
    };
    const admin = new AdminService({
      store: { lookup: () => lookup, path: 'config/organisation.yaml' },
      refs: { usableKeys: async () => new Set<string>() },
      outbox: {
        failed: async () => [row('sparring-reminder', 'jonas'), row('sparring-request', null), row('an-old-kind', 'jonas')],
        countsByState: async () => ({ failed: 3 }),
      },
      logger: {},
      loadedAt: () => new Date('2026-12-04T06:02:00Z'),
      onReloaded: () => {},
    } as unknown as AdminDeps);
    const data = await admin.status({ tenantId: 'tenant', userId: 'jonas' } as Actor);
    expect(data?.failed.map((f) => f.kindLabel)).toEqual([
      outboxKindLabel('sparring-reminder'),
      outboxKindLabel('sparring-request'),
      'an-old-kind',
    ]);
    expect(texts(adminStatusCard(data!))).toEqual(
      expect.arrayContaining([
        'Påmindelse om en anmodning om sparring, som ingen har taget til Jonas Berg',
        'Anmodning om sparring til en kanal eller ukendt person',
        'an-old-kind til Jonas Berg',
      ]),
    );
  });
});

describe('notices for the admin verbs', () => {
  it('reloaded: info with the counts when it worked; an error with every problem (capped) when not', () => {
    const ok = notices.reloaded(true, ['214 personer og 9 skoler er indlæst.']);
    expect(ok.body[0]).toMatchObject({ style: 'emphasis' });
    expect(texts(ok)).toContain('Organisationsfilen er genindlæst');
    expect(nodes(ok.body).some((n) => n.value === '214 personer og 9 skoler er indlæst.')).toBe(true);
    expect(buttons(ok)).toEqual([['Se status', 'admin.status', {}]]);

    const errors = Array.from({ length: 30 }, (_, i) => `schools[${i}].leaders: ukendt person`);
    const bad = notices.reloaded(false, errors);
    expect(bad.body[0]).toMatchObject({ style: 'attention' });
    expect(texts(bad)).toContain('Organisationsfilen kunne ikke indlæses');
    const items = nodes(bad.body)
      .filter((n) => n.title === '•')
      .map((n) => n.value);
    expect(items).toEqual([...errors.slice(0, 11), '… og 19 mere']);
    expect(buttons(bad).map((b) => b[1])).toEqual(['admin.reload', 'admin.status']);
  });

  it('forbidden: says so, without buttons', () => {
    const card = notices.forbidden();
    expect(texts(card)).toContain('Du har ikke adgang til dette');
    expect(executes(card)).toEqual([]);
  });
});

describe('questionCard: the team on the first card', () => {
  const playbook = defaultPlaybook();
  const screen = (values: Record<string, string> = {}) =>
    ({
      kind: 'question',
      caseId: CASE,
      seq: 1,
      number: 1,
      fields: ['description', 'scope', 'areas'],
      values,
      errors: [],
      canGoBack: false,
      teams: [],
      label: { pseudonym: null, team: null },
      concern: {},
    }) as unknown as Extract<Screen, { kind: 'question' }>;
  const TEAMS = [
    { id: 'fjordbakke/4b', title: '4.B – Fjordbakkeskolen' },
    { id: 'fjordbakke/indskoling', title: 'Indskolingen – Fjordbakkeskolen' },
  ];
  const teamInput = (card: AdaptiveCardJson) => nodes(card.body).find((n) => n.id === 'team');

  it('with none or one team, shows no choice', () => {
    expect(teamInput(questionCard(screen(), playbook))).toBeUndefined();
    expect(teamInput(questionCard(screen(), playbook, TEAMS.slice(0, 1)))).toBeUndefined();
  });

  it('with several, a compact choice labelled "Hvilket team drejer det sig om?", the first selected unless another was chosen', () => {
    const input = teamInput(questionCard(screen(), playbook, TEAMS));
    expect(input).toMatchObject({
      type: 'Input.ChoiceSet',
      style: 'compact',
      label: 'Hvilket team drejer det sig om?',
      value: 'fjordbakke/4b',
      choices: TEAMS.map((t) => ({ title: t.title, value: t.id })),
    });
    expect(input).not.toHaveProperty('isMultiSelect');
    expect(teamInput(questionCard(screen({ team: 'fjordbakke/indskoling' }), playbook, TEAMS))?.value).toBe('fjordbakke/indskoling');
    expect(teamInput(questionCard(screen({ team: 'andet/team' }), playbook, TEAMS))?.value).toBe('fjordbakke/4b');
  });
});

describe('caseListCard: heading and owner', () => {
  const playbook = defaultPlaybook();
  const summary = (i: number): CaseSummary => ({
    case: {
      id: `0d6e2f5a-3b7c-4e1d-9a2b-5c6d7e8f9a0${i}`,
      tenantId: 't',
      ownerAadId: `owner-${i}`,
      status: 'aaben',
      intake: {},
      answerOrder: [],
      pendingField: 'description',
      seq: 1,
      schoolId: 'fjordbakke',
      teamId: '4b',
      pseudonym: `A.${i}., 4.B`,
      createdAt: new Date('2026-11-20T10:00:00Z'),
      updatedAt: new Date('2026-11-22T10:00:00Z'),
    },
    level: null,
    step: null,
    nextEvaluation: null,
  });

  it('is "Mine sager" without owners by default', () => {
    const card = caseListCard({ cases: [summary(1)], more: false }, playbook);
    expect(texts(card)).toContain('Mine sager');
    expect(facts(card)).not.toHaveProperty('Oprettet af');
    expect(texts(caseListCard({ cases: [], more: false }, playbook))).toContain('Du har ingen sager endnu. Start med en ny bekymring.');
  });

  it('takes a heading, an empty text, and the owner of each case (left out when unknown)', () => {
    const names: Record<string, string> = { 'owner-1': 'Mette Hansen' };
    const options = {
      title: 'Sager på Fjordbakkeskolen',
      emptyText: 'Der er ingen sager på skolen endnu.',
      ownerName: (s: CaseSummary) => names[s.case.ownerAadId] ?? null,
    };
    const card = caseListCard({ cases: [summary(1), summary(2)], more: false }, playbook, options);
    expect(texts(card)).toContain('Sager på Fjordbakkeskolen');
    expect(card.fallbackText).toBe('Sager på Fjordbakkeskolen');
    const owners = nodes(card.body)
      .filter((n) => n.title === 'Oprettet af')
      .map((n) => n.value);
    expect(owners).toEqual(['Mette Hansen']);
    expect(texts(caseListCard({ cases: [], more: false }, playbook, options))).toContain('Der er ingen sager på skolen endnu.');
  });
});
