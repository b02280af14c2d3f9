/**
 * The rules of the intervention ladder, in order, as one walk over the answers: the flow of
 * questions and the first rule that matches. Where a rule reads an answer that is not there, the
 * walk stops with that question (Unanswered); otherwise it ends in a Decision (the step, who, which
 * meeting and templates, whether consent is needed, and why).
 *
 * The flow: scope, areas and safety first (then acuteDanger when there are signs of danger, and
 * homeConcern when violence or sexual abuse is flagged without neglect); then the rules, each
 * asking only what it reads. childPerspective comes right after data for a child (unless the data
 * hold a pupil conversation: the child has been heard), parents and tried right after plan.
 *
 * Rule 0: while the parents wait for the municipality (the suspicion concerns the home), a step
 * that would involve them is held: `held` gives `afvent-kommunen` in its place.
 */
import type { Adviser, Intake, IntakeField } from './intake.js';
import { childHeardInData } from './intake.js';
import { BECAUSE } from './ladder-texts.js';
import { isExternalAdviser } from './pku.js';
import type { Playbook } from './playbook.js';
import type { ActorId, Level, MeetingId, StepId, TemplateId } from './recommendation.js';
import { asksHomeConcern, parentsOnHold } from './safeguarding.js';

// ---------------------------------------------------------------------------------------------
// Reading the answers: every read is recorded; a missing answer becomes the next question.

/** Thrown inside the walk when a rule needs an answer that is not there yet. Never escapes. */
export class Unanswered {
  constructor(readonly field: IntakeField) {}
}

export class Answers {
  /** The answered fields the rules read, in the order they read them. */
  readonly read: IntakeField[] = [];

  constructor(private readonly intake: Intake) {}

  /** The answer a rule needs: when it is missing, that is the next question. */
  need<F extends IntakeField>(field: F): NonNullable<Intake[F]> {
    const value = this.intake[field];
    if (value === undefined) throw new Unanswered(field);
    this.note(field);
    return value as NonNullable<Intake[F]>;
  }

  /** An answer that is used when given but never asked for (e.g. for `missing`). */
  peek<F extends IntakeField>(field: F): Intake[F] {
    const value = this.intake[field];
    if (value !== undefined) this.note(field);
    return value;
  }

  /** An answer the walk has already read, or undefined when the flow has not reached it. */
  known<F extends IntakeField>(field: F): Intake[F] {
    return this.read.includes(field) ? this.intake[field] : undefined;
  }

  private note(field: IntakeField): void {
    if (!this.read.includes(field)) this.read.push(field);
  }
}

// ---------------------------------------------------------------------------------------------
// The rules, in order. Each match is a Decision; the recommendation is built from it.

export interface Decision {
  level: Level;
  step: StepId;
  lead: ActorId;
  actors: ActorId[];
  meeting: MeetingId | null;
  alternativeMeetings: MeetingId[];
  templates: TemplateId[];
  consentRequired: boolean;
  /** Danish sentences saying why, each naming the part of the guide it rests on. */
  because: string[];
}

/** What the walk learnt besides the decision. */
export interface Walked {
  decision: Decision;
  scope: 'faellesskab' | 'barn';
  onHold: boolean;
}

const ADVISER_ACTOR: Record<Adviser, ActorId> = {
  plc: 'plc-vejleder',
  akt: 'akt-vejleder',
  praksisvejleder: 'praksisvejleder',
  'raadgivende-team': 'raadgivende-team',
  familieraadgivning: 'familieraadgivning',
};

const decision = (d: Partial<Decision> & Pick<Decision, 'level' | 'step' | 'because'>): Decision => ({
  lead: 'team',
  actors: [d.lead ?? 'team'],
  meeting: null,
  alternativeMeetings: [],
  templates: [],
  consentRequired: false,
  ...d,
});

/** Builds a decision at the foregribende level, led by the reason for being there. */
type Foregribende = (d: Pick<Decision, 'step' | 'because'> & Partial<Omit<Decision, 'level'>>) => Decision;

