/**
 * The recommendation card on a sparring step and the request it leads to (issue 12, "Right
 * defaults, no dead ends"), over the Bot Framework protocol on both databases. Lise Bruun teaches
 * in Indskoling at Fjordbakkeskolen and is its PLC's only adviser: her concern about a child
 * reaches `sparring-plc`. The card's main button is "Anmod om sparring", the PLC adviser is not
 * "efter behov" there, each template is a button that drafts it, and the reasons fold under
 * "Hvorfor?". Her form names the case, says that she is the PLC's only member (and starts on the
 * AKT group instead), speaks of "vejledere", and its summary is built from the case: the areas and
 * what was tried, never "søg sparring hos en PLC-vejleder". Sent to AKT, the request Mette Kjær's
 * group receives says so too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import { actionsOf, cardOf, inputValuesOf, invokeCard, textOf, TeamsUser, type CardAction, type CardJson } from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { concernToRecommendation, lastCardOf } from '../support/intake-cards.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { SparringRepository } from '../../src/sparring/sparring.repository.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const LISE = { aadObjectId: '1a6d41a7-3b1d-4a39-a706-e2cb56e6da4d', name: 'Lise Bruun' }; // Indskoling; PLC's only adviser
const METTE = { aadObjectId: '1153f4b6-99f1-4c0d-94fd-862b111a2ad1', name: 'Mette Kjær' }; // AKT's only adviser
const AKT_CHANNEL = '19:fjordbakke-akt@thread.tacv2';

/** A child whose preventive plan partly works, and no adviser involved yet: `sparring-plc`. */
const TO_SPARRING_PLC: Record<string, string> = {
  pseudonym: 'C.D., 1.A',
  scope: 'barn',
  areas: 'trivsel,socialt',
  safety: '',
  data: 'observationer,elevsamtale',
  childPerspective: 'true',
  teamDiscussed: 'true',
  plan: 'begge',
  parents: 'inddraget',
  tried: 'co-teaching,holddannelse',
  planEvaluated: 'delvist',
  advisers: '',
};

const hasData = (a: CardAction, key: string) => a.data !== undefined && key in a.data;

