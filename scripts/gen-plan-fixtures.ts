/**
 * Generates test/fixtures/cards/<templateId>*.json for the plan templates: each is the view model as
 * the template binds it, built by the view builder (`planViewModel`) from realistic plan values (or
 * every input at its bound, for `.max`), so a fixture cannot drift from what the bot draws.
 * Run: npx tsx scripts/gen-plan-fixtures.ts
 */
import { writeFileSync } from 'node:fs';
import { planViewModel, type PlanViewInput } from '../src/cards/plan/view.js';
import { PLAN_CARD_LIMITS } from '../src/cards/plan/schema.js';
import { planListViewModel, type PlanListInfo } from '../src/cards/plan/list.js';
import { defaultPlaybook } from '../src/playbook/load.js';
import {
  draftPlan,
  planToCardValues,
  parsePlanCard,
  PLAN_TEMPLATE_IDS,
  PLAN_TITLES,
  planCardFields,
  PLAN_FORMS,
  type PlanTemplateId,
} from '../src/domain/plans/index.js';
import type { Intake } from '../src/domain/intake.js';
import type { Level } from '../src/domain/recommendation.js';

const pb = defaultPlaybook();
const DIR = new URL('../test/fixtures/cards/', import.meta.url).pathname;
const today = '2025-03-03';

const child: Intake = {
  description:
    'A.B., 4.B, trækker sig fra fællesskabet i frikvartererne og har haft 14 % fravær siden efterårsferien. Hun siger, at hun ikke har nogen at være sammen med.',
  scope: 'barn',
  areas: ['trivsel', 'fravaer', 'socialt'],
  safety: [],
  data: ['observationer', 'klasselog', 'trivselsmaaling'],
  childPerspective: true,
  teamDiscussed: true,
  plan: 'begge',
  parents: 'inddraget',
  planEvaluated: 'delvist',
  tried: ['trivselsforloeb', 'relationsarbejde'],
  advisers: ['plc'],
  adviserEffect: 'delvist',
  networkMeetingHeld: true,
  ppv: 'foreligger',
  leaderDecision: 'vidtgaaende',
  districtCouncil: true,
  consents: ['arbejdsmoede', 'ppv', 'distriktsraad', 'henvisning'],
  psychologistAgrees: true,
};
const community: Intake = {
  description:
    '5.A har mange konflikter i frikvartererne, og flere elever siger i trivselsmålingen, at de ikke føler sig trygge i klassen.',
  scope: 'faellesskab',
  areas: ['socialt', 'trivsel'],
  safety: [],
  data: ['trivselsmaaling', 'observationer'],
  teamDiscussed: true,
  plan: 'ingen',
};
const early: Intake = {
  description: 'C.D., 2.A, har svært ved at komme i gang med opgaverne og bliver urolig i dansktimerne.',
  scope: 'barn',
  areas: ['faglig', 'adfaerd'],
  safety: [],
  data: [],
};

const LEVEL: Record<PlanTemplateId, Level> = {
  dataplan: 'forebyggende',
  'dagsorden-teammoede': 'forebyggende',
  'plan-faellesskab': 'forebyggende',
  'plan-barn': 'foregribende',
  smtte: 'forebyggende',
  evaluering: 'forebyggende',
  sparringsanmodning: 'foregribende',
  'dagsorden-arbejdsmoede': 'foregribende',
  'dagsorden-netvaerksmoede': 'foregribende',
  'dagsorden-distriktsraad': 'foregribende',
  'indstilling-ppv': 'foregribende',
  sagsfremstilling: 'foregribende',
  'henvisning-pku': 'indgribende',
};
const LEVEL_TITLE: Record<Level, string> = {
  forebyggende: 'Forebyggende indsats',
  foregribende: 'Foregribende indsats',
  indgribende: 'Indgribende indsats',
};
const INTAKE: Record<PlanTemplateId, Intake> = {
  dataplan: early,
  'dagsorden-teammoede': community,
  'plan-faellesskab': community,
  'plan-barn': child,
  smtte: community,
  evaluering: child,
  sparringsanmodning: child,
  'dagsorden-arbejdsmoede': child,
  'dagsorden-netvaerksmoede': { ...child, childPerspective: false, ppv: 'ingen', districtCouncil: false },
  'dagsorden-distriktsraad': child,
  'indstilling-ppv': { ...child, ppv: 'ingen' },
  sagsfremstilling: { ...child, leaderDecision: 'ikke-truffet' },
  'henvisning-pku': { ...child, advisers: ['plc', 'praksisvejleder'], adviserEffect: 'virker-ikke' },
};
const PSEUDO: Record<PlanTemplateId, string> = Object.fromEntries(
  PLAN_TEMPLATE_IDS.map((t) => [t, INTAKE[t].scope === 'faellesskab' ? '5.A' : INTAKE[t] === early ? 'C.D., 2.A' : 'A.B., 4.B']),
) as Record<PlanTemplateId, string>;

