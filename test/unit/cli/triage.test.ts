import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { triage } from '../../../src/cli/triage.js';
import { DEFAULT_PLAYBOOK_FILE, defaultPlaybook } from '../../../src/playbook/load.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The worked examples kept in the repository (format in test/fixtures/scenarios/README.md). */
const SCENARIOS = new URL('../../fixtures/scenarios/ladder.json', import.meta.url);
const scenarios = JSON.parse(readFileSync(SCENARIOS, 'utf8')) as { name: string; intake: unknown; expect: Record<string, unknown> }[];
const tmp = mkdtempSync(join(tmpdir(), 'triage-test-'));
const playbook = defaultPlaybook();

const COMMUNITY = { scope: 'faellesskab', areas: ['socialt'], safety: [], data: [] };
const CHILD = { scope: 'barn' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real command: `npx tsx src/cli/triage.ts ARGS`, optionally with standard input. */
function run(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'npx',
      ['tsx', 'src/cli/triage.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

function file(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('triage()', () => {
  it('answers an object with an object', () => {
    const r = triage(JSON.stringify(COMMUNITY), playbook);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const out = JSON.parse(r.output);
    expect(out.kind).toBe('recommendation');
    expect(out.recommendation.step).toBe('indsaml-data');
  });

  it('answers an array with an array, in order', () => {
    const r = triage(JSON.stringify([COMMUNITY, CHILD, {}]), playbook);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(JSON.parse(r.output)).toMatchObject([
      { kind: 'recommendation', recommendation: { step: 'indsaml-data' } },
      { kind: 'question', field: 'areas' },
      { kind: 'question', field: 'scope' },
    ]);
    expect(triage('[]', playbook)).toEqual({ ok: true, output: '[]' });
  });

  it('names the field, and the index in an array, of every error', () => {
    const r = triage(JSON.stringify([COMMUNITY, { scope: 'klasse' }, { tried: ['yoga'] }, { navn: 'X' }, 7]), playbook);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(4);
    expect(r.errors[0]).toMatch(/^Element \[1\]: Feltet "scope"/);
    expect(r.errors[1]).toMatch(/^Element \[2\]: Feltet "tried".*"yoga"/);
    expect(r.errors[2]).toBe('Element [3]: Ukendt felt: "navn"');
    expect(r.errors[3]).toMatch(/^Element \[4\]: /);
  });

  it('refuses text that is not JSON, and JSON that is not an intake', () => {
    expect(triage('{scope: barn', playbook)).toMatchObject({ ok: false, errors: [expect.stringContaining('ikke gyldig JSON')] });
    expect(triage('"barn"', playbook)).toMatchObject({ ok: false, errors: [expect.stringContaining('JSON-objekt')] });
    expect(triage('{"description": "A.B. 010203-1234"}', playbook)).toMatchObject({ ok: false, errors: [expect.stringContaining('CPR')] });
  });

  it('refuses the retired parentsConsent, naming consents', () => {
    const r = triage(
      JSON.stringify([
        { ...COMMUNITY, parentsConsent: true },
        { scope: 'barn', parentsConsent: false, navn: 'X' },
      ]),
      playbook,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(3);
    expect(r.errors[0]).toMatch(/^Element \[0\]: Feltet "parentsConsent" findes ikke længere.*"consents"/);
    expect(r.errors[0]).toContain('arbejdsmoede');
    expect(r.errors[1]).toMatch(/^Element \[1\]: Feltet "parentsConsent"/);
    expect(r.errors[2]).toBe('Element [1]: Ukendt felt: "navn"');
    expect(triage(JSON.stringify({ ...COMMUNITY, consents: ['arbejdsmoede'] }), playbook).ok).toBe(true);
  });

  it('prints the same output for the same input', () => {
    const intakes = JSON.stringify(scenarios.map((s) => s.intake));
    const a = triage(intakes, playbook);
    expect(a.ok).toBe(true);
    expect(triage(intakes, playbook)).toEqual(a);
  });
});

describe('npm run triage (the real command)', () => {
  it('reads an object from a file and prints an object', async () => {
    const r = await run([file('one.json', COMMUNITY)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'recommendation', recommendation: { level: 'forebyggende', step: 'indsaml-data' } });
  });

  it('reads an array from standard input and prints an array', async () => {
    const r = await run(['-'], { stdin: JSON.stringify([COMMUNITY, CHILD]) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toHaveLength(2);
    expect(out[1]).toEqual({ kind: 'question', field: 'areas' });
  });

  it('exits with 2 and a Danish message naming the field and index on invalid input', async () => {
    const r = await run([file('bad.json', [COMMUNITY, { scope: 'barn', teamDiscussed: 'ja' }])]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Ugyldigt input');
    expect(r.stderr).toContain('Element [1]: Feltet "teamDiscussed"');
  });

  it('follows the worked examples: the next question, or the level, step, held step, consent and missing prerequisites', async () => {
    const r = await run([
      file(
        'scenarios.json',
        scenarios.map((s) => s.intake),
      ),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as (
      | { kind: 'question'; field: string }
      | {
          kind: 'recommendation';
          recommendation: Record<string, unknown> & { missing: { id: string }[]; safeguarding: { acute: boolean } | null };
        }
    )[];
    const got = out.map((o) =>
      o.kind === 'question'
        ? { kind: 'question', field: o.field }
        : {
            kind: 'recommendation',
            level: o.recommendation.level,
            step: o.recommendation.step,
            heldStep: o.recommendation.heldStep,
            consentRequired: o.recommendation.consentRequired,
            missing: o.recommendation.missing.map((m) => m.id).sort(),
            safeguarding: o.recommendation.safeguarding !== null,
            acute: o.recommendation.safeguarding?.acute ?? false,
          },
    );
    const want = scenarios.map((s) =>
      s.expect.kind === 'question' ? s.expect : { ...s.expect, missing: [...(s.expect.missing as string[])].sort() },
    );
    expect(got).toEqual(want);
  });

  it('exits with 2 and names consents when the input still uses parentsConsent', async () => {
    const r = await run(['-'], { stdin: JSON.stringify({ scope: 'barn', parentsConsent: true }) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Feltet "parentsConsent" findes ikke længere');
    expect(r.stderr).toContain('"consents"');
  });

  it('exits with 2 when the file is missing or no file is given', async () => {
    const missing = await run([join(tmp, 'findes-ikke.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('findes ikke');
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Brug:');
  });

  it('uses the playbook named by PLAYBOOK_FILE', async () => {
    const local = JSON.parse(readFileSync(DEFAULT_PLAYBOOK_FILE, 'utf8'));
    local.steps['indsaml-data'].title = 'Saml data (lokal titel)';
    const r = await run([file('one-again.json', COMMUNITY)], { env: { PLAYBOOK_FILE: file('local-playbook.json', local) } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).recommendation.title).toBe('Saml data (lokal titel)');

    delete local.steps.ppv;
    const broken = await run([file('one-more.json', COMMUNITY)], { env: { PLAYBOOK_FILE: file('broken-playbook.json', local) } });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('steps.ppv');
  });
});
