import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { EXAMPLE_DIRECTORY_FILE } from '../../../src/directory/load.js';

/**
 * A fresh, mutable copy of the example directory as plain data (aliases resolved), before
 * validation. Loosely typed on purpose: the tests break it in ways the schema's types forbid.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function exampleData(): Record<string, any> {
  return parse(readFileSync(EXAMPLE_DIRECTORY_FILE, 'utf8')) as Record<string, unknown>;
}
