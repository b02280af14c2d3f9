import { describe, expect, it } from 'vitest';
import { FIELD_KINDS, INTAKE_FIELDS, type IntakeField } from '../../../src/domain/intake.js';
import { choicesFor, formatAnswer, questionFor } from '../../../src/domain/questions.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';

const playbook = defaultPlaybook();

describe('questions', () => {
  it('has a question, a label and a why for every field', () => {
    for (const field of INTAKE_FIELDS) {
      const q = questionFor(field, playbook);
      expect(q.field).toBe(field);
      expect(q.label.trim(), field).not.toBe('');
      expect(q.text.trim(), field).not.toBe('');
      expect(q.why.trim(), field).not.toBe('');
    }
    expect(questionFor('description', playbook).text).toContain('CPR');
  });

  it('has a Danish label for every value of every fixed enum, and Ja/Nej for booleans', () => {
    for (const field of INTAKE_FIELDS) {
      const kind = FIELD_KINDS[field];
      const choices = choicesFor(field, playbook);
      for (const c of choices) expect(c.title.trim(), `${field}.${c.value}`).not.toBe('');
      if (kind.kind === 'boolean')
        expect(choices).toEqual([
          { value: 'true', title: 'Ja' },
          { value: 'false', title: 'Nej' },
        ]);
      if (kind.kind === 'text') expect(choices).toEqual([]);
      if ((kind.kind === 'single' || kind.kind === 'multi') && kind.values !== 'playbook-actions') {
        expect(
          choices.map((c) => c.value),
          field,
        ).toEqual([...kind.values]);
        expect(new Set(choices.map((c) => c.title)).size, field).toBe(choices.length);
      }
    }
  });

  it('takes the labels of data, tried and advisers from the playbook', () => {
    expect(choicesFor('tried', playbook).map((c) => c.value)).toEqual(playbook.actions.map((a) => a.id));
    const local = {
      ...playbook,
      advisers: { ...playbook.advisers, 'raadgivende-team': { title: 'PPR' } },
      dataSources: { ...playbook.dataSources, topi: { title: 'TOPI-screening' } },
      actions: [
        {
          id: 'yoga',
          title: 'Yoga i klassen',
          areas: ['trivsel' as const],
          aim: 'faellesskab' as const,
          description: 'Ro og bevægelse.',
          source: 'kommunen' as const,
        },
      ],
    };
    expect(choicesFor('advisers', local)).toContainEqual({ value: 'raadgivende-team', title: 'PPR' });
    expect(formatAnswer('data', ['topi'], local)).toBe('TOPI-screening');
    expect(choicesFor('tried', local)).toEqual([{ value: 'yoga', title: 'Yoga i klassen' }]);
  });
});

describe('formatAnswer', () => {
  it.each<[IntakeField, unknown, string]>([
    ['areas', ['trivsel', 'fravaer'], 'Trivsel, Fravær'],
    ['teamDiscussed', true, 'Ja'],
    ['psychologistAgrees', false, 'Nej'],
    ['homeConcern', true, 'Ja'],
    [
      'consents',
      ['arbejdsmoede', 'henvisning'],
      'Et arbejdsmøde om barnet med vejledere og rådgivere, En henvisning til Pædagogisk Koordinationsudvalg (PKU)',
    ],
    ['consents', [], 'Ingen'],
    ['leaderDecision', 'paa-skolen', 'Barnet får den specialpædagogiske bistand her på skolen'],
    ['safety', [], 'Ingen'],
    ['scope', 'barn', 'Et barn (set i sit fællesskab)'],
    ['planEvaluated', 'virker-ikke', 'Planen virker ikke'],
    ['adviserEffect', 'ikke-endnu', 'For tidligt at sige – indsatserne er i gang'],
    ['ppv', 'foreligger', 'Der foreligger en PPV'],
    ['data', ['observationer', 'klassetrivsel'], 'Pædagogiske iagttagelser og observationer, Klassetrivsel.dk'],
    ['tried', ['co-teaching', 'kamibe'], 'Co-teaching, KaMiBe (karakterstyrker, mindfulness og bevægelse)'],
    ['advisers', ['plc'], 'Vejleder fra PLC'],
    ['description', 'A.B., 4.B', 'A.B., 4.B'],
    ['plan', undefined, 'Ikke besvaret'],
  ])('renders %s = %j as "%s"', (field, value, expected) => {
    expect(formatAnswer(field, value as never, playbook)).toBe(expected);
  });
});