describe.each(storeTargets())('the recommendation and the sparring request of a sparring step on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  const dm = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);
  let recommendation: { card: CardJson; id: string };
  let caseId = '';

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database, startJobs: false }));
    for (const who of [LISE, METTE]) await dm(who).install();
    recommendation = await concernToRecommendation(dm(LISE), TO_SPARRING_PLC);
    caseId = String(actionsOf(recommendation.card).find((a) => a.verb === 'intake.back')?.data?.caseId ?? '');
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it('leads with "Anmod om sparring", lists the PLC adviser without "efter behov", makes the templates buttons and folds the reasons', () => {
    const card = recommendation.card;
    const text = textOf(card);
    expect(text).toContain('Søg sparring og vejledning hos en PLC-vejleder');
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

    const main = card.actions?.[0] as CardAction & { style?: string };
    expect(main).toMatchObject({ type: 'Action.Execute', title: 'Anmod om sparring', verb: 'sparring.draft', style: 'positive' });
    expect(main.data).toEqual({ caseId });

    // The team meeting's participants, without "efter behov" for the adviser the step asks for.
    expect(text).toContain('Vejleder fra PLC');
    expect(text).not.toContain('efter behov');

    // Each template the step calls for is a button drafting it; nothing that looks like an expander.
    const drafts = actionsOf(card).filter((a) => a.verb === 'plan.draft');
    expect(drafts.map((a) => [a.title, a.data?.templateId])).toEqual([
      ['Anmodning om sparring', 'sparringsanmodning'],
      ['Mål- og indsatsplan for læringsfællesskabet', 'plan-faellesskab'],
    ]);
    for (const d of drafts) expect(d.data).toMatchObject({ caseId, seq: expect.any(Number) });
    expect(JSON.stringify(card)).not.toContain('▸');

    // The reasons (with the guide's citations) fold under "Hvorfor?", folded.
    const toggle = actionsOf(card).find((a) => a.type === 'Action.ToggleVisibility') as CardAction & { targetElements?: string[] };
    expect(toggle).toMatchObject({ title: 'Hvorfor?', targetElements: ['why'] });
    const why = JSON.stringify(card).match(/\{"type":"Container","id":"why","isVisible":false.*?handleguiden/);
    expect(why).not.toBeNull();
  });

  it('drafts the template of the button pressed', async () => {
    const button = actionsOf(recommendation.card).find((a) => a.verb === 'plan.draft' && a.data?.templateId === 'plan-faellesskab')!;
    expect(hasData(button, 'templateId')).toBe(true);
    const drafted = await dm(LISE).execute(recommendation.id, button);
    expect(drafted.status).toBe(200);
    const cards = [invokeCard(drafted.body), ...drafted.sent.map((a) => cardOf(a))].filter((c): c is CardJson => c !== null);
    const texts = cards.map((c) => textOf(c)).join('\n');
    expect(texts).toContain('Mål- og indsatsplan for læringsfællesskabet');
    // That template, not the step's first one (plan.draft with a templateId drafts the template named).
    expect(texts).not.toContain('Anmodning om sparring');
  });

  it('opens a form that names the case, tells Lise she is the PLC, starts on AKT, and speaks of vejledere', async () => {
    const drafted = await dm(LISE).execute(recommendation.id, recommendation.card.actions![0] as CardAction);
    const form = lastCardOf(drafted.sent).card!;
    const text = textOf(form);
    expect(text.split('\n')[0]).toBe('Sag: C.D., 1.A · Indskoling – Fjordbakkeskolen');
    expect(text).toContain('PLC – Fjordbakkeskolen (kun dig selv)');
    expect(text).toContain('Du er selv den eneste i PLC – Fjordbakkeskolen. Sender du anmodningen dertil, går den kun til dig selv.');
    expect(text).toContain('AKT – Fjordbakkeskolen (vejledere på skolen)');
    expect(text).toContain('Det rådgivende team – Distrikt Nord (rådgivere uden for skolen)');
    expect(text).toContain('Forslaget er AKT – Fjordbakkeskolen: én af vejlederne tager anmodningen');
    expect(text).not.toContain('rådgivergruppen');

    const values = inputValuesOf(form);
    expect(values.pool).toBe('akt');
    // The summary from the case: its level, areas and what was tried; no step title naming the PLC.
    expect(values.summary).toBe(
      'C.D., 1.A. Foregribende indsats. Bekymringen handler om trivsel og sociale relationer. Afprøvet indtil nu: co-teaching og fleksibel holddannelse.',
    );
    expect(values.summary).not.toMatch(/PLC|vejleder/i);
  });

  it('speaks of "rådgivere" when the advisory team is the group, e.g. on the form drawn again after a refusal', async () => {
    const drafted = await dm(LISE).execute(recommendation.id, recommendation.card.actions![0] as CardAction);
    const form = lastCardOf(drafted.sent);
    const send = actionsOf(form.card!).find((a) => a.verb === 'sparring.send')!;
    const inputs = { ...inputValuesOf(form.card!), pool: 'raadgivende-team', parentsConsent: 'false' };
    const refused = invokeCard((await dm(LISE).execute(form.id, send, inputs)).body);
    const text = textOf(refused);
    expect(text).toContain('Forældrene skal have givet samtykke');
    expect(text).toContain('Forslaget er Det rådgivende team – Distrikt Nord: én af rådgiverne tager anmodningen');
    expect(text.split('\n')[0]).toBe('Sag: C.D., 1.A · Indskoling – Fjordbakkeskolen');
    expect(await new SparringRepository(database).listForCase(caseId)).toEqual([]);
  });

  it('leads with "Anmod om sparring" on sparring-ekstern too', async () => {
    // Another teacher (Lise's own concern is still open): a new concern is not asked about first.
    const other = new TeamsUser(url, connector, { aadObjectId: crypto.randomUUID(), tenantId: TENANT, name: 'Ida Holm' });
    const external = await concernToRecommendation(other, {
      ...TO_SPARRING_PLC,
      pseudonym: 'E.F., 1.A',
      advisers: 'plc',
      adviserEffect: 'virker-ikke',
      consents: '',
      networkMeetingHeld: 'false',
    });
    expect(textOf(external.card)).toContain('Inddrag praksisvejleder eller Det rådgivende team');
    expect(external.card.actions?.[0]).toMatchObject({ title: 'Anmod om sparring', verb: 'sparring.draft', style: 'positive' });
    expect(
      actionsOf(external.card)
        .filter((a) => a.verb === 'plan.draft')
        .map((a) => a.data?.templateId),
    ).toEqual(['sparringsanmodning', 'dagsorden-arbejdsmoede', 'dagsorden-netvaerksmoede']);
  });

  it('sends the unchanged form to AKT: the group gets the case and what was tried, never "søg sparring hos en PLC-vejleder"', async () => {
    const drafted = await dm(LISE).execute(recommendation.id, recommendation.card.actions![0] as CardAction);
    const form = lastCardOf(drafted.sent);
    const send = actionsOf(form.card!).find((a) => a.verb === 'sparring.send')!;
    const sent = await dm(LISE).execute(form.id, send, { ...inputValuesOf(form.card!), parentsConsent: 'false' });
    expect(textOf(invokeCard(sent.body))).toContain('sendt');
    const stored = await new SparringRepository(database).listForCase(caseId);
    expect(stored.map((r) => r.pool)).toEqual(['akt']);

    const before = connector.activities.length;
    await bot.jobs.dispatcher.runOnce();
    const posted: RecordedActivity[] = connector.activities.slice(before).filter((a) => a.conversationId === AKT_CHANNEL);
    expect(posted).toHaveLength(1);
    const card = cardOf(posted[0]);
    const text = textOf(card);
    expect(text.split('\n')[0]).toBe('Sag: C.D., 1.A · Indskoling – Fjordbakkeskolen');
    expect(text).toContain('Det drejer sig om');
    expect(text).not.toContain('Det drejer det sig om');
    expect(text).toContain('Afprøvet indtil nu: co-teaching og fleksibel holddannelse.');
    expect(text).toContain('trivsel og sociale relationer');
    expect(text.toLowerCase()).not.toContain('søg sparring');
    // What it is about: the line under "Det drejer sig om" (PLC is only among the groups it may be passed on to).
    const lines = text.split('\n');
    const about = lines[lines.indexOf('Det drejer sig om') + 1];
    expect(about).toMatch(/^C\.D\., 1\.A\. Foregribende indsats\./);
    expect(about).not.toMatch(/PLC|vejleder/i);
    expect((card as { fallbackText?: string }).fallbackText).toContain('Venter på en vejleder');
  });
});
