/**
 * The environment, parsed once with zod. The process refuses to start on an invalid value and says
 * which variable and why (in Danish, for the IT administrator reading the log). The result is
 * frozen and passed in; nothing else reads process.env.
 */
import path from 'node:path';
import { z } from './domain/zod.js';
import { isIsoDate, isWallTime, zonedTime } from './domain/calendar.js';
import { EXAMPLE_DIRECTORY_FILE } from './directory/load.js';
import { KeyRing, KeySpecError, parseKeySpec } from './db/sealing.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

/** The local time the playground's clock starts at: "2027-01-14T07:25" in Europe/Copenhagen. */
const PLAYGROUND_TIME_ZONE = 'Europe/Copenhagen';
function isLocalMinute(value: string): boolean {
  const [date = '', time = '', ...rest] = value.split('T');
  return rest.length === 0 && isIsoDate(date) && isWallTime(time);
}

/** An OpenID metadata address: https, or http on the loopback interface (a test's own key server). */
function isMetadataUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
}

/** A key line, checked without ever putting the key into the message. */
function keySpec(spec: string, ctx: z.RefinementCtx): void {
  try {
    parseKeySpec(spec);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof KeySpecError ? error.message : 'er ikke en gyldig nøgle' });
  }
}

/** Whether the keys (valid or not: their own checks report that) hold the development key's bytes, under any id. */
function usesDevelopmentKey(current: string, previous: readonly string[]): boolean {
  try {
    return KeyRing.fromSpecs(current, previous).usesDevelopmentKey();
  } catch {
    return false;
  }
}

const MAKE_A_KEY =
  'lav en nøgle med `npm run keys -- new`, gem den i jeres hemmelighedsboks (fx Azure Key Vault) og sæt ENCRYPTION_KEY til linjen, den skriver';

