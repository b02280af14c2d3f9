/**
 * The cards of sparring requests (issue 5) as their view functions draw them: the request form
 * (groups, kinds of help, the consent toggle for a child, errors under their fields), the request
 * as each viewer sees it in each state (the buttons follow viewer and state, every button names
 * the request and its version, Universal Actions' refresh for the users listed), the lists, the
 * case card's "Sparring" section and the "Anmod om sparring" buttons, and the Teams deep links.
 * Never a child's name: the case is named by its pseudonym. Over-long input is clipped, never
 * refused, and every card stays under 28 KB. Dates are local to Europe/Copenhagen.
 */
import { describe, expect, it } from 'vitest';
import {
  type AdaptiveCardJson,
  CASE_CARD_REQUESTS,
  NO_PSEUDONYM,
  SPARRING_LIMITS,
  VERB_DATA_KEYS,
  caseCard,
  notices,
  recommendationCard,
  sparringChatUrl,
  sparringFormCard,
  sparringListCard,
  sparringMeetingUrl,
  sparringNotes,
  sparringRequestCard,
  teamsChatUrl,
  teamsMeetingUrl,
  type CaseSparringLine,
  type SparringFormCardData,
  type SparringGroup,
  type SparringListLine,
  type SparringRequestCardData,
} from '../../../src/cards/index.js';
import { facts, nodes, texts, type Node } from './card-nodes.js';
import type { CaseDetail } from '../../../src/cases/case-overview.service.js';
import { HELP_KIND_LABELS } from '../../../src/domain/plans/index.js';
import type { Recommendation, StepId } from '../../../src/domain/recommendation.js';
import { SPARRING_STATES, type SparringState } from '../../../src/domain/sparring.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { next } from '../../../src/domain/ladder.js';
import type { Intake } from '../../../src/domain/intake.js';
import { CHILD } from '../../support/intakes.js';

/** Every object in the card except fallbacks (they repeat their Execute). */
function visible(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) value.forEach((v) => visible(v, out));
  else if (typeof value === 'object' && value !== null) {
    out.push(value as Node);
    for (const [k, v] of Object.entries(value)) if (k !== 'fallback') visible(v, out);
  }
  return out;
}
const inputs = (card: AdaptiveCardJson) =>
  nodes(card).filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.type !== 'Input.Choice');
const input = (card: AdaptiveCardJson, id: string) => inputs(card).find((n) => n.id === id);
/** The buttons a user sees (not the refresh), in document order: [type, title, verb or url]. */
const buttons = (card: AdaptiveCardJson) =>
  visible({ body: card.body, actions: card.actions })
    .filter((n) => typeof n.type === 'string' && n.type.startsWith('Action.'))
    .map((n) => [n.type, n.title, n.type === 'Action.OpenUrl' ? n.url : n.type === 'Action.Execute' ? n.verb : null]);
const executes = (card: AdaptiveCardJson) => visible({ body: card.body, actions: card.actions }).filter((n) => n.type === 'Action.Execute');
const bytes = (card: AdaptiveCardJson) => Buffer.byteLength(JSON.stringify(card), 'utf8');
const MAX_BYTES = 28 * 1024;
const long = (n: number) => 'Æøå '.repeat(n).slice(0, n);

const CASE = '0d6e2f5a-3b7c-4e1d-9a2b-5c6d7e8f9a01';
const REQUEST = '3c9d1e2f-4a5b-4c6d-8e7f-9a0b1c2d3e01';
const GROUPS: SparringGroup[] = [
  { id: 'plc', title: 'PLC – Fjordbakkeskolen' },
  { id: 'akt', title: 'AKT – Fjordbakkeskolen' },
  { id: 'praksisvejleder', title: 'Praksisvejledere – Distrikt Nord' },
  { id: 'raadgivende-team', title: 'Det rådgivende team – Distrikt Nord' },
  { id: 'familieraadgivning', title: 'Familierådgivningen – Distrikt Nord' },
];

describe('the sparring verbs', () => {
  it('name the case (draft, send) or the request and its version (the buttons of a request)', () => {
    expect(VERB_DATA_KEYS['sparring.draft']).toEqual(['caseId']);
    expect(VERB_DATA_KEYS['sparring.send']).toEqual(['caseId', 'formId']);
    for (const verb of ['sparring.claim', 'sparring.release', 'sparring.forward', 'sparring.close', 'sparring.reject'] as const) {
      expect(VERB_DATA_KEYS[verb]).toEqual(['requestId', 'version']);
    }
    expect(VERB_DATA_KEYS['sparring.refresh']).toEqual(['requestId']);
    expect(VERB_DATA_KEYS['sparring.open']).toEqual(['requestId']);
  });
});

const FORM = '5d1f3c2a-8b7e-4c6d-9a0f-1e2d3c4b5a6f';
const form = (extra: Partial<SparringFormCardData> = {}): SparringFormCardData => ({
  caseId: CASE,
  formId: FORM,
  pseudonym: 'A.B., 4.B',
  stepTitle: 'Inddrag praksisvejleder eller Det rådgivende team',
  groups: GROUPS,
  pool: 'praksisvejleder',
  helpKinds: ['observation', 'arbejdsmoede'],
  wishedTime: 'Uge 50, gerne tirsdag',
  summary: 'A.B., 4.B. Bekymringen handler om trivsel og fravær.',
  childSpecific: true,
  parentsConsent: null,
  errors: [],
  ...extra,
});

