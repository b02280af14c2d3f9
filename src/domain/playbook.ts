/**
 * The playbook ("plads til forskellighed"): the texts and catalogues a municipality may replace
 * without touching code. Titles of levels, steps, actors, meetings, templates and prerequisites,
 * and the catalogues of data sources, pedagogical actions and advisers. The rules stay in ladder.ts.
 */
import { z, describeIssues } from './zod.js';
import { ACTION_ID, ADVISERS, AREAS, DATA_SOURCES, type Area, type ParseResult } from './intake.js';
import { ACTORS, LEVELS, MEETINGS, PREREQUISITES, STEPS, TEMPLATES } from './recommendation.js';

const text = z.string().trim().min(1, { message: 'Teksten må ikke være tom' });

/**
 * A catalogue keyed by the stable ids of one enum: every id present exactly once, no other keys.
 * The check lives in a superRefine so it reports missing and unknown ids even when some entries
 * are also broken, each with its own path.
 */
function catalogue<const Ids extends readonly string[], Entry extends z.ZodType>(ids: Ids, entry: Entry, what: string) {
  return z
    .record(z.string(), entry)
    .superRefine((record, ctx) => {
      for (const id of ids) {
        if (!Object.hasOwn(record, id)) ctx.addIssue({ code: 'custom', path: [id], message: `Mangler ${what} med id "${id}"` });
      }
      for (const key of Object.keys(record)) {
        if (!ids.includes(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `Ukendt id "${key}" – tilladte id'er er: ${ids.join(', ')}`,
          });
        }
      }
    })
    .transform((record) => record as Record<Ids[number], z.output<Entry>>);
}

const Titled = z.strictObject({ title: text });

const LevelEntry = z.strictObject({ title: text, description: text });
const MeetingEntry = z.strictObject({
  title: text,
  participants: z.array(text).min(1, { message: 'Mødet skal have mindst én deltager' }),
  note: text,
});
const TemplateEntry = z.strictObject({ title: text, description: text });

/** Whom a pedagogical action is aimed at. */
export const ACTION_AIMS = ['faellesskab', 'barn', 'begge'] as const;
/** Where an action's description comes from. */
export const ACTION_SOURCES = ['handleguiden', 'kommunen'] as const;

const ActionEntry = z.strictObject({
  id: z.string().regex(ACTION_ID, { message: 'Et id skal være små bogstaver, tal og bindestreger, fx "co-teaching"' }),
  title: text,
  areas: z
    .array(z.enum(AREAS))
    .min(1, { message: 'Angiv mindst ét område, indsatsen passer til' })
    .refine((xs) => new Set(xs).size === xs.length, { message: 'Det samme område må kun stå én gang' }),
  /**
   * Whom the action is aimed at: the learning community (a class, a group), the one child, or both.
   * For a class, actions aimed at the community are suggested first. Unset: both.
   */
  aim: z.enum(ACTION_AIMS, { message: `Skal være en af ${ACTION_AIMS.map((a) => `"${a}"`).join(', ')}` }).default('begge'),
  description: text,
  /**
   * Where the description comes from: "handleguiden" when it says only what the municipality's
   * guide says; "kommunen" (the default) when it is the municipality's own text, to be written or
   * approved by them. The bot never presents a "kommunen" text as the guide's.
   */
  source: z.enum(ACTION_SOURCES, { message: `Skal være en af ${ACTION_SOURCES.map((a) => `"${a}"`).join(', ')}` }).default('kommunen'),
});

const Actions = z
  .array(ActionEntry)
  .min(1, { message: 'Kataloget over pædagogiske indsatser må ikke være tomt' })
  .superRefine(
    (actions, ctx) => {
      const seen = new Map<string, number>();
      actions.forEach((action: { id?: unknown }, index) => {
        if (typeof action?.id !== 'string') return;
        const first = seen.get(action.id);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `Id'et "${action.id}" er allerede brugt af indsats nr. ${first + 1}`,
          });
        } else {
          seen.set(action.id, index);
        }
      });
    },
    // Also when other entries are broken, so that every bad path is reported at once.
    { when: (payload) => Array.isArray(payload.value) },
  );

