/**
 * A case for the insight tests (test/integration/insight.protocol.test.ts) with a row in every
 * case table: two plans (versions, an evaluation), PKU's decision, the notification to the
 * municipality, a sparring request and its events, outbox rows naming the case, a plan and the
 * request, and access-log rows. Written straight to the database: the export is what is tested.
 * Free text is sealed as the repositories seal it (src/db/sealing.ts), but for a few values left in
 * clear as they were written before encryption existed: the export opens both.
 */
import type { Database } from '../../../src/db/database.js';
import { INTAKE_CLEAR, OUTBOX_CLEAR } from '../../../src/db/sealed-columns.js';
import { sealJson } from '../../../src/db/sealing.js';

export const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
export const JONAS = { aadObjectId: 'a000a46c-1e6b-4df4-9bc9-55ad120f5724', name: 'Jonas Brandt' }; // admin
export const HANNE = { aadObjectId: '236cee5c-70dc-43b6-beab-6914a28f3172', name: 'Hanne Lykke' }; // leader, Fjordbakkeskolen
export const METTE = { aadObjectId: '1153f4b6-99f1-4c0d-94fd-862b111a2ad1', name: 'Mette Kjær' }; // teacher 4.B
export const LISE = '1a6d41a7-3b1d-4a39-a706-e2cb56e6da4d'; // PLC, Fjordbakkeskolen

/** Free text long enough to need several JSON messages, with backticks that must not close a fence. */
export const LONG_TEXT = `Eleven siger \`\`\`stop\`\`\` i frikvarteret. ${'Han trækker sig fra legen og spiser alene. '.repeat(900)}`;

