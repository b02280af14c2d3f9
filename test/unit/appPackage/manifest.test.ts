import { manifestCommandLists } from '../../../src/cards/index.js';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAppPackage,
  bundledManifestVersions,
  EXIT_INVALID_ENVIRONMENT,
  EXIT_INVALID_PACKAGE,
  findPlaceholders,
  manifestSchemaUrl,
  PackageError,
  resolvePlaceholderValues,
  substitutePlaceholders,
  validateManifest,
} from '../../../src/appPackage/package.js';
import { encodeIcon, ICON_SIZES } from '../../../src/appPackage/icons.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const appPackageDir = path.join(repoRoot, 'appPackage');

const SAMPLE_BOT_ID = '8c6f6e0d-3f0a-4b8e-9a52-2d1f4c7b9e10';
const SAMPLE_ENV = {
  BOT_ID: SAMPLE_BOT_ID,
  APP_WEBSITE_URL: 'https://www.kommune.dk/indsatsguiden',
  APP_PRIVACY_URL: 'https://www.kommune.dk/indsatsguiden/privatliv',
  APP_TERMS_URL: 'https://www.kommune.dk/indsatsguiden/vilkaar',
};

interface Command {
  title: string;
  description?: string;
}
interface ManifestTemplate {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  localizationInfo?: { defaultLanguageTag: string };
  name: { short: string; full?: string };
  description: { short: string; full: string };
  bots: Array<{
    botId: string;
    scopes: string[];
    supportsFiles?: boolean;
    isNotificationOnly?: boolean;
    commandLists: Array<{ scopes: string[]; commands: Command[] }>;
  }>;
  webApplicationInfo?: unknown;
}

let template: ManifestTemplate;

beforeAll(async () => {
  template = JSON.parse(await readFile(path.join(appPackageDir, 'manifest.json'), 'utf8')) as ManifestTemplate;
});

/** Expects `run` to throw a PackageError and returns it. */
function thrownPackageError(run: () => unknown): PackageError {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PackageError);
  return error as PackageError;
}

/** Expects a PackageError and returns it. */
async function packageError(promise: Promise<unknown>): Promise<PackageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PackageError);
  return error as PackageError;
}