/** Walks the flow and the rules; throws Unanswered for the next question. */
export function decide(a: Answers): Walked {
  const scope = a.need('scope');
  a.need('areas');
  const safety = a.need('safety');
  if (safety.length > 0) a.need('acuteDanger');
  else a.peek('acuteDanger');
  if (asksHomeConcern(safety)) a.need('homeConcern');
  const onHold = parentsOnHold({ safety, homeConcern: a.known('homeConcern') });
  const done = (d: Decision): Walked => ({ decision: d, scope, onHold });

  // 1. Data (the child is heard right after, unless the data already hold a pupil conversation)
  const data = a.need('data');
  if (scope === 'barn' && !childHeardInData(data)) a.need('childPerspective');
  if (data.length === 0) {
    return done(
      decision({
        level: 'forebyggende',
        step: 'indsaml-data',
        meeting: 'teammoede',
        templates: ['dataplan'],
        because: [BECAUSE.indsamlData],
      }),
    );
  }

  // 2. The team
  if (!a.need('teamDiscussed')) {
    return done(
      decision({
        level: 'forebyggende',
        step: 'droeft-i-teamet',
        meeting: 'teammoede',
        templates: ['dagsorden-teammoede'],
        because: [BECAUSE.droeftITeamet],
      }),
    );
  }

  // 3. The plan (parents and tried are asked right after it)
  const plan = a.need('plan');
  if (scope === 'barn') a.need('parents');
  if (plan !== 'ingen') a.need('tried');
  if (plan === 'ingen') {
    // Planning involves the child and its parents, unless the parents wait for the municipality.
    const involved: ActorId[] = scope === 'barn' ? (onHold ? ['team', 'barnet'] : ['team', 'barnet', 'foraeldre']) : ['team'];
    return done(
      decision({
        level: 'forebyggende',
        step: 'udarbejd-plan',
        meeting: 'teammoede',
        actors: involved,
        templates: scope === 'barn' ? ['plan-faellesskab', 'plan-barn'] : ['plan-faellesskab'],
        because: [BECAUSE.udarbejdPlan, ...(scope === 'barn' ? [BECAUSE.planerForBegge] : [])],
      }),
    );
  }

  // 4.–5. The evaluation
  const evaluated = a.need('planEvaluated');
  if (evaluated === 'ikke-endnu') {
    return done(
      decision({
        level: 'forebyggende',
        step: 'evaluer-plan',
        meeting: 'teammoede',
        templates: ['evaluering'],
        because: [BECAUSE.evaluerPlan],
      }),
    );
  }
  const advisers = a.need('advisers');
  if (evaluated === 'virker' && advisers.length === 0) {
    return done(decision({ level: 'forebyggende', step: 'fortsaet-plan', templates: ['evaluering'], because: [BECAUSE.fortsaetPlan] }));
  }

  // 6. Foregribende
  const foregribende: Foregribende = (d) =>
    decision({ ...d, level: 'foregribende', because: [BECAUSE.foregribende(evaluated), ...d.because] });
  const involved = advisers.map((x) => ADVISER_ACTOR[x]);

  // 6a. PLC first
  if (advisers.length === 0) {
    return done(
      foregribende({
        step: 'sparring-plc',
        actors: ['team', 'plc-vejleder'],
        meeting: 'teammoede',
        templates: ['sparringsanmodning', 'plan-faellesskab'],
        because: [BECAUSE.sparringPlc],
      }),
    );
  }

  // 6b–c. The advisers' actions
  const effect = a.need('adviserEffect');
  if (effect === 'ikke-endnu') {
    return done(
      foregribende({
        step: 'evaluer-plan',
        actors: unique(['team', ...involved]),
        templates: ['evaluering'],
        because: [BECAUSE.vejledereIGang],
      }),
    );
  }
  if (effect === 'virker') {
    return done(
      foregribende({
        step: 'fortsaet-plan',
        actors: unique(['team', ...involved]),
        templates: ['evaluering'],
        because: [BECAUSE.sparringVirker],
      }),
    );
  }

  // 6d. External advisers, in a work meeting: about a child only with the parents' consent to it,
  // agreed with them at a network meeting first.
  if (!advisers.some(isExternalAdviser)) {
    const consentRequired = scope === 'barn' && !a.need('consents').includes('arbejdsmoede');
    return done(
      foregribende({
        step: 'sparring-ekstern',
        consentRequired,
        actors: ['team', 'plc-vejleder', 'praksisvejleder', 'raadgivende-team', 'skoleledelse'],
        meeting: consentRequired ? 'netvaerksmoede' : 'arbejdsmoede',
        alternativeMeetings: consentRequired ? ['arbejdsmoede'] : [],
        templates: ['sparringsanmodning', 'dagsorden-arbejdsmoede', ...(consentRequired ? (['dagsorden-netvaerksmoede'] as const) : [])],
        because: [BECAUSE.sparringEkstern(effect), ...(consentRequired ? [BECAUSE.arbejdsmoedeKraeverSamtykke] : [])],
      }),
    );
  }

  // 6e. A community concern goes no further than the district council: a class is never referred.
  if (scope === 'faellesskab') {
    return done(
      foregribende({
        step: 'distriktsraad',
        lead: 'skoleledelse',
        actors: ['skoleledelse', 'distriktsraad'],
        meeting: 'distriktsraadsmoede',
        templates: ['dagsorden-distriktsraad'],
        because: [BECAUSE.distriktsraadFaellesskab, BECAUSE.faellesskabHenvisesIkke],
      }),
    );
  }

  // 6f–f2. Plans for the child and for the community around it
  if (plan === 'faellesskab') {
    return done(
      foregribende({
        step: 'plan-for-barnet',
        actors: unique(['team', ...involved]),
        templates: ['plan-barn'],
        because: [BECAUSE.planForBarnet, BECAUSE.barnetsStemme],
      }),
    );
  }
  if (plan === 'barn') {
    return done(
      foregribende({
        step: 'plan-for-faellesskabet',
        actors: unique(['team', ...involved]),
        templates: ['plan-faellesskab'],
        because: [BECAUSE.planForFaellesskabet],
      }),
    );
  }

  // 6g. The network meeting
  if (!a.need('networkMeetingHeld')) {
    return done(networkMeeting(foregribende, involved, [BECAUSE.netvaerksmoede, BECAUSE.aftalerPaaNetvaerksmoede], false));
  }

  // 6h–i. The PPV (its consent is not asked while the parents are on hold: the step waits anyway)
  const ppv = a.need('ppv');
  if (ppv === 'ingen') {
    const consentRequired = !onHold && !a.need('consents').includes('ppv');
    return done(
      foregribende({
        step: 'ppv',
        lead: 'skoleledelse',
        actors: ['skoleledelse', 'raadgivende-team', 'foraeldre'],
        templates: ['indstilling-ppv'],
        consentRequired,
        because: [BECAUSE.ppv, BECAUSE.ppvKvalificerer, ...(consentRequired ? [BECAUSE.ppvSamtykke] : [])],
      }),
    );
  }
  if (ppv === 'indstillet') {
    return done(foregribende({ step: 'afvent-ppv', templates: ['evaluering'], because: [BECAUSE.afventPpv] }));
  }

  // 6i2–i3. The leader's decision after a party hearing (a hearing, not a consent)
  const leaderDecision = a.need('leaderDecision');
  if (leaderDecision === 'ikke-truffet') {
    return done(
      foregribende({
        step: 'afgoerelse',
        lead: 'skoleledelse',
        actors: ['skoleledelse', 'raadgivende-team', 'foraeldre', 'barnet'],
        templates: ['sagsfremstilling'],
        because: [BECAUSE.afgoerelse, BECAUSE.vidtgaaendeHenvises],
      }),
    );
  }
  if (leaderDecision === 'paa-skolen') {
    return done(
      foregribende({
        step: 'bistand-paa-skolen',
        lead: 'skoleledelse',
        actors: ['team', 'skoleledelse', 'plc-vejleder', 'raadgivende-team'],
        meeting: 'teammoede',
        templates: ['plan-barn', 'evaluering'],
        because: [BECAUSE.bistandPaaSkolen, BECAUSE.taetPaaAlmenomraadet],
      }),
    );
  }

  // 6j. The district council, after agreement with the parents
  if (!a.need('districtCouncil')) {
    const consentRequired = !a.need('consents').includes('distriktsraad');
    return done(
      foregribende({
        step: 'distriktsraad',
        lead: 'skoleledelse',
        actors: ['skoleledelse', 'distriktsraad'],
        meeting: 'distriktsraadsmoede',
        templates: ['dagsorden-distriktsraad'],
        consentRequired,
        because: [BECAUSE.distriktsraadBarn, ...(consentRequired ? [BECAUSE.distriktsraadSamtykke] : [])],
      }),
    );
  }

  // 6k–l. The parents' and the advisory psychologist's agreement to the referral
  if (!a.need('consents').includes('henvisning')) {
    return done(networkMeeting(foregribende, involved, [BECAUSE.henvisningSamtykke, BECAUSE.aftalenPaaNetvaerksmoede], true));
  }
  if (a.need('psychologistAgrees') !== true) {
    return done(
      foregribende({
        step: 'afklar-med-psykolog',
        lead: 'skoleledelse',
        actors: ['skoleledelse', 'raadgivende-team'],
        because: [BECAUSE.afklarMedPsykolog],
      }),
    );
  }

  // 7. The referral
  return done(
    decision({
      level: 'indgribende',
      step: 'henvisning-pku',
      lead: 'skoleledelse',
      actors: ['skoleledelse', 'raadgivende-team', 'foraeldre'],
      templates: ['henvisning-pku'],
      because: [...BECAUSE.henvisning],
    }),
  );
}

