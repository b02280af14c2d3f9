/**
 * A template's content as the flat values of its card inputs (every key present; '' when empty):
 * what the card shows for a draft or a saved version.
 */
import { checklistKey, planCardKeys, slotKey } from './card-fields.js';
import type { CheckItem, DataRow, EvalGoal, PlanAction, PlanContent, PlanGoal, PlanTask } from './content.js';
import { PLAN_FORMS } from './forms.js';
import type { PlanTemplateId } from './templates.js';

type Bag = Record<string, unknown>;

/** The flat values of a template's card inputs (every key present; '' when empty). */
export function planToCardValues<T extends PlanTemplateId>(templateId: T, content: PlanContent<T>): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(planCardKeys(templateId).map((k) => [k, '']));
  const c = content as Bag;
  for (const field of PLAN_FORMS[templateId].sections.flatMap((s) => s.fields)) {
    switch (field.kind) {
      case 'text':
        out[field.key] = String(c[field.key] ?? '');
        break;
      case 'lines':
        out[field.key] = ((c[field.key] as string[] | undefined) ?? []).join('\n');
        break;
      case 'date':
      case 'choice':
        out[field.key] = (c[field.key] as string | null | undefined) ?? '';
        break;
      case 'multi':
        out[field.key] = ((c[field.key] as string[] | undefined) ?? []).join(',');
        break;
      case 'goals':
        (c.goals as PlanGoal[]).forEach((g, i) => {
          out[slotKey('goals', i + 1)] = g.goal;
          out[slotKey('goals', i + 1, 'Signs')] = g.signs.join('\n');
        });
        break;
      case 'evalGoals':
        (c.goals as EvalGoal[]).forEach((g, i) => {
          out[slotKey('evalGoals', i + 1)] = g.goal;
          out[slotKey('evalGoals', i + 1, 'Signs')] = g.signs.join('\n');
          out[slotKey('evalGoals', i + 1, 'Result')] = g.result ?? '';
          out[slotKey('evalGoals', i + 1, 'Observed')] = g.observed;
        });
        break;
      case 'actions':
        (c.actions as PlanAction[]).forEach((a, i) => {
          out[slotKey('actions', i + 1)] = a.title;
          out[slotKey('actions', i + 1, 'Responsible')] = a.responsible;
        });
        break;
      case 'tasks':
        (c.tasks as PlanTask[]).forEach((t, i) => {
          out[slotKey('tasks', i + 1)] = t.task;
          out[slotKey('tasks', i + 1, 'Responsible')] = t.responsible;
        });
        break;
      case 'dataRows':
        (c.dataRows as DataRow[]).forEach((d, i) => {
          out[slotKey('dataRows', i + 1)] = d.source;
          out[slotKey('dataRows', i + 1, 'Responsible')] = d.responsible;
          out[slotKey('dataRows', i + 1, 'Deadline')] = d.deadline ?? '';
        });
        break;
      case 'checklist':
        for (const item of c.checklist as CheckItem[]) {
          out[checklistKey(item.id)] = item.met ? 'true' : 'false';
          out[`${checklistKey(item.id)}Evidence`] = item.evidence;
        }
        break;
    }
  }
  return out;
}
