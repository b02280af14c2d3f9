/**
 * The form on which the school leader (or the teacher who owns the case) records PKU's decision on
 * a referral: the decision, its date and PKU's remarks. What each decision then does to the case is
 * the domain's (src/domain/pku-decision.ts); the card says it in one line under the form. Like every
 * card of a case it names the case at the top (`caseHeading`: "Sag: A.B., 4.B · 4.B –
 * Fjordbakkeskolen", the team when the caller knows it). Text is written here, in the view builder;
 * the schema bounds it.
 */
import { PKU_DECISION_LABELS, PKU_DECISIONS, PKU_REMARKS_MAX, type PkuDecisionKind } from '../../domain/pku-decision.js';
import { renderCard } from '../render.js';
import { caseHeading, type Card } from '../common.js';
import { fitOrNull } from '../format.js';

export interface PkuDecisionCardData {
  caseId: string;
  seq: number;
  pseudonym: string | null;
  /** The case's team as the heading names it ("4.B – Fjordbakkeskolen"); left out or null when not known. */
  team?: string | null;
  today: string;
  values?: { decision: string; decidedOn: string; remarks: string };
  errors?: readonly { field: 'decision' | 'decidedOn' | 'remarks'; message: string }[];
}

/** The choices in the order PKU's model names them, with the domain's labels. */
const DECISION_CHOICES = PKU_DECISIONS.map((value: PkuDecisionKind) => ({ value, title: PKU_DECISION_LABELS[value] }));

export function pkuDecisionCard(d: PkuDecisionCardData): Card {
  const errorOf = (field: 'decision' | 'decidedOn' | 'remarks') => d.errors?.find((e) => e.field === field)?.message.slice(0, 400) ?? '';
  const values = d.values ?? { decision: '', decidedOn: d.today, remarks: '' };
  return renderCard('pku-decision', {
    caseId: d.caseId,
    seq: d.seq,
    caseHeading: caseHeading(fitOrNull(d.pseudonym, 60), fitOrNull(d.team ?? null, 120)),
    lead: 'Pædagogisk Koordinationsudvalg har truffet afgørelse om henvisningen. Registrér afgørelsen og dens dato, så sagen føres videre.',
    decisionChoices: DECISION_CHOICES,
    today: d.today,
    values: {
      decision: values.decision.slice(0, 40),
      decidedOn: values.decidedOn.slice(0, 10),
      remarks: Array.from(values.remarks).slice(0, PKU_REMARKS_MAX).join(''),
    },
    err: { decision: errorOf('decision'), decidedOn: errorOf('decidedOn'), remarks: errorOf('remarks') },
    hasErrors: (d.errors?.length ?? 0) > 0,
  });
}
