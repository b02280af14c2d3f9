/**
 * The guided intake of one concern: which question is on screen, applying an answer, going back,
 * cancelling and resuming. The answers live in the case row and every change runs in a row-level
 * transaction, so two overlapping turns (a double click) cannot lose or double-apply an answer:
 * each card carries the case's `seq` when it was drawn, and only a card with the current `seq`
 * may change the case.
 */
import { FIELD_KINDS, INTAKE_FIELDS, IntakeSchema, type Intake, type IntakeField } from '../domain/intake.js';
import { containsCpr, CPR_REFUSAL } from '../domain/cpr.js';
import { withoutControlCharacters } from '../domain/free-text.js';
import { PseudonymSchema } from '../domain/pseudonym.js';
import { next, relevantIntake, safeguardingFor } from '../domain/ladder.js';
import type { Playbook } from '../domain/playbook.js';
import type { Recommendation, Safeguarding } from '../domain/recommendation.js';
import type { CaseRecord, CaseRepository, CaseTransaction } from './case.repository.js';
import { storedIntake } from './stored-intake.js';
import type { Actor } from '../domain/actor.js';

/** Asked together on the first card: the answers every concern needs. */
export const START_FIELDS: readonly IntakeField[] = ['description', 'scope', 'areas', 'safety'];
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
    }
  | { kind: 'recommendation'; caseId: string; seq: number; number: number; recommendation: Recommendation };

export interface AnsweredSummary {
  number: number;
  fields: IntakeField[];
  intake: Intake;
}

