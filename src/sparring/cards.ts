/**
 * From sparring views (what one viewer may see and do, decided by SparringService from the stored
 * request and the directory) to the cards' view data. Used by the bot's handlers (the card an
 * action answers with) and by the outbox renderer (the cards posted to a group's channel, to its
 * members, and to the teacher).
 */
import { EVENT_LABELS } from '../domain/sparring.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import {
  sparringChatUrl,
  sparringMeetingUrl,
  sparringRequestCard,
  type Card,
  type SparringRequestCardData,
  type SparringViewer,
} from '../cards/index.js';
import { HELP_KIND_LABELS } from '../domain/plans/index.js';
import type { SparringEventRecord } from './sparring.repository.js';
import type { SparringRequestView } from './sparring.types.js';
import { poolRefOf } from './routing.js';

/** Teams refreshes a card for at most 60 listed users (Universal Actions). */
const REFRESH_USERS_MAX = 60;

const VIEWER_OF: Record<SparringRequestView['role'], SparringViewer> = {
  claimant: 'claimant',
  'pool-member': 'pool-member',
  teacher: 'teacher',
  leader: 'other',
};

export interface RequestCardOptions {
  /** The request's events, oldest first (its history on the card). */
  events: SparringEventRecord[];
  /** A line on top: what just happened, or why nothing changed. */
  note?: string | null;
  /** Draw the card for this viewer instead of the view's own role (the group's shared card). */
  viewer?: SparringViewer;
}

/** The e-mail or UPN the directory gives a person (for Teams deep links); null when it has none. */
function addressOf(lookup: DirectoryLookup, aadObjectId: string | null): string | null {
  if (!aadObjectId) return null;
  const p = lookup.person(aadObjectId);
  return p?.upn ?? p?.email ?? null;
}

/** The people whose Teams shows them their own version of the card: the group, the claimant, the teacher. */
export function refreshUsers(lookup: DirectoryLookup, view: SparringRequestView): string[] {
  const r = view.request;
  const members = lookup.poolMembers(poolRefOf({ pool: r.pool, owner: r.poolOwner })).map((p) => p.aadObjectId.toLowerCase());
  const ids = [r.claimedBy, r.requestedBy, ...members].filter((id): id is string => typeof id === 'string').map((id) => id.toLowerCase());
  return [...new Set(ids)].slice(0, REFRESH_USERS_MAX);
}

export function requestCardData(lookup: DirectoryLookup, view: SparringRequestView, options: RequestCardOptions): SparringRequestCardData {
  const r = view.request;
  const viewer = options.viewer ?? VIEWER_OF[view.role];
  const claimant = addressOf(lookup, r.claimedBy);
  const teacher = addressOf(lookup, r.requestedBy);
  const taken = r.state === 'taget' && r.claimedBy !== null;
  const helpKinds = r.helpKinds.map((k) => HELP_KIND_LABELS[k]);
  let chat: SparringRequestCardData['chat'] = null;
  let meeting: SparringRequestCardData['meeting'] = null;
  if (taken && viewer === 'teacher' && claimant) {
    chat = { url: sparringChatUrl(claimant, view.pseudonym) };
    meeting = {
      url: sparringMeetingUrl({
        pseudonym: view.pseudonym,
        groupTitle: view.poolName,
        helpKinds,
        wishedTime: r.wishedTime,
        summary: r.summary,
        attendees: [claimant, ...(teacher ? [teacher] : [])],
      }),
    };
  } else if (taken && viewer === 'claimant' && teacher) {
    chat = { url: sparringChatUrl(teacher, view.pseudonym) };
  }
  return {
    requestId: r.id,
    version: r.version,
    caseId: r.caseId,
    pseudonym: view.pseudonym,
    teamTitle: view.teamTitle,
    pool: r.pool,
    groupTitle: view.poolName,
    schoolName: view.schoolName,
    helpKinds,
    wishedTime: r.wishedTime,
    summary: r.summary,
    requestedByName: r.requestedByName,
    createdAt: r.createdAt,
    state: r.state,
    claimedByName: r.claimedByName,
    claimedAt: r.claimedAt,
    closingNote: r.closingNote,
    rejectionReason: r.rejectionReason,
    history: options.events.map((e) => ({ at: e.at, text: `${EVENT_LABELS[e.action]} af ${e.actorName || 'ukendt'}` })),
    viewer,
    forwardTo: viewer === 'pool-member' || viewer === 'claimant' ? view.forwardTo.map((p) => ({ id: p.pool, title: p.name })) : [],
    chat,
    meeting,
    refreshUserIds: refreshUsers(lookup, view),
    note: options.note ?? null,
  };
}

export function requestCard(lookup: DirectoryLookup, view: SparringRequestView, options: RequestCardOptions): Card {
  return sparringRequestCard(requestCardData(lookup, view, options));
}
