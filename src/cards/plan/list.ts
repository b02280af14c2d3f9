/**
 * The plan-list card's text (see list.schema.ts): the case's saved plans with where each stands, and
 * the templates the step calls for that have no plan yet.
 */
import type { PlanTemplateId } from '../../domain/plans/index.js';
import { renderCard } from '../render.js';
import { caseHeading, type Card } from '../common.js';
import { danishDate, danishIsoDate, fit, fitOrNull } from '../format.js';
import type { ViewModel } from '../registry.js';
import { PLAN_LIST_PLANS, PLAN_LIST_TEMPLATES } from './list.schema.js';

export interface PlanListInfo {
  caseId: string;
  pseudonym: string | null;
  plans: { id: string; title: string; currentVersion: number; updatedAt: Date; evaluationDate: string | null }[];
  templates: { id: PlanTemplateId; title: string }[];
  unavailable: { title: string }[];
}

export function planListViewModel(info: PlanListInfo): ViewModel<'plan-list'> {
  const some = info.plans.length > 0;
  const latest = [...info.plans].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const shown = latest.slice(0, PLAN_LIST_PLANS);
  const hidden = latest.length - shown.length;
  return {
    caseId: info.caseId,
    // The buttons name a plan or a template; nothing on this card goes stale.
    seq: 0,
    caseHeading: caseHeading(fitOrNull(info.pseudonym, 60)),
    title: some ? 'Sagens planer' : 'Lav udkast',
    intro: some
      ? 'Sagen har allerede gemte planer. Åbn en plan for at læse den, eller lav en ny version af den.'
      : 'Vælg den skabelon, du vil lave et udkast til.',
    plans: shown.map((p) => ({
      planId: p.id,
      title: fit(p.title, 120),
      line: [
        `Version ${p.currentVersion}`,
        `gemt ${danishDate(p.updatedAt)}`,
        ...(p.evaluationDate ? [`evalueres ${danishIsoDate(p.evaluationDate)}`] : []),
      ].join(' · '),
    })),
    morePlans: hidden > 0 ? `Og ${hidden} ${hidden === 1 ? 'plan' : 'planer'} mere: se dem på sagens kort (skriv mine sager).` : null,
    templates: info.templates.slice(0, PLAN_LIST_TEMPLATES).map((t) => ({ templateId: t.id, title: fit(t.title, 120) })),
    templatesNote: info.templates.length === 0 ? 'Trinnet kalder ikke på flere skabeloner lige nu.' : null,
    unavailable:
      info.unavailable.length === 0
        ? null
        : fit(
            `${info.unavailable.map((t) => t.title).join(' og ')} kan endnu ikke laves som udkast i Indsatsguiden. Brug skolens egen skabelon.`,
            300,
          ),
  };
}

export function planListCard(info: PlanListInfo): Card {
  return renderCard('plan-list', planListViewModel(info));
}
