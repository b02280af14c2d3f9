/**
 * The safeguarding cards as the notifying teacher and the school leader see them (issue 12): the
 * safeguarding card names the case, says how to notify this municipality (the playbook's contact,
 * or the municipality's own underretning when the playbook has none) and offers "Jeg har
 * underrettet"; its confirmation states the recorded date; the case card shows a safety case to its
 * owner and the school's leaders with the viewer's buttons; the lists mark safety cases.
 */
import { describe, expect, it } from 'vitest';
import { caseCard, caseListCard, notificationRecordedCard, safeguardingCard, type AdaptiveCardJson } from '../../../src/cards/index.js';
import type { CaseDetail, CaseSummary, CaseViewer } from '../../../src/cases/case-overview.service.js';
import type { CaseSafety } from '../../../src/cases/safeguarding-notification.service.js';
import { safeguardingFor } from '../../../src/domain/safeguarding.js';
import type { Playbook } from '../../../src/domain/playbook.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { facts, nodes, texts } from './card-nodes.js';

const playbook = defaultPlaybook();
const CASE = '0d6e2f5a-3b7c-4e1d-9a2b-5c6d7e8f9a01';
const LABEL = { pseudonym: 'A.B., 4.B', team: '4.B – Fjordbakkeskolen' };
const violence = safeguardingFor({ safety: ['vold'], acuteDanger: true })!;

type Button = { type: string; title?: string; verb?: string; url?: string; data?: unknown; fallback?: { type: string; data?: unknown } };
const buttons = (card: AdaptiveCardJson) =>
  nodes(card)
    .filter((n) => typeof n.type === 'string' && n.type.startsWith('Action.') && n.type !== 'Action.Submit')
    .map((n) => n as Button);
const titles = (card: AdaptiveCardJson) => buttons(card).map((b) => b.title);

describe('safeguardingCard', () => {
  it("names the case first, says how to notify this municipality (the playbook's contact) and offers Jeg har underrettet", () => {
    const card = safeguardingCard(violence, playbook, { caseId: CASE, label: LABEL });
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Sag: A.B., 4.B · 4.B – Fjordbakkeskolen', isSubtle: true });
    const text = texts(card);
    expect(text).toEqual(
      expect.arrayContaining([
        'Ring 112 nu',
        'Sådan underretter du kommunen',
        'Underret Børn og Familie, Haderslev Kommune.',
        'Ring 74 34 34 34 – Kommunens hovednummer – bed om Børn og Familie.',
        'Uden for kommunens åbningstid: ring til politiet på 114, og bed om den sociale døgnvagt.',
      ]),
    );
    const [link, notified] = buttons(card);
    expect(link).toMatchObject({ type: 'Action.OpenUrl', title: 'Underret via borger.dk', url: playbook.municipality!.notification!.url });
    expect(notified).toMatchObject({
      type: 'Action.Execute',
      title: 'Jeg har underrettet',
      verb: 'safeguarding.notified',
      data: { caseId: CASE },
      fallback: { type: 'Action.Submit', data: { verb: 'safeguarding.notified', caseId: CASE } },
    });
  });

  it('states a recorded notification instead of the button', () => {
    const card = safeguardingCard(violence, playbook, {
      caseId: CASE,
      label: LABEL,
      notification: { notifiedOn: '2027-03-14', recordedByName: 'Hanne Lykke' },
    });
    expect(texts(card)).toContain('Underrettet 14. marts 2027 · registreret af Hanne Lykke');
    expect(titles(card)).toEqual(['Underret via borger.dk']);
  });

  it("without a contact in the playbook, points to the municipality's own underretning and the leadership; without a case, no heading and no button", () => {
    const { municipality: _none, ...rest } = playbook;
    const bare: Playbook = rest;
    const card = safeguardingCard(violence, bare);
    expect(texts(card)).toEqual(
      expect.arrayContaining([
        'Brug kommunens egen underretning: den findes på kommunens hjemmeside og på borger.dk.',
        'Spørg skoleledelsen, hvis du er i tvivl om, hvordan I underretter.',
      ]),
    );
    expect(texts(card).some((t) => t.startsWith('Sag:'))).toBe(false);
    expect(buttons(card)).toEqual([]);
  });

  it('is replaced by the confirmation with the recorded date, the guidance left out, and Åbn sagen', () => {
    const kase = { caseId: CASE, label: LABEL, notification: { notifiedOn: '2027-03-13', recordedByName: 'Mette Kjær' } };
    const done = notificationRecordedCard(kase, false);
    expect(done.body[0]).toMatchObject({ text: 'Sag: A.B., 4.B · 4.B – Fjordbakkeskolen' });
    expect(texts(done)).toEqual(
      expect.arrayContaining(['Underretningen er registreret', 'Underrettet 13. marts 2027 · registreret af Mette Kjær']),
    );
    expect(texts(done)).not.toContain('Det skal du gøre nu');
    expect(texts(done)).not.toContain('Ring 112 nu');
    expect(buttons(done).map((b) => [b.title, b.verb, b.data])).toEqual([['Åbn sagen', 'case.open', { caseId: CASE }]]);
    const again = notificationRecordedCard(kase, true);
    expect(texts(again)).toContain('Underretningen var allerede registreret');
    expect(texts(again).join(' ')).toContain('Der er ikke registreret noget nyt.');
  });
});

