/**
 * Protocol tests of issue 9 (points 1 and 4) through /api/messages: the real bot, the fake Bot
 * Connector, both databases. CPR numbers written every way the attack run used (en dash,
 * non-breaking hyphen, no-break and zero-width spaces, full-width and Arabic-Indic digits, dots,
 * slashes, spaced dates, two spaces) are refused in the description, the pseudonym, a plan goal
 * and the sparring summary, and masked in the names Teams sends (from.name, conversation.name);
 * afterwards no text or jsonb column of the database holds one. A NUL byte in a text field is
 * refused with the Danish message and nothing is stored.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_CHARACTER_REFUSAL } from '../../src/domain/free-text.js';
import { SparringRepository } from '../../src/sparring/sparring.repository.js';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import {
  TeamsUser,
  actionByVerb,
  actionsOf,
  cardOf,
  inputIdsOf,
  inputValuesOf,
  invokeCard,
  textOf,
  type CardJson,
  type TurnResult,
} from '../support/teams.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { draftUntil } from './plans/drafts.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
/** Teacher of 4.B at Fjordbakkeskolen in the example directory (so she can ask her school's PLC). */
const METTE = '1153f4b6-99f1-4c0d-94fd-862b111a2ad1';

/** One CPR number per variant of the issue, each with its own digits so a leak names its variant. */
const VARIANTS: Record<string, string> = {
  'en dash': '150312\u20134321',
  'non-breaking hyphen': '150312\u20114322',
  'no-break space': '150312\u00a04323',
  'zero-width spaces': '1503\u200b12\u200b4324',
  'full-width digits': '\uff11\uff15\uff10\uff13\uff11\uff12\uff0d\uff14\uff13\uff12\uff16',
  'Arabic-Indic digits': '\u0661\u0665\u0660\u0663\u0661\u0662-\u0664\u0663\u0662\u0667',
  'a dotted date': '15.03.12-4328',
  'a spaced date': '15 03 12-4329',
  'a slash': '150312/4330',
  'a dot': '150312.4331',
  'two spaces': '150312  4332',
};
const FROM_NAME = 'Mette Kjær 16\u200b04\u200b12\u20134333';
const CONVERSATION_NAME = '4.B \uff11\uff16\uff10\uff14\uff11\uff12\u00a0\uff14\uff13\uff13\uff14';

/** The ten digits of a CPR-like text, whatever digit forms it uses. */
const DIGIT_ZEROS = [0x30, 0xff10, 0x0660, 0x06f0];
function digitsOf(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC')) {
    const cp = ch.codePointAt(0)!;
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9);
    if (zero !== undefined) out += String(cp - zero);
  }
  return out;
}
const LEAKS = [...Object.values(VARIANTS), FROM_NAME, CONVERSATION_NAME].map((v) => digitsOf(v).slice(-10));

/** A Teams user whose conversation has a name (as a group chat or channel would). */
class NamedConversationUser extends TeamsUser {
  override post(activity: Record<string, unknown>): Promise<TurnResult> {
    return super.post({ ...activity, conversation: { ...(activity.conversation as object), name: CONVERSATION_NAME } });
  }
}

const lastCard = (r: TurnResult) => ({ card: cardOf(r.sent.at(-1)), id: r.sent.at(-1)?.id ?? '' });

