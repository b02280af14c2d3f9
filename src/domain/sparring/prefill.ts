/**
 * What the request form starts from: the kinds of help the case's step suggests, and a
 * pseudonymous summary built from the stored case (never the teacher's own free text).
 */
import { HELP_KINDS, type HelpKind } from '../plans/index.js';
import type { Area, Scope } from '../intake.js';
import { AREA_LABELS } from '../questions.js';
import type { StepId } from '../recommendation.js';
import { SUMMARY_MAX } from './form.js';

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

/** "Fleksibel holddannelse" → "fleksibel holddannelse" inside a sentence; an abbreviation ("SMTTE", "PALS") stays. */
const lower = (s: string) => (/^\p{Lu}\p{Ll}/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/**
 * The pseudonymous summary the form starts from, built from the stored case: who (the case's
 * pseudonym, never a name), the level it is on, the concern's areas and what the team has tried
 * (the playbook's titles of the case's `tried` actions). The teacher's own description is left out
 * on purpose: it is free text that may name the child. The step's title is left out too: it names
 * an adviser ("… hos en PLC-vejleder"), and the teacher chooses the group on the same card, so
 * the summary holds for whichever group she picks; the group itself is on the request.
 */
export function sparringSummary(input: {
  pseudonym: string | null;
  scope: Scope | undefined;
  levelTitle?: string | null;
  areas?: readonly Area[];
  /** The titles of the actions tried (the playbook's), in the case's order. */
  tried?: readonly string[];
}): string {
  const who = input.pseudonym ?? (input.scope === 'barn' ? 'Et barn' : 'Et læringsfællesskab');
  const parts = [`${who}.`];
  if (input.levelTitle) parts.push(`${input.levelTitle}.`);
  if (input.areas?.length) parts.push(`Bekymringen handler om ${listText(input.areas.map((a) => lower(AREA_LABELS[a])))}.`);
  if (input.tried?.length) parts.push(`Afprøvet indtil nu: ${listText(input.tried.map(lower))}.`);
  const text = parts.join(' ');
  return [...text].length > SUMMARY_MAX ? [...text].slice(0, SUMMARY_MAX).join('') : text;
}
