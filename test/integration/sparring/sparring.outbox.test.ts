/**
 * The messages of a sparring change are written in the change's own transaction (the mend of the
 * bot enqueueing them after the commit): the teacher's own copy of a request is stored with the
 * request, the in-place updates of the delivered copies with the transition. An outbox that fails
 * in the middle stands in for a crash: then nothing of the change is stored either, so no commit
 * can be left without its messages. A request stored without the teacher's copy (by the code
 * before the mend) gets it when the same card is sent again, once.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseAccess } from '../../../src/access/case-access.js';
import type { Database } from '../../../src/db/database.js';
import { OutboxRepository, type EnqueueInput, type OutboxExecutor, type OutboxMessage } from '../../../src/dispatch/outbox.repository.js';
import { SparringService } from '../../../src/sparring/sparring.service.js';
import { databaseTargets } from '../../support/db.js';
import {
  INTAKES,
  PEOPLE,
  RAADGIVENDE_CHANNEL_KEY,
  actor,
  formData,
  lookup,
  makeCase,
  personalKey,
  playbook,
  wire,
  type Wired,
} from './support.js';

/** An outbox that fails (like a crash) when asked to write a message `fails` picks. */
class FailingOutbox extends OutboxRepository {
  constructor(
    database: Database,
    private readonly fails: (input: EnqueueInput) => boolean,
  ) {
    super(database);
  }

  override enqueue(input: EnqueueInput, executor?: OutboxExecutor): Promise<OutboxMessage | null> {
    if (this.fails(input)) return Promise.reject(new Error('crash while enqueueing'));
    return super.enqueue(input, executor);
  }
}

