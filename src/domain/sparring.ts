/**
 * Sparring requests (issue #5): a team asks an adviser group for help with a case, an adviser
 * takes the request, and answers, passes it on, or declines it. Pure: the groups and states with
 * their Danish labels, the request form's schema, the consent rule, the CPR refusal, the SLA
 * deadline, and `decide`, which says whether a transition is allowed and what it changes.
 *
 * Groups (pools) are the organisation directory's: a school's `plc` and `akt`, a district's
 * `praksisvejleder`, `raadgivende-team` and `familieraadgivning` (the intake's ADVISERS). A card
 * carries only the pool id; which school or district it belongs to comes from the stored case.
 *
 * Lifecycle (every transition is an event, and bumps the request's version):
 *
 *   oprettet ──► ny ──taget──► taget ──afsluttet──► afsluttet (final)
 *                 ▲  ◄─givet-fra-sig─┘  │
 *                 └──videresendt── ny | taget (to another pool; the claimant is cleared)
 *   ny ──afvist (a member of the pool)──► afvist (final) ◄──afvist (the claimant)── taget
 *
 * Who may act: taking, and declining or passing on an unclaimed request, is for the members of the
 * pool it is routed to; once taken, the request is the claimant's: only they give it back, pass it
 * on, close or decline it (the others see "taget af …").
 */
import { z } from './zod.js';
import { addSchoolDays, isSchoolDay, localDateTime, workdayStart, zonedTime, type SchoolCalendar } from './calendar.js';
import { CPR_REFUSAL, findCprNumbers, maskCpr } from './cpr.js';
import { CONTROL_CHARACTER_REFUSAL, hasControlCharacters, withoutControlCharacters } from './free-text.js';
import { ADVISERS, type Adviser, type Area, type Scope } from './intake.js';
import { HELP_KINDS, type HelpKind } from './plans/index.js';
import { AREA_LABELS } from './questions.js';
import type { StepId } from './recommendation.js';
import { sameId } from './values.js';

// ---------------------------------------------------------------------------------------------
// Groups

/** The five adviser groups a request can be routed to (the intake's ADVISERS). */
export const SPARRING_POOLS = ADVISERS;
export type SparringPool = Adviser;

/** Groups of the case's school. */
export const SCHOOL_SPARRING_POOLS = ['plc', 'akt'] as const satisfies readonly SparringPool[];
/** Groups of the school's district: advisers outside the school. */
export const DISTRICT_SPARRING_POOLS = ['praksisvejleder', 'raadgivende-team', 'familieraadgivning'] as const satisfies readonly SparringPool[];
export type SchoolSparringPool = (typeof SCHOOL_SPARRING_POOLS)[number];
export type DistrictSparringPool = (typeof DISTRICT_SPARRING_POOLS)[number];

/** The group's name before its school or district, e.g. "PLC – Fjordbakkeskolen". */
export const POOL_LABELS: Record<SparringPool, string> = {
  plc: 'PLC',
  akt: 'AKT',
  praksisvejleder: 'Praksisvejledere',
  'raadgivende-team': 'Det rådgivende team',
  familieraadgivning: 'Familierådgivningen',
};

export function isSparringPool(value: unknown): value is SparringPool {
  return typeof value === 'string' && (SPARRING_POOLS as readonly string[]).includes(value);
}

export function isSchoolPool(pool: SparringPool): pool is SchoolSparringPool {
  return (SCHOOL_SPARRING_POOLS as readonly string[]).includes(pool);
}

/** A district group: advisers outside the school (the consent rule applies). */
export function isDistrictPool(pool: SparringPool): pool is DistrictSparringPool {
  return (DISTRICT_SPARRING_POOLS as readonly string[]).includes(pool);
}

/** "PLC – Fjordbakkeskolen", "Det rådgivende team – Distrikt Nord". */
export function poolName(pool: SparringPool, ownerName: string): string {
  return `${POOL_LABELS[pool]} – ${ownerName}`;
}

