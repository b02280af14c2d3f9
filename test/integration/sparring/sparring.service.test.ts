/**
 * The sparring service on every database target, with the example directory (Fjordbakkeskolen in
 * Distrikt Nord): the form prefilled from the case, sending with routing to a channel or to the
 * members' chats, the consent and CPR refusals, the whole lifecycle with its events and the
 * teacher's updates, access refusals (whatever ids a card carries), the viewers' roles and
 * buttons, the lists, and the SLA reminder counted in school days.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { openAny } from '../../../src/db/sealing.js';
import { CONSENT_REFUSAL } from '../../../src/domain/sparring.js';
import { IDENTIFIER_REFUSAL } from '../../../src/domain/identifiers.js';
import { CaseAccess } from '../../../src/access/case-access.js';
import { DirectoryLookup } from '../../../src/directory/lookup.js';
import { SparringService } from '../../../src/sparring/sparring.service.js';
import { databaseTargets } from '../../support/db.js';
import {
  INTAKES,
  PEOPLE,
  PLC_CHANNEL_KEY,
  RAADGIVENDE_CHANNEL_KEY,
  actor,
  formCard,
  viaEdge,
  type ViaEdge,
  lookup,
  makeCase,
  personalKey,
  playbook,
  wire,
  type Wired,
} from './support.js';

/** Monday 23 November 2026, 10:00 in Copenhagen. */
const NOW = new Date('2026-11-23T09:00:00Z');
const CPR = '241190-1234';