describe.each(databaseTargets())('sparring messages in the change’s transaction on $name', (target) => {
  let database: Database;
  let w: Wired;

  beforeAll(async () => {
    database = await target.open();
    w = wire(database);
  });
  afterAll(() => target.cleanup());

  const failingWith = (fails: (input: EnqueueInput) => boolean) =>
    new SparringService({
      cases: w.cases,
      requests: w.requests,
      access: new CaseAccess(() => lookup),
      directory: () => lookup,
      outbox: new FailingOutbox(database, fails),
      playbook,
    });

  const keysOf = async (requestId: string) =>
    (
      await database.db
        .selectFrom('outbox')
        .select('idempotency_key')
        .where(sql<boolean>`payload->>'requestId' = ${requestId}`)
        .execute()
    )
      .map((r) => r.idempotency_key)
      .sort();

  const teacherKey = (requestId: string) => `sparring-request:${requestId}:teacher:${PEOPLE.anders}`;

  it('send: the teacher’s copy is stored with the request; when it cannot be written, neither is the request nor its group’s copy', async () => {
    const c = await makeCase(w.cases, { intake: INTAKES.sparringEkstern });
    const data = formData(c.id, randomUUID(), { pool: 'raadgivende-team', parentsConsent: 'true' });
    const crashing = failingWith((input) => input.idempotencyKey.includes(':teacher:'));
    const before = await database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(crashing.send(actor('anders'), data, 'Anders Skov')).rejects.toThrow('crash while enqueueing');
    expect(await w.requests.listForCase(c.id)).toEqual([]);
    const after = await database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // The same card again, nothing failing: the service alone (no bot) leaves every copy enqueued.
    const sent = await w.service.send(actor('anders'), data, 'Anders Skov');
    if (sent.kind !== 'sent') throw new Error(sent.kind);
    const id = sent.view.request.id;
    expect(await keysOf(id)).toEqual([`sparring-request:${id}:v1:${RAADGIVENDE_CHANNEL_KEY}`, teacherKey(id)].sort());
  });

  it('already sent: a request stored without the teacher’s copy gets it from the repeated send, and only once', async () => {
    const c = await makeCase(w.cases, { intake: INTAKES.sparringEkstern });
    const data = formData(c.id, randomUUID(), { pool: 'raadgivende-team', parentsConsent: 'true' });
    const sent = await w.service.send(actor('anders'), data, 'Anders Skov');
    if (sent.kind !== 'sent') throw new Error(sent.kind);
    const id = sent.view.request.id;
    // As the bot before the mend could leave it: committed, the teacher's copy lost in a crash.
    await database.db.deleteFrom('outbox').where('idempotency_key', '=', teacherKey(id)).execute();
    expect(await keysOf(id)).toEqual([`sparring-request:${id}:v1:${RAADGIVENDE_CHANNEL_KEY}`]);

    for (let i = 0; i < 3; i++) {
      expect(await w.service.send(actor('anders'), data, 'Anders Skov')).toMatchObject({ kind: 'already-sent', view: { request: { id } } });
    }
    expect(await keysOf(id)).toEqual([`sparring-request:${id}:v1:${RAADGIVENDE_CHANNEL_KEY}`, teacherKey(id)].sort());
    const copy = await w.outbox.findByKey(teacherKey(id));
    expect(copy).toMatchObject({
      kind: 'sparring-request',
      recipientKey: personalKey('anders'),
      recipientAadId: PEOPLE.anders,
      payload: { requestId: id, version: 1, audience: 'member' },
    });
  });

  it('a change: the delivered copies (but the one clicked) are updated in its transaction; when that fails, nothing changed', async () => {
    const c = await makeCase(w.cases, { intake: INTAKES.sparringEkstern });
    const sent = await w.service.send(
      actor('anders'),
      formData(c.id, randomUUID(), { pool: 'raadgivende-team', parentsConsent: 'true' }),
      'Anders Skov',
    );
    if (sent.kind !== 'sent') throw new Error(sent.kind);
    const id = sent.view.request.id;
    // Both copies delivered: the group's channel and the teacher's chat.
    for (const [key, activityId] of [
      [`sparring-request:${id}:v1:${RAADGIVENDE_CHANNEL_KEY}`, 'activity-channel'],
      [teacherKey(id), 'activity-teacher'],
    ] as const) {
      await database.db
        .updateTable('outbox')
        .set({ state: 'sent', activity_id: activityId, conversation_id: 'conversation', sent_at: sql<Date>`clock_timestamp()` })
        .where('idempotency_key', '=', key)
        .execute();
    }

    // The in-place update of the teacher's copy cannot be written: the claim is not stored either.
    const crashing = failingWith((input) => input.idempotencyKey === `sparring-update:${id}:v2:activity-teacher`);
    await expect(crashing.claim(actor('niels'), { requestId: id, version: 1 }, 'activity-channel')).rejects.toThrow(
      'crash while enqueueing',
    );
    expect(await w.requests.get(id)).toMatchObject({ state: 'ny', version: 1, claimedBy: null });
    expect((await w.requests.events(id)).map((e) => e.action)).toEqual(['oprettet']);
    expect((await keysOf(id)).filter((k) => k.startsWith('sparring-update:'))).toEqual([]);

    // Nothing failing: the claim, the teacher told, and the teacher's copy updated in place — not the clicked one.
    expect(await w.service.claim(actor('niels'), { requestId: id, version: 1 }, 'activity-channel')).toMatchObject({ kind: 'claimed' });
    expect((await keysOf(id)).filter((k) => k.startsWith('sparring-update:'))).toEqual(
      [`sparring-update:${id}:v2:${personalKey('anders')}`, `sparring-update:${id}:v2:activity-teacher`].sort(),
    );
    expect(await w.outbox.findByKey(`sparring-update:${id}:v2:activity-teacher`)).toMatchObject({
      kind: 'sparring-update',
      recipientKey: personalKey('anders'),
      payload: { requestId: id, version: 2, audience: 'member', activityId: 'activity-teacher' },
    });

    // A later transition clicked on the teacher's copy updates the channel's copy instead.
    expect(await w.service.release(actor('niels'), { requestId: id, version: 2 }, 'activity-teacher')).toMatchObject({
      kind: 'done',
      action: 'givet-fra-sig',
    });
    expect((await keysOf(id)).filter((k) => k.startsWith(`sparring-update:${id}:v3:`))).toEqual(
      [`sparring-update:${id}:v3:${personalKey('anders')}`, `sparring-update:${id}:v3:activity-channel`].sort(),
    );
  });
});
