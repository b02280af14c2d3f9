/**
 * Shared set-up of the sparring tests: the example directory (Fjordby Kommune), its people as
 * actors, intakes that put a case on the steps `sparring-plc` and `sparring-ekstern`, and a
 * service wired to a database.
 */
import { CaseAccess } from '../../../src/access/case-access.js';
import { CaseRepository, type CaseRecord } from '../../../src/cases/case.repository.js';
import type { Actor } from '../../../src/domain/actor.js';
import type { Database } from '../../../src/db/database.js';
import { EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../../../src/directory/load.js';
import { DirectoryLookup } from '../../../src/directory/lookup.js';
import { OutboxRepository } from '../../../src/dispatch/outbox.repository.js';
import type { Intake } from '../../../src/domain/intake.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { SparringRepository } from '../../../src/sparring/sparring.repository.js';
import {
  SparringService,
  type ClaimOutcome,
  type SendFormInput,
  type SendOutcome,
  type TransitionOutcome,
} from '../../../src/sparring/sparring.service.js';
import type { Parsed } from '../../../src/bot/input.js';
import type { CardData } from '../../../src/bot/reply.js';
import { forwardOf, notedOf, requestCardOf, sendFormOf } from '../../../src/bot/sparring.input.js';

export const lookup = new DirectoryLookup(loadDirectory(EXAMPLE_DIRECTORY_FILE));
export const TENANT = lookup.directory.tenantId;
export const playbook = defaultPlaybook();

function idOf(name: string): string {
  const id = lookup.personNamed(name);
  if (!id) throw new Error(`${name} is not in the example directory`);
  return id;
}

/** People of the example directory (AAD ids in lower case, as Teams sends them). */
export const PEOPLE = {
  /** Teacher in 4.B and Indskoling, Fjordbakkeskolen. */
  anders: idOf('Anders Skov'),
  /** Teacher in 4.B and 5.A, and AKT adviser, Fjordbakkeskolen. */
  mette: idOf('Mette Kjær'),
  /** PLC adviser, Fjordbakkeskolen (member of the Indskoling team). */
  lise: idOf('Lise Bruun'),
  /** Leaders of Fjordbakkeskolen. */
  hanne: idOf('Hanne Lykke'),
  per: idOf('Per Damgaard'),
  /** District Nord: practice adviser; the advisory team (with a channel); family services. */
  ulla: idOf('Ulla Mikkelsen'),
  niels: idOf('Niels Thorsen'),
  signe: idOf('Signe Mortensen'),
  bente: idOf('Bente Kristiansen'),
  /** Leader of Nørre Strand Skole (same district, another school). */
  karen: idOf('Karen Winther'),
  /** PLC and AKT of Nørre Strand Skole. */
  soeren: idOf('Søren Bech'),
  /** PLC of Sydhavnsskolen (district Syd). */
  tina: idOf('Tina Østergaard'),
} as const;

export type Person = keyof typeof PEOPLE;

export const actor = (who: Person, tenantId: string = TENANT): Actor => ({ tenantId, userId: PEOPLE[who] });

/** The channel of PLC – Fjordbakkeskolen and of Det rådgivende team – Distrikt Nord. */
export const PLC_CHANNEL_KEY = 'conv:19:fjordbakke-plc@thread.tacv2';
export const RAADGIVENDE_CHANNEL_KEY = 'conv:19:nord-raadgivende-team@thread.tacv2';
export const personalKey = (who: Person) => `user:${TENANT}:${PEOPLE[who]}`;

const childConcern: Intake = {
  description: 'Uro i timerne',
  scope: 'barn',
  areas: ['trivsel', 'socialt'],
  safety: [],
  data: ['observationer'],
  childPerspective: true,
  teamDiscussed: true,
  plan: 'barn',
  parents: 'inddraget',
  planEvaluated: 'delvist',
  tried: ['co-teaching'],
};

export const INTAKES = {
  /** A child; the step is `sparring-plc`. */
  sparringPlc: { ...childConcern, advisers: [] } satisfies Intake,
  /** A child, PLC tried; the step is `sparring-ekstern`; the parents have not consented. */
  sparringEkstern: { ...childConcern, advisers: ['plc'], adviserEffect: 'delvist', consents: [] } satisfies Intake,
  /** A class; the step is `sparring-plc`. */
  community: { ...childConcern, scope: 'faellesskab', plan: 'faellesskab', advisers: [] } satisfies Intake,
};

export interface CaseOptions {
  owner?: Person;
  schoolId?: string | null;
  teamId?: string | null;
  intake?: Intake;
  pseudonym?: string;
  tenantId?: string;
}

/** A case of Anders Skov in 4.B at Fjordbakkeskolen (unless told otherwise). */
export async function makeCase(cases: CaseRepository, opts: CaseOptions = {}): Promise<CaseRecord> {
  const created = await cases.create({
    tenantId: opts.tenantId ?? TENANT,
    ownerAadId: PEOPLE[opts.owner ?? 'anders'],
    schoolId: opts.schoolId === undefined ? 'fjordbakke' : opts.schoolId,
    teamId: opts.teamId === undefined ? '4b' : opts.teamId,
  });
  const updated = await cases.withLockedCase(created.id, (_c, tx) =>
    tx.update(created.id, { intake: opts.intake ?? INTAKES.sparringPlc, pseudonym: opts.pseudonym ?? 'A.B., 4.B' }),
  );
  return updated!;
}

export interface Wired {
  service: SparringService;
  cases: CaseRepository;
  requests: SparringRepository;
  outbox: OutboxRepository;
}

export function wire(database: Database, clock: () => Date = () => new Date()): Wired {
  const cases = new CaseRepository(database);
  const requests = new SparringRepository(database);
  const outbox = new OutboxRepository(database);
  const service = new SparringService({
    cases,
    requests,
    access: new CaseAccess(() => lookup),
    directory: () => lookup,
    outbox,
    playbook,
    clock,
  });
  return { service, cases, requests, outbox };
}

/** A filled-in request form as its card sends it (card data, read by the bot's edge). */
export function formCard(caseId: string, formId: string, values: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caseId,
    formId,
    pool: 'plc',
    helpKinds: 'observation,teammoede',
    wishedTime: 'uge 50, gerne tirsdag',
    summary: 'A.B., 4.B. Uro i timerne og svært i frikvartererne.',
    parentsConsent: 'false',
    ...values,
  };
}

