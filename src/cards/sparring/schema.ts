/**
 * Sparring requests (issue 5): the form, the request as each viewer sees it, the lists.
 *
 * A request goes to an adviser group (a pool of the directory: a school's PLC or AKT, a district's
 * practice advisers, advisory team or family services). A group's value on a card is the pool's id
 * only: the school or district comes from the stored case, never from the card. The cards name the
 * case by its pseudonym, never a child's name.
 */
import { z } from '../../domain/zod.js';
import {
  CLOSING_NOTE_MAX, REJECTION_REASON_MAX, SPARRING_FORM_FIELDS, SPARRING_POOLS, SPARRING_STATES, SUMMARY_MAX, WISHED_TIME_MAX,
  type SparringFormField, type SparringState,
} from '../../domain/sparring.js';
import { HELP_KINDS } from '../../domain/plans/index.js';
import { LIMITS, caseName, facts, item, personName, pseudonym, short } from '../common.js';
import { clip, keepKnownValues } from '../format.js';

/** Who looks at a request card: the buttons follow from it and from the state. */
export const SPARRING_VIEWERS = ['pool-member', 'claimant', 'teacher', 'other'] as const;
export type SparringViewer = (typeof SPARRING_VIEWERS)[number];

/** Bounds of the request cards: the texts the domain accepts, and the lists that keep a card under 28 KB. */
export const SPARRING_LIMITS = {
  wishedTime: WISHED_TIME_MAX,
  summary: SUMMARY_MAX,
  closingNote: CLOSING_NOTE_MAX,
  rejectionReason: REJECTION_REASON_MAX,
  /** History lines on a request card (the latest). */
  history: 10,
  /** Teams runs a card's refresh automatically for at most 60 users. */
  refreshUsers: 60,
  /** Requests on a list card. */
  list: 15,
  /** A deep link (chat, meeting) on a button. */
  url: 2000,
  /** A message under an input of the form. */
  fieldError: 160,
} as const;

/** The ids of the inputs of the request card: "Send videre" (`forwardTo`), "Afvis" (`reason`) and "Afslut" (`note`). */
export const SPARRING_REQUEST_INPUTS = ['forwardTo', 'reason', 'note'] as const;

const requestRef = z.string().min(1).max(100);
/** A request's version when the card was drawn: a button of an older card changes nothing. */
const requestVersion = z.number().int().nonnegative();
/** An adviser group offered as a choice: the pool's id, and its name, e.g. "PLC – Fjordbakkeskolen". */
const GroupChoiceSchema = z.strictObject({ title: short, value: z.enum(SPARRING_POOLS) });
const groupChoices = (min: number) =>
  z
    .array(GroupChoiceSchema)
    .min(min)
    .max(SPARRING_POOLS.length)
    .refine((cs) => new Set(cs.map((c) => c.value)).size === cs.length, { message: 'Choice values must be unique' });
/** A deep link into Teams (chat, meeting), opened by an Action.OpenUrl. */
const teamsLink = z
  .string()
  .max(SPARRING_LIMITS.url)
  .refine((u) => u.startsWith('https://teams.microsoft.com/l/'), { message: 'Expected a Teams deep link (https://teams.microsoft.com/l/…)' });

const SparringFieldErrorSchema = z.strictObject({ field: z.string().max(64).nullable(), message: z.string() });

const CONSENT_NOTE =
  'Samtykket kræves, når anmodningen handler om et bestemt barn og går til rådgivere uden for skolen (praksisvejledere, Det rådgivende team eller Familierådgivningen).';

