/**
 * Conversation references: what the bot needs to write to someone proactively. The whole
 * Bot Framework ConversationReference is stored as JSON (this module does not import botbuilder);
 * a reference that stopped working (user uninstalled, 403/404 from Teams) is marked unusable rather
 * than deleted, so the people the bot cannot reach can be listed.
 *
 * The display names in a reference (`user.name`, `bot.name`, `conversation.name`) come from Teams,
 * where people can edit them: they are stored cleaned (CPR-like numbers masked, control and format
 * characters removed, bounded; see `displayName`), like every other name the bot keeps.
 */
import { sql, type Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import { toJsonb } from '../db/json.js';
import type { ConversationRefsTable } from '../db/schema.js';
import { storableReference } from './storable-reference.js';

export interface ConversationRefInput {
  /** `user:<tenantId>:<aadObjectId>` for a personal chat, `conv:<conversationId>` otherwise. */
  key: string;
  tenantId: string;
  aadObjectId: string | null;
  conversationId: string;
  conversationType: string | null;
  /** The whole ConversationReference. */
  reference: unknown;
}

export interface ConversationRefRecord extends ConversationRefInput {
  usable: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function personalRefKey(tenantId: string, aadObjectId: string): string {
  return `user:${tenantId}:${aadObjectId}`;
}

export function conversationRefKey(conversationId: string): string {
  return `conv:${conversationId}`;
}

export class ConversationRefRepository {
  constructor(private readonly database: Database) {}

  /** Inserts or replaces the reference (its display names cleaned, see storableReference), and marks it usable again. */
  async upsert(input: ConversationRefInput): Promise<ConversationRefRecord> {
    const values = {
      tenant_id: input.tenantId,
      aad_object_id: input.aadObjectId,
      conversation_id: input.conversationId,
      conversation_type: input.conversationType,
      reference: toJsonb(storableReference(input.reference)),
      usable: true,
    };
    const row = await this.database.db
      .insertInto('conversation_refs')
      .values({ key: input.key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet({ ...values, updated_at: sql<Date>`clock_timestamp()` }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async get(key: string): Promise<ConversationRefRecord | null> {
    const row = await this.database.db.selectFrom('conversation_refs').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** Which of these keys have a usable reference (the admin's "who cannot be reached"). */
  async usableKeys(keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = await this.database.db
        .selectFrom('conversation_refs')
        .select('key')
        .where('key', 'in', chunk)
        .where('usable', '=', true)
        .execute();
      for (const row of rows) found.add(row.key);
    }
    return found;
  }

  /** Marks the reference as no longer working; false when there is none. */
  async markUnusable(key: string): Promise<boolean> {
    const rows = await this.database.db
      .updateTable('conversation_refs')
      .set({ usable: false, updated_at: sql<Date>`clock_timestamp()` })
      .where('key', '=', key)
      .returning('key')
      .execute();
    return rows.length > 0;
  }

  /** Deletes the reference; false when there was none. */
  async remove(key: string): Promise<boolean> {
    const rows = await this.database.db.deleteFrom('conversation_refs').where('key', '=', key).returning('key').execute();
    return rows.length > 0;
  }
}

function toRecord(row: Selectable<ConversationRefsTable>): ConversationRefRecord {
  return {
    key: row.key,
    tenantId: row.tenant_id,
    aadObjectId: row.aad_object_id,
    conversationId: row.conversation_id,
    conversationType: row.conversation_type,
    reference: row.reference,
    usable: row.usable,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
    updatedAt: row.updated_at instanceof Date ? row.updated_at : new Date(row.updated_at),
  };
}
