/**
 * The recommendation card's view builder: from a Recommendation to the card's view model.
 */
import { LEVELS, type Recommendation, type StepId } from '../../domain/recommendation.js';
import { renderCard } from '../render.js';
import type { Card } from '../common.js';

export function recommendationCard(caseId: string, seq: number, r: Recommendation): Card {
  return renderCard('recommendation', {
    caseId,
    seq,
    levels: LEVELS.map((id) => ({ id, title: levelTitle(id, r), current: id === r.level })),
    levelTitle: r.levelTitle,
    stepTitle: r.title,
    lead: r.lead.title,
    actors: r.actors.map((a) => a.title),
    meeting: r.meeting ? { title: r.meeting.title, participants: r.meeting.participants } : null,
    alternativeMeetings: r.alternativeMeetings.map((m) => ({ title: m.title, participants: m.participants })),
    consentNote: r.consentRequired
      ? 'Forældrenes samtykke er nødvendigt, før I går videre med dette trin (fx et arbejdsmøde om barnet eller en indstilling til PPV).'
      : null,
    missing: r.missing.map((m) => m.title),
    todo: r.todo,
    rationale: r.rationale,
    templates: r.templates.map((t) => t.title),
    safeguardingShown: r.safeguarding !== null,
    canRequestSparring: SPARRING_STEPS.has(r.step),
  });
}

/** The steps whose recommendation card offers "Anmod om sparring". */
const SPARRING_STEPS: ReadonlySet<StepId> = new Set<StepId>(['sparring-plc', 'sparring-ekstern']);

const LEVEL_SHORT: Record<(typeof LEVELS)[number], string> = {
  forebyggende: 'Forebyggende',
  foregribende: 'Foregribende',
  indgribende: 'Indgribende',
};
const levelTitle = (id: (typeof LEVELS)[number], _r: Recommendation) => LEVEL_SHORT[id];
