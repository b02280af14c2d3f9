/**
 * The forms on the way to a decision: the application for a PPV, the leader's case presentation
 * (sagsfremstilling) and the referral to PKU.
 */
import { LEADER_DECISIONS_MADE, LEADER_DECISION_LABELS, PPV_CONSENT, PPV_CONSENT_LABELS, type PlanTemplateId } from './templates.js';
import { CONCERN_PLACEHOLDER, L, REFERRAL_TEXT, f, options, type FormSpec } from './form-spec.js';

export const DECISION_FORMS = {
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
        fold: true,
        fields: [f.tried(), f.enclosed()],
      },
      { title: 'Perspektiver', fold: true, fields: [f.childVoice(true), f.parentsVoice(true)] },
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
      { title: 'Opfølgning', fold: true, fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  sagsfremstilling: {
    intro: "Skoleledelsens sagsfremstilling efter PPV'en: sagen, det afprøvede, barnets og forældrenes syn, partshøringen og afgørelsen.",
    evaluate: false,
    sections: [
      {
        title: 'Sagen kort',
        fields: [f.summary()],
      },
      { title: "PPV'en", fields: [f.ppvRecommendations()] },
      {
        title: 'Det, der er afprøvet',
        fold: true,
        hint: 'Planer og evalueringer for fællesskabet og for barnet.',
        fields: [f.tried(), f.enclosed()],
      },
      { title: 'Barnets og forældrenes syn', fold: true, fields: [f.childVoice(true), f.parentsVoice(true)] },
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
      { title: 'Opfølgning', fold: true, fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'henvisning-pku': {
    intro:
      'Henvisning til Pædagogisk Koordinationsudvalg. Alle forudsætninger skal være opfyldt og dokumenteret. Tilbuddet gives for et år ad gangen.',
    evaluate: true,
    sections: [
      {
        title: 'Sagen kort',
        fields: [f.summary()],
      },
      {
        title: 'Forudsætninger',
        fold: true,
        hint: 'Sæt flueben, og skriv, hvad der dokumenterer hver forudsætning.',
        fields: [{ kind: 'checklist' }],
      },
      // Shorter than elsewhere: the referral encloses the plans and the PPV, and its card holds nine
      // prerequisites with their evidence besides (every card stays under Teams' 28 KB).
      {
        title: 'Barnets og forældrenes perspektiv',
        fold: true,
        fields: [f.childVoice(true, REFERRAL_TEXT), f.parentsVoice(true, REFERRAL_TEXT)],
      },
      { title: "PPV'en", fields: [f.ppvRecommendations(REFERRAL_TEXT)] },
      {
        title: 'Vedlagte planer',
        fold: true,
        fields: [
          f.enclosed(
            'Planerne for fællesskabet og barnet og deres evalueringer (én pr. linje)',
            'Skriv, hvilke planer og evalueringer der vedlægges.',
          ),
        ],
      },
      // Folded like the rest the draft fills in (the goals are drafted for the child): the card stays
      // under 1,400 px. Empty, the first goal opens it.
      {
        title: 'Mål for året',
        fold: true,
        hint: 'Lærings- og udviklingsmål, som revisitationen tager afsæt i – herunder målet om, at barnet kan vende tilbage til almenskolen.',
        fields: [f.goals('Mål for året')],
      },
      {
        title: 'Opfølgning',
        fold: true,
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
} satisfies Partial<Record<PlanTemplateId, FormSpec>>;
