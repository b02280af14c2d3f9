/**
 * The intervention ladder (shared/domain/ladder.md §6, shared/domain/intake.md "The flow").
 *
 * `next(intake, playbook)` walks the rules in order. Where a rule needs an answer that is not
 * there, it returns that question instead of guessing; when a rule matches, the recommendation is
 * ready. Pure: identical input gives identical output (no clock, no randomness).
 */
import type { Adviser, Intake, IntakeField, SafetyConcern } from './intake.js';
import { INTAKE_FIELDS } from './intake.js';
import type { Playbook } from './playbook.js';
import {
  PREREQUISITES,
  type ActorId,
  type Level,
  type MeetingId,
  type MeetingSuggestion,
  type NextResult,
  type PrerequisiteId,
  type Recommendation,
  type Safeguarding,
  type StepId,
  type TemplateId,
  type Titled,
} from './recommendation.js';

// ---------------------------------------------------------------------------------------------
// Prerequisites for a PKU referral (§5)

/** Which PKU prerequisites (§5) the answers meet. An unanswered field meets nothing. */
export function prerequisitesMet(intake: Intake): Record<PrerequisiteId, boolean> {
  const advisers = intake.advisers ?? [];
  return {
    'ppv-foreligger': intake.ppv === 'foreligger',
    'forebyggende-afproevet': intake.plan !== undefined && intake.plan !== 'ingen'
      && intake.planEvaluated !== undefined && intake.planEvaluated !== 'ikke-endnu',
    'foregribende-afproevet': advisers.some(isExternalAdviser)
      && (intake.adviserEffect === 'delvist' || intake.adviserEffect === 'virker-ikke'),
    'plan-for-barnet': intake.plan === 'barn' || intake.plan === 'begge',
    'distriktsraad-droeftet': intake.districtCouncil === true,
    'foraeldreaftale': intake.parentsConsent === true,
  };
}

/** The answers §5 reads. */
const PREREQUISITE_FIELDS: readonly IntakeField[] = [
  'ppv', 'plan', 'planEvaluated', 'advisers', 'adviserEffect', 'districtCouncil', 'parentsConsent',
];

function isExternalAdviser(adviser: Adviser): boolean {
  return adviser === 'praksisvejleder' || adviser === 'raadgivende-team';
}

// ---------------------------------------------------------------------------------------------
// Reading the answers: every read is recorded; a missing answer becomes the next question.

/** Thrown inside the walk when a rule needs an answer that is not there yet. Never escapes. */
class Unanswered {
  constructor(readonly field: IntakeField) {}
}

class Answers {
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
// The rules (§6), in order. Each match is a Decision; the recommendation is built from it.

interface Decision {
  level: Level;
  step: StepId;
  lead: ActorId;
  actors: ActorId[];
  meeting: MeetingId | null;
  templates: TemplateId[];
  consentRequired: boolean;
  /** Danish sentences saying why, each naming the part of the guide it rests on. */
  because: string[];
}

const GUIDE = 'handleguiden';
const cite = (part: string) => `(${GUIDE}, ${part})`;

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
  templates: [],
  consentRequired: false,
  ...d,
});

