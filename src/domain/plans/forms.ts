/**
 * How each plan template's content is laid out in a card (the form spec: the sections, fields and
 * fixed slots that become the card's inputs). The card JSON (scripts/gen-plan-cards.ts), the flat
 * card values, the parsing of a submitted card and the Markdown export all walk these specs.
 *
 * Adaptive Cards have no dynamic lists, so lists live in fixed slots: up to four goals (`goal1` …
 * `goal4`, each with `goal1Signs`: one sign per line), up to six actions (`action1` …, with
 * `action1Responsible`), and so on (the slot keys are in card-fields.ts). A list of short lines
 * (data basis, what has been tried, …) is a multiline text with one item per line.
 */
import { ADVISERS } from '../intake.js';
import {
  AGREEMENTS,
  AGREEMENT_LABELS,
  CONSENT,
  CONSENT_LABELS,
  DECISIONS,
  DECISION_LABELS,
  HELP_KINDS,
  HELP_KIND_LABELS,
  LEADER_DECISIONS_MADE,
  LEADER_DECISION_LABELS,
  NOT_GATHERED,
  PLAN_LIMITS,
  PPV_CONSENT,
  PPV_CONSENT_LABELS,
  RECIPIENT_LABELS,
  type PlanTemplateId,
} from './templates.js';

const L = PLAN_LIMITS;

export interface Option {
  value: string;
  title: string;
}

const options = <V extends string>(values: readonly V[], labels: Record<V, string>): Option[] =>
  values.map((value) => ({ value, title: labels[value] }));

/** A field of the form. `key` is both the content key and the card input id (for the simple kinds). */
export type FieldSpec =
  | {
      kind: 'text';
      key: string;
      label: string;
      max: number;
      multiline?: boolean;
      placeholder?: string;
      /** Danish error when empty. */
      required?: string;
      /** A perspective field: "ikke indhentet endnu" is accepted and becomes a todo note. */
      perspective?: 'child' | 'parents';
    }
  | { kind: 'lines'; key: string; label: string; maxLines: number; placeholder?: string; required?: string }
  | { kind: 'date'; key: string; label: string; role: 'evaluation' | 'revisitation' | 'meeting' | 'past'; required?: string }
  | { kind: 'choice'; key: string; label: string; options: Option[]; required?: string }
  | { kind: 'multi'; key: string; label: string; options: Option[]; required?: string }
  | { kind: 'goals'; slots: number; label: string }
  | { kind: 'evalGoals'; slots: number }
  | { kind: 'actions'; slots: number }
  | { kind: 'tasks'; slots: number }
  | { kind: 'dataRows'; slots: number }
  | { kind: 'checklist' };

export interface SectionSpec {
  title: string;
  /** A short Danish hint under the section title. */
  hint?: string;
  fields: FieldSpec[];
}

export interface FormSpec {
  /** One or two Danish sentences at the top of the card. */
  intro: string;
  sections: SectionSpec[];
  /** Buttons besides "Gem": "Evaluér" for plans with goals; "Eksportér" for all. */
  evaluate: boolean;
}

const CONCERN_PLACEHOLDER = 'Bekymringen med teamets egne ord. Brug initialer og klasse – aldrig navn eller CPR-nummer.';

