/**
 * `npm run playground`: starts the bot (same environment as `npm start`) and Microsoft 365 Agents
 * Playground pointed at it, so a person can try Indsatsguiden in a Teams-like web page without a
 * tenant. Prints the Playground's address; Ctrl-C stops both.
 *
 * The Playground gets a generated context file instead of its built-in sample data: the tenant and
 * six people of the organisation directory (DIRECTORY_FILE, the example by default), so they have
 * their roles in the bot, and a team whose channel is one the directory names for an adviser group
 * of the current user's school (requests for sparring land there); the end-to-end tests use the
 * same file.
 * Telemetry is switched off. Environment: PLAYGROUND_PORT (default 56150) besides the bot's own.
 *
 * `--as NAME` makes any person in the directory the Playground's user (found by name, whatever the
 * case; no match or several: a Danish error listing the people). `--at 2027-01-14T07:25` starts the
 * bot's clock at that Copenhagen time, running on from there, so reminders and the digest can be
 * seen without waiting: passed to the bot as PLAYGROUND_CLOCK_START, which its configuration
 * refuses outside local anonymous playground mode (config.ts). Both the bot (PLAYGROUND=on) and the
 * Playground (loopback-preload.ts) listen on 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { invokedDirectly } from './invoked.js';
import { LOOPBACK } from './loopback.js';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { loadConfig, ConfigError, type Config } from '../config.js';
import { EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../directory/load.js';
import { DirectoryLookup } from '../directory/lookup.js';
import type { Directory } from '../directory/schema.js';

/** Fictional staff at a fictional school. Adults only: the Playground never needs a child's name. */
export interface PlaygroundPerson {
  id: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

const guid = (n: number) => `e2e0da7a-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export const PLAYGROUND_BOT = { id: guid(2), name: 'Indsatsguiden' } as const;

/** The Playground's one team (besides its General channel, whose id is the team's id, it has exactly one channel). */
export interface PlaygroundTeam {
  team: { id: string; name: string; aadGroupId: string };
  channel: { id: string; name: string };
}

/** When the directory names no channel for the person's school: a team of its own, reaching no group. */
const FALLBACK_TEAM: PlaygroundTeam = {
  team: { id: '19:team-4-aargang@thread.tacv2', name: '4. årgang – lærerteam', aadGroupId: guid(3) },
  channel: { id: '19:sparring-4-aargang@thread.tacv2', name: 'Sparring' },
};

/**
 * The team and channel the Playground shows a person: a channel the directory names for an adviser
 * group of the person's school (their own groups first, then PLC, then AKT), so requests for
 * sparring posted there appear in the Playground (it accepts a post to any channel id it knows). The
 * school is the first of the person's teams, schools led or school groups; none: the fallback team.
 */
export function playgroundTeam(directory: Directory, aadObjectId: string): PlaygroundTeam {
  const lookup = new DirectoryLookup(directory);
  const roles = lookup.rolesOf(aadObjectId);
  const ownPools = roles.adviserIn.flatMap((ref) => (ref.kind === 'school' ? [ref] : []));
  const schoolId = roles.teacherOf[0]?.schoolId ?? roles.leaderOf[0] ?? ownPools[0]?.schoolId;
  const school = schoolId ? lookup.school(schoolId) : undefined;
  if (!school) return FALLBACK_TEAM;
  const pools = [...ownPools.filter((ref) => ref.schoolId === school.id).map((ref) => ref.pool), 'plc' as const, 'akt' as const];
  for (const pool of pools) {
    const channel = lookup.poolChannel({ kind: 'school', schoolId: school.id, pool });
    if (channel) {
      return {
        team: { id: channel.teamId, name: `${school.name} – personale`, aadGroupId: guid(3) },
        channel: { id: channel.channelId, name: channel.name },
      };
    }
  }
  return FALLBACK_TEAM;
}

/**
 * Six people of the directory for the Playground (it wants one current user and exactly five
 * others): `first` (an AAD object id; by default the first teacher with a team), then that
 * person's school's leaders and advisers, then anyone. So the Playground's users have real roles:
 * the teacher's concern reaches "their" leader.
 */
export function playgroundPeople(directory: Directory, first?: string): PlaygroundPerson[] {
  const lookup = new DirectoryLookup(directory);
  const teacher =
    (first ? lookup.person(first) : undefined) ??
    directory.people.find((p) => lookup.teamsOf(p.aadObjectId).length > 0) ??
    directory.people[0];
  if (!teacher) throw new RangeError('Organisationsfilen har ingen personer: Playground kan ikke vise nogen brugere.');
  const roles = lookup.rolesOf(teacher.aadObjectId);
  const schoolId =
    lookup.teamsOf(teacher.aadObjectId)[0]?.schoolId ??
    roles.leaderOf[0] ??
    roles.adviserIn.flatMap((ref) => (ref.kind === 'school' ? [ref.schoolId] : []))[0];
  const school = schoolId ? lookup.school(schoolId) : undefined;
  const preferred = [teacher.aadObjectId, ...(school ? [...school.skoleledelse, ...school.plc.members, ...school.akt.members] : [])];
  const ordered = [...preferred.map((id) => lookup.person(id)).filter((p) => p !== undefined), ...directory.people];
  const unique = [...new Map(ordered.map((p) => [p.aadObjectId.toLowerCase(), p])).values()].slice(0, 6);
  if (unique.length < 6) throw new RangeError('Organisationsfilen skal have mindst seks personer for at Playground kan vise dem.');
  return unique.map((p) => {
    const [givenName = p.displayName, ...rest] = p.displayName.split(' ');
    const mail = p.email ?? `${p.displayName.toLowerCase().replace(/\s+/g, '.')}@kommune.example`;
    return {
      id: `29:${p.aadObjectId.toLowerCase()}`,
      aadObjectId: p.aadObjectId.toLowerCase(),
      givenName,
      surname: rest.join(' ') || givenName,
      email: mail,
    };
  });
}

const EXAMPLE = loadDirectory(EXAMPLE_DIRECTORY_FILE);
/** The example directory's tenant: `npm run playground` and the end-to-end tests act in it. */
export const PLAYGROUND_TENANT_ID = EXAMPLE.tenantId;
/**
 * The example directory's people as the Playground shows them: index 0 is the first teacher with a
 * team (Lise Bruun, Indskoling, also in PLC), then Fjordbakkeskolen's leaders and advisers (Mette
 * Kjær, teacher in 4.B and 5.A and the school's AKT adviser, is index 3).
 */
export const PLAYGROUND_PEOPLE: readonly PlaygroundPerson[] = Object.freeze(playgroundPeople(EXAMPLE));
const EXAMPLE_TEAM = playgroundTeam(EXAMPLE, PLAYGROUND_PEOPLE[0]!.aadObjectId);
/**
 * The team of the example directory's Playground for its default user (index 0): the team of a
 * Fjordbakkeskolen adviser group's channel. Another current user may get another channel of it.
 */
export const PLAYGROUND_TEAM: Readonly<PlaygroundTeam['team']> = Object.freeze(EXAMPLE_TEAM.team);
/** That team's channel besides General (index 0 is in PLC: "PLC – anmodninger"). */
export const PLAYGROUND_CHANNEL: Readonly<PlaygroundTeam['channel']> = Object.freeze(EXAMPLE_TEAM.channel);

export interface PlaygroundConfigOptions {
  /** The directory whose tenant and people the Playground uses (default: the example directory). */
  directory?: Directory;
  /** Index into PLAYGROUND_PEOPLE of the person using this Playground (default 0). */
  currentUser?: number;
  /** The AAD object id of the person using this Playground (`--as`); takes the place of `currentUser`. */
  currentPerson?: string;
  /** Personal chat conversation id (default: a fresh one). */
  personalChatId?: string;
}

/** The Playground's context file (`.m365agentsplayground.yml`, schema 0.1.1) as YAML text. */
export function playgroundConfigYaml(options: PlaygroundConfigOptions = {}): string {
  const current = options.currentPerson ? 0 : (options.currentUser ?? 0);
  const people = options.currentPerson
    ? playgroundPeople(options.directory ?? EXAMPLE, options.currentPerson)
    : options.directory
      ? playgroundPeople(options.directory)
      : PLAYGROUND_PEOPLE;
  const me = people[current];
  if (!me) throw new RangeError(`currentUser must be 0..${people.length - 1}`);
  const user = (p: PlaygroundPerson) => ({
    id: p.id,
    name: `${p.givenName} ${p.surname}`,
    userPrincipleName: p.email,
    aadObjectId: p.aadObjectId,
    givenName: p.givenName,
    surname: p.surname,
    email: p.email,
  });
  const { team, channel } = playgroundTeam(options.directory ?? EXAMPLE, me.aadObjectId);
  return YAML.stringify({
    version: '0.1.1',
    tenantId: options.directory?.tenantId ?? PLAYGROUND_TENANT_ID,
    bot: { ...PLAYGROUND_BOT },
    currentUser: user(me),
    users: people.filter((_, i) => i !== current).map(user),
    personalChat: { id: options.personalChatId ?? randomUUID() },
    groupChat: { id: randomUUID(), name: 'Klasseteam 4.B' },
    team: { ...team, channels: [{ ...channel }] },
  });
}

/** What `npm run playground -- …` was asked: whom to be, and where the bot's clock starts. */
export interface PlaygroundArgs {
  /** A person's name in the directory (`--as`). */
  as: string | null;
  /** A Copenhagen local time 'YYYY-MM-DDTHH:MM' (`--at`); checked by the bot's configuration. */
  at: string | null;
}

export class PlaygroundArgsError extends Error {
  override name = 'PlaygroundArgsError';
}

const USAGE = 'Brug: npm run playground -- [--as "Mette Kjær"] [--at 2027-01-14T07:25]';

/** Reads the command line after `npm run playground --`; unknown or incomplete options are a Danish error. */
export function parsePlaygroundArgs(argv: readonly string[]): PlaygroundArgs {
  let values: { as?: string; at?: string };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { as: { type: 'string' }, at: { type: 'string' } }, strict: true }));
  } catch (error) {
    const text = (error as Error).message;
    const option = /'([^']+)'/.exec(text)?.[1];
    throw new PlaygroundArgsError(
      /argument missing|requires? (an )?argument/i.test(text) && option
        ? `${option.split(' ')[0]} mangler en værdi. ${USAGE}`
        : `Ukendt argument${option ? ` ${option}` : ''}. ${USAGE}`,
    );
  }
  const as = values.as?.trim() ?? null;
  const at = values.at?.trim() ?? null;
  if (as === '') throw new PlaygroundArgsError(`--as mangler et navn. ${USAGE}`);
  if (at === '') throw new PlaygroundArgsError(`--at mangler et tidspunkt. ${USAGE}`);
  return { as, at };
}

/**
 * The person of the directory named `name` (`--as`), whatever the case: the one whose whole name
 * it is, or else the one whose name contains it. None or several: a Danish error listing the
 * people it could be.
 */
export function personNamed(directory: Directory, name: string): Directory['people'][number] {
  const wanted = name.trim().toLocaleLowerCase('da');
  const exact = directory.people.filter((p) => p.displayName.toLocaleLowerCase('da') === wanted);
  if (exact.length === 1) return exact[0]!;
  const matches = exact.length > 1 ? exact : directory.people.filter((p) => p.displayName.toLocaleLowerCase('da').includes(wanted));
  if (matches.length === 1) return matches[0]!;
  const list = (people: readonly { displayName: string }[]) => people.map((p) => `  - ${p.displayName}`).join('\n');
  if (matches.length === 0) {
    throw new PlaygroundArgsError(`Ingen i organisationsfilen hedder »${name.trim()}«. Vælg en af dem:\n${list(directory.people)}`);
  }
  throw new PlaygroundArgsError(`Flere i organisationsfilen passer på »${name.trim()}«. Skriv hele navnet på en af dem:\n${list(matches)}`);
}

/**
 * The bot's environment in the playground: playground mode (loopback only) and, with `--at`, the
 * clock's start. The bot's configuration decides whether that is allowed.
 */
export function playgroundBotEnv(env: NodeJS.ProcessEnv, args: PlaygroundArgs): NodeJS.ProcessEnv {
  return { ...env, PLAYGROUND: 'on', ...(args.at ? { PLAYGROUND_CLOCK_START: args.at } : {}) };
}

/** The Playground's CLI entry (run it with `node`, not through npx, so there is one process to stop). */
export function playgroundCliPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
}

/** Arguments for `agentsplayground start` against a bot endpoint. */
export function playgroundStartArgs(appEndpoint: string, port: number, bot: Config['bot'] = null): string[] {
  const args = ['start', '--app-endpoint', appEndpoint, '--channel-id', 'msteams', '--port', String(port), '--disable-telemetry'];
  if (bot) {
    args.push('--client-id', bot.appId, '--client-secret', bot.password);
    if (bot.tenantId) args.push('--tenant-id', bot.tenantId);
  }
  return args;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** tsx's loader, by its address: the Playground runs in a directory of its own, where `tsx` cannot be found by name. */
const TSX_LOADER = import.meta.resolve('tsx');
/** Preloaded into the Playground's process: its servers listen on 127.0.0.1 only. */
const LOOPBACK_PRELOAD = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'loopback-preload.ts')).href;

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`botten stoppede under opstart (exit ${child.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`botten svarede ikke på ${url} inden for ${timeoutMs / 1000} s`);
}

async function main(): Promise<number> {
  let args: PlaygroundArgs;
  let config: Readonly<Config>;
  let botEnv: NodeJS.ProcessEnv;
  try {
    args = parsePlaygroundArgs(process.argv.slice(2));
    // The bot's own configuration decides (and refuses --at with BOT_ID), before anything starts.
    botEnv = playgroundBotEnv(process.env, args);
    config = loadConfig(botEnv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PlaygroundArgsError) {
      const fromAt = error instanceof ConfigError && error.problems.some((p) => p.startsWith('PLAYGROUND_CLOCK_START'));
      process.stderr.write(`${error.message}\n${fromAt ? '(--at sætter PLAYGROUND_CLOCK_START for botten.)\n' : ''}`);
      return 2;
    }
    throw error;
  }
  const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
  if (!Number.isInteger(playgroundPort) || playgroundPort < 1 || playgroundPort > 65535) {
    process.stderr.write('PLAYGROUND_PORT: skal være et portnummer (1–65535)\n');
    return 2;
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'indsatsguiden-playground-'));
  const configPath = process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? path.join(work, 'playground.yml');
  if (!process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH) {
    let directory: Directory;
    let currentPerson: string | undefined;
    try {
      directory = loadDirectory(config.directoryFile);
      currentPerson = args.as ? personNamed(directory, args.as).aadObjectId : undefined;
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    writeFileSync(configPath, playgroundConfigYaml({ directory, currentPerson }));
  } else if (args.as) {
    process.stderr.write('--as virker ikke sammen med M365_AGENTS_PLAYGROUND_CONFIG_PATH (kontekstfilen bestemmer brugeren).\n');
    return 2;
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));

