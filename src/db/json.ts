/**
 * JSON values for jsonb columns.
 *
 * Values are always sent as JSON text: `pg` would send a JS array as a PostgreSQL array literal,
 * and PGlite passes a string parameter for a jsonb column through unchanged, so text is the one
 * encoding that means the same on both engines.
 *
 * PostgreSQL's jsonb rejects two things JSON.stringify happily produces: the NUL character
 * (`\u0000`) and lone UTF-16 surrogates. Both can arrive in text a user typed, and nothing a user
 * types may make a save fail, so NUL is dropped and a lone surrogate becomes U+FFFD, in keys and
 * values alike.
 */

// JSON.stringify escapes NUL as \u0000 and a lone surrogate as \udXXX (well-formed stringify);
// a valid surrogate pair is written as raw characters, so only these escapes need a second look.
const SUSPECT_ESCAPE = /\\u(?:0000|d[89a-f])/i;
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function cleanString(text: string): string {
  return text.replace(NUL, '').replace(LONE_SURROGATE, '\ufffd');
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return cleanString(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[cleanString(key)] = clean(inner);
    return out;
  }
  return value;
}

/** Serialises a value for a jsonb column (see the module comment). `undefined` becomes JSON null. */
export function toJsonb(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  if (!SUSPECT_ESCAPE.test(json)) return json;
  // Round-trip through JSON first so toJSON() (e.g. Date) and undefined-dropping apply as usual.
  return JSON.stringify(clean(JSON.parse(json)));
}
