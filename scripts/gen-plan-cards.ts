/**
 * Generates adaptive-cards/<templateId>.json for the thirteen plan templates from the form specs in
 * src/domain/plans/forms.ts. Run: npx tsx scripts/gen-plan-cards.ts
 *
 * The card is short by default (issue #12): a folding section (SectionSpec.fold) shows only its
 * title, which opens it (Action.ToggleVisibility); the view model says which are open. A list has
 * all its slots on the card, the empty ones behind "Flere …". What a Gem did (saved, or the errors)
 * is said at the bottom, by the buttons, where the user pressed.
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
  goalFoldKey,
  sectionKey,
  SLOT_LISTS,
  slotField,
  slotKey,
  slots,
  type FieldSpec,
  type PlanTemplateId,
} from '../src/domain/plans/index.js';
import { PREREQUISITES } from '../src/domain/recommendation.js';
import { MORE_ROWS } from '../src/cards/plan/schema.js';

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
  // Default spacing between the inputs of a section: a short card, and bytes under Teams' 28 KB. The
  // first element of a container (a slot row, a column, a fold) gets none: the renderer drops it.
  if (opts.spacing) input.spacing = opts.spacing;
  return [input, errorLine(key)];
}

const roBlock = (label: string, key: string): J[] => [
  { type: 'TextBlock', text: label, weight: 'Bolder', size: 'Small', spacing: 'Medium', wrap: true },
  { type: 'TextBlock', text: `\${ro.${key}}`, spacing: 'None', wrap: true },
];

const stripHint = (label: string) => label.replace(/ \([^)]*pr\. linje\)$/, '');

/**
 * A list row while editing: always on the card (the hint's count is the fields' count), with an id
 * for the list's "Flere …" button. A row the view model does not show (`show`) is hidden (a full
 * card carries no `isVisible`: bytes under Teams' 28 KB).
 */
const slotRow = (key: string, row: J): J[] => [
  { $when: `\${show.${key}}`, id: `${key}-row`, ...row },
  { $when: `\${!show.${key}}`, id: `${key}-row`, isVisible: false, ...row },
];

