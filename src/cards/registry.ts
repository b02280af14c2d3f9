/**
 * Every card template, by name: the file `adaptive-cards/<name>.json` → its view-model schema (each
 * in its feature's folder). `renderCard` looks a template's schema up here. A plan template without
 * a schema does not compile (PLAN_VIEW_MODEL_SCHEMAS), and a test compares `adaptive-cards/` with
 * CARD_NAMES, so a template without a schema, or a schema without a template, is found.
 */
import type { z } from '../domain/zod.js';
import { INTAKE_FIELDS } from '../domain/intake.js';
import { SPARRING_FORM_FIELDS } from '../domain/sparring.js';
import { isPlanTemplateId, planCardKeys } from '../domain/plans/index.js';
import { AnsweredViewModelSchema, IntakeStartViewModelSchema, QuestionViewModelSchema } from './intake/schema.js';
import { AcuteDangerViewModelSchema, IntakePauseViewModelSchema } from './intake/safety-pause.schema.js';
import { moreInputIdOf } from '../domain/questions.js';
import { HelpViewModelSchema, WelcomeViewModelSchema } from './welcome/schema.js';
import { CaseChoiceViewModelSchema, CaseConfirmViewModelSchema } from './choose/schema.js';
import { RecommendationViewModelSchema } from './recommendation/schema.js';
import { SafeguardingViewModelSchema } from './safeguarding/schema.js';
import { NoticeViewModelSchema } from './notice/schema.js';
import { CaseListViewModelSchema, CaseViewModelSchema } from './case/schema.js';
import { PKU_FORM_INPUTS, PkuDecisionViewModelSchema } from './case/pku-decision.schema.js';
import { CLOSE_FORM_INPUTS, CaseCloseViewModelSchema } from './case/close.schema.js';
import { PLAN_VIEW_MODEL_SCHEMAS } from './plan/schema.js';
import { PlanListViewModelSchema } from './plan/list.schema.js';
import { EvaluationReminderViewModelSchema } from './proactive/evaluation-reminder.schema.js';
import { EvaluationReminderGroupViewModelSchema } from './proactive/evaluation-reminder-group.schema.js';
import { SafeguardingAlertViewModelSchema } from './proactive/safeguarding-alert.schema.js';
import { RevisitationReminderViewModelSchema } from './proactive/revisitation-reminder.schema.js';
import { WeeklyDigestViewModelSchema } from './proactive/weekly-digest.schema.js';
import { RetentionWarningViewModelSchema } from './proactive/retention-warning.schema.js';
import { ADMIN_STATUS_INPUTS, AdminStatusViewModelSchema } from './admin/admin-status.schema.js';
import { AdminEraseViewModelSchema } from './admin/erase.schema.js';
import { AccessLogViewModelSchema } from './admin/access-log.schema.js';
import {
  SPARRING_REQUEST_INPUTS,
  SparringFormViewModelSchema,
  SparringListViewModelSchema,
  SparringRequestViewModelSchema,
} from './sparring/schema.js';

/** Template name (the file `adaptive-cards/<name>.json`) → its view-model schema. */
export const CARD_SCHEMAS = {
  welcome: WelcomeViewModelSchema,
  help: HelpViewModelSchema,
  'case-choice': CaseChoiceViewModelSchema,
  'case-confirm': CaseConfirmViewModelSchema,
  'intake-start': IntakeStartViewModelSchema,
  question: QuestionViewModelSchema,
  answered: AnsweredViewModelSchema,
  'acute-danger': AcuteDangerViewModelSchema,
  'intake-pause': IntakePauseViewModelSchema,
  recommendation: RecommendationViewModelSchema,
  safeguarding: SafeguardingViewModelSchema,
  notice: NoticeViewModelSchema,
  'case-list': CaseListViewModelSchema,
  case: CaseViewModelSchema,
  'pku-decision': PkuDecisionViewModelSchema,
  'case-close': CaseCloseViewModelSchema,
  ...PLAN_VIEW_MODEL_SCHEMAS,
  'plan-list': PlanListViewModelSchema,
  'evaluation-reminder': EvaluationReminderViewModelSchema,
  'evaluation-reminder-group': EvaluationReminderGroupViewModelSchema,
  'safeguarding-alert': SafeguardingAlertViewModelSchema,
  'revisitation-reminder': RevisitationReminderViewModelSchema,
  'weekly-digest': WeeklyDigestViewModelSchema,
  'retention-warning': RetentionWarningViewModelSchema,
  'admin-status': AdminStatusViewModelSchema,
  'access-log': AccessLogViewModelSchema,
  'admin-erase': AdminEraseViewModelSchema,
  'sparring-form': SparringFormViewModelSchema,
  'sparring-request': SparringRequestViewModelSchema,
  'sparring-list': SparringListViewModelSchema,
} as const;

export type CardName = keyof typeof CARD_SCHEMAS;
export const CARD_NAMES = Object.keys(CARD_SCHEMAS) as CardName[];

/** What a caller passes to `renderCard` (defaults not yet applied). */
export type ViewModel<N extends CardName> = z.input<(typeof CARD_SCHEMAS)[N]>;
/** What the template is bound to (after parsing). */
export type ParsedViewModel<N extends CardName> = z.output<(typeof CARD_SCHEMAS)[N]>;

export type WelcomeViewModel = ViewModel<'welcome'>;
export type HelpViewModel = ViewModel<'help'>;
export type IntakeStartViewModel = ViewModel<'intake-start'>;
export type QuestionViewModel = ViewModel<'question'>;
export type AnsweredViewModel = ViewModel<'answered'>;
export type RecommendationViewModel = ViewModel<'recommendation'>;
export type SafeguardingViewModel = ViewModel<'safeguarding'>;
export type NoticeViewModel = ViewModel<'notice'>;
export type CaseListViewModel = ViewModel<'case-list'>;
export type EvaluationReminderViewModel = ViewModel<'evaluation-reminder'>;
export type SafeguardingAlertViewModel = ViewModel<'safeguarding-alert'>;
export type RevisitationReminderViewModel = ViewModel<'revisitation-reminder'>;
export type WeeklyDigestViewModel = ViewModel<'weekly-digest'>;
export type AdminStatusViewModel = ViewModel<'admin-status'>;
export type SparringFormViewModel = ViewModel<'sparring-form'>;
export type SparringRequestViewModel = ViewModel<'sparring-request'>;
export type SparringListViewModel = ViewModel<'sparring-list'>;
/** The view model of any plan template (they share one shape). */
export type PlanViewModel = ViewModel<'plan-faellesskab'>;

export function isCardName(name: string): name is CardName {
  return Object.hasOwn(CARD_SCHEMAS, name);
}

/**
 * The ids a template's inputs may have: intake fields for the intake cards, the plan's card value
 * keys for a plan card, the form's fields for a sparring request.
 */
export function cardInputIds(name: CardName): readonly string[] {
  if (isPlanTemplateId(name)) return planCardKeys(name);
  if (name === 'sparring-form') return SPARRING_FORM_FIELDS;
  if (name === 'sparring-request') return SPARRING_REQUEST_INPUTS;
  if (name === 'sparring-list') return [];
  if (name === 'pku-decision') return PKU_FORM_INPUTS;
  if (name === 'case-close') return CLOSE_FORM_INPUTS;
  if (name === 'admin-status') return ADMIN_STATUS_INPUTS;
  if (name === 'question') return [...INTAKE_FIELDS, moreInputIdOf('tried')];
  return name === 'intake-start' ? [...INTAKE_FIELDS, 'pseudonym', 'team'] : INTAKE_FIELDS;
}