/** Walks the flow of intake.md and the rules of §6; throws Unanswered for the next question. */
function decide(a: Answers): Decision {
  const scope = a.need('scope');
  a.need('areas');
  const safety = a.need('safety');
  if (safety.length > 0) a.need('acuteDanger');
  else a.peek('acuteDanger');

  // 1. Data
  const data = a.need('data');
  if (scope === 'barn') a.need('childPerspective');
  if (data.length === 0) {
    return decision({
      level: 'forebyggende', step: 'indsaml-data', meeting: 'teammoede', templates: ['dataplan'],
      because: [`Der er endnu ikke indsamlet data. Observationer og data om læringsfællesskabet og barnet er afsættet for de forebyggende indsatser ${cite('»Vejen til styrkede læringsfællesskaber for alle børn og unge«')}.`],
    });
  }

  // 2. The team
  if (!a.need('teamDiscussed')) {
    return decision({
      level: 'forebyggende', step: 'droeft-i-teamet', meeting: 'teammoede', templates: ['dagsorden-teammoede'],
      because: [`Bekymringen er ikke drøftet i teamet endnu. Teamet er det professionelle læringsfællesskab, hvor data drøftes og indsatserne besluttes ${cite('»Styrkelse af almenområdet gennem forebyggende og foregribende indsatser«')}.`],
    });
  }

  // 3. The plan (parents and tried are asked right after it)
  const plan = a.need('plan');
  if (scope === 'barn') a.need('parents');
  if (plan !== 'ingen') a.need('tried');
  if (plan === 'ingen') {
    return decision({
      level: 'forebyggende', step: 'udarbejd-plan', meeting: 'teammoede',
      actors: scope === 'barn' ? ['team', 'barnet', 'foraeldre'] : ['team'],
      templates: scope === 'barn' ? ['plan-faellesskab', 'plan-barn'] : ['plan-faellesskab'],
      because: [`Der er ingen mål- og indsatsplan. Alle indsatser beskrives med mål, tegn og evaluering i en skriftlig plan, og indsatserne rettes altid mod det fællesskab, barnet er en del af ${cite('»Mål- og indsatsplaner«')}.`],
    });
  }

  // 4.–5. The evaluation
  const evaluated = a.need('planEvaluated');
  if (evaluated === 'ikke-endnu') {
    return decision({
      level: 'forebyggende', step: 'evaluer-plan', meeting: 'teammoede', templates: ['evaluering'],
      because: [`Planen er ikke evalueret endnu. Indsatserne følges op og evalueres ud fra målene, før I vurderer, om der er brug for mere ${cite('»Styrkelse af almenområdet gennem forebyggende og foregribende indsatser«')}.`],
    });
  }
  const advisers = a.need('advisers');
  if (evaluated === 'virker' && advisers.length === 0) {
    return decision({
      level: 'forebyggende', step: 'fortsaet-plan', templates: ['evaluering'],
      because: [`Evalueringen viser, at planen virker. Fortsæt, og justér indsatserne løbende ud fra målene og tegnene ${cite('»Mål- og indsatsplaner«')}.`],
    });
  }

  // 6. Foregribende
  const why6 = evaluated === 'virker'
    ? `Der er allerede inddraget vejledere, så sagen er på det foregribende niveau ${cite('»Faglig ledelse i de foregribende indsatser«')}.`
    : `Evalueringen viser, at de forebyggende indsatser ikke er tilstrækkelige, så der iværksættes en foregribende indsats ${cite('»Styrkelse af almenområdet gennem forebyggende og foregribende indsatser«')}.`;
  const foregribende: Foregribende = (d) => decision({ ...d, level: 'foregribende', because: [why6, ...d.because] });
  const involved = advisers.map((x) => ADVISER_ACTOR[x]);

  // 6a
  if (advisers.length === 0) {
    return foregribende({
      step: 'sparring-plc', actors: ['team', 'plc-vejleder'], meeting: 'teammoede',
      templates: ['sparringsanmodning', 'plan-faellesskab'],
      because: [`I har ikke fået sparring endnu. Teamet henvender sig først til en vejleder fra PLC, som bl.a. kan observere, deltage i teammøder og udvikle planen for læringsfællesskabet ${cite('oversigten over foregribende indsatser, »Sparring og vejledning«')}.`],
    });
  }

  // 6b–c
  const effect = a.need('adviserEffect');
  if (effect === 'ikke-endnu') {
    return foregribende({
      step: 'evaluer-plan', actors: unique(['team', ...involved]), templates: ['evaluering'],
      because: [`Vejledernes indsatser er stadig i gang. Følg op, og evaluér dem ud fra målene i planen, før I tager næste skridt ${cite('»Mål- og indsatsplaner«')}.`],
    });
  }
  if (effect === 'virker') {
    return foregribende({
      step: 'fortsaet-plan', actors: unique(['team', ...involved]), templates: ['evaluering'],
      because: [`Sparringen og de nye indsatser virker. Fortsæt, og justér planen løbende ud fra målene ${cite('»Mål- og indsatsplaner«')}.`],
    });
  }

  // 6d
  if (!advisers.some(isExternalAdviser)) {
    const consentRequired = scope === 'barn' && a.need('parentsConsent') !== true;
    return foregribende({
      step: 'sparring-ekstern', meeting: 'arbejdsmoede', consentRequired,
      actors: ['team', 'plc-vejleder', 'praksisvejleder', 'raadgivende-team', 'skoleledelse'],
      templates: ['sparringsanmodning', 'dagsorden-arbejdsmoede'],
      because: [
        `Sparringen fra skolens egne vejledere har ikke været nok. Næste led er en praksisvejleder eller Det rådgivende team, og et arbejdsmøde koordinerer de fælles indsatser ${cite('oversigten over foregribende indsatser, »Sparring og vejledning«')}.`,
        ...(consentRequired ? [`Et arbejdsmøde om et bestemt barn holdes kun med forældrenes samtykke ${cite('modellen for arbejdsmøde og netværksmøde')}.`] : []),
      ],
    });
  }

  // 6e
  if (scope === 'faellesskab') return districtCouncilStep(foregribende, 'faellesskab');

  // 6f
  if (plan === 'faellesskab') {
    return foregribende({
      step: 'plan-for-barnet', actors: unique(['team', ...involved]), templates: ['plan-barn'],
      because: [`Der er kun en plan for læringsfællesskabet. Barnet skal have en velbeskrevet mål- og indsatsplan med barnets stemme og forældrenes perspektiv ${cite('»Mål- og indsatsplaner« og »Børn og forældre – en inddragende tilgang«')}.`],
    });
  }

  // 6g
  if (!a.need('networkMeetingHeld')) return networkMeetingStep(foregribende, involved, false);

  // 6h–i
  const ppv = a.need('ppv');
  if (ppv === 'ingen') {
    const consentRequired = a.need('parentsConsent') !== true;
    return foregribende({
      step: 'ppv', lead: 'skoleledelse', actors: ['skoleledelse', 'raadgivende-team', 'foraeldre'],
      templates: ['indstilling-ppv'], consentRequired,
      because: [`Der er ingen pædagogisk-psykologisk vurdering. Efter aftale med forældrene indstilles barnet til en PPV, som altid indgår i grundlaget for en henvisning ${cite('oversigten over foregribende indsatser, »PPV«')}.`],
    });
  }
  if (ppv === 'indstillet') {
    return foregribende({
      step: 'afvent-ppv', templates: ['evaluering'],
      because: [`Barnet er indstillet til PPV. Fortsæt og evaluér indsatserne, mens I venter på vurderingen ${cite('»Faglig ledelse i de indgribende indsatser«')}.`],
    });
  }

  // 6j–k
  if (!a.need('districtCouncil')) return districtCouncilStep(foregribende, 'barn');
  if (a.need('parentsConsent') !== true) return networkMeetingStep(foregribende, involved, true);

  // 7
  return decision({
    level: 'indgribende', step: 'henvisning-pku', lead: 'skoleledelse',
    actors: ['skoleledelse', 'raadgivende-team', 'foraeldre'], templates: ['henvisning-pku'],
    because: [
      `Forebyggende og foregribende indsatser er afprøvet og evalueret, der foreligger en PPV og en plan for barnet, distriktsrådet har drøftet sagen, og der er aftale med forældrene: skoleledelsen kan henvise til Pædagogisk Koordinationsudvalg ${cite('»Faglig ledelse i de indgribende indsatser«')}.`,
      `Et indgribende tilbud gives for et år ad gangen og vurderes derefter igen ved revisitation ${cite('»Faglig ledelse i de indgribende indsatser«')}.`,
    ],
  });
}

