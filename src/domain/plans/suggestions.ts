/**
 * What a draft suggests from the intake and the playbook: the pedagogical actions that fit the
 * concern (for a class, those aimed at the community first) and goals with signs for each area. The
 * team edits them on the card; nothing here is the municipality's fact.
 */
import type { Area, Intake } from '../intake.js';
import type { Playbook, PedagogicalAction } from '../playbook.js';
import type { PlanGoal } from './content.js';

/** The referral's goal of the child's return, to be made concrete by the school (handleguiden: "med henblik på, at det enkelte barn kan vende tilbage til almenområdet"). */
export const RETURN_GOAL: PlanGoal = {
  goal: 'Barnet vender tilbage til et læringsfællesskab på almenområdet, helt eller delvist',
  signs: [
    'Barnet deltager i udvalgte timer i et almenfagligt læringsfællesskab',
    'Barnet fortæller, at det er trygt ved at være i klassen',
  ],
};

/**
 * At most this many suggested actions: "hellere få indsatser end mange" (seed 001), as the card's
 * hint over the actions says. A draft prefills no more (issue #12: three prefilled actions under
 * that hint contradicted it).
 */
export const MAX_SUGGESTIONS = 2;

/**
 * The playbook's pedagogical actions that fit the concern's areas, not already tried; for a class,
 * the actions aimed at the community come first ("altid rettet mod det fællesskab", handleguiden):
 * a restless class gets classroom management before a course for one child's temper. Then the
 * closest fit, then catalogue order; at most `max`.
 */
export function suggestActions(intake: Intake, playbook: Playbook, max: number = MAX_SUGGESTIONS): PedagogicalAction[] {
  const areas = new Set<Area>(intake.areas ?? []);
  const tried = new Set(intake.tried ?? []);
  if (areas.size === 0) return [];
  // Closest fit first: the share of areas the action and the concern have in common (Jaccard), so
  // a broad action (e.g. a mellemform, fitting five areas) does not crowd out the focused ones.
  return playbook.actions
    .map((action, index) => {
      const hits = action.areas.filter((a) => areas.has(a)).length;
      const forClass = intake.scope === 'faellesskab' ? (action.aim === 'barn' ? 0 : 1) : 1;
      return { action, index, hits, forClass, fit: hits / (action.areas.length + areas.size - hits) };
    })
    .filter(({ action, hits }) => hits > 0 && !tried.has(action.id))
    .sort((a, b) => b.forClass - a.forClass || b.fit - a.fit || b.hits - a.hits || a.index - b.index)
    .slice(0, max)
    .map(({ action }) => action);
}

/** A proposed goal with signs for each area, for a community and for a child. Editable in the card. */
const GOAL_SUGGESTIONS: Record<'faellesskab' | 'barn', Record<Area, PlanGoal>> = {
  faellesskab: {
    faglig: {
      goal: 'Alle elever deltager aktivt i den faglige undervisning',
      signs: [
        'Eleverne går i gang med opgaverne inden for de første fem minutter',
        'Flere elever når lektionens mål, fx vist med exit-sedler',
      ],
    },
    trivsel: {
      goal: 'Eleverne oplever at høre til i klassefællesskabet',
      signs: ['Flere elever svarer positivt på trivselsspørgsmålene i næste måling', 'Ingen elever er alene i frikvartererne'],
    },
    socialt: {
      goal: 'Eleverne samarbejder godt på tværs af de faste grupper',
      signs: ['Eleverne kan arbejde sammen i nye grupper', 'Færre konflikter noteret i klasseloggen'],
    },
    adfaerd: {
      goal: 'Der er ro og struktur i undervisningen, så alle kan deltage',
      signs: ['Lektionerne starter roligt efter en fast rutine', 'Færre afbrydelser noteret i klasseloggen'],
    },
    fravaer: {
      goal: 'Eleverne kommer i skole og møder til tiden',
      signs: ['Fraværet i klassen falder', 'Eleverne møder til tiden om morgenen'],
    },
    familie: {
      goal: 'Forældrene er aktive samarbejdspartnere om klassens trivsel og læring',
      signs: ['Forældrene deltager i de aftalte møder', 'Der er løbende dialog med forældrene via Aula'],
    },
    overgang: {
      goal: 'Eleverne oplever en tryg og forudsigelig overgang',
      signs: ['Eleverne ved, hvad der skal ske, og hvem de voksne er', 'Eleverne deltager i undervisningen fra første dag'],
    },
  },
  barn: {
    faglig: {
      goal: 'Barnet deltager aktivt i den faglige undervisning sammen med klassen',
      signs: ['Barnet går i gang med opgaverne med den aftalte støtte', 'Barnet når flere af lektionernes mål'],
    },
    trivsel: {
      goal: 'Barnet oplever at høre til i klassefællesskabet',
      signs: ['Barnet fortæller ved elevsamtalen, at det har det godt i klassen', 'Barnet er sammen med andre i frikvartererne'],
    },
    socialt: {
      goal: 'Barnet indgår i gode relationer med klassekammeraterne',
      signs: ['Barnet samarbejder med andre i gruppearbejde', 'Barnet har mindst én fast legekammerat'],
    },
    adfaerd: {
      goal: 'Barnet kan regulere sig selv og deltage i fællesskabet',
      signs: ['Barnet bruger de aftalte strategier, fx en pause, når det bliver uroligt', 'Færre konflikter noteret i klasseloggen'],
    },
    fravaer: { goal: 'Barnet kommer i skole hver dag', signs: ['Barnets fravær falder', 'Barnet møder til tiden om morgenen'] },
    familie: {
      goal: 'Skole og hjem samarbejder om barnets trivsel og læring',
      signs: ['Forældrene deltager i de aftalte møder', 'Der er ugentlig kontakt mellem skole og hjem'],
    },
    overgang: {
      goal: 'Barnet oplever en tryg og forudsigelig overgang',
      signs: ['Barnet ved, hvad der skal ske, og hvem de voksne er', 'Barnet deltager i undervisningen fra første dag'],
    },
  },
};

/** Proposed goals: one per area of the concern, for its first two areas (fewer goals are easier to follow). */
export function suggestGoals(intake: Intake, max = 2): PlanGoal[] {
  const who = intake.scope === 'barn' ? 'barn' : 'faellesskab';
  return (intake.areas ?? []).slice(0, max).map((area) => {
    const g = GOAL_SUGGESTIONS[who][area];
    return { goal: g.goal, signs: [...g.signs] };
  });
}