const write = (id: string, input: PlanViewInput) => writeFileSync(`${DIR}${id}.json`, `${JSON.stringify(planViewModel(input), null, 2)}\n`);
const base = (t: PlanTemplateId, extra: Partial<PlanViewInput> & Pick<PlanViewInput, 'values'>): PlanViewInput => ({
  templateId: t,
  caseId: '6f1c2a4e-8d3b-4f7a-9c21-5e0b7d9a1f34',
  seq: 12,
  planId: 'b3a1f0c2-7d4e-4e8a-9f10-2c6d8e4a5b71',
  title: PLAN_TITLES[t],
  pseudonym: PSEUDO[t],
  level: LEVEL[t],
  levelTitle: LEVEL_TITLE[LEVEL[t]],
  version: null,
  savedAt: null,
  savedBy: null,
  readOnly: false,
  errors: [],
  notes: [],
  ...extra,
});

const basePlan = draftPlan('plan-barn', child, pb, { pseudonym: 'A.B., 4.B', tovholder: 'Mette Hansen', today });
for (const t of PLAN_TEMPLATE_IDS) {
  const content = draftPlan(t, INTAKE[t], pb, {
    pseudonym: PSEUDO[t],
    tovholder: 'Mette Hansen',
    today,
    basePlan,
    basePlanTitle: 'Mål- og indsatsplan for barnet, version 2',
  });
  const values = planToCardValues(t, content);
  if (t === 'plan-barn') {
    values.childVoice =
      'A.B. siger, at frikvartererne er det sværeste: "Jeg ved ikke, hvem jeg skal gå hen til." Hun kan godt lide at tegne og vil gerne være med i tegneklubben.';
    values.parentsVoice =
      'Forældrene oplever, at A.B. har ondt i maven om morgenen. De vil gerne hjælpe med legeaftaler og ønsker ugentlig kontakt via Aula.';
    values.resources = 'A.B. er kreativ, hjælpsom og god til at tegne. Hun tager ansvar i mindre grupper.';
  }
  if (t === 'evaluering') {
    values.goal1Result = 'delvist';
    values.goal1Observed = 'A.B. er oftere sammen med to piger fra klassen, men ikke hver dag.';
    values.goal2Result = 'naaet';
    values.goal2Observed = 'Fraværet er faldet fra 14 % til 4 % på seks uger.';
    values.decision = 'juster';
    values.decisionNote = 'Vi fortsætter legegrupperne og tilføjer en fast voksen i det store frikvarter.';
  }
  if (t === 'indstilling-ppv') values.childVoice = 'A.B. fortæller, at hun gerne vil have det sjovere i skolen og savner en fast ven.';
  if (t === 'indstilling-ppv') values.parentsVoice = 'Forældrene er enige i, at en PPV kan give et bedre billede af A.B.s behov.';
  if (t === 'sagsfremstilling' || t === 'henvisning-pku') {
    values.childVoice = 'A.B. fortæller, at hun gerne vil have det sjovere i skolen og savner en fast ven.';
    values.parentsVoice = 'Forældrene ønsker et tilbud, hvor A.B. kan få ro og voksne, hun kender.';
    values.ppvRecommendations =
      "PPV'en anbefaler et mindre læringsfællesskab med faste voksne og en tydelig struktur, og tæt samarbejde med hjemmet.";
  }
  if (t === 'sagsfremstilling') {
    values.hearingDate = '2025-02-20';
    values.hearingComments = 'Forældrene er enige i sagsfremstillingen og ønsker, at A.B. bevarer kontakten til klassen.';
    values.decision = 'vidtgaaende';
    values.decisionReasons = "Indsatserne på skolen er afprøvet og evalueret, og PPV'en peger på et behov, skolen ikke kan møde alene.";
  }
  const r = parsePlanCard(t, values, { today });
  const saved = r.ok && t !== 'dataplan' && t !== 'dagsorden-teammoede';
  write(
    t,
    base(t, {
      values: r.ok ? planToCardValues(t, r.content) : values,
      notes: r.ok ? r.notes : [],
      errors: r.ok ? [] : r.errors,
      ...(saved ? { version: 2, savedAt: '3. marts 2025 kl. 14.05', savedBy: 'Mette Hansen' } : {}),
    }),
  );
  if (!r.ok) console.log('not ok', t, r.errors);
}

