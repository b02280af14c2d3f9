import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import {
  DEVELOPMENT_KEY_ID,
  developmentKeySpec,
  KeyRing,
  KeySpecError,
  SealedValueError,
  isSealed,
  jsonNeedsSealing,
  keyIdOf,
  newKeySpec,
  openAny,
  openJson,
  parseKeySpec,
  sealJson,
  sealedStrings,
  textNeedsSealing,
} from '../../../src/db/sealing.js';
import { INTAKE_CLEAR, OUTBOX_CLEAR } from '../../../src/db/sealed-columns.js';
import { TEST_KEY, TEST_KEY_2 } from '../../support/keys.js';

const GUID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const ring = KeyRing.fromSpecs(TEST_KEY);
const TEXT = 'Eleven græder i frikvarteret 😢 og siger, at far råber derhjemme.';

describe('sealing text', () => {
  it('round-trips any text, with a new IV every time, and names its key in the header', () => {
    for (const text of [TEXT, '', 'æøå ÆØÅ', 'x'.repeat(5000), '${name} {{x}}']) {
      const sealed = ring.seal(text);
      expect(sealed).toMatch(/^enc:v1:test-1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22,}$/);
      expect(isSealed(sealed)).toBe(true);
      expect(keyIdOf(sealed)).toBe('test-1');
      expect(ring.open(sealed)).toBe(text);
    }
    expect(ring.seal(TEXT)).not.toBe(ring.seal(TEXT));
    expect(ring.seal(TEXT)).not.toContain('græder');
  });

  it('reads a value written before encryption as it is', () => {
    expect(ring.open('skrevet før krypteringen')).toBe('skrevet før krypteringen');
    expect(keyIdOf('skrevet før krypteringen')).toBeNull();
    expect(ring.openNullable(null)).toBeNull();
  });

  it('refuses a changed byte, a moved key id and an unknown key, never showing the text', () => {
    const sealed = ring.seal(TEXT);
    const body = sealed.slice(sealed.lastIndexOf(':') + 1);
    const flipped = sealed.slice(0, -body.length) + (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
    expect(() => ring.open(flipped)).toThrow(SealedValueError);
    const both = KeyRing.fromSpecs(TEST_KEY, [TEST_KEY_2]);
    const moved = sealed.replace('enc:v1:test-1:', 'enc:v1:test-2:');
    expect(() => both.open(moved)).toThrow(SealedValueError);
    const other = KeyRing.fromSpecs(TEST_KEY_2);
    expect(() => other.open(sealed)).toThrow(/nøglen "test-1", som ikke er sat \(ENCRYPTION_PREVIOUS_KEYS\)/);
    try {
      other.open(sealed);
    } catch (error) {
      expect(String(error)).not.toContain('græder');
    }
  });

  it('seals with the current key and opens with the previous ones while rotating', () => {
    const old = KeyRing.fromSpecs(TEST_KEY_2);
    const written = old.seal(TEXT);
    const rotating = KeyRing.fromSpecs(TEST_KEY, [TEST_KEY_2]);
    expect(rotating.currentId).toBe('test-1');
    expect(rotating.ids).toEqual(['test-1', 'test-2']);
    expect(rotating.open(written)).toBe(TEXT);
    expect(keyIdOf(rotating.seal(TEXT))).toBe('test-1');
    expect(textNeedsSealing(rotating, written)).toBe(true);
    expect(textNeedsSealing(rotating, 'clear')).toBe(true);
    expect(textNeedsSealing(rotating, rotating.seal(TEXT))).toBe(false);
    expect(textNeedsSealing(rotating, null)).toBe(false);
  });

  it('fingerprints text with a keyed digest: the same text the same, another key another, never the plain hash', () => {
    expect(ring.fingerprint(TEXT)).toBe(KeyRing.fromSpecs(TEST_KEY, [TEST_KEY_2]).fingerprint(TEXT));
    expect(ring.fingerprint(TEXT)).toMatch(/^[0-9a-f]{64}$/);
    expect(ring.fingerprint(`${TEXT}.`)).not.toBe(ring.fingerprint(TEXT));
    expect(KeyRing.fromSpecs(TEST_KEY_2).fingerprint(TEXT)).not.toBe(ring.fingerprint(TEXT));
    expect(ring.fingerprint(TEXT)).not.toBe(createHash('sha256').update(TEXT).digest('hex'));
  });

  it('never shows a key in inspect or JSON', () => {
    const material = TEST_KEY.slice(TEST_KEY.indexOf(':') + 1);
    const config = loadConfig({ ENCRYPTION_KEY: TEST_KEY });
    expect(inspect(config, { depth: 10, showHidden: true })).not.toContain(material);
    expect(JSON.stringify(config)).not.toContain(material);
    expect(inspect(ring, { depth: 10, showHidden: true })).not.toContain(material);
  });
});