describe('the case card of a safety case', () => {
  const detail = (viewer: CaseViewer, safety: Partial<CaseSafety> | null): CaseDetail => ({
    case: {
      id: CASE,
      tenantId: 't',
      ownerAadId: 'mette',
      status: 'aaben',
      intake: { safety: ['vold'], acuteDanger: true },
      answerOrder: ['safety', 'acuteDanger'],
      pendingField: 'data',
      seq: 6,
      schoolId: 'fjordbakke',
      teamId: '4b',
      pseudonym: 'A.B., 4.B',
      createdAt: new Date('2027-03-13T21:50:00Z'),
      updatedAt: new Date('2027-03-13T22:00:00Z'),
    },
    level: null,
    step: null,
    nextEvaluation: null,
    plans: [],
    history: [],
    pkuDecisions: [],
    canRecordPku: false,
    viewer,
    safety:
      safety === null
        ? null
        : {
            answers: { concerns: ['vold'], acute: true, parentsOnHold: false },
            ownerName: 'Mette Kjær',
            ownerAddress: viewer === 'leader' ? 'mkj@fjordby.dk' : null,
            flaggedAt: new Date('2027-03-13T22:00:00Z'),
            alerted: [
              { name: 'Hanne Lykke', sentAt: new Date('2027-03-13T22:00:05Z'), state: 'sent' },
              { name: 'Per Damgaard', sentAt: null, state: 'waiting' },
            ],
            notification: null,
            viewer: viewer === 'leader' ? 'leader' : 'owner',
            ...safety,
          },
  });

  it("shows a leader the signs, the acute answer, who flagged it and when, the alert and the notification, with a leader's buttons", () => {
    const card = caseCard(detail('leader', {}), playbook, [], '4.B – Fjordbakkeskolen');
    expect(card.body[0]).toMatchObject({ text: 'Sag: A.B., 4.B · 4.B – Fjordbakkeskolen' });
    expect(texts(card)).toContain(
      'Mette Kjær har markeret tegn på, at barnet ikke er i sikkerhed. Der er ikke registreret en underretning til kommunen endnu.',
    );
    expect(facts(card)).toMatchObject({
      Niveau: 'Læreren har ikke besvaret spørgsmålene endnu',
      Trin: 'Venter på lærerens svar',
      'Tegn på': 'Vold',
      'Akut fare': 'Ja – barnet kan være i fare nu',
      'Markeret af': 'Mette Kjær, 13. marts 2027 kl. 23.00',
      'Ledelsen varslet': 'Hanne Lykke (sendt 13. marts 2027 kl. 23.00), Per Damgaard (venter, til vedkommende åbner Indsatsguiden)',
      Underretning: 'Ikke registreret',
    });
    // Afslut sag stands at the end of the body, apart from the card's actions (src/cards/case/view.ts).
    expect(titles(card)).toEqual(['Afslut sag', 'Registrér underretning', 'Chat med Mette Kjær', 'Sager på skolen']);
    expect(card.body[2]).toMatchObject({ type: 'Container', style: 'attention' }); // nothing recorded yet
    const chat = buttons(card).find((b) => b.type === 'Action.OpenUrl')!;
    expect(chat.url).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/chat\/0\/0\?users=mkj@fjordby\.dk&message=/);
  });

  it("shows the owner the same with the owner's buttons, and the recorded notification in the history", () => {
    const notification = {
      caseId: CASE,
      notifiedOn: '2027-03-14',
      recordedBy: 'hanne',
      recordedByName: 'Hanne Lykke',
      recordedRole: 'leader' as const,
      recordedAt: new Date('2027-03-14T08:00:00Z'),
    };
    const card = caseCard(detail('owner', { notification }), playbook);
    expect(texts(card)).toContain('Du har markeret tegn på, at barnet ikke er i sikkerhed.');
    expect(card.body[2]).toMatchObject({ type: 'Container', style: 'emphasis' }); // recorded: calm
    expect(facts(card).Underretning).toBe('Underrettet 14. marts 2027 · registreret af Hanne Lykke');
    expect(facts(card)['14. marts 2027']).toBe('Underretning til kommunen 14. marts 2027 · registreret af Hanne Lykke (skoleledelsen)');
    expect(facts(card).Trin).toBe('Svar på spørgsmålene – skriv "fortsæt"');
    expect(titles(card)).toEqual(['Afslut sag', 'Anmod om sparring', 'Fortsæt', 'Mine sager']);
    const unrecorded = caseCard(detail('owner', {}), playbook);
    expect(titles(unrecorded).slice(0, 2)).toEqual(['Afslut sag', 'Jeg har underrettet']);
  });

  it("shows a teacher of the team neither the safety section nor the owner's Fortsæt", () => {
    const card = caseCard(detail('team', null), playbook);
    expect(texts(card)).not.toContain('Sikkerhed først');
    expect(titles(card)).toEqual(['Anmod om sparring', 'Mine sager']);
  });
});

