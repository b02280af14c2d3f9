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
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { invokedDirectly } from './invoked.js';
import { fileURLToPath } from 'node:url';
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
 * others): the first teacher with a team, then that school's leaders and advisers, then anyone.
 * So the Playground's users have real roles: the teacher's concern reaches "their" leader.
 */
export function playgroundPeople(directory: Directory): PlaygroundPerson[] {
  const lookup = new DirectoryLookup(directory);
  const teacher = directory.people.find((p) => lookup.teamsOf(p.aadObjectId).length > 0) ?? directory.people[0];
  if (!teacher) throw new RangeError('Organisationsfilen har ingen personer: Playground kan ikke vise nogen brugere.');
  const schoolId = lookup.teamsOf(teacher.aadObjectId)[0]?.schoolId;
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
  /** Personal chat conversation id (default: a fresh one). */
  personalChatId?: string;
}

/** The Playground's context file (`.m365agentsplayground.yml`, schema 0.1.1) as YAML text. */
export function playgroundConfigYaml(options: PlaygroundConfigOptions = {}): string {
  const current = options.currentUser ?? 0;
  const people = options.directory ? playgroundPeople(options.directory) : PLAYGROUND_PEOPLE;
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
  let config: Readonly<Config>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
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
    try {
      directory = loadDirectory(config.directoryFile);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    writeFileSync(configPath, playgroundConfigYaml({ directory }));
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));

  const bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO_ROOT, stdio: 'inherit', env: process.env });
  children.push(bot);
  const exited = (child: ChildProcess) =>
    new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  const botExit = exited(bot);

  const botUrl = `http://127.0.0.1:${config.port}`;
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
    [playgroundCliPath(), ...playgroundStartArgs(`${botUrl}/api/messages`, playgroundPort, config.bot)],
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
        `\nIndsatsguiden kører i Agents Playground: http://localhost:${listening[1]}\n` +
          `(bot: ${botUrl}/api/messages, data: ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}). Stop med Ctrl-C.\n\n`,
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