describe('key lines', () => {
  it('makes and reads <id>:<base64 of 32 bytes>', () => {
    const spec = newKeySpec('2027-01');
    expect(spec).toMatch(/^2027-01:[A-Za-z0-9+/]{43}=$/);
    expect(parseKeySpec(spec).key).toHaveLength(32);
    expect(newKeySpec()).toMatch(/^\d{4}-\d{2}-\d{2}:/);
    expect(newKeySpec('a')).not.toBe(newKeySpec('a'));
  });

  it.each([
    `nul:${Buffer.alloc(32).toString('base64')}`,
    `moenster:${Buffer.from('abcd'.repeat(8)).toString('base64')}`,
    '',
    'kort',
    'Stor:AAAA',
    `x:${Buffer.alloc(16).toString('base64')}`,
    `x:${Buffer.alloc(32).toString('hex')}`,
    `x y:${Buffer.alloc(32).toString('base64')}`,
  ])('refuses %j', (spec) => {
    expect(() => parseKeySpec(spec)).toThrow(KeySpecError);
  });

  it('refuses the same id twice', () => {
    expect(() => KeyRing.fromSpecs(TEST_KEY, [TEST_KEY])).toThrow(/to gange/);
  });
});

describe('the settings', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('uses the development key without BOT_ID and without a key', () => {
    const config = loadConfig({});
    expect(config.keys.currentId).toBe(DEVELOPMENT_KEY_ID);
    expect(config.keys.usesDevelopmentKey()).toBe(true);
  });

  it('with BOT_ID refuses to start without a key of its own, and says how to make one', () => {
    expect(problems({ BOT_ID: GUID, BOT_PASSWORD: 'x' })).toEqual([
      expect.stringMatching(/^ENCRYPTION_KEY: mangler: .*npm run keys -- new/),
    ]);
    // The development key is refused by its bytes, under any id, also among the previous keys.
    for (const keys of <Record<string, string>[]>[
      { ENCRYPTION_KEY: developmentKeySpec() },
      { ENCRYPTION_KEY: ` ${developmentKeySpec()}` },
      { ENCRYPTION_KEY: developmentKeySpec('prod') },
      { ENCRYPTION_KEY: TEST_KEY, ENCRYPTION_PREVIOUS_KEYS: developmentKeySpec('gammel') },
    ])
      expect(problems({ BOT_ID: GUID, BOT_PASSWORD: 'x', ...keys })).toEqual([
        expect.stringMatching(/^ENCRYPTION_KEY: udviklingsnøglen bruges ikke med BOT_ID/),
      ]);
    expect(problems({ ENCRYPTION_PREVIOUS_KEYS: TEST_KEY_2 })).toEqual([
      expect.stringMatching(/^ENCRYPTION_PREVIOUS_KEYS: bruges kun sammen med ENCRYPTION_KEY/),
    ]);
    const config = loadConfig({ BOT_ID: GUID, BOT_PASSWORD: 'x', ENCRYPTION_KEY: TEST_KEY, ENCRYPTION_PREVIOUS_KEYS: ` ${TEST_KEY_2} , ` });
    expect(config.keys.ids).toEqual(['test-1', 'test-2']);
    expect(config.keys.usesDevelopmentKey()).toBe(false);
  });

  it('names a bad key without echoing it', () => {
    const secret = `k:${Buffer.alloc(31, 3).toString('base64')}`;
    const found = problems({ ENCRYPTION_KEY: secret, ENCRYPTION_PREVIOUS_KEYS: `ok:${'A'.repeat(10)}` });
    expect(found).toHaveLength(2);
    expect(found.join('\n')).not.toContain(secret.slice(2));
    expect(found.join('\n')).not.toContain('A'.repeat(10));
  });
});

