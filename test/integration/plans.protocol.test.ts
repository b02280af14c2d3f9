/**
 * Plans over the Bot Framework protocol: from the recommendation card's "Lav udkast" (one plan at a
 * time, the next offered as "Næste udkast") to saved, versioned plans, a double click, errors in the
 * card, the evaluation that moves the case on, the export, and another user's ids in card data. A
 * plan card is short: folded sections, the case named at the top, "Gemt – version N" by the Gem;
 * on a case with saved plans "Lav udkast" lists them with Åbn and Ny version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { storeTargets, startTestBot, type StoreTarget } from '../support/bot.js';
import {
  TeamsUser,
  actionByVerb,
  actionsOf,
  cardOf,
  inputIdsOf,
  inputValuesOf,
  invokeCard,
  textOf,
  type CardAction,
  type CardJson,
  type TurnResult,
} from '../support/teams.js';
import type { Bot } from '../../src/main.js';
import { concernToRecommendation } from '../support/intake-cards.js';
import { nextDraftOf, onlyCard, planTitleOf } from './plans/drafts.js';
import { PLAN_LIMITS, danishCount } from '../../src/domain/plans/index.js';

/** A folding section's body on a card: its container, by the section's id (`s2`), and whether it shows. */
function sectionShown(card: CardJson, id: string): boolean | undefined {
  let shown: boolean | undefined;
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    if (n.id === id && n.type === 'Container') shown = n.isVisible !== false;
    Object.values(n).forEach(walk);
  };
  walk(card);
  return shown;
}
/** The body's last element: where a Gem's outcome is said, by the buttons. */
const lastBlock = (card: CardJson) => (card.body as Record<string, unknown>[]).at(-1);

/** The example directory's tenant (config/directory.example.yaml): the only one the bot serves. */
const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const lastCard = (r: TurnResult) => ({ card: cardOf(r.sent.at(-1)), id: r.sent.at(-1)?.id ?? '' });

const CHILD_NO_PLAN: Record<string, string> = {
  pseudonym: 'A.B., 4.B',
  scope: 'barn',
  areas: 'trivsel',
  safety: '',
  data: 'observationer,elevsamtale',
  childPerspective: 'true',
  teamDiscussed: 'true',
  plan: 'ingen',
  parents: 'inddraget',
};

const actionsOfCase = (card: CardJson): CardAction[] => actionsOf(card).filter((a) => a.verb === 'case.open');
function actionWithTitle(card: CardJson, title: string): CardAction {
  const action = actionsOf(card).find((a) => a.title === title);
  if (!action) throw new Error(`no button ${title}`);
  return action;
}

