import { describe, expect, it } from 'vitest';
import { OUTBOX_KINDS, type OutboxKind } from '../../../src/db/schema.js';
import type { OutboxMessage } from '../../../src/dispatch/outbox.repository.js';
import type { RenderContext } from '../../../src/proactive/kind.js';
import { OUTBOX_KIND_LABELS, PROACTIVE_KINDS, outboxKindLabel } from '../../../src/proactive/registry.js';
import { ProactiveRenderer } from '../../../src/proactive/renderer.js';

function row(kind: string, payload: Record<string, unknown>): OutboxMessage {
  const at = new Date('2030-03-04T08:00:00.000Z');
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind: kind as OutboxKind,
    tenantId: 'tenant',
    recipientKey: 'user:tenant:aad',
    recipientAadId: 'aad',
    payload,
    idempotencyKey: 'key',
    dueAt: at,
    expiresAt: null,
    state: 'sending',
    attempts: 0,
    nextAttemptAt: at,
    leaseOwner: 'me',
    leaseUntil: at,
    lastError: null,
    sentAt: null,
    activityId: null,
    conversationId: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Nothing is read for an unreadable payload or a plain message: a context that throws when touched. */
const untouched = new Proxy({} as RenderContext, {
  get(_target, name) {
    throw new Error(`the context was read (${String(name)})`);
  },
});

describe('the registry of proactive message kinds', () => {
  it('has one module for every name in OUTBOX_KINDS, and nothing else', () => {
    expect(Object.keys(PROACTIVE_KINDS).sort()).toEqual([...OUTBOX_KINDS].sort());
  });

  it('names every kind in Danish for the admin view, the sparring kinds too', () => {
    for (const kind of OUTBOX_KINDS) {
      expect(OUTBOX_KIND_LABELS[kind], kind).toMatch(/\S/);
      expect(OUTBOX_KIND_LABELS[kind]).not.toBe(kind);
      expect(PROACTIVE_KINDS[kind].plannedBy, kind).toMatch(/\S/);
      expect(outboxKindLabel(kind)).toBe(OUTBOX_KIND_LABELS[kind]);
    }
    expect(new Set(Object.values(OUTBOX_KIND_LABELS)).size).toBe(OUTBOX_KINDS.length);
    expect(OUTBOX_KIND_LABELS['evaluation-reminder']).toBe('Påmindelse om evaluering');
    expect(outboxKindLabel('an-old-kind')).toBe('an-old-kind');
    expect(outboxKindLabel('toString')).toBe('toString');
  });

  it.each(OUTBOX_KINDS.map((kind) => [kind]))('%s: an unreadable payload is obsolete, not a crash', async (kind) => {
    await expect(new ProactiveRenderer(untouched).render(row(kind, { nonsense: true }))).resolves.toEqual({
      kind: 'obsolete',
      reason: 'unreadable payload',
    });
  });

  it('sends a plain message as text, and finds a row of an unknown kind obsolete', async () => {
    const renderer = new ProactiveRenderer(untouched);
    await expect(renderer.render(row('message', { text: 'Hej' }))).resolves.toEqual({
      kind: 'send',
      activity: { type: 'message', text: 'Hej' },
    });
    await expect(renderer.render(row('no-such-kind', {}))).resolves.toMatchObject({ kind: 'obsolete' });
  });
});
