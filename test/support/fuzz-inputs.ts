/**
 * What the fuzz test (test/integration/fuzz.protocol.test.ts) sends, as fast-check arbitraries:
 * hostile free text (CPR numbers written every way the guard knows, `${…}` template expressions,
 * prototype keys, control characters, very long text), bodies that are not activities, activities
 * with wrong types and unknown words, and the steps that answer a card the bot sent: which card,
 * which of its buttons, how its inputs are filled, and how the button's data is tampered with.
 * Kept apart from the test so the generators can be read (and reused) without the harness.
 */
import fc from 'fast-check';

/** CPR numbers as people and attackers type them; each must be refused wherever it is sent. */
export const CPR_SAMPLES = [
  '010203-1234',
  '311299-4321',
  '2902001234',
  '150312\u20134321',
  '150312\u20114322',
  '150312\u00a04323',
  '1503\u200b12\u200b4324',
  '\uff11\uff15\uff10\uff13\uff11\uff12\uff0d\uff14\uff13\uff12\uff16',
  '\u0661\u0665\u0660\u0663\u0661\u0662-\u0664\u0663\u0662\u0667',
  '15.03.12-4328',
  '15 03 12-4329',
  '150312/4330',
  '150312  4332',
] as const;

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** Template expressions (adaptivecards-templating / adaptive-expressions): some would build a CPR number if evaluated. */
export const TEMPLATE_EXPRESSIONS = [
  '${caseId}',
  '${$root}',
  '${$root.caseId}',
  "${concat('0102', '03-1234')}",
  '${json(\'{"a":1}\')}',
  '${if(true, 1, 2)}',
  '${string(1+1)}',
  '${__proto__}',
  '${constructor.constructor("return process")()}',
  '${',
  '$${x}}',
];

const DANISH = ['Eleven', 'Barnet', 'Mor', 'Far', 'Læreren', 'Klassen', 'A.B., 4.B', 'græder i frikvarteret', 'mål', 'ø æ å'];

/** Free text a teacher could write: passes the guards, so submits with it move the case on. */
export const benignText = fc
  .array(fc.constantFrom(...DANISH, 'trives bedre', 'uge 50', 'tirsdag kl. 14:30', '12 elever', '4.B'), { minLength: 1, maxLength: 6 })
  .map((words) => words.join(' '));

export type Hostility = 'cpr' | 'template' | 'prototype' | 'control' | 'long' | 'unicode';

/** Hostile free text, with what makes it hostile (CPR-like text must never be stored). */
export const hostileText: fc.Arbitrary<{ kind: Hostility; text: string }> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...DANISH), fc.constantFrom(...CPR_SAMPLES), fc.constantFrom(...TEMPLATE_EXPRESSIONS, '', ' '))
      .map(([w, c, t]) => ({ kind: 'cpr' as const, text: `${w} ${c} ${t}`.trim() })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...TEMPLATE_EXPRESSIONS), fc.constantFrom(...DANISH))
      .map(([t, w]) => ({ kind: 'template' as const, text: `${w} ${t}` })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS).map((k) => ({ kind: 'prototype' as const, text: k })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('\u0000', '\u0007', '\u001b[31m', '\ud800', '\ufffe'), fc.constantFrom(...DANISH))
      .map(([c, w]) => ({ kind: 'control' as const, text: `${w}${c}${w}` })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 2_000, max: 60_000 }), fc.boolean())
      .map(([n, cpr]) => ({ kind: cpr ? ('cpr' as const) : ('long' as const), text: `${'æ'.repeat(n)}${cpr ? ' 010203-1234' : ''}` })),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s) => ({ kind: 'unicode' as const, text: s })) },
);

/** A value of the wrong type (or a hostile one) for a field that should hold a string. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...PROTOTYPE_KEYS, 'a'), fc.string({ maxLength: 8 })),
  hostileText.map((h) => h.text),
  fc.constantFrom('', ' ', '-1', '1e308', 'NaN', '00000000-0000-0000-0000-000000000000', '../../etc/passwd', "' or 1=1 --"),
);

/** How a card's button data is tampered with before it is sent back. */
export type Tamper =
  | { kind: 'none' }
  | { kind: 'unknown-verb'; verb: string }
  | { kind: 'other-verb' }
  | { kind: 'wrong-value'; key: number; value: unknown }
  | { kind: 'prototype-key'; key: string; value: unknown }
  | { kind: 'drop-data' }
  | { kind: 'stale-seq'; delta: number };

export const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  { weight: 10, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom(...PROTOTYPE_KEYS, 'intake.', 'plan.delete', 'admin.drop'),
        hostileText.map((h) => h.text),
      )
      .map((verb) => ({ kind: 'unknown-verb' as const, verb })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'other-verb' as const }) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), wrongValue).map(([key, value]) => ({ kind: 'wrong-value' as const, key, value })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...PROTOTYPE_KEYS), wrongValue)
      .map(([key, value]) => ({ kind: 'prototype-key' as const, key, value })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop-data' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }).map((delta) => ({ kind: 'stale-seq' as const, delta })) },
);

/**
 * How a card's inputs are filled: 'benign' (every text input a teacher's text, every choice a valid
 * one: moves the case on), 'one' (one text input hostile, the rest benign, so each field's own
 * guard is what refuses), 'all' (every text input hostile).
 */
export interface CardStep {
  kind: 'card';
  pick: number;
  action: number;
  via: 'execute' | 'submit';
  fill: 'benign' | 'one' | 'all';
  field: number;
  hostile: { kind: Hostility; text: string }[];
  benign: string[];
  choices: number[];
  tamper: Tamper;
}