const f = {
  concern: (label = 'Bekymringen'): FieldSpec => ({
    kind: 'text',
    key: 'concern',
    label,
    max: L.text,
    multiline: true,
    placeholder: CONCERN_PLACEHOLDER,
  }),
  dataBasis: (label = 'Datagrundlag (én datakilde pr. linje)'): FieldSpec => ({
    kind: 'lines',
    key: 'dataBasis',
    label,
    maxLines: L.lines,
  }),
  tried: (label = 'Det, der er afprøvet (én indsats pr. linje)'): FieldSpec => ({
    kind: 'lines',
    key: 'triedActions',
    label,
    maxLines: L.lines,
  }),
  tovholder: (label = 'Tovholder (ansvarlig for opfølgningen)'): FieldSpec => ({
    kind: 'text',
    key: 'tovholder',
    label,
    max: L.short,
    required: 'Skriv, hvem der er tovholder på opfølgningen.',
  }),
  evaluationDate: (label = 'Evalueringsdato'): FieldSpec => ({
    kind: 'date',
    key: 'evaluationDate',
    label,
    role: 'evaluation',
    required: 'Vælg en dato for evalueringen.',
  }),
  meetingDate: (label = 'Mødedato'): FieldSpec => ({ kind: 'date', key: 'meetingDate', label, role: 'meeting' }),
  childVoice: (required: boolean, max: number = L.text): FieldSpec => ({
    kind: 'text',
    key: 'childVoice',
    label: 'Barnets eget perspektiv (barnets stemme)',
    max,
    multiline: true,
    placeholder: `Barnets egne ord om skoledagen – eller "${NOT_GATHERED}"`,
    perspective: 'child',
    ...(required ? { required: `Skriv barnets eget perspektiv – eller "${NOT_GATHERED}", hvis I ikke har talt med barnet endnu.` } : {}),
  }),
  parentsVoice: (required: boolean, max: number = L.text): FieldSpec => ({
    kind: 'text',
    key: 'parentsVoice',
    label: 'Forældrenes perspektiv',
    max,
    multiline: true,
    placeholder: `Forældrenes syn på bekymringen og indsatserne – eller "${NOT_GATHERED}"`,
    perspective: 'parents',
    ...(required ? { required: `Skriv forældrenes perspektiv – eller "${NOT_GATHERED}", hvis I ikke har talt med forældrene endnu.` } : {}),
  }),
  goals: (label = 'Mål og tegn'): FieldSpec => ({ kind: 'goals', slots: L.goals, label }),
  ppvRecommendations: (max: number = L.text): FieldSpec => ({
    kind: 'text',
    key: 'ppvRecommendations',
    label: "PPV'ens anbefalinger",
    max,
    multiline: true,
    required: "Skriv PPV'ens anbefalinger.",
  }),
  actions: (): FieldSpec => ({ kind: 'actions', slots: L.actions }),
  tasks: (): FieldSpec => ({ kind: 'tasks', slots: L.tasks }),
};

/** The bound of the referral's perspective and PPV texts. */
const REFERRAL_TEXT = 400;

const FOLLOW_UP: SectionSpec = { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate()] };