describe('the lists mark a safety case', () => {
  const summary = (i: number, mark: CaseSummary['safetyMark']): CaseSummary => ({
    case: {
      id: `0d6e2f5a-3b7c-4e1d-9a2b-5c6d7e8f9a0${i}`,
      tenantId: 't',
      ownerAadId: `owner-${i}`,
      status: 'aaben',
      intake: {},
      answerOrder: [],
      pendingField: 'data',
      seq: 1,
      schoolId: 'fjordbakke',
      teamId: '4b',
      pseudonym: `A.${i}., 4.B`,
      createdAt: new Date('2027-03-13T10:00:00Z'),
      updatedAt: new Date('2027-03-13T10:00:00Z'),
    },
    level: null,
    step: null,
    nextEvaluation: null,
    safetyMark: mark,
  });

  it('in the attention colour, with whether the notification is recorded; a leader is not told to write "fortsæt"', () => {
    const card = caseListCard(
      {
        cases: [summary(1, { answers: { concerns: ['vold'], acute: true, parentsOnHold: false }, notification: null }), summary(2, null)],
        more: false,
      },
      playbook,
      { title: 'Sager på Fjordbakkeskolen', ownerName: () => 'Mette Kjær', isOwn: () => false },
    );
    const items = nodes(card.body).filter(
      (n) => n.$data === undefined && n.type === 'Container' && JSON.stringify(n).includes('case.open'),
    );
    expect(items[0]).toMatchObject({ style: 'attention' });
    expect(texts(card)).toContain('Sikkerhed · akut fare · underretning ikke registreret');
    expect(items[1]).toMatchObject({ style: 'default' });
    expect(JSON.stringify(items[1])).not.toContain('Sikkerhed');
    expect(texts(card).join(' ')).not.toContain('fortsæt');
    expect(JSON.stringify(card)).toContain('Venter på lærerens svar');
  });
});