export const SparringFormViewModelSchema = z.strictObject({
  caseId: requestRef,
  /** Sent back with the card, so a double click sends one request. */
  formId: requestRef,
  pseudonym,
  /** The step the case is on, e.g. "Søg sparring og vejledning hos en PLC-vejleder"; null leaves it out. */
  stepTitle: short.nullable(),
  /** The groups the request may go to (the case's school's and district's pools). */
  groupChoices: groupChoices(1),
  /** The kinds of help (HELP_KINDS, with their Danish labels). */
  helpKindChoices: z
    .array(z.strictObject({ title: short, value: z.enum(HELP_KINDS) }))
    .min(1)
    .max(HELP_KINDS.length),
  /** What is preselected, or what the user sent (shown again after an error): normalised, never refused. */
  values: z.strictObject({
    /** The pool; the first group when none (or an unknown one) is given. */
    pool: z.string().default(''),
    /** Comma-separated help kinds. */
    helpKinds: z.string().default(''),
    wishedTime: z.string().default(''),
    summary: z.string().default(''),
    parentsConsent: z.boolean().nullable().default(null),
  }),
  /** The case is about one child: the card asks for the parents' consent. */
  childSpecific: z.boolean(),
  /** Validation messages: under their input when `field` names one, else at the top. */
  errors: z.array(SparringFieldErrorSchema).max(40).default([]),
}).transform((vm) => {
  const inputs = new Set<string>(SPARRING_FORM_FIELDS);
  const err: Record<SparringFormField, string> = { pool: '', helpKinds: '', wishedTime: '', summary: '', parentsConsent: '' };
  const generalErrors: string[] = [];
  for (const e of vm.errors) {
    const message = e.message.trim();
    if (message === '') continue;
    // The consent input is only drawn for a child-specific request: otherwise its message goes on top.
    const field = e.field !== null && inputs.has(e.field) && (e.field !== 'parentsConsent' || vm.childSpecific) ? (e.field as SparringFormField) : null;
    if (field !== null) {
      if (!err[field]) err[field] = clip(message, SPARRING_LIMITS.fieldError);
    } else if (generalErrors.length < LIMITS.list) generalErrors.push(clip(message, LIMITS.item));
  }
  return {
    ...vm,
    values: {
      pool: keepKnownValues(vm.values.pool, vm.groupChoices, true) || (vm.groupChoices[0]?.value ?? ''),
      helpKinds: keepKnownValues(vm.values.helpKinds, vm.helpKindChoices),
      wishedTime: clip(vm.values.wishedTime.trim(), SPARRING_LIMITS.wishedTime),
      summary: clip(vm.values.summary.trim(), SPARRING_LIMITS.summary),
      parentsConsent: vm.values.parentsConsent === true ? 'true' : 'false',
    },
    subtitle: [caseName(vm.pseudonym), vm.stepTitle].filter((x) => x !== null).join(' · '),
    err,
    generalErrors,
    hasErrors: vm.errors.some((e) => e.message.trim() !== ''),
    consentNote: CONSENT_NOTE,
  };
});

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

