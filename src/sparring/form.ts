/**
 * The sparring form and sending it: the form prefilled from a case (the groups its school and
 * district offer, proposed first the one its step suggests, but not a group whose only member is
 * the teacher herself; the summary from the case; the intake's consent),
 * and the send — validated (CPR refused without echo), the consent rule, stored with its
 * 'oprettet' event, and routed to the pool (with the teacher's own copy) through the outbox in one
 * transaction. One unit: the form a send is checked against is the form `formFor` would show.
 */
import { randomUUID } from 'node:crypto';
import type { Intake } from '../domain/intake.js';
import { storedIntake } from '../cases/stored-intake.js';
import { next } from '../domain/ladder.js';
import {
  SPARRING_POOLS,
  alternativePools,
  checkConsent,
  defaultHelpKinds,
  parseSparringForm,
  proposedPool,
  sparringSummary,
  type SparringPool,
} from '../domain/sparring.js';
import type { Actor } from '../domain/actor.js';
import type { CaseRecord } from '../cases/case.repository.js';
import { enqueueRequest, isOnlyMember, poolKeyFor, poolOptions, routeOf, teamTitleOf } from './routing.js';
import {
  CLOSED_CASE_MESSAGE,
  NO_POOLS_MESSAGE,
  NO_SCHOOL_MESSAGE,
  type FormOutcome,
  type SendFormInput,
  type SendOutcome,
  type SparringFormValues,
  type SparringFormView,
  type SparringServiceDeps,
} from './sparring.types.js';
import type { SparringCardUpdates } from './updates.js';
import type { SparringVisibility } from './visibility.js';

export class SparringForms {
  constructor(
    private readonly deps: SparringServiceDeps,
    private readonly visibility: SparringVisibility,
    private readonly updates: SparringCardUpdates,
    private readonly clock: () => Date,
  ) {}

  // -------------------------------------------------------------------------------------------
  // The form and sending

  /** The form for a case the actor may see, prefilled from the case. */
  async formFor(actor: Actor, caseId: string): Promise<FormOutcome> {
    const c = await this.deps.cases.get(caseId);
    if (!this.deps.access.canSee(actor, c)) return { kind: 'not-found' };
    const form = this.buildForm(actor, c, randomUUID());
    return 'kind' in form ? form : { kind: 'form', form };
  }

  buildForm(actor: Actor, c: CaseRecord, formId: string): SparringFormView | Extract<FormOutcome, { kind: 'unavailable' }> {
    const lookup = this.deps.directory();
    if (c.status !== 'aaben') return { kind: 'unavailable', message: CLOSED_CASE_MESSAGE };
    if (!c.schoolId || !lookup.school(c.schoolId)) return { kind: 'unavailable', message: NO_SCHOOL_MESSAGE };
    const intake = intakeOf(c);
    const result = next(intake, this.deps.playbook);
    const recommendation = result.kind === 'recommendation' ? result.recommendation : null;
    const stepId = recommendation?.step ?? null;
    const preferred = [proposedPool(stepId), ...alternativePools(stepId)];
    const options = poolOptions(lookup, c.schoolId);
    if (options.length === 0) return { kind: 'unavailable', message: NO_POOLS_MESSAGE };
    const pools = [...options]
      .sort((a, b) => rank(preferred, a.pool) - rank(preferred, b.pool))
      .map((p) => ({ ...p, onlyYou: isOnlyMember(lookup, c.schoolId!, p.pool, actor) }));
    const childSpecific = intake.scope === 'barn';
    const proposed = pools[0]!.pool;
    // Not a request to herself by default: the first group with someone else in it is preselected.
    const preselected = (pools.find((p) => !p.onlyYou) ?? pools[0]!).pool;
    const actionTitles = new Map(this.deps.playbook.actions.map((a) => [a.id, a.title]));
    return {
      caseId: c.id,
      formId,
      pseudonym: c.pseudonym,
      teamTitle: teamTitleOf(lookup, c),
      stepId,
      proposedPool: proposed,
      pools,
      childSpecific,
      consentAsked: childSpecific && pools.some((p) => p.outsideSchool),
      values: {
        pool: preselected,
        helpKinds: defaultHelpKinds(stepId, intake.plan !== undefined && intake.plan !== 'ingen'),
        wishedTime: '',
        summary: sparringSummary({
          pseudonym: c.pseudonym,
          scope: intake.scope,
          levelTitle: recommendation?.levelTitle ?? null,
          areas: intake.areas,
          tried: (intake.tried ?? []).flatMap((id) => actionTitles.get(id) ?? []),
        }),
        // The intake's consent to a work meeting about the child (a request about one child leads to one).
        parentsConsent: intake.consents === undefined ? null : intake.consents.includes('arbejdsmoede'),
      },
    };
  }

