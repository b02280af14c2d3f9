/**
 * How long a cancelled concern can be undone ("Fortryd"). A teacher who cancels by mistake notices
 * it the same day, or at the latest the next morning when she opens the chat again; after that a
 * cancelled concern is taken to be meant, and the answers stay closed (a new concern starts afresh).
 * 24 hours covers "the next morning" whatever the hour of the cancellation, and is short enough that
 * nobody reopens a concern they had forgotten about. Pure: the caller passes `now`.
 */

/** A cancelled concern can be undone within 24 hours of its cancellation. */
export const UNDO_CANCEL_WINDOW_MS = 24 * 60 * 60 * 1000;

/** When a concern cancelled at `cancelledAt` can no longer be undone. */
export const undoCancelUntil = (cancelledAt: Date): Date => new Date(cancelledAt.getTime() + UNDO_CANCEL_WINDOW_MS);

/** Whether a concern cancelled at `cancelledAt` (null: unknown, before the undo existed) can still be undone at `now`. */
export const canUndoCancel = (cancelledAt: Date | null, now: Date): boolean =>
  cancelledAt !== null && now.getTime() < undoCancelUntil(cancelledAt).getTime();
