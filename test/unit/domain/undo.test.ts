import { describe, expect, it } from 'vitest';
import { canUndoCancel, UNDO_CANCEL_WINDOW_MS, undoCancelUntil } from '../../../src/domain/undo.js';

describe('undoing a cancellation', () => {
  const cancelledAt = new Date('2026-12-06T14:03:00Z');

  it('is possible for 24 hours after the cancellation, and not after', () => {
    expect(UNDO_CANCEL_WINDOW_MS).toBe(24 * 60 * 60 * 1000);
    expect(undoCancelUntil(cancelledAt).toISOString()).toBe('2026-12-07T14:03:00.000Z');
    expect(canUndoCancel(cancelledAt, cancelledAt)).toBe(true);
    expect(canUndoCancel(cancelledAt, new Date('2026-12-07T14:02:59Z'))).toBe(true);
    expect(canUndoCancel(cancelledAt, new Date('2026-12-07T14:03:00Z'))).toBe(false);
    expect(canUndoCancel(cancelledAt, new Date('2026-12-20T08:00:00Z'))).toBe(false);
  });

  it('is not possible when the moment of cancellation is unknown (cancelled before undo existed)', () => {
    expect(canUndoCancel(null, cancelledAt)).toBe(false);
  });
});