// Max: every input at its bound, Danish letters throughout, an error under many inputs, notes.
const filler = (n: number, seed: string) => {
  const words = `${seed} æble øvelse årsplan trivsel fællesskab læringsmiljø deltagelse`.split(' ');
  let s = '';
  let i = 0;
  while (Array.from(s).length < n) s += (s ? ' ' : '') + words[i++ % words.length];
  return Array.from(s).slice(0, n).join('');
};
const linesOf = (count: number, each: number, total: number, seed: string) => {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(filler(each, `${seed}${i + 1}`));
  let text = out.join('\n');
  while (Array.from(text).length > total) {
    out.pop();
    text = out.join('\n');
  }
  return text;
};
for (const t of PLAN_TEMPLATE_IDS) {
  const values: Record<string, string> = {};
  const errors: { field: string | null; message: string }[] = [];
  for (const f of planCardFields(t)) {
    if (f.type === 'date') values[f.key] = '2025-04-14';
    else if (f.type === 'toggle') values[f.key] = 'true';
    else if (f.type === 'choice') values[f.key] = f.values?.[0] ?? '';
    else if (f.type === 'multi') values[f.key] = (f.values ?? []).join(',');
    else if (f.type === 'multiline')
      values[f.key] = f.key.endsWith('Signs') ? linesOf(6, 82, f.max, 'Tegn') : linesOf(12, 49, f.max, 'Linje');
    else values[f.key] = filler(f.max, 'Tekst');
    if (f.type === 'choice') {
      const spec = PLAN_FORMS[t].sections.flatMap((s) => s.fields).find((x) => 'key' in x && x.key === f.key);
      if (spec && spec.kind === 'choice') values[f.key] = spec.options[0]!.value;
      if (f.key.endsWith('Result')) values[f.key] = 'delvist';
    }
    errors.push({ field: f.key, message: filler(120, 'Fejl') });
  }
  errors.push({ field: null, message: filler(300, 'Generel') });
  const notes = Array.from({ length: PLAN_CARD_LIMITS.notes }, (_, i) => filler(PLAN_CARD_LIMITS.note, `Note${i}`));
  write(
    `${t}.max`,
    base(t, {
      caseId: filler(100, 'Sag').replace(/ /g, '-'),
      planId: filler(64, 'Plan').replace(/ /g, '-'),
      values,
      errors,
      notes,
      pseudonym: filler(60, 'Pseudonym'),
      title: filler(120, 'Titel'),
      levelTitle: filler(60, 'Niveau'),
      version: 99,
      savedAt: '30. september 2025 kl. 23.59',
      savedBy: filler(80, 'Navn'),
    }),
  );
}