export const PLAN_FORMS: Record<PlanTemplateId, FormSpec> = {
  dataplan: {
    intro: 'Hvilke data indsamler I om læringsfællesskabet og barnet, hvem gør det, og hvornår skal det være klar?',
    evaluate: false,
    sections: [
      {
        title: 'Baggrund',
        fields: [f.concern(), { kind: 'text', key: 'purpose', label: 'Hvad skal data give svar på?', max: L.text, multiline: true }],
      },
      {
        title: 'Data, der skal indsamles',
        hint: 'Fx observationer, klasselog, elevsamtaler, trivselsmåling eller TOPI.',
        fields: [{ kind: 'dataRows', slots: L.dataRows }],
      },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Data drøftes i teamet senest')] },
    ],
  },
  'dagsorden-teammoede': {
    intro: 'Dagsorden til teamets møde i det professionelle læringsfællesskab.',
    evaluate: false,
    sections: [
      { title: 'Mødet', fields: [f.meetingDate()] },
      { title: '1. Bekymringen', fields: [f.concern('Bekymringen')] },
      { title: '2. Data', fields: [f.dataBasis('Det, data viser (én datakilde pr. linje)')] },
      { title: '3. Det, der er afprøvet', fields: [f.tried('Indsatser (én pr. linje)')] },
      {
        title: '4. Næste skridt',
        fields: [{ kind: 'text', key: 'nextStep', label: 'Forslag til næste skridt', max: L.text, multiline: true }],
      },
      { title: '5. Hvem gør hvad', fields: [f.tasks()] },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'plan-faellesskab': {
    intro: 'Mål, tegn og få indsatser for læringsfællesskabet. Skriv tegnene, så I kan se, om målene nås – ét tegn pr. linje.',
    evaluate: true,
    sections: [
      { title: 'Baggrund', fields: [f.concern(), f.dataBasis(), f.tried()] },
      { title: 'Mål og tegn', hint: 'Højst fire mål. Hvert mål har mindst ét tegn.', fields: [f.goals()] },
      { title: 'Indsatser', hint: 'Hellere få indsatser end mange.', fields: [f.actions()] },
      FOLLOW_UP,
    ],
  },
  'plan-barn': {
    intro: 'Mål, tegn og indsatser for barnet i sit læringsfællesskab – med barnets og forældrenes perspektiv.',
    evaluate: true,
    sections: [
      { title: 'Baggrund', fields: [f.concern(), f.dataBasis(), f.tried()] },
      {
        title: 'Barnet i læringsmiljøet',
        fields: [
          {
            kind: 'text',
            key: 'resources',
            label: 'Barnets ressourcer',
            max: L.text,
            multiline: true,
            placeholder: 'Det, barnet er god til og glad for',
          },
          { kind: 'text', key: 'conditions', label: 'De betingelser, barnet møder i læringsmiljøet', max: L.text, multiline: true },
        ],
      },
      { title: 'Perspektiver', fields: [f.childVoice(true), f.parentsVoice(true)] },
      { title: 'Mål og tegn', hint: 'Højst fire mål. Hvert mål har mindst ét tegn.', fields: [f.goals()] },
      { title: 'Indsatser', hint: 'Hellere få indsatser end mange.', fields: [f.actions()] },
      FOLLOW_UP,
    ],
  },
  smtte: {
    intro: 'SMTTE: Sammenhæng, Mål, Tegn, Tiltag og Evaluering.',
    evaluate: true,
    sections: [
      {
        title: 'Sammenhæng',
        fields: [
          {
            kind: 'text',
            key: 'context',
            label: 'Sammenhæng: hvad er situationen?',
            max: L.text,
            multiline: true,
            placeholder: CONCERN_PLACEHOLDER,
          },
        ],
      },
      { title: 'Mål og tegn', hint: 'Højst fire mål. Hvert mål har mindst ét tegn.', fields: [f.goals()] },
      { title: 'Tiltag', hint: 'Hellere få tiltag end mange.', fields: [f.actions()] },
      {
        title: 'Evaluering',
        fields: [
          { kind: 'text', key: 'evaluationPlan', label: 'Hvordan evaluerer I?', max: L.text, multiline: true },
          f.tovholder(),
          f.evaluationDate(),
        ],
      },
    ],
  },
  evaluering: {
    intro: 'Hvordan gik det? Vurdér hvert mål ud fra tegnene, og beslut, hvad der nu skal ske.',
    evaluate: false,
    sections: [
      { title: 'Planen', fields: [{ kind: 'text', key: 'planTitle', label: 'Planen, der evalueres', max: L.line }] },
      { title: 'Målene', fields: [{ kind: 'evalGoals', slots: L.goals }] },
      {
        title: 'Beslutning',
        fields: [
          {
            kind: 'choice',
            key: 'decision',
            label: 'Hvad beslutter I?',
            options: options(DECISIONS, DECISION_LABELS),
            required: 'Vælg, om I fortsætter, justerer eller tager næste skridt.',
          },
          { kind: 'text', key: 'decisionNote', label: 'Begrundelse og justeringer', max: L.text, multiline: true },
        ],
      },
      { title: 'Næste opfølgning', fields: [f.tovholder(), f.evaluationDate('Næste evaluering')] },
    ],
  },
  sparringsanmodning: {
    intro: 'Anmodning om sparring og vejledning. Skriv uden navne: brug initialer og klasse.',
    evaluate: false,
    sections: [
      {
        title: 'Til og om',
        fields: [
          {
            kind: 'choice',
            key: 'recipient',
            label: 'Anmodningen går til',
            options: options(ADVISERS, RECIPIENT_LABELS),
            required: 'Vælg, hvem anmodningen går til.',
          },
          {
            kind: 'text',
            key: 'summary',
            label: 'Kort resumé (uden navne)',
            max: L.text,
            multiline: true,
            placeholder: CONCERN_PLACEHOLDER,
            required: 'Skriv et kort resumé af bekymringen.',
          },
          { kind: 'text', key: 'levelText', label: 'Indsatsniveau og trin', max: L.line },
        ],
      },
      { title: 'Det, der er gjort', fields: [f.tried(), f.dataBasis('Data (én datakilde pr. linje)')] },
      {
        title: 'Den hjælp, vi ønsker',
        fields: [
          {
            kind: 'multi',
            key: 'helpKinds',
            label: 'Vælg det, der passer',
            options: options(HELP_KINDS, HELP_KIND_LABELS),
            required: 'Vælg mindst én slags hjælp.',
          },
          { kind: 'text', key: 'question', label: 'Det, vi gerne vil blive klogere på', max: L.text, multiline: true },
          { kind: 'text', key: 'wishedTime', label: 'Ønsket tidspunkt', max: L.short, placeholder: 'Fx uge 12, tirsdag eftermiddag' },
        ],
      },
      { title: 'Opfølgning', fields: [f.tovholder('Kontaktperson i teamet'), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'dagsorden-arbejdsmoede': {
    intro: 'Arbejdsmødet skal koordinere de fælles indsatser. Et arbejdsmøde om et bestemt barn holdes kun med forældrenes samtykke.',
    evaluate: false,
    sections: [
      {
        title: 'Mødet',
        fields: [
          f.meetingDate(),
          { kind: 'lines', key: 'participants', label: 'Deltagere (én pr. linje)', maxLines: L.lines },
          { kind: 'text', key: 'purpose', label: 'Formål', max: L.text, multiline: true },
          {
            kind: 'choice',
            key: 'consent',
            label: 'Forældrenes samtykke',
            options: options(CONSENT, CONSENT_LABELS),
            required: 'Notér, om forældrene har givet samtykke.',
          },
        ],
      },
      { title: 'Sagen', fields: [f.concern(), f.tried()] },
      { title: 'Dagsorden', fields: [{ kind: 'lines', key: 'agenda', label: 'Punkter (ét pr. linje)', maxLines: L.lines }] },
      { title: 'Hvem gør hvad', fields: [f.tasks()] },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'dagsorden-netvaerksmoede': {
    intro: 'Netværksmødet begynder med barnets og forældrenes perspektiv. Her indgås aftalerne med forældrene.',
    evaluate: false,
    sections: [
      {
        title: 'Mødet',
        fields: [f.meetingDate(), { kind: 'lines', key: 'participants', label: 'Deltagere (én pr. linje)', maxLines: L.lines }],
      },
      { title: '1. Barnets og forældrenes perspektiv', fields: [f.childVoice(false), f.parentsVoice(false)] },
      { title: '2. Bekymringen og det, der er afprøvet', fields: [f.concern(), f.tried()] },
      {
        title: '3. Aftaler',
        fields: [
          {
            kind: 'multi',
            key: 'agreements',
            label: 'Det, der skal aftales med forældrene',
            options: options(AGREEMENTS, AGREEMENT_LABELS),
          },
          { kind: 'text', key: 'agreementsNote', label: 'Aftalerne', max: L.text, multiline: true },
        ],
      },
      { title: '4. Hvem gør hvad', fields: [f.tasks()] },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'dagsorden-distriktsraad': {
    intro: 'Skoleledelsens oplæg til sparring i distriktsrådet: sagen kort, det afprøvede og spørgsmålet til rådet.',
    evaluate: false,
    sections: [
      { title: 'Mødet', fields: [f.meetingDate()] },
      {
        title: 'Sagen kort',
        fields: [
          {
            kind: 'text',
            key: 'summary',
            label: 'Resumé (uden navne)',
            max: L.text,
            multiline: true,
            placeholder: CONCERN_PLACEHOLDER,
            required: 'Skriv et kort resumé af sagen.',
          },
        ],
      },
      {
        title: 'Det, der er afprøvet',
        fields: [f.tried(), { kind: 'lines', key: 'evaluations', label: 'Evalueringer (én pr. linje)', maxLines: L.lines }],
      },
      {
        title: 'Spørgsmålet til distriktsrådet',
        fields: [
          {
            kind: 'text',
            key: 'question',
            label: 'Spørgsmålet',
            max: L.text,
            multiline: true,
            required: 'Skriv det spørgsmål, I vil have distriktsrådets sparring på.',
          },
        ],
      },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'indstilling-ppv': {
    intro: 'Indstilling til en pædagogisk-psykologisk vurdering. Indstillingen kræver forældrenes accept.',
    evaluate: false,
    sections: [
      {
        title: 'Begrundelse',
        fields: [
          {
            kind: 'text',
            key: 'reasons',
            label: 'Hvorfor indstiller I til PPV?',
            max: L.text,
            multiline: true,
            placeholder: CONCERN_PLACEHOLDER,
            required: 'Skriv begrundelsen for indstillingen.',
          },
        ],
      },
      {
        title: 'Det, der er afprøvet',
        fields: [f.tried(), { kind: 'lines', key: 'enclosed', label: 'Vedlagte planer og evalueringer (én pr. linje)', maxLines: L.lines }],
      },
      { title: 'Perspektiver', fields: [f.childVoice(true), f.parentsVoice(true)] },
      {
        title: 'Forældrenes accept',
        fields: [
          {
            kind: 'choice',
            key: 'parentsAgreement',
            label: 'Har forældrene accepteret indstillingen?',
            options: options(PPV_CONSENT, PPV_CONSENT_LABELS),
            required: 'Notér, om forældrene har accepteret indstillingen.',
          },
        ],
      },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  sagsfremstilling: {
    intro: "Skoleledelsens sagsfremstilling efter PPV'en: sagen, det afprøvede, barnets og forældrenes syn, partshøringen og afgørelsen.",
    evaluate: false,
    sections: [
      {
        title: 'Sagen kort',
        fields: [
          {
            kind: 'text',
            key: 'summary',
            label: 'Resumé (uden navne)',
            max: L.text,
            multiline: true,
            placeholder: CONCERN_PLACEHOLDER,
            required: 'Skriv et kort resumé af sagen.',
          },
        ],
      },
      { title: "PPV'en", fields: [f.ppvRecommendations()] },
      {
        title: 'Det, der er afprøvet',
        hint: 'Planer og evalueringer for fællesskabet og for barnet.',
        fields: [f.tried(), { kind: 'lines', key: 'enclosed', label: 'Vedlagte planer og evalueringer (én pr. linje)', maxLines: L.lines }],
      },
      { title: 'Barnets og forældrenes syn', fields: [f.childVoice(true), f.parentsVoice(true)] },
      {
        title: 'Partshøring',
        hint: 'Forældrene har ret til at se sagens oplysninger og udtale sig, før skoleledelsen træffer afgørelse.',
        fields: [
          { kind: 'date', key: 'hearingDate', label: 'Dato for partshøringen', role: 'meeting' },
          { kind: 'text', key: 'hearingComments', label: 'Forældrenes bemærkninger fra partshøringen', max: L.text, multiline: true },
        ],
      },
      {
        title: 'Skoleledelsens afgørelse',
        fields: [
          { kind: 'choice', key: 'decision', label: 'Afgørelsen', options: options(LEADER_DECISIONS_MADE, LEADER_DECISION_LABELS) },
          { kind: 'text', key: 'decisionReasons', label: 'Begrundelse', max: L.text, multiline: true },
        ],
      },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'henvisning-pku': {
    intro:
      'Henvisning til Pædagogisk Koordinationsudvalg. Alle forudsætninger skal være opfyldt og dokumenteret. Tilbuddet gives for et år ad gangen.',
    evaluate: true,
    sections: [
      {
        title: 'Sagen kort',
        fields: [
          {
            kind: 'text',
            key: 'summary',
            label: 'Resumé (uden navne)',
            max: L.text,
            multiline: true,
            placeholder: CONCERN_PLACEHOLDER,
            required: 'Skriv et kort resumé af sagen.',
          },
        ],
      },
      { title: 'Forudsætninger', hint: 'Sæt flueben, og skriv, hvad der dokumenterer hver forudsætning.', fields: [{ kind: 'checklist' }] },
      // Shorter than elsewhere: the referral encloses the plans and the PPV, and its card holds nine
      // prerequisites with their evidence besides (every card stays under Teams' 28 KB).
      { title: 'Barnets og forældrenes perspektiv', fields: [f.childVoice(true, REFERRAL_TEXT), f.parentsVoice(true, REFERRAL_TEXT)] },
      { title: "PPV'en", fields: [f.ppvRecommendations(REFERRAL_TEXT)] },
      {
        title: 'Vedlagte planer',
        fields: [
          {
            kind: 'lines',
            key: 'enclosed',
            label: 'Planerne for fællesskabet og barnet og deres evalueringer (én pr. linje)',
            maxLines: L.lines,
            required: 'Skriv, hvilke planer og evalueringer der vedlægges.',
          },
        ],
      },
      {
        title: 'Mål for året',
        hint: 'Lærings- og udviklingsmål, som revisitationen tager afsæt i – herunder målet om, at barnet kan vende tilbage til almenskolen.',
        fields: [f.goals('Mål for året')],
      },
      {
        title: 'Opfølgning',
        fields: [
          f.tovholder(),
          {
            kind: 'date',
            key: 'revisitationDate',
            label: "Forventet revisitation (den følger PKU's afgørelse)",
            role: 'revisitation',
            required: 'Vælg en forventet dato for revisitationen.',
          },
        ],
      },
    ],
  },
};
