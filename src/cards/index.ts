/** Adaptive Cards: the templates in `adaptive-cards/`, their view-model schemas, and the one render function. */
export { renderCard, parseViewModel, expandTemplate, cardAttachment, CARD_CONTENT_TYPE, TEMPLATE_DIR } from './render.js';
export type { AdaptiveCardJson, JsonValue } from './render.js';
export {
  CARD_NAMES,
  CARD_SCHEMAS,
  CARD_VERBS,
  CASELESS_VERBS,
  INPUT_KINDS,
  LIMITS,
  ChoiceSchema,
  CaseRefSchema,
  isCardName,
  WelcomeViewModelSchema,
  HelpViewModelSchema,
  IntakeStartViewModelSchema,
  QuestionViewModelSchema,
  AnsweredViewModelSchema,
  RecommendationViewModelSchema,
  SafeguardingViewModelSchema,
  NoticeViewModelSchema,
} from './schemas.js';
export type {
  CardName,
  CardVerb,
  CaselessVerb,
  Choice,
  ViewModel,
  ParsedViewModel,
  WelcomeViewModel,
  HelpViewModel,
  IntakeStartViewModel,
  QuestionViewModel,
  AnsweredViewModel,
  RecommendationViewModel,
  SafeguardingViewModel,
  NoticeViewModel,
} from './schemas.js';
