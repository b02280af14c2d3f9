/** The Danish line for a syntax error in a configuration file read as YAML (directory, playbook). */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { describeYamlError } from '../../../src/domain/yaml-errors.js';

const errorsOf = (text: string) => parseDocument(text, { uniqueKeys: true, prettyErrors: true }).errors;

describe('describeYamlError', () => {
  it('names where a key stands twice', () => {
    const [error] = errorsOf('a: 1\na: 2\n');
    expect(describeYamlError(error!, 'YAML')).toBe('linje 2, kolonne 1: den samme nøgle står mere end én gang');
  });

  it('names where the syntax breaks and what the file should have been', () => {
    const [error] = errorsOf('a: [1, 2\nb: 3\n');
    expect(describeYamlError(error!, 'JSON/YAML')).toMatch(/^linje \d+, kolonne \d+: filen er ikke gyldig JSON\/YAML \(.+\)$/);
  });
});
