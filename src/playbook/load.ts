/**
 * Loads and validates a playbook file (JSON or YAML) at start-up. A municipality swaps the file,
 * not the code (docs/README.md, "Når en kommunes handleguide ændres"). An invalid file stops the
 * process with a Danish message naming the file and every bad path.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { describeYamlError } from '../domain/yaml-errors.js';
import { parsePlaybook, type Playbook } from '../domain/playbook.js';

/** The default playbook (Haderslev, seed 003), resolved from the repository root. */
export const DEFAULT_PLAYBOOK_FILE = fileURLToPath(new URL('../../config/playbook.json', import.meta.url));

export class PlaybookError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Playbooken ${file} er ugyldig:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PlaybookError';
  }
}

/**
 * Parses the text of a playbook file. JSON is read as YAML (YAML 1.2 is a superset of JSON), so
 * both formats share one path, and a duplicated key is an error in either.
 */
export function parsePlaybookText(text: string, file = '(tekst)'): Playbook {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0)
    throw new PlaybookError(
      file,
      doc.errors.map((e) => describeYamlError(e, 'JSON/YAML')),
    );
  const parsed = parsePlaybook(doc.toJS());
  if (!parsed.ok) throw new PlaybookError(file, parsed.errors);
  return parsed.value;
}

/** Reads and validates a playbook file; throws a PlaybookError naming the file and every bad path. */
export function loadPlaybook(path: string = DEFAULT_PLAYBOOK_FILE): Playbook {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'filen findes ikke' : (error as Error).message;
    throw new PlaybookError(path, [`Playbooken kunne ikke læses: ${reason}`]);
  }
  return parsePlaybookText(text, path);
}

let cached: Playbook | undefined;

/** The default playbook, read and validated once. */
export function defaultPlaybook(): Playbook {
  cached ??= loadPlaybook();
  return cached;
}
