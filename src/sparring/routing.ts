/**
 * Routing of sparring requests: which groups a school and its district offer, which pools a person
 * is in, where a pool's requests land (its Teams channel when the directory names one, else each
 * member's personal chat), and the outbox rows that carry the request card there and tell the
 * teacher what happened. Pure lookups in the directory plus the enqueues, always into the caller's
 * transaction: one unit, because every other part of the service asks these questions.
 */
import { sameId as same } from '../domain/values.js';
import { SPARRING_POOLS, isDistrictPool, isSchoolPool, poolName, type SparringEventAction, type SparringPool } from '../domain/sparring.js';
import type { Actor } from '../domain/actor.js';
import { conversationRefKey, personalRefKey } from '../conversations/conversation-ref.repository.js';
import type { OutboxExecutor, OutboxRepository } from '../dispatch/outbox.repository.js';
import type { DirectoryLookup, PoolRef } from '../directory/lookup.js';
import type { PoolKey, SparringRequestRecord } from './sparring.repository.js';
import type { PoolOption, SparringAudience, SparringRequestPayload, SparringUpdatePayload } from './sparring.types.js';

/** Case-insensitive equality of AAD ids and tenant ids (a missing id equals nothing). */
export interface Recipient {
  key: string;
  aadId: string | null;
  audience: SparringAudience | 'leader';
}

export interface Route {
  audience: SparringAudience;
  recipients: Recipient[];
}

/** The pool `pool` of the case's school (school pools) or of its district; undefined for an unknown school. */
export function poolKeyFor(lookup: DirectoryLookup, schoolId: string, pool: SparringPool): PoolKey | undefined {
  const school = lookup.school(schoolId);
  if (!school) return undefined;
  return isSchoolPool(pool) ? { pool, owner: school.id } : { pool, owner: school.district };
}

export function poolRefOf(key: PoolKey): PoolRef {
  return isSchoolPool(key.pool)
    ? { kind: 'school', schoolId: key.owner, pool: key.pool }
    : { kind: 'district', districtId: key.owner, pool: key.pool as Exclude<SparringPool, 'plc' | 'akt'> };
}

export function ownerName(lookup: DirectoryLookup, pool: SparringPool, owner: string): string {
  return (isSchoolPool(pool) ? lookup.school(owner)?.name : lookup.district(owner)?.name) ?? owner;
}

/** The groups of a school and its district that have members, in the order of SPARRING_POOLS. */
export function poolOptions(lookup: DirectoryLookup, schoolId: string): PoolOption[] {
  const out: PoolOption[] = [];
  for (const pool of SPARRING_POOLS) {
    const key = poolKeyFor(lookup, schoolId, pool);
    if (!key) continue;
    const ref = poolRefOf(key);
    if (lookup.poolMembers(ref).length === 0) continue;
    out.push({
      pool,
      name: poolName(pool, ownerName(lookup, pool, key.owner)),
      outsideSchool: isDistrictPool(pool),
      hasChannel: lookup.poolChannel(ref) !== undefined,
    });
  }
  return out;
}

/** Whether the actor is the only member of the pool `pool` of the case's school or district (a request would go to herself). */
export function isOnlyMember(lookup: DirectoryLookup, schoolId: string, pool: SparringPool, actor: Actor): boolean {
  const key = poolKeyFor(lookup, schoolId, pool);
  const members = key ? lookup.poolMembers(poolRefOf(key)) : [];
  return members.length > 0 && members.every((p) => same(p.aadObjectId, actor.userId));
}

/** A case's team as its cards name it, "4.B – Fjordbakkeskolen"; null when the directory does not know it. */
export function teamTitleOf(lookup: DirectoryLookup, c: { schoolId: string | null; teamId: string | null }): string | null {
  if (!c.schoolId || !c.teamId) return null;
  const team = lookup.team({ schoolId: c.schoolId, teamId: c.teamId });
  const school = lookup.school(c.schoolId);
  return team && school ? `${team.name} – ${school.name}` : null;
}

/** The pools the directory puts the actor in. */
export function poolsOf(lookup: DirectoryLookup, actor: Actor): PoolKey[] {
  return lookup
    .rolesOf(actor.userId)
    .adviserIn.map((ref) => (ref.kind === 'school' ? { pool: ref.pool, owner: ref.schoolId } : { pool: ref.pool, owner: ref.districtId }));
}

export function isPoolMember(
  lookup: DirectoryLookup,
  actor: Actor,
  request: Pick<SparringRequestRecord, 'pool' | 'poolOwner' | 'tenantId'>,
): boolean {
  if (!lookup.isKnownTenant(actor.tenantId) || !same(request.tenantId, actor.tenantId)) return false;
  const ref = poolRefOf({ pool: request.pool, owner: request.poolOwner });
  return lookup.poolMembers(ref).some((p) => same(p.aadObjectId, actor.userId));
}

/** Where a pool's requests land: its channel when the directory names one, else each member's personal chat. */
export function routeOf(lookup: DirectoryLookup, key: PoolKey, tenantId: string): Route {
  const ref = poolRefOf(key);
  const channel = lookup.poolChannel(ref);
  if (channel)
    return { audience: 'channel', recipients: [{ key: conversationRefKey(channel.channelId), aadId: null, audience: 'channel' }] };
  return {
    audience: 'member',
    recipients: lookup.poolMembers(ref).map((p) => {
      const aadId = p.aadObjectId.toLowerCase();
      return { key: personalRefKey(tenantId, aadId), aadId, audience: 'member' as const };
    }),
  };
}

export function poolNameOf(lookup: DirectoryLookup, request: Pick<SparringRequestRecord, 'pool' | 'poolOwner'>): string {
  return poolName(request.pool, ownerName(lookup, request.pool, request.poolOwner));
}

/** The request card to the pool (its channel, else each member). */
export async function enqueueRequest(
  outbox: OutboxRepository,
  trx: OutboxExecutor,
  request: SparringRequestRecord,
  route: Route,
  now: Date,
): Promise<void> {
  for (const recipient of route.recipients) {
    const payload: SparringRequestPayload = { requestId: request.id, version: request.version, audience: route.audience };
    await outbox.enqueue(
      {
        kind: 'sparring-request',
        tenantId: request.tenantId,
        recipientKey: recipient.key,
        recipientAadId: recipient.aadId,
        payload,
        idempotencyKey: `sparring-request:${request.id}:v${request.version}:${recipient.key}`,
        dueAt: now,
      },
      trx,
    );
  }
}

/** Tells the teacher who sent the request what happened to it (not when they did it themselves). */
export async function enqueueUpdate(
  outbox: OutboxRepository,
  trx: OutboxExecutor,
  request: SparringRequestRecord,
  action: SparringEventAction,
  actor: Actor,
  now: Date,
): Promise<void> {
  if (same(request.requestedBy, actor.userId)) return;
  const key = personalRefKey(request.tenantId, request.requestedBy);
  const payload: SparringUpdatePayload = { requestId: request.id, version: request.version, action, audience: 'requester' };
  await outbox.enqueue(
    {
      kind: 'sparring-update',
      tenantId: request.tenantId,
      recipientKey: key,
      recipientAadId: request.requestedBy,
      payload,
      idempotencyKey: `sparring-update:${request.id}:v${request.version}:${key}`,
      dueAt: now,
    },
    trx,
  );
}