/** A Danish phone number as people write it: digits and spaces, optionally +45 first ("74 34 34 34"). */
const PHONE = /^\+?[0-9][0-9 ]{6,18}[0-9]$/;

/**
 * How a professional notifies this municipality (underretning, Barnets Lov § 133): the online form
 * and/or the phone, and where to turn outside opening hours. The safeguarding card shows it, so a
 * teacher who must notify today need not search for it. At least the link or the phone.
 */
const NotificationEntry = z
  .strictObject({
    /** Who receives the notification, e.g. "Børn og Familie, Haderslev Kommune". */
    recipient: text,
    /** The online form (https), e.g. the municipality's page or borger.dk's "Underret om børn og unge". */
    url: z.url({ protocol: /^https$/, message: 'Skal være en https-adresse' }).optional(),
    /** The link's button text; "Underret kommunen" when left out. */
    urlTitle: text.max(60, { message: 'Højst 60 tegn' }).optional(),
    phone: z.string().trim().regex(PHONE, { message: 'Skriv telefonnummeret med cifre og mellemrum, fx "74 34 34 34"' }).optional(),
    /** About the phone: when it is answered, whom to ask for, e.g. "Hverdage kl. 8–15". */
    phoneNote: text.max(120, { message: 'Højst 120 tegn' }).optional(),
    /** What to do outside opening hours, e.g. "Ring til politiet på 114, og bed om den sociale døgnvagt." */
    afterHours: text.max(300, { message: 'Højst 300 tegn' }).optional(),
  })
  .refine((n) => n.url !== undefined || n.phone !== undefined, { message: 'Angiv mindst en adresse (url) eller et telefonnummer (phone)' });

/** The municipality whose guide this is; optional: without it the cards point to the municipality's own website and borger.dk. */
const MunicipalityEntry = z.strictObject({
  name: text,
  notification: NotificationEntry.optional(),
});

export const PlaybookSchema = z.strictObject({
  name: text,
  municipality: MunicipalityEntry.optional(),
  levels: catalogue(LEVELS, LevelEntry, 'et indsatsniveau'),
  steps: catalogue(STEPS, Titled, 'et trin'),
  actors: catalogue(ACTORS, Titled, 'en aktør'),
  meetings: catalogue(MEETINGS, MeetingEntry, 'en mødetype'),
  templates: catalogue(TEMPLATES, TemplateEntry, 'en skabelon'),
  prerequisites: catalogue(PREREQUISITES, Titled, 'en forudsætning'),
  dataSources: catalogue(DATA_SOURCES, Titled, 'en datakilde'),
  actions: Actions,
  advisers: catalogue(ADVISERS, Titled, 'en vejleder'),
});

export type Playbook = z.output<typeof PlaybookSchema>;
export type PedagogicalAction = Playbook['actions'][number];
/** How to notify this municipality (underretning); see NotificationEntry. */
export type NotificationContact = NonNullable<NonNullable<Playbook['municipality']>['notification']>;

/** Validates a playbook. Errors are Danish and name the path of each bad entry. */
export function parsePlaybook(input: unknown): ParseResult<Playbook> {
  const result = PlaybookSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: describeIssues(result.error) };
}

/** The playbook's pedagogical actions that fit a concern area, in catalogue order. */
export function actionsFor(area: Area, playbook: Playbook): PedagogicalAction[] {
  return playbook.actions.filter((a) => a.areas.includes(area));
}

/**
 * Checks what the intake schema cannot: that every `tried` value is an action of this playbook.
 * Danish messages naming the field; empty when all is well.
 */
export function checkTried(tried: readonly string[] | undefined, playbook: Playbook): string[] {
  if (!tried) return [];
  const known = new Set(playbook.actions.map((a) => a.id));
  const unknown = tried.filter((id) => !known.has(id));
  if (unknown.length === 0) return [];
  return [
    `Feltet "tried": ukendt pædagogisk indsats ${unknown.map((u) => `"${u}"`).join(', ')} – den findes ikke i playbooken "${playbook.name}"`,
  ];
}
