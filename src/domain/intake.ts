/**
 * The Intake: what the guided conversation has learnt about one concern. Field names and enum
 * values are the contract: card input ids, triage JSON keys, test values.
 */
import { z } from './zod.js';
import { findIdentifierTexts } from './identifiers.js';
import { CONTROL_CHARACTER_REFUSAL, hasControlCharacters } from './free-text.js';

export const SCOPES = ['faellesskab', 'barn'] as const;
export const AREAS = ['faglig', 'trivsel', 'socialt', 'adfaerd', 'fravaer', 'familie', 'overgang'] as const;
export const SAFETY = ['vold', 'seksuelle-overgreb', 'omsorgssvigt', 'selvskade', 'misbrug', 'kriminalitet'] as const;
export const DATA_SOURCES = [
  'observationer',
  'klasselog',
  'elevsamtale',
  'elevinterview',
  'trivselsmaaling',
  'topi',
  'hjernen-og-hjertet',
  'klassetrivsel',
  'test',
] as const;
export const PLANS = ['ingen', 'faellesskab', 'barn', 'begge'] as const;
export const PARENTS = ['ikke-inddraget', 'orienteret', 'inddraget'] as const;
export const EFFECTS = ['ikke-endnu', 'virker', 'delvist', 'virker-ikke'] as const;
export const ADVISERS = ['plc', 'akt', 'praksisvejleder', 'raadgivende-team', 'familieraadgivning'] as const;
export const PPV = ['ingen', 'indstillet', 'foreligger'] as const;
/** The school leader's decision after the PPV and the party hearing. */
export const LEADER_DECISIONS = ['ikke-truffet', 'paa-skolen', 'vidtgaaende'] as const;
/** What the parents have agreed to: each purpose is a consent of its own. */
export const CONSENT_PURPOSES = ['arbejdsmoede', 'ppv', 'distriktsraad', 'familieraadgivning', 'henvisning'] as const;
/** Data that hear the child itself: with one of them, the child's perspective counts as gathered. */
export const PUPIL_CONVERSATIONS = ['elevsamtale', 'elevinterview'] as const;

export type Scope = (typeof SCOPES)[number];
export type Area = (typeof AREAS)[number];
export type SafetyConcern = (typeof SAFETY)[number];
export type DataSource = (typeof DATA_SOURCES)[number];
export type PlanStatus = (typeof PLANS)[number];
export type ParentsInvolvement = (typeof PARENTS)[number];
export type Effect = (typeof EFFECTS)[number];
export type Adviser = (typeof ADVISERS)[number];
export type PpvStatus = (typeof PPV)[number];
export type LeaderDecision = (typeof LEADER_DECISIONS)[number];
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const DESCRIPTION_MAX = 500;
/** Ids of pedagogical actions come from the playbook; the schema checks only their shape. */
export const ACTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const unique = <T extends z.ZodType>(item: T) =>
  z.array(item).refine((xs) => new Set(xs).size === xs.length, { message: 'Den samme værdi må kun vælges én gang' });

/** Free text: bounded, and refused outright when it holds a control character or something that looks like a CPR number. */
export const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !hasControlCharacters(s), { message: CONTROL_CHARACTER_REFUSAL })
    .refine((s) => findIdentifierTexts(s).length === 0, {
      message:
        'Teksten ser ud til at indeholde et CPR-nummer, en e-mailadresse eller et telefonnummer. Skriv aldrig den slags – brug initialer og klasse (fx "A.B., 4.B").',
    });

export const IntakeSchema = z.strictObject({
  description: freeText(DESCRIPTION_MAX).optional(),
  scope: z.enum(SCOPES).optional(),
  areas: unique(z.enum(AREAS)).min(1).optional(),
  safety: unique(z.enum(SAFETY)).optional(),
  acuteDanger: z.boolean().optional(),
  homeConcern: z.boolean().optional(),
  data: unique(z.enum(DATA_SOURCES)).optional(),
  childPerspective: z.boolean().optional(),
  teamDiscussed: z.boolean().optional(),
  plan: z.enum(PLANS).optional(),
  parents: z.enum(PARENTS).optional(),
  planEvaluated: z.enum(EFFECTS).optional(),
  tried: unique(z.string().regex(ACTION_ID)).optional(),
  advisers: unique(z.enum(ADVISERS)).optional(),
  adviserEffect: z.enum(EFFECTS).optional(),
  networkMeetingHeld: z.boolean().optional(),
  ppv: z.enum(PPV).optional(),
  leaderDecision: z.enum(LEADER_DECISIONS).optional(),
  districtCouncil: z.boolean().optional(),
  consents: unique(z.enum(CONSENT_PURPOSES)).optional(),
  psychologistAgrees: z.boolean().optional(),
});

