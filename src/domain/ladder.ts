/**
 * The intervention ladder (indsatstrappen): from the answers of the intake to the next question or
 * the recommended step.
 *
 * `next(intake, playbook)` walks the rules in order (ladder-rules.ts). Where a rule needs an answer
 * that is not there, it returns that question instead of guessing; when a rule matches, the
 * recommendation is built here: titles from the playbook, the family addition, the unmet PKU
 * prerequisites, safeguarding, reminders and the reasons. Pure: identical input gives identical
 * output (no clock, no randomness).
 *
 * Safeguarding (rule 0) stands beside every step. When the suspicion concerns the home, the
 * parents are on hold: a step that would involve them waits (`afvent-kommunen`, `heldStep`).
 * The Danish sentences and reminders live in ladder-texts.ts, safeguarding in safeguarding.ts.
 */
import type { Intake, IntakeField } from './intake.js';
import { INTAKE_FIELDS } from './intake.js';
import { Answers, Unanswered, decide, held, involvesParents, unique, type Decision, type Walked } from './ladder-rules.js';
import { BECAUSE, TODO } from './ladder-texts.js';
import { PREREQUISITE_FIELDS, prerequisitesMet } from './pku.js';
import type { Playbook } from './playbook.js';
import {
  PREREQUISITES,
  type ActorId,
  type MeetingId,
  type MeetingSuggestion,
  type NextResult,
  type PrerequisiteId,
  type Recommendation,
  type Titled,
} from './recommendation.js';
import { safeguardingFor } from './safeguarding.js';

export { prerequisitesMet } from './pku.js';
export { safeguardingFor } from './safeguarding.js';

// ---------------------------------------------------------------------------------------------
// From a decision to the recommendation

const titled = <Id extends string>(id: Id, entries: Record<Id, { title: string }>): Titled<Id> => ({ id, title: entries[id].title });

function meetingOf(id: MeetingId, playbook: Playbook): MeetingSuggestion {
  const m = playbook.meetings[id];
  return { id, title: m.title, participants: [...m.participants] };
}

/**
 * The unmet PKU prerequisites, listed only once a referral is in view: at foregribende, for a
 * child, with a PPV asked for or received, and not when the support is given at the school.
 */
function missingFor(d: Decision, w: Walked, a: Answers, intake: Intake): PrerequisiteId[] {
  if (d.level !== 'foregribende' || w.scope !== 'barn' || d.step === 'bistand-paa-skolen') return [];
  const ppv = a.peek('ppv');
  if (ppv !== 'indstillet' && ppv !== 'foreligger') return [];
  for (const field of PREREQUISITE_FIELDS) a.peek(field);
  const met = prerequisitesMet(intake);
  return PREREQUISITES.filter((p) => !met[p]);
}

function todoFor(d: Decision, w: Walked, a: Answers): string[] {
  const todo: string[] = [];
  if (w.onHold) todo.push(TODO.venterPaaKommunen);
  if (w.scope === 'barn' && a.known('childPerspective') === false) todo.push(TODO.barnetsPerspektiv);
  const parents = a.known('parents');
  if (!w.onHold && parents === 'ikke-inddraget') todo.push(TODO.orienterForaeldrene);
  if (!w.onHold && parents === 'orienteret' && d.level !== 'forebyggende') todo.push(TODO.inddragForaeldrene);
  if (w.scope === 'faellesskab') {
    todo.push(TODO.boerneGruppen);
    if (!w.onHold) todo.push(TODO.foraeldreIKlassen);
  }
  if (d.level === 'foregribende' && w.scope === 'barn' && !(a.known('tried') ?? []).includes('mellemform')) todo.push(TODO.mellemform);
  if (!w.onHold && (a.known('areas') ?? []).includes('familie') && !(a.peek('consents') ?? []).includes('familieraadgivning')) {
    todo.push(TODO.familieraadgivning);
  }
  if (d.templates.includes('plan-faellesskab') || d.templates.includes('plan-barn')) todo.push(TODO.tovholder);
  if (d.level === 'indgribende') todo.push(TODO.pkuAfgoerelse);
  return todo;
}

