/**
 * Structured logs (pino). One line per turn with timing. Never free text from users, never CPR,
 * never names: user ids are logged only as a short one-way hash.
 */
import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'indsatsguiden' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Belt and braces: these keys must never reach a log line even if someone passes them.
      redact: { paths: ['text', '*.text', 'description', '*.description', 'name', '*.name', 'value', '*.value'], censor: '[fjernet]' },
    },
    destination ?? process.stdout,
  );
}

/** A stable, non-reversible short id for a user, so a turn can be followed in the logs. */
export function pseudonymousId(id: string | undefined | null): string | undefined {
  if (!id) return undefined;
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}
