/**
 * Builds the Teams app package (the zip an administrator uploads to Teams):
 *
 *   appPackage/manifest.json  ── ${{NAME}} placeholders filled from the environment (zod-checked)
 *                             ── validated against the Teams manifest JSON schema that ships with
 *                                @microsoft/app-manifest (no network)
 *   appPackage/color.png      ── 192×192
 *   appPackage/outline.png    ── 32×32, only white and transparent pixels (the rules: icons.ts)
 *        │
 *        ▼
 *   appPackage/build/indsatsguiden-<version>.zip  (manifest.json, color.png, outline.png at the root)
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import JSZip from 'jszip';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { z } from '../domain/zod.js';
import { checkIcon, type IconKind } from './icons.js';

/** The files of the package, in the order they are zipped. */
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;

/** `${{NAME}}` as Teams Toolkit writes it; NAME is an environment variable name. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Exit codes of `npm run package`. */
export const EXIT_INVALID_ENVIRONMENT = 2;
export const EXIT_INVALID_PACKAGE = 1;

export class PackageError extends Error {
  override name = 'PackageError';
  constructor(
    readonly heading: string,
    readonly problems: string[],
    readonly exitCode: number,
  ) {
    super([heading, ...problems.map((p) => `  - ${p}`)].join('\n'));
  }
}

// ---------------------------------------------------------------------------------------------
// Placeholders and the environment

/** Calls `visit` on every string in a JSON value (object keys are left alone). */
function mapStrings(value: unknown, visit: (s: string) => string): unknown {
  if (typeof value === 'string') return visit(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, visit));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, visit)]));
  }
  return value;
}

/** The distinct placeholder names used in the string values of a JSON document, in order of appearance. */
export function findPlaceholders(json: unknown): string[] {
  const names = new Set<string>();
  mapStrings(json, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) if (m[1]) names.add(m[1]);
    return s;
  });
  return [...names];
}

/** Replaces every `${{NAME}}` in the string values of a JSON document. Unknown names throw. */
export function substitutePlaceholders<T>(json: T, values: Readonly<Record<string, string>>): T {
  return mapStrings(json, (s) =>
    s.replace(PLACEHOLDER, (_whole, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`No value for placeholder ${name}`);
      return value;
    }),
  ) as T;
}

const httpsUrl = (example: string) =>
  z.url({
    protocol: /^https$/,
    hostname: z.regexes.domain,
    error: `skal være en fuld https-adresse, fx ${example}.`,
  });

/**
 * What each known variable is and what its value must look like. A placeholder not listed here
 * only has to be set (non-empty).
 */
export const KNOWN_VARIABLES: Record<string, { meaning: string; schema: z.ZodType<string, string> }> = {
  BOT_ID: {
    meaning: 'bottens Microsoft App ID fra Azure Bot-registreringen (et GUID)',
    schema: z.guid({ error: 'skal være et GUID som 8c6f6e0d-3f0a-4b8e-9a52-2d1f4c7b9e10 (bottens Microsoft App ID).' }),
  },
  APP_WEBSITE_URL: {
    meaning: 'https-adressen til siden med support og information om appen',
    schema: httpsUrl('https://www.kommune.dk/indsatsguiden'),
  },
  APP_PRIVACY_URL: {
    meaning: 'https-adressen til privatlivspolitikken (kommunens databeskyttelsesinformation)',
    schema: httpsUrl('https://www.kommune.dk/indsatsguiden/privatliv'),
  },
  APP_TERMS_URL: {
    meaning: 'https-adressen til vilkårene for brug af appen',
    schema: httpsUrl('https://www.kommune.dk/indsatsguiden/vilkaar'),
  },
};

/**
 * Reads the value of every named placeholder from the environment. Throws a PackageError (exit
 * code 2) naming each variable that is missing or invalid; values are never echoed back.
 */
export function resolvePlaceholderValues(
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const shape = Object.fromEntries(
    names.map((name) => {
      const known = KNOWN_VARIABLES[name];
      const missing = known
        ? `mangler: sæt den til ${known.meaning}.`
        : 'mangler: den bruges i appPackage/manifest.json og skal have en værdi.';
      const present = z.string({ error: missing }).trim().min(1, { error: missing });
      return [name, known ? present.pipe(known.schema) : present];
    }),
  );
  const result = z.object(shape).safeParse(Object.fromEntries(names.map((n) => [n, env[n]])));
  if (result.success) return result.data as Record<string, string>;

  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '');
    if (!problems.has(name)) problems.set(name, `${name} ${issue.message}`);
  }
  throw new PackageError(
    'App-pakken kan ikke bygges, fordi disse miljøvariabler mangler eller er ugyldige:',
    names.filter((n) => problems.has(n)).map((n) => problems.get(n) ?? n),
    EXIT_INVALID_ENVIRONMENT,
  );
}

// ---------------------------------------------------------------------------------------------
// Schema validation

const require = createRequire(import.meta.url);

