/**
 * Reading an intake card's values into typed answers, checked against the question on screen: a
 * value of the wrong kind, a required answer missing, an unknown playbook action, or a field the
 * card does not ask is an error beside its field; a CPR number in free text is refused (reported,
 * never kept). A multi choice may fold some choices behind "Vis flere" into a second input
 * (`moreInputIdOf`), whose values count with the first.
 */
import { FIELD_KINDS, INTAKE_FIELDS, type IntakeField } from '../domain/intake.js';
import { containsIdentifier } from '../domain/identifiers.js';
import { withoutControlCharacters } from '../domain/free-text.js';
import { moreInputIdOf } from '../domain/questions.js';
import type { CardValues, FieldError } from './intake.service.js';

/** Reads the card's values for the asked fields into typed answers; required ones must be there. `actionIds`: the playbook's actions. */
export function readAnswers(fields: IntakeField[], raw: Readonly<Record<string, unknown>>, actionIds: ReadonlySet<string>) {
  const answers: Partial<Record<IntakeField, unknown>> = {};
  const values: CardValues = {};
  const errors: FieldError[] = [];
  let cpr = false;
  for (const field of INTAKE_FIELDS) {
    if (!fields.includes(field) && field in raw) {
      errors.push({ field, message: 'hører ikke til dette spørgsmål – brug det nyeste kort' });
    }
  }
  for (const field of fields) {
    const kind = FIELD_KINDS[field];
    // A multi choice may show some choices behind "Vis flere": that second input's values count too.
    const parts = kind.kind === 'multi' ? [raw[field], raw[moreInputIdOf(field)]] : [raw[field]];
    if (parts.some((v) => v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'boolean')) {
      errors.push({ field, message: 'har en ugyldig værdi' });
      continue;
    }
    const text = parts
      .map((v) => (v === undefined || v === null ? '' : String(v).trim()))
      .filter((v) => v !== '')
      .join(',');
    // The card shown again never carries a control character back (the schema refuses it with its own message).
    if (text !== '') values[field] = withoutControlCharacters(text);
    switch (kind.kind) {
      case 'text':
        if (text !== '') {
          if (containsIdentifier(text)) cpr = true;
          else answers[field] = text;
        }
        break;
      case 'single':
        if (text === '') errors.push({ field, message: 'Vælg et svar' });
        else answers[field] = text;
        break;
      case 'boolean':
        if (text === 'true' || text === 'false') answers[field] = text === 'true';
        else errors.push({ field, message: text === '' ? 'Vælg Ja eller Nej' : 'skal være Ja eller Nej' });
        break;
      case 'multi': {
        const items =
          text === ''
            ? []
            : text
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean);
        if (items.length < kind.min) {
          errors.push({ field, message: kind.min === 1 ? 'Vælg mindst én' : `Vælg mindst ${kind.min}` });
          break;
        }
        if (kind.values === 'playbook-actions') {
          const unknown = items.filter((i) => !actionIds.has(i));
          if (unknown.length > 0) {
            errors.push({ field, message: `ukendt indsats: ${unknown.map((u) => `"${u}"`).join(', ')}` });
            break;
          }
        }
        answers[field] = items;
        break;
      }
    }
  }
  return { answers, values, errors, cpr };
}