  /**
   * Sends the form: validated (CPR refused without echo), the consent rule, stored with its
   * 'oprettet' event, and routed to the pool's channel or members through the outbox, all in one
   * transaction. `displayName`: the sender's name from Teams (the directory's wins when it knows them).
   */
  async send(actor: Actor, input: SendFormInput, displayName: string): Promise<SendOutcome> {
    const { caseId, formId } = input;
    const c = await this.deps.cases.get(caseId);
    if (!this.deps.access.canSee(actor, c)) return { kind: 'not-found' };
    const form = this.buildForm(actor, c, formId ?? randomUUID());
    if ('kind' in form) return form;

    const parsed = parseSparringForm(input.values);
    if (!parsed.ok)
      return { kind: 'invalid', form, values: parsed.values, errors: parsed.errors, cprRefused: parsed.cprRefused, consentRefused: false };
    const values = parsed.value;
    const option = form.pools.find((p) => p.pool === values.pool);
    if (!option) {
      const errors = [{ field: 'pool', message: 'Den valgte gruppe findes ikke for sagens skole. Vælg en anden.' }];
      return { kind: 'invalid', form, values: echoOf(values), errors, cprRefused: false, consentRefused: false };
    }
    const consent = checkConsent({ childSpecific: form.childSpecific, pool: values.pool, parentsConsent: values.parentsConsent });
    if (consent) {
      return {
        kind: 'invalid',
        form,
        values: echoOf(values),
        errors: [{ field: 'parentsConsent', message: consent }],
        cprRefused: false,
        consentRefused: true,
      };
    }

    const lookup = this.deps.directory();
    const key = poolKeyFor(lookup, c.schoolId!, values.pool)!;
    const route = routeOf(lookup, key, c.tenantId);
    const now = this.clock();
    const name = lookup.person(actor.userId)?.displayName ?? (displayName.trim() || 'Ukendt lærer');
    const created = await this.deps.requests.create(
      {
        caseId: c.id,
        tenantId: c.tenantId,
        schoolId: c.schoolId!,
        pool: values.pool,
        poolOwner: key.owner,
        helpKinds: values.helpKinds,
        wishedTime: values.wishedTime,
        summary: values.summary,
        childSpecific: form.childSpecific,
        parentsConsent: values.parentsConsent,
        requestedBy: { aadId: actor.userId, name },
        formId,
      },
      async (trx, { request }) => {
        await enqueueRequest(this.deps.outbox, trx, request, route, now);
        await this.updates.teacherCopy(request, trx);
      },
    );
    const view = await this.visibility.viewOfRecord(actor, created.request, c);
    if (!view) throw new Error(`sparring: the sender cannot see request ${created.request.id}`);
    if (created.kind === 'exists') {
      // Made before: its group's copies were written with it; the teacher's copy too, but a
      // request stored before that was so may lack it. Keyed by the request, so never twice.
      await this.updates.teacherCopy(created.request);
      return { kind: 'already-sent', view };
    }
    return { kind: 'sent', view, audience: route.audience, recipients: route.recipients.length };
  }
}

/** The case's answers, read by the one reader of stored intakes (see cases/stored-intake.ts). */
function intakeOf(c: CaseRecord): Intake {
  return storedIntake(c);
}

function rank(preferred: SparringPool[], pool: SparringPool): number {
  const i = preferred.indexOf(pool);
  return i < 0 ? preferred.length + SPARRING_POOLS.indexOf(pool) : i;
}

/** Parsed form values back as card values (for the form shown again). */
function echoOf(values: SparringFormValues): Record<string, string> {
  return {
    pool: values.pool,
    helpKinds: values.helpKinds.join(','),
    wishedTime: values.wishedTime,
    summary: values.summary,
    parentsConsent: values.parentsConsent === null ? '' : String(values.parentsConsent),
  };
}
