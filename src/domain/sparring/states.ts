/**
 * A request's states, the events of its history and the actions (buttons) a person can take, with
 * their Danish labels. What an action is allowed to do, and which event it records, is in
 * transitions.ts.
 */

export const SPARRING_STATES = ['ny', 'taget', 'afsluttet', 'afvist'] as const;
export type SparringState = (typeof SPARRING_STATES)[number];
export const STATE_LABELS: Record<SparringState, string> = { ny: 'Ny', taget: 'Taget', afsluttet: 'Afsluttet', afvist: 'Afvist' };

/** Nothing leaves these states. */
export const FINAL_STATES = ['afsluttet', 'afvist'] as const satisfies readonly SparringState[];

export function isFinal(state: SparringState): boolean {
  return (FINAL_STATES as readonly string[]).includes(state);
}

/** What an event in a request's history records (the action's Danish id). */
export const SPARRING_EVENTS = ['oprettet', 'taget', 'givet-fra-sig', 'videresendt', 'afsluttet', 'afvist'] as const;
export type SparringEventAction = (typeof SPARRING_EVENTS)[number];
export const EVENT_LABELS: Record<SparringEventAction, string> = {
  oprettet: 'Oprettet',
  taget: 'Taget',
  'givet-fra-sig': 'Givet fra sig',
  videresendt: 'Sendt videre',
  afsluttet: 'Afsluttet',
  afvist: 'Afvist',
};

/** The buttons: what a person can do to an existing request. */
export const SPARRING_ACTIONS = ['claim', 'release', 'forward', 'close', 'reject'] as const;
export type SparringActionKind = (typeof SPARRING_ACTIONS)[number];
export const ACTION_LABELS: Record<SparringActionKind, string> = {
  claim: 'Jeg tager den',
  release: 'Giv fra mig',
  forward: 'Send videre',
  close: 'Afslut',
  reject: 'Afvis',
};
