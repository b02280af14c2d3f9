/**
 * case-list and case: "mine sager" and one case with its plans, its requests for sparring and its
 * history. A safety case is marked in the lists, and its card shows its owner and the school's
 * leaders the signs, the alert and the notification (safety.ts), with the viewer's buttons. The
 * cards' text is written in the view builders (view.ts, safety.ts); the schemas only bound it.
 */
import { z } from '../../domain/zod.js';
import { CaseRefSchema, item, short, title } from '../common.js';

/** Plans shown on a case card (each with up to four buttons): with a safety case's section, keeps the card under 28 KB. */
export const CASE_CARD_PLANS = 6;
/** Requests for sparring listed on a case card (each with a button); the rest are counted. */
export const CASE_CARD_REQUESTS = 5;
/** History rows shown on a case card, the latest: with the PKU decision's line the card stays under 28 KB. */
export const CASE_CARD_HISTORY = 9;

export const CaseListViewModelSchema = z.strictObject({
  /** The card's heading: "Mine sager", or e.g. "Sager på Fjordbakkeskolen". */
  heading: short,
  /** Shown when there are no cases. */
  emptyText: item,
  cases: z
    .array(
      CaseRefSchema.extend({
        title: short,
        levelTitle: short,
        stepTitle: short,
        /** A Danish date, or "Ingen" when no saved plan has one. */
        nextEvaluation: short,
        updated: short,
        /** The teacher who opened the case (a leader's list); null leaves the line out. */
        owner: z.string().trim().min(1).max(80).nullable().default(null),
        /** A safety case's marker, e.g. "Sikkerhed · underretning ikke registreret"; null for other cases. */
        safety: short.nullable().default(null),
      }),
    )
    .max(15),
  /** More cases exist than are shown. */
  more: z.boolean(),
});

/** A safety fact's value on the case card, e.g. the leaders alerted, each with when (keeps the card under 28 KB). */
export const CASE_SAFETY_FACT = 300;
/** A chat link's length on the case card: a teacher's address and a line naming the case. */
export const CASE_CHAT_URL = 600;

/** A Teams deep link to a chat (see src/cards/sparring/links.ts). */
const chatLink = z
  .string()
  .max(CASE_CHAT_URL)
  .regex(/^https:\/\/teams\.microsoft\.com\/l\/chat\//, 'Expected a Teams chat link');

/** A safety case as its owner and the school's leaders see it on the case card. */
export const CaseSafetySchema = z.strictObject({
  /** e.g. "Mette Kjær har markeret tegn på, at barnet ikke er i sikkerhed." */
  lead: item,
  /** Tegn på, Akut fare, Forældrene, Markeret, Ledelsen varslet, Underretning. */
  facts: z.array(z.strictObject({ title: z.string().trim().min(1).max(40), value: z.string().trim().min(1).max(CASE_SAFETY_FACT) })).max(6),
  /** The notification is recorded: the section is calm (emphasis); until then it is in the attention colour. */
  notified: z.boolean(),
});

export const CaseViewModelSchema = CaseRefSchema.extend({
  /** "Sag: A.B., 4.B · 4.B – Fjordbakkeskolen" (caseHeading). */
  caseHeading: title,
  title: short,
  levelTitle: short,
  stepTitle: short,
  created: short,
  plans: z
    .array(
      z.strictObject({
        planId: z.string().min(1).max(64),
        title: short,
        /** e.g. "Version 2, gemt 3. marts 2026 · evaluering 14. april 2026". */
        status: z.string().trim().min(1).max(200),
        /** The current version (0 for a draft never saved). */
        version: z.number().int().nonnegative(),
        /** Earlier versions, newest first (at most three buttons): each opens read-only. */
        previousVersions: z
          .array(
            z.strictObject({
              planId: z.string().min(1).max(64),
              version: z.number().int().positive(),
              /** The button, "Version 2" (24 such buttons on a full card). */
              title: z.string().regex(/^Version \d{1,6}$/, 'Expected "Version N"'),
            }),
          )
          .max(3),
      }),
    )
    .max(CASE_CARD_PLANS),
  /** The latest steps of the case's history (CASE_CARD_HISTORY). */
  history: z.array(z.strictObject({ when: short, text: z.string().trim().min(1).max(200) })).max(CASE_CARD_HISTORY),
  /** The case's requests for sparring, newest first: the group, and where it stands (who took it, when). */
  requests: z
    .array(
      z.strictObject({
        requestId: z.string().min(1).max(100),
        /** The adviser group, e.g. "PLC – Fjordbakkeskolen". */
        groupTitle: short,
        /** e.g. "Taget af Hanne Lykke 4. december 2026" (a name of at most 80 characters and a date). */
        status: short,
      }),
    )
    .max(CASE_CARD_REQUESTS)
    .default([]),
  /** Requests not listed, e.g. "… og 2 mere"; null when all are. */
  requestsMoreText: short.nullable().default(null),
  canDraft: z.boolean(),
  canResume: z.boolean(),
  /** An open case: the card offers "Anmod om sparring". */
  canRequestSparring: z.boolean().default(false),
  /** PKU's decision in force, as a line ("Specialiseret skoletilbud, 15. maj 2026"); null before any. */
  pkuDecision: z.string().trim().min(1).max(400).nullable().default(null),
  /** The case is at the referral and the viewer may record PKU's decision (its owner or a leader of its school). */
  canRecordPku: z.boolean().default(false),
  /** A safety case, for its owner and the school's leaders; null otherwise. */
  safety: CaseSafetySchema.nullable().default(null),
  /** The button that records the notification ("Jeg har underrettet", "Registrér underretning"); null: not offered. */
  recordNotification: z.string().trim().min(1).max(40).nullable().default(null),
  /** A leader's Teams chat with the teacher who owns the case; null: not offered. */
  chat: z
    .strictObject({ title: z.string().trim().min(1).max(100), url: chatLink })
    .nullable()
    .default(null),
  /** The viewer may close the case ("Afslut sag"): it is open, and they own it or lead its school. */
  canClose: z.boolean().default(false),
  /** A closed case: "Afsluttet 6. december 2026 · Flyttet" (and the note); null while it is open. */
  closed: z.string().trim().min(1).max(400).nullable().default(null),
  /** The list to go back to: the teacher's own cases, or the school's (a leader who does not own the case). */
  backTo: z.enum(['mine', 'skolen']).default('mine'),
}).refine((m) => m.closed === null || !(m.canClose || m.canDraft || m.canResume || m.canRequestSparring || m.canRecordPku), {
  message: 'A closed case is read-only: its card offers no button that changes it',
});
