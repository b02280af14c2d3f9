/**
 * The one reader of a case's stored intake (the `intake` jsonb of its row). The repository hands
 * the intake back as an opaque object; every service that needs it as an `Intake` reads it here,
 * so a row that no longer parses is handled the same way everywhere.
 *
 * Policy: a stored intake that no longer parses (a field written by an older version, a value a
 * newer schema refuses, a key that is not a field any more) must not crash a turn. The reader keeps
 * every field whose value still parses on its own and drops the rest, unknown keys included. A
 * dropped answer counts as unanswered: the intake asks that question again and the ladder places the
 * case by what is left, which is what a teacher would expect of a case they can still open. If even
 * the kept fields do not parse together, the intake reads as empty. Nothing here logs: the values
 * are the teacher's free text, and the caller knows the turn.
 */
import { INTAKE_FIELDS, IntakeSchema, type Intake } from '../domain/intake.js';
import type { CaseRecord } from './case.repository.js';

/** The case's stored intake as an `Intake`, with fields that no longer parse dropped (see above). */
export function storedIntake(row: Pick<CaseRecord, 'intake'>): Intake {
  const parsed = IntakeSchema.safeParse(row.intake);
  if (parsed.success) return parsed.data;
  const raw: Record<string, unknown> = typeof row.intake === 'object' && row.intake !== null ? row.intake : {};
  const kept: Record<string, unknown> = {};
  for (const field of INTAKE_FIELDS) {
    if (!Object.hasOwn(raw, field)) continue;
    const one = IntakeSchema.shape[field].safeParse(raw[field]);
    if (one.success && one.data !== undefined) kept[field] = one.data;
  }
  const again = IntakeSchema.safeParse(kept);
  return again.success ? again.data : {};
}