describe('sparringFormCard', () => {
  it('asks for the group, the kinds of help, the wished time and a summary, prefilled, and sends with the case', () => {
    const card = sparringFormCard(form({ teamTitle: '4.B – Fjordbakkeskolen' }));
    // The case at the top (caseHeading), the step under the title.
    expect(texts(card).slice(0, 4)).toEqual([
      'Sag: A.B., 4.B · 4.B – Fjordbakkeskolen',
      'Indsatsguiden · Sparring',
      'Anmod om sparring',
      'Inddrag praksisvejleder eller Det rådgivende team',
    ]);
    expect(inputs(card).map((i) => i.id)).toEqual(['pool', 'helpKinds', 'wishedTime', 'summary', 'parentsConsent']);
    expect(input(card, 'pool')).toMatchObject({
      type: 'Input.ChoiceSet',
      isRequired: true,
      value: 'praksisvejleder',
      choices: [
        { title: 'PLC – Fjordbakkeskolen (vejledere på skolen)', value: 'plc' },
        { title: 'AKT – Fjordbakkeskolen (vejledere på skolen)', value: 'akt' },
        { title: 'Praksisvejledere – Distrikt Nord (vejledere uden for skolen)', value: 'praksisvejleder' },
        { title: 'Det rådgivende team – Distrikt Nord (rådgivere uden for skolen)', value: 'raadgivende-team' },
        { title: 'Familierådgivningen – Distrikt Nord (rådgivere uden for skolen)', value: 'familieraadgivning' },
      ],
    });
    expect(input(card, 'pool')).not.toHaveProperty('isMultiSelect');
    expect(input(card, 'helpKinds')).toMatchObject({
      type: 'Input.ChoiceSet',
      isMultiSelect: true,
      isRequired: true,
      value: 'observation,arbejdsmoede',
      choices: Object.entries(HELP_KIND_LABELS).map(([value, title]) => ({ title, value })),
    });
    expect(input(card, 'wishedTime')).toMatchObject({ type: 'Input.Text', maxLength: 100, value: 'Uge 50, gerne tirsdag' });
    expect(input(card, 'summary')).toMatchObject({ type: 'Input.Text', isMultiline: true, maxLength: 1000, isRequired: true });
    expect(String(input(card, 'summary')?.placeholder)).toMatch(/uden navne: initialer og klasse/);
    expect(buttons(card)).toEqual([['Action.Execute', 'Send anmodning', 'sparring.send']]);
    expect(executes(card)[0]?.data).toEqual({ caseId: CASE, formId: FORM });
  });

  it("asks for the parents' consent only for a child, with a note that district groups need it", () => {
    const child = sparringFormCard(form({ parentsConsent: true }));
    expect(input(child, 'parentsConsent')).toMatchObject({
      type: 'Input.Toggle',
      title: 'Forældrene har givet samtykke til, at vejledere og rådgivere uden for skolen inddrages',
      valueOn: 'true',
      valueOff: 'false',
      value: 'true',
    });
    expect(texts(child).some((t) => /kræves/.test(t) && /uden for skolen/.test(t) && /praksisvejledere/.test(t))).toBe(true);
    expect(input(sparringFormCard(form({ parentsConsent: false })), 'parentsConsent')?.value).toBe('false');
    expect(input(sparringFormCard(form({ parentsConsent: null })), 'parentsConsent')?.value).toBe('false');

    const group = sparringFormCard(form({ childSpecific: false }));
    expect(input(group, 'parentsConsent')).toBeUndefined();
    expect(texts(group).some((t) => /samtykke/i.test(t))).toBe(false);
  });

  it('preselects the first group when the one given is unknown, and drops unknown kinds of help', () => {
    const card = sparringFormCard(form({ pool: 'nope', helpKinds: ['teammoede', 'ukendt', 'teammoede'] }));
    expect(input(card, 'pool')?.value).toBe('plc');
    expect(input(card, 'helpKinds')?.value).toBe('teammoede');
  });

  it('shows each error right under its field and the others on top; the values sent are shown again', () => {
    const card = sparringFormCard(
      form({
        summary: '',
        errors: [
          {
            field: null,
            message: 'Forældrene skal have givet samtykke, før en anmodning om et barn sendes til rådgivere uden for skolen.',
          },
          { field: 'summary', message: 'Skriv et kort resumé af sagen.' },
          { field: 'parentsConsent', message: 'Samtykket mangler.' },
          { field: 'ukendt', message: 'Noget andet.' },
        ],
      }),
    );
    const containers = [
      card.body,
      ...nodes(card.body)
        .filter((n) => Array.isArray(n.items))
        .map((n) => n.items),
    ] as Node[][];
    const after = (id: string) => {
      const parent = containers.find((items) => items.some((i) => i.id === id));
      return parent?.[parent.findIndex((i) => i.id === id) + 1];
    };
    expect(after('summary')).toMatchObject({ type: 'TextBlock', text: 'Skriv et kort resumé af sagen.', color: 'Attention' });
    expect(after('parentsConsent')).toMatchObject({ type: 'TextBlock', text: 'Samtykket mangler.', color: 'Attention' });
    expect(after('pool')).not.toMatchObject({ color: 'Attention' });
    const top = card.body.find((n) => n.style === 'attention') as { items: Node[] } | undefined;
    expect(top?.items.map((n) => n.text)).toEqual(
      expect.arrayContaining([
        'Anmodningen er ikke sendt',
        'Forældrene skal have givet samtykke, før en anmodning om et barn sendes til rådgivere uden for skolen.',
        'Noget andet.',
      ]),
    );
    expect(input(card, 'wishedTime')?.value).toBe('Uge 50, gerne tirsdag');

    // Without the toggle on the card, its message goes on top.
    const group = sparringFormCard(form({ childSpecific: false, errors: [{ field: 'parentsConsent', message: 'Samtykket mangler.' }] }));
    expect((group.body.find((n) => n.style === 'attention') as { items: Node[] }).items.map((n) => n.text)).toContain('Samtykket mangler.');
    expect(card.body.some((n) => n.style === 'attention')).toBe(true);
    expect(sparringFormCard(form()).body.some((n) => n.style === 'attention')).toBe(false);
  });

  it('names a case without pseudonym as such, and keeps what the user typed verbatim', () => {
    const card = sparringFormCard(form({ pseudonym: null, stepTitle: null, summary: 'Pris ${1+1} og $root' }));
    expect(texts(card)).toContain(`Sag: ${NO_PSEUDONYM}`);
    expect(input(card, 'summary')?.value).toBe('Pris ${1+1} og $root');
  });

  it('says "vejledere" or "rådgivere" as fits the group proposed', () => {
    const intro = (pool: string) => texts(sparringFormCard(form({ pool }))).find((t) => t.startsWith('Forslaget er'));
    expect(intro('plc')).toMatch(/^Forslaget er PLC – Fjordbakkeskolen: én af vejlederne tager anmodningen/);
    expect(intro('praksisvejleder')).toMatch(/én af vejlederne/);
    expect(intro('raadgivende-team')).toMatch(/^Forslaget er Det rådgivende team – Distrikt Nord: én af rådgiverne tager/);
    expect(intro('familieraadgivning')).toMatch(/én af rådgiverne/);
  });

  it('tells a teacher who is the only member of a group so, on the group and above the form', () => {
    const groups = GROUPS.map((g) => (g.id === 'akt' ? { ...g, onlyYou: true } : g));
    const card = sparringFormCard(form({ groups, pool: 'plc' }));
    expect(input(card, 'pool')?.choices).toContainEqual({ title: 'AKT – Fjordbakkeskolen (kun dig selv)', value: 'akt' });
    const note = card.body.find((n) => n.style === 'warning') as { items: Node[] } | undefined;
    expect(note?.items.map((n) => n.text)).toEqual([
      'Du er selv den eneste i AKT – Fjordbakkeskolen. Sender du anmodningen dertil, går den kun til dig selv.',
    ]);
    // Nobody else: no note.
    expect(sparringFormCard(form()).body.some((n) => n.style === 'warning')).toBe(false);
  });

  it('refuses a group that is not an adviser pool (a programming error)', () => {
    expect(() => sparringFormCard(form({ groups: [{ id: 'skoleledelse' as 'plc', title: 'Ledelsen' }] }))).toThrow(/groupChoices/);
    expect(() => sparringFormCard(form({ groups: [] }))).toThrow(/groupChoices/);
  });

  it('clips over-long values and stays under 28 KB', () => {
    const card = sparringFormCard(
      form({
        pseudonym: long(100),
        stepTitle: long(500),
        groups: GROUPS.map((g) => ({ ...g, title: long(400) })),
        wishedTime: long(300),
        summary: long(5000),
        parentsConsent: true,
        errors: [
          ...['pool', 'helpKinds', 'wishedTime', 'summary', 'parentsConsent'].map((field) => ({ field, message: long(800) })),
          ...Array.from({ length: 30 }, () => ({ field: null, message: long(800) })),
        ],
      }),
    );
    expect(Array.from(String(input(card, 'summary')?.value))).toHaveLength(1000);
    expect(Array.from(String(input(card, 'wishedTime')?.value))).toHaveLength(100);
    expect(bytes(card)).toBeLessThan(MAX_BYTES);
  });
});

