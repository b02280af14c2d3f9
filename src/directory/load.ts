/**
 * Reads the organisation directory (YAML or JSON, by the file's extension), validates it, and
 * keeps it reloadable without a restart. At start-up an invalid file stops the process with a
 * Danish message naming the file and every bad entry; a reload of an invalid file keeps the
 * directory in use and returns the problems instead.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { describeYamlError } from '../domain/yaml-errors.js';
import { DirectoryLookup } from './lookup.js';
import { parseDirectory, type Directory } from './schema.js';

/** The example directory of the fictional Fjordby Kommune, resolved from the repository root. */
export const EXAMPLE_DIRECTORY_FILE = fileURLToPath(new URL('../../config/directory.example.yaml', import.meta.url));

export class DirectoryError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Organisationsfilen ${file} er ugyldig (${problems.length} fejl):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DirectoryError';
  }
}

type Format = 'yaml' | 'json';

function formatOf(file: string): Format | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  return undefined;
}

/** Parses the text of a directory file; throws a DirectoryError naming `file` and every bad entry. */
export function parseDirectoryText(text: string, format: Format, file = '(tekst)'): Directory {
  let data: unknown;
  if (format === 'json') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new DirectoryError(file, [`filen er ikke gyldig JSON (${(error as Error).message})`]);
    }
  } else {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    if (doc.errors.length > 0)
      throw new DirectoryError(
        file,
        doc.errors.map((e) => describeYamlError(e, 'YAML')),
      );
    data = doc.toJS();
  }
  const parsed = parseDirectory(data);
  if (!parsed.ok) throw new DirectoryError(file, parsed.errors);
  return parsed.value;
}

/** Reads and validates a directory file (.yaml, .yml or .json). */
export function loadDirectory(path: string): Directory {
  const format = formatOf(path);
  if (!format) throw new DirectoryError(path, ['ukendt filtype – organisationsfilen skal ende på .yaml, .yml eller .json']);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'filen findes ikke' : (error as Error).message;
    throw new DirectoryError(path, [`filen kunne ikke læses: ${reason}`]);
  }
  return parseDirectoryText(text, format, path);
}

export type ReloadResult = { ok: true; directory: Directory } | { ok: false; errors: string[]; message: string };

/**
 * The directory in use, reloadable without a restart. The constructor loads the file and throws
 * when it is invalid (the bot refuses to start); `reload()` never throws: on a bad file it keeps
 * the directory in use and returns the problems.
 */
export class DirectoryStore {
  private directory: Directory;
  private index: DirectoryLookup;

  constructor(readonly path: string) {
    this.directory = loadDirectory(path);
    this.index = new DirectoryLookup(this.directory);
  }

  current(): Directory {
    return this.directory;
  }

  /** The lookup over the current directory (rebuilt on each successful reload). */
  lookup(): DirectoryLookup {
    return this.index;
  }

  reload(): ReloadResult {
    try {
      const next = loadDirectory(this.path);
      this.directory = next;
      this.index = new DirectoryLookup(next);
      return { ok: true, directory: next };
    } catch (error) {
      if (error instanceof DirectoryError) return { ok: false, errors: error.problems, message: error.message };
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, errors: [message], message };
    }
  }
}