/**
 * The group the case's current step proposes: `sparring-plc` → the school's PLC; `sparring-ekstern`
 * → the district's practice advisers (the advisory team is the alternative, see
 * `ALTERNATIVE_POOLS`); any other step (or none yet) → PLC.
 */
export function proposedPool(stepId: StepId | null | undefined): SparringPool {
  return stepId === 'sparring-ekstern' ? 'praksisvejleder' : 'plc';
}

/** Other groups that fit the step, after the proposed one. */
export function alternativePools(stepId: StepId | null | undefined): SparringPool[] {
  return stepId === 'sparring-ekstern' ? ['raadgivende-team'] : [];
}

// ---------------------------------------------------------------------------------------------
// States and events

export const SPARRING_STATES = ['ny', 'taget', 'afsluttet', 'afvist'] as const;
export type SparringState = (typeof SPARRING_STATES)[number];
export const STATE_LABELS: Record<SparringState, string> = { ny: 'Ny', taget: 'Taget', afsluttet: 'Afsluttet', afvist: 'Afvist' };

/** Nothing leaves these states. */
export const FINAL_STATES = ['afsluttet', 'afvist'] as const satisfies readonly SparringState[];

export function isFinal(state: SparringState): boolean {
  return (FINAL_STATES as readonly string[]).includes(state);
}

/** What an event in a request's history records (the action's Danish id). */
export const SPARRING_EVENTS = ['oprettet', 'taget', 'givet-fra-sig', 'videresendt', 'afsluttet', 'afvist'] as const;
export type SparringEventAction = (typeof SPARRING_EVENTS)[number];
export const EVENT_LABELS: Record<SparringEventAction, string> = {
  oprettet: 'Oprettet',
  taget: 'Taget',
  'givet-fra-sig': 'Givet fra sig',
  videresendt: 'Sendt videre',
  afsluttet: 'Afsluttet',
  afvist: 'Afvist',
};

/** The buttons: what a person can do to an existing request. */
export const SPARRING_ACTIONS = ['claim', 'release', 'forward', 'close', 'reject'] as const;
export type SparringActionKind = (typeof SPARRING_ACTIONS)[number];
export const ACTION_LABELS: Record<SparringActionKind, string> = {
  claim: 'Jeg tager den',
  release: 'Giv fra mig',
  forward: 'Send videre',
  close: 'Afslut',
  reject: 'Afvis',
};

const EVENT_OF: Record<SparringActionKind, SparringEventAction> = {
  claim: 'taget',
  release: 'givet-fra-sig',
  forward: 'videresendt',
  close: 'afsluttet',
  reject: 'afvist',
};

// ---------------------------------------------------------------------------------------------
// Bounds and messages

export const WISHED_TIME_MAX = 100;
export const SUMMARY_MAX = 1000;
export const CLOSING_NOTE_MAX = 1000;
export const REJECTION_REASON_MAX = 500;

export const CONSENT_REFUSAL =
  'Forældrene skal have givet samtykke, før en anmodning om et barn sendes til rådgivere uden for skolen.';

export const SPARRING_MESSAGES = {
  /** Next to a field that held a CPR-like number (the number is masked in the echo). */
  cpr: 'Et CPR-nummer er fjernet fra feltet. Brug initialer og klasse.',
  pool: 'Vælg den gruppe, anmodningen skal sendes til.',
  helpKinds: 'Vælg mindst én slags hjælp.',
  summary: 'Skriv et kort resumé af sagen – uden navne, brug initialer og klasse.',
  reason: 'Skriv kort, hvorfor du afviser anmodningen.',
  tooLong: (max: number, n: number) => `Teksten er for lang: højst ${max} tegn (nu ${n}).`,
} as const;

// ---------------------------------------------------------------------------------------------
// The request form (the `sparring-form` card)

/** A multi-select ChoiceSet sends "a,b,c"; JSON may send an array. */
const commaList = (value: unknown): unknown => {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return value ?? [];
};