const EnvSchema = z
  .object({
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).default('./data')),
    DATABASE_URL: optional(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, { message: 'skal være en PostgreSQL-forbindelsesstreng (postgres://bruger@vært:5432/database)' }),
    ),
    BOT_ID: optional(z.string().regex(GUID, { message: 'skal være bot-registreringens app-id (en GUID)' })),
    BOT_PASSWORD: optional(z.string().min(1)),
    BOT_TENANT_ID: optional(z.string().regex(GUID, { message: 'skal være et Microsoft 365 tenant-id (en GUID)' })),
    LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
    PLAYBOOK_FILE: optional(z.string().min(1)),
    DIRECTORY_FILE: optional(z.string().min(1)),
    DISPATCH_TENANT_RATE: int(1, 1000, 30),
    DISPATCH_MAX_ATTEMPTS: int(1, 100, 8),
    DISPATCH_LEASE_SECONDS: int(5, 3600, 60),
    DISPATCH_POLL_MS: int(50, 60_000, 1000),
    DISPATCH_BATCH_SIZE: int(1, 1000, 50),
    DISPATCH_CONCURRENCY: int(1, 256, 16),
    SCHEDULER_INTERVAL_SECONDS: int(5, 3600, 60),
    DISPATCHER: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).default('on')),
    START_WAIT_SECONDS: int(0, 60, 10),
    ACCESS_LOG_RETENTION_MONTHS: int(1, 120, 6),
    RETENTION_CLOSED_MONTHS: int(1, 120, 12),
    RETENTION_UNTOUCHED_MONTHS: int(1, 240, 24),
    RETENTION_WARNING_DAYS: int(1, 180, 30),
    RETENTION_LEAVER_GRACE_DAYS: int(1, 365, 30),
    REPLY_TIMEOUT_SECONDS: int(1, 14, 8),
    /** The key free text is encrypted with (`<id>:<base64>`, from `npm run keys -- new`); required with BOT_ID. */
    ENCRYPTION_KEY: optional(z.string().superRefine(keySpec)),
    /** Earlier keys, comma-separated, still needed to read values until `npm run keys -- rotate` has run. */
    ENCRYPTION_PREVIOUS_KEYS: optional(
      z
        .string()
        .transform((v) =>
          v
            .split(',')
            .map((k) => k.trim())
            .filter((k) => k !== ''),
        )
        .superRefine((specs, ctx) => specs.forEach((spec) => keySpec(spec, ctx))),
    ),
    BOT_OPENID_METADATA_URL: optional(
      z.string().refine(isMetadataUrl, { message: 'skal være en https-adresse (http kun på 127.0.0.1, ::1 eller localhost)' }),
    ),
    /** Set by `npm run playground` for the bot it starts: loopback only, whatever else is set. */
    PLAYGROUND: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).default('off')),
    /** `npm run playground -- --at …`: the bot's clock starts at this local time and runs on from there. */
    PLAYGROUND_CLOCK_START: optional(
      z.string().refine(isLocalMinute, { message: 'skal være et lokalt tidspunkt i København, fx 2027-01-14T07:25' }),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.BOT_ID && !env.BOT_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_PASSWORD'],
        message: 'skal sættes, når BOT_ID er sat (bot-registreringens klienthemmelighed)',
      });
    }
    if (env.BOT_ID && !env.ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_KEY'],
        message: `mangler: med BOT_ID krypteres fritekst med jeres egen nøgle; ${MAKE_A_KEY}`,
      });
    }
    if (env.BOT_ID && env.ENCRYPTION_KEY && usesDevelopmentKey(env.ENCRYPTION_KEY, env.ENCRYPTION_PREVIOUS_KEYS ?? [])) {
      ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEY'], message: `udviklingsnøglen bruges ikke med BOT_ID; ${MAKE_A_KEY}` });
    }
    if (!env.ENCRYPTION_KEY && env.ENCRYPTION_PREVIOUS_KEYS?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_PREVIOUS_KEYS'],
        message: 'bruges kun sammen med ENCRYPTION_KEY (den nøgle, der krypterer nu)',
      });
    }
    if (!env.BOT_ID && env.BOT_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['BOT_ID'], message: 'mangler: BOT_PASSWORD er sat uden BOT_ID' });
    }
    // A moved clock would send reminders to real people at the wrong time: only for a local demonstration.
    if (env.PLAYGROUND_CLOCK_START && env.BOT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['PLAYGROUND_CLOCK_START'],
        message: 'bruges kun i lokal anonym tilstand: med BOT_ID taler botten med rigtige mennesker og skal have det rigtige ur',
      });
    } else if (env.PLAYGROUND_CLOCK_START && env.PLAYGROUND !== 'on') {
      ctx.addIssue({
        code: 'custom',
        path: ['PLAYGROUND_CLOCK_START'],
        message: 'bruges kun af npm run playground -- --at (botten i Playground-tilstand)',
      });
    }
    if (!env.BOT_ID && env.BOT_OPENID_METADATA_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_OPENID_METADATA_URL'],
        message: 'bruges kun med BOT_ID (uden botregistrering valideres ingen tokens)',
      });
    }
  });