/** A (possibly partial) intake. A field that is absent has not been answered. */
export type Intake = z.infer<typeof IntakeSchema>;
export type IntakeField = keyof Intake;

export const INTAKE_FIELDS = Object.keys(IntakeSchema.shape) as IntakeField[];

/** Whether the data already hear the child (a pupil conversation or interview). */
export function childHeardInData(data: Intake['data']): boolean {
  return (data ?? []).some((d) => (PUPIL_CONVERSATIONS as readonly string[]).includes(d));
}

/** How a field is asked and how its card value is read. */
export type FieldKind =
  | { kind: 'single'; values: readonly string[] }
  | { kind: 'multi'; values: readonly string[] | 'playbook-actions'; min: number }
  | { kind: 'boolean' }
  | { kind: 'text'; max: number };

export const FIELD_KINDS: Record<IntakeField, FieldKind> = {
  description: { kind: 'text', max: DESCRIPTION_MAX },
  scope: { kind: 'single', values: SCOPES },
  areas: { kind: 'multi', values: AREAS, min: 1 },
  safety: { kind: 'multi', values: SAFETY, min: 0 },
  acuteDanger: { kind: 'boolean' },
  homeConcern: { kind: 'boolean' },
  data: { kind: 'multi', values: DATA_SOURCES, min: 0 },
  childPerspective: { kind: 'boolean' },
  teamDiscussed: { kind: 'boolean' },
  plan: { kind: 'single', values: PLANS },
  parents: { kind: 'single', values: PARENTS },
  planEvaluated: { kind: 'single', values: EFFECTS },
  tried: { kind: 'multi', values: 'playbook-actions', min: 0 },
  advisers: { kind: 'multi', values: ADVISERS, min: 0 },
  adviserEffect: { kind: 'single', values: EFFECTS },
  networkMeetingHeld: { kind: 'boolean' },
  ppv: { kind: 'single', values: PPV },
  leaderDecision: { kind: 'single', values: LEADER_DECISIONS },
  districtCouncil: { kind: 'boolean' },
  consents: { kind: 'multi', values: CONSENT_PURPOSES, min: 0 },
  psychologistAgrees: { kind: 'boolean' },
};

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * The one consent of the first version of the intake, replaced by a consent per purpose. Stored
 * cases were migrated (false → [], true → ["arbejdsmoede"]); input from outside that still uses it
 * is refused with a message that says what to write instead.
 */
export const RETIRED_CONSENT_FIELD = 'parentsConsent';
export const RETIRED_CONSENT_MESSAGE =
  `Feltet "${RETIRED_CONSENT_FIELD}" findes ikke længere: forældrenes samtykke angives nu pr. formål i feltet "consents", ` +
  `fx "consents": ["arbejdsmoede"] (tilladte værdier: ${CONSENT_PURPOSES.join(', ')}; [] når de ikke har givet samtykke).`;

/** Validates an intake from outside (file, card, JSON). Errors are Danish and name the field. */
export function parseIntake(input: unknown): ParseResult<Intake> {
  const result = IntakeSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.flatMap((issue) => {
      const field = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        const retired = issue.keys.includes(RETIRED_CONSENT_FIELD) ? [RETIRED_CONSENT_MESSAGE] : [];
        const unknown = issue.keys.filter((k) => k !== RETIRED_CONSENT_FIELD);
        return [...retired, ...(unknown.length > 0 ? [`Ukendt felt: ${unknown.map((k) => `"${k}"`).join(', ')}`] : [])];
      }
      return [field ? `Feltet "${field}": ${issue.message}` : issue.message];
    }),
  };
}