describe('sealing JSON', () => {
  const intake = { scope: 'barn', areas: ['trivsel'], safety: ['vold'], acuteDanger: true, description: TEXT };

  it('keeps the clear keys readable for SQL and seals the rest as one value', () => {
    const sealed = sealJson(ring, intake, INTAKE_CLEAR) as Record<string, unknown>;
    expect(Object.keys(sealed).sort()).toEqual(['$sealed', 'acuteDanger', 'safety']);
    expect(sealed.safety).toEqual(['vold']);
    expect(JSON.stringify(sealed)).not.toContain('græder');
    expect(JSON.stringify(sealed)).not.toContain('trivsel');
    expect(openJson(ring, sealed)).toEqual(intake);
    expect(jsonNeedsSealing(ring, sealed, INTAKE_CLEAR)).toBe(false);
    expect(jsonNeedsSealing(ring, intake, INTAKE_CLEAR)).toBe(true);
    expect(jsonNeedsSealing(ring, { safety: [] }, INTAKE_CLEAR)).toBe(false);
    expect(jsonNeedsSealing(KeyRing.fromSpecs(TEST_KEY_2, [TEST_KEY]), sealed, INTAKE_CLEAR)).toBe(true);
  });

  it('seals a value with no clear keys whole, and reads legacy JSON as it is', () => {
    const content = { goals: [{ goal: TEXT }], summary: 'kort' };
    const sealed = sealJson(ring, content) as Record<string, unknown>;
    expect(Object.keys(sealed)).toEqual(['$sealedValue']);
    expect(openJson(ring, sealed)).toEqual(content);
    expect(openJson(ring, content)).toEqual(content);
    expect(jsonNeedsSealing(ring, content)).toBe(true);
    expect(jsonNeedsSealing(ring, sealed)).toBe(false);
    expect(sealJson(ring, null)).toBeNull();
    expect(openJson(ring, sealJson(ring, ['a', 1]))).toEqual(['a', 1]);
    // Not an object in a column with clear keys: sealed whole, and that counts as sealed.
    for (const odd of [[1, 2], 'tekst', 5]) {
      const whole = sealJson(ring, odd, INTAKE_CLEAR);
      expect(openJson(ring, whole)).toEqual(odd);
      expect(jsonNeedsSealing(ring, whole, INTAKE_CLEAR)).toBe(false);
    }
  });

  it('splits a merged reminder per item, so dropping an item keeps the rest openable without the keys', () => {
    const payload = {
      caseId: 'c1',
      label: 'A.B., 4.B',
      items: [
        { planId: 'p1', caseId: 'c1', title: 'Plan for barnet' },
        { planId: 'p2', caseId: 'c1', title: TEXT },
      ],
    };
    const sealed = sealJson(ring, payload, OUTBOX_CLEAR) as { items: Record<string, unknown>[] };
    expect(sealed.items.map((i) => i.planId)).toEqual(['p1', 'p2']);
    expect(JSON.stringify(sealed)).not.toContain('græder');
    expect(openJson(ring, { ...sealed, items: sealed.items.slice(1) })).toEqual({ ...payload, items: payload.items.slice(1) });
    expect(openJson(ring, sealed.items[1])).toEqual(payload.items[1]);
    expect(sealedStrings(sealed)).toHaveLength(3);
    expect(jsonNeedsSealing(ring, sealed, OUTBOX_CLEAR)).toBe(false);
    expect(jsonNeedsSealing(ring, { ...sealed, items: [...sealed.items, { planId: 'p3', title: 'x' }] }, OUTBOX_CLEAR)).toBe(true);
  });

  it('refuses to seal twice and opens anything a generic reader finds', () => {
    const sealed = sealJson(ring, intake, INTAKE_CLEAR);
    expect(() => sealJson(ring, sealed, INTAKE_CLEAR)).toThrow(/sealed already/);
    expect(openAny(ring, ring.seal(TEXT))).toBe(TEXT);
    expect(openAny(ring, sealed)).toEqual(intake);
    expect(openAny(ring, 42)).toBe(42);
  });

  it('drops NUL as a value stored in clear would', () => {
    expect(openJson(ring, sealJson(ring, { note: 'a\u0000b' }))).toEqual({ note: 'ab' });
  });
});