const CHAT = teamsChatUrl('hanne.lykke@fjordby.dk', 'Hej');
const MEETING = teamsMeetingUrl({
  subject: 'Sparring: A.B., 4.B',
  attendees: ['hanne.lykke@fjordby.dk', 'mette.hansen@fjordby.dk'],
  content: 'Dagsorden',
});

const request = (extra: Partial<SparringRequestCardData> = {}): SparringRequestCardData => ({
  requestId: REQUEST,
  version: 3,
  caseId: CASE,
  pseudonym: 'A.B., 4.B',
  groupTitle: 'Praksisvejledere – Distrikt Nord',
  schoolName: 'Fjordbakkeskolen',
  helpKinds: ['Fokuseret pædagogisk observation', 'Deltagelse i et teammøde'],
  wishedTime: 'Uge 50, gerne tirsdag',
  summary: 'A.B., 4.B. Bekymringen handler om trivsel og fravær.',
  requestedByName: 'Mette Hansen',
  createdAt: new Date('2026-12-02T08:12:00Z'),
  state: 'ny',
  claimedByName: null,
  claimedAt: null,
  closingNote: null,
  rejectionReason: null,
  history: [{ at: new Date('2026-12-02T08:12:00Z'), text: 'Oprettet af Mette Hansen' }],
  viewer: 'pool-member',
  forwardTo: GROUPS.slice(3),
  chat: null,
  meeting: null,
  refreshUserIds: [],
  note: null,
  ...extra,
});
const taken = (extra: Partial<SparringRequestCardData> = {}) =>
  request({ state: 'taget', claimedByName: 'Hanne Lykke', claimedAt: new Date('2026-12-03T09:15:00Z'), ...extra });