/** A Toggle sends 'true'/'false'; JSON may send a boolean; absent or empty is "not answered". */
const toggle = (value: unknown): unknown => {
  if (value === undefined || value === null || value === '') return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
};

const bounded = (max: number) =>
  z
    .string()
    .trim()
    .refine((s) => [...s].length <= max, { error: (issue) => SPARRING_MESSAGES.tooLong(max, [...String(issue.input)].length) });

/** The form's values as the card sends them. CPR numbers and control characters are refused before this runs (see parseSparringForm). */
export const SparringFormSchema = z.object({
  pool: z.enum(SPARRING_POOLS, { error: SPARRING_MESSAGES.pool }),
  helpKinds: z.preprocess(
    commaList,
    z
      .array(z.enum(HELP_KINDS, { error: SPARRING_MESSAGES.helpKinds }))
      .min(1, { error: SPARRING_MESSAGES.helpKinds })
      .transform((xs) => HELP_KINDS.filter((k) => xs.includes(k))),
  ),
  wishedTime: z.preprocess((v) => v ?? '', bounded(WISHED_TIME_MAX)),
  summary: z.preprocess((v) => v ?? '', bounded(SUMMARY_MAX).pipe(z.string().min(1, { error: SPARRING_MESSAGES.summary }))),
  parentsConsent: z.preprocess(toggle, z.boolean().nullable()),
});

export type SparringForm = z.output<typeof SparringFormSchema>;

/** The form's input ids, in card order. */
export const SPARRING_FORM_FIELDS = ['pool', 'helpKinds', 'wishedTime', 'summary', 'parentsConsent'] as const;
export type SparringFormField = (typeof SPARRING_FORM_FIELDS)[number];

/** The free-text fields: bounded, CPR- and control-character-checked. */
const FREE_TEXT_FIELDS = ['wishedTime', 'summary'] as const;

export interface SparringFieldError {
  /** The card input id the message belongs next to; null for the card as a whole. */
  field: string | null;
  message: string;
}

export type ParseSparringResult<T> =
  | { ok: true; value: T }
  /** `values`: what the user sent, as card values, with every CPR-like number masked (never echoed). */
  | { ok: false; errors: SparringFieldError[]; values: Record<string, string>; cprRefused: boolean };

function cardText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(',');
  return '';
}

/**
 * Reads free-text card fields. A CPR-like number anywhere refuses the whole card (the general CPR
 * message on top and a short one next to each field) and is masked in the echo; a control
 * character (NUL, …) is refused next to its field and removed from the echo. No value is ever
 * repeated in a message.
 */
function refuseUnsafe(values: Record<string, unknown>, fields: readonly string[], all: readonly string[]) {
  const echo: Record<string, string> = {};
  for (const key of all) echo[key] = withoutControlCharacters(cardText(values[key]));
  const errors: SparringFieldError[] = [];
  let cprRefused = false;
  for (const key of fields) {
    const text = cardText(values[key]);
    if (findCprNumbers(echo[key] ?? '').length > 0) {
      echo[key] = maskCpr(echo[key] ?? '');
      errors.push({ field: key, message: SPARRING_MESSAGES.cpr });
      cprRefused = true;
    } else if (hasControlCharacters(text)) {
      errors.push({ field: key, message: CONTROL_CHARACTER_REFUSAL });
    }
  }
  if (cprRefused) errors.unshift({ field: null, message: CPR_REFUSAL });
  return { echo, errors, cprRefused };
}

function fieldErrors(error: z.ZodError): SparringFieldError[] {
  const out: SparringFieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : null;
    if (!out.some((e) => e.field === field)) out.push({ field, message: issue.message });
  }
  return out;
}

/**
 * Validates the request form. A CPR-like number in the summary or the wished time refuses the
 * card before anything else (nothing is stored, the number is not echoed). The consent rule needs
 * the case (`checkConsent`), so it is checked by the caller.
 */
