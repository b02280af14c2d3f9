/**
 * The sparring cards as the bot draws them: the form, a request as each viewer sees it, the lists,
 * and the notes on top of a request card. Their text is written here; the schemas only bound it.
 */
import { HELP_KIND_LABELS, HELP_KINDS, type HelpKind } from '../../domain/plans/index.js';
import {
  POOL_MEMBERS,
  SPARRING_FORM_FIELDS,
  SPARRING_POOLS,
  isDistrictPool,
  isSparringPool,
  type SparringFormField,
  type SparringPool,
  type SparringState,
} from '../../domain/sparring.js';
import { renderCard } from '../render.js';
import { LIMITS, caseHeading, caseName, facts, type Card } from '../common.js';
import { clip, danishDate, danishDateTime, danishShortDateTime, fit, fitOrNull, keepKnownValues } from '../format.js';
import { SPARRING_LIMITS, type SparringViewer } from './schema.js';

/** An adviser group as offered on a card: the pool's id, and its name, e.g. "PLC – Fjordbakkeskolen". */
export interface SparringGroup {
  id: SparringPool;
  title: string;
  /** The user drawing the form is the group's only member (the form says so). */
  onlyYou?: boolean;
}

export interface SparringFormCardData {
  caseId: string;
  /** Drawn once per form and sent back with it: a second click on the same card sends nothing new. */
  formId: string;
  /** The case's pseudonym ("A.B., 4.B"); null when it has none. */
  pseudonym: string | null;
  /** The case's team ("4.B – Fjordbakkeskolen"), for the line at the top; null or absent leaves it out. */
  teamTitle?: string | null;
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

const CONSENT_NOTE =
  'Samtykket kræves, når anmodningen handler om et bestemt barn og går uden for skolen (til praksisvejledere, Det rådgivende team eller Familierådgivningen).';

/** Who a group's members are, after its name on the form: "vejledere på skolen", "rådgivere uden for skolen". */
const membersOf = (pool: SparringPool) => `${POOL_MEMBERS[pool].many} ${isDistrictPool(pool) ? 'uden for skolen' : 'på skolen'}`;

/** "A", "A og B", "A, B og C". */
const andList = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} og ${xs.at(-1)}`);

/**
 * The form's messages: under their input when `field` names one (the first per input), else on
 * top. The consent input is only drawn for a child-specific request: otherwise its message goes on top.
 */
function formErrors(errors: SparringFormCardData['errors'], childSpecific: boolean) {
  const inputs = new Set<string>(SPARRING_FORM_FIELDS);
  const err: Record<SparringFormField, string> = { pool: '', helpKinds: '', wishedTime: '', summary: '', parentsConsent: '' };
  const generalErrors: string[] = [];
  let hasErrors = false;
  for (const e of errors) {
    const message = e.message.trim();
    if (message === '') continue;
    hasErrors = true;
    const field =
      e.field !== null && inputs.has(e.field) && (e.field !== 'parentsConsent' || childSpecific) ? (e.field as SparringFormField) : null;
    if (field !== null) {
      if (!err[field]) err[field] = clip(message, SPARRING_LIMITS.fieldError);
    } else if (generalErrors.length < LIMITS.list) generalErrors.push(clip(message, LIMITS.item));
  }
  return { err, generalErrors, hasErrors };
}

/**
 * "Anmod om sparring": the group, the kinds of help, the wished time, a pseudonymous summary, and
 * the consent for a child. What the user sent is shown again normalised, never refused: an unknown
 * group or kind is not preselected (the first group is), and text is cut at its bound.
 */
export function sparringFormCard(d: SparringFormCardData): Card {
  const groups = d.groups.slice(0, SPARRING_POOLS.length);
  // Each group says who its members are, or that the user is its only member.
  const groupChoices = groups.map((g) => ({
    title: g.onlyYou || isSparringPool(g.id) ? `${fit(g.title, 80)} (${g.onlyYou ? 'kun dig selv' : membersOf(g.id)})` : fit(g.title, 80),
    value: g.id,
  }));
  const helpKindChoices = HELP_KINDS.map((k) => ({ title: HELP_KIND_LABELS[k], value: k }));
  const pool = keepKnownValues(d.pool, groupChoices, true) || (groupChoices[0]?.value ?? '');
  const chosen = groups.find((g) => g.id === pool);
  const yours = groups.filter((g) => g.onlyYou).map((g) => fit(g.title, 80));
  return renderCard('sparring-form', {
    caseId: d.caseId,
    formId: d.formId,
    caseHeading: caseHeading(fitOrNull(d.pseudonym, 60), fitOrNull(d.teamTitle ?? null, 120)),
    subtitle: fitOrNull(d.stepTitle, 120),
    intro:
      chosen && isSparringPool(chosen.id)
        ? `Forslaget er ${fit(chosen.title, 80)}: én af ${POOL_MEMBERS[chosen.id].the} tager anmodningen, og du får besked, når det sker. Vælg en anden gruppe, hvis den passer bedre.`
        : 'Anmodningen går til den gruppe, du vælger, og én fra gruppen tager den. Du får besked, når det sker.',
    selfNote:
      yours.length > 0 ? `Du er selv den eneste i ${andList(yours)}. Sender du anmodningen dertil, går den kun til dig selv.` : null,
    groupChoices,
    helpKindChoices,
    values: {
      pool,
      helpKinds: keepKnownValues(d.helpKinds.join(','), helpKindChoices),
      wishedTime: clip(d.wishedTime.trim(), SPARRING_LIMITS.wishedTime),
      summary: clip(d.summary.trim(), SPARRING_LIMITS.summary),
      parentsConsent: d.parentsConsent === true ? 'true' : 'false',
    },
    childSpecific: d.childSpecific,
    consentNote: CONSENT_NOTE,
    ...formErrors(d.errors.slice(0, 40), d.childSpecific),
  });
}

export interface SparringRequestCardData {
  requestId: string;
  /** The request's version: every button carries it, so a click on an older card changes nothing. */
  version: number;
  caseId: string;
  pseudonym: string | null;
  /** The case's team ("4.B – Fjordbakkeskolen"), for the line at the top; null or absent leaves it out. */
  teamTitle?: string | null;
  /** The group's pool: its members are called "vejledere" or "rådgivere" on the card; absent: "rådgiver". */
  pool?: SparringPool;
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
const SPARRING_STATE_LABELS: Record<SparringState, string> = {
  ny: 'Venter på en rådgiver',
  taget: 'Taget',
  afsluttet: 'Afsluttet',
  afvist: 'Afvist',
};
const SPARRING_STATE_STYLES: Record<SparringState, 'warning' | 'good' | 'emphasis' | 'attention'> = {
  ny: 'warning',
  taget: 'good',
  afsluttet: 'emphasis',
  afvist: 'attention',
};

export const helpKindLabel = (k: string) => (Object.hasOwn(HELP_KIND_LABELS, k) ? HELP_KIND_LABELS[k as HelpKind] : k);

/**
 * A request for sparring as one viewer sees it. A member of the group sees "Jeg tager den", "Send
 * videre" and "Afvis" while it is new; the adviser who took it "Afslut", "Giv fra mig", "Send
 * videre", "Afvis" and "Åbn sagen"; everyone else who took it and when, the teacher with "Chat med"
 * and "Book møde". A closed or rejected request shows its note or reason, and no buttons. With
 * `refreshUserIds`, Teams asks the bot (`sparring.refresh`) for each listed user's own card.
 */
export function sparringRequestCard(d: SparringRequestCardData): Card {
  const trimmed = (text: string | null, max: number) => (text === null || text.trim() === '' ? null : fit(text, max));
  const groupTitle = fit(d.groupTitle, 120);
  const requestedBy = fit(d.requestedByName, 80);
  const claimedByName = fitOrNull(d.claimedByName, 80);
  const claimedAt = d.claimedAt ? ` ${danishDateTime(d.claimedAt)}` : '';
  const wishedTime = fit(d.wishedTime, SPARRING_LIMITS.wishedTime);
  const open = d.state === 'ny';
  const taken = d.state === 'taget';
  const claimant = d.viewer === 'claimant' && taken;
  const member = d.viewer === 'pool-member' && open;
  const adviser = d.pool ? POOL_MEMBERS[d.pool].one : 'rådgiver';
  const claimed = claimedByName ?? `en ${adviser}`;
  const forwardTo = d.forwardTo.slice(0, SPARRING_POOLS.length).map((g) => ({ title: fit(g.title, 120), value: g.id }));
  const refreshUserIds = [...new Set(d.refreshUserIds.map((id) => id.trim()).filter((id) => id !== ''))].slice(
    0,
    SPARRING_LIMITS.refreshUsers,
  );
  const chatWith = d.viewer === 'teacher' ? claimedByName : d.viewer === 'claimant' ? requestedBy : null;
  const canOpenUrl = taken && (d.viewer === 'teacher' || claimant);
  return renderCard('sparring-request', {
    requestId: d.requestId,
    version: d.version,
    caseId: d.caseId,
    caseHeading: caseHeading(fitOrNull(d.pseudonym, 60), fitOrNull(d.teamTitle ?? null, 120)),
    heading: caseName(fitOrNull(d.pseudonym, 60)),
    groupTitle,
    stateLabel: d.state === 'ny' ? `Venter på en ${adviser}` : SPARRING_STATE_LABELS[d.state],
    headerStyle: SPARRING_STATE_STYLES[d.state],
    status: open
      ? d.viewer === 'pool-member'
        ? 'Ny anmodning: tag den, send den videre eller afvis den.'
        : `Venter på, at en fra ${groupTitle} tager den.`
      : taken
        ? claimant
          ? `Du tog den${claimedAt}.`
          : `Taget af ${claimed}${claimedAt}`
        : d.state === 'afsluttet'
          ? `Afsluttet af ${claimed}`
          : 'Afvist',
    note: fitOrNull(d.note, LIMITS.item),
    summary: fit(d.summary, SPARRING_LIMITS.summary),
    facts: facts([
      ['Gruppe', groupTitle],
      ['Skole', fitOrNull(d.schoolName, 120)],
      [
        'Hjælp',
        d.helpKinds
          .slice(0, HELP_KINDS.length)
          .map((k) => fit(helpKindLabel(k), 120))
          .join(', '),
      ],
      ['Ønsket tid', wishedTime || 'Ikke angivet'],
      ['Sendt af', requestedBy],
      ['Sendt', danishDateTime(d.createdAt)],
      ['Taget af', taken || d.state === 'afsluttet' ? claimedByName : null],
    ]),
    history: d.history
      .filter((h) => h.text.trim() !== '')
      .slice(-SPARRING_LIMITS.history)
      .map((h) => ({ when: danishShortDateTime(h.at), text: fit(h.text, LIMITS.item) })),
    finalTitle: d.state === 'afsluttet' ? 'Note til sagen' : d.state === 'afvist' ? 'Begrundelse' : null,
    finalText:
      d.state === 'afsluttet'
        ? (trimmed(d.closingNote, SPARRING_LIMITS.closingNote) ?? 'Ingen note.')
        : d.state === 'afvist'
          ? (trimmed(d.rejectionReason, SPARRING_LIMITS.rejectionReason) ?? 'Ingen begrundelse.')
          : null,
    canClaim: member,
    canForward: (member || claimant) && forwardTo.length > 0,
    canReject: member || claimant,
    canClose: claimant,
    canRelease: claimant,
    canOpenCase: claimant,
    chatButton: canOpenUrl && d.chat !== null && chatWith !== null ? { title: `Chat med ${chatWith}`, url: d.chat.url } : null,
    meetingButton: taken && d.viewer === 'teacher' && d.meeting !== null ? { url: d.meeting.url } : null,
    forwardTo,
    forwardValue: forwardTo[0]?.value ?? '',
    refreshUserIds,
    refresh: refreshUserIds.length > 0,
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
    requests: d.requests.slice(0, SPARRING_LIMITS.list).map((r) => {
      const wishedTime = fit(r.wishedTime, SPARRING_LIMITS.wishedTime);
      return {
        requestId: r.requestId,
        heading: caseName(fitOrNull(r.pseudonym, 60)),
        line: [
          fit(r.groupTitle, 120),
          r.state === 'ny'
            ? `Sendt ${danishDate(r.createdAt)}`
            : r.state === 'taget'
              ? `Taget af ${fitOrNull(r.claimedByName, 80) ?? 'en rådgiver'}`
              : SPARRING_STATE_LABELS[r.state],
          wishedTime ? `Ønsket tid: ${wishedTime}` : null,
        ]
          .filter((x) => x !== null)
          .join(' · '),
      };
    }),
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
