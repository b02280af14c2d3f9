/**
 * The embedded default: PGlite file-backed under DATA_DIR keeps its data across a restart, and
 * holds the directory's lock file while open (data-dir-lock.test.ts tests the lock itself).
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../../src/cases/case.repository.js';
import { ConversationRefRepository } from '../../../src/conversations/conversation-ref.repository.js';
import { LOCK_FILE_NAME } from '../../../src/db/data-dir-lock.js';
import { openDatabase } from '../../../src/db/database.js';
import { DatabaseStorage } from '../../../src/db/state-storage.js';

describe('file-backed PGlite', () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'indsatsguiden-db-')), 'nested', 'data');
  afterAll(() => rmSync(path.dirname(path.dirname(dataDir)), { recursive: true, force: true }));

  it('creates its directory, and keeps cases, recommendations, references and state across close and reopen', async () => {
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(true);
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);
    const cases = new CaseRepository(first);
    const created = await cases.create({ tenantId: 't', ownerAadId: 'o', schoolId: 'skole' });
    const updated = await cases.withLockedCase(created.id, async (record, tx) => {
      await tx.addRecommendation(record.id, { level: 'foregribende', step: 'sparring-plc', recommendation: { a: 1 }, intake: { b: 2 } });
      return tx.update(record.id, { intake: { scope: 'barn' }, answerOrder: ['scope'], pendingField: 'areas' });
    });
    await new ConversationRefRepository(first).upsert({
      key: 'user:t:o',
      tenantId: 't',
      aadObjectId: 'o',
      conversationId: 'a:1',
      conversationType: 'personal',
      reference: { serviceUrl: 'https://example.invalid/' },
    });
    await new DatabaseStorage(first).write({ 'state/1': { step: 3 } });
    await first.close();
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);

    const second = await openDatabase({ dataDir });
    try {
      const reopened = new CaseRepository(second);
      expect(await reopened.get(created.id)).toEqual(updated);
      expect((await reopened.listRecommendations(created.id)).map((r) => r.step)).toEqual(['sparring-plc']);
      expect((await new ConversationRefRepository(second).get('user:t:o'))?.conversationId).toBe('a:1');
      expect((await new DatabaseStorage(second).read(['state/1']))['state/1']).toMatchObject({ step: 3 });
    } finally {
      await second.close();
    }
  });
});
