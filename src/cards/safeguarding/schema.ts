/**
 * The safeguarding card: shown before anything else when the answers reveal signs that a child is
 * not safe — what to do now, in order, the legal basis, and how to notify this municipality (from
 * the playbook) with **Jeg har underrettet**. After the press the same template is the
 * confirmation (`confirmation`): the recorded date and who, and **Åbn sagen**.
 */
import { z } from '../../domain/zod.js';
import { LIMITS, item, list, ref, short, title } from '../common.js';

/** A button that opens the municipality's notification form (https, from the playbook). */
const LinkSchema = z.strictObject({
  title: z.string().trim().min(1).max(60),
  url: z.url({ protocol: /^https$/ }).max(2000),
});

export const SafeguardingViewModelSchema = z
  .strictObject({
    /** The case the card is about (its buttons name it); null when drawn without one (no buttons then). */
    caseId: ref.nullable().default(null),
    /** "Sag: A.B., 4.B · 4.B – Fjordbakkeskolen" (caseHeading); null without a case. */
    caseHeading: title.nullable().default(null),
    acute: z.boolean(),
    title,
    /** Danish titles of the signs, e.g. "Vold". */
    concerns: z.array(z.string().trim().min(1).max(120)).max(LIMITS.list),
    /** What to do now, in order (the confirmation has none). */
    actions: list(),
    basis: title,
    leadershipNote: z.string().trim().min(1).max(LIMITS.text),
    /** How to notify this municipality: lines (who, the phone, after hours), and the form's link. */
    notify: z
      .strictObject({
        lines: list(4).min(1),
        link: LinkSchema.nullable(),
      })
      .default({ lines: ['Brug kommunens egen underretning på dens hjemmeside eller på borger.dk, og spørg skoleledelsen.'], link: null }),
    /** "Underrettet 14. marts 2027 · registreret af Mette Kjær"; null while nothing is recorded. */
    notification: item.nullable().default(null),
    /** The card offers "Jeg har underrettet" (a case, nothing recorded yet). */
    canRecord: z.boolean().default(false),
    /** The card is the confirmation after the press: its heading and text (the guidance is left out). */
    confirmation: z
      .strictObject({ heading: short, text: z.string().trim().min(1).max(LIMITS.text) })
      .nullable()
      .default(null),
  })
  .refine((m) => m.confirmation !== null || m.actions.length > 0, { message: 'The guidance needs at least one action' })
  .refine((m) => !m.canRecord || m.caseId !== null, { message: 'A card without a case cannot offer to record the notification' });
