/**
 * How each plan template's content is laid out in a card (the form spec: the sections, fields and
 * fixed slots that become the card's inputs). The card JSON (scripts/gen-plan-cards.ts), the flat
 * card values, the parsing of a submitted card and the Markdown export all walk these specs.
 *
 * Adaptive Cards have no dynamic lists, so lists live in fixed slots: up to four goals (`goal1` …
 * `goal4`, each with `goal1Signs`: one sign per line), up to six actions (`action1` …, with
 * `action1Responsible`), and so on (the slot keys are in card-fields.ts). A list of short lines
 * (data basis, what has been tried, …) is a multiline text with one item per line.
 *
 * The forms are written in three files by kind of document; PLAN_FORMS is a Record over every
 * template id, so a template without a form does not compile.
 */
import type { PlanTemplateId } from './templates.js';
import type { FormSpec } from './form-spec.js';
import { TEAM_FORMS } from './forms-team.js';
import { MEETING_FORMS } from './forms-meetings.js';
import { DECISION_FORMS } from './forms-decisions.js';

export type { FieldSpec, FormSpec, Option, SectionSpec } from './form-spec.js';
export { GOALS_HINT, danishCount } from './form-spec.js';

export const PLAN_FORMS: Record<PlanTemplateId, FormSpec> = { ...TEAM_FORMS, ...MEETING_FORMS, ...DECISION_FORMS };
