/**
 * Migration 0007_intake_consents on every database target: cases stored with the intake's old
 * single `parentsConsent` are rewritten to a consent per purpose (true → ["arbejdsmoede"],
 * false → []), in the case, in the answers kept with its recommendations, in its answer order and
 * in the question it waits for; afterwards the intake service reads them like any other case, and
 * a card still asking the old question is stale.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../../src/cases/case.repository.js';
import { IntakeService } from '../../../src/cases/intake.service.js';
import type { Database } from '../../../src/db/database.js';
import { toJsonb } from '../../../src/db/json.js';
import { MIGRATIONS } from '../../../src/db/migrations.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { databaseTargets } from '../../support/db.js';

const MIGRATION = '0007_intake_consents';
const playbook = defaultPlaybook();

/** A child concern as version 1 stored it, up to the question about the parents' consent. */
const V1_CHILD = {
  scope: 'barn',
  areas: ['trivsel'],
  safety: [],
  data: ['observationer'],
  childPerspective: true,
  teamDiscussed: true,
  plan: 'begge',
  parents: 'inddraget',
  tried: [],
  planEvaluated: 'delvist',
  advisers: ['plc'],
  adviserEffect: 'virker-ikke',
};
const V1_ORDER = [
  'scope',
  'areas',
  'safety',
  'data',
  'childPerspective',
  'teamDiscussed',
  'plan',
  'parents',
  'tried',
  'planEvaluated',
  'advisers',
  'adviserEffect',
];

describe.each(databaseTargets())('migration 0007_intake_consents on $name', (target) => {
  let database: Database;
  let cases: CaseRepository;
  const tenantId = `tenant-${randomUUID()}`;

  beforeAll(async () => {
    database = await target.open();
    cases = new CaseRepository(database);
  });
  afterAll(() => target.cleanup());

  /** Writes a case row as version 1 left it (the schema is the same; only the intake's shape differs). */
  async function storeV1(row: { intake: Record<string, unknown>; answerOrder: string[]; pendingField: string | null; seq: number }) {
    const ownerAadId = randomUUID();
    const { id } = await database.db
      .insertInto('cases')
      .values({
        tenant_id: tenantId,
        owner_aad_id: ownerAadId,
        intake: toJsonb(row.intake),
        answer_order: toJsonb(row.answerOrder),
        pending_field: row.pendingField,
        seq: row.seq,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, actor: { tenantId, userId: ownerAadId } };
  }

  it('rewrites parentsConsent as consents in cases, answer orders, pending questions and recommendation answers', async () => {
    const agreed = await storeV1({
      intake: { ...V1_CHILD, parentsConsent: true, networkMeetingHeld: false },
      answerOrder: [...V1_ORDER, 'parentsConsent', 'networkMeetingHeld'],
      pendingField: null,
      seq: 14,
    });
    const refused = await storeV1({
      intake: { ...V1_CHILD, parentsConsent: false },
      answerOrder: [...V1_ORDER, 'parentsConsent'],
      pendingField: null,
      seq: 13,
    });
    const waiting = await storeV1({ intake: V1_CHILD, answerOrder: V1_ORDER, pendingField: 'parentsConsent', seq: 12 });
    const untouched = await storeV1({
      intake: { scope: 'faellesskab', areas: ['socialt'], safety: [] },
      answerOrder: ['scope', 'areas', 'safety'],
      pendingField: 'data',
      seq: 2,
    });
    await database.db
      .insertInto('case_recommendations')
      .values({
        case_id: agreed.id,
        level: 'foregribende',
        step: 'sparring-ekstern',
        recommendation: toJsonb({ step: 'sparring-ekstern' }),
        intake: toJsonb({ ...V1_CHILD, parentsConsent: true }),
      })
      .execute();

    await MIGRATIONS[MIGRATION]!.up(database.db);

    const a = (await cases.get(agreed.id))!;
    expect(a.intake).toEqual({ ...V1_CHILD, networkMeetingHeld: false, consents: ['arbejdsmoede'] });
    expect(a.answerOrder).toEqual([...V1_ORDER, 'consents', 'networkMeetingHeld']);
    expect([a.pendingField, a.seq]).toEqual([null, 14]);
    const r = (await cases.get(refused.id))!;
    expect(r.intake).toEqual({ ...V1_CHILD, consents: [] });
    expect(r.answerOrder).toEqual([...V1_ORDER, 'consents']);
    const w = (await cases.get(waiting.id))!;
    expect(w.intake).toEqual(V1_CHILD);
    expect([w.pendingField, w.seq]).toEqual(['consents', 13]);
    const u = (await cases.get(untouched.id))!;
    expect([u.intake, u.answerOrder, u.pendingField, u.seq]).toEqual([
      { scope: 'faellesskab', areas: ['socialt'], safety: [] },
      ['scope', 'areas', 'safety'],
      'data',
      2,
    ]);
    const [kept] = await cases.listRecommendations(agreed.id);
    expect(kept?.intake).toEqual({ ...V1_CHILD, consents: ['arbejdsmoede'] });

    // Running it again changes nothing.
    await MIGRATIONS[MIGRATION]!.up(database.db);
    expect(await cases.get(agreed.id)).toEqual(a);
    expect(await cases.get(waiting.id)).toEqual(w);
  });

  it('leaves cases the intake service reads and continues: the new question, and the old card stale', async () => {
    const waiting = await storeV1({ intake: V1_CHILD, answerOrder: V1_ORDER, pendingField: 'parentsConsent', seq: 12 });
    const agreed = await storeV1({
      intake: { ...V1_CHILD, parentsConsent: true },
      answerOrder: [...V1_ORDER, 'parentsConsent'],
      pendingField: null,
      seq: 13,
    });
    await MIGRATIONS[MIGRATION]!.up(database.db);
    const intake = new IntakeService(cases, playbook);

    // The consent to a work meeting carried over: the case stands at the external sparring without consent needed.
    const screen = intake.currentScreen((await cases.get(agreed.id))!);
    expect(screen.kind === 'recommendation' && [screen.recommendation.step, screen.recommendation.consentRequired]).toEqual([
      'sparring-ekstern',
      false,
    ]);

    // The case that waited for the old question now asks the new one; the old card is stale.
    expect(await intake.resume(waiting.actor)).toMatchObject({ kind: 'question', fields: ['consents'], seq: 13 });
    const old = await intake.answer(waiting.actor, { caseId: waiting.id, seq: 12, values: { parentsConsent: 'true' } });
    expect(old.kind).toBe('stale');
    expect((await cases.get(waiting.id))!.intake).toEqual(V1_CHILD);
    const answered = await intake.answer(waiting.actor, { caseId: waiting.id, seq: 13, values: { consents: 'ppv' } });
    expect(answered.kind).toBe('moved');
    if (answered.kind !== 'moved' || answered.screen.kind !== 'recommendation') throw new Error('expected a recommendation');
    // Consent to a PPV is not consent to a work meeting.
    expect([answered.screen.recommendation.step, answered.screen.recommendation.consentRequired]).toEqual(['sparring-ekstern', true]);
  });
});
