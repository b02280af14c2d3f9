/**
 * The warning that a case will be deleted (retention, src/retention/): to its owner and the school's
 * leaders, some days before. It says when and why, and offers **Eksportér** for each saved plan (the
 * plan's Markdown, for the school's case file) and **Åbn sagen**. Text is written here.
 */
import { renderCard } from '../render.js';
import { caseHeading, type Card } from '../common.js';
import { danishDate, fit } from '../format.js';
import { RETENTION_WARNING_PLANS } from './retention-warning.schema.js';

export interface RetentionWarningCardData {
  caseId: string;
  pseudonym: string | null;
  team: string | null;
  deleteAt: Date;
  /** When the case was closed; null: it is deleted because nobody has touched it. */
  closedAt: Date | null;
  touchedAt: Date;
  plans: readonly { id: string; title: string }[];
}

export function retentionWarningCard(d: RetentionWarningCardData): Card {
  const why = d.closedAt ? `Sagen blev afsluttet ${danishDate(d.closedAt)}` : `Ingen har ændret sagen siden ${danishDate(d.touchedAt)}`;
  const more = d.plans.length - RETENTION_WARNING_PLANS;
  return renderCard('retention-warning', {
    caseHeading: caseHeading(d.pseudonym, d.team),
    caseId: d.caseId,
    heading: `Sagen slettes ${danishDate(d.deleteAt)}`,
    lead: `${why}, og den slettes derfor ${danishDate(d.deleteAt)} med dens planer, evalueringer og anmodninger. Skal noget gemmes i skolens sagsmappe, så eksportér planerne før. Ændres sagen, slettes den først senere.`,
    plans: d.plans.slice(0, RETENTION_WARNING_PLANS).map((p) => ({ planId: p.id, title: fit(p.title, 120) })),
    plansNote:
      d.plans.length === 0
        ? 'Sagen har ingen gemte planer.'
        : more > 0
          ? `… og ${more} ${more === 1 ? 'plan' : 'planer'} mere: åbn sagen.`
          : null,
  });
}