export type IntakeOutcome =
  /** The case moved on: `answered` is what the old card now shows, `screen` what to show next. */
  | { kind: 'moved'; screen: Screen; answered: AnsweredSummary | null; safeguarding: Safeguarding | null }
  /** Nothing stored: the same card again, with the user's values and the errors beside them. */
  | { kind: 'invalid'; screen: Screen; cprRefused: boolean }
  /** An old or repeated card: nothing changed. `answered` is what that card had asked, if recorded. */
  | { kind: 'stale'; answered: AnsweredSummary | null; current: Screen | null }
  | { kind: 'cancelled'; caseId: string }
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

  /** Starts a new concern, or reuses the user's untouched one so empty cases do not pile up. */
  async start(actor: Actor): Promise<Screen> {
    const latest = await this.cases.findLatestOpen(actor.tenantId, actor.userId);
    if (latest && latest.answerOrder.length === 0 && latest.pendingField) {
      const moved = await this.cases.withLockedCase(latest.id, async (c, tx) => {
        if (c.answerOrder.length > 0) return null;
        return this.advance(c, tx, {}, []);
      });
      if (moved) return moved;
    }
    const first = this.teamsOf(actor)[0];
    const created = await this.cases.create({
      tenantId: actor.tenantId,
      ownerAadId: actor.userId,
      schoolId: first?.schoolId ?? null,
      teamId: first?.teamId ?? null,
    });
    const screen = await this.cases.withLockedCase(created.id, (c, tx) => this.advance(c, tx, {}, []));
    if (!screen) throw new Error('a case vanished right after it was created');
    return screen;
  }

  /** The screen of the user's latest open case, or null when there is none. */
  async resume(actor: Actor): Promise<Screen | null> {
    const c = await this.cases.findLatestOpen(actor.tenantId, actor.userId);
    return c ? this.currentScreen(c) : null;
  }

  async answer(actor: Actor, input: IntakeCardInput): Promise<IntakeOutcome> {
    const { caseId, seq, values: raw } = input;
    const result = await this.cases.withLockedCase(caseId, async (c, tx): Promise<IntakeOutcome> => {
      if (!this.owns(actor, c)) return { kind: 'not-found' };
      if (c.status !== 'aaben' || c.seq !== seq || !c.pendingField) return this.stale(c, raw);
      const fields = fieldsFor(c.pendingField as IntakeField);
      const read = this.readAnswers(fields, raw);
      const intake = storedIntake(c);
      // The first card also names the case (initials and class); it is kept on the case, not in the intake.
      const pseudonym = fields.includes('scope') ? readPseudonym(raw.pseudonym) : undefined;
      if (pseudonym && !pseudonym.cpr && typeof raw.pseudonym === 'string' && raw.pseudonym.trim())
        read.values.pseudonym = withoutControlCharacters(raw.pseudonym.trim());
      if (read.cpr || pseudonym?.cpr) {
        const values = { ...read.values };
        if (read.cpr) delete values.description;
        const field = read.cpr ? 'description' : null;
        return { kind: 'invalid', cprRefused: true, screen: this.questionScreen(c, fields, values, [{ field, message: CPR_REFUSAL }]) };
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
      const answered: AnsweredSummary = { number: answeredCards(c.answerOrder) + 1, fields: answeredFields, intake: parsed.data };
      const screen = await this.advance(c, tx, parsed.data, order, {
        ...(pseudonym ? { pseudonym: pseudonym.value ?? null } : {}),
        ...(team && 'choice' in team ? { schoolId: team.choice.schoolId, teamId: team.choice.teamId } : {}),
      });
      // Safeguarding comes first: as soon as the answers reveal it, not only with the recommendation
      // (again when the signs turn out to concern the home: the parents then wait for the municipality).
      const revealed =
        fields.includes('safety') || fields.includes('acuteDanger') || (fields.includes('homeConcern') && parsed.data.homeConcern === true);
      const safeguarding = revealed && screen.kind === 'question' ? safeguardingFor(parsed.data, this.playbook) : null;
      return { kind: 'moved', screen, answered, safeguarding };
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
      const last = c.answerOrder[c.answerOrder.length - 1] as IntakeField;
      const undo = isStartField(last) ? c.answerOrder.filter(isStartField) : [last];
      const intake = storedIntake(c);
      const previous = cardValues(intake, undo as IntakeField[]);
      const rest: Record<string, unknown> = { ...intake };
      for (const f of undo) delete rest[f];
      const order = c.answerOrder.filter((f) => !undo.includes(f));
      const screen = await this.advance(c, tx, rest as Intake, order);
      if (screen.kind === 'question') screen.values = { ...previous, ...screen.values };
      return { kind: 'moved', screen, answered: null, safeguarding: null };
    });
    return result ?? { kind: 'not-found' };
  }

  /** Cancels the case named by the card, or else (null: typed, or a card naming no case) the user's latest open case. */
  async cancel(actor: Actor, input: IntakeCardInput | null): Promise<IntakeOutcome> {
    const caseId = input ? input.caseId : (await this.cases.findLatestOpen(actor.tenantId, actor.userId))?.id;
    const seq = input?.seq;
    if (!caseId) return { kind: 'not-found' };
    const result = await this.cases.withLockedCase(caseId, async (c, tx): Promise<IntakeOutcome> => {
      if (!this.owns(actor, c)) return { kind: 'not-found' };
      if (c.status !== 'aaben' || (seq !== undefined && c.seq !== seq)) return this.stale(c, input?.values);
      await tx.update(c.id, { status: 'annulleret', pendingField: null, seq: c.seq + 1 });
      return { kind: 'cancelled', caseId: c.id };
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
      return { kind: 'recommendation', caseId: c.id, seq, number: answeredCards(order), recommendation: r };
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
    };
  }

  private stale(c: CaseRecord, raw: Readonly<Record<string, unknown>> | undefined): IntakeOutcome {
    const intake = storedIntake(c);
    // Which question did the old card ask? Its input ids tell (they are the field names).
    const asked = INTAKE_FIELDS.filter((f) => raw && f in raw && intake[f] !== undefined);
    const lastAsked = Math.max(...asked.map((f) => c.answerOrder.indexOf(f)));
    const answered = asked.length > 0 ? { number: answeredCards(c.answerOrder.slice(0, lastAsked + 1)), fields: asked, intake } : null;
    return { kind: 'stale', answered, current: c.status === 'aaben' ? this.currentScreen(c) : null };
  }

  private owns(actor: Actor, c: CaseRecord): boolean {
    return c.tenantId === actor.tenantId && c.ownerAadId === actor.userId;
  }

  /** Reads the card's values for the asked fields into typed answers; required ones must be there. */
  private readAnswers(fields: IntakeField[], raw: Readonly<Record<string, unknown>>) {
    const answers: Partial<Record<IntakeField, unknown>> = {};
    const values: CardValues = {};
    const errors: FieldError[] = [];
    let cpr = false;
    for (const field of INTAKE_FIELDS) {
      if (!fields.includes(field) && field in raw) {
        errors.push({ field, message: 'hører ikke til dette spørgsmål – brug det nyeste kort' });
      }
    }
    for (const field of fields) {
      const value = raw[field];
      if (value !== undefined && value !== null && typeof value !== 'string' && typeof value !== 'boolean') {
        errors.push({ field, message: 'har en ugyldig værdi' });
        continue;
      }
      const text = value === undefined || value === null ? '' : String(value).trim();
      // The card shown again never carries a control character back (the schema refuses it with its own message).
      if (text !== '') values[field] = withoutControlCharacters(text);
      const kind = FIELD_KINDS[field];
      switch (kind.kind) {
        case 'text':
          if (text !== '') {
            if (containsCpr(text)) cpr = true;
            else answers[field] = text;
          }
          break;
        case 'single':
          if (text === '') errors.push({ field, message: 'Vælg et svar' });
          else answers[field] = text;
          break;
        case 'boolean':
          if (text === 'true' || text === 'false') answers[field] = text === 'true';
          else errors.push({ field, message: text === '' ? 'Vælg Ja eller Nej' : 'skal være Ja eller Nej' });
          break;
        case 'multi': {
          const items =
            text === ''
              ? []
              : text
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean);
          if (items.length < kind.min) {
            errors.push({ field, message: kind.min === 1 ? 'Vælg mindst én' : `Vælg mindst ${kind.min}` });
            break;
          }
          if (kind.values === 'playbook-actions') {
            const known = this.actionIds();
            const unknown = items.filter((i) => !known.has(i));
            if (unknown.length > 0) {
              errors.push({ field, message: `ukendt indsats: ${unknown.map((u) => `"${u}"`).join(', ')}` });
              break;
            }
          }
          answers[field] = items;
          break;
        }
      }
    }
    return { answers, values, errors, cpr };
  }
}

/** The pseudonym typed on the first card: absent or empty is null; too long is an error; a CPR number is refused. */
function readPseudonym(raw: unknown): { value?: string | null; error?: string; cpr?: boolean } {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return { value: null };
  if (containsCpr(text)) return { cpr: true };
  const parsed = PseudonymSchema.safeParse(text);
  if (!parsed.success) return { error: `Initialer og klasse: ${parsed.error.issues[0]?.message ?? 'ugyldig'}` };
  return { value: parsed.data };
}