export interface Config {
  port: number;
  /** Interface to listen on: loopback in local anonymous mode and in playground mode, all interfaces otherwise. */
  host: string;
  /** Started by `npm run playground` (PLAYGROUND=on): the bot listens on loopback only. */
  playground: boolean;
  /**
   * Where the bot's clock starts (`npm run playground -- --at`); it runs on from there. Null: the
   * real time. Only in playground mode without BOT_ID (local anonymous mode).
   */
  clockStart: Date | null;
  dataDir: string;
  databaseUrl: string | null;
  /** Bot registration; null means local anonymous mode (no token validation, loopback only). */
  bot: { appId: string; password: string; tenantId: string | null } | null;
  /**
   * Where the keys that sign the Bot Connector's tokens are published (OpenID metadata); null means
   * the public Azure cloud's (login.botframework.com). Tests point it at a key server on loopback.
   */
  openIdMetadataUrl: string | null;
  /** How long a message that arrives while the bot starts waits for it before a 503. */
  startWaitMs: number;
  /**
   * How long the bot's replies within one turn may take at the Bot Connector, all requests and
   * retries together; Teams gives up on an answer after 15 s.
   */
  replyTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  playbookFile: string | null;
  /** The organisation directory (YAML or JSON); its tenant is the only one whose activities are accepted. */
  directoryFile: string;
  /**
   * The keys free text is sealed with in the database (src/db/sealing.ts): ENCRYPTION_KEY seals,
   * it and ENCRYPTION_PREVIOUS_KEYS open. Without BOT_ID and without a key: the fixed development
   * key (local data only); with BOT_ID a key of the municipality's own is required.
   */
  keys: KeyRing;
  /** How long the access log keeps a row (whole months, 1–120); older rows are deleted by the planning round. */
  accessLogRetentionMonths: number;
  /**
   * When cases are deleted (src/retention/): a closed case `closedMonths` after it was closed, any
   * other case `untouchedMonths` after it (or its plans, or its requests) last changed; the owner and
   * the school's leaders are warned `warningDays` before, and a case is never deleted sooner after the warning.
   * A person's conversation reference (and their unsent messages) is deleted `leaverGraceDays` after
   * they were last seen, once the organisation directory no longer has them.
   */
  retention: { closedMonths: number; untouchedMonths: number; warningDays: number; leaverGraceDays: number };
  /** The dispatcher of proactive messages (reminders, alerts, digests). */
  dispatch: {
    enabled: boolean;
    /** Messages per second for the whole tenant (Teams allows more; keep a margin). */
    tenantRatePerSecond: number;
    maxAttempts: number;
    leaseMs: number;
    pollMs: number;
    batchSize: number;
    concurrency: number;
    /** How often reminders and digests are planned into the outbox. */
    schedulerIntervalMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ugyldig konfiguration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = issue.path.map(String).join('.') || '(miljøet)';
        return `${variable}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const bot = e.BOT_ID && e.BOT_PASSWORD ? { appId: e.BOT_ID, password: e.BOT_PASSWORD, tenantId: e.BOT_TENANT_ID ?? null } : null;
  const playground = e.PLAYGROUND === 'on';
  const [startDate, startTime] = e.PLAYGROUND_CLOCK_START?.split('T') ?? [];
  return Object.freeze({
    port: e.PORT,
    host: bot && !playground ? '0.0.0.0' : '127.0.0.1',
    playground,
    clockStart: startDate && startTime ? zonedTime(startDate, startTime, PLAYGROUND_TIME_ZONE) : null,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    bot: bot ? Object.freeze(bot) : null,
    openIdMetadataUrl: e.BOT_OPENID_METADATA_URL ?? null,
    startWaitMs: e.START_WAIT_SECONDS * 1000,
    replyTimeoutMs: e.REPLY_TIMEOUT_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    playbookFile: e.PLAYBOOK_FILE ? path.resolve(e.PLAYBOOK_FILE) : null,
    directoryFile: e.DIRECTORY_FILE ? path.resolve(e.DIRECTORY_FILE) : EXAMPLE_DIRECTORY_FILE,
    keys: e.ENCRYPTION_KEY ? KeyRing.fromSpecs(e.ENCRYPTION_KEY, e.ENCRYPTION_PREVIOUS_KEYS ?? []) : KeyRing.development(),
    accessLogRetentionMonths: e.ACCESS_LOG_RETENTION_MONTHS,
    retention: Object.freeze({
      closedMonths: e.RETENTION_CLOSED_MONTHS,
      untouchedMonths: e.RETENTION_UNTOUCHED_MONTHS,
      warningDays: e.RETENTION_WARNING_DAYS,
      leaverGraceDays: e.RETENTION_LEAVER_GRACE_DAYS,
    }),
    dispatch: Object.freeze({
      enabled: e.DISPATCHER === 'on',
      tenantRatePerSecond: e.DISPATCH_TENANT_RATE,
      maxAttempts: e.DISPATCH_MAX_ATTEMPTS,
      leaseMs: e.DISPATCH_LEASE_SECONDS * 1000,
      pollMs: e.DISPATCH_POLL_MS,
      batchSize: e.DISPATCH_BATCH_SIZE,
      concurrency: e.DISPATCH_CONCURRENCY,
      schedulerIntervalMs: e.SCHEDULER_INTERVAL_SECONDS * 1000,
    }),
  });
}
