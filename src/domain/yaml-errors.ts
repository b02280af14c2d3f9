/**
 * One Danish line for a syntax error in a configuration file read as YAML (the organisation
 * directory and the playbook): where it is, and what is wrong. Both loaders report their files'
 * problems the same way, so the wording is kept here once.
 */
import type { YAMLError } from 'yaml';

/** "linje 2, kolonne 3: …"; `format` names what the file should have been (e.g. "YAML", "JSON/YAML"). */
export function describeYamlError(error: YAMLError, format: string): string {
  const pos = error.linePos?.[0];
  const where = pos ? `linje ${pos.line}, kolonne ${pos.col}` : 'ukendt sted';
  if (error.code === 'DUPLICATE_KEY') return `${where}: den samme nøgle står mere end én gang`;
  const detail = error.message.split('\n')[0] ?? error.message;
  return `${where}: filen er ikke gyldig ${format} (${detail})`;
}
