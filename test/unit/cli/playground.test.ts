/**
 * `npm run playground` (issue 12, "Try it as anyone"): the command line (`--as NAME`, `--at TIME`),
 * finding the person by name in the directory, the Playground's context file for that person, the
 * bot's clock starting at the given time (and refused outside local anonymous playground mode,
 * through the validated configuration), and both processes listening on 127.0.0.1 only.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { configuredClock } from '../../../src/compose.js';
import { EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../../../src/directory/load.js';
import {
  PlaygroundArgsError,
  parsePlaygroundArgs,
  personNamed,
  playgroundBotEnv,
  playgroundConfigYaml,
} from '../../../src/cli/playground.js';
import { LOOPBACK, listenOnLoopbackOnly, loopbackListenArgs } from '../../../src/cli/loopback.js';
import { TEST_KEY } from '../../support/keys.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const GUID = '00000000-0000-4000-8000-000000000001';
const directory = loadDirectory(EXAMPLE_DIRECTORY_FILE);

describe('parsePlaygroundArgs', () => {
  it('reads --as and --at, and nothing is nothing', () => {
    expect(parsePlaygroundArgs([])).toEqual({ as: null, at: null });
    expect(parsePlaygroundArgs(['--as', 'Mette Kjær', '--at', '2027-01-14T07:25'])).toEqual({ as: 'Mette Kjær', at: '2027-01-14T07:25' });
    expect(parsePlaygroundArgs(['--as=hanne'])).toEqual({ as: 'hanne', at: null });
  });

  it('refuses an unknown option, a stray word and a missing value, in Danish with the usage', () => {
    expect(() => parsePlaygroundArgs(['--som', 'Mette'])).toThrow(/Ukendt argument --som\. Brug: npm run playground -- \[--as/);
    expect(() => parsePlaygroundArgs(['Mette'])).toThrow(PlaygroundArgsError);
    expect(() => parsePlaygroundArgs(['--as'])).toThrow(/--as mangler en værdi/);
    expect(() => parsePlaygroundArgs(['--at', ' '])).toThrow(/--at mangler et tidspunkt/);
  });
});

describe('personNamed (--as)', () => {
  it('finds a person by the whole name or a part of it, whatever the case', () => {
    expect(personNamed(directory, 'mette kjær').displayName).toBe('Mette Kjær');
    expect(personNamed(directory, 'HANNE').displayName).toBe('Hanne Lykke');
    expect(personNamed(directory, '  Lise Bruun ').displayName).toBe('Lise Bruun');
  });

  it('with no match, says so and lists everyone in the directory', () => {
    const error = (() => {
      try {
        personNamed(directory, 'Bodil');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(PlaygroundArgsError);
    expect(error?.message).toMatch(/^Ingen i organisationsfilen hedder »Bodil«\. Vælg en af dem:/);
    for (const person of directory.people) expect(error?.message).toContain(`  - ${person.displayName}`);
  });

  it('with several matches, lists those and asks for the whole name', () => {
    const several = directory.people.filter((p) => p.displayName.toLowerCase().includes('an'));
    expect(several.length).toBeGreaterThan(1);
    expect(() => personNamed(directory, 'an')).toThrow(/Flere i organisationsfilen passer på »an«\. Skriv hele navnet/);
    try {
      personNamed(directory, 'an');
    } catch (e) {
      const lines = (e as Error).message.split('\n').slice(1);
      expect(lines).toEqual(several.map((p) => `  - ${p.displayName}`));
    }
  });

  it("makes the person the Playground's user, with five colleagues of the person's school", () => {
    const hanne = personNamed(directory, 'hanne');
    const context = YAML.parse(playgroundConfigYaml({ directory, currentPerson: hanne.aadObjectId })) as {
      currentUser: { name: string; aadObjectId: string };
      users: { name: string }[];
    };
    expect(context.currentUser).toMatchObject({ name: 'Hanne Lykke', aadObjectId: hanne.aadObjectId.toLowerCase() });
    expect(context.users).toHaveLength(5);
    expect(context.users.map((u) => u.name)).toContain('Per Damgaard');
    expect(context.users.map((u) => u.name)).not.toContain('Hanne Lykke');
  });
});

describe('the bot in playground mode (--at, loopback)', () => {
  it('starts the clock at the given Copenhagen time, which then runs on', () => {
    const config = loadConfig(playgroundBotEnv({}, { as: null, at: '2027-01-14T07:25' }));
    expect(config.playground).toBe(true);
    expect(config.clockStart?.toISOString()).toBe('2027-01-14T06:25:00.000Z');
    let real = Date.parse('2026-12-06T18:00:00Z');
    const clock = configuredClock(config, () => real);
    expect(clock().toISOString()).toBe('2027-01-14T06:25:00.000Z');
    real += 6 * 60_000;
    expect(clock().toISOString()).toBe('2027-01-14T06:31:00.000Z');
    // In summer time, the same wall time is an hour earlier in UTC.
    expect(loadConfig({ PLAYGROUND: 'on', PLAYGROUND_CLOCK_START: '2027-06-14T07:25' }).clockStart?.toISOString()).toBe(
      '2027-06-14T05:25:00.000Z',
    );
    expect(configuredClock(loadConfig({}), () => real)().getTime()).toBe(real);
  });

  it('refuses --at with a bot registration, and outside playground mode, through the configuration', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return error instanceof ConfigError ? error.problems : [];
      }
      return [];
    };
    expect(
      refused({ ...playgroundBotEnv({}, { as: null, at: '2027-01-14T07:25' }), BOT_ID: GUID, BOT_PASSWORD: 'x', ENCRYPTION_KEY: TEST_KEY }),
    ).toEqual([expect.stringMatching(/^PLAYGROUND_CLOCK_START: bruges kun i lokal anonym tilstand/)]);
    expect(refused({ PLAYGROUND_CLOCK_START: '2027-01-14T07:25' })).toEqual([
      expect.stringMatching(/^PLAYGROUND_CLOCK_START: bruges kun af npm run playground -- --at/),
    ]);
    expect(refused({ PLAYGROUND: 'on', PLAYGROUND_CLOCK_START: '14-01-2027 07:25' })).toEqual([
      expect.stringMatching(/^PLAYGROUND_CLOCK_START: skal være et lokalt tidspunkt i København/),
    ]);
    expect(loadConfig({}).clockStart).toBeNull();
  });

  it('listens on loopback in playground mode even with a bot registration', () => {
    expect(loadConfig({ BOT_ID: GUID, BOT_PASSWORD: 'x', ENCRYPTION_KEY: TEST_KEY }).host).toBe('0.0.0.0');
    expect(loadConfig({ BOT_ID: GUID, BOT_PASSWORD: 'x', ENCRYPTION_KEY: TEST_KEY, PLAYGROUND: 'on' }).host).toBe('127.0.0.1');
  });

  it('npm run playground -- --at exits non-zero with the reason when BOT_ID is set; npm start refuses the clock outside the playground', () => {
    const run = (entry: string, args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const playground = run('src/cli/playground.ts', ['--at', '2027-01-14T07:25'], {
      BOT_ID: GUID,
      BOT_PASSWORD: 'x',
      ENCRYPTION_KEY: TEST_KEY,
      PORT: '0',
    });
    expect(playground.status).toBe(2);
    expect(playground.stderr).toContain('PLAYGROUND_CLOCK_START: bruges kun i lokal anonym tilstand');
    expect(playground.stderr).toContain('(--at sætter PLAYGROUND_CLOCK_START for botten.)');
    const unknown = run('src/cli/playground.ts', ['--as', 'Bodil'], { PORT: '0', DATA_DIR: '/nonexistent-never-used' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Ingen i organisationsfilen hedder »Bodil«');
    const bot = run('src/main.ts', [], { PLAYGROUND_CLOCK_START: '2027-01-14T07:25', PORT: '0' });
    expect(bot.status).toBe(2);
    expect(bot.stderr).toContain('PLAYGROUND_CLOCK_START: bruges kun af npm run playground -- --at');
  }, 60_000);
});

describe('loopback only (the Playground process)', () => {
  it('puts 127.0.0.1 into every form of listen(), and leaves pipes alone', () => {
    const cb = () => undefined;
    expect(loopbackListenArgs([56150, cb])).toEqual([56150, LOOPBACK, cb]);
    expect(loopbackListenArgs([56150, '0.0.0.0', 511, cb])).toEqual([56150, LOOPBACK, 511, cb]);
    expect(loopbackListenArgs([{ port: 56150 }, cb])).toEqual([{ port: 56150, host: LOOPBACK }, cb]);
    expect(loopbackListenArgs([cb])).toEqual([0, LOOPBACK, cb]);
    expect(loopbackListenArgs([])).toEqual([0, LOOPBACK]);
    expect(loopbackListenArgs(['/tmp/socket', cb])).toEqual(['/tmp/socket', cb]);
    expect(loopbackListenArgs([{ path: '/tmp/socket' }])).toEqual([{ path: '/tmp/socket' }]);
  });

  it('a server that asks for every interface gets 127.0.0.1', async () => {
    const restore = listenOnLoopbackOnly();
    const server = http.createServer();
    try {
      await new Promise<void>((resolve) => server.listen(0, resolve));
      expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      restore();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