describe('appPackage/manifest.json', () => {
  it('validates against the bundled Teams schema once the placeholders are filled', async () => {
    const manifest = substitutePlaceholders(template, SAMPLE_ENV);
    const errors = await validateManifest(manifest);
    expect(errors, `schema violations:\n${errors.join('\n')}`).toEqual([]);
  });

  it('uses the newest manifest schema bundled with @microsoft/app-manifest, with its $schema URL', async () => {
    const versions = await bundledManifestVersions();
    expect(versions.length).toBeGreaterThan(0);
    expect(template.manifestVersion, `bundled versions: ${versions.join(', ')}`).toBe(versions.at(-1));
    expect(template.$schema).toBe(manifestSchemaUrl(template.manifestVersion));
  });

  it('is rejected by the schema when it is wrong (the validation is not vacuous)', async () => {
    const manifest = substitutePlaceholders(template, SAMPLE_ENV);
    const broken = {
      ...manifest,
      accentColor: 'blå',
      description: { ...manifest.description, short: 'x'.repeat(81) },
      bots: [{ ...manifest.bots[0], botId: 'not-a-guid' }],
    };
    const errors = await validateManifest(broken);
    expect(errors.some((e) => e.startsWith('/accentColor'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/description/short'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/bots/0/botId'))).toBe(true);
  });

  it('takes the app id and the bot id from ${{BOT_ID}} and needs only the documented variables', () => {
    expect(template.id).toBe('${{BOT_ID}}');
    expect(template.bots[0]?.botId).toBe('${{BOT_ID}}');
    expect(findPlaceholders(template).sort()).toEqual(['APP_PRIVACY_URL', 'APP_TERMS_URL', 'APP_WEBSITE_URL', 'BOT_ID']);
    expect(template.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('describes the app in Danish within the limits Teams sets', () => {
    expect(template.localizationInfo?.defaultLanguageTag).toBe('da');
    expect(template.name).toEqual({ short: 'Indsatsguiden', full: 'Indsatsguiden – indsatstrappen i Teams' });
    expect(template.description.short.length).toBeLessThanOrEqual(80);
    expect(template.description.full.length).toBeLessThanOrEqual(4000);
    for (const word of ['indsatstrappen', 'Lærere', 'Skoleledere', 'Vejledere']) expect(template.description.full).toContain(word);
    expect(template.webApplicationInfo).toBeUndefined();
  });

  it("declares a conversational bot for personal chats and for teams (the advisers' channels), with its commands", () => {
    expect(template.bots).toHaveLength(1);
    const bot = template.bots[0];
    expect(bot?.scopes).toEqual(['personal', 'team']);
    expect(bot?.supportsFiles).toBe(false);
    expect(bot?.isNotificationOnly).toBe(false);
    // The command menu comes from the verb table (src/cards/verbs.ts): the typed commands, the help card and this list agree.
    expect(bot?.commandLists).toEqual(manifestCommandLists());
    expect(bot?.commandLists[0]?.commands.map((c) => c.title)).toEqual([
      'ny bekymring',
      'fortsæt',
      'annullér',
      'hjælp',
      'mine sager',
      'sager på skolen',
      'status',
      'mine anmodninger',
      'åbne anmodninger',
    ]);
    expect(bot?.commandLists[1]?.commands.map((c) => c.title)).toEqual(['hjælp', 'åbne anmodninger']);
    for (const list of bot?.commandLists ?? []) for (const c of list.commands) expect(c.description?.length).toBeLessThanOrEqual(128);
  });
});

describe('the environment', () => {
  const names = ['BOT_ID', 'APP_WEBSITE_URL', 'APP_PRIVACY_URL', 'APP_TERMS_URL'];

  it('accepts valid values (trimmed)', () => {
    expect(resolvePlaceholderValues(names, { ...SAMPLE_ENV, BOT_ID: ` ${SAMPLE_BOT_ID}\n` })).toEqual(SAMPLE_ENV);
  });

  it('names a missing BOT_ID in Danish, with exit code 2', () => {
    const { BOT_ID: _omitted, ...env } = SAMPLE_ENV;
    for (const value of [undefined, '', '   ']) {
      const packageError = thrownPackageError(() => resolvePlaceholderValues(names, { ...env, BOT_ID: value }));
      expect(packageError.exitCode).toBe(EXIT_INVALID_ENVIRONMENT);
      expect(packageError.problems).toEqual([expect.stringMatching(/^BOT_ID mangler: sæt den til bottens Microsoft App ID/)]);
      expect(packageError.message).toContain('miljøvariabler mangler eller er ugyldige');
    }
  });

  it('names an invalid BOT_ID and does not echo the value', () => {
    const error = thrownPackageError(() => resolvePlaceholderValues(names, { ...SAMPLE_ENV, BOT_ID: 'hemmelig-værdi' }));
    expect(error.exitCode).toBe(EXIT_INVALID_ENVIRONMENT);
    expect(error.problems).toEqual([expect.stringMatching(/^BOT_ID skal være et GUID/)]);
    expect(error.message).not.toContain('hemmelig-værdi');
  });

  it('lists every bad variable at once: a non-https URL, a missing URL and an unknown placeholder', () => {
    const error = thrownPackageError(() =>
      resolvePlaceholderValues([...names, 'TENANT_NAME'], {
        ...SAMPLE_ENV,
        APP_PRIVACY_URL: 'http://www.kommune.dk/privatliv',
        APP_TERMS_URL: undefined,
      }),
    );
    expect(error.problems).toEqual([
      expect.stringMatching(/^APP_PRIVACY_URL skal være en fuld https-adresse/),
      expect.stringMatching(/^APP_TERMS_URL mangler/),
      expect.stringMatching(/^TENANT_NAME mangler: den bruges i appPackage\/manifest\.json/),
    ]);
  });
});

describe('buildAppPackage', () => {
  let outDir: string | undefined;
  afterEach(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
    outDir = undefined;
  });

  it('writes indsatsguiden-<version>.zip with exactly manifest.json, color.png and outline.png', async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'appPackage-'));
    const result = await buildAppPackage({ appPackageDir, outDir, env: SAMPLE_ENV });
    expect(result.zipPath).toBe(path.join(outDir, `indsatsguiden-${template.version}.zip`));
    expect(await readdir(outDir)).toEqual([`indsatsguiden-${template.version}.zip`]);

    const zip = await JSZip.loadAsync(await readFile(result.zipPath));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const text = await zip.file('manifest.json')?.async('string');
    expect(text).toBeDefined();
    expect(text).not.toContain('${{');
    const manifest = JSON.parse(text ?? '{}') as ManifestTemplate & { developer: Record<string, string> };
    expect(manifest.id).toBe(SAMPLE_BOT_ID);
    expect(manifest.bots[0]?.botId).toBe(SAMPLE_BOT_ID);
    expect(manifest.developer.privacyUrl).toBe(SAMPLE_ENV.APP_PRIVACY_URL);
    expect(await validateManifest(manifest)).toEqual([]);

    for (const icon of ['color.png', 'outline.png']) {
      const zipped = await zip.file(icon)?.async('nodebuffer');
      expect(zipped?.equals(await readFile(path.join(appPackageDir, icon))), icon).toBe(true);
    }
  });

  it('refuses bad icons with exit code 1, naming every problem, and writes nothing', async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'appPackage-'));
    const iconDir = path.join(outDir, 'source');
    const zipDir = path.join(outDir, 'build');
    await mkdir(iconDir);
    await copyFile(path.join(appPackageDir, 'manifest.json'), path.join(iconDir, 'manifest.json'));
    const colour = await readFile(path.join(appPackageDir, 'color.png'));
    await writeFile(path.join(iconDir, 'color.png'), colour.subarray(0, colour.length - 100));
    const size = ICON_SIZES.outline;
    const outline = new Uint8Array(size * size * 4);
    outline.set([0, 120, 212, 255], (4 * size + 7) * 4);
    await writeFile(path.join(iconDir, 'outline.png'), encodeIcon({ width: size, height: size, data: outline }));

    const error = await packageError(buildAppPackage({ appPackageDir: iconDir, outDir: zipDir, env: SAMPLE_ENV }));
    expect(error.exitCode).toBe(EXIT_INVALID_PACKAGE);
    expect(error.message).toContain('Ikonerne til app-pakken er ikke i orden');
    expect(error.problems).toEqual([
      'color.png: PNG-filen er beskadiget (afkortet, forkert kontrolsum eller ugyldige billeddata) og kan ikke læses.',
      expect.stringMatching(/^outline\.png har 1 pixel, der hverken er hvide eller helt gennemsigtige \(første ved x=7, y=4\)/),
    ]);
    expect(await readdir(outDir)).toEqual(['source']);
  });

  it('writes nothing when BOT_ID is invalid, and says so naming BOT_ID', async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'appPackage-'));
    const error = await packageError(buildAppPackage({ appPackageDir, outDir, env: { ...SAMPLE_ENV, BOT_ID: '1234' } }));
    expect(error.exitCode).toBe(EXIT_INVALID_ENVIRONMENT);
    expect(error.message).toMatch(/BOT_ID skal være et GUID/);
    expect(await readdir(outDir)).toEqual([]);
  });
});

describe('npm run package (the CLI)', () => {
  it('exits with code 2 and a Danish message naming BOT_ID when it is missing', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(SAMPLE_ENV)) delete env[name];
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/package.ts')], {
      cwd: repoRoot,
      env: {
        ...env,
        APP_WEBSITE_URL: SAMPLE_ENV.APP_WEBSITE_URL,
        APP_PRIVACY_URL: SAMPLE_ENV.APP_PRIVACY_URL,
        APP_TERMS_URL: SAMPLE_ENV.APP_TERMS_URL,
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain('App-pakken kan ikke bygges');
    expect(run.stderr).toMatch(/- BOT_ID mangler/);
    expect(run.stderr).not.toMatch(/APP_(WEBSITE|PRIVACY|TERMS)_URL/);
  });
});
