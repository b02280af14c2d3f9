/** Stored on the turn so the turn's log line can say how it ended (never any user text). */
export const OUTCOME_KEY = Symbol('indsatsguiden.outcome');
