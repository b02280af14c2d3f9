/**
 * Generates adaptive-cards/<templateId>.json for the thirteen plan templates from the form specs in
 * src/domain/plans/forms.ts. Run: npx tsx scripts/gen-plan-cards.ts
 */
import { writeFileSync } from 'node:fs';
import {
  PLAN_LIMITS,
  GOAL_RESULTS,
  GOAL_RESULT_LABELS,
  PLAN_FORMS,
  PLAN_TEMPLATE_IDS,
  PREREQUISITE_LABELS,
  checklistKey,
  slotField,
  slotKey,
  slots,
  type FieldSpec,
  type PlanTemplateId,
} from '../src/domain/plans/index.js';
import { PREREQUISITES } from '../src/domain/recommendation.js';

type J = Record<string, unknown>;
const EDIT = '${!readOnly}';
const RO = '${readOnly}';

const errorLine = (key: string): J => ({
  $when: `\${err.${key} != ''}`,
  type: 'TextBlock',
  text: `\${err.${key}}`,
  color: 'Attention',
  spacing: 'None',
  wrap: true,
});

function textInput(
  key: string,
  label: string,
  max: number,
  opts: { multiline?: boolean; placeholder?: string; required?: string; spacing?: string } = {},
): J[] {
  const input: J = { type: 'Input.Text', id: key, label, value: `\${v.${key}}`, maxLength: max };
  if (opts.multiline) input.isMultiline = true;
  if (opts.placeholder) input.placeholder = opts.placeholder;
  if (opts.required) {
    input.isRequired = true;
    input.errorMessage = opts.required;
  }
  input.spacing = opts.spacing ?? 'Medium';
  return [input, errorLine(key)];
}

const roBlock = (label: string, key: string): J[] => [
  { type: 'TextBlock', text: label, weight: 'Bolder', size: 'Small', spacing: 'Medium', wrap: true },
  { type: 'TextBlock', text: `\${ro.${key}}`, spacing: 'None', wrap: true },
];

const stripHint = (label: string) => label.replace(/ \([^)]*pr\. linje\)$/, '');