/** Builds a decision at the foregribende level, led by the reason for being there. */
type Foregribende = (d: Pick<Decision, 'step' | 'because'> & Partial<Omit<Decision, 'level'>>) => Decision;

/** 6e (a community concern goes no further) and 6j (before a referral). */
function districtCouncilStep(foregribende: Foregribende, scope: 'faellesskab' | 'barn'): Decision {
  const because = scope === 'faellesskab'
    ? `Bekymringen gælder et læringsfællesskab, og den eksterne sparring er afprøvet. Skoleledelsen søger sparring i distriktsrådet om nye tilgange – et læringsfællesskab henvises aldrig til PKU ${cite('»Distriktsrådet som professionelt læringsfællesskab«')}.`
    : `Sagen er ikke drøftet i distriktsrådet. Skolelederen sikrer, at distriktsrådet har drøftet mulige indsatser, før der henvises til PKU ${cite('»Pædagogisk Koordinationsudvalg (PKU) som professionelt læringsfællesskab«')}.`;
  return foregribende({
    step: 'distriktsraad', lead: 'skoleledelse', actors: ['skoleledelse', 'distriktsraad'],
    meeting: 'distriktsraadsmoede', templates: ['dagsorden-distriktsraad'], because: [because],
  });
}

/** 6g (no network meeting yet) and 6k (no agreement with the parents yet). */
function networkMeetingStep(foregribende: Foregribende, involved: ActorId[], forConsent: boolean): Decision {
  const because = forConsent
    ? `Der er ikke aftale med forældrene. En henvisning til PKU sker altid efter aftale med forældrene, og aftalen indgås på et netværksmøde ${cite('oversigten over indgribende indsatser, »Henvisning til Pædagogisk Koordinationsudvalg«')}.`
    : `Der har ikke været holdt netværksmøde. Her mødes barnet, forældrene, teamet, vejlederne og skoleledelsen, og aftalerne om fx PPV, Familierådgivningen og distriktsrådet indgås ${cite('oversigten over foregribende indsatser, »Netværksmøde«')}.`;
  return foregribende({
    step: 'netvaerksmoede', lead: 'skoleledelse', actors: unique(['team', 'barnet', 'foraeldre', ...involved, 'skoleledelse']),
    meeting: 'netvaerksmoede', templates: ['dagsorden-netvaerksmoede'], consentRequired: forConsent, because: [because],
  });
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

// ---------------------------------------------------------------------------------------------
// Safeguarding (rule 0): always evaluated, never replaces the step.

const LAW = 'Barnets Lov § 133';
const SAFEGUARDING_BASIS = `${LAW} (skærpet underretningspligt)`;

/** The safeguarding block for the answers so far, or null when there is no sign of danger. */
export function safeguardingFor(intake: Intake, _playbook?: Playbook): Safeguarding | null {
  const concerns: SafetyConcern[] = [...(intake.safety ?? [])];
  const acute = intake.acuteDanger === true;
  if (concerns.length === 0 && !acute) return null;
  const actions = [
    ...(acute ? ['Ring 112 nu, og sørg for, at barnet er i sikkerhed, til hjælpen kommer.'] : []),
    'Fortæl det til skoleledelsen med det samme.',
    'Underret kommunen uden ophold. Du behøver ikke være sikker: det er nok, at du har grund til at antage, at barnet kan have brug for særlig støtte eller har været udsat for overgreb.',
    'Du behøver ikke forældrenes samtykke for at underrette.',
    'Hvis mistanken retter sig mod familien, må du ikke orientere forældrene, før kommunen er kontaktet. Aftal med kommunen, hvem der orienterer dem og hvornår.',
    'Skriv ned, hvad du har set og hørt, med dato og barnets egne ord – uden at udspørge barnet.',
  ];
  return {
    concerns,
    acute,
    title: acute ? 'Barnet er i akut fare – ring 112' : 'Skærpet underretningspligt – handl nu',
    actions,
    basis: SAFEGUARDING_BASIS,
    notifyLeadership: true,
  };
}

// ---------------------------------------------------------------------------------------------
// From a decision to the recommendation

const titled = <Id extends string>(id: Id, entries: Record<Id, { title: string }>): Titled<Id> => ({ id, title: entries[id].title });

function meetingOf(id: MeetingId, playbook: Playbook): MeetingSuggestion {
  const m = playbook.meetings[id];
  return { id, title: m.title, participants: [...m.participants] };
}

/** The unmet §5 prerequisites: listed at `foregribende` with `scope = barn` only. */
function missingFor(d: Decision, a: Answers, intake: Intake): PrerequisiteId[] {
  if (d.level !== 'foregribende' || a.known('scope') !== 'barn') return [];
  for (const field of PREREQUISITE_FIELDS) a.peek(field);
  const met = prerequisitesMet(intake);
  return PREREQUISITES.filter((p) => !met[p]);
}

function todoFor(d: Decision, a: Answers): string[] {
  const todo: string[] = [];
  if (a.known('scope') === 'barn' && a.known('childPerspective') === false) {
    todo.push('Inddrag barnets perspektiv: spørg barnet om dets egen oplevelse, fx i en elevsamtale, og skriv barnets stemme ind i planen.');
  }
  const parents = a.known('parents');
  if (parents === 'ikke-inddraget') todo.push('Orientér forældrene om bekymringen, og inddrag deres perspektiv.');
  if (parents === 'orienteret' && d.level !== 'forebyggende') {
    todo.push('Inddrag forældrene aktivt i indsatserne og i planen – barnet og forældrene er en naturlig del af de foregribende indsatser.');
  }
  if (d.templates.includes('plan-faellesskab') || d.templates.includes('plan-barn')) {
    todo.push('Giv planen en tovholder og en evalueringsdato, og vælg hellere få indsatser end mange.');
  }
  if (d.level === 'indgribende') {
    todo.push('Henvisningen gælder et år: sæt en påmindelse om revisitation 11 måneder efter afgørelsen.');
  }
  return todo;
}

function recommendation(d: Decision, a: Answers, intake: Intake, playbook: Playbook): Recommendation {
  const familie = d.level === 'foregribende' && (a.known('areas') ?? []).includes('familie');
  const actors = familie ? unique<ActorId>([...d.actors, 'familieraadgivning']) : d.actors;
  const missing = missingFor(d, a, intake);
  const safeguarding = safeguardingFor({ safety: a.known('safety'), acuteDanger: a.known('acuteDanger') }, playbook);
  const rationale = [
    ...(safeguarding ? [`Der er tegn på, at et barn ikke er i sikkerhed: den skærpede underretningspligt gælder nu, uanset trin på indsatstrappen (${LAW}).`] : []),
    ...d.because,
    ...(familie ? [`Familien er en del af bekymringen: efter aftale med familien kan Familierådgivningen inddrages, fx ved en familierådslagning ${cite('oversigten over foregribende indsatser, »Tværfagligt samarbejde med familierådgivningen«')}.`] : []),
    ...(missing.length > 0 ? [`En henvisning til PKU kræver, at alle forudsætninger er opfyldt; de manglende er listet ${cite('oversigten over indgribende indsatser, »Henvisning til Pædagogisk Koordinationsudvalg«')}.`] : []),
  ];
  return {
    level: d.level,
    levelTitle: playbook.levels[d.level].title,
    step: d.step,
    title: playbook.steps[d.step].title,
    lead: titled(d.lead, playbook.actors),
    actors: actors.map((id) => titled(id, playbook.actors)),
    meeting: d.meeting ? meetingOf(d.meeting, playbook) : null,
    alternativeMeetings: familie ? [meetingOf('familieraadslagning', playbook)] : [],
    consentRequired: d.consentRequired,
    templates: d.templates.map((id) => titled(id, playbook.templates)),
    missing: missing.map((id) => titled(id, playbook.prerequisites)),
    safeguarding,
    todo: todoFor(d, a),
    rationale,
    basedOn: [...a.read],
  };
}

/** Rule 7 rests on every §5 prerequisite; reaching it otherwise is a bug in the rules above. */
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
  let d: Decision;
  try {
    d = decide(answers);
  } catch (e) {
    if (e instanceof Unanswered) return { result: { kind: 'question', field: e.field }, read: answers.read };
    throw e;
  }
  if (d.level === 'indgribende') assertPrerequisites(intake);
  const rec = recommendation(d, answers, intake, playbook);
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