export const SparringRequestViewModelSchema = z.strictObject({
  requestId: requestRef,
  version: requestVersion,
  caseId: requestRef,
  pseudonym,
  /** The group it is routed to, e.g. "PLC – Fjordbakkeskolen". */
  groupTitle: short,
  schoolName: short.nullable(),
  /** Danish labels of the kinds of help asked for. */
  helpKinds: z.array(short).min(1).max(HELP_KINDS.length),
  /** Free text, e.g. "uge 50, gerne tirsdag"; '' when none was given. */
  wishedTime: z.string().trim().max(SPARRING_LIMITS.wishedTime),
  summary: z.string().trim().min(1).max(SPARRING_LIMITS.summary),
  requestedByName: personName,
  /** Danish date and time. */
  createdAt: short,
  state: z.enum(SPARRING_STATES),
  claimedByName: personName.nullable(),
  /** Danish date and time. */
  claimedAt: short.nullable(),
  closingNote: z.string().trim().max(SPARRING_LIMITS.closingNote).nullable(),
  rejectionReason: z.string().trim().max(SPARRING_LIMITS.rejectionReason).nullable(),
  /** What happened, oldest first: `when` a short Danish date and time. */
  history: z.array(z.strictObject({ when: short, text: item })).max(SPARRING_LIMITS.history),
  viewer: z.enum(SPARRING_VIEWERS),
  /** The groups it may be sent on to ("Send videre"); none leaves the button out. */
  forwardTo: groupChoices(0),
  /** A Teams chat: for the teacher with the adviser who took it, for that adviser with the teacher. */
  chat: z.strictObject({ url: teamsLink }).nullable(),
  /** A new Teams meeting prefilled with subject, attendees and agenda (the teacher's card). */
  meeting: z.strictObject({ url: teamsLink }).nullable(),
  /** Who gets their own card by Universal Actions' refresh (AAD object ids); none leaves `refresh` out. */
  refreshUserIds: z.array(z.string().trim().min(1).max(100)).max(SPARRING_LIMITS.refreshUsers),
  /** A line at the top, e.g. why nothing changed ("Hanne Lykke tog den først."). */
  note: item.nullable(),
}).transform((vm) => {
  const open = vm.state === 'ny';
  const taken = vm.state === 'taget';
  const claimant = vm.viewer === 'claimant' && taken;
  const member = vm.viewer === 'pool-member' && open;
  const claimed = vm.claimedByName ?? 'en rådgiver';
  const when = (at: string | null) => (at ? ` ${at}` : '');
  const status =
    open ? (vm.viewer === 'pool-member' ? 'Ny anmodning: tag den, send den videre eller afvis den.' : `Venter på, at en fra ${vm.groupTitle} tager den.`)
    : taken ? (claimant ? `Du tog den${when(vm.claimedAt)}.` : `Taget af ${claimed}${when(vm.claimedAt)}`)
    : vm.state === 'afsluttet' ? `Afsluttet af ${claimed}`
    : 'Afvist';
  const finalText =
    vm.state === 'afsluttet' ? (vm.closingNote ? vm.closingNote : 'Ingen note.')
    : vm.state === 'afvist' ? (vm.rejectionReason ? vm.rejectionReason : 'Ingen begrundelse.')
    : null;
  const chatWith = vm.viewer === 'teacher' ? vm.claimedByName : vm.viewer === 'claimant' ? vm.requestedByName : null;
  const canOpenUrl = taken && (vm.viewer === 'teacher' || claimant);
  return {
    ...vm,
    heading: caseName(vm.pseudonym),
    stateLabel: SPARRING_STATE_LABELS[vm.state],
    headerStyle: SPARRING_STATE_STYLES[vm.state],
    status,
    finalTitle: vm.state === 'afsluttet' ? 'Note til sagen' : vm.state === 'afvist' ? 'Begrundelse' : null,
    finalText,
    facts: facts([
      ['Gruppe', vm.groupTitle],
      ['Skole', vm.schoolName],
      ['Hjælp', vm.helpKinds.join(', ')],
      ['Ønsket tid', vm.wishedTime || 'Ikke angivet'],
      ['Sendt af', vm.requestedByName],
      ['Sendt', vm.createdAt],
      ['Taget af', taken || vm.state === 'afsluttet' ? vm.claimedByName : null],
    ]),
    canClaim: member,
    canForward: (member || claimant) && vm.forwardTo.length > 0,
    canReject: member || claimant,
    canClose: claimant,
    canRelease: claimant,
    canOpenCase: claimant,
    chatButton: canOpenUrl && vm.chat !== null && chatWith !== null ? { title: `Chat med ${chatWith}`, url: vm.chat.url } : null,
    meetingButton: taken && vm.viewer === 'teacher' && vm.meeting !== null ? { url: vm.meeting.url } : null,
    forwardValue: vm.forwardTo[0]?.value ?? '',
    refresh: vm.refreshUserIds.length > 0,
  };
});

export const SparringListViewModelSchema = z.strictObject({
  /** e.g. "Mine anmodninger" or "Åbne anmodninger". */
  title: short,
  /** Shown when there are none. */
  emptyText: item,
  requests: z
    .array(
      z.strictObject({
        requestId: requestRef,
        caseId: requestRef,
        pseudonym,
        groupTitle: short,
        state: z.enum(SPARRING_STATES),
        claimedByName: personName.nullable(),
        /** Danish date. */
        createdAt: short,
        wishedTime: z.string().trim().max(SPARRING_LIMITS.wishedTime),
      }).transform((r) => ({
        ...r,
        heading: caseName(r.pseudonym),
        line: [
          r.groupTitle,
          r.state === 'ny' ? `Sendt ${r.createdAt}` : r.state === 'taget' ? `Taget af ${r.claimedByName ?? 'en rådgiver'}` : SPARRING_STATE_LABELS[r.state],
          r.wishedTime ? `Ønsket tid: ${r.wishedTime}` : null,
        ].filter((x) => x !== null).join(' · '),
      })),
    )
    .max(SPARRING_LIMITS.list),
  /** More requests exist than are shown. */
  more: z.boolean(),
});
