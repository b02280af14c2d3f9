/**
 * How the bot asks each intake field: the Danish question, a short label, a one-line "why this
 * matters", and the Danish labels of every answer. The labels of the fixed enums live here; those
 * of `data`, `tried` and `advisers` come from the playbook.
 */
import {
  AREAS,
  CONSENT_PURPOSES,
  EFFECTS,
  LEADER_DECISIONS,
  PARENTS,
  PLANS,
  PPV,
  SAFETY,
  SCOPES,
  type Area,
  type ConsentPurpose,
  type Effect,
  type Intake,
  type IntakeField,
  type LeaderDecision,
  type ParentsInvolvement,
  type PlanStatus,
  type PpvStatus,
  type SafetyConcern,
  type Scope,
} from './intake.js';
import type { Playbook } from './playbook.js';
import { suggestActions } from './plans/suggestions.js';

export interface Question {
  field: IntakeField;
  /** A short name for the field, e.g. on a summary line ("Områder: Trivsel"). */
  label: string;
  /** The question as the bot asks it. */
  text: string;
  /** One line on why the answer matters, naming the guide where it fits. */
  why: string;
}

export interface Choice {
  value: string;
  title: string;
}

const QUESTIONS: Record<IntakeField, Omit<Question, 'field'>> = {
  description: {
    label: 'Beskrivelse',
    text: 'Beskriv kort bekymringen: hvad ser du, hvornår og hvor ofte, og hvad har I prøvet? Brug initialer og klasse – aldrig navn eller CPR-nummer.',
    why: 'En beskrivelse af det, du ser, gør det lettere for teamet og vejlederne at forstå sagen, når den deles.',
  },
  scope: {
    label: 'Bekymringen gælder',
    text: 'Handler bekymringen om et læringsfællesskab (en klasse eller gruppe) eller om et bestemt barn?',
    why: 'Foregribende indsatser rettes altid mod det fællesskab, barnet skal have deltagelsesmuligheder i (handleguiden, »Faglig ledelse i de foregribende indsatser«), og et læringsfællesskab henvises aldrig til PKU.',
  },
  areas: {
    label: 'Områder',
    text: 'Hvad drejer bekymringen sig om? Vælg alt, hvad der passer.',
    why: 'Områderne peger på de indsatser og samarbejdspartnere, der passer – fx Familierådgivningen, når familien er en del af bekymringen.',
  },
  safety: {
    label: 'Tegn på fare',
    text: 'Er der tegn på, at barnet ikke er i sikkerhed? Vælg det, der passer, eller lad feltet stå tomt.',
    why: 'Ved tegn på vold, overgreb eller omsorgssvigt gælder den skærpede underretningspligt med det samme, uanset trin (Barnets Lov § 133).',
  },
  acuteDanger: {
    label: 'Akut fare',
    text: 'Er barnet i akut fare lige nu?',
    why: 'Er barnet i akut fare, skal du ringe 112, før du gør noget andet.',
  },
  homeConcern: {
    label: 'Forhold i hjemmet',
    text: 'Peger tegnene på forhold i barnets hjem – fx at volden eller overgrebet sker derhjemme eller udøves af en forælder?',
    why: 'Retter mistanken sig mod hjemmet, må forældrene hverken orienteres eller inddrages, før kommunen har vurderet underretningen. Så venter de skridt, der inddrager dem.',
  },
  data: {
    label: 'Data',
    text: 'Hvilke data har I indsamlet om læringsfællesskabet og barnet?',
    why: 'Observationer og data er afsættet for de forebyggende indsatser (handleguiden, »Vejen til styrkede læringsfællesskaber for alle børn og unge«).',
  },
  childPerspective: {
    label: 'Barnets perspektiv',
    text: 'Har I spurgt barnet om dets egen oplevelse?',
    why: 'Barnets stemme skal høres og skrives ind i mål- og indsatsplanen (handleguiden, »Børn og forældre – en inddragende tilgang«).',
  },
  teamDiscussed: {
    label: 'Drøftet i teamet',
    text: 'Har I drøftet bekymringen i teamet?',
    why: 'Teamet er det professionelle læringsfællesskab, hvor bekymringen først tages op, og hvor indsatserne besluttes.',
  },
  plan: {
    label: 'Mål- og indsatsplan',
    text: 'Er der en skriftlig mål- og indsatsplan?',
    why: 'Alle indsatser beskrives med mål, tegn og evaluering i en skriftlig plan (handleguiden, »Mål- og indsatsplaner«).',
  },
  parents: {
    label: 'Forældrene',
    text: 'Hvordan er forældrene inddraget indtil nu?',
    why: 'Forældrenes perspektiv skal med i planen, og forældrene inddrages i indsatserne (handleguiden, »Børn og forældre – en inddragende tilgang«).',
  },
  planEvaluated: {
    label: 'Evaluering af planen',
    text: 'Er planen fulgt op og evalueret – og hvad viste evalueringen?',
    why: 'Først når evalueringen viser, at de forebyggende indsatser ikke er nok, går I videre til en foregribende indsats.',
  },
  tried: {
    label: 'Afprøvede indsatser',
    text: 'Hvilke pædagogiske indsatser har I afprøvet?',
    why: 'De afprøvede indsatser skrives ind i planen og i en eventuel anmodning om sparring, så ingen starter forfra.',
  },
  advisers: {
    label: 'Sparring',
    text: 'Hvem har I allerede fået sparring og vejledning fra?',
    why: 'I den foregribende indsats inddrages vejledere trin for trin: først PLC, derefter praksisvejleder eller Det rådgivende team.',
  },
  adviserEffect: {
    label: 'Effekt af sparringen',
    text: 'Hvad har sparringen og de nye indsatser givet?',
    why: 'Også de foregribende indsatser skal være afprøvet og evalueret, før næste skridt tages.',
  },
  networkMeetingHeld: {
    label: 'Netværksmøde',
    text: 'Har der været holdt netværksmøde med barnet og forældrene?',
    why: 'På netværksmødet indgås aftalerne med forældrene om fx PPV, Familierådgivningen og distriktsrådet.',
  },
  ppv: {
    label: 'PPV',
    text: 'Er barnet indstillet til en pædagogisk-psykologisk vurdering (PPV), eller foreligger der en?',
    why: 'En henvisning til Pædagogisk Koordinationsudvalg kræver altid en PPV.',
  },
  leaderDecision: {
    label: 'Skoleledelsens afgørelse',
    text: "Hvad har skoleledelsen besluttet efter PPV'en og partshøringen?",
    why: "Når PPV'en foreligger, udarbejder skoleledelsen en sagsfremstilling med partshøring og træffer afgørelse. Kun et behov for et mere vidtgående tilbud fører videre mod en henvisning til PKU.",
  },
  districtCouncil: {
    label: 'Distriktsrådet',
    text: 'Har skoleledelsen drøftet sagen i distriktsrådet?',
    why: 'Distriktsrådet skal have drøftet sagen, før skoleledelsen kan henvise til Pædagogisk Koordinationsudvalg.',
  },
  consents: {
    label: 'Forældrenes samtykke',
    text: 'Hvad har forældrene givet samtykke til? Vælg alt, hvad de har sagt ja til.',
    why: 'Hvert samtykke gælder ét formål: et ja til et arbejdsmøde om barnet er ikke et ja til en PPV eller til en henvisning til PKU.',
  },
  psychologistAgrees: {
    label: 'Den rådgivende psykolog',
    text: 'Er den rådgivende psykolog enig i en henvisning til Pædagogisk Koordinationsudvalg (PKU)?',
    why: 'Skoleledelsen kan kun henvise til PKU efter aftale med forældrene og den rådgivende psykolog (handleguiden, oversigten over indgribende indsatser).',
  },
};

