/**
 * The forms of the team's own documents: the data plan, the team meeting's agenda, the
 * goal-and-action plans, SMTTE and the evaluation.
 */
import { DECISIONS, DECISION_LABELS, type PlanTemplateId } from './templates.js';
import { CONCERN_PLACEHOLDER, FOLLOW_UP, GOALS_HINT, L, f, options, type FormSpec } from './form-spec.js';

export const TEAM_FORMS = {
  dataplan: {
    intro: 'Hvilke data indsamler I om læringsfællesskabet og barnet, hvem gør det, og hvornår skal det være klar?',
    evaluate: false,
    sections: [
      {
        title: 'Baggrund',
        fold: true,
        fields: [f.concern(), { kind: 'text', key: 'purpose', label: 'Hvad skal data give svar på?', max: L.text, multiline: true }],
      },
      {
        title: 'Data, der skal indsamles',
        hint: 'Fx observationer, klasselog, elevsamtaler, trivselsmåling eller TOPI.',
        fields: [{ kind: 'dataRows', slots: L.dataRows }],
      },
      { title: 'Opfølgning', fold: true, fields: [f.tovholder(), f.evaluationDate('Data drøftes i teamet senest')] },
    ],
  },
  'dagsorden-teammoede': {
    intro: 'Dagsorden til teamets møde i det professionelle læringsfællesskab.',
    evaluate: false,
    sections: [
      { title: 'Mødet', fields: [f.meetingDate()] },
      { title: '1. Bekymringen', fold: true, fields: [f.concern('Bekymringen')] },
      { title: '2. Data', fold: true, fields: [f.dataBasis('Det, data viser (én datakilde pr. linje)')] },
      { title: '3. Det, der er afprøvet', fold: true, fields: [f.tried('Indsatser (én pr. linje)')] },
      {
        title: '4. Næste skridt',
        fields: [{ kind: 'text', key: 'nextStep', label: 'Forslag til næste skridt', max: L.text, multiline: true }],
      },
      { title: '5. Hvem gør hvad', fields: [f.tasks()] },
      { title: 'Opfølgning', fold: true, fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'plan-faellesskab': {
    intro: 'Mål, tegn og få indsatser for læringsfællesskabet. Skriv tegnene, så I kan se, om målene nås – ét tegn pr. linje.',
    evaluate: true,
    sections: [
      { title: 'Baggrund', fold: true, fields: [f.concern(), f.dataBasis(), f.tried()] },
      { title: 'Mål og tegn', hint: GOALS_HINT, fields: [f.goals()] },
      { title: 'Indsatser', hint: 'Hellere få indsatser end mange.', fields: [f.actions()] },
      FOLLOW_UP,
    ],
  },
  'plan-barn': {
    intro: 'Mål, tegn og indsatser for barnet i sit læringsfællesskab – med barnets og forældrenes perspektiv.',
    evaluate: true,
    sections: [
      { title: 'Baggrund', fold: true, fields: [f.concern(), f.dataBasis(), f.tried()] },
      {
        title: 'Barnet i læringsmiljøet',
        fold: true,
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
      { title: 'Perspektiver', fold: true, fields: [f.childVoice(true), f.parentsVoice(true)] },
      { title: 'Mål og tegn', hint: GOALS_HINT, fields: [f.goals()] },
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
        fold: true,
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
      { title: 'Mål og tegn', hint: GOALS_HINT, fields: [f.goals()] },
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
      { title: 'Planen', fold: true, fields: [{ kind: 'text', key: 'planTitle', label: 'Planen, der evalueres', max: L.line }] },
      // Each goal's goal and signs (the plan's) fold under its title; the assessment stays in view.
      { title: 'Målene', hint: 'Tryk på et mål for at se og rette målet og dets tegn.', fields: [{ kind: 'evalGoals', slots: L.goals }] },
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
      { title: 'Næste opfølgning', fold: true, fields: [f.tovholder(), f.evaluationDate('Næste evaluering')] },
    ],
  },
} satisfies Partial<Record<PlanTemplateId, FormSpec>>;
