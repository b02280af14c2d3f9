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
import { SparringService } from '../../../src/sparring/sparring.service.js';

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

/** Card data of a filled-in request form. */
export function formData(caseId: string, formId: string, values: Record<string, unknown> = {}): Record<string, unknown> {
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