/** "Flere mål" under a list while some of its rows are hidden: shows them all, and goes. */
function moreRows(spec: FieldSpec): J[] {
  if (!('slots' in spec)) return [];
  const more = MORE_ROWS[spec.kind];
  if (!more) return [];
  const prefix = SLOT_LISTS[spec.kind].prefix;
  const id = `${prefix}-more`;
  return [
    {
      $when: `\${!show.${prefix}${spec.slots}}`,
      type: 'ActionSet',
      id,
      spacing: 'Small',
      actions: [
        {
          type: 'Action.ToggleVisibility',
          title: more,
          targetElements: [
            ...slots(spec.slots)
              .slice(1)
              .map((i) => ({ elementId: `${prefix}${i}-row`, isVisible: true })),
            { elementId: id, isVisible: false },
          ],
        },
      ],
    },
  ];
}

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
      const input: J = { type: 'Input.Date', id: spec.key, label: spec.label, value: `\${v.${spec.key}}` };
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
        choices: spec.options.map((o) => ({ title: o.title, value: o.value })),
      };
      if (spec.kind === 'multi') input.isMultiSelect = true;
      if (spec.required) Object.assign(input, { isRequired: true, errorMessage: spec.required });
      return [input, errorLine(spec.key)];
    }
    case 'goals':
      return slots(spec.slots).flatMap((i) =>
        slotRow(slotKey('goals', i), {
          type: 'Container',
          spacing: 'Medium',
          items: [
            ...textInput(slotKey('goals', i), `Mål ${i}`, slotField('goals', i).max, {
              placeholder: i === 1 ? 'Fx: Barnet oplever at høre til i klassefællesskabet' : undefined,
              required: i === 1 ? 'Skriv mindst ét mål.' : undefined,
            }),
            ...textInput(slotKey('goals', i, 'Signs'), `Tegn på, at mål ${i} nås (ét pr. linje)`, slotField('goals', i, 'Signs').max, {
              multiline: true,
              placeholder: i === 1 ? 'Fx: Barnet er sammen med andre i frikvartererne' : undefined,
              required: i === 1 ? 'Skriv mindst ét tegn.' : undefined,
              spacing: 'Small',
            }),
          ],
        }),
      );
    case 'evalGoals':
      // Each goal's part from the plan (the goal and its signs) folds under a title that names the
      // goal; the team's assessment (result, what the signs showed) stays in view (planCardFolds).
      return slots(spec.slots).map((i) => ({
        $when: `\${show.${slotKey('evalGoals', i)}}`,
        type: 'Container',
        spacing: 'Large',
        items: [
          foldTitle(`Mål ${i}: \${ro.${slotKey('evalGoals', i)}}`, goalFoldKey(i), { size: 'Default', title: `Mål ${i}` }),
          {
            type: 'Container',
            id: goalFoldKey(i),
            isVisible: `\${open.${goalFoldKey(i)}}`,
            spacing: 'Small',
            items: [
              ...textInput(slotKey('evalGoals', i), `Mål ${i}`, slotField('evalGoals', i).max),
              ...textInput(
                slotKey('evalGoals', i, 'Signs'),
                `Tegnene for mål ${i} (ét pr. linje)`,
                slotField('evalGoals', i, 'Signs').max,
                { multiline: true, spacing: 'Small' },
              ),
            ],
          },
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
      return slots(spec.slots).flatMap((i) =>
        slotRow(slotKey(spec.kind, i), {
          type: 'ColumnSet',
          spacing: 'Small',
          columns: [
            {
              type: 'Column',
              width: 3,
              items: textInput(slotKey(spec.kind, i), `${what} ${i}`, slotField(spec.kind, i).max),
            },
            {
              type: 'Column',
              width: 2,
              items: textInput(slotKey(spec.kind, i, 'Responsible'), 'Ansvarlig', slotField(spec.kind, i, 'Responsible').max),
            },
          ],
        }),
      );
    }
    case 'dataRows':
      return slots(spec.slots).flatMap((i) =>
        slotRow(slotKey('dataRows', i), {
          type: 'Container',
          spacing: 'Medium',
          items: [
            ...textInput(slotKey('dataRows', i), `Datakilde ${i}`, slotField('dataRows', i).max, {
              placeholder: i === 1 ? 'Fx: Observationer i dansktimerne' : undefined,
            }),
            {
              type: 'ColumnSet',
              spacing: 'Small',
              columns: [
                {
                  type: 'Column',
                  width: 3,
                  items: textInput(slotKey('dataRows', i, 'Responsible'), 'Hvem', slotField('dataRows', i, 'Responsible').max),
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
                    },
                    errorLine(slotKey('dataRows', i, 'Deadline')),
                  ],
                },
              ],
            },
          ],
        }),
      );
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
              // valueOn/valueOff are "true"/"false" by default (Adaptive Cards 1.5). No `wrap`: it
              // wraps the title, one short word (the label wraps anyway), and the bytes keep the
              // referral's full card under Teams' 28 KB.
              value: `\${v.${key}}`,
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

function action(
  title: string,
  verb: string,
  when: string,
  opts: { positive?: boolean; noInputs?: boolean; data?: Record<string, string> },
): J {
  const data = opts.data ?? { caseId: '${caseId}', planId: '${planId}', seq: '${seq}' };
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

/**
 * A section's title; a folding one's is the button that opens and closes it (named by the title,
 * with "Vis/skjul" by it). Kept small: a full card must stay under Teams' 28 KB.
 */
function sectionTitle(title: string, fold: string | null): J {
  const text: J = { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true };
  if (!fold) return { ...text, spacing: 'Large', separator: true };
  return foldTitle(title, fold, { spacing: 'Large', separator: true });
}

/**
 * The title of a folding part: pressed, it opens and closes the element `fold`. `opts.title` names
 * the button when the text shown is longer (an evaluated goal's title carries the goal).
 */
function foldTitle(text: string, fold: string, opts: { size?: 'Default'; title?: string; spacing?: string; separator?: boolean } = {}): J {
  const { size, title, ...box } = opts;
  return {
    type: 'Container',
    ...box,
    selectAction: { type: 'Action.ToggleVisibility', title: title ?? text, targetElements: [fold] },
    items: [
      {
        type: 'RichTextBlock',
        inlines: [
          { type: 'TextRun', text, weight: 'Bolder', size: size ?? 'Medium' },
          { type: 'TextRun', text: '  Vis/skjul', size: 'Small', color: 'Accent' },
        ],
      },
    ],
  };
}

function template(id: PlanTemplateId): J {
  const spec = PLAN_FORMS[id];
  const body: J[] = [
    // Every card of a case names it at the top (cards/common.ts, caseHeading).
    { type: 'TextBlock', text: '${caseHeading}', size: 'Small', isSubtle: true, spacing: 'None', wrap: true },
    {
      type: 'Container',
      style: '${headerStyle}',
      bleed: true,
      spacing: 'Small',
      items: [
        { type: 'TextBlock', text: 'Indsatsguiden · ${levelTitle}', size: 'Small', weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: '${title}', style: 'heading', size: 'Large', weight: 'Bolder', spacing: 'None', wrap: true },
        { type: 'TextBlock', text: '${subtitle}', isSubtle: true, spacing: 'None', wrap: true },
      ],
    },
    { $when: RO, type: 'TextBlock', text: '${readOnlyNote}', isSubtle: true, size: 'Small', spacing: 'Medium', wrap: true },
    { $when: EDIT, type: 'TextBlock', text: spec.intro, isSubtle: true, spacing: 'Medium', wrap: true },
  ];
  for (const [index, section] of spec.sections.entries()) {
    const fold = section.fold ? sectionKey(index) : null;
    body.push(sectionTitle(section.title, fold));
    // The edit and the read-only body are alternatives ($when): a folding section's one carries its id.
    const folding: J = fold ? { id: fold, isVisible: `\${open.${fold}}` } : {};
    const hint: J[] = section.hint
      ? [{ type: 'TextBlock', text: section.hint, isSubtle: true, size: 'Small', spacing: 'None', wrap: true }]
      : [];
    body.push(
      {
        $when: EDIT,
        type: 'Container',
        ...folding,
        spacing: 'Small',
        items: [...hint, ...section.fields.flatMap((f) => [...editField(f), ...moreRows(f)])],
      },
      { $when: RO, type: 'Container', ...folding, spacing: 'Small', items: section.fields.flatMap(roField) },
    );
  }
  // What the Gem did, at the bottom by the buttons: where the user pressed.
  body.push(
    {
      $when: '${hasErrors}',
      type: 'Container',
      style: 'attention',
      spacing: 'Large',
      items: [
        { type: 'TextBlock', text: 'Planen er ikke gemt', weight: 'Bolder', color: 'Attention', wrap: true },
        {
          type: 'TextBlock',
          text: 'Ret det, der er markeret med rødt ovenfor, og tryk Gem igen. Det, du har skrevet, er bevaret.',
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
      spacing: 'Large',
      items: [
        { type: 'TextBlock', text: 'Bemærk', weight: 'Bolder', wrap: true },
        { type: 'FactSet', spacing: 'Small', facts: [{ $data: '${notes}', title: '•', value: '${$data}' }] },
      ],
    },
    { $when: "${status != ''}", type: 'TextBlock', text: '✓ ${status}', weight: 'Bolder', color: 'Good', spacing: 'Large', wrap: true },
  );
  // An evaluation is saved against the plan it evaluates, so it has a verb of its own.
  const saveVerb = id === 'evaluering' ? 'plan.evaluation.save' : 'plan.save';
  const actions: J[] = [
    action('Gem', saveVerb, '${canSave}', { positive: true }),
    action('Ny version', 'plan.open', '${canRevise}', {
      positive: true,
      noInputs: true,
      data: { caseId: '${caseId}', planId: '${planId}' },
    }),
  ];
  if (spec.evaluate) actions.push(action('Evaluér', 'plan.evaluate', '${canEvaluate}', { noInputs: true }));
  actions.push(action('Eksportér', 'plan.export', '${canExport}', { noInputs: true }));
  // "Lav udkast" drafts one plan at a time: the next one the step calls for is a button.
  actions.push(
    action('${nextLabel}', 'plan.draft', "${nextTemplateId != ''}", {
      noInputs: true,
      data: { caseId: '${caseId}', seq: '${seq}', templateId: '${nextTemplateId}' },
    }),
  );
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
