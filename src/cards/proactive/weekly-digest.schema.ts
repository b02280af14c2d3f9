/**
 * The view model of the card that weekly-digest.js builds: what its template binds, bounded. Kept apart
 * from the builder, so that the registry of schemas (which render.ts reads) never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { item, short } from '../common.js';

/** Plans listed in each section of the weekly digest; the rest are counted ("… og 3 mere"). */
export const DIGEST_LIST_MAX = 15;

/**
 * A plan line of the digest. Lines have no buttons (thirty "Evaluér nu" would take the card past
 * 28 KB): the reminders carry those, and "Sager på skolen" opens every case.
 */
const DigestPlanSchema = z.strictObject({
  planTitle: short,
  /** "A.B., 4.B · 4.B · 4. december 2026": a pseudonym (60), a team (120) and a date. */
  line: z.string().trim().min(1).max(210),
});

/** A section of the digest: "Overskredne evalueringer (3)", its plans, and "… og N mere" for the rest. */
const DigestSectionSchema = z.strictObject({
  title: short,
  color: z.enum(['Attention', 'Default']),
  /** Said when the section has no plans; null when it has. */
  empty: item.nullable(),
  plans: z.array(DigestPlanSchema).max(DIGEST_LIST_MAX),
  more: short.nullable(),
});

export const WeeklyDigestViewModelSchema = z.strictObject({
  schoolName: short,
  /** e.g. "Uge 50". */
  weekLabel: z.string().trim().min(1).max(40),
  /** Overdue, then due this week. */
  sections: z.array(DigestSectionSchema).length(2),
  /** Open cases by level. */
  levelFacts: z.array(z.strictObject({ title: short, value: short })).length(3),
  /**
   * The requests for sparring, when counted: "Venter på en vejleder: 2" (red when not 0: someone
   * must act) and "I gang: 1"; empty leaves the section out.
   */
  requests: z.array(z.strictObject({ text: short, color: z.enum(['Attention', 'Default']) })).max(2),
});
