/**
 * Sparring groups (pools) and the consent rule that depends on them. The groups are the
 * organisation directory's: a school's `plc` and `akt`, a district's `praksisvejleder`,
 * `raadgivende-team` and `familieraadgivning` (the intake's ADVISERS). A card carries only the
 * pool id; which school or district it belongs to comes from the stored case. A request about one
 * child may only go to a district group (advisers outside the school) with the parents' consent.
 */
import { ADVISERS, type Adviser } from '../intake.js';
import type { StepId } from '../recommendation.js';

/** The five adviser groups a request can be routed to (the intake's ADVISERS). */
export const SPARRING_POOLS = ADVISERS;
export type SparringPool = Adviser;

/** Groups of the case's school. */
export const SCHOOL_SPARRING_POOLS = ['plc', 'akt'] as const satisfies readonly SparringPool[];
/** Groups of the school's district: advisers outside the school. */
export const DISTRICT_SPARRING_POOLS = [
  'praksisvejleder',
  'raadgivende-team',
  'familieraadgivning',
] as const satisfies readonly SparringPool[];
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

/**
 * What a group's members are called: the school's PLC and AKT and the district's practice advisers
 * are "vejledere" (they guide the teachers' practice); the advisory team (psychologists, social
 * workers) and family services are "rådgivere". The cards say "vejledere" or "rådgivere" as fits.
 */
export const POOL_MEMBERS: Record<SparringPool, { one: string; many: string; the: string }> = {
  plc: { one: 'vejleder', many: 'vejledere', the: 'vejlederne' },
  akt: { one: 'vejleder', many: 'vejledere', the: 'vejlederne' },
  praksisvejleder: { one: 'vejleder', many: 'vejledere', the: 'vejlederne' },
  'raadgivende-team': { one: 'rådgiver', many: 'rådgivere', the: 'rådgiverne' },
  familieraadgivning: { one: 'rådgiver', many: 'rådgivere', the: 'rådgiverne' },
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
 * `alternativePools`); any other step (or none yet) → PLC.
 */
export function proposedPool(stepId: StepId | null | undefined): SparringPool {
  return stepId === 'sparring-ekstern' ? 'praksisvejleder' : 'plc';
}

/** Other groups that fit the step, after the proposed one. */
export function alternativePools(stepId: StepId | null | undefined): SparringPool[] {
  return stepId === 'sparring-ekstern' ? ['raadgivende-team'] : [];
}

// ---------------------------------------------------------------------------------------------
// Consent

export const CONSENT_REFUSAL =
  'Forældrene skal have givet samtykke, før en anmodning om et barn sendes til vejledere eller rådgivere uden for skolen.';

/** A request about one child to advisers outside the school needs the parents' consent. */
export function consentRequired(childSpecific: boolean, pool: SparringPool): boolean {
  return childSpecific && isDistrictPool(pool);
}

/** CONSENT_REFUSAL when the request may not be sent, null when it may. */
export function checkConsent(input: { childSpecific: boolean; pool: SparringPool; parentsConsent: boolean | null }): string | null {
  return consentRequired(input.childSpecific, input.pool) && input.parentsConsent !== true ? CONSENT_REFUSAL : null;
}
