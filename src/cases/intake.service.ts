/**
 * The guided intake of one concern: which question is on screen, applying an answer, going back
 * and resuming (which concern to start, resume or cancel is src/cases/concern.service.ts). The answers live in the case row and every change runs in a row-level
 * transaction, so two overlapping turns (a double click) cannot lose or double-apply an answer:
 * each card carries the case's `seq` when it was drawn, and only a card with the current `seq`
 * may change the case.
 */
import { noteAccess } from '../access/access-log.context.js';
import { INTAKE_FIELDS, IntakeSchema, type Intake, type IntakeField } from '../domain/intake.js';
import { containsIdentifier, IDENTIFIER_REFUSAL } from '../domain/identifiers.js';
import { withoutControlCharacters } from '../domain/free-text.js';
import { PseudonymSchema } from '../domain/pseudonym.js';
import { next, relevantIntake, safeguardingFor } from '../domain/ladder.js';
import type { Playbook } from '../domain/playbook.js';
import { readAnswers } from './intake-answers.js';
import type { Recommendation, Safeguarding } from '../domain/recommendation.js';
import type { CaseRecord, CaseRepository, CaseTransaction } from './case.repository.js';
import { storedIntake } from './stored-intake.js';
import type { Actor } from '../domain/actor.js';

/**
 * Asked together on the first card: the answers every concern needs. The safety question is not
 * among them: it stands on its own card right after, so that it does not drown among the others.
 */
export const START_FIELDS: readonly IntakeField[] = ['description', 'scope', 'areas'];
const isStartField = (f: string) => (START_FIELDS as readonly string[]).includes(f);

/** A card's answer values as the card shows them: strings, multi-select comma-separated. */
export type CardValues = Partial<Record<IntakeField | 'pseudonym' | 'team', string>>;

/** A team the teacher may tie a concern to (from the directory): id is `<schoolId>/<teamId>`. */
export interface TeamChoice {
  id: string;
  schoolId: string;
  teamId: string;
  title: string;
}

/** What names a case at the top of its cards (see caseHeading in src/cards/common.ts): its pseudonym and its team's title. */
export interface CaseLabel {
  pseudonym: string | null;
  /** The team's title from the directory, e.g. "4.B – Fjordbakkeskolen"; null when unknown. */
  team: string | null;
}

export interface FieldError {
  field: IntakeField | null;
  message: string;
}

export type Screen =
  | {
      kind: 'question';
      caseId: string;
      seq: number;
      number: number;
      /** The fields this card asks: START_FIELDS for the first card, else exactly one. */
      fields: IntakeField[];
      values: CardValues;
      errors: FieldError[];
      canGoBack: boolean;
      /** On the first card: the owner's teams to choose among (the card shows a choice when there are several). */
      teams: TeamChoice[];
      label: CaseLabel;
      /** The concern as answered so far (the tried-actions question shows the actions that fit it first). */
      concern: Pick<Intake, 'scope' | 'areas'>;
    }
  | { kind: 'recommendation'; caseId: string; seq: number; number: number; recommendation: Recommendation; label: CaseLabel };

export interface AnsweredSummary {
  number: number;
  fields: IntakeField[];
  intake: Intake;
  label: CaseLabel;
}

/** A card the user went back from (Tilbage): what it asked (no fields: the recommendation) and where the user went. */
export interface LeftSummary {
  number: number;
  fields: IntakeField[];
  backTo: number;
  label: CaseLabel;
}

export type IntakeOutcome =
  /**
   * The case moved on: `answered` (or, after Tilbage, `left`) is what the old card now shows, `screen`
   * what to show next. `paused`: the acute-danger answer is known and the intake pauses (the safety
   * guidance, not the next question, is shown; the user continues when ready).
   */
  | {
      kind: 'moved';
      screen: Screen;
      answered: AnsweredSummary | null;
      safeguarding: Safeguarding | null;
      paused?: boolean;
      left?: LeftSummary | null;
    }
  /** Nothing stored: the same card again, with the user's values and the errors beside them. */
  | { kind: 'invalid'; screen: Screen; cprRefused: boolean }
  /** An old or repeated card: nothing changed. `answered` is what that card had asked, if recorded. */
  | { kind: 'stale'; answered: AnsweredSummary | null; current: Screen | null }
  | { kind: 'not-found' };

