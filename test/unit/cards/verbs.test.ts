import { describe, expect, it } from 'vitest';
import {
  CARD_VERBS,
  CASELESS_VERBS,
  COMMANDS,
  commandVerbOf,
  optionalDataKeysOf,
  VERB_DATA_KEYS,
  VERB_NAMES,
  VERBS,
} from '../../../src/cards/index.js';

describe('the verb table', () => {
  it("derives the card verbs, the caseless verbs and the buttons' data keys from one table", () => {
    expect(CARD_VERBS).not.toContain('sparring.mine');
    expect(CARD_VERBS).toContain('plan.save');
    // Typed only: the advisers' lists.
    expect(VERB_NAMES.filter((v) => !(CARD_VERBS as readonly string[]).includes(v)).sort()).toEqual(
      ['sparring.mine', 'sparring.unclaimed'].sort(),
    );
    // The administrators' commands with words after them are buttons too (the status card's inputs).
    expect([...CASELESS_VERBS].sort()).toEqual(
      [
        'admin.access-log',
        'admin.erase',
        'admin.insight',
        'admin.reload',
        'admin.status',
        'cases.list',
        'cases.school',
        'help.show',
        'intake.resume',
        'intake.start',
      ].sort(),
    );
    expect(optionalDataKeysOf('admin.erase')).toEqual(['caseRef']);
    expect(VERB_DATA_KEYS['admin.erase.confirm']).toEqual(['caseId', 'seq']);
    expect(VERB_DATA_KEYS['plan.save']).toEqual(['caseId', 'planId', 'seq']);
    expect(Object.keys(VERB_DATA_KEYS)).toEqual(CARD_VERBS);
    // A caseless button may carry what the table allows besides: Fortsæt the case it names.
    expect(optionalDataKeysOf('intake.resume')).toEqual(['caseId']);
    expect(optionalDataKeysOf('help.show')).toEqual([]);
  });

  it('recognises every command word, whatever the case, punctuation or @mention', () => {
    for (const verb of VERB_NAMES) {
      const spec = VERBS[verb] as { command?: { words: readonly string[] } };
      for (const word of spec.command?.words ?? []) {
        expect(commandVerbOf(word)).toBe(verb);
        expect(commandVerbOf(`<at>Indsatsguiden</at> ${word.toUpperCase()}!`)).toBe(verb);
      }
    }
    expect(commandVerbOf('  Ny   bekymring. ')).toBe('intake.start');
    expect(commandVerbOf('ny bekymring for A.B.')).toBeNull();
    // "fortryd" is typed (or the cancelled card's button), and not listed on the help card.
    expect(commandVerbOf('Fortryd!')).toBe('intake.undo');
    expect(COMMANDS.map((c) => c.verb)).not.toContain('intake.undo');
    expect(commandVerbOf('hej')).toBeNull();
    expect(commandVerbOf(undefined)).toBeNull();
  });

  it("gives no word to two commands, and lists on the help card every command but the admin's reload", () => {
    const words = VERB_NAMES.flatMap((v) => (VERBS[v] as { command?: { words: readonly string[] } }).command?.words ?? []);
    expect(new Set(words).size).toBe(words.length);
    expect(COMMANDS.map((c) => c.verb)).not.toContain('admin.reload');
    expect(COMMANDS.map((c) => c.command)).toContain('sager på skolen');
  });
});