describe('sparringRequestCard', () => {
  it('names the case at the top, says what it is about, and who it waits for in the words of the group', () => {
    const card = sparringRequestCard(request({ teamTitle: '4.B – Fjordbakkeskolen', pool: 'praksisvejleder' }));
    expect(texts(card)[0]).toBe('Sag: A.B., 4.B · 4.B – Fjordbakkeskolen');
    expect(texts(card)).toContain('Det drejer sig om');
    expect(JSON.stringify(card)).not.toContain('Det drejer det sig om');
    expect(card.fallbackText).toContain('Venter på en vejleder');
    expect(sparringRequestCard(request({ pool: 'raadgivende-team' })).fallbackText).toContain('Venter på en rådgiver');
    expect(texts(sparringRequestCard(request({ teamTitle: null })))[0]).toBe('Sag: A.B., 4.B');
  });

  it('new, to a member of the group: the request, and "Jeg tager den", "Send videre", "Afvis", each naming the request and its version', () => {
    const card = sparringRequestCard(request());
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        'Indsatsguiden · Anmodning om sparring',
        'A.B., 4.B',
        'Ny anmodning: tag den, send den videre eller afvis den.',
      ]),
    );
    expect(texts(card)).toContain('A.B., 4.B. Bekymringen handler om trivsel og fravær.');
    expect(facts(card)).toMatchObject({
      Gruppe: 'Praksisvejledere – Distrikt Nord',
      Skole: 'Fjordbakkeskolen',
      Hjælp: 'Fokuseret pædagogisk observation, Deltagelse i et teammøde',
      'Ønsket tid': 'Uge 50, gerne tirsdag',
      'Sendt af': 'Mette Hansen',
      Sendt: '2. december 2026 kl. 09.12',
      '2. dec. kl. 09.12': 'Oprettet af Mette Hansen',
    });
    expect(buttons(card)).toEqual([
      ['Action.Execute', 'Jeg tager den', 'sparring.claim'],
      ['Action.ShowCard', 'Send videre', null],
      ['Action.Execute', 'Send videre', 'sparring.forward'],
      ['Action.ShowCard', 'Afvis', null],
      ['Action.Execute', 'Afvis anmodningen', 'sparring.reject'],
    ]);
    for (const e of executes(card)) expect(e.data).toEqual({ requestId: REQUEST, version: 3 });
    expect(input(card, 'forwardTo')).toMatchObject({
      type: 'Input.ChoiceSet',
      isRequired: true,
      value: 'raadgivende-team',
      choices: GROUPS.slice(3).map((g) => ({ title: g.title, value: g.id })),
    });
    expect(input(card, 'reason')).toMatchObject({ type: 'Input.Text', isRequired: true, maxLength: 500, errorMessage: expect.any(String) });
  });

  it('leaves "Send videre" out when there is no other group', () => {
    const card = sparringRequestCard(request({ forwardTo: [] }));
    expect(buttons(card).map((b) => b[1])).toEqual(['Jeg tager den', 'Afvis', 'Afvis anmodningen']);
  });

  it('taken, to the adviser who took it: "Afslut" with a note, "Giv fra mig", "Send videre", "Afvis", "Åbn sagen", and a chat with the teacher', () => {
    const chat = teamsChatUrl('mette.hansen@fjordby.dk');
    const card = sparringRequestCard(taken({ viewer: 'claimant', chat: { url: chat }, note: sparringNotes.claimed() }));
    expect(texts(card)).toEqual(
      expect.arrayContaining(['Du tog den 3. december 2026 kl. 10.15.', 'Du har taget anmodningen. Teamet har fået besked.']),
    );
    expect(buttons(card)).toEqual([
      ['Action.Execute', 'Åbn sagen', 'case.open'],
      ['Action.OpenUrl', 'Chat med Mette Hansen', chat],
      ['Action.ShowCard', 'Afslut', null],
      ['Action.Execute', 'Afslut anmodningen', 'sparring.close'],
      ['Action.Execute', 'Giv fra mig', 'sparring.release'],
      ['Action.ShowCard', 'Send videre', null],
      ['Action.Execute', 'Send videre', 'sparring.forward'],
      ['Action.ShowCard', 'Afvis', null],
      ['Action.Execute', 'Afvis anmodningen', 'sparring.reject'],
    ]);
    for (const e of executes(card)) {
      expect(e.data).toEqual(
        e.verb === 'case.open' ? { caseId: CASE, requestId: REQUEST, version: 3 } : { requestId: REQUEST, version: 3 },
      );
    }
    expect(input(card, 'note')).toMatchObject({ type: 'Input.Text', isMultiline: true, maxLength: 1000 });
    expect(input(card, 'note')).not.toHaveProperty('isRequired');
    expect(card.actions?.length).toBeLessThanOrEqual(6);
  });

  it.each(['pool-member', 'other'] as const)('taken, to a %s: "Taget af … when", and no buttons', (viewer) => {
    const card = sparringRequestCard(taken({ viewer, chat: { url: CHAT }, meeting: { url: MEETING } }));
    expect(texts(card)).toContain('Taget af Hanne Lykke 3. december 2026 kl. 10.15');
    expect(facts(card)['Taget af']).toBe('Hanne Lykke');
    expect(buttons(card)).toEqual([]);
  });

  it('taken, to the teacher: who took it, "Chat med <adviser>" and "Book møde" as Teams deep links, nothing that changes the request', () => {
    const card = sparringRequestCard(taken({ viewer: 'teacher', chat: { url: CHAT }, meeting: { url: MEETING } }));
    expect(texts(card)).toContain('Taget af Hanne Lykke 3. december 2026 kl. 10.15');
    expect(buttons(card)).toEqual([
      ['Action.OpenUrl', 'Chat med Hanne Lykke', CHAT],
      ['Action.OpenUrl', 'Book møde', MEETING],
    ]);
    // Without links, no buttons at all; while new, the teacher is told it waits.
    expect(buttons(sparringRequestCard(taken({ viewer: 'teacher' })))).toEqual([]);
    const waiting = sparringRequestCard(request({ viewer: 'teacher', chat: { url: CHAT }, meeting: { url: MEETING } }));
    expect(texts(waiting)).toContain('Venter på, at en fra Praksisvejledere – Distrikt Nord tager den.');
    expect(buttons(waiting)).toEqual([]);
  });

  it.each(
    SPARRING_STATES.flatMap((state) =>
      (['pool-member', 'claimant', 'teacher', 'other'] as const).map((viewer) => [state, viewer] as const),
    ),
  )('%s to a %s: the buttons that fit, and never a button from another viewer', (state: SparringState, viewer) => {
    const card = sparringRequestCard(
      request({
        state,
        viewer,
        claimedByName: state === 'ny' ? null : 'Hanne Lykke',
        claimedAt: state === 'ny' ? null : new Date('2026-12-03T09:15:00Z'),
        chat: { url: CHAT },
        meeting: { url: MEETING },
      }),
    );
    const verbs = executes(card).map((e) => e.verb);
    const expected: Partial<Record<string, string[]>> = {
      'ny/pool-member': ['sparring.claim', 'sparring.forward', 'sparring.reject'],
      'taget/claimant': ['case.open', 'sparring.close', 'sparring.release', 'sparring.forward', 'sparring.reject'],
    };
    expect(verbs).toEqual(expected[`${state}/${viewer}`] ?? []);
    const links = buttons(card)
      .filter((b) => b[0] === 'Action.OpenUrl')
      .map((b) => b[1]);
    expect(links).toEqual(
      state === 'taget' && viewer === 'teacher'
        ? ['Chat med Hanne Lykke', 'Book møde']
        : state === 'taget' && viewer === 'claimant'
          ? ['Chat med Mette Hansen']
          : [],
    );
  });

  it('closed or rejected: the note or the reason, and no buttons for anyone', () => {
    const closed = sparringRequestCard(
      taken({ state: 'afsluttet', viewer: 'claimant', closingNote: 'Observation holdt i uge 50.', chat: { url: CHAT } }),
    );
    expect(texts(closed)).toEqual(expect.arrayContaining(['Afsluttet af Hanne Lykke', 'Note til sagen', 'Observation holdt i uge 50.']));
    expect(buttons(closed)).toEqual([]);
    expect(texts(sparringRequestCard(taken({ state: 'afsluttet' })))).toContain('Ingen note.');

    const rejected = sparringRequestCard(
      request({ state: 'afvist', viewer: 'teacher', rejectionReason: 'Det hører under PLC på skolen.' }),
    );
    expect(rejected.body[0]).toMatchObject({ style: 'attention' });
    expect(texts(rejected)).toEqual(expect.arrayContaining(['Afvist', 'Begrundelse', 'Det hører under PLC på skolen.']));
    expect(buttons(rejected)).toEqual([]);
  });

  it('carries a Universal Actions refresh for the users listed (each gets their own buttons), and none without users', () => {
    const card = sparringRequestCard(request({ refreshUserIds: ['aad-1', ' aad-2 ', 'aad-1', ''] }));
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'sparring.refresh', data: { requestId: REQUEST } },
      userIds: ['aad-1', 'aad-2'],
    });
    expect(sparringRequestCard(request())).not.toHaveProperty('refresh');
    const many = sparringRequestCard(request({ refreshUserIds: Array.from({ length: 75 }, (_, i) => `aad-${i}`) }));
    expect((many.refresh as { userIds: string[] }).userIds).toHaveLength(SPARRING_LIMITS.refreshUsers);
  });

  it('shows the latest ten history lines in local time, and help kind ids as their labels', () => {
    const history = Array.from({ length: 14 }, (_, i) => ({ at: new Date(Date.UTC(2026, 5, 1 + i, 8, 5)), text: `Trin ${i}` }));
    const card = sparringRequestCard(request({ history, helpKinds: ['observation', 'Noget andet'] }));
    const lines = nodes(card.body).filter((n) => typeof n.value === 'string' && String(n.value).startsWith('Trin '));
    expect(lines.map((l) => l.value)).toEqual(Array.from({ length: 10 }, (_, i) => `Trin ${i + 4}`));
    expect(lines[0]?.title).toBe('5. jun. kl. 10.05');
    expect(facts(card).Hjælp).toBe('Fokuseret pædagogisk observation, Noget andet');
  });

  it('names a case without pseudonym as such; an empty wished time is "Ikke angivet"', () => {
    const card = sparringRequestCard(request({ pseudonym: null, wishedTime: '  ' }));
    expect(texts(card)).toContain(NO_PSEUDONYM);
    expect(facts(card)['Ønsket tid']).toBe('Ikke angivet');
  });

  it('refuses a link that does not open Teams (a programming error)', () => {
    expect(() => sparringRequestCard(taken({ viewer: 'teacher', chat: { url: 'https://evil.example/l/chat' } }))).toThrow(/chat/);
    expect(() => sparringRequestCard(taken({ viewer: 'teacher', meeting: { url: `${MEETING}${'x'.repeat(3000)}` } }))).toThrow(/meeting/);
  });

  it('clips over-long values and stays under 28 KB with every list full', () => {
    const card = sparringRequestCard(
      taken({
        viewer: 'claimant',
        pseudonym: long(100),
        groupTitle: long(400),
        schoolName: long(400),
        helpKinds: Array(8).fill(long(400)),
        wishedTime: long(400),
        summary: long(5000),
        requestedByName: long(300),
        claimedByName: long(300),
        history: Array.from({ length: 40 }, () => ({ at: new Date(), text: long(900) })),
        forwardTo: GROUPS.map((g) => ({ ...g, title: long(400) })),
        chat: { url: teamsChatUrl('m@fjordby.dk', long(5000)) },
        refreshUserIds: Array.from({ length: 200 }, (_, i) => `${'a'.repeat(90)}-${i}`),
        note: long(900),
      }),
    );
    expect(Array.from(String(texts(card).find((t) => t.startsWith('Æøå') && Array.from(t).length === 1000)))).toHaveLength(1000);
    expect(bytes(card)).toBeLessThan(MAX_BYTES);
  });
});