export const cardStep: fc.Arbitrary<CardStep> = fc.record({
  kind: fc.constant('card' as const),
  pick: fc.nat(),
  action: fc.nat(),
  via: fc.constantFrom('execute' as const, 'execute' as const, 'submit' as const),
  fill: fc.constantFrom('benign' as const, 'one' as const, 'one' as const, 'all' as const),
  field: fc.nat(),
  hostile: fc.array(hostileText, { minLength: 8, maxLength: 8 }),
  benign: fc.array(benignText, { minLength: 8, maxLength: 8 }),
  choices: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  tamper,
});

/** A message typed by one of the actors: a command, a greeting or hostile text. */
export interface TextStep {
  kind: 'text';
  actor: number;
  text: string;
}
export const textStep: fc.Arbitrary<TextStep> = fc.record({
  kind: fc.constant('text' as const),
  actor: fc.nat(),
  text: fc.oneof(
    fc.constantFrom(
      'ny bekymring',
      'fortsæt',
      'hjælp',
      'annullér',
      'mine sager',
      'sager på skolen',
      'status',
      'mine anmodninger',
      'åbne anmodninger',
      'hej',
      'genindlæs',
    ),
    hostileText.map((h) => h.text),
  ),
});

/** An activity built from scratch: any type, invoke name, value and conversation, from any user. */
export interface RawActivityStep {
  kind: 'activity';
  actor: number;
  type: string;
  name: string | undefined;
  text: string | undefined;
  value: unknown;
  fromName: string;
  conversationType: string;
  tenant: 'ours' | 'other' | 'missing';
}
export const rawActivityStep: fc.Arbitrary<RawActivityStep> = fc.record({
  kind: fc.constant('activity' as const),
  actor: fc.nat(),
  type: fc.oneof(
    fc.constantFrom(
      'message',
      'invoke',
      'conversationUpdate',
      'installationUpdate',
      'messageReaction',
      'event',
      'typing',
      'endOfConversation',
      'Message',
      '',
    ),
    hostileText.map((h) => h.text.slice(0, 100)),
  ),
  name: fc.oneof(
    fc.constant(undefined),
    fc.constantFrom('adaptiveCard/action', 'task/fetch', 'task/submit', 'composeExtension/query', 'signin/verifyState', ...PROTOTYPE_KEYS),
    hostileText.map((h) => h.text),
  ),
  text: fc.oneof(
    fc.constant(undefined),
    hostileText.map((h) => h.text),
    wrongValue.map((v) => v as string),
  ),
  value: fc.oneof(
    fc.constant(undefined),
    wrongValue,
    fc.record({
      action: fc.record({
        type: fc.constantFrom('Action.Execute', 'Action.Submit', 'x'),
        verb: fc.oneof(fc.constantFrom('intake.answer', 'plan.save', 'sparring.claim', 'case.open'), wrongValue),
        data: fc.oneof(
          wrongValue,
          fc.dictionary(fc.constantFrom('caseId', 'seq', 'planId', 'requestId', 'version', 'description', ...PROTOTYPE_KEYS), wrongValue),
        ),
      }),
    }),
    fc.dictionary(fc.constantFrom('verb', 'caseId', 'seq', 'planId', 'requestId', 'summary', ...PROTOTYPE_KEYS), wrongValue),
  ),
  fromName: hostileText.map((h) => h.text.slice(0, 300)),
  conversationType: fc.oneof(
    fc.constantFrom('personal', 'channel', 'groupChat'),
    hostileText.map((h) => h.text),
  ),
  tenant: fc.constantFrom('ours' as const, 'ours' as const, 'other' as const, 'missing' as const),
});

/** A body that is not an activity, or too big, sent as it is. */
export interface BodyStep {
  kind: 'body';
  body: string;
  contentType: string;
}
export const bodyStep: fc.Arbitrary<BodyStep> = fc.record({
  kind: fc.constant('body' as const),
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json',
    'text/plain',
    'application/vnd.x+json',
    'application/x-www-form-urlencoded',
  ),
  body: fc.oneof(
    hostileText.map((h) => `{"type":"message","text":"${h.text}"`),
    hostileText.map((h) => JSON.stringify([{ type: 'message', text: h.text }])),
    hostileText.map((h) => JSON.stringify({ text: h.text, value: { verb: h.text } })),
    wrongValue.map((v) => JSON.stringify({ type: v, text: '010203-1234' }) ?? 'undefined'),
    fc.constantFrom(
      '',
      'null',
      'true',
      '1',
      '"message"',
      '{}',
      '{"type":""}',
      '{"__proto__":{"type":"message"}}',
      '{"type":"message","__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"polluted":1}},"type":"message"}',
    ),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.integer({ min: 200_000, max: 400_000 }).map((n) => JSON.stringify({ type: 'message', text: `${'x'.repeat(n)} 010203-1234` })),
    fc.integer({ min: 1, max: 2_000 }).map((depth) => `${'{"type":"message","value":'.repeat(1)}${'['.repeat(depth)}${']'.repeat(depth)}}`),
  ),
});

export type Step = CardStep | TextStep | RawActivityStep | BodyStep;

/** The mix: most steps answer the bot's own cards (deep code), the rest attack the edges. */
export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 50, arbitrary: cardStep },
  { weight: 10, arbitrary: textStep },
  { weight: 25, arbitrary: rawActivityStep },
  { weight: 15, arbitrary: bodyStep },
);
