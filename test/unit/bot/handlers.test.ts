/**
 * One handler per verb: the feature modules' tables together cover the verb table
 * (src/cards/verbs.ts) exactly. The compiler already refuses a missing one (`Handlers` is a
 * `Record<Verb, Handler>`); this also catches a handler for a verb the table no longer has.
 */
import { describe, expect, it } from 'vitest';
import { VERB_NAMES } from '../../../src/cards/index.js';
import { helpHandlers } from '../../../src/bot/commands.js';
import { intakeHandlers } from '../../../src/bot/intake.js';
import { concernHandlers } from '../../../src/bot/concerns.js';
import { PlanHandlers } from '../../../src/bot/plans.js';
import { ReminderHandlers } from '../../../src/bot/reminders.js';
import { SparringHandlers } from '../../../src/bot/sparring.js';
import { pkuHandlers } from '../../../src/bot/pku.js';
import { safeguardingHandlers } from '../../../src/bot/safeguarding.js';
import { insightHandlers } from '../../../src/bot/insight.js';
import { erasureHandlers } from '../../../src/bot/erasure.js';
import { accessLogHandlers } from '../../../src/bot/access-log.js';
import { closingHandlers } from '../../../src/bot/closing.js';
import type { Handlers } from '../../../src/bot/reply.js';

const unused = {} as never;

describe('the handler registry', () => {
  it('has exactly one handler per verb', () => {
    const tables = [
      intakeHandlers({ intake: unused, cases: unused, notifier: unused, playbook: unused }),
      concernHandlers({ concerns: unused, cases: unused, playbook: unused, clock: () => new Date() }),
      helpHandlers(),
      new PlanHandlers(unused, unused, unused, unused, unused).verbs,
      new ReminderHandlers(unused, unused).verbs,
      new SparringHandlers(unused, unused, unused, unused, unused).verbs,
      pkuHandlers({ pku: unused, cases: unused, clock: () => new Date(), directory: unused }),
      safeguardingHandlers({ safeguarding: unused, directory: unused }),
      insightHandlers(unused, unused),
      erasureHandlers(unused, unused),
      accessLogHandlers(unused),
      closingHandlers(unused, unused),
    ];
    const keys = tables.flatMap((t) => Object.keys(t));
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...VERB_NAMES].sort());
    const registry: Handlers = Object.assign({}, ...tables) as Handlers;
    for (const verb of VERB_NAMES) expect(typeof registry[verb]).toBe('function');
  });
});
