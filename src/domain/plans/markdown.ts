/**
 * The export: a plan as a readable Danish Markdown document for the school's case file, walking
 * the template's form spec section by section. Only the pseudonym names the child.
 */
import { maskIdentifiers } from '../identifiers.js';
import { addCalendarMonths } from '../calendar.js';
import { PKU_DECISION_LABELS, type PkuDecision } from '../pku-decision.js';
import { REVISITATION_INTERVAL_MONTHS, REVISITATION_MONTHS } from '../schedule.js';
import type { CheckItem, DataRow, EvalGoal, PlanAction, PlanContent, PlanGoal, PlanTask } from './content.js';
import { danishDate } from './dates.js';
import { PLAN_FORMS } from './forms.js';
import { GOAL_RESULT_LABELS, PLAN_TITLES, PREREQUISITE_LABELS, type PlanTemplateId } from './templates.js';

type Bag = Record<string, unknown>;

export interface MarkdownMeta {
  pseudonym: string | null;
  version: number;
  savedAt: string | Date;
  savedBy?: string | null;
  /** The template's title (the playbook's); defaults to PLAN_TITLES (docs/skabeloner.md). */
  title?: string;
  /** A referral's: PKU's decision recorded on the case, once known (the revisitation dates follow from it). */
  pkuDecision?: PkuDecision | null;
}

/** "PKU's afgørelse" of an exported referral: the decision, its date and the revisitations that follow. */
function pkuSection(d: PkuDecision): string[] {
  const out = ["## PKU's afgørelse", '', `${PKU_DECISION_LABELS[d.decision]}, ${danishDate(d.decidedOn)}.`];
  if (d.remarks) out.push('', `PKU's bemærkninger: ${paragraph(d.remarks)}`);
  if (d.decision === 'specialtilbud') {
    const first = addCalendarMonths(d.decidedOn, REVISITATION_MONTHS);
    const second = addCalendarMonths(d.decidedOn, REVISITATION_MONTHS + REVISITATION_INTERVAL_MONTHS);
    out.push(
      '',
      `Revisitation: ${danishDate(first)} og ${danishDate(second)} (nærmeste skoledag), derefter hvert år, så længe tilbuddet varer.`,
    );
  }
  return [...out, ''];
}

/** Escapes what could turn user text into markup (HTML) or break a line's structure. */
function md(text: string): string {
  return maskIdentifiers(text)
    .replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c)
    .replace(/^([#>\-*+]|\d+\.)/gm, '\\$1');
}

const paragraph = (text: string) => md(text).split(/\r?\n/).join('  \n');

/**
 * The plan as a readable Danish Markdown document for the school's case file. Only the pseudonym
 * names the child; a CPR-like number cannot be in a saved plan, and is masked here all the same.
 */
export function planToMarkdown<T extends PlanTemplateId>(templateId: T, content: PlanContent<T>, meta: MarkdownMeta): string {
  const c = content as Bag;
  const out: string[] = [];
  out.push(`# ${md(meta.title ?? PLAN_TITLES[templateId])}`, '');
  const by = meta.savedBy ? ` af ${md(meta.savedBy)}` : '';
  out.push(`**${md(meta.pseudonym ?? 'Uden pseudonym')}** · Version ${meta.version} · gemt ${danishDate(meta.savedAt)}${by}`, '');
  const none = '_Ikke udfyldt_';

  for (const section of PLAN_FORMS[templateId].sections) {
    out.push(`## ${section.title}`, '');
    for (const field of section.fields) {
      switch (field.kind) {
        case 'text': {
          const s = String(c[field.key] ?? '');
          out.push(`**${field.label}:**${s.includes('\n') ? '  \n' : ' '}${s ? paragraph(s) : none}`, '');
          break;
        }
        case 'lines': {
          const items = (c[field.key] as string[]) ?? [];
          out.push(`**${field.label.replace(/ \(.*\)$/, '')}:**${items.length ? '' : ` ${none}`}`);
          for (const item of items) out.push(`- ${md(item)}`);
          out.push('');
          break;
        }
        case 'date': {
          const d = c[field.key] as string | null;
          out.push(`**${field.label}:** ${d ? danishDate(d) : none}`, '');
          break;
        }
        case 'choice': {
          const v = c[field.key] as string | null;
          out.push(`**${field.label}** ${v ? (field.options.find((o) => o.value === v)?.title ?? v) : none}`, '');
          break;
        }
        case 'multi': {
          const vs = (c[field.key] as string[]) ?? [];
          out.push(`**${field.label}:**${vs.length ? '' : ` ${none}`}`);
          for (const v of vs) out.push(`- ${field.options.find((o) => o.value === v)?.title ?? v}`);
          out.push('');
          break;
        }
        case 'goals': {
          const goals = c.goals as PlanGoal[];
          if (goals.length === 0) out.push(none, '');
          goals.forEach((g, i) => {
            out.push(`### Mål ${i + 1}: ${md(g.goal)}`, '', 'Tegn:');
            for (const s of g.signs) out.push(`- ${md(s)}`);
            out.push('');
          });
          break;
        }
        case 'evalGoals': {
          const goals = c.goals as EvalGoal[];
          if (goals.length === 0) out.push(none, '');
          goals.forEach((g, i) => {
            out.push(`### Mål ${i + 1}: ${md(g.goal)}`, '');
            out.push(`**Vurdering:** ${g.result ? GOAL_RESULT_LABELS[g.result] : none}`, '');
            if (g.signs.length) {
              out.push('Tegn:');
              for (const s of g.signs) out.push(`- ${md(s)}`);
              out.push('');
            }
            out.push(`**Det viste tegnene:** ${g.observed ? paragraph(g.observed) : none}`, '');
          });
          break;
        }
        case 'actions':
        case 'tasks': {
          const rows =
            field.kind === 'actions'
              ? (c.actions as PlanAction[]).map((a) => [a.title, a.responsible] as const)
              : (c.tasks as PlanTask[]).map((t) => [t.task, t.responsible] as const);
          if (rows.length === 0) out.push(none);
          rows.forEach(([what, who], i) => out.push(`${i + 1}. ${md(what)} – ansvarlig: ${md(who)}`));
          out.push('');
          break;
        }
        case 'dataRows': {
          const rows = c.dataRows as DataRow[];
          if (rows.length === 0) out.push(none);
          for (const r of rows)
            out.push(`- ${md(r.source)} – ${md(r.responsible)}${r.deadline ? `, senest ${danishDate(r.deadline)}` : ''}`);
          out.push('');
          break;
        }
        case 'checklist': {
          for (const item of c.checklist as CheckItem[]) {
            out.push(`- [${item.met ? 'x' : ' '}] ${PREREQUISITE_LABELS[item.id]}${item.evidence ? ` – ${md(item.evidence)}` : ''}`);
          }
          out.push('');
          break;
        }
      }
    }
  }
  if (templateId === 'henvisning-pku' && meta.pkuDecision) out.push(...pkuSection(meta.pkuDecision));
  out.push('---', `_Udarbejdet med Indsatsguiden. Barnet omtales kun med pseudonym; dokumentet indeholder ingen CPR-numre._`);
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
