/**
 * Structured logs (pino). One line per turn with timing. Never free text from users, never CPR,
 * never names: user ids are logged only as a short one-way hash.
 *
 * Errors are where user text slips in unseen, so `err` (and `error`, `cause`) get a serializer of
 * our own instead of pino's, which copies every enumerable field of the error. A database error
 * carries the whole statement: PGlite's has `query`, `params` (every value of the row: a NUL byte
 * in one text field put all the others in the log) and `queryOptions`; PGlite's and pg's have
 * `detail` ("Key (…)=(…) already exists", "Failing row contains (…)"), `where`, `hint` and
 * `internalQuery`, which can quote values too. The serializer writes only what is known to be safe:
 * the error's class, its message with every quoted part removed (PostgreSQL quotes values in
 * messages such as `invalid input syntax for type integer: "…"`, and a JSON parse error quotes its
 * input) except the names of database objects, the SQLSTATE or Node error code, the HTTP status,
 * the constraint/table/column names, the stack frames (without the message line, which is written
 * once, redacted), and the same for its `cause` and an AggregateError's errors. CPR-like numbers are
 * masked in what remains.
 */
import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { maskCpr } from './domain/cpr.js';

export type { Logger };

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'indsatsguiden' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: safeError, error: safeError, cause: safeError },
      // Belt and braces: these keys must never reach a log line even if someone passes them.
      redact: { paths: ['text', '*.text', 'description', '*.description', 'name', '*.name', 'value', '*.value'], censor: '[fjernet]' },
    },
    destination ?? process.stdout,
  );
}

/** A stable, non-reversible short id for a user, so a turn can be followed in the logs. */
export function pseudonymousId(id: unknown): string | undefined {
  if (typeof id !== 'string' || !id) return undefined;
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}

/** What an error becomes in a log line (see the module comment). */
export interface SafeError {
  type: string;
  message: string;
  code?: string;
  status?: number;
  constraint?: string;
  table?: string;
  column?: string;
  stack?: string;
  cause?: SafeError;
  errors?: SafeError[];
}

const MAX_MESSAGE = 300;
const MAX_DEPTH = 3;
const MAX_AGGREGATED = 5;
/** A SQLSTATE (five digits/capitals) or a Node/library code such as ECONNREFUSED, ERR_INVALID_URL. */
const CODE = /^(?:[0-9A-Z]{5}|[A-Z][A-Z0-9_]{1,47})$/;
/** A database object's name as PostgreSQL prints it (unquoted form). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
/** Words after which PostgreSQL quotes a database object's name, never a value. */
const OBJECT_WORD =
  /\b(?:constraint|relation|column|table|type|schema|index|database|role|sequence|function|encoding|extension|view|trigger|savepoint)\s+$/i;
const QUOTED = /"[^"]*"|'[^']*'|`[^`]*`|“[^”]*”/g;

/** The error with only its safe parts (see the module comment); never throws. */
export function safeError(value: unknown): SafeError {
  return describe(value, 0);
}

function describe(value: unknown, depth: number): SafeError {
  if (!(value instanceof Error)) {
    // A thrown string, number or plain object may hold anything: only its kind is logged.
    return { type: value === null ? 'null' : typeof value, message: '(ikke et Error-objekt)' };
  }
  const error = value as unknown as Record<string, unknown>;
  const out: SafeError = { type: typeName(error), message: redactMessage(readString(error, 'message') ?? '') };
  const code = error.code;
  if (typeof code === 'string' && CODE.test(code)) out.code = code;
  const status = error.statusCode ?? error.status;
  if (typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599) out.status = status;
  for (const key of ['constraint', 'table', 'column'] as const) {
    const name = error[key];
    if (typeof name === 'string' && IDENTIFIER.test(name)) out[key] = name;
  }
  const stack = readString(error, 'stack');
  if (stack) {
    const frames = stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 20);
    if (frames.length > 0) out.stack = [`${out.type}: ${out.message}`, ...frames.map(maskCpr)].join('\n');
  }
  if (depth < MAX_DEPTH) {
    const cause = error.cause;
    if (cause !== undefined && cause !== value) out.cause = describe(cause, depth + 1);
    const errors = error.errors;
    if (Array.isArray(errors) && errors.length > 0) out.errors = errors.slice(0, MAX_AGGREGATED).map((e) => describe(e, depth + 1));
  }
  return out;
}

function typeName(error: Record<string, unknown>): string {
  // pg-protocol's error (PGlite's is minified to a one-letter class) is named after the message: 'error'.
  if (typeof error.severity === 'string' && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code)) return 'DatabaseError';
  const ctor = (error as { constructor?: { name?: unknown } }).constructor;
  const name = typeof ctor?.name === 'string' && ctor.name !== 'Object' ? ctor.name : readString(error, 'name');
  return name && IDENTIFIER.test(name) ? name : 'Error';
}

/** A string property read defensively (a getter may throw; a proxy may lie). */
function readString(error: Record<string, unknown>, key: string): string | undefined {
  try {
    const v = error[key];
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The message without what may be input: quoted parts are replaced by "…" unless they name a
 * database object (`constraint "cases_pkey"`), CPR-like numbers are masked, control characters
 * dropped, and the length bounded.
 */
export function redactMessage(message: string): string {
  const unquoted = message.replace(QUOTED, (quoted: string, offset: number) => {
    const inner = quoted.slice(1, -1);
    return IDENTIFIER.test(inner) && OBJECT_WORD.test(message.slice(0, offset)) ? quoted : '"…"';
  });
  // eslint-disable-next-line no-control-regex
  const clean = maskCpr(unquoted).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}
