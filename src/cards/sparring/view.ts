/** The sparring cards as the bot draws them: the form, a request as each viewer sees it, the lists, and the notes on top of a request card. */
import { HELP_KIND_LABELS, HELP_KINDS, type HelpKind } from '../../domain/plans/index.js';
import { SPARRING_POOLS, type SparringPool, type SparringState } from '../../domain/sparring.js';
import { renderCard } from '../render.js';
import { LIMITS, type Card } from '../common.js';
import { danishDate, danishDateTime, danishShortDateTime, fit, fitOrNull } from '../format.js';
import { SPARRING_LIMITS, type SparringViewer } from './schema.js';

/** An adviser group as offered on a card: the pool's id, and its name, e.g. "PLC – Fjordbakkeskolen". */
export interface SparringGroup {
  id: SparringPool;
  title: string;
}

export interface SparringFormCardData {
  caseId: string;
  /** Drawn once per form and sent back with it: a second click on the same card sends nothing new. */
  formId: string;
  /** The case's pseudonym ("A.B., 4.B"); null when it has none. */
  pseudonym: string | null;
  /** The step the case is on (its Danish title); null leaves it out. */
  stepTitle: string | null;
  /** The groups the request may go to. */
  groups: SparringGroup[];
  /** The group preselected (the step's proposal, or what the user chose); the first group when unknown. */
  pool: string;
  /** The kinds of help preselected (HELP_KINDS ids); unknown ones are dropped. */
  helpKinds: readonly string[];
  wishedTime: string;
  summary: string;
  /** The case is about one child: the card asks for the parents' consent. */
  childSpecific: boolean;
  parentsConsent: boolean | null;
  /** Validation messages: `field` is one of SPARRING_FORM_FIELDS (shown under it), or null (shown on top). */
  errors: { field: string | null; message: string }[];
}

/** "Anmod om sparring": the group, the kinds of help, the wished time, a pseudonymous summary, and the consent for a child. */
export function sparringFormCard(d: SparringFormCardData): Card {
  return renderCard('sparring-form', {
    caseId: d.caseId,
    formId: d.formId,
    pseudonym: fitOrNull(d.pseudonym, 60),
    stepTitle: fitOrNull(d.stepTitle, 120),
    groupChoices: d.groups.slice(0, SPARRING_POOLS.length).map((g) => ({ title: fit(g.title, 120), value: g.id })),
    helpKindChoices: HELP_KINDS.map((k) => ({ title: HELP_KIND_LABELS[k], value: k })),
    values: {
      pool: d.pool,
      helpKinds: d.helpKinds.join(','),
      wishedTime: d.wishedTime,
      summary: d.summary,
      parentsConsent: d.parentsConsent,
    },
    childSpecific: d.childSpecific,
    errors: d.errors.slice(0, 40),
  });
}

export interface SparringRequestCardData {
  requestId: string;
  /** The request's version: every button carries it, so a click on an older card changes nothing. */
  version: number;
  caseId: string;
  pseudonym: string | null;
  groupTitle: string;
  schoolName: string | null;
  /** The kinds of help: Danish labels (HELP_KINDS ids are turned into their labels). */
  helpKinds: readonly string[];
  wishedTime: string;
  summary: string;
  requestedByName: string;
  createdAt: Date;
  state: SparringState;
  claimedByName: string | null;
  claimedAt: Date | null;
  closingNote: string | null;
  rejectionReason: string | null;
  /** What happened, oldest first; the latest SPARRING_LIMITS.history are shown. */
  history: { at: Date; text: string }[];
  /** Who the card is drawn for: the buttons follow from it and from the state. */
  viewer: SparringViewer;
  /** The groups it may be sent on to ("Send videre"). */
  forwardTo: SparringGroup[];
  /** For the teacher a chat with the adviser who took it; for that adviser a chat with the teacher (teamsChatUrl). */
  chat: { url: string } | null;
  /** For the teacher: a new meeting with the adviser (teamsMeetingUrl). */
  meeting: { url: string } | null;
  /** AAD object ids of the users whose Teams refreshes the card for them (Universal Actions); at most 60 are kept. */
  refreshUserIds: readonly string[];
  /** A line on top, e.g. why nothing changed (see sparringNotes). */
  note: string | null;
}
export const helpKindLabel = (k: string) => (Object.hasOwn(HELP_KIND_LABELS, k) ? HELP_KIND_LABELS[k as HelpKind] : k);

/**
 * A request for sparring as one viewer sees it. A member of the group sees "Jeg tager den", "Send
 * videre" and "Afvis" while it is new; the adviser who took it "Afslut", "Giv fra mig", "Send
 * videre", "Afvis" and "Åbn sagen"; everyone else who took it and when, the teacher with "Chat med"
 * and "Book møde". A closed or rejected request shows its note or reason, and no buttons. With
 * `refreshUserIds`, Teams asks the bot (`sparring.refresh`) for each listed user's own card.
 */