/** 6g (no network meeting yet) and 6k (no agreement with the parents about the referral yet). */
function networkMeeting(foregribende: Foregribende, involved: ActorId[], because: string[], forConsent: boolean): Decision {
  return foregribende({
    step: 'netvaerksmoede',
    lead: 'skoleledelse',
    actors: unique(['team', 'barnet', 'foraeldre', ...involved, 'skoleledelse']),
    meeting: 'netvaerksmoede',
    templates: ['dagsorden-netvaerksmoede'],
    consentRequired: forConsent,
    because,
  });
}

export function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

// ---------------------------------------------------------------------------------------------
// Rule 0: while the parents wait for the municipality, a step that involves them is held.

/** The steps that involve the parents, whatever the consent. */
const STEPS_WITH_PARENTS: ReadonlySet<StepId> = new Set<StepId>(['netvaerksmoede', 'ppv', 'afgoerelse', 'henvisning-pku']);

export function involvesParents(d: Decision): boolean {
  return STEPS_WITH_PARENTS.has(d.step) || d.consentRequired;
}

/** `afvent-kommunen` in place of the held step: same level, but a held referral stays foregribende. */
export function held(d: Decision, playbook: Playbook): Decision {
  return decision({
    level: d.level === 'indgribende' ? 'foregribende' : d.level,
    step: 'afvent-kommunen',
    lead: 'skoleledelse',
    actors: ['skoleledelse', 'team'],
    because: [BECAUSE.venterPaaKommunen(playbook.steps[d.step].title)],
  });
}