function editField(spec: FieldSpec): J[] {
  switch (spec.kind) {
    case 'text':
      return textInput(spec.key, spec.label, spec.max, {
        multiline: spec.multiline,
        placeholder: spec.placeholder,
        required: spec.required,
      });
    case 'lines':
      return textInput(spec.key, spec.label, PLAN_LIMITS.text, { multiline: true, placeholder: spec.placeholder, required: spec.required });
    case 'date': {
      const input: J = { type: 'Input.Date', id: spec.key, label: spec.label, value: `\${v.${spec.key}}`, spacing: 'Medium' };
      if (spec.required) Object.assign(input, { isRequired: true, errorMessage: spec.required });
      return [input, errorLine(spec.key)];
    }
    case 'choice':
    case 'multi': {
      const input: J = {
        type: 'Input.ChoiceSet',
        id: spec.key,
        label: spec.label,
        style: 'expanded',
        wrap: true,
        value: `\${v.${spec.key}}`,
        spacing: 'Medium',
        choices: spec.options.map((o) => ({ title: o.title, value: o.value })),
      };
      if (spec.kind === 'multi') input.isMultiSelect = true;
      if (spec.required) Object.assign(input, { isRequired: true, errorMessage: spec.required });
      return [input, errorLine(spec.key)];
    }
    case 'goals':
      return slots(spec.slots).map((i) => ({
        $when: `\${show.${slotKey('goals', i)}}`,
        type: 'Container',
        spacing: 'Medium',
        items: [
          ...textInput(slotKey('goals', i), `Mål ${i}`, slotField('goals', i).max, {
            placeholder: i === 1 ? 'Fx: Barnet oplever at høre til i klassefællesskabet' : undefined,
            required: i === 1 ? 'Skriv mindst ét mål.' : undefined,
            spacing: 'Small',
          }),
          ...textInput(slotKey('goals', i, 'Signs'), `Tegn på, at mål ${i} nås (ét pr. linje)`, slotField('goals', i, 'Signs').max, {
            multiline: true,
            placeholder: i === 1 ? 'Fx: Barnet er sammen med andre i frikvartererne' : undefined,
            required: i === 1 ? 'Skriv mindst ét tegn.' : undefined,
            spacing: 'Small',
          }),
        ],
      }));
    case 'evalGoals':
      return slots(spec.slots).map((i) => ({
        $when: `\${show.${slotKey('evalGoals', i)}}`,
        type: 'Container',
        spacing: 'Large',
        items: [
          ...textInput(slotKey('evalGoals', i), `Mål ${i}`, slotField('evalGoals', i).max, { spacing: 'Small' }),
          ...textInput(slotKey('evalGoals', i, 'Signs'), `Tegnene for mål ${i} (ét pr. linje)`, slotField('evalGoals', i, 'Signs').max, {
            multiline: true,
            spacing: 'Small',
          }),
          {
            type: 'Input.ChoiceSet',
            id: slotKey('evalGoals', i, 'Result'),
            label: `Er mål ${i} nået?`,
            style: 'expanded',
            wrap: true,
            value: `\${v.${slotKey('evalGoals', i, 'Result')}}`,
            spacing: 'Small',
            choices: GOAL_RESULTS.map((r) => ({ title: GOAL_RESULT_LABELS[r], value: r })),
          },
          errorLine(slotKey('evalGoals', i, 'Result')),
          ...textInput(slotKey('evalGoals', i, 'Observed'), `Det viste tegnene for mål ${i}`, slotField('evalGoals', i, 'Observed').max, {
            multiline: true,
            spacing: 'Small',
          }),
        ],
      }));
    case 'actions':
    case 'tasks': {
      const what = spec.kind === 'actions' ? 'Indsats' : 'Opgave';
      return slots(spec.slots).map((i) => ({
        $when: `\${show.${slotKey(spec.kind, i)}}`,
        type: 'ColumnSet',
        spacing: 'Small',
        columns: [
          {
            type: 'Column',
            width: 3,
            items: textInput(slotKey(spec.kind, i), `${what} ${i}`, slotField(spec.kind, i).max, { spacing: 'None' }),
          },
          {
            type: 'Column',
            width: 2,
            items: textInput(slotKey(spec.kind, i, 'Responsible'), 'Ansvarlig', slotField(spec.kind, i, 'Responsible').max, {
              spacing: 'None',
            }),
          },
        ],
      }));
    }
    case 'dataRows':
      return slots(spec.slots).map((i) => ({
        $when: `\${show.${slotKey('dataRows', i)}}`,
        type: 'Container',
        spacing: 'Medium',
        items: [
          ...textInput(slotKey('dataRows', i), `Datakilde ${i}`, slotField('dataRows', i).max, {
            spacing: 'Small',
            placeholder: i === 1 ? 'Fx: Observationer i dansktimerne' : undefined,
          }),
          {
            type: 'ColumnSet',
            spacing: 'Small',
            columns: [
              {
                type: 'Column',
                width: 3,
                items: textInput(slotKey('dataRows', i, 'Responsible'), 'Hvem', slotField('dataRows', i, 'Responsible').max, {
                  spacing: 'None',
                }),
              },
              {
                type: 'Column',
                width: 2,
                items: [
                  {
                    type: 'Input.Date',
                    id: slotKey('dataRows', i, 'Deadline'),
                    label: 'Senest',
                    value: `\${v.${slotKey('dataRows', i, 'Deadline')}}`,
                    spacing: 'None',
                  },
                  errorLine(slotKey('dataRows', i, 'Deadline')),
                ],
              },
            ],
          },
        ],
      }));
    case 'checklist':
      return PREREQUISITES.map((id) => {
        const key = checklistKey(id);
        return {
          type: 'Container',
          spacing: 'Medium',
          items: [
            {
              type: 'Input.Toggle',
              id: key,
              label: PREREQUISITE_LABELS[id],
              title: 'Opfyldt',
              value: `\${v.${key}}`,
              valueOn: 'true',
              valueOff: 'false',
              wrap: true,
              spacing: 'Small',
            },
            errorLine(key),
            ...textInput(`${key}Evidence`, 'Dokumentation', PLAN_LIMITS.line, { spacing: 'Small' }),
          ],
        };
      });
  }
}