/** Folder of the Teams manifest schemas bundled with @microsoft/app-manifest (one v<version> folder each). */
export function bundledTeamsSchemaDir(): string {
  return path.join(path.dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams');
}

/** The manifest versions whose schema is bundled, numeric ones sorted ascending (vDevPreview left out). */
export async function bundledManifestVersions(): Promise<string[]> {
  const entries = await readdir(bundledTeamsSchemaDir(), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && /^v\d+\.\d+$/.test(e.name))
    .map((e) => e.name.slice(1))
    .sort((a, b) => {
      const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
      const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
      return aMajor - bMajor || aMinor - bMinor;
    });
}

/** The bundled JSON schema for one manifest version (e.g. "1.30"). */
export async function loadManifestSchema(manifestVersion: string): Promise<Record<string, unknown>> {
  const versions = await bundledManifestVersions();
  if (!versions.includes(manifestVersion)) {
    throw new PackageError(
      'appPackage/manifest.json kan ikke valideres:',
      [`manifestVersion "${manifestVersion}" har intet skema i @microsoft/app-manifest (findes: ${versions.join(', ')}).`],
      EXIT_INVALID_PACKAGE,
    );
  }
  const file = path.join(bundledTeamsSchemaDir(), `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  // The same clean-up @microsoft/app-manifest applies: some schema regexes use \a and \v, which
  // JavaScript's RegExp (unicode mode) rejects.
  const text = (await readFile(file, 'utf8')).replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(text) as Record<string, unknown>;
}

/** The canonical `$schema` URL of a manifest version. */
export function manifestSchemaUrl(manifestVersion: string): string {
  return `https://developer.microsoft.com/en-us/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`;
}

/**
 * Validates a (placeholder-free) manifest against the bundled schema of its `manifestVersion`,
 * with the Ajv set-up of @microsoft/app-manifest (draft-04 or 2020-12, as the schema declares).
 * Returns one line per schema violation; empty when the manifest is valid.
 */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  const head = z.object({ manifestVersion: z.string() }).safeParse(manifest);
  if (!head.success) return ['/manifestVersion mangler eller er ikke en tekst.'];
  const schema = await loadManifestSchema(head.data.manifestVersion);
  type Manifest = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
  type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  return AppManifestUtils.validateAgainstSchema(manifest as Manifest, schema as unknown as Schema);
}

// ---------------------------------------------------------------------------------------------
// The package

/** The fields of a validated manifest that packaging reads. */
const packagedManifest = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+$/, {
    error: 'version skal være et versionsnummer som 1.0.0 (major.minor.patch).',
  }),
  icons: z.object({ color: z.string(), outline: z.string() }),
});

export interface BuildOptions {
  /** Folder with manifest.json, color.png and outline.png. */
  appPackageDir: string;
  /** Where the zip goes (created if missing). Default: <appPackageDir>/build. */
  outDir?: string;
  /** The variables for the placeholders; normally process.env. */
  env: Readonly<Record<string, string | undefined>>;
}

export interface BuildResult {
  zipPath: string;
  /** The manifest as written into the zip. */
  manifest: Record<string, unknown>;
  /** The placeholder names that were filled. */
  variables: string[];
}

/**
 * Fills, validates and zips the app package. Throws PackageError with every problem found:
 * exit code 2 for the environment, 1 for the manifest or the icons.
 */
export async function buildAppPackage(options: BuildOptions): Promise<BuildResult> {
  const { appPackageDir, env } = options;
  const outDir = options.outDir ?? path.join(appPackageDir, 'build');
  const manifestFile = path.join(appPackageDir, 'manifest.json');

  let template: unknown;
  try {
    template = JSON.parse(await readFile(manifestFile, 'utf8'));
  } catch (error) {
    throw new PackageError(
      `${manifestFile} kan ikke læses:`,
      [error instanceof Error ? error.message : String(error)],
      EXIT_INVALID_PACKAGE,
    );
  }

  const variables = findPlaceholders(template);
  const values = resolvePlaceholderValues(variables, env);
  const manifest = substitutePlaceholders(template, values) as Record<string, unknown>;

  const schemaErrors = await validateManifest(manifest);
  if (schemaErrors.length > 0) {
    throw new PackageError(
      'manifest.json overholder ikke Teams-skemaet (efter udfyldning af miljøvariablerne):',
      schemaErrors,
      EXIT_INVALID_PACKAGE,
    );
  }
  const fields = packagedManifest.safeParse(manifest);
  if (!fields.success) {
    throw new PackageError(
      'manifest.json er ugyldig:',
      fields.error.issues.map((i) => i.message),
      EXIT_INVALID_PACKAGE,
    );
  }

  // Teams reads the icons from the root of the zip, so the manifest must name plain file names.
  const problems: string[] = [];
  const icons: Array<{ kind: IconKind; name: string }> = [
    { kind: 'color', name: fields.data.icons.color },
    { kind: 'outline', name: fields.data.icons.outline },
  ];
  const iconData = new Map<string, Buffer>();
  for (const { kind, name } of icons) {
    if (name !== `${kind}.png`) {
      problems.push(`icons.${kind} skal være "${kind}.png" (filen i appPackage/), ikke "${name}".`);
      continue;
    }
    let png: Buffer;
    try {
      png = await readFile(path.join(appPackageDir, name));
    } catch {
      problems.push(`${name} findes ikke i ${appPackageDir}.`);
      continue;
    }
    problems.push(...checkIcon(kind, name, png));
    iconData.set(name, png);
  }
  if (problems.length > 0) {
    throw new PackageError('Ikonerne til app-pakken er ikke i orden:', problems, EXIT_INVALID_PACKAGE);
  }

  const zip = new JSZip();
  // A fixed timestamp makes the zip reproducible: same inputs, same bytes.
  const date = new Date(Date.UTC(2024, 0, 1));
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const [name, png] of iconData) zip.file(name, png, { date });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });

  await mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, `indsatsguiden-${fields.data.version}.zip`);
  await writeFile(zipPath, bytes);
  return { zipPath, manifest, variables };
}