describe.each(storeTargets())('plans over the Bot Framework protocol on $name', ({ make }) => {
  let connector: FakeConnector;
  let store: StoreTarget;
  let bot: Bot;
  let url: string;

  beforeAll(async () => {
    connector = await startFakeConnector();
    store = make();
    ({ bot, url } = await startTestBot(store));
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  const teacher = () => new TeamsUser(url, connector, { aadObjectId: crypto.randomUUID(), tenantId: TENANT, name: 'Mette Lund' });

  it("drafts, saves and exports the sagsfremstilling at the leader's decision (afgoerelse)", async () => {
    const user = teacher();
    const rec = await concernToRecommendation(user, {
      ...CHILD_NO_PLAN,
      plan: 'begge',
      tried: '',
      planEvaluated: 'delvist',
      advisers: 'plc,raadgivende-team',
      adviserEffect: 'virker-ikke',
      networkMeetingHeld: 'true',
      ppv: 'foreligger',
      leaderDecision: 'ikke-truffet',
    });
    expect(textOf(rec.card)).toContain('Udarbejd sagsfremstilling med partshøring, og træf afgørelse');
    const drafted = await user.execute(rec.id, actionByVerb(rec.card, 'plan.draft'));
    expect(drafted.status).toBe(200);
    expect(drafted.sent).toHaveLength(1);
    const card = cardOf(drafted.sent[0])!;
    const text = textOf(card);
    expect(text).toContain('Sagsfremstilling med partshøring');
    expect(text).toContain('Udkast – ikke gemt endnu');
    expect(text).toContain('Partshøring');
    expect(text).toContain('Skoleledelsens afgørelse');
    expect(inputIdsOf(card)).toEqual(
      expect.arrayContaining([
        'summary',
        'ppvRecommendations',
        'childVoice',
        'parentsVoice',
        'hearingDate',
        'hearingComments',
        'decision',
        'decisionReasons',
      ]),
    );
    const values = inputValuesOf(card);
    expect(values.summary).toContain('A.B., 4.B');
    const save = actionByVerb(card, 'plan.save');
    // The PPV's recommendations are the school's to write: refused until they are there.
    const refused = invokeCard((await user.execute(drafted.sent[0]!.id, save, values)).body)!;
    expect(textOf(refused)).toContain("Skriv PPV'ens anbefalinger");
    const saved = invokeCard(
      (
        await user.execute(drafted.sent[0]!.id, save, {
          ...values,
          ppvRecommendations: 'Et mindre læringsfællesskab med faste voksne.',
          childVoice: 'A.B. vil gerne have en fast voksen.',
          parentsVoice: 'Forældrene ønsker ro og tydelige rammer.',
          hearingComments: 'Forældrene er enige i sagsfremstillingen.',
          decision: 'vidtgaaende',
          decisionReasons: "Indsatserne er afprøvet, og PPV'en peger på et mere vidtgående behov.",
        })
      ).body,
    )!;
    expect(textOf(saved)).toContain('Version 1');
    const exported = await user.execute(drafted.sent[0]!.id, actionByVerb(saved, 'plan.export'));
    const markdown = String(exported.sent.find((a) => a.activity.textFormat === 'markdown')?.activity.text ?? '');
    expect(markdown).toContain('# Sagsfremstilling med partshøring');
    expect(markdown).toContain('Forældrene er enige i sagsfremstillingen.');
    expect(markdown).toContain('Barnet har behov for et mere vidtgående tilbud');
  });

  it('drafts, saves, refuses a double click, shows errors in the card, evaluates and exports', async () => {
    const user = teacher();
    const rec = await concernToRecommendation(user, CHILD_NO_PLAN);
    expect(textOf(rec.card)).toContain('Udarbejd en mål- og indsatsplan');

    // One plan at a time: the step's first template, with the next offered as a button.
    const drafted = await user.execute(rec.id, actionByVerb(rec.card, 'plan.draft'));
    expect(drafted.sent).toHaveLength(1);
    const community = onlyCard(drafted);
    expect(planTitleOf(community.card)).toBe('Mål- og indsatsplan for læringsfællesskabet');
    const nextButton = nextDraftOf(community.card)!;
    expect(nextButton.title).toBe('Næste udkast: Mål- og indsatsplan for barnet');
    expect(nextButton.data).toEqual({ caseId: actionByVerb(rec.card, 'plan.draft').data!.caseId, seq: 0, templateId: 'plan-barn' });
    const child = onlyCard(await user.execute(community.id, nextButton));
    expect(planTitleOf(child.card)).toBe('Mål- og indsatsplan for barnet');
    // The last template the step calls for: no further "Næste udkast".
    expect(nextDraftOf(child.card)).toBeUndefined();
    expect(textOf(child.card)).toContain('Udkast – ikke gemt endnu');
    // The case is named at the top of the card.
    expect((child.card.body as Record<string, unknown>[])[0]).toMatchObject({ type: 'TextBlock', text: 'Sag: A.B., 4.B' });
    const values = inputValuesOf(child.card);
    expect(values.tovholder).toBe('Mette Lund');
    // The text agrees with the fields: "Højst fire mål" over four goal fields, at most two actions prefilled.
    const goalFields = inputIdsOf(child.card).filter((id) => /^goal\d$/.test(id));
    expect(goalFields).toHaveLength(PLAN_LIMITS.goals);
    expect(textOf(child.card)).toContain(`Højst ${danishCount(goalFields.length)} mål.`);
    const prefilled = Object.keys(values).filter((k) => /^action\d$/.test(k) && values[k] !== '');
    expect(prefilled.length).toBeGreaterThan(0);
    expect(prefilled.length).toBeLessThanOrEqual(2);
    expect(textOf(child.card)).toContain('Hellere få indsatser end mange.');
    // Folded: the background the draft filled in (s0) and the follow-up (s5); open: the perspectives
    // (s2), which the team must still write (a hidden required input would stop Gem unseen).
    expect([sectionShown(child.card, 's0'), sectionShown(child.card, 's2'), sectionShown(child.card, 's5')]).toEqual([false, true, false]);
    // The proposed evaluation date is a school day (six weeks on may be a Sunday).
    expect([0, 6]).not.toContain(new Date(`${values.evaluationDate}T12:00:00Z`).getUTCDay());

    // Errors next to the field, the user's values kept, nothing saved.
    const save = actionByVerb(child.card, 'plan.save');
    const invalid = await user.execute(child.id, save, { ...values, childVoice: '', parentsVoice: 'ikke indhentet endnu' });
    const invalidCard = invokeCard(invalid.body)!;
    expect(textOf(invalidCard)).toContain('barnets eget perspektiv');
    expect(inputValuesOf(invalidCard).parentsVoice).toBe('ikke indhentet endnu');
    // Said by the Gem: "Planen er ikke gemt" at the bottom, below every section; the section with the error is open.
    const bottom = (invalidCard.body as Record<string, unknown>[]).findLast((n) => n.style === 'attention');
    expect(textOf(bottom as CardJson)).toContain('Planen er ikke gemt');
    expect((invalidCard.body as unknown[]).indexOf(bottom)).toBeGreaterThan(
      (invalidCard.body as Record<string, unknown>[]).findLastIndex((n) => n.separator === true),
    );
    expect(sectionShown(invalidCard, 's2')).toBe(true);

    const filled = { ...values, childVoice: 'A.B. siger, at frikvartererne er svære.', parentsVoice: 'ikke indhentet endnu' };
    const [a, b] = await Promise.all([user.execute(child.id, save, filled), user.execute(child.id, save, filled)]);
    const texts = [textOf(invokeCard(a.body)), textOf(invokeCard(b.body))];
    expect(texts.filter((t) => t.includes('Allerede gemt'))).toHaveLength(1);
    const savedCard = invokeCard((texts[0]!.includes('Allerede gemt') ? b : a).body)!;
    expect(textOf(savedCard)).toContain('Version 1');
    expect(textOf(savedCard)).toContain('forældrenes perspektiv er ikke indhentet endnu');
    // "Gemt – version 1" where the user pressed: the last thing above the buttons; nothing saved-ish at the top.
    expect(lastBlock(savedCard)).toMatchObject({ type: 'TextBlock', text: '✓ Gemt – version 1.' });
    expect(textOf({ body: (savedCard.body as unknown[]).slice(0, 4) } as CardJson)).not.toContain('Gemt');
    // Saved and answered: the sections fold again, the errors are gone.
    expect(sectionShown(savedCard, 's2')).toBe(false);

    // A second version from the saved card.
    const v2 = await user.execute(child.id, actionByVerb(savedCard, 'plan.save'), {
      ...inputValuesOf(savedCard),
      goal2: 'A.B. deltager i fælles lege',
      goal2Signs: 'A.B. leger med to andre i frikvarteret',
    });
    const v2Card = invokeCard(v2.body)!;
    expect(textOf(v2Card)).toContain('Version 2');

    const exported = await user.execute(child.id, actionByVerb(v2Card, 'plan.export'));
    const markdown = exported.sent.find((s) => s.activity.textFormat === 'markdown');
    expect(String(markdown?.activity.text)).toContain('# Mål- og indsatsplan for barnet');
    expect(String(markdown?.activity.text)).toContain('Version 2');

    const evaluation = await user.execute(child.id, actionByVerb(v2Card, 'plan.evaluate'));
    const evalCard = lastCard(evaluation);
    expect(textOf(evalCard.card)).toContain('Evaluering af planen');
    const evalValues = inputValuesOf(evalCard.card!);
    const done = await user.execute(evalCard.id, actionByVerb(evalCard.card!, 'plan.evaluation.save'), {
      ...evalValues,
      goal1Result: 'delvist',
      goal2Result: 'ikke-naaet',
      goal1Observed: 'Lidt bedre.',
      decision: 'naeste-skridt',
      decisionNote: 'Vi søger sparring.',
    });
    expect(textOf(invokeCard(done.body))).toContain('Evalueringen er gemt');
    // The case moved on: the intake asks what the next rule needs (who gave sparring so far)…
    const asked = lastCard(done);
    expect(inputIdsOf(asked.card!)).toEqual(['advisers']);
    // …and then gives the next step on the ladder.
    const next = lastCard(await user.execute(asked.id, actionByVerb(asked.card!, 'intake.answer'), { advisers: '' }));
    expect(textOf(next.card)).toContain('Søg sparring og vejledning hos en PLC-vejleder');
    expect(textOf(next.card)).toContain('Foregribende indsats');
    const again = await user.execute(evalCard.id, actionByVerb(evalCard.card!, 'plan.evaluation.save'), {
      ...evalValues,
      goal1Result: 'delvist',
      decision: 'naeste-skridt',
      decisionNote: 'x',
    });
    expect(textOf(invokeCard(again.body))).toContain('Allerede evalueret');
  });

  it('mine sager lists the cases newest first; a case card shows its plans and history; earlier versions open read-only', async () => {
    const user = teacher();
    const empty = await user.say('Mine sager');
    expect(textOf(cardOf(empty.sent[0]))).toContain('Du har ingen sager endnu');

    const rec = await concernToRecommendation(user, CHILD_NO_PLAN);
    const drafted = await user.execute(rec.id, actionByVerb(rec.card, 'plan.draft'));
    const community = { card: cardOf(drafted.sent[0])!, id: drafted.sent[0]!.id };
    const v1 = invokeCard(
      (await user.execute(community.id, actionByVerb(community.card, 'plan.save'), inputValuesOf(community.card))).body,
    )!;
    expect(textOf(v1)).toContain('Version 1');
    const v2 = invokeCard(
      (await user.execute(community.id, actionByVerb(v1, 'plan.save'), { ...inputValuesOf(v1), goal1: 'Klassen har et trygt fællesskab' }))
        .body,
    )!;
    expect(textOf(v2)).toContain('Version 2');
    await concernToRecommendation(user, { scope: 'faellesskab', areas: 'socialt', safety: '', data: '' });

    const list = cardOf((await user.say('mine sager')).sent[0])!;
    const listText = textOf(list);
    // Newest first: the community concern started last comes before the child concern.
    expect(listText.indexOf('Indsaml data om læringsfællesskabet og barnet')).toBeGreaterThan(-1);
    expect(listText.indexOf('Indsaml data om læringsfællesskabet og barnet')).toBeLessThan(
      listText.indexOf('Udarbejd en mål- og indsatsplan'),
    );
    const evaluationDate = (inputValuesOf(v2).evaluationDate ?? '').split('-').map(Number);
    expect(evaluationDate).toHaveLength(3);
    expect(listText).toContain(`${evaluationDate[0]}`);

    const open = (await user.execute('list', { ...actionsOfCase(list)[1]! })).sent;
    const caseCard = cardOf(open[0])!;
    const caseText = textOf(caseCard);
    expect(caseText).toContain('Mål- og indsatsplan for læringsfællesskabet');
    expect(caseText).toContain('Version 2');
    expect(caseText).toContain('Udarbejd en mål- og indsatsplan');
    const earlier = (await user.execute('case', actionWithTitle(caseCard, 'Version 1'))).sent;
    const earlierCard = cardOf(earlier[0])!;
    expect(textOf(earlierCard)).toContain('Tidligere version');
    expect(inputIdsOf(earlierCard)).toEqual([]);
    const current = cardOf((await user.execute('case', actionWithTitle(caseCard, 'Åbn'))).sent[0])!;
    expect(textOf(current)).toContain('Version 2');
    expect(inputValuesOf(current).goal1).toBe('Klassen har et trygt fællesskab');
  });

  it('on a case with saved plans, "Lav udkast" lists them with Åbn (to read) and Ny version (to edit), and the templates still to draft', async () => {
    const user = teacher();
    const rec = await concernToRecommendation(user, CHILD_NO_PLAN);
    const community = onlyCard(await user.execute(rec.id, actionByVerb(rec.card, 'plan.draft')));
    const saved = invokeCard(
      (await user.execute(community.id, actionByVerb(community.card, 'plan.save'), inputValuesOf(community.card))).body,
    )!;
    expect(textOf(saved)).toContain('Version 1');
    const planId = String(actionByVerb(saved, 'plan.save').data!.planId);
    const caseId = String(actionByVerb(saved, 'plan.save').data!.caseId);

    // The same "Lav udkast" again: not a dead end ("Ingen skabeloner endnu"), but the case's plans.
    const again = onlyCard(await user.execute(rec.id, actionByVerb(rec.card, 'plan.draft')));
    const listText = textOf(again.card);
    expect(listText).toContain('Sag: A.B., 4.B');
    expect(listText).toContain('Sagens planer');
    expect(listText).toContain('Mål- og indsatsplan for læringsfællesskabet');
    expect(listText).toContain('Version 1');
    expect(listText).not.toContain('Ingen skabeloner endnu');
    const open = actionsOf(again.card).find((a) => a.title === 'Åbn')!;
    const revise = actionsOf(again.card).find((a) => a.title === 'Ny version')!;
    expect(open).toMatchObject({ verb: 'plan.open', data: { caseId, planId, readOnly: true } });
    expect(revise).toMatchObject({ verb: 'plan.open', data: { caseId, planId } });
    expect(revise.data).not.toHaveProperty('readOnly');
    // The templates the step calls for without a saved plan are offered (here the child's plan), never the saved one.
    const drafts = actionsOf(again.card).filter((a) => a.verb === 'plan.draft');
    expect(drafts.map((a) => a.data?.templateId)).not.toContain('plan-faellesskab');
    for (const a of drafts) expect(a.title).toBe('Lav udkast');

    // Åbn: the saved plan to read, with Ny version, Evaluér and Eksportér; no inputs, no Gem.
    const read = onlyCard(await user.execute(again.id, open));
    expect(planTitleOf(read.card)).toBe('Mål- og indsatsplan for læringsfællesskabet');
    expect(inputIdsOf(read.card)).toEqual([]);
    expect((read.card.actions ?? []).map((a) => (a as CardAction).title)).toEqual(['Ny version', 'Evaluér', 'Eksportér']);
    expect(textOf(read.card)).toContain('Tryk Ny version for at rette planen');
    // Ny version (from the list or the read-only card): the plan to edit; Gem saves version 2.
    const edit = onlyCard(await user.execute(read.id, actionWithTitle(read.card, 'Ny version')));
    expect(inputIdsOf(edit.card)).toContain('goal1');
    const v2 = invokeCard(
      (await user.execute(edit.id, actionByVerb(edit.card, 'plan.save'), { ...inputValuesOf(edit.card), goal1: 'Alle er med i legen' }))
        .body,
    )!;
    expect(lastBlock(v2)).toMatchObject({ text: '✓ Gemt – version 2.' });
    expect(inputIdsOf(onlyCard(await user.execute(again.id, revise)).card)).toContain('goal1');

    // A template offered on the list drafts that plan (one card), as a D1 template button would.
    if (drafts.length > 0) {
      const drafted = onlyCard(await user.execute(again.id, drafts[0]!));
      expect(textOf(drafted.card)).toContain('Udkast – ikke gemt endnu');
      expect(planTitleOf(drafted.card)).not.toBe('Mål- og indsatsplan for læringsfællesskabet');
    } else expect(listText).toContain('Trinnet kalder ikke på flere skabeloner');

    // Asked by name for the saved template: the plan as saved, not a second draft.
    const named = onlyCard(
      await user.execute(again.id, { ...actionByVerb(rec.card, 'plan.draft'), data: { caseId, seq: 0, templateId: 'plan-faellesskab' } }),
    );
    expect(textOf(named.card)).toContain('Version 2');
  });

  it('refuses a "Lav udkast" whose template id is no template: nothing is drafted', async () => {
    const user = teacher();
    const rec = await concernToRecommendation(user, CHILD_NO_PLAN);
    const draft = actionByVerb(rec.card, 'plan.draft');
    const bogus = await user.execute(rec.id, { ...draft, data: { ...draft.data, templateId: 'ikke-en-skabelon' } });
    expect(bogus.sent).toHaveLength(1);
    expect(textOf(cardOf(bogus.sent[0]))).toContain('Kortets data kunne ikke læses');
    expect(inputIdsOf(cardOf(bogus.sent[0])!)).toEqual([]);
    // The case has no plan row from it: the real button still drafts the step's first template.
    expect(planTitleOf(onlyCard(await user.execute(rec.id, draft)).card)).toBe('Mål- og indsatsplan for læringsfællesskabet');
  });

  it("refuses another user's plan, whatever ids the card carries", async () => {
    const owner = teacher();
    const rec = await concernToRecommendation(owner, CHILD_NO_PLAN);
    const drafted = await owner.execute(rec.id, actionByVerb(rec.card, 'plan.draft'));
    const community = { card: cardOf(drafted.sent[0])!, id: drafted.sent[0]!.id };
    const intruder = teacher();
    const save = await intruder.execute(community.id, actionByVerb(community.card, 'plan.save'), inputValuesOf(community.card));
    expect(textOf(invokeCard(save.body))).toContain('ikke adgang');
    const draft = await intruder.execute(rec.id, actionByVerb(rec.card, 'plan.draft'));
    expect(textOf(cardOf(draft.sent[0]))).toContain('ikke adgang');
    // Neither by a template button (as on the plan card or the recommendation) nor by reading it.
    const byName = await intruder.execute(rec.id, {
      ...actionByVerb(rec.card, 'plan.draft'),
      data: { ...actionByVerb(rec.card, 'plan.draft').data, templateId: 'plan-barn' },
    });
    expect(textOf(cardOf(byName.sent[0]))).toContain('ikke adgang');
    const readIt = await intruder.execute(community.id, {
      type: 'Action.Execute',
      verb: 'plan.open',
      data: { ...actionByVerb(community.card, 'plan.save').data, readOnly: true },
    });
    expect(textOf(cardOf(readIt.sent[0]))).toContain('ikke adgang');
    expect(inputIdsOf(cardOf(readIt.sent[0])!)).toEqual([]);
    const ids = actionByVerb(community.card, 'plan.save').data!;
    const exported = await intruder.execute(community.id, {
      type: 'Action.Execute',
      verb: 'plan.export',
      data: { caseId: ids.caseId, planId: ids.planId },
    });
    expect(exported.sent.some((s) => s.activity.textFormat === 'markdown')).toBe(false);
  });
});