const line = (i: number, extra: Partial<SparringListLine> = {}): SparringListLine => ({
  requestId: `${REQUEST.slice(0, -2)}${String(i).padStart(2, '0')}`,
  caseId: CASE,
  pseudonym: `A.${i}., 4.B`,
  groupTitle: 'PLC – Fjordbakkeskolen',
  state: 'ny',
  claimedByName: null,
  createdAt: new Date('2026-12-02T08:12:00Z'),
  wishedTime: 'Uge 50',
  ...extra,
});

describe('sparringListCard', () => {
  it('lists each request with the group, where it stands and "Åbn"', () => {
    const card = sparringListCard({
      title: 'Mine anmodninger',
      emptyText: 'Ingen.',
      more: false,
      requests: [line(1, { state: 'taget', claimedByName: 'Hanne Lykke' }), line(2, { pseudonym: null, wishedTime: '' })],
    });
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        'Mine anmodninger',
        'A.1., 4.B',
        'PLC – Fjordbakkeskolen · Taget af Hanne Lykke · Ønsket tid: Uge 50',
        NO_PSEUDONYM,
        'PLC – Fjordbakkeskolen · Sendt 2. december 2026',
      ]),
    );
    expect(executes(card).map((e) => [e.title, e.verb, e.data])).toEqual([
      ['Åbn', 'sparring.open', { requestId: line(1).requestId }],
      ['Åbn', 'sparring.open', { requestId: line(2).requestId }],
    ]);
    expect(texts(card)).not.toContain('Ingen.');
  });

  it('says when there are none, and caps the list (saying there are more) under 28 KB', () => {
    expect(
      texts(sparringListCard({ title: 'Åbne anmodninger', emptyText: 'Der er ingen åbne anmodninger.', requests: [], more: false })),
    ).toContain('Der er ingen åbne anmodninger.');
    const many = Array.from({ length: 40 }, (_, i) =>
      line(i, { pseudonym: long(100), groupTitle: long(400), wishedTime: long(400), claimedByName: long(300), state: 'taget' }),
    );
    const card = sparringListCard({ title: long(400), emptyText: long(900), requests: many, more: false });
    expect(executes(card)).toHaveLength(SPARRING_LIMITS.list);
    expect(texts(card)).toContain('Der er flere anmodninger, end der er plads til her.');
    expect(bytes(card)).toBeLessThan(MAX_BYTES);
  });
});