/**
 * A click on an intake card, read at the edge (src/bot/intake.input.ts): the case the card names
 * and the `seq` it was drawn at, and the card's inputs keyed by field, which this service checks
 * against the question on screen (a value of the wrong kind is an error beside its field).
 */
export interface IntakeCardInput {
  caseId: string;
  seq: number;
  values: Readonly<Record<string, unknown>>;
}

const answeredCards = (order: string[]) => order.filter((f) => !isStartField(f)).length + (order.some(isStartField) ? 1 : 0);

function fieldsFor(pending: IntakeField): IntakeField[] {
  return isStartField(pending) ? [...START_FIELDS] : [pending];
}

/** What the tried-actions question fits its choices to. */
const concernOf = (intake: Intake): Pick<Intake, 'scope' | 'areas'> => ({ scope: intake.scope, areas: intake.areas });

/** An intake value as the card shows it (so a card can be prefilled). */
export function toCardValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

function cardValues(intake: Intake, fields: IntakeField[]): CardValues {
  const values: CardValues = {};
  for (const f of fields) {
    const v = toCardValue(intake[f]);
    if (v !== undefined) values[f] = v;
  }
  return values;
}

export class IntakeService {
  /**
   * `teamsOf` gives the teams a teacher belongs to, from the organisation directory (none for
   * someone the directory does not know). A new case belongs to the first; the first card lets the
   * teacher pick another of their own teams.
   */
  constructor(
    private readonly cases: CaseRepository,
    private readonly playbook: Playbook,
    private readonly teamsOf: (actor: Actor) => TeamChoice[] = () => [],
  ) {}

  private readonly actionIds = () => new Set(this.playbook.actions.map((a) => a.id));

  /**
   * Starts a new concern without asking, or reuses the user's untouched one so empty cases do not
   * pile up; `extra.pseudonym` (already checked) names it. "ny bekymring" goes through
   * ConcernService.start (src/cases/concern.service.ts), which asks first while another concern has answers.
   */
  async start(actor: Actor, extra: { pseudonym?: string } = {}): Promise<Screen> {
    const latest = await this.cases.findLatestOpen(actor.tenantId, actor.userId);
    if (latest && latest.answerOrder.length === 0 && latest.pendingField) {
      const moved = await this.cases.withLockedCase(latest.id, async (c, tx) => {
        if (c.answerOrder.length > 0 || c.status !== 'aaben') return null;
        return this.advance(c, tx, {}, [], extra);
      });
      if (moved) {
        noteAccess({ caseId: latest.id }, true);
        return moved;
      }
    }
    const first = this.teamsOf(actor)[0];
    const created = await this.cases.create({
      tenantId: actor.tenantId,
      ownerAadId: actor.userId,
      schoolId: first?.schoolId ?? null,
      teamId: first?.teamId ?? null,
    });
    const screen = await this.cases.withLockedCase(created.id, (c, tx) => this.advance(c, tx, {}, [], extra));
    if (!screen) throw new Error('a case vanished right after it was created');
    // A new case is a change of it in the access log, by its owner.
    noteAccess({ caseId: created.id }, true);
    return screen;
  }

  /** The screen of the user's latest open case, or null when there is none. */
  async resume(actor: Actor): Promise<Screen | null> {
    const c = await this.cases.findLatestOpen(actor.tenantId, actor.userId);
    return c ? this.currentScreen(c) : null;
  }

