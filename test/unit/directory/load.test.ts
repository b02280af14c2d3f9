import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DirectoryError, DirectoryStore, EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../../../src/directory/load.js';
import { exampleData } from './support.js';

const UNKNOWN = '00000000-0000-4000-8000-00000000dead';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'directory-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function thrown(fn: () => unknown): DirectoryError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DirectoryError) return error;
    throw error;
  }
  throw new Error('expected a DirectoryError');
}

describe('loadDirectory', () => {
  it('loads the example YAML file', () => {
    const directory = loadDirectory(EXAMPLE_DIRECTORY_FILE);
    expect(directory.schools.map((s) => s.district)).toEqual(expect.arrayContaining(['nord', 'syd', 'vest']));
  });

  it('loads the same directory from JSON and from YAML', () => {
    const json = join(dir, 'org.json');
    const yml = join(dir, 'org.yml');
    writeFileSync(json, JSON.stringify(exampleData(), null, 2));
    writeFileSync(yml, stringify(exampleData()));
    const fromJson = loadDirectory(json);
    expect(loadDirectory(yml)).toEqual(fromJson);
    expect(fromJson).toEqual(loadDirectory(EXAMPLE_DIRECTORY_FILE));
  });

  it('names the file and lists every bad entry with its path', () => {
    const data = exampleData();
    data.schools[2].skoleledelse[0] = UNKNOWN;
    data.schools[1].district = 'oest';
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, stringify(data));
    const error = thrown(() => loadDirectory(file));
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toContain(`schools[2].skoleledelse[0]: Ukendt person "${UNKNOWN}"`);
    expect(error.message).toContain('schools[1].district: Ukendt distrikt "oest"');
    expect(error.problems).toHaveLength(2);
  });

  it('reports syntax errors, duplicate keys, a missing file and an unknown extension', () => {
    const badJson = join(dir, 'bad.json');
    writeFileSync(badJson, '{ "tenantId": ');
    expect(thrown(() => loadDirectory(badJson)).problems).toEqual([expect.stringContaining('ikke gyldig JSON')]);

    const dupYaml = join(dir, 'dup.yaml');
    writeFileSync(dupYaml, 'tenantId: a\ntenantId: b\n');
    expect(thrown(() => loadDirectory(dupYaml)).problems).toEqual([expect.stringMatching(/^linje 2, .*samme nøgle/)]);

    expect(thrown(() => loadDirectory(join(dir, 'missing.yaml'))).problems).toEqual([expect.stringContaining('findes ikke')]);

    const txt = join(dir, 'org.txt');
    writeFileSync(txt, readFileSync(EXAMPLE_DIRECTORY_FILE));
    expect(thrown(() => loadDirectory(txt)).problems).toEqual([expect.stringContaining('ukendt filtype')]);
  });
});

describe('DirectoryStore', () => {
  it('refuses to start on an invalid file', () => {
    const file = join(dir, 'org.json');
    writeFileSync(file, JSON.stringify({ ...exampleData(), schools: [] }));
    expect(thrown(() => new DirectoryStore(file)).problems).toEqual([
      'schools: Angiv mindst én skole',
      // The example's one school-specific holiday now names a school that is not there.
      expect.stringMatching(/^calendar\.schoolHolidays\[2\]\.schools\[0\]: Ukendt skole "vestervang"/),
    ]);
  });

  it('keeps the directory in use when a reload finds a broken file, and takes a good one', () => {
    const file = join(dir, 'org.json');
    const good = exampleData();
    writeFileSync(file, JSON.stringify(good));
    const store = new DirectoryStore(file);
    const before = store.current();
    const jonas = good.admins[0] as string;
    expect(store.lookup().rolesOf(jonas).admin).toBe(true);

    const broken = exampleData();
    broken.admins = [UNKNOWN];
    writeFileSync(file, JSON.stringify(broken));
    const failed = store.reload();
    expect(failed).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^admins\[0\]: Ukendt person/)],
      message: expect.stringContaining(file),
    });
    expect(store.current()).toBe(before);
    expect(store.lookup().rolesOf(jonas).admin).toBe(true);

    const changed = exampleData();
    changed.admins = [changed.admins[1]];
    writeFileSync(file, JSON.stringify(changed));
    const ok = store.reload();
    expect(ok.ok).toBe(true);
    expect(store.current()).not.toBe(before);
    expect(store.current().admins).toEqual([changed.admins[0]]);
    expect(store.lookup().rolesOf(jonas).admin).toBe(false);
  });

  it('keeps the directory in use when the file disappears', () => {
    const file = join(dir, 'org.yaml');
    writeFileSync(file, readFileSync(EXAMPLE_DIRECTORY_FILE));
    const store = new DirectoryStore(file);
    const before = store.current();
    rmSync(file);
    const result = store.reload();
    expect(result.ok).toBe(false);
    expect(store.current()).toBe(before);
  });
});