function roField(spec: FieldSpec): J[] {
  switch (spec.kind) {
    case 'text':
      return spec.multiline
        ? roBlock(spec.label, spec.key)
        : [{ type: 'FactSet', spacing: 'Small', facts: [{ title: spec.label, value: `\${ro.${spec.key}}` }] }];
    case 'lines':
    case 'multi':
      return roBlock(stripHint(spec.label), spec.key);
    case 'date':
    case 'choice':
      return [{ type: 'FactSet', spacing: 'Small', facts: [{ title: spec.label, value: `\${ro.${spec.key}}` }] }];
    case 'goals':
      return slots(spec.slots).map((i) => ({
        $when: `\${show.${slotKey('goals', i)}}`,
        type: 'Container',
        spacing: 'Medium',
        items: [
          { type: 'TextBlock', text: `Mål ${i}: \${ro.${slotKey('goals', i)}}`, weight: 'Bolder', wrap: true },
          { type: 'TextBlock', text: 'Tegn', size: 'Small', isSubtle: true, spacing: 'Small', wrap: true },
          { type: 'TextBlock', text: `\${ro.${slotKey('goals', i, 'Signs')}}`, spacing: 'None', wrap: true },
        ],
      }));
    case 'evalGoals':
      return slots(spec.slots).map((i) => ({
        $when: `\${show.${slotKey('evalGoals', i)}}`,
        type: 'Container',
        spacing: 'Medium',
        items: [
          { type: 'TextBlock', text: `Mål ${i}: \${ro.${slotKey('evalGoals', i)}}`, weight: 'Bolder', wrap: true },
          {
            type: 'FactSet',
            spacing: 'Small',
            facts: [
              { title: 'Vurdering', value: `\${ro.${slotKey('evalGoals', i, 'Result')}}` },
              { title: 'Tegn', value: `\${ro.${slotKey('evalGoals', i, 'Signs')}}` },
              { title: 'Det viste tegnene', value: `\${ro.${slotKey('evalGoals', i, 'Observed')}}` },
            ],
          },
        ],
      }));
    case 'actions':
    case 'tasks': {
      return [
        {
          type: 'FactSet',
          spacing: 'Small',
          facts: slots(spec.slots).map((i) => ({
            $when: `\${show.${slotKey(spec.kind, i)}}`,
            title: `${i}.`,
            value: `\${ro.${slotKey(spec.kind, i)}} – ansvarlig: \${ro.${slotKey(spec.kind, i, 'Responsible')}}`,
          })),
        },
      ];
    }
    case 'dataRows':
      return [
        {
          type: 'FactSet',
          spacing: 'Small',
          facts: slots(spec.slots).map((i) => ({
            $when: `\${show.${slotKey('dataRows', i)}}`,
            title: `${i}.`,
            value: `\${ro.${slotKey('dataRows', i)}} – \${ro.${slotKey('dataRows', i, 'Responsible')}}, senest \${ro.${slotKey('dataRows', i, 'Deadline')}}`,
          })),
        },
      ];
    case 'checklist':
      return [
        {
          type: 'FactSet',
          spacing: 'Small',
          facts: PREREQUISITES.map((id) => ({
            title: `\${ro.${checklistKey(id)}}`,
            value: `${PREREQUISITE_LABELS[id]}: \${ro.${checklistKey(id)}Evidence}`,
          })),
        },
      ];
  }
}