  async answer(actor: Actor, input: IntakeCardInput): Promise<IntakeOutcome> {
    const { caseId, seq, values } = input;
    const { safety: legacySafety, ...withoutSafety } = values;
    const result = await this.cases.withLockedCase(caseId, async (c, tx): Promise<IntakeOutcome> => {
      if (!this.owns(actor, c)) return { kind: 'not-found' };
      if (c.status !== 'aaben' || c.seq !== seq || !c.pendingField) return this.stale(c, values);
      const fields = fieldsFor(c.pendingField as IntakeField);
      // A first card drawn before the safety question had its own card still asks it: that answer is
      // not stored with the others, but shown on the safety card that follows, to be confirmed there.
      const first = fields.includes('scope');
      const raw = first ? withoutSafety : values;
      const read = readAnswers(fields, raw, this.actionIds());
      const intake = storedIntake(c);
      // The first card also names the case (initials and class); it is kept on the case, not in the intake.
      const pseudonym = fields.includes('scope') ? readPseudonym(raw.pseudonym) : undefined;
      if (pseudonym && !pseudonym.cpr && typeof raw.pseudonym === 'string' && raw.pseudonym.trim())
        read.values.pseudonym = withoutControlCharacters(raw.pseudonym.trim());
      if (read.cpr || pseudonym?.cpr) {
        const values = { ...read.values };
        if (read.cpr) delete values.description;
        const field = read.cpr ? 'description' : null;
        return {
          kind: 'invalid',
          cprRefused: true,
          screen: this.questionScreen(c, fields, values, [{ field, message: IDENTIFIER_REFUSAL }]),
        };
      }
      if (pseudonym?.error) read.errors.push({ field: null, message: pseudonym.error });
      // The team is chosen among the teacher's own teams in the directory, whatever the card says.
      const team = fields.includes('scope') ? this.readTeam(actor, raw.team) : undefined;
      if (team && 'error' in team) read.errors.push({ field: null, message: team.error });
      if (typeof raw.team === 'string') read.values.team = withoutControlCharacters(raw.team);
      const candidate: Record<string, unknown> = { ...intake };
      for (const f of fields) delete candidate[f];
      Object.assign(candidate, read.answers);
      const parsed = IntakeSchema.safeParse(candidate);
      const errors = [...read.errors];
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = (issue.path[0] as IntakeField | undefined) ?? null;
          if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
        }
      }
      if (errors.length > 0 || !parsed.success) {
        return { kind: 'invalid', cprRefused: false, screen: this.questionScreen(c, fields, read.values, errors) };
      }
      const answeredFields = fields.filter((f) => parsed.data[f] !== undefined);
      const order = [...c.answerOrder.filter((f) => !fields.includes(f as IntakeField)), ...answeredFields];
      const extra = {
        ...(pseudonym ? { pseudonym: pseudonym.value ?? null } : {}),
        ...(team && 'choice' in team ? { schoolId: team.choice.schoolId, teamId: team.choice.teamId } : {}),
      };
      const screen = await this.advance(c, tx, parsed.data, order, extra);
      if (first && typeof legacySafety === 'string' && screen.kind === 'question' && screen.fields.includes('safety'))
        screen.values = { ...screen.values, safety: withoutControlCharacters(legacySafety) };
      const answered: AnsweredSummary = {
        number: answeredCards(c.answerOrder) + 1,
        fields: answeredFields,
        intake: parsed.data,
        label: this.labelOf({ ...c, ...extra }),
      };
      // Safety first, paced: signs of danger first ask whether the danger is acute (without the long
      // guidance); once that is known, the guidance comes and the intake pauses. The guidance comes
      // again when the signs turn out to concern the home (the parents then wait for the municipality).
      const acuteKnown = fields.includes('acuteDanger') || (fields.includes('safety') && parsed.data.acuteDanger !== undefined);
      const revealed = acuteKnown || (fields.includes('homeConcern') && parsed.data.homeConcern === true);
      const found = revealed ? safeguardingFor(parsed.data, this.playbook) : null;
      const paused = acuteKnown && found !== null;
      const safeguarding = paused || screen.kind === 'question' ? found : null;
      return { kind: 'moved', screen, answered, safeguarding, paused };
    });
    return result ?? { kind: 'not-found' };
  }

  /** Undoes the last answer (the whole first card, if that was the last) and asks it again. */
  async back(actor: Actor, input: IntakeCardInput): Promise<IntakeOutcome> {
    const { caseId, seq } = input;
    const result = await this.cases.withLockedCase(caseId, async (c, tx): Promise<IntakeOutcome> => {
      if (!this.owns(actor, c)) return { kind: 'not-found' };
      if (c.status !== 'aaben' || c.seq !== seq) return this.stale(c, input.values);
      if (c.answerOrder.length === 0) return { kind: 'stale', answered: null, current: this.currentScreen(c) };
      const shown = this.currentScreen(c);
      const last = c.answerOrder[c.answerOrder.length - 1] as IntakeField;
      const undo = isStartField(last) ? c.answerOrder.filter(isStartField) : [last];
      const intake = storedIntake(c);
      const previous = cardValues(intake, undo as IntakeField[]);
      const rest: Record<string, unknown> = { ...intake };
      for (const f of undo) delete rest[f];
      const order = c.answerOrder.filter((f) => !undo.includes(f));
      const screen = await this.advance(c, tx, rest as Intake, order);
      if (screen.kind === 'question') screen.values = { ...previous, ...screen.values };
      // The card the user went back from becomes a read-only line saying so (it is stale now).
      const left: LeftSummary = {
        number: shown.number,
        fields: shown.kind === 'question' ? shown.fields : [],
        backTo: screen.number,
        label: this.labelOf(c),
      };
      return { kind: 'moved', screen, answered: null, safeguarding: null, left };
    });
    return result ?? { kind: 'not-found' };
  }

  /** What the case shows now: its pending question, or its recommendation. */
  currentScreen(c: CaseRecord): Screen {
    const intake = storedIntake(c);
    if (c.pendingField) {
      const fields = fieldsFor(c.pendingField as IntakeField);
      return this.questionScreen(c, fields, cardValues(intake, fields), []);
    }
    const result = next(intake, this.playbook);
    if (result.kind === 'question') {
      // The playbook or rules changed since this case was stored: ask what is missing now.
      return this.questionScreen(c, fieldsFor(result.field), {}, []);
    }
    return {
      kind: 'recommendation',
      caseId: c.id,
      seq: c.seq,
      number: answeredCards(c.answerOrder),
      recommendation: result.recommendation,
      label: this.labelOf(c),
    };
  }

  /** The team picked on the first card: one of the actor's own teams, or an error; undefined when not asked. */
  private readTeam(actor: Actor, value: unknown): { choice: TeamChoice } | { error: string } | undefined {
    const teams = this.teamsOf(actor);
    if (teams.length === 0 || value === undefined || value === null || value === '') return undefined;
    const choice = typeof value === 'string' ? teams.find((t) => t.id === value) : undefined;
    return choice ? { choice } : { error: 'Vælg et af dine egne teams.' };
  }

  private async advance(
    c: CaseRecord,
    tx: CaseTransaction,
    intake: Intake,
    order: string[],
    extra: { pseudonym?: string | null; schoolId?: string; teamId?: string } = {},
  ): Promise<Screen> {
    const result = next(intake, this.playbook);
    const seq = c.seq + 1;
    const pendingField = result.kind === 'question' ? result.field : null;
    await tx.update(c.id, { intake, answerOrder: order, pendingField, seq, ...extra });
    const moved: CaseRecord = { ...c, intake, answerOrder: order, pendingField, seq, ...extra };
    if (result.kind === 'recommendation') {
      const r = result.recommendation;
      await tx.addRecommendation(c.id, { level: r.level, step: r.step, recommendation: r, intake: relevantIntake(intake, this.playbook) });
      return { kind: 'recommendation', caseId: c.id, seq, number: answeredCards(order), recommendation: r, label: this.labelOf(moved) };
    }
    return this.questionScreen(moved, fieldsFor(result.field), cardValues(intake, fieldsFor(result.field)), []);
  }

  private questionScreen(c: CaseRecord, fields: IntakeField[], values: CardValues, errors: FieldError[]): Screen {
    const first = fields.includes('scope');
    if (first && values.pseudonym === undefined && c.pseudonym) values = { ...values, pseudonym: c.pseudonym };
    if (first && values.team === undefined && c.schoolId && c.teamId) values = { ...values, team: `${c.schoolId}/${c.teamId}` };
    return {
      kind: 'question',
      caseId: c.id,
      seq: c.seq,
      number: answeredCards(c.answerOrder.filter((f) => !fields.includes(f as IntakeField))) + 1,
      fields,
      values,
      errors,
      canGoBack: c.answerOrder.some((f) => !fields.includes(f as IntakeField)),
      teams: first ? this.teamsOf({ tenantId: c.tenantId, userId: c.ownerAadId }) : [],
      label: this.labelOf(c),
      concern: concernOf(storedIntake(c)),
    };
  }

  /** The user's own case that a card names (Fortsæt senere): its label and whether it is still open; null when it is not theirs. */
  async ownCase(actor: Actor, caseId: string): Promise<{ label: CaseLabel; open: boolean } | null> {
    const c = await this.cases.get(caseId);
    if (!c || !this.owns(actor, c)) return null;
    return { label: this.labelOf(c), open: c.status === 'aaben' };
  }

  /** The case's pseudonym and its team's title (among the owner's teams in the directory). */
  labelOf(c: Pick<CaseRecord, 'tenantId' | 'ownerAadId' | 'schoolId' | 'teamId' | 'pseudonym'>): CaseLabel {
    const team =
      c.schoolId && c.teamId
        ? this.teamsOf({ tenantId: c.tenantId, userId: c.ownerAadId }).find((t) => t.schoolId === c.schoolId && t.teamId === c.teamId)
        : undefined;
    return { pseudonym: c.pseudonym ?? null, team: team?.title ?? null };
  }

  private stale(c: CaseRecord, raw: Readonly<Record<string, unknown>> | undefined): IntakeOutcome {
    const intake = storedIntake(c);
    // Which question did the old card ask? Its input ids tell (they are the field names).
    // Only fields the case records as answered: a value left over in the intake is not the card's question.
    const asked = INTAKE_FIELDS.filter((f) => raw && f in raw && intake[f] !== undefined && c.answerOrder.includes(f));
    const lastAsked = Math.max(...asked.map((f) => c.answerOrder.indexOf(f)));
    const answered =
      asked.length > 0
        ? { number: answeredCards(c.answerOrder.slice(0, lastAsked + 1)), fields: asked, intake, label: this.labelOf(c) }
        : null;
    return { kind: 'stale', answered, current: c.status === 'aaben' ? this.currentScreen(c) : null };
  }

  private owns(actor: Actor, c: CaseRecord): boolean {
    // Noted for the access log (src/access/access-log.context.ts), allowed or refused.
    return noteAccess({ caseId: c.id }, c.tenantId === actor.tenantId && c.ownerAadId === actor.userId);
  }
}

/** The pseudonym typed on the first card: absent or empty is null; too long is an error; a CPR number is refused. */
export function readPseudonym(raw: unknown): { value?: string | null; error?: string; cpr?: boolean } {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return { value: null };
  if (containsIdentifier(text)) return { cpr: true };
  const parsed = PseudonymSchema.safeParse(text);
  if (!parsed.success) return { error: `Initialer og klasse: ${parsed.error.issues[0]?.message ?? 'ugyldig'}` };
  return { value: parsed.data };
}
