import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { ConversationRefRepository, conversationRefKey, personalRefKey } from '../../../src/conversations/conversation-ref.repository.js';
import { databaseTargets } from '../../support/db.js';

function reference(conversationId: string, serviceUrl = 'https://smba.trafficmanager.net/emea/') {
  return {
    activityId: 'f:123',
    bot: { id: '28:bot-id', name: 'Indsatsguiden' },
    channelId: 'msteams',
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1', isGroup: false },
    locale: 'da-DK',
    serviceUrl,
    user: { id: '29:user', aadObjectId: 'aad-1', name: 'Lærer' },
  };
}

describe.each(databaseTargets())('ConversationRefRepository on $name', (target) => {
  let database: Database;
  let refs: ConversationRefRepository;

  beforeAll(async () => {
    database = await target.open();
    refs = new ConversationRefRepository(database);
  });
  afterAll(() => target.cleanup());

  it('builds the two kinds of keys', () => {
    expect(personalRefKey('tenant-1', 'aad-1')).toBe('user:tenant-1:aad-1');
    expect(conversationRefKey('19:abc@thread.tacv2')).toBe('conv:19:abc@thread.tacv2');
  });

  it('inserts, reads back the whole reference, and answers null for an unknown key', async () => {
    const aad = randomUUID();
    const key = personalRefKey('tenant-1', aad);
    expect(await refs.get(key)).toBeNull();
    const saved = await refs.upsert({
      key,
      tenantId: 'tenant-1',
      aadObjectId: aad,
      conversationId: 'a:1xyz',
      conversationType: 'personal',
      reference: reference('a:1xyz'),
    });
    expect(saved).toMatchObject({ key, tenantId: 'tenant-1', aadObjectId: aad, conversationId: 'a:1xyz', usable: true });
    expect(saved.createdAt).toBeInstanceOf(Date);
    const read = await refs.get(key);
    expect(read).toEqual(saved);
    expect(read?.reference).toEqual(reference('a:1xyz'));
  });

  it('upsert replaces the reference, keeps created_at, and makes an unusable reference usable again', async () => {
    const key = conversationRefKey(`19:${randomUUID()}@thread.tacv2`);
    const first = await refs.upsert({
      key,
      tenantId: 'tenant-1',
      aadObjectId: null,
      conversationId: 'c-1',
      conversationType: 'channel',
      reference: reference('c-1'),
    });
    expect(await refs.markUnusable(key)).toBe(true);
    expect((await refs.get(key))?.usable).toBe(false);

    const second = await refs.upsert({
      key,
      tenantId: 'tenant-1',
      aadObjectId: null,
      conversationId: 'c-1',
      conversationType: 'channel',
      reference: reference('c-1', 'https://smba.trafficmanager.net/amer/'),
    });
    expect(second.usable).toBe(true);
    expect(second.createdAt).toEqual(first.createdAt);
    expect(second.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
    expect((second.reference as { serviceUrl: string }).serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
    expect(await refs.get(key)).toEqual(second);
  });

  it('markUnusable and remove report whether there was anything', async () => {
    const key = conversationRefKey(randomUUID());
    expect(await refs.markUnusable(key)).toBe(false);
    expect(await refs.remove(key)).toBe(false);
    await refs.upsert({ key, tenantId: 't', aadObjectId: null, conversationId: 'x', conversationType: null, reference: {} });
    expect(await refs.remove(key)).toBe(true);
    expect(await refs.get(key)).toBeNull();
  });

  it('concurrent upserts of one key leave exactly one row', async () => {
    const key = personalRefKey('tenant-1', randomUUID());
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        refs.upsert({
          key,
          tenantId: 'tenant-1',
          aadObjectId: 'a',
          conversationId: `c-${i}`,
          conversationType: 'personal',
          reference: { i },
        }),
      ),
    );
    const rows = await database.db.selectFrom('conversation_refs').selectAll().where('key', '=', key).execute();
    expect(rows).toHaveLength(1);
  });
});