// Variants: a plan-barn with validation errors (CPR masked, missing sign), and a read-only earlier version.
{
  const t = 'plan-barn';
  const content = draftPlan(t, child, pb, { pseudonym: 'A.B., 4.B', tovholder: 'Mette Hansen', today });
  const values = planToCardValues(t, content);
  values.childVoice = 'A.B. (010203-1234) siger, at frikvartererne er svære.';
  values.goal2Signs = '';
  values.evaluationDate = '2025-02-01';
  const r = parsePlanCard(t, values, { today });
  if (r.ok) throw new Error('expected errors');
  write(`${t}.errors`, base(t, { values: r.values, errors: r.errors }));
  const ro = parsePlanCard(
    t,
    {
      ...planToCardValues(t, content),
      childVoice: 'A.B. siger, at frikvartererne er svære.',
      parentsVoice: 'Forældrene vil gerne hjælpe med legeaftaler.',
    },
    { today },
  );
  if (!ro.ok) throw new Error(JSON.stringify(ro.errors));
  write(
    `${t}.readonly`,
    base(t, {
      values: planToCardValues(t, ro.content),
      version: 1,
      savedAt: '3. februar 2025 kl. 09.12',
      savedBy: 'Mette Hansen',
      readOnly: true,
    }),
  );
}
// Variants of issue #12: a draft offering the next one ("Næste udkast"), a card just saved ("Gemt –
// version N" by the button), and the current version opened to read (Åbn, with "Ny version").
{
  const content = draftPlan('plan-faellesskab', community, pb, { pseudonym: '5.A', tovholder: 'Mette Hansen', today });
  write(
    'plan-faellesskab.next',
    base('plan-faellesskab', {
      values: planToCardValues('plan-faellesskab', content),
      next: { id: 'plan-barn', title: PLAN_TITLES['plan-barn'] },
    }),
  );
  const r = parsePlanCard('plan-faellesskab', planToCardValues('plan-faellesskab', content), { today });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const saved = { version: 1, savedAt: '3. marts 2025 kl. 14.05', savedBy: 'Mette Hansen' };
  write(
    'plan-faellesskab.saved',
    base('plan-faellesskab', { values: planToCardValues('plan-faellesskab', r.content), notes: r.notes, savedNow: true, ...saved }),
  );
  write(
    'plan-faellesskab.current',
    base('plan-faellesskab', { values: planToCardValues('plan-faellesskab', r.content), readOnly: true, revisable: true, ...saved }),
  );
}

// The plans of a case ("Lav udkast" on a case with saved plans).
const writeList = (id: string, info: PlanListInfo) =>
  writeFileSync(`${DIR}${id}.json`, `${JSON.stringify(planListViewModel(info), null, 2)}\n`);
writeList('plan-list', {
  caseId: '6f1c2a4e-8d3b-4f7a-9c21-5e0b7d9a1f34',
  pseudonym: 'A.B., 4.B',
  plans: [
    {
      id: 'b3a1f0c2-7d4e-4e8a-9f10-2c6d8e4a5b71',
      title: PLAN_TITLES['plan-faellesskab'],
      currentVersion: 2,
      updatedAt: new Date('2025-03-03T13:05:00Z'),
      evaluationDate: '2025-04-14',
    },
  ],
  templates: [{ id: 'plan-barn', title: PLAN_TITLES['plan-barn'] }],
  unavailable: [],
});
writeList('plan-list.max', {
  caseId: filler(100, 'Sag').replace(/ /g, '-'),
  pseudonym: filler(60, 'Pseudonym'),
  plans: PLAN_TEMPLATE_IDS.map((t, i) => ({
    id: filler(64, `Plan${i}`).replace(/ /g, '-'),
    title: filler(120, 'Titel'),
    currentVersion: 999,
    updatedAt: new Date('2025-09-30T21:59:00Z'),
    evaluationDate: '2025-12-31',
  })),
  templates: PLAN_TEMPLATE_IDS.map((t) => ({ id: t, title: filler(120, 'Skabelon') })),
  unavailable: [{ title: filler(120, 'Ikke') }, { title: filler(120, 'Heller ikke') }],
});
console.log('fixtures written');
