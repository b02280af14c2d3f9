/**
 * The recommendation card's view builder: from a Recommendation to the card's view model. How the
 * advice is presented is decided here, never what it says: on a sparring step the request is the
 * main button and the adviser is not "efter behov" (the playbook's team meeting says so of the PLC
 * adviser in general; on the step that asks for that adviser it would contradict the step).
 */
import { LEVELS, type Recommendation, type StepId } from '../../domain/recommendation.js';
import { renderCard } from '../render.js';
import { caseHeading, type Card } from '../common.js';

/** What names the case at the top of the card (the intake's CaseLabel fits). */
export interface RecommendationCaseLabel {
  pseudonym: string | null;
  /** The team's title, e.g. "4.B – Fjordbakkeskolen". */
  team?: string | null;
}

/**
 * `label`: the case's pseudonym (and team) for the line at the top ("Sag: A.B., 4.B"); without it
 * the card shows no such line.
 */
export function recommendationCard(caseId: string, seq: number, r: Recommendation, label?: RecommendationCaseLabel): Card {
  const sparring = SPARRING_STEPS.has(r.step);
  const participants = (ps: string[]) => (sparring ? ps.map(withoutAsNeeded) : ps);
  return renderCard('recommendation', {
    caseId,
    seq,
    caseHeading: label ? caseHeading(label.pseudonym, label.team ?? null) : null,
    levels: LEVELS.map((id) => ({ id, title: levelTitle(id, r), current: id === r.level })),
    levelTitle: r.levelTitle,
    stepTitle: r.title,
    lead: r.lead.title,
    actors: r.actors.map((a) => a.title),
    meeting: r.meeting ? { title: r.meeting.title, participants: participants(r.meeting.participants) } : null,
    alternativeMeetings: r.alternativeMeetings.map((m) => ({ title: m.title, participants: participants(m.participants) })),
    consentNote: r.consentRequired
      ? 'Forældrenes samtykke er nødvendigt, før I går videre med dette trin (fx et arbejdsmøde om barnet eller en indstilling til PPV).'
      : null,
    missing: r.missing.map((m) => m.title),
    todo: r.todo,
    rationale: r.rationale,
    templates: r.templates.map((t) => ({ id: t.id, title: t.title })),
    safeguardingShown: r.safeguarding !== null,
    canRequestSparring: sparring,
  });
}

/** The steps whose recommendation card has "Anmod om sparring" as its main button. */
const SPARRING_STEPS: ReadonlySet<StepId> = new Set<StepId>(['sparring-plc', 'sparring-ekstern']);

/** "Vejleder fra PLC (efter behov)" → "Vejleder fra PLC": on a sparring step the adviser is why the meeting is held. */
const withoutAsNeeded = (participant: string) => participant.replace(/\s*\(efter behov\)\s*$/i, '');

const LEVEL_SHORT: Record<(typeof LEVELS)[number], string> = {
  forebyggende: 'Forebyggende',
  foregribende: 'Foregribende',
  indgribende: 'Indgribende',
};
const levelTitle = (id: (typeof LEVELS)[number], _r: Recommendation) => LEVEL_SHORT[id];
