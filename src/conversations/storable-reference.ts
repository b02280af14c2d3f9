/**
 * How a conversation reference is stored: its display names cleaned, everything else as Teams sent
 * it. A module of its own, with no database import, because two writers use the same rule: the
 * repository on every upsert, and migration 0008, which cleans references stored before the rule
 * (the migrations must not import the repository, which imports the database that runs them).
 */
import { displayName } from '../domain/free-text.js';

const NAMED_PARTS = ['user', 'bot', 'conversation'] as const;

/**
 * The reference as it is stored: a copy whose display names are cleaned with `displayName` (a name
 * that is not a string is dropped). Everything else (ids, service URL, tenant) is kept as it is:
 * the bot needs it to reach the conversation.
 */
export function storableReference(reference: unknown): unknown {
  if (!reference || typeof reference !== 'object' || Array.isArray(reference)) return reference;
  const copy: Record<string, unknown> = { ...(reference as Record<string, unknown>) };
  for (const part of NAMED_PARTS) {
    const value = copy[part];
    if (!value || typeof value !== 'object' || Array.isArray(value) || !('name' in value)) continue;
    const { name, ...rest } = value as Record<string, unknown>;
    const cleaned = typeof name === 'string' ? displayName(name) : '';
    copy[part] = cleaned === '' ? rest : { ...rest, name: cleaned };
  }
  return copy;
}
