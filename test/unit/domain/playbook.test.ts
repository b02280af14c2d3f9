import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ADVISERS, DATA_SOURCES } from '../../../src/domain/intake.js';
import { PREREQUISITE_LABELS } from '../../../src/domain/plans/index.js';
import { actionsFor, checkTried, parsePlaybook } from '../../../src/domain/playbook.js';
import { ACTORS, MEETINGS, PREREQUISITES, STEPS, TEMPLATES } from '../../../src/domain/recommendation.js';
import { DEFAULT_PLAYBOOK_FILE, defaultPlaybook, loadPlaybook, PlaybookError } from '../../../src/playbook/load.js';

const raw = () => JSON.parse(readFileSync(DEFAULT_PLAYBOOK_FILE, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const tmp = mkdtempSync(join(tmpdir(), 'playbook-test-'));

function errorsOf(input: unknown): string[] {
  const r = parsePlaybook(input);
  if (r.ok) throw new Error('expected the playbook to be refused');
  return r.errors;
}

/** Titles that the domain contract gives verbatim. */
const STEP_TITLES: Record<string, string> = {
  'indsaml-data': 'Indsaml data om læringsfællesskabet og barnet',
  'droeft-i-teamet': 'Drøft bekymringen i teamet',
  'udarbejd-plan': 'Udarbejd en mål- og indsatsplan',
  'evaluer-plan': 'Følg op og evaluér planen',
  'fortsaet-plan': 'Fortsæt og justér planen',
  'sparring-plc': 'Søg sparring og vejledning hos en PLC-vejleder',
  'sparring-ekstern': 'Inddrag praksisvejleder eller Det rådgivende team',
  distriktsraad: 'Skoleledelsen søger sparring i distriktsrådet',
  'plan-for-barnet': 'Udarbejd en mål- og indsatsplan for barnet',
  netvaerksmoede: 'Indkald til netværksmøde',
  ppv: 'Indstil til pædagogisk-psykologisk vurdering, PPV',
  'afvent-ppv': 'Afvent PPV og fortsæt indsatserne',
  'henvisning-pku': 'Henvis til Pædagogisk Koordinationsudvalg',
  'plan-for-faellesskabet': 'Udarbejd en mål- og indsatsplan for fællesskabet omkring barnet',
  afgoerelse: 'Udarbejd sagsfremstilling med partshøring, og træf afgørelse',
  'bistand-paa-skolen': 'Giv den specialpædagogiske bistand på skolen',
  'afklar-med-psykolog': 'Afklar henvisningen med den rådgivende psykolog',
  'afvent-kommunen': 'Underret kommunen, og vent med at inddrage forældrene',
};
/** The PKU prerequisites' titles, as the contract gives them. */
const PREREQUISITE_TITLES: Record<string, string> = {
  'ppv-foreligger': 'Der foreligger en pædagogisk-psykologisk vurdering (PPV)',
  'forebyggende-afproevet': 'Forebyggende indsatser er afprøvet og evalueret',
  'foregribende-afproevet': 'Foregribende indsatser er afprøvet og evalueret',
  'plan-for-barnet': 'Der er en velbeskrevet mål- og indsatsplan for barnet',
  'plan-for-faellesskabet': 'Der er en mål- og indsatsplan for det fællesskab, barnet er en del af',
  'afgoerelse-vidtgaaende': 'Skoleledelsen har efter partshøring vurderet, at barnet har behov for et mere vidtgående tilbud',
  'distriktsraad-droeftet': 'Sagen er drøftet i distriktsrådet',
  foraeldreaftale: 'Forældrene er enige i en henvisning til PKU',
  'psykolog-enig': 'Den rådgivende psykolog er enig i henvisningen',
};
const TRIED_IDS = [
  'undervisningsdifferentiering',
  'holddannelse',
  'co-teaching',
  'to-voksen',
  'struktur-i-klasserummet',
  'klasserumsledelse',
  'trivselsforloeb',
  'kamibe',
  'icdp',
  'mellemform',
  'selvregulering',
  'anerkendende-kommunikation',
  'relationsarbejde',
  'karakterstyrker',
  'overgange',
];

describe('the default playbook (config/playbook.json)', () => {
  const playbook = defaultPlaybook();

  it('is valid and cached', () => {
    expect(parsePlaybook(raw()).ok).toBe(true);
    expect(defaultPlaybook()).toBe(playbook);
  });

  it('has an entry for every id of every enum', () => {
    expect(Object.keys(playbook.steps).sort()).toEqual([...STEPS].sort());
    expect(Object.keys(playbook.actors).sort()).toEqual([...ACTORS].sort());
    expect(Object.keys(playbook.meetings).sort()).toEqual([...MEETINGS].sort());
    expect(Object.keys(playbook.templates).sort()).toEqual([...TEMPLATES].sort());
    expect(Object.keys(playbook.prerequisites).sort()).toEqual([...PREREQUISITES].sort());
    expect(Object.keys(playbook.dataSources).sort()).toEqual([...DATA_SOURCES].sort());
    expect(Object.keys(playbook.advisers).sort()).toEqual([...ADVISERS].sort());
  });

  it('uses the titles of the contract verbatim', () => {
    expect(Object.keys(STEP_TITLES).sort()).toEqual([...STEPS].sort());
    for (const [id, title] of Object.entries(STEP_TITLES)) expect(playbook.steps[id as keyof typeof playbook.steps].title).toBe(title);
    expect(Object.keys(PREREQUISITE_TITLES)).toEqual([...PREREQUISITES]);
    for (const [id, title] of Object.entries(PREREQUISITE_TITLES)) {
      expect(playbook.prerequisites[id as keyof typeof playbook.prerequisites].title).toBe(title);
      expect(PREREQUISITE_LABELS[id as keyof typeof PREREQUISITE_LABELS]).toBe(title);
    }
    expect(playbook.templates.sagsfremstilling.title).toBe('Sagsfremstilling med partshøring');
    expect(playbook.actors.team.title).toBe('Teamet (lærere og pædagoger omkring læringsfællesskabet)');
    expect(playbook.meetings.teammoede.title).toBe('Møde i teamet (professionelt læringsfællesskab)');
    expect(playbook.templates['plan-barn'].title).toBe('Mål- og indsatsplan for barnet');
  });

  it('catalogues at least the pedagogical actions of intake.md, each fitting some area', () => {
    const ids = playbook.actions.map((a) => a.id);
    for (const id of TRIED_IDS) expect(ids).toContain(id);
    expect(actionsFor('adfaerd', playbook).map((a) => a.id)).toContain('klasserumsledelse');
    expect(actionsFor('overgang', playbook).map((a) => a.id)).toContain('overgange');
  });

  it("marks every action's description as the guide's or the municipality's own, and claims no origin the guide does not give", () => {
    for (const a of playbook.actions) {
      expect(['handleguiden', 'kommunen'], a.id).toContain(a.source);
      expect(['faellesskab', 'barn', 'begge'], a.id).toContain(a.aim);
      // A description from the guide says so; the municipality's own text does not borrow the guide's name.
      if (a.source === 'handleguiden') expect(a.description, a.id).toMatch(/handleguiden/);
      else expect(a.description, a.id).not.toMatch(/handleguiden/);
      expect(a.description, a.id).not.toMatch(/udviklet i|UC SYD/);
    }
    expect(playbook.actions.find((a) => a.id === 'kamibe')).toMatchObject({ source: 'kommunen', aim: 'faellesskab' });
  });

  it('defaults aim to both and source to the municipality in a playbook that leaves them out', () => {
    const copy = raw() as { actions: Record<string, unknown>[] };
    copy.actions = copy.actions.map(({ aim: _aim, source: _source, ...rest }) => rest);
    const parsed = parsePlaybook(copy);
    expect(parsed.ok && parsed.value.actions.every((a) => a.aim === 'begge' && a.source === 'kommunen')).toBe(true);
    copy.actions[0] = { ...copy.actions[0], aim: 'klassen' };
    const bad = parsePlaybook(copy);
    expect(bad.ok ? [] : bad.errors.join('\n')).toMatch(/actions.*0.*aim/);
  });
});

describe('parsePlaybook: a broken copy', () => {
  it('names the path of every bad entry, in Danish', () => {
    const broken = raw();
    delete broken.steps.ppv;
    broken.steps['ny-trin'] = { title: 'Noget nyt' };
    broken.actors.team.title = '  ';
    broken.meetings.teammoede.participants = [];
    delete broken.dataSources.topi;
    broken.actions[1].id = broken.actions[0].id;
    broken.actions[2].id = 'Co Teaching';
    broken.actions[3].areas = ['vejret'];
    broken.extra = true;
    const errors = errorsOf(broken);
    const expected = [
      'Feltet "steps.ppv": Mangler et trin med id "ppv"',
      'Feltet "steps.ny-trin": Ukendt id "ny-trin"',
      'Feltet "actors.team.title": Teksten må ikke være tom',
      'Feltet "meetings.teammoede.participants": Mødet skal have mindst én deltager',
      'Feltet "dataSources.topi": Mangler en datakilde med id "topi"',
      'Feltet "actions.1.id": Id\'et "undervisningsdifferentiering" er allerede brugt af indsats nr. 1',
      'Feltet "actions.2.id"',
      'Feltet "actions.3.areas.0"',
      'extra',
    ];
    for (const e of expected)
      expect(
        errors.some((x) => x.includes(e)),
        `${e}\nin:\n${errors.join('\n')}`,
      ).toBe(true);
  });

  it('refuses an entry with an unknown key and a missing catalogue', () => {
    const broken = raw();
    broken.levels.forebyggende.farve = 'grøn';
    delete broken.advisers;
    const errors = errorsOf(broken);
    expect(errors.some((e) => e.startsWith('Feltet "levels.forebyggende"') && e.includes('farve'))).toBe(true);
    expect(errors.some((e) => e.startsWith('Feltet "advisers"'))).toBe(true);
  });
});

describe('loadPlaybook', () => {
  it('reads YAML as well as JSON', () => {
    const file = join(tmp, 'playbook.yaml');
    writeFileSync(file, stringify({ ...raw(), name: 'Eksempel Kommune' }));
    expect(loadPlaybook(file).name).toBe('Eksempel Kommune');
  });

  it('throws an error naming the file and every bad path', () => {
    const broken = raw();
    delete broken.steps.ppv;
    broken.templates.smtte.title = '';
    const file = join(tmp, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    expect(() => loadPlaybook(file)).toThrow(PlaybookError);
    try {
      loadPlaybook(file);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(file);
      expect(message).toContain('steps.ppv');
      expect(message).toContain('templates.smtte.title');
    }
  });

  it('reports a syntax error and a duplicated key with the line', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"name": "x",,}');
    expect(() => loadPlaybook(bad)).toThrow(/bad\.json[\s\S]*linje 1/);
    const dup = join(tmp, 'dup.json');
    writeFileSync(dup, '{\n"name": "a",\n"name": "b"\n}');
    expect(() => loadPlaybook(dup)).toThrow(/linje 3.*mere end én gang/);
  });

  it('says so when the file does not exist', () => {
    expect(() => loadPlaybook(join(tmp, 'findes-ikke.json'))).toThrow(/findes-ikke\.json[\s\S]*findes ikke/);
  });
});

describe('checkTried', () => {
  it("accepts the playbook's actions and names unknown ones", () => {
    const playbook = defaultPlaybook();
    expect(checkTried(['co-teaching'], playbook)).toEqual([]);
    expect(checkTried(undefined, playbook)).toEqual([]);
    expect(checkTried(['co-teaching', 'yoga'], playbook)[0]).toMatch(/^Feltet "tried": .*"yoga"/);
  });
});