export function parseSparringForm(values: Record<string, unknown>): ParseSparringResult<SparringForm> {
  const { echo, errors, cprRefused } = refuseUnsafe(values, FREE_TEXT_FIELDS, SPARRING_FORM_FIELDS);
  if (errors.length > 0) return { ok: false, errors, values: echo, cprRefused };
  const parsed = SparringFormSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), values: echo, cprRefused: false };
  return { ok: true, value: parsed.data };
}

/** The closing note of **Afslut**: optional, bounded, no CPR. Empty is null. */
export function parseClosingNote(values: Record<string, unknown>): ParseSparringResult<string | null> {
  const { echo, errors, cprRefused } = refuseUnsafe(values, ['note'], ['note']);
  if (errors.length > 0) return { ok: false, errors, values: echo, cprRefused };
  const parsed = z.preprocess((v) => v ?? '', bounded(CLOSING_NOTE_MAX)).safeParse(values.note);
  if (!parsed.success) return { ok: false, errors: [{ field: 'note', message: parsed.error.issues[0]!.message }], values: echo, cprRefused: false };
  return { ok: true, value: parsed.data === '' ? null : parsed.data };
}

/** The reason of **Afvis**: required, bounded, no CPR. */
export function parseRejectionReason(values: Record<string, unknown>): ParseSparringResult<string> {
  const { echo, errors, cprRefused } = refuseUnsafe(values, ['reason'], ['reason']);
  if (errors.length > 0) return { ok: false, errors, values: echo, cprRefused };
  const parsed = z
    .preprocess((v) => v ?? '', bounded(REJECTION_REASON_MAX).pipe(z.string().min(1, { error: SPARRING_MESSAGES.reason })))
    .safeParse(values.reason);
  if (!parsed.success) return { ok: false, errors: [{ field: 'reason', message: parsed.error.issues[0]!.message }], values: echo, cprRefused: false };
  return { ok: true, value: parsed.data };
}

// ---------------------------------------------------------------------------------------------
// Consent

/** A request about one child to advisers outside the school needs the parents' consent. */
export function consentRequired(childSpecific: boolean, pool: SparringPool): boolean {
  return childSpecific && isDistrictPool(pool);
}

/** CONSENT_REFUSAL when the request may not be sent, null when it may. */
export function checkConsent(input: { childSpecific: boolean; pool: SparringPool; parentsConsent: boolean | null }): string | null {
  return consentRequired(input.childSpecific, input.pool) && input.parentsConsent !== true ? CONSENT_REFUSAL : null;
}

// ---------------------------------------------------------------------------------------------
// Prefilled values

/** What the form proposes: observation and a team meeting; plan qualification once there is a plan; a work meeting for external advisers. */
export function defaultHelpKinds(stepId: StepId | null | undefined, hasPlan: boolean): HelpKind[] {
  const kinds = new Set<HelpKind>(['observation', 'teammoede']);
  if (hasPlan) kinds.add('kvalificering');
  if (stepId === 'sparring-ekstern') kinds.add('arbejdsmoede');
  return HELP_KINDS.filter((k) => kinds.has(k));
}