export const SCOPE_LABELS: Record<Scope, string> = {
  faellesskab: 'Et læringsfællesskab (en klasse eller gruppe)',
  barn: 'Et barn (set i sit fællesskab)',
};

export const AREA_LABELS: Record<Area, string> = {
  faglig: 'Faglig udvikling',
  trivsel: 'Trivsel',
  socialt: 'Sociale relationer',
  adfaerd: 'Adfærd',
  fravaer: 'Fravær',
  familie: 'Forhold i familien',
  overgang: 'Overgange (fx skoleskift eller ny klasse)',
};

export const SAFETY_LABELS: Record<SafetyConcern, string> = {
  vold: 'Vold',
  'seksuelle-overgreb': 'Seksuelle overgreb',
  omsorgssvigt: 'Omsorgssvigt',
  selvskade: 'Selvskade eller selvmordstanker',
  misbrug: 'Misbrug (barnets eget eller i hjemmet)',
  kriminalitet: 'Kriminalitet',
};

export const PLAN_LABELS: Record<PlanStatus, string> = {
  ingen: 'Nej, der er ingen plan endnu',
  faellesskab: 'Ja, for læringsfællesskabet',
  barn: 'Ja, for barnet',
  begge: 'Ja, både for læringsfællesskabet og for barnet',
};

