/**
 * A sparring request of a closed case, on both databases: closing a case leaves its requests `ny`
 * (the domain has no state for it), and "Tag" is refused on a closed case. So the SLA does not plan
 * its reminder, "åbne anmodninger" leaves it out, and a reminder planned before the case was closed
 * is obsolete when its time comes (src/proactive/kinds/sparring-reminder.ts) — while a request of an
 * open case next to it is still listed and reminded.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { CaseAccess } from '../../../src/access/case-access.js';
import { ClosingService } from '../../../src/cases/closing.service.js';
import { sparringReminder } from '../../../src/proactive/kinds/sparring-reminder.js';
import type { RenderContext } from '../../../src/proactive/kind.js';
import { databaseTargets } from '../../support/db.js';
import { INTAKES, actor, formCard, lookup, makeCase, viaEdge, wire, type ViaEdge, type Wired } from './support.js';

/** Monday 23 November 2026, 10:00 in Copenhagen. */
const NOW = new Date('2026-11-23T09:00:00Z');
/** Wednesday 18 November 2026, 10:00: two school days before NOW. */
const ROUTED = new Date('2026-11-18T09:00:00Z');

describe.each(databaseTargets())('sparring requests of a closed case, on $name', (target) => {
  let database: Database;
  let w: Wired;
  let service: ViaEdge;

  beforeAll(async () => {
    database = await target.open();
    w = wire(database, () => NOW);
    service = viaEdge(w.service);
  });
  afterAll(() => target.cleanup());

  async function request(): Promise<{ caseId: string; requestId: string }> {
    const c = await makeCase(w.cases, { intake: INTAKES.sparringEkstern });
    const sent = await service.send(
      actor('anders'),
      formCard(c.id, randomUUID(), { pool: 'raadgivende-team', parentsConsent: 'true' }),
      'Anders Skov',
    );
    if (sent.kind !== 'sent') throw new Error(`not sent: ${sent.kind}`);
    await sql`update sparring_requests set routed_at = ${ROUTED} where id = ${sent.view.request.id}`.execute(database.db);
    return { caseId: c.id, requestId: sent.view.request.id };
  }

  it('is not listed, not reminded, and a reminder planned before the closing is obsolete', async () => {
    const closed = await request();
    const open = await request();
    // The reminder is planned while the case is open; then the owner closes the case.
    await w.service.remindUnclaimed(NOW);
    const closing = new ClosingService({
      cases: w.cases,
      access: new CaseAccess(() => lookup),
      caseOfPlan: () => Promise.resolve(null),
      caseOfRequest: () => Promise.resolve(null),
      clock: () => NOW,
    });
    const c = (await w.cases.get(closed.caseId))!;
    expect((await closing.close(actor('anders'), { caseId: c.id, seq: c.seq, reason: 'forebyggende', note: '' })).kind).toBe('closed');

    const unclaimed = (await w.requests.listUnclaimedOlderThan(NOW)).map((r) => r.id);
    expect(unclaimed).toContain(open.requestId);
    expect(unclaimed).not.toContain(closed.requestId);
    const listed = (await service.open(actor('niels'))).map((v) => v.request.id);
    expect(listed).toContain(open.requestId);
    expect(listed).not.toContain(closed.requestId);
    expect((await w.service.slaDue(NOW)).map((d) => d.request.id)).not.toContain(closed.requestId);

    const context = {
      sparringRequests: w.requests,
      cases: w.cases,
      sparring: w.service,
      directory: () => lookup,
      clock: () => NOW,
    } as unknown as RenderContext;
    const claimed = await w.outbox.claim('test', 100, 60_000, NOW);
    const reminders = (id: string) =>
      claimed.filter((m) => m.kind === 'sparring-reminder' && (m.payload as { requestId: string }).requestId === id);
    expect(reminders(closed.requestId).length).toBeGreaterThan(0);
    for (const m of reminders(closed.requestId)) expect(await sparringReminder.render(m, context)).toMatchObject({ kind: 'obsolete' });
    expect(reminders(open.requestId).length).toBeGreaterThan(0);
    for (const m of reminders(open.requestId)) expect((await sparringReminder.render(m, context)).kind).toBe('send');
  });
});