export function sparringRequestCard(d: SparringRequestCardData): Card {
  const trimmed = (text: string | null, max: number) => (text === null ? null : fit(text, max));
  return renderCard('sparring-request', {
    requestId: d.requestId,
    version: d.version,
    caseId: d.caseId,
    pseudonym: fitOrNull(d.pseudonym, 60),
    groupTitle: fit(d.groupTitle, 120),
    schoolName: fitOrNull(d.schoolName, 120),
    helpKinds: d.helpKinds.slice(0, HELP_KINDS.length).map((k) => fit(helpKindLabel(k), 120)),
    wishedTime: fit(d.wishedTime, SPARRING_LIMITS.wishedTime),
    summary: fit(d.summary, SPARRING_LIMITS.summary),
    requestedByName: fit(d.requestedByName, 80),
    createdAt: danishDateTime(d.createdAt),
    state: d.state,
    claimedByName: fitOrNull(d.claimedByName, 80),
    claimedAt: d.claimedAt ? danishDateTime(d.claimedAt) : null,
    closingNote: trimmed(d.closingNote, SPARRING_LIMITS.closingNote),
    rejectionReason: trimmed(d.rejectionReason, SPARRING_LIMITS.rejectionReason),
    history: d.history
      .filter((h) => h.text.trim() !== '')
      .slice(-SPARRING_LIMITS.history)
      .map((h) => ({ when: danishShortDateTime(h.at), text: fit(h.text, LIMITS.item) })),
    viewer: d.viewer,
    forwardTo: d.forwardTo.slice(0, SPARRING_POOLS.length).map((g) => ({ title: fit(g.title, 120), value: g.id })),
    chat: d.chat,
    meeting: d.meeting,
    refreshUserIds: [...new Set(d.refreshUserIds.map((id) => id.trim()).filter((id) => id !== ''))].slice(0, SPARRING_LIMITS.refreshUsers),
    note: fitOrNull(d.note, LIMITS.item),
  });
}

/** A request on a list ("mine anmodninger", "åbne anmodninger"). */
export interface SparringListLine {
  requestId: string;
  caseId: string;
  pseudonym: string | null;
  groupTitle: string;
  state: SparringState;
  claimedByName: string | null;
  createdAt: Date;
  wishedTime: string;
}

export interface SparringListCardData {
  title: string;
  emptyText: string;
  requests: SparringListLine[];
  /** More requests exist than are given. */
  more: boolean;
}

/** The headings and empty texts of the two lists. */
export const SPARRING_LISTS = {
  mine: { title: 'Mine anmodninger', emptyText: 'Du har ingen anmodninger om sparring, som du har taget og ikke afsluttet.' },
  open: { title: 'Åbne anmodninger', emptyText: 'Der er ingen åbne anmodninger om sparring i dine grupper.' },
} as const;

/** A list of requests, each with "Åbn"; at most SPARRING_LIMITS.list are shown. */
export function sparringListCard(d: SparringListCardData): Card {
  return renderCard('sparring-list', {
    title: fit(d.title, 120),
    emptyText: fit(d.emptyText, LIMITS.item),
    requests: d.requests.slice(0, SPARRING_LIMITS.list).map((r) => ({
      requestId: r.requestId,
      caseId: r.caseId,
      pseudonym: fitOrNull(r.pseudonym, 60),
      groupTitle: fit(r.groupTitle, 120),
      state: r.state,
      claimedByName: fitOrNull(r.claimedByName, 80),
      createdAt: danishDate(r.createdAt),
      wishedTime: fit(r.wishedTime, SPARRING_LIMITS.wishedTime),
    })),
    more: d.more || d.requests.length > SPARRING_LIMITS.list,
  });
}

/**
 * The line on top of a request card after a change, or on a card drawn again because it was stale.
 * (Why an action was refused is the domain's `decide(...).message`.)
 */
export const sparringNotes = {
  claimed: () => 'Du har taget anmodningen. Teamet har fået besked.',
  released: () => 'Du har givet anmodningen fra dig. Den er tilbage hos gruppen.',
  forwarded: (groupTitle: string) => `Anmodningen er sendt videre til ${fit(groupTitle, 120)}.`,
  closed: () => 'Anmodningen er afsluttet. Teamet har fået besked.',
  rejected: () => 'Anmodningen er afvist. Teamet har fået besked med begrundelsen.',
  changed: () => 'Anmodningen er ændret, siden kortet blev vist. Her er den, som den er nu.',
} as const;