/** Stores a case with a row in every case table; returns its ids. */
export async function seedCase(database: Database, pseudonym: string, suffix: string) {
  const { db, keys } = database;
  const c = await db
    .insertInto('cases')
    .values({
      tenant_id: TENANT,
      owner_aad_id: METTE.aadObjectId,
      intake: JSON.stringify(sealJson(keys, { scope: 'barn', areas: ['trivsel'], description: LONG_TEXT, pseudonym }, INTAKE_CLEAR)),
      answer_order: JSON.stringify(['scope', 'areas']),
      school_id: 'fjordbakke',
      team_id: '4b',
      pseudonym,
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const decision = await db
    .insertInto('pku_decisions')
    .values({
      case_id: c.id,
      decision: 'returneret',
      decided_on: '2027-03-01',
      remarks: keys.seal(`PKU ønsker mere om læsningen ${suffix}`),
      recorded_by: METTE.aadObjectId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('case_recommendations')
    .values([
      { case_id: c.id, level: 'forebyggende', step: 'indsaml-data', recommendation: '{}', intake: '{"scope":"barn"}' },
      {
        case_id: c.id,
        level: 'foregribende',
        step: 'sparring-plc',
        recommendation: '{}',
        intake: '{"scope":"barn"}',
        reason: 'pku-decision',
        pku_decision_id: decision.id,
      },
    ])
    .execute();
  const plans = await db
    .insertInto('plans')
    .values([
      {
        case_id: c.id,
        template_id: 'plan-barn',
        title: `Mål- og indsatsplan ${suffix}`,
        status: 'evalueret',
        current_version: 2,
        evaluation_date: '2027-04-12',
        tovholder_aad_id: METTE.aadObjectId,
        tovholder_name: 'Mette Kjær',
        created_by: METTE.aadObjectId,
        updated_at: new Date(),
      },
      {
        case_id: c.id,
        template_id: 'dagsorden-teammoede',
        title: `Dagsorden ${suffix}`,
        created_by: METTE.aadObjectId,
        updated_at: new Date(),
      },
    ])
    .returning('id')
    .execute();
  const planId = plans[0]!.id;
  await db
    .insertInto('plan_versions')
    .values([
      { plan_id: planId, version: 1, content: JSON.stringify({ goal1: 'Leger med andre i frikvarteret' }), saved_by: METTE.aadObjectId },
      {
        plan_id: planId,
        version: 2,
        content: JSON.stringify(sealJson(keys, { goal1: `Leger med to andre ${suffix}` })),
        saved_by: HANNE.aadObjectId,
      },
    ])
    .execute();
  await db
    .insertInto('plan_evaluations')
    .values({
      plan_id: planId,
      plan_version: 2,
      plan_revision: 3,
      evaluation_date: '2027-04-12',
      content: JSON.stringify({ goal1Observed: `Leger oftere med andre ${suffix}`, decision: 'fortsaet' }),
      evaluated_by: METTE.aadObjectId,
    })
    .execute();
  await db
    .insertInto('safeguarding_notifications')
    .values({
      case_id: c.id,
      notified_on: '2027-03-14',
      recorded_by: HANNE.aadObjectId,
      recorded_by_name: 'Hanne Lykke',
      recorded_role: 'leader',
    })
    .execute();
  const request = await db
    .insertInto('sparring_requests')
    .values({
      case_id: c.id,
      tenant_id: TENANT,
      school_id: 'fjordbakke',
      pool: 'plc',
      pool_owner: 'fjordbakke',
      help_kinds: JSON.stringify(['observation']),
      wished_time: 'Tirsdag formiddag',
      summary: keys.seal(`Trivsel i frikvarteret ${suffix}`),
      child_specific: true,
      parents_consent: true,
      requested_by: METTE.aadObjectId,
      requested_by_name: 'Mette Kjær',
      state: 'taget',
      claimed_by: LISE,
      claimed_by_name: 'Lise Bruun',
      claimed_at: new Date(),
      version: 2,
      routed_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('sparring_events')
    .values([
      { request_id: request.id, action: 'oprettet', actor_aad_id: METTE.aadObjectId, actor_name: 'Mette Kjær', version: 1 },
      {
        request_id: request.id,
        action: 'taget',
        actor_aad_id: LISE,
        actor_name: 'Lise Bruun',
        version: 2,
        detail: JSON.stringify(sealJson(keys, { note: 'Jeg kommer' })),
      },
    ])
    .execute();
  const outbox = (kind: 'evaluation-reminder' | 'safeguarding-alert' | 'sparring-request', payload: object, key: string) => ({
    kind,
    tenant_id: TENANT,
    recipient_key: `user:${TENANT}:${HANNE.aadObjectId}`,
    recipient_aad_id: HANNE.aadObjectId,
    payload: JSON.stringify(sealJson(keys, payload, OUTBOX_CLEAR)),
    idempotency_key: key,
    due_at: new Date(),
    next_attempt_at: new Date(),
    updated_at: new Date(),
  });
  await db
    .insertInto('outbox')
    .values([
      outbox('safeguarding-alert', { caseId: c.id, role: 'leader' }, `safeguarding:${c.id}:x:${HANNE.aadObjectId}`),
      outbox('evaluation-reminder', { planId, evaluationDate: '2027-04-12', kind: 'on-day', role: 'leader' }, `eval:${planId}:${suffix}`),
      outbox('sparring-request', { requestId: request.id, version: 1, audience: 'group' }, `sparring-request:${request.id}:v1:${suffix}`),
    ])
    .execute();
  // The access log holds ids only (no foreign keys): a read of the case, a plan and a request.
  await db
    .insertInto('access_log')
    .values([
      {
        tenant_id: TENANT,
        actor_aad_id: HANNE.aadObjectId,
        action: 'read',
        outcome: 'allowed',
        verb: 'case.open',
        case_id: c.id,
        at: new Date(),
      },
      {
        tenant_id: TENANT,
        actor_aad_id: METTE.aadObjectId,
        action: 'change',
        outcome: 'allowed',
        verb: 'plan.save',
        plan_id: planId,
        at: new Date(),
      },
      {
        tenant_id: TENANT,
        actor_aad_id: LISE,
        action: 'change',
        outcome: 'allowed',
        verb: 'sparring.claim',
        request_id: request.id,
        at: new Date(),
      },
    ])
    .execute();
  return { caseId: c.id, planId, requestId: request.id };
}