describe.each(databaseTargets())('SparringService on $name', (target) => {
  let database: Database;
  let w: Wired;
  let service: ViaEdge;
  let now = NOW;

  beforeAll(async () => {
    database = await target.open();
    w = wire(database, () => now);
    service = viaEdge(w.service);
  });
  afterAll(() => target.cleanup());

  const outboxOf = async (requestId: string) =>
    (
      await database.db
        .selectFrom('outbox')
        .selectAll()
        .where(sql<boolean>`payload->>'requestId' = ${requestId}`)
        .orderBy('created_at')
        .execute()
    ).map((r) => ({
      kind: r.kind,
      to: r.recipient_key,
      aad: r.recipient_aad_id,
      // The outbox seals all but the ids it is found by (sealed-columns.ts): read it opened.
      payload: openAny(database.keys, r.payload),
      key: r.idempotency_key,
    }));

  /** Sends a request to the advisory team (with the parents' consent) and returns its id. */
  async function sendToAdvisoryTeam(values: Record<string, unknown> = {}): Promise<{ caseId: string; requestId: string }> {
    const c = await makeCase(w.cases, { intake: INTAKES.sparringEkstern });
    const sent = await service.send(
      actor('anders'),
      formCard(c.id, randomUUID(), { pool: 'raadgivende-team', parentsConsent: 'true', ...values }),
      'Anders Skov',
    );
    if (sent.kind !== 'sent') throw new Error(`not sent: ${sent.kind}`);
    return { caseId: c.id, requestId: sent.view.request.id };
  }

  describe('the form', () => {
    it('is prefilled from a case at sparring-plc: PLC proposed, the groups of the school and the district, a pseudonymous summary', async () => {
      const c = await makeCase(w.cases);
      const outcome = await service.formFor(actor('anders'), c.id);
      expect(outcome.kind).toBe('form');
      if (outcome.kind !== 'form') return;
      const { form } = outcome;
      expect(form).toMatchObject({
        caseId: c.id,
        pseudonym: 'A.B., 4.B',
        stepId: 'sparring-plc',
        proposedPool: 'plc',
        childSpecific: true,
        consentAsked: true,
      });
      expect(form.formId).toMatch(/^[0-9a-f-]{36}$/);
      expect(form.pools).toEqual([
        { pool: 'plc', name: 'PLC – Fjordbakkeskolen', outsideSchool: false, hasChannel: true, onlyYou: false },
        { pool: 'akt', name: 'AKT – Fjordbakkeskolen', outsideSchool: false, hasChannel: true, onlyYou: false },
        { pool: 'praksisvejleder', name: 'Praksisvejledere – Distrikt Nord', outsideSchool: true, hasChannel: false, onlyYou: false },
        { pool: 'raadgivende-team', name: 'Det rådgivende team – Distrikt Nord', outsideSchool: true, hasChannel: true, onlyYou: false },
        { pool: 'familieraadgivning', name: 'Familierådgivningen – Distrikt Nord', outsideSchool: true, hasChannel: false, onlyYou: false },
      ]);
      expect(form.teamTitle).toBe('4.B – Fjordbakkeskolen');
      expect(form.values).toEqual({
        pool: 'plc',
        helpKinds: ['observation', 'teammoede', 'kvalificering'],
        wishedTime: '',
        // The case: level, areas and what was tried; no step title (it names the PLC, and the group is chosen on the card).
        summary: 'A.B., 4.B. Foregribende indsats. Bekymringen handler om trivsel og sociale relationer. Afprøvet indtil nu: co-teaching.',
        parentsConsent: null,
      });
      // The teacher's own description is free text: it is not copied into a request to others.
      expect(form.values.summary).not.toContain('Uro i timerne');
      // A new form each time (a new form id).
      const again = await service.formFor(actor('anders'), c.id);
      expect(again.kind === 'form' && again.form.formId).not.toBe(form.formId);
    });

    it("marks the groups whose only member is the teacher, and does not preselect one: Lise Bruun is PLC's only adviser", async () => {
      const c = await makeCase(w.cases, { owner: 'lise', teamId: 'indskoling' });
      const outcome = await service.formFor(actor('lise'), c.id);
      if (outcome.kind !== 'form') throw new Error(outcome.kind);
      // The step still proposes the PLC (the advice is unchanged), but the form starts on the next group with someone else in it.
      expect(outcome.form.proposedPool).toBe('plc');
      expect(outcome.form.pools.filter((p) => p.onlyYou).map((p) => p.pool)).toEqual(['plc']);
      expect(outcome.form.values.pool).toBe('akt');
      expect(outcome.form.teamTitle).toBe('Indskoling – Fjordbakkeskolen');
      // Anders, in the same team, is not PLC's only member: nothing is marked.
      const anders = await service.formFor(actor('anders'), c.id);
      expect(anders.kind === 'form' && anders.form.pools.some((p) => p.onlyYou)).toBe(false);
    });

    it('proposes the practice advisers, then the advisory team, at sparring-ekstern; a class needs no consent', async () => {
      const c = await makeCase(w.cases, { intake: INTAKES.sparringEkstern });
      const outcome = await service.formFor(actor('mette'), c.id);
      if (outcome.kind !== 'form') throw new Error(outcome.kind);
      expect(outcome.form.proposedPool).toBe('praksisvejleder');
      expect(outcome.form.pools.map((p) => p.pool)).toEqual(['praksisvejleder', 'raadgivende-team', 'plc', 'akt', 'familieraadgivning']);
      expect(outcome.form.values).toMatchObject({
        pool: 'praksisvejleder',
        helpKinds: ['observation', 'teammoede', 'kvalificering', 'arbejdsmoede'],
        parentsConsent: false,
      });

      const k = await makeCase(w.cases, { intake: INTAKES.community, pseudonym: '4.B' });
      const community = await service.formFor(actor('anders'), k.id);
      expect(community.kind === 'form' && community.form).toMatchObject({ childSpecific: false, consentAsked: false });
    });

    it('is not found for someone who may not see the case; unavailable for a case without a school or a closed one', async () => {
      const c = await makeCase(w.cases);
      expect(await service.formFor(actor('karen'), c.id)).toEqual({ kind: 'not-found' });
      expect(await service.formFor(actor('lise'), c.id)).toEqual({ kind: 'not-found' });
      expect(await service.formFor(actor('anders', 'another-tenant'), c.id)).toEqual({ kind: 'not-found' });
      expect(await service.formFor(actor('anders'), 'not-a-uuid')).toEqual({ kind: 'not-found' });
      const loose = await makeCase(w.cases, { schoolId: null, teamId: null });
      expect(await service.formFor(actor('anders'), loose.id)).toMatchObject({
        kind: 'unavailable',
        message: expect.stringContaining('ikke knyttet til en skole'),
      });
      const closed = await makeCase(w.cases);
      await w.cases.withLockedCase(closed.id, (_c, tx) => tx.update(closed.id, { status: 'annulleret' }));
      expect(await service.formFor(actor('anders'), closed.id)).toMatchObject({
        kind: 'unavailable',
        message: expect.stringContaining('Sagen er lukket'),
      });
      expect(await service.send(actor('anders'), formCard(closed.id, randomUUID()), 'Anders Skov')).toMatchObject({ kind: 'unavailable' });
      expect(await w.requests.listForCase(closed.id)).toEqual([]);
    });
  });

  describe('sending', () => {
    it('to a pool with a channel: one card in the channel; a second send of the same form makes nothing new', async () => {
      const c = await makeCase(w.cases);
      const formId = randomUUID();
      const sent = await service.send(actor('anders'), formCard(c.id, formId), 'Anders S.');
      expect(sent.kind).toBe('sent');
      if (sent.kind !== 'sent') return;
      expect(sent).toMatchObject({ audience: 'channel', recipients: 1 });
      expect(sent.view).toMatchObject({
        role: 'teacher',
        poolName: 'PLC – Fjordbakkeskolen',
        schoolName: 'Fjordbakkeskolen',
        pseudonym: 'A.B., 4.B',
        actions: [],
        request: {
          caseId: c.id,
          pool: 'plc',
          poolOwner: 'fjordbakke',
          state: 'ny',
          version: 1,
          helpKinds: ['observation', 'teammoede'],
          wishedTime: 'uge 50, gerne tirsdag',
          childSpecific: true,
          parentsConsent: false,
          // The directory's name wins over the one Teams sent.
          requestedBy: PEOPLE.anders,
          requestedByName: 'Anders Skov',
        },
      });
      const id = sent.view.request.id;
      expect(await outboxOf(id)).toEqual([
        {
          kind: 'sparring-request',
          to: PLC_CHANNEL_KEY,
          aad: null,
          payload: { requestId: id, version: 1, audience: 'channel' },
          key: `sparring-request:${id}:v1:${PLC_CHANNEL_KEY}`,
        },
        // The teacher's own copy, written in the same transaction.
        {
          kind: 'sparring-request',
          to: personalKey('anders'),
          aad: PEOPLE.anders,
          payload: { requestId: id, version: 1, audience: 'member' },
          key: `sparring-request:${id}:teacher:${PEOPLE.anders}`,
        },
      ]);
      const twice = await service.send(actor('anders'), formCard(c.id, formId), 'Anders S.');
      expect(twice).toMatchObject({ kind: 'already-sent', view: { request: { id } } });
      expect(await w.requests.listForCase(c.id)).toHaveLength(1);
      expect(await outboxOf(id)).toHaveLength(2);
      expect((await w.requests.events(id)).map((e) => [e.action, e.actorName])).toEqual([['oprettet', 'Anders Skov']]);
    });

    it('without a form id: twenty sends at once, then twenty more, make one request; another text, or the same once the first is finished, is a new one', async () => {
      const c = await makeCase(w.cases);
      const data = formCard(c.id, randomUUID());
      delete data.formId;
      const atOnce = await Promise.all(Array.from({ length: 20 }, () => service.send(actor('anders'), data, 'Anders Skov')));
      expect(atOnce.filter((o) => o.kind === 'sent')).toHaveLength(1);
      expect(atOnce.filter((o) => o.kind === 'already-sent')).toHaveLength(19);
      const id = (await w.requests.listForCase(c.id))[0]!.id;
      for (let i = 0; i < 20; i++) {
        expect(await service.send(actor('anders'), data, 'Anders Skov')).toMatchObject({
          kind: 'already-sent',
          view: { request: { id, formId: null } },
        });
      }
      // Whatever form id a card makes up: the same send to the same group while it is open is the same request.
      expect(await service.send(actor('anders'), { ...data, formId: randomUUID() }, 'Anders Skov')).toMatchObject({
        kind: 'already-sent',
        view: { request: { id } },
      });
      expect(await w.requests.listForCase(c.id)).toHaveLength(1);
      expect(await outboxOf(id)).toHaveLength(2);
      expect((await w.requests.events(id)).map((e) => e.action)).toEqual(['oprettet']);

      // A deliberate new request: another text, or the same text once the first is declined.
      expect(await service.send(actor('anders'), { ...data, summary: 'A.B., 4.B. Nu også uro om morgenen.' }, 'Anders Skov')).toMatchObject(
        { kind: 'sent' },
      );
      expect(await service.reject(actor('lise'), { requestId: id, reason: 'Hører hjemme hos AKT.' })).toMatchObject({ kind: 'done' });
      const again = await service.send(actor('anders'), data, 'Anders Skov');
      expect(again).toMatchObject({ kind: 'sent' });
      expect(await w.requests.listForCase(c.id)).toHaveLength(3);
    });

    it('to a pool without a channel: a card in each member’s personal chat', async () => {
      const c = await makeCase(w.cases);
      // The example directory gives Fjordbakkeskolen's AKT a channel: here it has none.
      const directory = structuredClone(lookup.directory);
      delete directory.schools.find((x) => x.id === 'fjordbakke')!.akt.channel;
      const noChannel = viaEdge(
        new SparringService({
          cases: w.cases,
          requests: w.requests,
          outbox: w.outbox,
          playbook,
          access: new CaseAccess(() => new DirectoryLookup(directory)),
          directory: () => new DirectoryLookup(directory),
        }),
      );
      const sent = await noChannel.send(actor('anders'), formCard(c.id, randomUUID(), { pool: 'akt' }), 'Anders Skov');
      if (sent.kind !== 'sent') throw new Error(sent.kind);
      expect(sent).toMatchObject({ audience: 'member', recipients: 1, view: { poolName: 'AKT – Fjordbakkeskolen' } });
      const id = sent.view.request.id;
      expect(await outboxOf(id)).toEqual([
        {
          kind: 'sparring-request',
          to: personalKey('mette'),
          aad: PEOPLE.mette,
          payload: { requestId: id, version: 1, audience: 'member' },
          key: `sparring-request:${id}:v1:${personalKey('mette')}`,
        },
        {
          kind: 'sparring-request',
          to: personalKey('anders'),
          aad: PEOPLE.anders,
          payload: { requestId: id, version: 1, audience: 'member' },
          key: `sparring-request:${id}:teacher:${PEOPLE.anders}`,
        },
      ]);
      // Mette is both a teacher of 4.B and the AKT adviser: she sees it as the pool's member.
      expect(await service.viewFor(actor('mette'), id)).toMatchObject({ role: 'pool-member', actions: ['claim', 'forward', 'reject'] });
    });

    it('to advisers outside the school about a child: refused without the parents’ consent, and nothing is stored or sent', async () => {
      const c = await makeCase(w.cases, { intake: INTAKES.sparringEkstern });
      for (const consent of ['false', '', undefined]) {
        const refused = await service.send(
          actor('anders'),
          formCard(c.id, randomUUID(), { pool: 'praksisvejleder', parentsConsent: consent }),
          'Anders Skov',
        );
        expect(refused).toMatchObject({
          kind: 'invalid',
          consentRefused: true,
          cprRefused: false,
          errors: [{ field: 'parentsConsent', message: CONSENT_REFUSAL }],
        });
      }
      expect(await w.requests.listForCase(c.id)).toEqual([]);
      const sent = await service.send(
        actor('anders'),
        formCard(c.id, randomUUID(), { pool: 'praksisvejleder', parentsConsent: 'true' }),
        'Anders Skov',
      );
      expect(sent).toMatchObject({ kind: 'sent', audience: 'member', recipients: 1, view: { request: { parentsConsent: true } } });
      if (sent.kind === 'sent')
        expect((await outboxOf(sent.view.request.id)).map((r) => r.to)).toEqual([personalKey('ulla'), personalKey('anders')]);
      // A class (not one child) needs no consent to go to the district.
      const k = await makeCase(w.cases, { intake: INTAKES.community, pseudonym: '4.B' });
      expect(
        await service.send(
          actor('anders'),
          formCard(k.id, randomUUID(), { pool: 'familieraadgivning', parentsConsent: '' }),
          'Anders Skov',
        ),
      ).toMatchObject({ kind: 'sent' });
    });

    it('refuses a CPR number without storing or echoing it', async () => {
      const c = await makeCase(w.cases);
      const refused = await service.send(
        actor('anders'),
        formCard(c.id, randomUUID(), { summary: `Barnet (${CPR}) har det svært.` }),
        'Anders Skov',
      );
      expect(refused).toMatchObject({ kind: 'invalid', cprRefused: true });
      if (refused.kind !== 'invalid') return;
      expect(refused.errors[0]).toEqual({ field: null, message: IDENTIFIER_REFUSAL });
      expect(refused.values.summary).toContain('[CPR fjernet]');
      expect(JSON.stringify(refused)).not.toContain(CPR);
      expect(await w.requests.listForCase(c.id)).toEqual([]);
      // Sealed at rest: every stored summary and wished time, opened, holds no part of the number.
      const stored = await database.db.selectFrom('sparring_requests').select(['summary', 'wished_time']).execute();
      const texts = stored.flatMap((r) => [r.summary, r.wished_time].map((v) => String(openAny(database.keys, v))));
      expect(texts.filter((text) => text.includes('1234'))).toEqual([]);
    });

    it('refuses bad card data, a group that has no members, and someone who may not see the case', async () => {
      const c = await makeCase(w.cases);
      expect(await service.send(actor('anders'), { formId: randomUUID() }, 'A')).toMatchObject({ kind: 'bad-request' });
      expect(await service.send(actor('anders'), formCard('x', randomUUID()), 'A')).toMatchObject({ kind: 'bad-request' });
      expect(await service.send(actor('anders'), formCard(c.id, 'not-a-uuid'), 'A')).toMatchObject({ kind: 'bad-request' });
      const invalid = await service.send(actor('anders'), formCard(c.id, randomUUID(), { helpKinds: '', summary: '' }), 'A');
      expect(invalid).toMatchObject({ kind: 'invalid', cprRefused: false, consentRefused: false });
      if (invalid.kind === 'invalid') expect(invalid.errors.map((e) => e.field).sort()).toEqual(['helpKinds', 'summary']);
      // A group without members is not offered, and not accepted from a card either.
      const directory = structuredClone(lookup.directory);
      directory.schools.find((x) => x.id === 'fjordbakke')!.akt.members = [];
      const noAkt = viaEdge(
        new SparringService({
          cases: w.cases,
          requests: w.requests,
          outbox: w.outbox,
          playbook,
          access: new CaseAccess(() => new DirectoryLookup(directory)),
          directory: () => new DirectoryLookup(directory),
        }),
      );
      const form = await noAkt.formFor(actor('anders'), c.id);
      expect(form.kind === 'form' && form.form.pools.map((p) => p.pool)).toEqual([
        'plc',
        'praksisvejleder',
        'raadgivende-team',
        'familieraadgivning',
      ]);
      expect(await noAkt.send(actor('anders'), formCard(c.id, randomUUID(), { pool: 'akt' }), 'A')).toMatchObject({
        kind: 'invalid',
        errors: [{ field: 'pool' }],
      });
      expect(await service.send(actor('karen'), formCard(c.id, randomUUID()), 'Karen')).toEqual({ kind: 'not-found' });
      expect(await service.send(actor('soeren'), formCard(c.id, randomUUID()), 'Søren')).toEqual({ kind: 'not-found' });
      expect(await w.requests.listForCase(c.id)).toEqual([]);
    });
  });

  describe('the lifecycle', () => {
    it('claim: one taker, the other told who, the repeat changes nothing; the teacher hears who took it', async () => {
      const { requestId } = await sendToAdvisoryTeam();
      const data = { requestId, version: 1 };
      const claimed = await service.claim(actor('niels'), data);
      expect(claimed).toMatchObject({
        kind: 'claimed',
        view: {
          role: 'claimant',
          actions: ['release', 'forward', 'close', 'reject'],
          request: { state: 'taget', claimedByName: 'Niels Thorsen', version: 2 },
        },
      });
      expect(await service.claim(actor('signe'), data)).toMatchObject({
        kind: 'taken',
        byName: 'Niels Thorsen',
        view: { role: 'pool-member', actions: [] },
      });
      expect(await service.claim(actor('niels'), data)).toMatchObject({ kind: 'already-yours', view: { request: { version: 2 } } });
      expect((await w.requests.events(requestId)).map((e) => e.action)).toEqual(['oprettet', 'taget']);
      expect((await outboxOf(requestId)).filter((r) => r.kind === 'sparring-update')).toEqual([
        {
          kind: 'sparring-update',
          to: personalKey('anders'),
          aad: PEOPLE.anders,
          payload: { requestId, version: 2, action: 'taget', audience: 'requester' },
          key: `sparring-update:${requestId}:v2:${personalKey('anders')}`,
        },
      ]);
    });

    it('access follows the directory as it is now: a claimant taken out of the group is the claimant no more; back in it, they are again', async () => {
      const { caseId, requestId } = await sendToAdvisoryTeam();
      expect(await service.claim(actor('niels'), { requestId, version: 1 })).toMatchObject({ kind: 'claimed' });
      expect(await service.claimantCanOpen(actor('niels'), caseId)).toBe(true);
      const serviceWith = (edit: (d: typeof lookup.directory) => void) => {
        const directory = structuredClone(lookup.directory);
        const team = directory.districts.find((d) => d.id === 'nord')!['raadgivende-team'];
        team.members = team.members.filter((m) => m.toLowerCase() !== PEOPLE.niels);
        edit(directory);
        return viaEdge(
          new SparringService({
            cases: w.cases,
            requests: w.requests,
            outbox: w.outbox,
            playbook,
            access: new CaseAccess(() => new DirectoryLookup(directory)),
            directory: () => new DirectoryLookup(directory),
          }),
        );
      };

      // Out of the group, and nothing else: the request and its case are not his to see.
      const left = serviceWith(() => {});
      expect(await left.claimantCanOpen(actor('niels'), caseId)).toBe(false);
      expect(await left.viewFor(actor('niels'), requestId)).toBe(null);
      expect(await left.mine(actor('niels'))).toEqual([]);
      expect(await left.close(actor('niels'), { requestId, version: 2, note: 'Lukket udefra.' })).toEqual({ kind: 'not-found' });
      expect(await left.claim(actor('niels'), { requestId, version: 2 })).toEqual({ kind: 'not-found' });

      // Out of the group but a leader of the school: he sees it as a leader, with no buttons, and acts on nothing.
      const leader = serviceWith((d) => d.schools.find((s) => s.id === 'fjordbakke')!.skoleledelse.push(PEOPLE.niels));
      expect(await leader.viewFor(actor('niels'), requestId)).toMatchObject({ role: 'leader', actions: [] });
      expect(await leader.mine(actor('niels'))).toEqual([]);
      for (const outcome of [
        leader.release(actor('niels'), { requestId, version: 2 }),
        leader.close(actor('niels'), { requestId, version: 2 }),
        leader.reject(actor('niels'), { requestId, version: 2, reason: 'Ikke min længere.' }),
        leader.forward(actor('niels'), { requestId, version: 2, forwardTo: 'praksisvejleder' }),
        leader.claim(actor('niels'), { requestId, version: 2 }),
      ]) {
        expect(await outcome).toMatchObject({
          kind: 'refused',
          reason: 'not-member',
          message: expect.stringContaining('ikke længere med'),
        });
      }
      expect(await w.requests.get(requestId)).toMatchObject({ state: 'taget', claimedBy: PEOPLE.niels, version: 2 });
      expect((await w.requests.events(requestId)).map((e) => e.action)).toEqual(['oprettet', 'taget']);

      // Back in the group (the directory as it was): his again.
      expect(await service.viewFor(actor('niels'), requestId)).toMatchObject({
        role: 'claimant',
        actions: ['release', 'forward', 'close', 'reject'],
      });
      expect(await service.release(actor('niels'), { requestId, version: 2 })).toMatchObject({ kind: 'done' });
    });

    it('every transition writes its event: taken, given back, taken, passed on, taken, closed — and the teacher hears of each', async () => {
      const { caseId, requestId } = await sendToAdvisoryTeam();
      const step = async (outcome: Promise<{ kind: string }>, kind: string) => expect((await outcome).kind).toBe(kind);
      await step(service.claim(actor('niels'), { requestId }), 'claimed');
      expect(await service.claimantCanOpen(actor('niels'), caseId)).toBe(true);
      await step(service.release(actor('niels'), { requestId, version: 2 }), 'done');
      expect(await service.claimantCanOpen(actor('niels'), caseId)).toBe(false);
      await step(service.claim(actor('signe'), { requestId, version: 3 }), 'claimed');

      // Passing on: to a group of the case's own district, never another's.
      const forwarded = await service.forward(actor('signe'), { requestId, version: 4, forwardTo: 'praksisvejleder' });
      expect(forwarded).toMatchObject({
        kind: 'done',
        action: 'videresendt',
        poolName: 'Praksisvejledere – Distrikt Nord',
        request: { pool: 'praksisvejleder', poolOwner: 'nord', state: 'ny' },
      });
      // Signe is not a practice adviser: she no longer sees it.
      expect(forwarded.kind === 'done' && forwarded.view).toBe(null);
      expect(await service.viewFor(actor('signe'), requestId)).toBe(null);
      expect(await service.claim(actor('signe'), { requestId })).toEqual({ kind: 'not-found' });

      await step(service.claim(actor('ulla'), { requestId, version: 5 }), 'claimed');
      const closed = await service.close(actor('ulla'), { requestId, version: 6, note: 'Arbejdsmøde holdt 2.12.; planen justeret.' });
      expect(closed).toMatchObject({
        kind: 'done',
        action: 'afsluttet',
        view: { role: 'claimant', actions: [], request: { state: 'afsluttet', closingNote: 'Arbejdsmøde holdt 2.12.; planen justeret.' } },
      });
      // The claimant of a closed request may still open the case.
      expect(await service.claimantCanOpen(actor('ulla'), caseId)).toBe(true);

      const history = await service.history(actor('anders'), requestId);
      expect(history!.map((e) => [e.action, e.actorName, e.version])).toEqual([
        ['oprettet', 'Anders Skov', 1],
        ['taget', 'Niels Thorsen', 2],
        ['givet-fra-sig', 'Niels Thorsen', 3],
        ['taget', 'Signe Mortensen', 4],
        ['videresendt', 'Signe Mortensen', 5],
        ['taget', 'Ulla Mikkelsen', 6],
        ['afsluttet', 'Ulla Mikkelsen', 7],
      ]);
      const rows = await outboxOf(requestId);
      // The card went to the advisory team's channel (and the teacher's own copy), then (passed on) to Ulla's chat.
      expect(rows.filter((r) => r.kind === 'sparring-request').map((r) => [r.to, (r.payload as { version: number }).version])).toEqual([
        [RAADGIVENDE_CHANNEL_KEY, 1],
        [personalKey('anders'), 1],
        [personalKey('ulla'), 5],
      ]);
      expect(rows.filter((r) => r.kind === 'sparring-update').map((r) => (r.payload as { action: string }).action)).toEqual([
        'taget',
        'givet-fra-sig',
        'taget',
        'videresendt',
        'taget',
        'afsluttet',
      ]);
      expect(rows.filter((r) => r.kind === 'sparring-update').every((r) => r.to === personalKey('anders'))).toBe(true);

      // Final: a later click changes nothing and says so.
      expect(await service.claim(actor('ulla'), { requestId })).toMatchObject({
        kind: 'refused',
        reason: 'final',
        message: expect.stringContaining('Intet er ændret'),
      });
      expect(await service.reject(actor('ulla'), { requestId, reason: 'Alligevel' })).toMatchObject({ kind: 'refused', reason: 'final' });
      expect(await w.requests.events(requestId)).toHaveLength(7);
    });

    it('reject: by a member while new, by the claimant once taken, with a reason (CPR refused)', async () => {
      const a = await sendToAdvisoryTeam();
      expect(await service.reject(actor('signe'), { requestId: a.requestId, reason: '' })).toMatchObject({
        kind: 'invalid',
        errors: [{ field: 'reason' }],
      });
      const cpr = await service.reject(actor('signe'), { requestId: a.requestId, reason: `Barnet ${CPR}` });
      expect(cpr).toMatchObject({ kind: 'invalid', cprRefused: true });
      expect(JSON.stringify(cpr)).not.toContain(CPR);
      expect(await service.reject(actor('signe'), { requestId: a.requestId, reason: 'Hører hjemme hos PLC.' })).toMatchObject({
        kind: 'done',
        action: 'afvist',
        view: { request: { state: 'afvist', rejectionReason: 'Hører hjemme hos PLC.' } },
      });
      const b = await sendToAdvisoryTeam();
      await service.claim(actor('niels'), { requestId: b.requestId });
      expect(await service.reject(actor('signe'), { requestId: b.requestId, reason: 'x' })).toMatchObject({
        kind: 'refused',
        reason: 'not-claimant',
      });
      expect(await service.reject(actor('niels'), { requestId: b.requestId, reason: 'Kan ikke nå det før jul.' })).toMatchObject({
        kind: 'done',
        action: 'afvist',
      });
      expect((await w.requests.events(b.requestId)).map((e) => e.action)).toEqual(['oprettet', 'taget', 'afvist']);
    });

    it('an old card changes nothing (stale); forwarding only to a group of the case’s school or district', async () => {
      const { requestId } = await sendToAdvisoryTeam();
      await service.claim(actor('niels'), { requestId });
      expect(await service.close(actor('niels'), { requestId, version: 1 })).toMatchObject({
        kind: 'stale',
        view: { request: { state: 'taget', version: 2 } },
      });
      expect(await service.forward(actor('niels'), { requestId, version: 2, pool: 'raadgivende-team' })).toMatchObject({
        kind: 'refused',
        reason: 'same-pool',
      });
      expect(await service.forward(actor('niels'), { requestId, version: 2, forwardTo: 'skolepsykolog' })).toMatchObject({
        kind: 'bad-request',
      });
      const view = await service.viewFor(actor('niels'), requestId);
      expect(view?.forwardTo.map((p) => p.name)).toEqual([
        'PLC – Fjordbakkeskolen',
        'AKT – Fjordbakkeskolen',
        'Praksisvejledere – Distrikt Nord',
        'Familierådgivningen – Distrikt Nord',
      ]);
      expect(await service.forward(actor('niels'), { requestId, version: 2 })).toMatchObject({ kind: 'bad-request' });
      const toPlc = await service.forward(actor('niels'), { requestId, version: 2, forwardTo: 'plc' });
      expect(toPlc).toMatchObject({ kind: 'done', request: { pool: 'plc', poolOwner: 'fjordbakke' } });
      if (toPlc.kind === 'done')
        expect((await outboxOf(requestId)).filter((r) => r.kind === 'sparring-request').map((r) => r.to)).toEqual([
          RAADGIVENDE_CHANNEL_KEY,
          personalKey('anders'),
          PLC_CHANNEL_KEY,
        ]);
    });
  });

  describe('access', () => {
    it('a non-member cannot claim; a non-claimant cannot close, give back or pass on; nothing changes', async () => {
      const { requestId } = await sendToAdvisoryTeam();
      // The teacher sees the request but is not in the pool.
      expect(await service.claim(actor('anders'), { requestId })).toMatchObject({
        kind: 'refused',
        reason: 'not-member',
        view: { role: 'teacher' },
      });
      // Advisers of another pool who cannot see the case: not found, as for an unknown id.
      expect(await service.claim(actor('ulla'), { requestId })).toEqual({ kind: 'not-found' });
      expect(await service.claim(actor('lise'), { requestId })).toEqual({ kind: 'not-found' });
      await service.claim(actor('niels'), { requestId });
      for (const who of ['signe', 'anders', 'hanne'] as const) {
        expect(await service.close(actor(who), { requestId, note: 'x' })).toMatchObject({ kind: 'refused', reason: 'not-claimant' });
        expect(await service.release(actor(who), { requestId })).toMatchObject({ kind: 'refused', reason: 'not-claimant' });
        expect(await service.forward(actor(who), { requestId, pool: 'plc' })).toMatchObject({ kind: 'refused', reason: 'not-claimant' });
      }
      // Someone who may not act is told so; what they typed is not even read.
      expect(await service.close(actor('signe'), { requestId, note: `Barnet ${CPR}` })).toMatchObject({
        kind: 'refused',
        reason: 'not-claimant',
        message: expect.stringContaining('Niels Thorsen'),
      });
      expect(await w.requests.get(requestId)).toMatchObject({ state: 'taget', claimedBy: PEOPLE.niels, version: 2 });
      expect(await w.requests.events(requestId)).toHaveLength(2);
    });

    it('a card’s ids for another school’s request change nothing, for anyone there', async () => {
      const { requestId } = await sendToAdvisoryTeam();
      // Karen leads Nørre Strand in the same district; Søren is its PLC; Tina is PLC in district Syd.
      for (const who of ['karen', 'soeren', 'tina'] as const) {
        expect(await service.viewFor(actor(who), requestId)).toBe(null);
        expect(await service.claim(actor(who), { requestId })).toEqual({ kind: 'not-found' });
        expect(await service.reject(actor(who), { requestId, reason: 'x' })).toEqual({ kind: 'not-found' });
        expect(await service.forward(actor(who), { requestId, pool: 'plc' })).toEqual({ kind: 'not-found' });
        expect(await service.history(actor(who), requestId)).toBe(null);
      }
      // A member of the pool, but in another tenant: not the municipality's.
      expect(await service.claim(actor('niels', 'another-tenant'), { requestId })).toEqual({ kind: 'not-found' });
      expect(await service.claim(actor('niels'), { requestId: 'x' })).toMatchObject({ kind: 'bad-request' });
      expect(await service.claim(actor('niels'), { requestId: randomUUID() })).toEqual({ kind: 'not-found' });
      expect(await w.requests.get(requestId)).toMatchObject({ state: 'ny', version: 1 });
      expect(await w.requests.events(requestId)).toHaveLength(1);
    });

    it('each viewer sees the role and buttons that fit them', async () => {
      const { requestId, caseId } = await sendToAdvisoryTeam();
      await service.claim(actor('niels'), { requestId });
      const role = async (who: Parameters<typeof actor>[0]) => {
        const v = await service.viewFor(actor(who), requestId);
        return v && { role: v.role, actions: v.actions };
      };
      expect(await role('niels')).toEqual({ role: 'claimant', actions: ['release', 'forward', 'close', 'reject'] });
      expect(await role('signe')).toEqual({ role: 'pool-member', actions: [] });
      expect(await role('anders')).toEqual({ role: 'teacher', actions: [] });
      expect(await role('mette')).toEqual({ role: 'teacher', actions: [] });
      expect(await role('hanne')).toEqual({ role: 'leader', actions: [] });
      expect(await role('lise')).toBe(null);
      expect(await role('ulla')).toBe(null);
      // The case card of the teacher lists it; someone outside sees nothing.
      expect((await service.forCase(actor('anders'), caseId)).map((v) => v.request.id)).toEqual([requestId]);
      expect(await service.forCase(actor('karen'), caseId)).toEqual([]);
      expect(await service.claimantCanOpen(actor('signe'), caseId)).toBe(false);
      expect(await service.claimantCanOpen(actor('niels', 'another-tenant'), caseId)).toBe(false);
    });
  });

  describe('lists', () => {
    it('mine: what I have taken and not finished; open: the unclaimed of my pools', async () => {
      const a = await sendToAdvisoryTeam();
      const b = await sendToAdvisoryTeam();
      await service.claim(actor('signe'), { requestId: a.requestId });
      const mine = (await service.mine(actor('signe'))).map((v) => v.request.id);
      expect(mine).toContain(a.requestId);
      expect(mine).not.toContain(b.requestId);
      const open = await service.open(actor('niels'));
      expect(open.map((v) => v.request.id)).toContain(b.requestId);
      expect(open.map((v) => v.request.id)).not.toContain(a.requestId);
      expect(open.every((v) => v.role === 'pool-member' && v.actions.includes('claim'))).toBe(true);
      expect(await service.open(actor('anders'))).toEqual([]);
      expect((await service.open(actor('soeren'))).map((v) => v.request.id)).not.toContain(b.requestId);
    });
  });

  describe('SLA', () => {
    it('reminds a request unclaimed for two school days to the pool and the leaders, once per state', async () => {
      const { requestId } = await sendToAdvisoryTeam();
      // Sent Friday 9 October 2026 at 10:00, the day before the autumn holiday (10–18 October).
      await sql`update sparring_requests set routed_at = ${new Date('2026-10-09T08:00:00Z')} where id = ${requestId}`.execute(database.db);
      const dueIds = async (at: string) => (await service.slaDue(new Date(at))).map((d) => d.request.id);
      expect(await dueIds('2026-10-13T08:00:00Z')).not.toContain(requestId); // holiday: not a school day
      expect(await dueIds('2026-10-19T14:00:00Z')).not.toContain(requestId); // Monday: one school day
      expect(await dueIds('2026-10-20T07:59:00Z')).not.toContain(requestId); // Tuesday 09:59
      const due = await service.slaDue(new Date('2026-10-20T08:00:00Z'));
      expect(due.find((d) => d.request.id === requestId)?.deadline.toISOString()).toBe('2026-10-20T08:00:00.000Z');

      const first = await service.remindUnclaimed(new Date('2026-10-20T09:00:00Z'));
      expect(first.planned).toBeGreaterThanOrEqual(3);
      const reminders = (await outboxOf(requestId)).filter((r) => r.kind === 'sparring-reminder');
      expect(reminders.map((r) => [r.to, (r.payload as { audience: string }).audience])).toEqual([
        [RAADGIVENDE_CHANNEL_KEY, 'channel'],
        [personalKey('hanne'), 'leader'],
        [personalKey('per'), 'leader'],
      ]);
      expect(reminders.every((r) => r.key.startsWith(`sparring-reminder:${requestId}:v1:`))).toBe(true);
      // The next run, and the next day: nothing new for the same state.
      await service.remindUnclaimed(new Date('2026-10-20T09:01:00Z'));
      await service.remindUnclaimed(new Date('2026-10-21T09:00:00Z'));
      expect((await outboxOf(requestId)).filter((r) => r.kind === 'sparring-reminder')).toHaveLength(3);

      // Taken: no longer due. Given back: due again two school days later (a new version).
      now = new Date('2026-10-21T10:00:00Z');
      await service.claim(actor('niels'), { requestId });
      expect(await dueIds('2026-10-22T10:00:00Z')).not.toContain(requestId);
      await service.release(actor('niels'), { requestId });
      await sql`update sparring_requests set routed_at = ${new Date('2026-10-21T10:00:00Z')} where id = ${requestId}`.execute(database.db);
      expect(await dueIds('2026-10-23T09:59:00Z')).not.toContain(requestId);
      expect(await dueIds('2026-10-23T10:00:00Z')).toContain(requestId);
      await service.remindUnclaimed(new Date('2026-10-23T10:00:00Z'));
      const again = (await outboxOf(requestId)).filter((r) => r.kind === 'sparring-reminder');
      expect(again).toHaveLength(6);
      expect(again.slice(3).every((r) => r.key.startsWith(`sparring-reminder:${requestId}:v3:`))).toBe(true);
      now = NOW;
    });

    it('a reminder due outside working hours is sent at the next working-hours start', async () => {
      const { requestId } = await sendToAdvisoryTeam();
      // Monday 23 November at 18:00 → due Wednesday 18:00 → sent Thursday 07:30.
      await sql`update sparring_requests set routed_at = ${new Date('2026-11-23T17:00:00Z')} where id = ${requestId}`.execute(database.db);
      await service.remindUnclaimed(new Date('2026-11-25T17:30:00Z'));
      const rows = await database.db
        .selectFrom('outbox')
        .select(['due_at', 'expires_at'])
        .where('kind', '=', 'sparring-reminder')
        .where(sql<boolean>`payload->>'requestId' = ${requestId}`)
        .execute();
      expect(rows.length).toBe(3);
      for (const r of rows) expect(new Date(r.due_at).toISOString()).toBe('2026-11-26T06:30:00.000Z');
    });
  });
});
