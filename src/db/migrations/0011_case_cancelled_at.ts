/**
 * A cancelled concern can be undone for a while (issue 12; the window is UNDO_CANCEL_WINDOW_MS in
 * src/domain/undo.ts). `cancelled_at` says when it was cancelled, by the bot's clock, so the window
 * is counted from the cancellation itself and not from `updated_at`, which other changes move.
 * Cases cancelled before keep a null: their moment is unknown, so they cannot be undone.
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(sql`alter table cases add column cancelled_at timestamptz`);
