/**
 * Every card template × every fixture (realistic, `.max` at the schema's limits, and variants):
 * the rendered card is valid Adaptive Cards 1.5 (the official schema), Teams can take it (version,
 * size), every button routes on a verb with a Submit fallback carrying the same data (the only other
 * buttons: a ShowCard that holds such a button, and an OpenUrl to a Teams deep link or, on the
 * safeguarding card, to the municipality's notification form), a card's
 * Universal Actions refresh routes on a verb for at most 60 users, and every input has a label and
 * a unique id that names a field of the card's form.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  renderCard,
  type AdaptiveCardJson,
  CARD_NAMES,
  TEMPLATE_DIR,
  CARD_VERBS,
  CASELESS_VERBS,
  VERB_DATA_KEYS,
  optionalDataKeysOf,
  cardInputIds,
  type CardName,
  type CardVerb,
} from '../../../src/cards/index.js';
import { listCardFixtures } from '../../../src/cli/cards-render.js';

/** The official Adaptive Cards 1.5 schema, vendored byte for byte (test/fixtures/schemas/README.md). */
const CARD_SCHEMA = new URL('../../fixtures/schemas/adaptive-card-1.5.json', import.meta.url);
const CARD_SCHEMA_SHA256 = '32c91fb285180a266a55b3475dd0396e63fe079311714d3a14963b41f5e17920';
const MAX_BYTES = 28 * 1024;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every object in the card with the JSON path to it. */
function walk(value: Json, path = '$', out: { path: string; node: Obj }[] = []): { path: string; node: Obj }[] {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, out));
  else if (isObj(value)) {
    out.push({ path, node: value });
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, out);
  }
  return out;
}

function loadSchemaValidator(): ValidateFunction {
  const text = readFileSync(CARD_SCHEMA);
  const digest = createHash('sha256').update(text).digest('hex');
  if (digest !== CARD_SCHEMA_SHA256) {
    throw new Error(`${fileURLToPath(CARD_SCHEMA)} is not the official schema (sha256 ${digest}); copy it again (see its README).`);
  }
  // The schema is draft-06 but uses draft-04's "id" and a few non-standard keywords (see its README).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addMetaSchema(JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('ajv/dist/refs/json-schema-draft-06.json')), 'utf8')));
  ajv.removeKeyword('id');
  return ajv.compile(JSON.parse(text.toString('utf8')));
}

const fixtures = listCardFixtures();

describe('the registry', () => {
  it('has a view-model schema for every template in adaptive-cards/, and a template for every schema', () => {
    const templates = readdirSync(TEMPLATE_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length));
    expect([...CARD_NAMES].sort()).toEqual(templates.sort());
  });
});

describe('card fixtures', () => {
  it.each(CARD_NAMES)('template %s has a realistic and a max fixture', (name) => {
    const ids = fixtures.filter((f) => f.name === name).map((f) => f.id);
    expect(ids).toContain(name);
    expect(ids).toContain(`${name}.max`);
  });
});

describe('the verbs', () => {
  it('every verb says which data keys its buttons carry; caseless verbs carry none, the others at least one id', () => {
    expect(Object.keys(VERB_DATA_KEYS).sort()).toEqual([...CARD_VERBS].sort());
    for (const verb of CARD_VERBS) {
      const keys: readonly string[] = VERB_DATA_KEYS[verb];
      if ((CASELESS_VERBS as readonly string[]).includes(verb)) expect(keys, verb).toEqual([]);
      else
        expect(
          keys.some((k) => k === 'caseId' || k === 'planId' || k === 'requestId'),
          verb,
        ).toBe(true);
    }
  });
});

describe('the schema check', () => {
  it('refuses what Adaptive Cards 1.5 does not allow', () => {
    const validate = loadSchemaValidator();
    const bad = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Input.Text', id: 'description', label: 'x', isMultiline: 'yes', colour: 'red' }],
      actions: [{ type: 'Action.Execute', title: 'Svar', verb: 'intake.answer', data: 42 }],
    };
    expect(validate(bad)).toBe(false);
    const complaints = JSON.stringify(validate.errors);
    expect(complaints).toContain('isMultiline');
    expect(complaints).toContain('colour');
  });
});