  const bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO_ROOT, stdio: 'inherit', env: botEnv });
  children.push(bot);
  const exited = (child: ChildProcess) =>
    new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  const botExit = exited(bot);

  const botUrl = `http://${config.host}:${config.port}`;
  try {
    await waitForReady(`${botUrl}/readyz`, bot, 60_000);
  } catch (error) {
    if (stopping) return botExit;
    process.stderr.write(`Indsatsguiden kunne ikke starte: ${(error as Error).message}\n`);
    stopAll('SIGTERM');
    await botExit;
    return 1;
  }
  if (stopping) return botExit;

  const playground = spawn(
    process.execPath,
    // Listens on 127.0.0.1 only: the Playground has no option for its address (loopback.ts).
    [
      '--import',
      TSX_LOADER,
      '--import',
      LOOPBACK_PRELOAD,
      playgroundCliPath(),
      ...playgroundStartArgs(`${botUrl}/api/messages`, playgroundPort, config.bot),
    ],
    {
      cwd: work, // the Playground writes devTools/ into its working directory
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(work, 'playground.log'),
      },
    },
  );
  children.push(playground);
  const playgroundExit = exited(playground);
  playground.stdout?.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    const listening = /Listening on (\d+)/.exec(chunk.toString());
    if (listening) {
      process.stdout.write(
        `\nIndsatsguiden kører i Agents Playground: http://${LOOPBACK}:${listening[1]}\n` +
          `(bot: ${botUrl}/api/messages, data: ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}` +
          `${config.clockStart ? `, bottens ur startede ${args.at} og går videre derfra` : ''}). Stop med Ctrl-C.\n\n`,
      );
    }
  });

  // Whichever stops first (Ctrl-C or a crash), stop the other too.
  const first = await Promise.race([botExit, playgroundExit]);
  if (!stopping) stopAll('SIGTERM');
  await Promise.all([botExit, playgroundExit]);
  return stopping ? 0 : first;
}

if (invokedDirectly(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