function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} og ${items.at(-1)}`;
}

const lower = (s: string) => (s ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/**
 * The pseudonymous summary the form starts from: who (the case's pseudonym, never a name), where
 * the case is on the ladder, and the concern areas. The teacher's own description is left out on
 * purpose: it is free text that may name the child.
 */
export function sparringSummary(input: {
  pseudonym: string | null;
  scope: Scope | undefined;
  levelTitle?: string | null;
  stepTitle?: string | null;
  areas?: readonly Area[];
}): string {
  const who = input.pseudonym ?? (input.scope === 'barn' ? 'Et barn' : 'Et læringsfællesskab');
  const parts = [`${who}.`];
  if (input.levelTitle && input.stepTitle) parts.push(`${input.levelTitle}: ${lower(input.stepTitle)}.`);
  else if (input.levelTitle) parts.push(`${input.levelTitle}.`);
  if (input.areas?.length) parts.push(`Bekymringen handler om ${listText(input.areas.map((a) => lower(AREA_LABELS[a])))}.`);
  const text = parts.join(' ');
  return [...text].length > SUMMARY_MAX ? [...text].slice(0, SUMMARY_MAX).join('') : text;
}

// ---------------------------------------------------------------------------------------------
// Transitions

/** What `decide` needs of a stored request. */
export interface DecisionSubject {
  state: SparringState;
  pool: SparringPool;
  /** AAD object id of the claimant (state taget or afsluttet, or afvist by the claimant). */
  claimedBy: string | null;
  claimedByName: string | null;
}

/** What the server knows about the person acting, from the directory and the stored request. */
export interface ActorFacts {
  userId: string;
  /** A member of the pool the request is routed to now. */
  poolMember: boolean;
}

export type SparringTransition =
  | { kind: 'claim' }
  | { kind: 'release' }
  /** `available`: the target pool belongs to the case's school or district and has members. */
  | { kind: 'forward'; to: SparringPool; available: boolean }
  | { kind: 'close'; note: string | null }
  | { kind: 'reject'; reason: string };

/** What an allowed transition changes. */
export interface SparringChange {
  state: SparringState;
  /** 'set': the actor becomes the claimant; 'clear': no claimant; 'keep': unchanged. */
  claimant: 'set' | 'clear' | 'keep';
  /** Forwarded to this pool. */
  pool?: SparringPool;
  closingNote?: string | null;
  rejectionReason?: string;
}

export const REFUSALS = ['final', 'already-yours', 'taken', 'not-member', 'not-claimant', 'not-claimed', 'same-pool', 'pool-unavailable'] as const;
export type RefusalReason = (typeof REFUSALS)[number];

export type Decision =
  | { ok: true; event: SparringEventAction; change: SparringChange }
  | { ok: false; reason: RefusalReason; message: string };


function refuse(reason: RefusalReason, message: string): Decision {
  return { ok: false, reason, message };
}

function allow(action: SparringActionKind, change: SparringChange): Decision {
  return { ok: true, event: EVENT_OF[action], change };
}

/**
 * Whether `actor` may apply `transition` to the request as it is stored now, and what it changes
 * (or why not, in Danish). A final request refuses everything: "nothing changed".
 */
export function decide(request: DecisionSubject, transition: SparringTransition, actor: ActorFacts): Decision {
  const { state } = request;
  if (isFinal(state)) {
    return refuse('final', state === 'afsluttet' ? 'Anmodningen er allerede afsluttet. Intet er ændret.' : 'Anmodningen er afvist. Intet er ændret.');
  }
  const claimant = state === 'taget' && sameId(request.claimedBy, actor.userId);
  const takenBy = request.claimedByName ?? 'en anden';
  const notClaimant = refuse('not-claimant', `Anmodningen er taget af ${takenBy}. Kun ${takenBy} kan ændre den nu.`);
  const notMember = refuse('not-member', 'Anmodningen er sendt til en gruppe, du ikke er med i.');

  switch (transition.kind) {
    case 'claim':
      if (state === 'taget') {
        return claimant ? refuse('already-yours', 'Du har allerede taget anmodningen.') : refuse('taken', `Anmodningen er allerede taget af ${takenBy}.`);
      }
      return actor.poolMember ? allow('claim', { state: 'taget', claimant: 'set' }) : notMember;
    case 'release':
      if (state === 'ny') return refuse('not-claimed', 'Anmodningen er ikke taget af nogen. Intet er ændret.');
      return claimant ? allow('release', { state: 'ny', claimant: 'clear' }) : notClaimant;
    case 'forward': {
      if (state === 'ny' && !actor.poolMember) return notMember;
      if (state === 'taget' && !claimant) return notClaimant;
      if (transition.to === request.pool) return refuse('same-pool', 'Anmodningen er allerede sendt til den gruppe.');
      if (!transition.available) return refuse('pool-unavailable', 'Den valgte gruppe findes ikke for sagens skole, eller den har ingen medlemmer.');
      return allow('forward', { state: 'ny', claimant: 'clear', pool: transition.to });
    }
    case 'close':
      if (state === 'ny') return refuse('not-claimed', 'Tag anmodningen, før du afslutter den.');
      return claimant ? allow('close', { state: 'afsluttet', claimant: 'keep', closingNote: transition.note }) : notClaimant;
    case 'reject':
      if (state === 'ny') return actor.poolMember ? allow('reject', { state: 'afvist', claimant: 'keep', rejectionReason: transition.reason }) : notMember;
      return claimant ? allow('reject', { state: 'afvist', claimant: 'keep', rejectionReason: transition.reason }) : notClaimant;
  }
}

/** A request's fields that transitions change. */
export interface TransitionSubject extends DecisionSubject {
  version: number;
  closingNote: string | null;
  rejectionReason: string | null;
}

/** The request after an allowed change by `actor` (named `actorName`); the version moves on by one. */
export function applyChange<T extends TransitionSubject>(request: T, change: SparringChange, actor: { userId: string; name: string }): T {
  return {
    ...request,
    state: change.state,
    pool: change.pool ?? request.pool,
    claimedBy: change.claimant === 'set' ? actor.userId.toLowerCase() : change.claimant === 'clear' ? null : request.claimedBy,
    claimedByName: change.claimant === 'set' ? actor.name : change.claimant === 'clear' ? null : request.claimedByName,
    closingNote: change.closingNote !== undefined ? change.closingNote : request.closingNote,
    rejectionReason: change.rejectionReason !== undefined ? change.rejectionReason : request.rejectionReason,
    version: request.version + 1,
  };
}

/**
 * A stand-in for an action, to ask `decide` whether the actor may take it at all (before the
 * note, the reason or the target pool is known): forwarding is assumed possible to some other pool.
 */
export function probeTransition(action: SparringActionKind, currentPool: SparringPool): SparringTransition {
  switch (action) {
    case 'claim':
      return { kind: 'claim' };
    case 'release':
      return { kind: 'release' };
    case 'forward':
      return { kind: 'forward', to: currentPool === 'plc' ? 'akt' : 'plc', available: true };
    case 'close':
      return { kind: 'close', note: null };
    case 'reject':
      return { kind: 'reject', reason: '-' };
  }
}

/** The buttons `actor` should see on the request now. */
export function allowedActions(request: DecisionSubject, actor: ActorFacts): SparringActionKind[] {
  return SPARRING_ACTIONS.filter((a) => decide(request, probeTransition(a, request.pool), actor).ok);
}

// ---------------------------------------------------------------------------------------------
// SLA: a request unclaimed for two school days is reminded

export const SLA_SCHOOL_DAYS = 2;

/**
 * When a request routed to its pool at `routedAt` has waited `SLA_SCHOOL_DAYS` school days: the
 * same wall-clock time that many school days later. The clock only runs on school days: a request
 * routed on a weekend or in a holiday starts waiting at working-hours start of the next school day.
 */
export function slaDeadline(routedAt: Date, cal: SchoolCalendar, schoolDays: number = SLA_SCHOOL_DAYS): Date {
  let start = routedAt;
  let local = localDateTime(start, cal.timeZone);
  if (!isSchoolDay(local.date, cal)) {
    start = workdayStart(addSchoolDays(local.date, 1, cal), cal);
    local = localDateTime(start, cal.timeZone);
  }
  const date = addSchoolDays(local.date, schoolDays, cal);
  const leftover = (local.secondOfDay % 60) * 1000 + (((start.getTime() % 1000) + 1000) % 1000);
  return new Date(zonedTime(date, local.time, cal.timeZone).getTime() + leftover);
}
