/**
 * The forms of the request for sparring and the agendas of the work meeting, the network meeting
 * and the district council.
 */
import { ADVISERS } from '../intake.js';
import {
  AGREEMENTS,
  AGREEMENT_LABELS,
  CONSENT,
  CONSENT_LABELS,
  HELP_KINDS,
  HELP_KIND_LABELS,
  RECIPIENT_LABELS,
  type PlanTemplateId,
} from './templates.js';
import { CONCERN_PLACEHOLDER, L, f, options, type FormSpec } from './form-spec.js';

export const MEETING_FORMS = {
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
      { title: 'Det, der er gjort', fold: true, fields: [f.tried(), f.dataBasis('Data (én datakilde pr. linje)')] },
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
      { title: 'Opfølgning', fold: true, fields: [f.tovholder('Kontaktperson i teamet'), f.evaluationDate('Opfølgning senest')] },
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
      { title: 'Sagen', fold: true, fields: [f.concern(), f.tried()] },
      { title: 'Dagsorden', fields: [{ kind: 'lines', key: 'agenda', label: 'Punkter (ét pr. linje)', maxLines: L.lines }] },
      { title: 'Hvem gør hvad', fields: [f.tasks()] },
      { title: 'Opfølgning', fold: true, fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
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
      { title: '1. Barnets og forældrenes perspektiv', fold: true, fields: [f.childVoice(false), f.parentsVoice(false)] },
      { title: '2. Bekymringen og det, der er afprøvet', fold: true, fields: [f.concern(), f.tried()] },
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
      { title: 'Opfølgning', fold: true, fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'dagsorden-distriktsraad': {
    intro: 'Skoleledelsens oplæg til sparring i distriktsrådet: sagen kort, det afprøvede og spørgsmålet til rådet.',
    evaluate: false,
    sections: [
      { title: 'Mødet', fields: [f.meetingDate()] },
      {
        title: 'Sagen kort',
        fields: [f.summary()],
      },
      {
        title: 'Det, der er afprøvet',
        fold: true,
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
      { title: 'Opfølgning', fold: true, fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
} satisfies Partial<Record<PlanTemplateId, FormSpec>>;