function action(title: string, verb: string, when: string, opts: { positive?: boolean; noInputs?: boolean }): J {
  const data = { caseId: '${caseId}', planId: '${planId}', seq: '${seq}' };
  const extra: J = {};
  if (opts.positive) extra.style = 'positive';
  if (opts.noInputs) extra.associatedInputs = 'None';
  return {
    $when: when,
    type: 'Action.Execute',
    title,
    verb,
    ...extra,
    data,
    fallback: { type: 'Action.Submit', title, ...extra, data: { verb, ...data } },
  };
}

function template(id: PlanTemplateId): J {
  const spec = PLAN_FORMS[id];
  const body: J[] = [
    {
      type: 'Container',
      style: '${headerStyle}',
      bleed: true,
      items: [
        { type: 'TextBlock', text: 'Indsatsguiden · ${levelTitle}', size: 'Small', weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: '${title}', style: 'heading', size: 'Large', weight: 'Bolder', spacing: 'None', wrap: true },
        { type: 'TextBlock', text: '${subtitle}', isSubtle: true, spacing: 'None', wrap: true },
      ],
    },
    {
      $when: RO,
      type: 'TextBlock',
      text: 'Du ser en tidligere version. Den kan ikke redigeres her.',
      isSubtle: true,
      size: 'Small',
      spacing: 'Medium',
      wrap: true,
    },
    {
      $when: '${hasErrors}',
      type: 'Container',
      style: 'attention',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: 'Planen er ikke gemt', weight: 'Bolder', color: 'Attention', wrap: true },
        {
          type: 'TextBlock',
          text: 'Ret det, der er markeret med rødt nedenfor, og tryk Gem igen. Det, du har skrevet, er bevaret.',
          size: 'Small',
          spacing: 'Small',
          wrap: true,
        },
        { $data: '${generalErrors}', type: 'TextBlock', text: '${$data}', color: 'Attention', spacing: 'Small', wrap: true },
      ],
    },
    {
      $when: '${count(notes) > 0}',
      type: 'Container',
      style: 'emphasis',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: 'Bemærk', weight: 'Bolder', wrap: true },
        { type: 'FactSet', spacing: 'Small', facts: [{ $data: '${notes}', title: '•', value: '${$data}' }] },
      ],
    },
    { $when: EDIT, type: 'TextBlock', text: spec.intro, isSubtle: true, spacing: 'Medium', wrap: true },
  ];
  for (const section of spec.sections) {
    body.push({ type: 'TextBlock', text: section.title, weight: 'Bolder', size: 'Medium', spacing: 'Large', separator: true, wrap: true });
    if (section.hint)
      body.push({ $when: EDIT, type: 'TextBlock', text: section.hint, isSubtle: true, size: 'Small', spacing: 'None', wrap: true });
    body.push({ $when: EDIT, type: 'Container', spacing: 'Small', items: section.fields.flatMap(editField) });
    body.push({ $when: RO, type: 'Container', spacing: 'Small', items: section.fields.flatMap(roField) });
  }
  // An evaluation is saved against the plan it evaluates, so it has a verb of its own.
  const saveVerb = id === 'evaluering' ? 'plan.evaluation.save' : 'plan.save';
  const actions: J[] = [action('Gem', saveVerb, '${canSave}', { positive: true })];
  if (spec.evaluate) actions.push(action('Evaluér', 'plan.evaluate', '${canEvaluate}', { noInputs: true }));
  actions.push(action('Eksportér', 'plan.export', '${canExport}', { noInputs: true }));
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: '${title}. Kortet kan ikke vises her; åbn samtalen i Teams.',
    body,
    actions,
  };
}

for (const id of PLAN_TEMPLATE_IDS) {
  writeFileSync(new URL(`../adaptive-cards/${id}.json`, import.meta.url), `${JSON.stringify(template(id), null, 2)}\n`);
}
console.log(`wrote ${PLAN_TEMPLATE_IDS.length} templates`);