export const PARENTS_LABELS: Record<ParentsInvolvement, string> = {
  'ikke-inddraget': 'Forældrene er ikke inddraget endnu',
  orienteret: 'Forældrene er orienteret',
  inddraget: 'Forældrene er inddraget aktivt',
};

export const PLAN_EFFECT_LABELS: Record<Effect, string> = {
  'ikke-endnu': 'Planen er ikke evalueret endnu',
  virker: 'Planen virker',
  delvist: 'Planen virker delvist',
  'virker-ikke': 'Planen virker ikke',
};

export const ADVISER_EFFECT_LABELS: Record<Effect, string> = {
  'ikke-endnu': 'For tidligt at sige – indsatserne er i gang',
  virker: 'Det virker',
  delvist: 'Det virker delvist',
  'virker-ikke': 'Det virker ikke',
};

export const PPV_LABELS: Record<PpvStatus, string> = {
  ingen: 'Nej, der er ingen PPV',
  indstillet: 'Barnet er indstillet til PPV',
  foreligger: 'Der foreligger en PPV',
};

export const LEADER_DECISION_LABELS: Record<LeaderDecision, string> = {
  'ikke-truffet': 'Der er ikke truffet en afgørelse endnu',
  'paa-skolen': 'Barnet får den specialpædagogiske bistand her på skolen',
  vidtgaaende: 'Barnet har behov for et mere vidtgående skoletilbud',
};

export const CONSENT_LABELS: Record<ConsentPurpose, string> = {
  arbejdsmoede: 'Et arbejdsmøde om barnet med vejledere og rådgivere',
  ppv: 'En indstilling til pædagogisk-psykologisk vurdering (PPV)',
  distriktsraad: 'At skoleledelsen drøfter barnet i distriktsrådet',
  familieraadgivning: 'At Familierådgivningen inddrages',
  henvisning: 'En henvisning til Pædagogisk Koordinationsudvalg (PKU)',
};

export const BOOLEAN_LABELS = { true: 'Ja', false: 'Nej' } as const;

const fixed = <V extends string>(values: readonly V[], labels: Record<V, string>): Choice[] =>
  values.map((value) => ({ value, title: labels[value] }));

const fromCatalogue = (entries: Record<string, { title: string }>): Choice[] =>
  Object.entries(entries).map(([value, e]) => ({ value, title: e.title }));

/** How many actions the tried-actions question shows before "Vis flere". */
export const TRIED_SHOWN_MAX = 8;

