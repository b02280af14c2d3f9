/** The insight's pieces that need no database: the typed command, the id pattern, and cutting text into messages. */
import { describe, expect, it } from 'vitest';
import { insightCommandOf } from '../../../src/bot/insight.input.js';
import { CASE_REF_PATTERN, isFullCaseId } from '../../../src/insight/case-insight.service.js';
import { splitText } from '../../../src/insight/insight-markdown.js';

const bytes = (t: string) => Buffer.byteLength(t, 'utf8');

describe('insight', () => {
  it('reads "indsigt <id>" as typed, with or without a mention, and nothing else', () => {
    expect(insightCommandOf('indsigt 3f2a1b4c')).toBe('3f2a1b4c');
    expect(insightCommandOf('<at>Indsatsguiden</at> Indsigt i sag 3f2a1b4c-0d1e.')).toBe('3f2a1b4c-0d1e');
    expect(insightCommandOf('indsigt')).toBeNull();
    expect(insightCommandOf('indsigt i to sager')).toBeNull();
    expect(insightCommandOf('ny bekymring')).toBeNull();
  });

  it('takes a full case id or at least its first eight characters', () => {
    expect(CASE_REF_PATTERN.test('3f2a1b4c')).toBe(true);
    expect(CASE_REF_PATTERN.test('3f2a1b4c-0d1e-4f00-8a00-0123456789ab')).toBe(true);
    expect(CASE_REF_PATTERN.test('3f2a1b4')).toBe(false);
    expect(CASE_REF_PATTERN.test('3f2a1b4c-0d1e-4f00-8a00-0123456789abc')).toBe(false);
    expect(CASE_REF_PATTERN.test('hvad-med-den-sag')).toBe(false);
    expect(isFullCaseId(' 1A2B3C4D-0000-4000-8000-0102031234AB ')).toBe(true);
    expect(isFullCaseId('0102031234')).toBe(false);
  });

  it('cuts text into pieces under the limit that join to the text, at line ends where it can', () => {
    const text = ['første linje', 'æøå'.repeat(50), 'x'.repeat(30), '😀'.repeat(40), 'sidste'].join('\n');
    const pieces = splitText(text, 64);
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) expect(bytes(p)).toBeLessThanOrEqual(64);
    expect(pieces[0]).toBe('første linje\n');
    // Emoji (surrogate pairs) are never cut in half.
    for (const p of pieces) expect(p).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
    expect(splitText('kort', 64)).toEqual(['kort']);
  });
});