describe('the case card: requests for sparring, and "Anmod om sparring"', () => {
  const playbook = defaultPlaybook();
  const detail = (status: 'aaben' | 'afsluttet' = 'aaben'): CaseDetail => ({
    case: {
      id: CASE,
      tenantId: 't',
      ownerAadId: 'owner',
      status,
      intake: {},
      answerOrder: [],
      pendingField: null,
      seq: 4,
      schoolId: 'fjordbakke',
      teamId: '4b',
      pseudonym: 'A.B., 4.B',
      createdAt: new Date('2026-10-03T10:00:00Z'),
      updatedAt: new Date('2026-12-01T10:00:00Z'),
    },
    level: 'foregribende',
    step: 'sparring-ekstern',
    nextEvaluation: null,
    plans: [],
    history: [],
    pkuDecisions: [],
    canRecordPku: false,
  });
  const req = (i: number, extra: Partial<CaseSparringLine> = {}): CaseSparringLine => ({
    requestId: `${REQUEST.slice(0, -2)}${String(i).padStart(2, '0')}`,
    groupTitle: 'Praksisvejledere – Distrikt Nord',
    state: 'ny',
    claimedByName: null,
    claimedAt: null,
    createdAt: new Date('2026-12-02T08:12:00Z'),
    updatedAt: new Date('2026-12-02T08:12:00Z'),
    ...extra,
  });
  const requestLines = (card: AdaptiveCardJson) =>
    nodes(card.body)
      .filter(
        (n) =>
          n.type === 'Column' && Array.isArray(n.items) && (n.items as Node[]).length === 2 && (n.items as Node[])[1]?.isSubtle === true,
      )
      .map((n) => (n.items as Node[]).map((i) => i.text).join(' | '));

  it('lists each request: the group, where it stands, who took it and when, with "Åbn"', () => {
    const card = caseCard(detail(), playbook, [
      req(1),
      req(2, {
        state: 'taget',
        claimedByName: 'Hanne Lykke',
        claimedAt: new Date('2026-12-03T09:15:00Z'),
        updatedAt: new Date('2026-12-03T09:15:00Z'),
      }),
      req(3, {
        groupTitle: 'PLC – Fjordbakkeskolen',
        state: 'afsluttet',
        claimedByName: 'Jonas Berg',
        updatedAt: new Date('2026-11-20T12:00:00Z'),
      }),
      req(4, { state: 'afvist', updatedAt: new Date('2026-11-18T12:00:00Z') }),
    ]);
    expect(texts(card)).toContain('Sparring');
    expect(requestLines(card)).toEqual([
      'Praksisvejledere – Distrikt Nord | Venter på en rådgiver · sendt 2. december 2026',
      'Praksisvejledere – Distrikt Nord | Taget af Hanne Lykke 3. december 2026',
      'PLC – Fjordbakkeskolen | Afsluttet af Jonas Berg 20. november 2026',
      'Praksisvejledere – Distrikt Nord | Afvist 18. november 2026',
    ]);
    expect(
      executes(card)
        .filter((e) => e.verb === 'sparring.open')
        .map((e) => e.data),
    ).toEqual([1, 2, 3, 4].map((i) => ({ requestId: req(i).requestId })));
  });

  it('says when there are none, and lists at most the first few, counting the rest', () => {
    expect(texts(caseCard(detail(), playbook))).toContain('Ingen anmodninger om sparring endnu.');
    const card = caseCard(
      detail(),
      playbook,
      Array.from({ length: CASE_CARD_REQUESTS + 3 }, (_, i) => req(i, { groupTitle: long(400), claimedByName: long(300), state: 'taget' })),
    );
    expect(executes(card).filter((e) => e.verb === 'sparring.open')).toHaveLength(CASE_CARD_REQUESTS);
    expect(texts(card)).toContain('… og 3 mere');
    expect(bytes(card)).toBeLessThan(MAX_BYTES);
  });

  it('offers "Anmod om sparring" (with the case) on an open case only', () => {
    const open = executes(caseCard(detail(), playbook)).find((e) => e.verb === 'sparring.draft');
    expect(open).toMatchObject({ title: 'Anmod om sparring', data: { caseId: CASE } });
    expect(executes(caseCard(detail('afsluttet'), playbook)).some((e) => e.verb === 'sparring.draft')).toBe(false);
  });
});