/**
 * The tried-actions question's choices in two parts: first the playbook's actions that fit the
 * concern best (an area in common; for a class, those aimed at the community first; then the closest
 * fit, as the draft's suggestions rank them, src/domain/plans/suggestions.ts), at most
 * TRIED_SHOWN_MAX; then the rest in catalogue order, shown on request. With no areas yet, every
 * action is in the first part.
 */
export function triedChoices(concern: Pick<Intake, 'scope' | 'areas'>, playbook: Playbook): { fitting: Choice[]; more: Choice[] } {
  const all = choicesFor('tried', playbook);
  const best = suggestActions({ scope: concern.scope, areas: concern.areas }, playbook, TRIED_SHOWN_MAX).map((a) => a.id);
  if (best.length === 0) return { fitting: all, more: [] };
  const byId = new Map(all.map((c) => [c.value, c]));
  return { fitting: best.map((id) => byId.get(id)!), more: all.filter((c) => !best.includes(c.value)) };
}

/** The id of the card input that holds a multi-choice field's further choices (behind "Vis flere"). */
export const moreInputIdOf = (field: IntakeField): string => `${field}More`;

/** How a field is asked. (The playbook is accepted so a call site never needs to know which texts are local.) */
export function questionFor(field: IntakeField, _playbook?: Playbook): Question {
  return { field, ...QUESTIONS[field] };
}

/** The answer choices of a field, in the order they are shown. Empty for free text. */
export function choicesFor(field: IntakeField, playbook: Playbook): Choice[] {
  switch (field) {
    case 'scope':
      return fixed(SCOPES, SCOPE_LABELS);
    case 'areas':
      return fixed(AREAS, AREA_LABELS);
    case 'safety':
      return fixed(SAFETY, SAFETY_LABELS);
    case 'plan':
      return fixed(PLANS, PLAN_LABELS);
    case 'parents':
      return fixed(PARENTS, PARENTS_LABELS);
    case 'planEvaluated':
      return fixed(EFFECTS, PLAN_EFFECT_LABELS);
    case 'adviserEffect':
      return fixed(EFFECTS, ADVISER_EFFECT_LABELS);
    case 'ppv':
      return fixed(PPV, PPV_LABELS);
    case 'leaderDecision':
      return fixed(LEADER_DECISIONS, LEADER_DECISION_LABELS);
    case 'consents':
      return fixed(CONSENT_PURPOSES, CONSENT_LABELS);
    case 'data':
      return fromCatalogue(playbook.dataSources);
    case 'advisers':
      return fromCatalogue(playbook.advisers);
    case 'tried':
      return playbook.actions.map((a) => ({ value: a.id, title: a.title }));
    case 'description':
      return [];
    case 'acuteDanger':
    case 'homeConcern':
    case 'childPerspective':
    case 'teamDiscussed':
    case 'networkMeetingHeld':
    case 'districtCouncil':
    case 'psychologistAgrees':
      return [
        { value: 'true', title: BOOLEAN_LABELS.true },
        { value: 'false', title: BOOLEAN_LABELS.false },
      ];
  }
}

/**
 * A Danish, human-readable rendering of an answer: "Trivsel, Fravær", "Ja", "Ingen" for an
 * empty list, "Ikke besvaret" when absent. An unknown value is shown as it is.
 */
export function formatAnswer<F extends IntakeField>(field: F, value: Intake[F] | undefined, playbook: Playbook): string {
  if (value === undefined) return 'Ikke besvaret';
  if (typeof value === 'boolean') return value ? BOOLEAN_LABELS.true : BOOLEAN_LABELS.false;
  if (field === 'description') return String(value);
  const titles = new Map(choicesFor(field, playbook).map((c) => [c.value, c.title]));
  const title = (v: string) => titles.get(v) ?? v;
  if (Array.isArray(value)) return value.length === 0 ? 'Ingen' : value.map((v: string) => title(v)).join(', ');
  return title(String(value));
}