/** Every text, varchar and jsonb value in the schema, with where it is. */
async function allTextValues(database: Database): Promise<{ where: string; value: string }[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type in ('text', 'character varying', 'jsonb', 'json')
  `.execute(database.db);
  const out: { where: string; value: string }[] = [];
  for (const { table_name, column_name } of columns.rows) {
    const rows = await sql<{ v: string | null }>`select ${sql.ref(column_name)}::text as v from ${sql.table(table_name)}`.execute(
      database.db,
    );
    for (const row of rows.rows) if (row.v !== null) out.push({ where: `${table_name}.${column_name}`, value: row.v });
  }
  return out;
}

describe.each(storeTargets())('CPR variants and control characters over the protocol on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  const log = new LogCapture();

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, log, { database, startJobs: false }));
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it('refuses every variant in the description, the pseudonym, a plan goal and the sparring summary (and a NUL in the goal and the summary); no column holds one, nor the names from Teams', async () => {
    const user = new NamedConversationUser(
      url,
      connector,
      { aadObjectId: METTE, tenantId: TENANT, name: FROM_NAME },
      `a:personal-${METTE}`,
    );
    expect((await user.install()).status).toBe(200);
    const start = lastCard(await user.say('ny bekymring'));
    const answer = actionByVerb(start.card!, 'intake.answer');
    const first = { scope: 'barn', areas: 'trivsel', safety: '', team: 'fjordbakke/4b' };

    const refused = (result: TurnResult, variant: string, what: string) => {
      const card = invokeCard(result.body);
      expect(textOf(card), what).toContain('CPR-nummer');
      expect(JSON.stringify(card), what).not.toContain(variant);
      expect(digitsOf(JSON.stringify(card)), what).not.toContain(digitsOf(variant));
      expect(result.sent, what).toHaveLength(0);
    };
    for (const [name, variant] of Object.entries(VARIANTS)) {
      refused(
        await user.execute(start.id, answer, { ...first, description: `A.B. (${variant}) er ked af det` }),
        variant,
        `description, ${name}`,
      );
      refused(await user.execute(start.id, answer, { ...first, pseudonym: `A.B. ${variant}` }), variant, `pseudonym, ${name}`);
    }

    // On to a recommendation with a plan to draft.
    const answers: Record<string, string> = {
      ...first,
      pseudonym: 'A.B., 4.B',
      description: 'A.B. trækker sig i frikvartererne',
      data: 'observationer,elevsamtale',
      childPerspective: 'true',
      teamDiscussed: 'true',
      plan: 'ingen',
      parents: 'inddraget',
    };
    let step = start;
    while (step.card && inputIdsOf(step.card).length > 0) {
      const inputs = Object.fromEntries(
        inputIdsOf(step.card)
          .filter((f) => f in answers)
          .map((f) => [f, answers[f]!]),
      );
      step = lastCard(await user.execute(step.id, actionByVerb(step.card, 'intake.answer'), inputs));
    }
    const caseId = String(actionByVerb(start.card!, 'intake.answer').data?.caseId);
    const plan = (await draftUntil(user, { card: step.card!, id: step.id }, 'Mål- og indsatsplan for barnet')).at(-1)!;
    const save = actionByVerb(plan.card, 'plan.save');
    const planValues = {
      ...inputValuesOf(plan.card),
      childVoice: 'A.B. siger, at frikvartererne er svære.',
      parentsVoice: 'ikke indhentet endnu',
    };
    for (const [name, variant] of Object.entries(VARIANTS)) {
      refused(
        await user.execute(plan.id, save, { ...planValues, goal1: `A.B. ${variant} deltager i fælles lege` }),
        variant,
        `plan goal, ${name}`,
      );
    }
    const nulInGoal = await user.execute(plan.id, save, { ...planValues, goal1: 'A.B. deltager\u0000 i fælles lege' });
    expect(textOf(invokeCard(nulInGoal.body))).toContain(CONTROL_CHARACTER_REFUSAL);
    // The first version saved is the valid one: neither a refused number nor the NUL made a version.
    expect(textOf(invokeCard((await user.execute(plan.id, save, planValues)).body))).toContain('Version 1');

    const form = await user.execute('case-card', { type: 'Action.Execute', verb: 'sparring.draft', data: { caseId } });
    const formCard = cardOf(form.sent[0]) as CardJson;
    const send = actionsOf(formCard).find((a) => a.verb === 'sparring.send')!;
    const request = { pool: 'plc', helpKinds: 'observation', wishedTime: 'uge 50', parentsConsent: 'true' };
    for (const [name, variant] of Object.entries(VARIANTS)) {
      refused(
        await user.execute(form.sent[0]!.id, send, { ...request, summary: `A.B., 4.B (${variant}) trækker sig.` }),
        variant,
        `sparring summary, ${name}`,
      );
    }
    const nulInSummary = await user.execute(form.sent[0]!.id, send, { ...request, summary: 'A.B., 4.B\u0000 trækker sig.' });
    expect(textOf(invokeCard(nulInSummary.body))).toContain(CONTROL_CHARACTER_REFUSAL);
    expect(await new SparringRepository(database).listForCase(caseId)).toEqual([]);
    expect(
      textOf(invokeCard((await user.execute(form.sent[0]!.id, send, { ...request, summary: 'A.B., 4.B trækker sig.' })).body)),
    ).toContain('sendt');
    await bot.jobs.dispatcher.runOnce();

    // The names Teams sent were kept, masked.
    const values = await allTextValues(database);
    const refs = values.filter((v) => v.where === 'conversation_refs.reference').map((v) => v.value);
    expect(refs.some((r) => r.includes('Mette Kjær [CPR fjernet]') && r.includes('4.B [CPR fjernet]'))).toBe(true);
    // No text or jsonb value, read as digits of any form and separators of any kind, holds one of the numbers.
    const leaks = values.flatMap(({ where, value }) =>
      LEAKS.filter((digits) => digitsOf(value).includes(digits)).map((digits) => `${where}: ${digits}`),
    );
    expect(leaks).toEqual([]);
    expect(values.length).toBeGreaterThan(20);
  });

  it('refuses a NUL byte in the description or the pseudonym with the Danish message; nothing is stored and nothing fails', async () => {
    const user = new TeamsUser(url, connector, { aadObjectId: crypto.randomUUID(), tenantId: TENANT, name: 'Lærer' });
    const start = lastCard(await user.say('ny bekymring'));
    const answer = actionByVerb(start.card!, 'intake.answer');
    const caseId = String(answer.data?.caseId);
    const first = { scope: 'barn', areas: 'trivsel', safety: '' };
    const errorsBefore = log.lines.filter((l) => (JSON.parse(l) as { level?: number }).level! >= 50).length;

    for (const inputs of [
      { ...first, description: 'A.B. er ked\u0000 af det' },
      { ...first, pseudonym: 'A.B.\u0000, 4.B' },
    ]) {
      const result = await user.execute(start.id, answer, inputs);
      expect(result.status).toBe(200);
      const card = invokeCard(result.body);
      expect(textOf(card)).toContain(CONTROL_CHARACTER_REFUSAL);
      expect(JSON.stringify(card)).not.toContain('\\u0000');
      expect(inputIdsOf(card!)).toContain('scope');
      expect(result.sent).toHaveLength(0);
    }
    const row = await database.db
      .selectFrom('cases')
      .select(['intake', 'pseudonym', 'answer_order'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ intake: {}, pseudonym: null, answer_order: [] });
    // The turns failed nothing: no error was logged.
    expect(log.lines.filter((l) => (JSON.parse(l) as { level?: number }).level! >= 50)).toHaveLength(errorsBefore);
    // Still at question 1.
    expect(textOf(lastCard(await user.say('fortsæt')).card)).toContain('Spørgsmål 1');
  });
});
