/**
 * The repository keeps its own copy of the contract's worked examples
 * (test/fixtures/scenarios/ladder.json), so that the tests need nothing beside it. Where the
 * contract is checked out beside the repository (../shared/scenarios/ladder.json, as in CI), the
 * copy must not drift from it; elsewhere this check is skipped and says so. The rules the examples
 * illustrate are described in docs/indsatstrappen.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const COPY = new URL('../../fixtures/scenarios/ladder.json', import.meta.url);
const CONTRACT = new URL('../../../../shared/scenarios/ladder.json', import.meta.url);
const contractPath = fileURLToPath(CONTRACT);

const TO_DO =
  `test/fixtures/scenarios/ladder.json differs from the contract's ${contractPath}. ` +
  `Copy the contract's file over the copy (cp ${contractPath} test/fixtures/scenarios/ladder.json), ` +
  'then bring the engine (src/domain/ladder-rules.ts and its neighbours) up to date until ' +
  'test/unit/domain/ladder.scenarios.test.ts passes again.';

interface Scenario {
  name: string;
}

/** The names of the scenarios that are new, gone or changed between two lists, for the message. */
function differences(copy: Scenario[], contract: Scenario[]): string[] {
  const byName = (list: Scenario[]) => new Map(list.map((s) => [s.name, JSON.stringify(s)]));
  const mine = byName(copy);
  const theirs = byName(contract);
  return [
    ...[...theirs.keys()].filter((n) => !mine.has(n)).map((n) => `new in the contract: "${n}"`),
    ...[...mine.keys()].filter((n) => !theirs.has(n)).map((n) => `gone from the contract: "${n}"`),
    ...[...theirs.keys()].filter((n) => mine.has(n) && mine.get(n) !== theirs.get(n)).map((n) => `changed: "${n}"`),
  ];
}

describe('the copy of the scenarios', () => {
  if (existsSync(CONTRACT)) {
    it('is the same as the contract beside the repository (../shared/scenarios/ladder.json)', () => {
      const copy = JSON.parse(readFileSync(COPY, 'utf8')) as Scenario[];
      const contract = JSON.parse(readFileSync(CONTRACT, 'utf8')) as Scenario[];
      const listed = differences(copy, contract);
      expect(copy, `${TO_DO}\n${listed.join('\n') || 'The same scenarios in another order.'}`).toEqual(contract);
    });
  } else {
    console.warn(`[scenarios] ${contractPath} is not there: the copy in test/fixtures/scenarios/ was not checked against the contract.`);
    it.skip(`was not checked: ${contractPath} is not beside the repository`, () => undefined);
  }
});
