/** Typed text that is not a command: a greeting gets the welcome card; English gets a line in English. */
import { describe, expect, it } from 'vitest';
import { adminCommandOf, isGreeting, looksEnglish, newConcernFor } from '../../../src/bot/commands.js';
import { eraseCommandOf } from '../../../src/bot/erasure.input.js';

describe('typed text that is not a command', () => {
  it('recognises a greeting, Danish or English, with or without the bot named', () => {
    for (const text of [
      'hej',
      'Hej!',
      'hejsa',
      'Goddag',
      'god morgen',
      '<at>Indsatsguiden</at> hej',
      'hi there',
      'Hello',
      'hej Indsatsguiden',
    ]) {
      expect(isGreeting(text), text).toBe(true);
    }
    for (const text of ['hej, jeg har en bekymring for A.B.', 'ny bekymring', 'hvad kan du', '', '!!!'])
      expect(isGreeting(text), text).toBe(false);
  });

  it('hears English by two words Danish does not use, and not Danish', () => {
    expect(looksEnglish('How can I start a new concern?')).toBe(true);
    expect(looksEnglish('what is this')).toBe(true);
    expect(looksEnglish('Hvordan starter jeg en ny bekymring?')).toBe(false);
    expect(looksEnglish('hjælp mig med A.B.')).toBe(false);
    expect(looksEnglish('is')).toBe(false);
  });

  it('reads the pseudonym of "ny bekymring for …" as the first card writes it, and nothing else', () => {
    expect(newConcernFor('ny bekymring for A.B. i 4.B')).toBe('A.B., 4.B');
    expect(newConcernFor('Ny bekymring for A.B., 4.B')).toBe('A.B., 4.B');
    expect(newConcernFor('ny for A.B. 4.B')).toBe('A.B., 4.B');
    expect(newConcernFor('<at>Indsatsguiden</at> ny bekymring om  C.D.  i 10.C!')).toBe('C.D., 10.C');
    expect(newConcernFor('start for 4.B')).toBe('4.B');
    expect(newConcernFor('ny bekymring for E.F.')).toBe('E.F.');
    expect(newConcernFor('ny bekymring')).toBeNull();
    expect(newConcernFor('ny bekymring for')).toBeNull();
    expect(newConcernFor('jeg har en ny bekymring for A.B.')).toBeNull();
  });
  it('reads the administrators\' commands with words after them: "indsigt", "slet sag" and "adgangslog"', () => {
    const id = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
    expect(adminCommandOf(`slet sag ${id}`)).toEqual({ verb: 'admin.erase', data: { caseRef: id } });
    expect(adminCommandOf('<at>Indsatsguiden</at> Slet sagen 3f2a1b4c!')).toEqual({ verb: 'admin.erase', data: { caseRef: '3f2a1b4c' } });
    expect(adminCommandOf(`indsigt ${id}`)).toEqual({ verb: 'admin.insight', data: { caseRef: id } });
    expect(adminCommandOf('adgangslog Hanne Lykke')).toEqual({ verb: 'admin.access-log', data: { query: 'Hanne Lykke' } });
    // Alone, "slet sag" is the command word (its verb says how); more than one word after it is no command.
    expect(eraseCommandOf('slet sag')).toBeNull();
    expect(eraseCommandOf('slet sag for A.B. i 4.B')).toBeNull();
    expect(adminCommandOf('slet den sag')).toBeNull();
  });
});
