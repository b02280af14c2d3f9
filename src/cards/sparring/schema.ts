/**
 * Sparring requests (issue 5): the form, the request as each viewer sees it, the lists.
 *
 * A request goes to an adviser group (a pool of the directory: a school's PLC or AKT, a district's
 * practice advisers, advisory team or family services). A group's value on a card is the pool's id
 * only: the school or district comes from the stored case, never from the card. The cards name the
 * case by its pseudonym, never a child's name. The cards' text is written in the view builders
 * (view.ts), which also normalise what a user sent back to the form; the schemas only bound and
 * check what the templates bind.
 */
import { z } from '../../domain/zod.js';
import {
  CLOSING_NOTE_MAX,
  REJECTION_REASON_MAX,
  SPARRING_FORM_FIELDS,
  SPARRING_POOLS,
  SUMMARY_MAX,
  WISHED_TIME_MAX,
  type SparringFormField,
} from '../../domain/sparring.js';
import { HELP_KINDS } from '../../domain/plans/index.js';
import { LIMITS, item, list, short, title } from '../common.js';

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
  .refine((u) => u.startsWith('https://teams.microsoft.com/l/'), {
    message: 'Expected a Teams deep link (https://teams.microsoft.com/l/…)',
  });

/** A message under an input of the form ('' when it has none). */
const fieldError = z.string().max(SPARRING_LIMITS.fieldError);
/** A choice's value as a form shows it again: '' or a known value (one, or comma-separated). */
const knownValues = <T extends readonly [string, ...string[]]>(values: T, single: boolean) => {
  const known = new Set<string>(values);
  return z.string().refine((v) => v === '' || ((!single || !v.includes(',')) && v.split(',').every((x) => known.has(x))), {
    message: `Expected '' or ${single ? 'one of' : 'comma-separated values of'} ${values.join(', ')}`,
  });
};

export const SparringFormViewModelSchema = z.strictObject({
  caseId: requestRef,
  /** Sent back with the card, so a double click sends one request. */
  formId: requestRef,
  /** "Sag: A.B., 4.B · 4.B – Fjordbakkeskolen" (caseHeading in src/cards/common.ts). */
  caseHeading: title,
  /** The step the case is on, e.g. "Søg sparring og vejledning hos en PLC-vejleder"; null leaves it out. */
  subtitle: z.string().trim().min(1).max(200).nullable(),
  /** Who the request goes to and who takes it, in the words that fit the preselected group ("vejlederne", "rådgiverne"). */
  intro: item,
  /** The groups whose only member is the user drawing the form: a request there goes to herself. */
  selfNote: z.string().trim().min(1).max(LIMITS.text).nullable(),
  /** The groups the request may go to (the case's school's and district's pools). */
  groupChoices: groupChoices(1),
  /** The kinds of help (HELP_KINDS, with their Danish labels). */
  helpKindChoices: z
    .array(z.strictObject({ title: short, value: z.enum(HELP_KINDS) }))
    .min(1)
    .max(HELP_KINDS.length),
  /** What is preselected, or what the user sent (shown again after an error), as the view builder normalised it. */
  values: z.strictObject({
    pool: knownValues(SPARRING_POOLS, true),
    /** Comma-separated help kinds. */
    helpKinds: knownValues(HELP_KINDS, false),
    wishedTime: z.string().max(SPARRING_LIMITS.wishedTime),
    summary: z.string().max(SPARRING_LIMITS.summary),
    parentsConsent: z.enum(['true', 'false']),
  }),
  /** The case is about one child: the card asks for the parents' consent. */
  childSpecific: z.boolean(),
  consentNote: item,
  /** A message under each input that has one. */
  err: z.strictObject(Object.fromEntries(SPARRING_FORM_FIELDS.map((f) => [f, fieldError])) as Record<SparringFormField, typeof fieldError>),
  /** Messages that name no input of the card, at the top. */
  generalErrors: list(),
  hasErrors: z.boolean(),
});

export const SparringRequestViewModelSchema = z.strictObject({
  requestId: requestRef,
  version: requestVersion,
  caseId: requestRef,
  /** "Sag: A.B., 4.B · 4.B – Fjordbakkeskolen" (caseHeading in src/cards/common.ts). */
  caseHeading: title,
  /** The case's pseudonym. */
  heading: z.string().trim().min(1).max(60),
  /** The group it is routed to, e.g. "PLC – Fjordbakkeskolen". */
  groupTitle: short,
  stateLabel: short,
  headerStyle: z.enum(['warning', 'good', 'emphasis', 'attention']),
  /** Where it stands for this viewer: a group (120) or a name (80) and a date and time. */
  status: z.string().trim().min(1).max(200),
  /** A line at the top, e.g. why nothing changed ("Hanne Lykke tog den først."). */
  note: item.nullable(),
  summary: z.string().trim().min(1).max(SPARRING_LIMITS.summary),
  /** Group, school, kinds of help (their labels joined), wished time, who sent it and when, who took it. */
  facts: z
    .array(
      z.strictObject({
        title: short,
        value: z
          .string()
          .trim()
          .min(1)
          .max(HELP_KINDS.length * 122),
      }),
    )
    .max(7),
  /** What happened, oldest first: `when` a short Danish date and time. */
  history: z.array(z.strictObject({ when: short, text: item })).max(SPARRING_LIMITS.history),
  /** A closed request's note, a rejected one's reason ("Ingen note." when none was given); null while open. */
  finalTitle: short.nullable(),
  finalText: z.string().trim().min(1).max(Math.max(SPARRING_LIMITS.closingNote, SPARRING_LIMITS.rejectionReason)).nullable(),
  canClaim: z.boolean(),
  canForward: z.boolean(),
  canReject: z.boolean(),
  canClose: z.boolean(),
  canRelease: z.boolean(),
  canOpenCase: z.boolean(),
  /** A Teams chat: for the teacher with the adviser who took it, for that adviser with the teacher ("Chat med …"). */
  chatButton: z.strictObject({ title: short, url: teamsLink }).nullable(),
  /** A new Teams meeting prefilled with subject, attendees and agenda (the teacher's card). */
  meetingButton: z.strictObject({ url: teamsLink }).nullable(),
  /** The groups it may be sent on to ("Send videre"), the first preselected. */
  forwardTo: groupChoices(0),
  forwardValue: z.union([z.enum(SPARRING_POOLS), z.literal('')]),
  /** Who gets their own card by Universal Actions' refresh (AAD object ids); `refresh` false leaves it out. */
  refreshUserIds: z.array(z.string().trim().min(1).max(100)).max(SPARRING_LIMITS.refreshUsers),
  refresh: z.boolean(),
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
        /** The case's pseudonym. */
        heading: z.string().trim().min(1).max(60),
        /** The group, where it stands and the wished time: "PLC – Fjordbakkeskolen · Sendt 4. december 2026 · Ønsket tid: uge 50". */
        line: z.string().trim().min(1).max(330),
      }),
    )
    .max(SPARRING_LIMITS.list),
  /** More requests exist than are shown. */
  more: z.boolean(),
});