describe('the recommendation card: "Anmod om sparring" on the sparring steps', () => {
  const recommendation = (step: StepId): Recommendation => ({
    level: 'foregribende',
    levelTitle: 'Foregribende indsats',
    step,
    title: 'Et trin',
    lead: { id: 'team', title: 'Teamet' },
    actors: [],
    meeting: null,
    alternativeMeetings: [],
    consentRequired: false,
    heldStep: null,
    templates: [],
    missing: [],
    safeguarding: null,
    todo: [],
    rationale: [],
    basedOn: [],
  });
  it.each([
    ['sparring-plc', true],
    ['sparring-ekstern', true],
    ['udarbejd-plan', false],
    ['distriktsraad', false],
  ] as const)('%s: %s', (step, offered) => {
    const card = recommendationCard(CASE, 5, recommendation(step));
    const draft = executes(card).find((e) => e.verb === 'sparring.draft');
    if (offered) expect(draft).toMatchObject({ title: 'Anmod om sparring', data: { caseId: CASE } });
    else expect(draft).toBeUndefined();
  });
});

describe('the recommendation card on a sparring step: the request leads, templates are buttons, the reasons fold', () => {
  const playbook = defaultPlaybook();
  const atStep = (intake: Intake) => {
    const r = next(intake, playbook);
    if (r.kind !== 'recommendation') throw new Error('expected a recommendation');
    return r.recommendation;
  };
  const plc = atStep({ ...CHILD, advisers: [] });
  const external = atStep({ ...CHILD, advisers: ['plc'], adviserEffect: 'virker-ikke', consents: [] });

  it('names the case at the top when it is given, and leaves the line out when not', () => {
    const card = recommendationCard(CASE, 5, plc, { pseudonym: 'A.B., 4.B', team: '4.B – Fjordbakkeskolen' });
    expect(texts(card)[0]).toBe('Sag: A.B., 4.B · 4.B – Fjordbakkeskolen');
    expect(texts(recommendationCard(CASE, 5, plc)).some((t) => t.startsWith('Sag:'))).toBe(false);
  });

  it.each([
    ['sparring-plc', plc],
    ['sparring-ekstern', external],
  ] as const)('%s: "Anmod om sparring" is the first button, in the positive style', (step, r) => {
    expect(r.step).toBe(step);
    const card = recommendationCard(CASE, 5, r);
    expect(card.actions?.[0]).toMatchObject({
      type: 'Action.Execute',
      title: 'Anmod om sparring',
      style: 'positive',
      verb: 'sparring.draft',
    });
    expect((card.actions ?? []).filter((a) => a.style === 'positive')).toHaveLength(1);
  });

  it('does not list the PLC adviser as "efter behov" on the step that asks for that adviser; the advice itself still says so', () => {
    expect(plc.meeting?.participants).toContain('Vejleder fra PLC (efter behov)');
    const shown = facts(recommendationCard(CASE, 5, plc));
    expect(shown['Deltagere']).toBe('Teamet, Vejleder fra PLC');
    expect(JSON.stringify(recommendationCard(CASE, 5, plc))).not.toContain('efter behov');
    // Elsewhere the team meeting keeps the playbook's words.
    const team = atStep({ scope: 'faellesskab', areas: ['socialt'], safety: [], data: ['observationer'], teamDiscussed: false });
    expect(team.step).toBe('droeft-i-teamet');
    expect(facts(recommendationCard(CASE, 5, team))['Deltagere']).toBe('Teamet, Vejleder fra PLC (efter behov)');
  });

  it('makes every template the step calls for a button that drafts that template', () => {
    const card = recommendationCard(CASE, 5, external);
    const drafts = executes(card).filter((e) => e.verb === 'plan.draft');
    expect(drafts.map((d) => [d.title, d.data])).toEqual(
      external.templates.map((t) => [t.title, { caseId: CASE, seq: 5, templateId: t.id }]),
    );
    // No list that looks like an expander.
    expect(JSON.stringify(card)).not.toContain('▸');
  });

  it('folds the reasons under "Hvorfor?", folded by default', () => {
    const card = recommendationCard(CASE, 5, plc);
    const toggle = nodes(card.body).find((n) => n.type === 'Action.ToggleVisibility');
    expect(toggle).toMatchObject({ title: 'Hvorfor?', targetElements: ['why'] });
    const why = nodes(card.body).find((n) => n.id === 'why');
    expect(why).toMatchObject({ type: 'Container', isVisible: false });
    const inside = JSON.stringify(why);
    for (const line of plc.rationale) expect(inside).toContain(JSON.stringify(line).slice(1, -1));
  });
});