function recommendation(w: Walked, a: Answers, intake: Intake, playbook: Playbook): Recommendation {
  const picked = w.decision;
  const d = w.onHold && involvesParents(picked) ? held(picked, playbook) : picked;
  // Family services come in after agreement with the family: not while the parents wait.
  const familie = !w.onHold && d.level === 'foregribende' && (a.known('areas') ?? []).includes('familie');
  const actors = familie ? unique<ActorId>([...d.actors, 'familieraadgivning']) : d.actors;
  const alternatives = familie ? unique<MeetingId>([...d.alternativeMeetings, 'familieraadslagning']) : d.alternativeMeetings;
  const missing = missingFor(d, w, a, intake);
  const safeguarding = safeguardingFor(
    { safety: a.known('safety'), acuteDanger: a.known('acuteDanger'), homeConcern: a.known('homeConcern') },
    playbook,
  );
  const rationale = [
    ...(safeguarding ? [BECAUSE.sikkerhed] : []),
    ...d.because,
    ...(familie ? [BECAUSE.familie] : []),
    ...(missing.length > 0 ? [BECAUSE.mangler] : []),
  ];
  return {
    level: d.level,
    levelTitle: playbook.levels[d.level].title,
    step: d.step,
    title: playbook.steps[d.step].title,
    lead: titled(d.lead, playbook.actors),
    actors: actors.map((id) => titled(id, playbook.actors)),
    meeting: d.meeting ? meetingOf(d.meeting, playbook) : null,
    alternativeMeetings: alternatives.map((id) => meetingOf(id, playbook)),
    consentRequired: d.consentRequired,
    heldStep: d === picked ? null : picked.step,
    templates: d.templates.map((id) => titled(id, playbook.templates)),
    missing: missing.map((id) => titled(id, playbook.prerequisites)),
    safeguarding,
    todo: todoFor(d, w, a),
    rationale,
    basedOn: [...a.read],
  };
}

/** Rule 7 rests on every prerequisite; reaching it otherwise is a bug in the rules above. */
function assertPrerequisites(intake: Intake): void {
  const met = prerequisitesMet(intake);
  const unmet = PREREQUISITES.filter((p) => !met[p]);
  if (unmet.length > 0) throw new Error(`BUG: henvisning-pku reached with unmet prerequisites: ${unmet.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// The public API

interface Walk {
  result: NextResult;
  read: IntakeField[];
}

function walk(intake: Intake, playbook: Playbook): Walk {
  const answers = new Answers(intake);
  let w: Walked;
  try {
    w = decide(answers);
  } catch (e) {
    if (e instanceof Unanswered) return { result: { kind: 'question', field: e.field }, read: answers.read };
    throw e;
  }
  if (w.decision.step === 'henvisning-pku') assertPrerequisites(intake);
  const rec = recommendation(w, answers, intake, playbook);
  return { result: { kind: 'recommendation', recommendation: rec }, read: answers.read };
}

/** The next question to ask, or the recommendation when the answers decide it. Pure. */
export function next(intake: Intake, playbook: Playbook): NextResult {
  return walk(intake, playbook).result;
}

/**
 * The answers that still matter: those the flow asked or read on the way to the current result,
 * plus the description. Answers left over after the user went back and changed one are dropped.
 */
export function relevantIntake(intake: Intake, playbook: Playbook): Intake {
  const keep = new Set<IntakeField>(['description', ...walk(intake, playbook).read]);
  const out: Record<string, unknown> = {};
  for (const field of INTAKE_FIELDS) {
    if (keep.has(field) && intake[field] !== undefined) out[field] = intake[field];
  }
  return out as Intake;
}