/** A filled-in request form as the service takes it (read from `formCard` by the bot's edge). */
export function formData(caseId: string, formId: string, values: Record<string, unknown> = {}): SendFormInput {
  const { caseId: _caseId, formId: _formId, ...rest } = formCard(caseId, formId, values);
  return { caseId, formId, values: rest };
}

type CardCommand = 'send' | 'claim' | 'release' | 'forward' | 'close' | 'reject';
const badRequest = (errors: string[]) => ({ kind: 'bad-request' as const, errors });

/** The service's card commands as the bot calls them: the card data read by the edge first. */
export type ViaEdge = Omit<SparringService, CardCommand> & {
  send(who: Actor, data: CardData, displayName: string): Promise<SendOutcome | ReturnType<typeof badRequest>>;
  claim(who: Actor, data: CardData, clicked?: string | null): Promise<ClaimOutcome | ReturnType<typeof badRequest>>;
  release(who: Actor, data: CardData, clicked?: string | null): Promise<TransitionOutcome | ReturnType<typeof badRequest>>;
  forward(who: Actor, data: CardData, clicked?: string | null): Promise<TransitionOutcome | ReturnType<typeof badRequest>>;
  close(who: Actor, data: CardData, clicked?: string | null): Promise<TransitionOutcome | ReturnType<typeof badRequest>>;
  reject(who: Actor, data: CardData, clicked?: string | null): Promise<TransitionOutcome | ReturnType<typeof badRequest>>;
};

/**
 * The service behind the bot's edge (src/bot/sparring.input.ts): card data that does not parse is
 * a bad request (with its Danish lines) and never reaches the service; the rest is the service's.
 */
export function viaEdge(service: SparringService): ViaEdge {
  const run = async <T, R>(input: Parsed<T>, call: (value: T) => Promise<R>) => (input.ok ? call(input.value) : badRequest(input.errors));
  const edged = Object.create(service) as ViaEdge;
  return Object.assign(edged, {
    send: (who: Actor, data: CardData, name: string) => run(sendFormOf(data), (i) => service.send(who, i, name)),
    claim: (who: Actor, data: CardData, clicked: string | null = null) => run(requestCardOf(data), (i) => service.claim(who, i, clicked)),
    release: (who: Actor, data: CardData, clicked: string | null = null) =>
      run(requestCardOf(data), (i) => service.release(who, i, clicked)),
    forward: (who: Actor, data: CardData, clicked: string | null = null) => run(forwardOf(data), (i) => service.forward(who, i, clicked)),
    close: (who: Actor, data: CardData, clicked: string | null = null) => run(notedOf(data), (i) => service.close(who, i, clicked)),
    reject: (who: Actor, data: CardData, clicked: string | null = null) => run(notedOf(data), (i) => service.reject(who, i, clicked)),
  });
}