describe('Teams deep links', () => {
  it('a chat: the user as Teams writes it, the message encoded (spaces, æøå, &, #, +, commas, new lines)', () => {
    expect(teamsChatUrl('hanne.lykke@fjordby.dk')).toBe('https://teams.microsoft.com/l/chat/0/0?users=hanne.lykke@fjordby.dk');
    expect(teamsChatUrl(' hanne.lykke@fjordby.dk ', 'Hej Hanne')).toBe(
      'https://teams.microsoft.com/l/chat/0/0?users=hanne.lykke@fjordby.dk&message=Hej%20Hanne',
    );
    const message = 'Sag A.B., 4.B: ærø & co #1 + 50% ?\nNy linje';
    const url = new URL(teamsChatUrl('hanne.lykke@fjordby.dk', message));
    expect(url.origin + url.pathname).toBe('https://teams.microsoft.com/l/chat/0/0');
    expect(url.searchParams.get('users')).toBe('hanne.lykke@fjordby.dk');
    expect(url.searchParams.get('message')).toBe(message);
    expect(teamsChatUrl('a@b.dk', message)).not.toMatch(/[ +#\n]|&co|,/);
    expect(teamsChatUrl('a@b.dk', '   ')).toBe('https://teams.microsoft.com/l/chat/0/0?users=a@b.dk');
  });

  it('a new meeting: subject, attendees comma-separated (duplicates dropped), the agenda as content', () => {
    const url = teamsMeetingUrl({
      subject: 'Sparring: A.B., 4.B',
      attendees: ['hanne@fjordby.dk', 'mette@fjordby.dk', 'hanne@fjordby.dk'],
      content: 'Dagsorden:\n1. Observation',
    });
    expect(url).toBe(
      'https://teams.microsoft.com/l/meeting/new?subject=Sparring%3A%20A.B.%2C%204.B&attendees=hanne@fjordby.dk,mette@fjordby.dk&content=Dagsorden%3A%0A1.%20Observation',
    );
    const parsed = new URL(url);
    expect(parsed.searchParams.get('subject')).toBe('Sparring: A.B., 4.B');
    expect(parsed.searchParams.get('attendees')?.split(',')).toEqual(['hanne@fjordby.dk', 'mette@fjordby.dk']);
    expect(teamsMeetingUrl({ subject: 'Møde', attendees: [], content: '' })).toBe(
      'https://teams.microsoft.com/l/meeting/new?subject=M%C3%B8de',
    );
  });

  it('refuses what is not a UPN or e-mail address (a comma or space would add or break attendees)', () => {
    for (const bad of ['', 'hanne lykke@fjordby.dk', 'a@b.dk,c@d.dk', 'hanne', 'a@b@c']) {
      expect(() => teamsChatUrl(bad), bad).toThrow(/UPN or e-mail/);
      expect(() => teamsMeetingUrl({ subject: 'x', attendees: ['ok@b.dk', bad], content: '' }), bad).toThrow(/UPN or e-mail/);
    }
  });

  it('cuts a long message or agenda (with "…") so the link stays within bounds, never inside an encoded character', () => {
    const text = 'æ'.repeat(3000);
    const chat = teamsChatUrl('a@b.dk', text);
    expect(chat.length).toBeLessThanOrEqual(SPARRING_LIMITS.url);
    const message = new URL(chat).searchParams.get('message') ?? '';
    expect(message.endsWith('…')).toBe(true);
    expect(text.startsWith(message.slice(0, -1))).toBe(true);
    expect(message.length).toBeGreaterThan(250);
    const meeting = teamsMeetingUrl({ subject: long(500), attendees: ['a@b.dk'], content: text });
    expect(meeting.length).toBeLessThanOrEqual(SPARRING_LIMITS.url);
    const subject = new URL(meeting).searchParams.get('subject') ?? '';
    expect(Array.from(subject).length).toBeLessThanOrEqual(200);
    expect(subject.endsWith('…') && long(500).startsWith(subject.slice(0, -1))).toBe(true);
    expect(
      Array.from(new URL(teamsMeetingUrl({ subject: 'x'.repeat(500), attendees: [], content: '' })).searchParams.get('subject') ?? ''),
    ).toHaveLength(200);
    expect(new URL(meeting).searchParams.get('content')?.endsWith('…')).toBe(true);
  });

  it("the request's own links: a chat naming the case, a meeting with the request as agenda", () => {
    expect(new URL(sparringChatUrl('a@b.dk', 'A.B., 4.B')).searchParams.get('message')).toContain('A.B., 4.B');
    const meeting = new URL(
      sparringMeetingUrl({
        pseudonym: 'A.B., 4.B',
        groupTitle: 'Praksisvejledere – Distrikt Nord',
        helpKinds: ['observation', 'teammoede'],
        wishedTime: 'Uge 50',
        summary: 'Trivsel og fravær.',
        attendees: ['hanne@fjordby.dk', 'mette@fjordby.dk'],
      }),
    );
    expect(meeting.searchParams.get('subject')).toBe('Sparring: A.B., 4.B');
    expect(meeting.searchParams.get('attendees')).toBe('hanne@fjordby.dk,mette@fjordby.dk');
    expect(meeting.searchParams.get('content')).toBe(
      'Anmodning om sparring (Praksisvejledere – Distrikt Nord)\nHjælp: Fokuseret pædagogisk observation, Deltagelse i et teammøde\nØnsket tid: Uge 50\n\nTrivsel og fravær.',
    );
  });
});

describe('notices for sparring', () => {
  it("sent: where it went (the group's channel, or each member), and who hears when it is taken", () => {
    const channel = notices.sparringSent('PLC – Fjordbakkeskolen', 'kanal');
    expect(texts(channel)).toEqual(expect.arrayContaining(['Anmodningen om sparring er sendt']));
    expect(texts(channel).some((t) => t.includes('kanalen for PLC – Fjordbakkeskolen'))).toBe(true);
    const members = notices.sparringSent('PLC – Fjordbakkeskolen', 'medlemmer');
    expect(texts(members).some((t) => t.includes('hver rådgiver i PLC – Fjordbakkeskolen'))).toBe(true);
    expect(executes(members).map((e) => e.verb)).toEqual(['cases.list']);
  });

  it('not found, no groups, a closed case: a warning or an info, never a button that needs a request', () => {
    for (const card of [notices.sparringNotFound(), notices.sparringNoGroups(), notices.sparringCaseClosed()]) {
      expect(texts(card).length).toBeGreaterThan(1);
      for (const e of executes(card)) expect(e.data).toEqual({});
    }
  });
});
