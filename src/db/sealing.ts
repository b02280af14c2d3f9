/**
 * Free text at rest: what a teacher, a leader or an adviser writes (a concern's description, a
 * plan's goals, a request's summary, a note) is sealed with AES-256-GCM before it reaches the
 * database and opened after it is read. A copy of the database, a backup or a curious database
 * administrator sees only ciphertext; the keys live in the settings (ENCRYPTION_KEY), not in the
 * database.
 *
 * A sealed value is one string that carries its key's id, so old values stay readable while keys
 * are rotated (`npm run keys -- rotate` re-seals every value under the current key):
 *
 *     enc:v1:<key id>:<12-byte IV, base64url>:<ciphertext and 16-byte tag, base64url>
 *
 * The header (`enc:v1:<key id>`) is the additional authenticated data, so a value cannot be moved
 * to another key id, and a changed byte anywhere fails to open instead of opening as other text.
 *
 * JSON columns keep the few keys SQL needs in clear (ids the outbox is searched by, the safety
 * answers the leaders' list sorts by) and seal everything else as one value under `$sealed`
 * (sealJson/openJson); which keys those are is written once per column in sealed-columns.ts.
 * Nothing searches or counts by a sealed value: the figures come from structured columns.
 *
 * Values written before encryption existed are read as they are (a string without the header, a
 * JSON value without `$sealed`) until the rotation seals them.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { toJsonb } from './json.js';

const PREFIX = 'enc:v1:';
const KEY_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_DISTINCT_BYTES = 16;
/** The whole envelope; IV 12 bytes → 16 base64url characters, ciphertext+tag ≥ 16 bytes → ≥ 22. */
const ENVELOPE = /^enc:v1:([a-z0-9][a-z0-9-]{0,31}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

/** The key id of the development key: refused with BOT_ID (see config.ts). */
export const DEVELOPMENT_KEY_ID = 'udvikling';
const DEVELOPMENT_KEY = createHash('sha256').update('Indsatsguiden: udviklingsnøgle, kun til lokale testdata').digest();

/** The development key as a key line (it is public: it is in this file), for tests of its refusal. */
export function developmentKeySpec(id = DEVELOPMENT_KEY_ID): string {
  return `${id}:${DEVELOPMENT_KEY.toString('base64')}`;
}

export class KeySpecError extends Error {
  override name = 'KeySpecError';
}

/** A value that does not open: a changed byte, or a key id this ring does not hold. */
export class SealedValueError extends Error {
  override name = 'SealedValueError';
}

/** `<id>:<32 bytes in base64>`, e.g. from `npm run keys -- new`. */
export function parseKeySpec(spec: string): { id: string; key: Buffer } {
  const at = spec.indexOf(':');
  const id = at > 0 ? spec.slice(0, at).trim() : '';
  const material = at > 0 ? spec.slice(at + 1).trim() : '';
  if (!KEY_ID.test(id)) {
    throw new KeySpecError(
      'skal være <id>:<nøgle>, hvor id er små bogstaver, tal og bindestreg (fx 2027-01:…); lav en med `npm run keys -- new`',
    );
  }
  const key = Buffer.from(material, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64').replace(/=+$/, '') !== material.replace(/=+$/, '')) {
    throw new KeySpecError(`nøglen "${id}" skal være 32 tilfældige bytes i base64 (44 tegn); lav en med \`npm run keys -- new\``);
  }
  // 32 random bytes hold about 30 distinct values; a typed or patterned "key" (all zeros, a
  // repeated word) far fewer. The chance that a random key has fewer than 16 is below 1e-9.
  if (new Set(key).size < MIN_DISTINCT_BYTES) {
    throw new KeySpecError(`nøglen "${id}" er ikke tilfældig nok; lav en med \`npm run keys -- new\``);
  }
  return { id, key };
}

/** A fresh key line for the settings: `<id>:<base64>`; the id defaults to today's date. */
export function newKeySpec(id = new Date().toISOString().slice(0, 10)): string {
  if (!KEY_ID.test(id)) throw new KeySpecError(`ugyldigt nøgle-id "${id}"`);
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && ENVELOPE.test(value);
}

/** The key id a sealed value was sealed with; null for a value that is not sealed. */
export function keyIdOf(value: unknown): string | null {
  return typeof value === 'string' ? (ENVELOPE.exec(value)?.[1] ?? null) : null;
}

/** The keys: the current one seals, every one opens. */
export class KeyRing {
  // A #private field: util.inspect and JSON.stringify of a config never show the key bytes.
  readonly #keys: ReadonlyMap<string, Buffer>;

  private constructor(
    readonly currentId: string,
    keys: Map<string, Buffer>,
  ) {
    this.#keys = keys;
  }

  /** The current key and, while rotating, the previous ones (comma-separated key lines). */
  static fromSpecs(current: string, previous: readonly string[] = []): KeyRing {
    const first = parseKeySpec(current);
    const keys = new Map([[first.id, first.key]]);
    for (const spec of previous) {
      const { id, key } = parseKeySpec(spec);
      if (keys.has(id)) throw new KeySpecError(`nøgle-id'et "${id}" står to gange`);
      keys.set(id, key);
    }
    return new KeyRing(first.id, keys);
  }

  /** The fixed development key: local anonymous mode and tests only (config.ts refuses it with BOT_ID). */
  static development(): KeyRing {
    return new KeyRing(DEVELOPMENT_KEY_ID, new Map([[DEVELOPMENT_KEY_ID, DEVELOPMENT_KEY]]));
  }

  get ids(): readonly string[] {
    return [...this.#keys.keys()];
  }

  /** Whether this ring holds the development key (refused in production). */
  usesDevelopmentKey(): boolean {
    return [...this.#keys.values()].some((key) => key.equals(DEVELOPMENT_KEY));
  }

  seal(text: string): string {
    const key = this.#keys.get(this.currentId) as Buffer;
    const header = `${PREFIX}${this.currentId}`;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(header));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${header}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  /** Opens a sealed value; a string that is not sealed (written before encryption) is returned as it is. */
  open(value: string): string {
    const match = ENVELOPE.exec(value);
    if (!match) return value;
    const [, id = '', iv = '', body = ''] = match;
    const key = this.#keys.get(id);
    if (!key) throw new SealedValueError(`Værdien er krypteret med nøglen "${id}", som ikke er sat (ENCRYPTION_PREVIOUS_KEYS).`);
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < TAG_BYTES) throw new SealedValueError('En krypteret værdi er afkortet.');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${PREFIX}${id}`));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedValueError(`En krypteret værdi (nøgle "${id}") kan ikke åbnes: den er ændret, eller nøglen er en anden.`);
    }
  }

  /**
   * A keyed digest (HMAC-SHA-256 under a key derived from the current one), hex: recognises the
   * same text again (e.g. a sparring request sent twice) without storing a plain hash that a
   * reader of the database could test guesses against. It changes with the current key.
   */
  fingerprint(text: string): string {
    const key = this.#keys.get(this.currentId) as Buffer;
    const derived = createHmac('sha256', key).update('indsatsguiden:fingerprint:v1').digest();
    return createHmac('sha256', derived).update(text, 'utf8').digest('hex');
  }

  sealNullable(text: string | null): string | null {
    return text === null ? null : this.seal(text);
  }

  openNullable(value: string | null): string | null {
    return value === null ? null : this.open(value);
  }
}

// ── JSON columns ────────────────────────────────────────────────────────────────────────────────

/**
 * Which keys of a JSON value stay in clear: `true` keeps the value as it is; an object spec keeps
 * that key's object split the same way; `[spec]` splits each element of that key's array.
 */
export interface ClearSpec {
  readonly [key: string]: true | ClearSpec | readonly [ClearSpec];
}

const SEALED_KEY = '$sealed';
/** A value that is not an object (or has no clear keys at all) is sealed whole under this key. */
const WHOLE_KEY = '$sealedValue';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Seals a JSON value for a jsonb column, keeping `clear`'s keys readable for SQL. */
export function sealJson(ring: KeyRing, value: unknown, clear: ClearSpec = {}): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (!isPlainObject(value) || Object.keys(clear).length === 0) return { [WHOLE_KEY]: ring.seal(toJsonb(value)) };
  if (SEALED_KEY in value || WHOLE_KEY in value) throw new Error('sealJson: the value is sealed already');
  const out: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const spec = Object.hasOwn(clear, key) ? clear[key] : undefined;
    if (spec === undefined) rest[key] = inner;
    else if (spec === true) out[key] = inner;
    else if (Array.isArray(spec))
      out[key] = Array.isArray(inner) ? inner.map((item) => splitElement(ring, item, spec[0] as ClearSpec)) : inner;
    else out[key] = isPlainObject(inner) ? splitElement(ring, inner, spec as ClearSpec) : inner;
  }
  // toJsonb: the same NUL and lone-surrogate cleaning as a value stored in clear (json.ts).
  if (Object.keys(rest).length > 0) out[SEALED_KEY] = ring.seal(toJsonb(rest));
  return out;
}

function splitElement(ring: KeyRing, value: unknown, clear: ClearSpec): unknown {
  return isPlainObject(value) ? sealJson(ring, value, clear) : value;
}

/** Opens what sealJson sealed (anywhere in the value); a value without sealed parts is returned as it is. */
export function openJson(ring: KeyRing, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => openJson(ring, item));
  if (!isPlainObject(value)) return value;
  const whole = value[WHOLE_KEY];
  if (typeof whole === 'string' && Object.keys(value).length === 1) return JSON.parse(ring.open(whole)) as unknown;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (key !== SEALED_KEY) out[key] = openJson(ring, inner);
  const sealed = value[SEALED_KEY];
  if (typeof sealed === 'string') Object.assign(out, JSON.parse(ring.open(sealed)) as Record<string, unknown>);
  return out;
}

/** Every sealed string inside a stored value (text or JSON), for the rotation's and the tests' checks. */
export function sealedStrings(value: unknown): string[] {
  if (typeof value === 'string') return isSealed(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(sealedStrings);
  if (!isPlainObject(value)) return [];
  return Object.values(value).flatMap(sealedStrings);
}

/**
 * Whether a stored JSON value is not what sealJson would write under the current key: a part in
 * clear that `clear` does not name (written before encryption), or a part sealed with an older key.
 */
export function jsonNeedsSealing(ring: KeyRing, value: unknown, clear: ClearSpec = {}): boolean {
  return !sealedShape(value, clear, (id) => id === ring.currentId);
}

/** Whether a stored JSON value has a part in clear that `clear` does not name (written before encryption). */
export function jsonHasClearPart(value: unknown, clear: ClearSpec = {}): boolean {
  return !sealedShape(value, clear, (id) => id !== null);
}

/** Whether the value has sealJson's shape for `clear`, every sealed part under a key `accept` takes. */
function sealedShape(value: unknown, clear: ClearSpec, accept: (id: string | null) => boolean): boolean {
  if (value === null || value === undefined) return true;
  if (!isPlainObject(value) || Object.keys(clear).length === 0) {
    return isPlainObject(value) && Object.keys(value).length === 1 && accept(keyIdOf(value[WHOLE_KEY]));
  }
  // Sealed whole (a value that was not an object when it was sealed): as good, whatever the clear keys.
  if (WHOLE_KEY in value) return Object.keys(value).length === 1 && accept(keyIdOf(value[WHOLE_KEY]));
  for (const [key, inner] of Object.entries(value)) {
    if (key === SEALED_KEY) {
      if (!accept(keyIdOf(inner))) return false;
      continue;
    }
    const spec = Object.hasOwn(clear, key) ? clear[key] : undefined;
    if (spec === undefined) return false;
    if (spec === true) continue;
    const parts = Array.isArray(spec) ? (Array.isArray(inner) ? inner : []) : [inner];
    const element = (Array.isArray(spec) ? spec[0] : spec) as ClearSpec;
    if (parts.some((part) => isPlainObject(part) && !sealedShape(part, element, accept))) return false;
  }
  return true;
}

/** Whether a stored text value is not sealed under the current key (clear text, or an older key). */
export function textNeedsSealing(ring: KeyRing, value: string | null): boolean {
  return value !== null && keyIdOf(value) !== ring.currentId;
}

/** Opens every sealed part of any stored value (a row read generically, e.g. for insight or a test's scan). */
export function openAny(ring: KeyRing, value: unknown): unknown {
  if (typeof value === 'string') return ring.open(value);
  return openJson(ring, value);
}
