/**
 * What the bot's administrators (the directory's `admins`) see and do: who the bot cannot reach
 * yet (people in the directory without a usable conversation reference: they have not installed
 * the app, or removed it), the messages that failed, the outbox's counts, and reloading the
 * directory without a restart. Everyone else is refused.
 */
import type { DirectoryStore } from '../directory/load.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { Actor } from '../domain/actor.js';
import { personalRefKey, type ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import type { AdminStatusCardData } from '../cards/index.js';
import { outboxKindLabel } from '../proactive/registry.js';
import type { Logger } from '../log.js';

export type ReloadOutcome = { ok: true; people: number; schools: number } | { ok: false; errors: string[] };

export interface AdminDeps {
  store: DirectoryStore;
  refs: ConversationRefRepository;
  outbox: OutboxRepository;
  logger: Logger;
  /** When the directory in use was loaded (start-up or the last successful reload). */
  loadedAt: () => Date;
  onReloaded: (at: Date) => void;
}

/** The roles a person holds, in words, for the admin's list. */
export function describeRoles(lookup: DirectoryLookup, aadObjectId: string): string {
  const r = lookup.rolesOf(aadObjectId);
  const parts: string[] = [];
  if (r.leaderOf.length) parts.push(`skoleleder (${r.leaderOf.map((id) => lookup.school(id)?.name ?? id).join(', ')})`);
  if (r.teacherOf.length) parts.push(`team ${r.teacherOf.map((t) => t.teamName).join(', ')}`);
  if (r.adviserIn.length) parts.push('vejleder');
  if (r.districtCouncilOf.length) parts.push('distriktsråd');
  if (r.forvaltning) parts.push('forvaltning');
  if (r.admin) parts.push('administrator');
  return parts.join(' · ') || 'ingen rolle';
}

export class AdminService {
  constructor(private readonly deps: AdminDeps) {}

  isAdmin(actor: Actor): boolean {
    const lookup = this.deps.store.lookup();
    return lookup.isKnownTenant(actor.tenantId) && lookup.rolesOf(actor.userId).admin;
  }

  /** The admin status card's data; null for anyone who is not an administrator. */
  async status(actor: Actor): Promise<AdminStatusCardData | null> {
    if (!this.isAdmin(actor)) return null;
    const lookup = this.deps.store.lookup();
    const tenantId = lookup.directory.tenantId;
    const people = lookup.directory.people;
    const usable = await this.deps.refs.usableKeys(people.map((p) => personalRefKey(tenantId, p.aadObjectId.toLowerCase())));
    const unreachable = people
      .filter((p) => !usable.has(personalRefKey(tenantId, p.aadObjectId.toLowerCase())))
      .map((p) => ({ displayName: p.displayName, roles: describeRoles(lookup, p.aadObjectId) }));
    const [failed, counts] = await Promise.all([this.deps.outbox.failed(20), this.deps.outbox.countsByState()]);
    return {
      directory: {
        file: this.deps.store.path,
        loadedAt: this.deps.loadedAt(),
        people: people.length,
        schools: lookup.directory.schools.length,
      },
      unreachable,
      failed: failed.map((m) => ({
        // The kind in words from the one list of labels (the card cannot import src/proactive, which imports the cards).
        kindLabel: outboxKindLabel(m.kind),
        recipient: (m.recipientAadId && lookup.person(m.recipientAadId)?.displayName) ?? 'en kanal eller ukendt person',
        attempts: m.attempts,
        lastError: m.lastError,
        at: m.updatedAt,
      })),
      counts: { ...counts },
    };
  }

  /** Reloads the directory file; on a bad file the directory in use is kept and the problems returned. Null: not an admin. */
  reload(actor: Actor): ReloadOutcome | null {
    if (!this.isAdmin(actor)) return null;
    return reloadDirectory(this.deps.store, this.deps.logger, this.deps.onReloaded);
  }
}

/** Reloads the directory (the admin's button, SIGHUP); logs the outcome without any names. */
export function reloadDirectory(store: DirectoryStore, logger: Logger, onReloaded: (at: Date) => void): ReloadOutcome {
  const result = store.reload();
  if (!result.ok) {
    logger.warn({ file: store.path, problems: result.errors.length }, 'directory reload refused: the directory in use is kept');
    return { ok: false, errors: result.errors };
  }
  onReloaded(new Date());
  logger.info({ file: store.path, people: result.directory.people.length, schools: result.directory.schools.length }, 'directory reloaded');
  return { ok: true, people: result.directory.people.length, schools: result.directory.schools.length };
}