describe.each(fixtures)('card $id', (fixture) => {
  let card: AdaptiveCardJson;
  let validate: ValidateFunction;
  let nodes: { path: string; node: Obj }[];

  beforeAll(() => {
    validate = loadSchemaValidator();
    card = renderCard(fixture.name as CardName, JSON.parse(readFileSync(fixture.file, 'utf8')));
    nodes = walk(card as unknown as Json);
  });

  it('is valid against the Adaptive Cards 1.5 schema', () => {
    const valid = validate(card);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is an AdaptiveCard of version 1.5 or lower', () => {
    expect(card.type).toBe('AdaptiveCard');
    const [major, minor] = card.version.split('.').map(Number);
    expect(Number.isInteger(major) && Number.isInteger(minor)).toBe(true);
    expect((major ?? 0) * 100 + (minor ?? 0)).toBeLessThanOrEqual(105);
    expect(card.body.length).toBeGreaterThan(0);
  });

  it('leaves no template expression behind', () => {
    expect(JSON.stringify(card)).not.toContain('${');
    expect(JSON.stringify(card)).not.toContain('\uE000');
    for (const { path, node } of nodes) {
      for (const key of ['$data', '$when']) expect(node, `${path} keeps ${key}`).not.toHaveProperty(key);
    }
  });

  it(`stays under ${MAX_BYTES} bytes`, () => {
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(MAX_BYTES);
  });

  it('routes every button on a verb, with a Submit fallback carrying the same data and the verb', () => {
    const actions = nodes.filter(({ node }) => typeof node.type === 'string' && node.type.startsWith('Action.'));
    const executes = actions.filter(({ node }) => node.type === 'Action.Execute');
    // Every button is an Execute; the only Submits are Execute fallbacks; a ShowCard only opens a
    // card whose own buttons are Executes; an OpenUrl only opens Teams (a chat, a new meeting), or
    // the municipality's underretning.
    for (const { path, node } of actions) {
      if (node.type === 'Action.Submit') expect(path, `${path} is a stray Action.Submit`).toMatch(/\.fallback$/);
      else if (node.type === 'Action.ShowCard') {
        expect(typeof node.title === 'string' && node.title.length > 0, `${path} title`).toBe(true);
        const shown = node.card;
        expect(isObj(shown) && shown.type === 'AdaptiveCard', `${path} shows a card`).toBe(true);
        const buttons = isObj(shown) && Array.isArray(shown.actions) ? shown.actions : [];
        expect(buttons.length, `${path} has a button`).toBeGreaterThan(0);
        for (const b of buttons) expect(isObj(b) && b.type, `${path} button`).toBe('Action.Execute');
      } else if (node.type === 'Action.OpenUrl') {
        expect(typeof node.title === 'string' && node.title.length > 0, `${path} title`).toBe(true);
        // The safeguarding card may also open the municipality's own notification form (https, from the playbook).
        const allowed = fixture.name === 'safeguarding' ? /^https:\/\// : /^https:\/\/teams\.microsoft\.com\/l\/(chat|meeting)\//;
        expect(String(node.url), `${path} url`).toMatch(allowed);
      } else if (node.type === 'Action.ToggleVisibility') {
        // A section that folds: the button names it, and shows or hides elements of this card.
        expect(typeof node.title === 'string' && node.title.length > 0, `${path} title`).toBe(true);
        const targets = Array.isArray(node.targetElements) ? node.targetElements : [];
        expect(targets.length, `${path} targets`).toBeGreaterThan(0);
        const ids = new Set(nodes.map((n) => n.node.id).filter((id) => typeof id === 'string'));
        for (const t of targets)
          expect(ids.has(isObj(t) ? (t.elementId as string) : (t as string)), `${path} target ${String(t)}`).toBe(true);
      } else expect(node.type, path).toBe('Action.Execute');
    }
    const refresh = card.refresh;
    if (refresh !== undefined) {
      // Universal Actions: Teams runs the refresh itself (no button, no fallback) for the users listed.
      expect(isObj(refresh) && isObj(refresh.action) && refresh.action.type === 'Action.Execute', 'refresh.action').toBe(true);
      const userIds = isObj(refresh) ? refresh.userIds : undefined;
      expect(Array.isArray(userIds) && userIds.length > 0 && userIds.length <= 60, 'refresh.userIds').toBe(true);
    }
    for (const { path, node } of executes) {
      const isRefresh = path === '$.refresh.action';
      const verb = node.verb;
      expect(typeof verb === 'string' && (CARD_VERBS as readonly string[]).includes(verb), `${path} verb ${String(verb)}`).toBe(true);
      if (!isRefresh) expect(typeof node.title === 'string' && node.title.length > 0, `${path} title`).toBe(true);
      const data = node.data;
      expect(isObj(data), `${path} data`).toBe(true);
      if (!isObj(data)) continue;
      if ((CASELESS_VERBS as readonly string[]).includes(verb as string)) {
        // No case needed; only the keys the verb table allows it besides (a Fortsæt naming its case).
        const allowed: readonly string[] = optionalDataKeysOf(verb as CardVerb);
        for (const key of Object.keys(data)) expect(allowed, `${path} (${String(verb)}) carries ${key}`).toContain(key);
      } else {
        // Every key the verb's handler reads is there: seq and version integers, the others non-empty strings.
        for (const key of VERB_DATA_KEYS[verb as CardVerb]) {
          const value = data[key];
          if (key === 'seq' || key === 'version') expect(Number.isInteger(value), `${path} (${String(verb)}) ${key}`).toBe(true);
          else expect(typeof value === 'string' && value.length > 0, `${path} (${String(verb)}) ${key}`).toBe(true);
        }
      }
      if (isRefresh) {
        expect(node, `${path} needs no fallback`).not.toHaveProperty('fallback');
        continue;
      }
      const fallback = node.fallback;
      expect(isObj(fallback) && fallback.type === 'Action.Submit', `${path} has an Action.Submit fallback`).toBe(true);
      if (!isObj(fallback)) continue;
      expect(fallback.title).toBe(node.title);
      expect(fallback.data).toEqual({ ...data, verb });
      expect(fallback.associatedInputs ?? 'Auto').toBe(node.associatedInputs ?? 'Auto');
      expect(walk(fallback).filter((n) => n.node.type === 'Action.Execute')).toEqual([]);
    }
  });

  it('labels every input, gives each a unique id that is a field of the card form (intake field or plan field), and says why a required one failed', () => {
    const inputs = nodes.filter(
      ({ node }) => typeof node.type === 'string' && node.type.startsWith('Input.') && node.type !== 'Input.Choice',
    );
    for (const { path, node } of inputs) {
      expect(typeof node.label === 'string' && node.label.trim().length > 0, `${path} label`).toBe(true);
      expect(cardInputIds(fixture.name as CardName).includes(node.id as string), `${path} id ${String(node.id)}`).toBe(true);
      if (node.isRequired === true)
        expect(typeof node.errorMessage === 'string' && node.errorMessage.length > 0, `${path} errorMessage`).toBe(true);
    }
  });

  it('has unique element ids', () => {
    const ids = nodes.filter(({ path, node }) => typeof node.id === 'string' && !/\.fallback$/.test(path)).map(({ node }) => node.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
