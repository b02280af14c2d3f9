/**
 * Plans (docs/skabeloner.md): drafting a template's content from the intake and the
 * playbook, the mapping between content and the flat values of its Adaptive Card, the validation
 * of what a user saves (Danish messages next to the field), the evaluation's decision fed back into
 * the intake, and the export as Markdown for the school's case file.
 *
 * Pure: "today" is passed in (a YYYY-MM-DD date in Europe/Copenhagen), nothing is read or stored.
 *
 * The parts, one concern each: templates.ts (the template ids, titles, bounds and choice lists),
 * content.ts (what a saved version holds), forms.ts (how a card lays the content out),
 * card-fields.ts (the card's flat input keys), dates.ts and text.ts (shared helpers), draft.ts,
 * card-values.ts, parse.ts, evaluation.ts and markdown.ts. Importers use this index.
 */
export * from './templates.js';
export * from './content.js';
export * from './forms.js';
export * from './card-fields.js';
export * from './dates.js';
export * from './text.js';
export * from './suggestions.js';
export * from './draft.js';
export * from './card-values.js';
export * from './parse.js';
export * from './evaluation.js';
export * from './markdown.js';
