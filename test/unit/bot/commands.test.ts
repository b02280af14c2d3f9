/** Typed text that is not a command: a greeting gets the welcome card; English gets a line in English. */
import { describe, expect, it } from 'vitest';
import { isGreeting, looksEnglish } from '../../../src/bot/commands.js';

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
});
