/**
 * The one function that draws a card: a template from `adaptive-cards/` bound to its view model.
 *
 * - The view model is parsed with the template's zod schema first (an invalid one throws: the code
 *   that built it is wrong).
 * - Strings of the view model are data, never template: the engine does not evaluate them, and to
 *   tell a leftover `${...}` of the template apart from a user who typed `${`, every `$` of the data
 *   travels through the expansion escaped and is restored afterwards.
 * - After expansion no `${` may be left (a template that names a missing field, or an expression
 *   that failed, leaves one): that throws, naming the template and the path.
 * - Properties that came out null (an optional field bound to null, a `$when` on a property) are
 *   dropped, as the schema of Adaptive Cards allows null almost nowhere.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Template } from 'adaptivecards-templating';
import { CARD_SCHEMAS, type CardName, type ParsedViewModel, type ViewModel } from './registry.js';

export type { AdaptiveCardJson, JsonValue } from './common.js';
import type { AdaptiveCardJson, JsonValue } from './common.js';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** The folder of the templates, resolved from this file (src/cards → repository root). */
export const TEMPLATE_DIR = new URL('../../adaptive-cards/', import.meta.url);

const templates = new Map<CardName, Template>();

function loadTemplate(name: CardName): Template {
  const cached = templates.get(name);
  if (cached) return cached;
  const file = new URL(`${name}.json`, TEMPLATE_DIR);
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Card template "${name}" could not be read from ${fileURLToPath(file)}: ${(error as Error).message}`);
  }
  if (typeof payload !== 'object' || payload === null || (payload as { type?: unknown }).type !== 'AdaptiveCard') {
    throw new Error(`Card template "${name}" is not an AdaptiveCard`);
  }
  const template = new Template(payload);
  templates.set(name, template);
  return template;
}

// A private-use character starts an escape: `$` travels as ESC+'d', ESC itself as ESC+'e'.
const ESC = '\uE000';
const escapeData = (s: string) => s.replace(/[$\uE000]/g, (c) => (c === '$' ? `${ESC}d` : `${ESC}e`));
const unescapeData = (s: string) => s.replace(/\uE000([de])/g, (_, k: string) => (k === 'd' ? '$' : ESC));

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  }
  return value;
}

/** Checks and cleans the expanded card: no template leftovers, no nulls; data strings unescaped. */
function finish(name: string, value: unknown, path: string): JsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    if (value.includes('${')) {
      throw new Error(`Card template "${name}" left an unexpanded expression at ${path}: ${JSON.stringify(unescapeData(value))}`);
    }
    return unescapeData(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => {
      const done = finish(name, v, `${path}[${i}]`);
      return done === undefined ? [] : [done];
    });
  }
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, v] of Object.entries(value)) {
      const done = finish(name, v, `${path}.${key}`);
      if (done !== undefined) out[key] = done;
    }
    return out;
  }
  throw new Error(`Card template "${name}" produced a ${typeof value} at ${path}`);
}

/** Parses a view model with the schema of its template; throws (with every issue) when it is invalid. */
export function parseViewModel<N extends CardName>(name: N, viewModel: ViewModel<N>): ParsedViewModel<N> {
  const schema = CARD_SCHEMAS[name];
  if (!schema) throw new Error(`Unknown card template "${String(name)}"`);
  const result = schema.safeParse(viewModel);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid view model for card "${name}": ${issues.join('; ')}`);
  }
  return result.data as ParsedViewModel<N>;
}

/** Renders the template `adaptive-cards/<name>.json` with a view model; returns the card. */
export function renderCard<N extends CardName>(name: N, viewModel: ViewModel<N>): AdaptiveCardJson {
  return bind(name, loadTemplate(name), parseViewModel(name, viewModel));
}

/**
 * Binds a template payload to data with the same safeguards as `renderCard` (data never evaluated,
 * no leftover `${`, nulls dropped), without a schema. For tests and tools; handlers use renderCard.
 */
export function expandTemplate(payload: object, data: unknown, label = 'inline'): AdaptiveCardJson {
  return bind(label, new Template(payload), data);
}

function bind(name: string, template: Template, data: unknown): AdaptiveCardJson {
  let expanded: unknown;
  try {
    expanded = template.expand({ $root: mapStrings(data, escapeData) });
  } catch (error) {
    throw new Error(`Card template "${name}" could not be expanded: ${(error as Error).message}`);
  }
  const card = finish(name, expanded, name);
  if (typeof card !== 'object' || card === null || Array.isArray(card) || card.type !== 'AdaptiveCard' || !Array.isArray(card.body)) {
    throw new Error(`Card template "${name}" did not expand to an AdaptiveCard with a body`);
  }
  return card as AdaptiveCardJson;
}

/** The card as a Bot Framework attachment. */
export function cardAttachment(card: AdaptiveCardJson): { contentType: typeof CARD_CONTENT_TYPE; content: AdaptiveCardJson } {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}
