/**
 * Small checks on plain values that several layers make (repositories reading jsonb, access and
 * sparring comparing ids from Teams). Each is kept here once so the layers cannot drift apart.
 */

/** A UUID as the database makes them (ids of cases, plans, requests, outbox rows), any case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value is such an id: anything else (e.g. from a tampered card) is "no such row", never an SQL error. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** An object that is neither null nor an array: what a jsonb column holding an object reads as. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Whether two ids from Teams (`aadObjectId`, `tenantId`) are the same: Teams does not promise their
 * case, so they are compared case-insensitively. A missing id (null, undefined) is never the same.
 */
export function sameId(a: string | null | undefined, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}
