/**
 * `npm run triage -- FILE` (or `-` for standard input): reads one intake object or an array of
 * them as JSON and prints the result of `next` for each as JSON (an object for an object, an array
 * for an array). Invalid input: exit code 2 and a Danish message on standard error naming the
 * field (and the array index). The playbook is PLAYBOOK_FILE when set, else the default.
 * This is how municipalities, tests and reviewers check the rules without Teams.
 */
import { readFileSync } from 'node:fs';
import { parseIntake, type Intake } from '../domain/intake.js';
import { next } from '../domain/ladder.js';
import { invokedDirectly } from './invoked.js';
import { checkTried, type Playbook } from '../domain/playbook.js';
import type { NextResult } from '../domain/recommendation.js';
import { isPlainObject } from '../domain/values.js';
import { defaultPlaybook, loadPlaybook } from '../playbook/load.js';

export type TriageResult = { ok: true; output: string } | { ok: false; errors: string[] };

const USAGE = 'Brug: npm run triage -- FIL   (FIL er en JSON-fil med én intake eller en liste af intakes; "-" læser fra standard input)';

function readIntake(input: unknown, playbook: Playbook): { intake: Intake; errors: [] } | { intake: null; errors: string[] } {
  const parsed = parseIntake(input);
  if (!parsed.ok) return { intake: null, errors: parsed.errors };
  const errors = checkTried(parsed.value.tried, playbook);
  return errors.length > 0 ? { intake: null, errors } : { intake: parsed.value, errors: [] };
}

/** The whole command without its I/O: JSON text in, JSON text or Danish errors out. */
export function triage(text: string, playbook: Playbook): TriageResult {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`Input er ikke gyldig JSON: ${(error as Error).message}`] };
  }
  if (!Array.isArray(input) && !isPlainObject(input)) {
    return { ok: false, errors: ['Input skal være én intake (et JSON-objekt) eller en liste af intakes (et JSON-array).'] };
  }
  const items: unknown[] = Array.isArray(input) ? input : [input];
  const results: NextResult[] = [];
  const errors: string[] = [];
  items.forEach((item, index) => {
    const where = Array.isArray(input) ? `Element [${index}]: ` : '';
    if (!isPlainObject(item)) {
      errors.push(`${where}en intake skal være et JSON-objekt`);
      return;
    }
    const read = readIntake(item, playbook);
    if (read.intake === null) errors.push(...read.errors.map((e) => where + e));
    else results.push(next(read.intake, playbook));
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, output: JSON.stringify(Array.isArray(input) ? results : results[0], null, 2) };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(args: string[]): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1) {
    console.error(USAGE);
    return 2;
  }
  let playbook: Playbook;
  try {
    playbook = process.env.PLAYBOOK_FILE ? loadPlaybook(process.env.PLAYBOOK_FILE) : defaultPlaybook();
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  let text: string;
  try {
    text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(`Filen ${file} kunne ikke læses: ${code === 'ENOENT' ? 'den findes ikke' : (error as Error).message}`);
    return 2;
  }
  const result = triage(text, playbook);
  if (!result.ok) {
    console.error(`Ugyldigt input (${file === '-' ? 'standard input' : file}):\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
    return 2;
  }
  process.stdout.write(`${result.output}\n`);
  return 0;
}

if (invokedDirectly(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
