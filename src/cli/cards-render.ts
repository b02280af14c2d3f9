/**
 * `npm run cards:render`: draws every card template, bound to each of its fixtures
 * (`test/fixtures/cards/<name>[.<variant>].json`), to `test-results/cards/<name>[.<variant>].png`
 * with Microsoft's own `adaptivecards` renderer, in headless Chromium, with the Microsoft Teams light
 * host config and the Teams container style of the Adaptive Cards designer.
 *
 * The renderer's parse events (unknown types, invalid values, ...) and validation events
 * (`validateProperties`: duplicate ids, inputs without labels, too many actions, ...) are collected;
 * any of them is a failure and the command exits non-zero.
 *
 *   npm run cards:render                      # every template and fixture
 *   npm run cards:render -- question notice   # only these templates
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderCard, CARD_NAMES, isCardName, type CardName } from '../cards/index.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const repoPath = (...parts: string[]) => join(REPO_ROOT, ...parts);
export const FIXTURES_DIR = repoPath('test', 'fixtures', 'cards');
export const OUT_DIR = repoPath('test-results', 'cards');
const RENDERER_JS = repoPath('node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');
const HOST_CONFIG = repoPath('node_modules', 'adaptivecards-designer', 'lib', 'hostConfigs', 'microsoft-teams-light.json');
const TEAMS_CSS = repoPath('node_modules', 'adaptivecards-designer', 'dist', 'containers', 'teams-container-light.css');

export interface CardFixture {
  name: CardName;
  /** The part between the template name and `.json`: null for `<name>.json`, e.g. "max" for `<name>.max.json`. */
  variant: string | null;
  /** `<name>` or `<name>.<variant>`. */
  id: string;
  file: string;
}

/** The fixtures of the card templates; throws on a fixture whose name is not a template's. */
export function listCardFixtures(dir: string = FIXTURES_DIR): CardFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const id = file.slice(0, -'.json'.length);
      const [name, ...rest] = id.split('.');
      if (!name || !isCardName(name)) throw new Error(`Fixture ${file} does not name a card template (${CARD_NAMES.join(', ')})`);
      return { name, variant: rest.length > 0 ? rest.join('.') : null, id, file: join(dir, file) };
    });
}

export interface CardPngResult {
  fixture: CardFixture;
  png: string;
  /** The renderer's parse and validation events, and any script error: empty when the card is clean. */
  errors: string[];
}

export interface RenderCardsOptions {
  names?: readonly CardName[];
  fixturesDir?: string;
  outDir?: string;
  chromiumPath?: string;
  /** Width of the Teams message frame, in CSS pixels. */
  width?: number;
}

interface PageResult {
  errors: string[];
}

/** Renders every fixture of the templates to PNG; one result per fixture (it does not throw on renderer errors). */
export async function renderCardsToPng(options: RenderCardsOptions = {}): Promise<CardPngResult[]> {
  const fixtures = listCardFixtures(options.fixturesDir).filter((f) => !options.names || options.names.includes(f.name));
  if (fixtures.length === 0) throw new Error('No card fixtures to render');
  const drawn: DrawnCard[] = [];
  const templateErrors = new Map<string, string[]>();
  for (const fixture of fixtures) {
    try {
      drawn.push({ id: fixture.id, card: renderCard(fixture.name, JSON.parse(readFileSync(fixture.file, 'utf8'))) });
    } catch (error) {
      templateErrors.set(fixture.id, [`template: ${(error as Error).message}`]);
    }
  }
  const pngs = new Map((await drawCardsToPng(drawn, options)).map((r) => [r.id, r]));
  return fixtures.map((fixture) => {
    const png = pngs.get(fixture.id);
    return { fixture, png: png?.png ?? '', errors: templateErrors.get(fixture.id) ?? png?.errors ?? ['not drawn'] };
  });
}

export interface DrawnCard {
  /** File name of the PNG, without `.png`. */
  id: string;
  /** The card JSON, as it would be sent to Teams. */
  card: unknown;
}

/**
 * Draws card JSON to `<outDir>/<id>.png` with the adaptivecards renderer and the Teams light host
 * config; returns the renderer's parse and validation events (and script errors) for each card.
 */
export async function drawCardsToPng(
  cards: readonly DrawnCard[],
  options: Pick<RenderCardsOptions, 'outDir' | 'chromiumPath' | 'width'> = {},
): Promise<{ id: string; png: string; errors: string[] }[]> {
  if (cards.length === 0) return [];
  const chromiumPath = options.chromiumPath ?? CHROMIUM_PATH;
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium)`);
  const outDir = options.outDir ?? OUT_DIR;
  const width = options.width ?? 560;
  mkdirSync(outDir, { recursive: true });

  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'cards-render-'));
  const results: { id: string; png: string; errors: string[] }[] = [];
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: width + 80, height: 900 },
      offline: true,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(`console error: ${message.text()}`);
      });
      await page.setContent(
        `<!doctype html><html lang="da"><head><meta charset="utf-8"><style>
          body { margin: 0; padding: 16px; background: #f5f5f5; }
          .teams-inner-frame { width: ${width}px; min-width: 0; max-width: none; box-sizing: border-box; }
        </style></head><body><div class="teams-inner-frame" id="frame"><div class="teams-card" id="card"></div></div></body></html>`,
      );
      await page.addStyleTag({ path: TEAMS_CSS });
      await page.addScriptTag({ path: RENDERER_JS });
      const hostConfig: unknown = JSON.parse(readFileSync(HOST_CONFIG, 'utf8'));

      for (const { id, card } of cards) {
        pageErrors.length = 0;
        const result = (await page.evaluate(`(${DRAW_CARD})(${JSON.stringify({ card, hostConfig })})`)) as PageResult;
        const png = join(outDir, `${id}.png`);
        await page.locator('#frame').screenshot({ path: png });
        results.push({ id, png, errors: [...result.errors, ...pageErrors] });
      }
    } finally {
      await context.close();
    }
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return results;
}

/**
 * Runs in the page: parses, validates and renders one card into #card; returns the renderer's
 * complaints. Kept as plain JavaScript source so no TypeScript transform touches it on its way into
 * the page.
 */
const DRAW_CARD = `({ card, hostConfig }) => {
  const AC = globalThis.AdaptiveCards;
  if (!AC) return { errors: ['page: the adaptivecards renderer did not load'] };
  const errors = [];
  const eventName = (e) => String(AC.ValidationEvent[e] ?? e);
  const describe = (source) => source ? (source.getJsonTypeName ? source.getJsonTypeName() : '?') + (source.id ? '#' + source.id : '') : 'card';
  const adaptiveCard = new AC.AdaptiveCard();
  adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
  const context = new AC.SerializationContext();
  adaptiveCard.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    errors.push('parse ' + eventName(e.event) + ' (' + describe(e.source) + '): ' + e.message);
  }
  for (const e of adaptiveCard.validateProperties().validationEvents) {
    errors.push('validation ' + eventName(e.event) + ' (' + describe(e.source) + '): ' + e.message);
  }
  const host = document.getElementById('card');
  host.replaceChildren();
  const element = adaptiveCard.render();
  if (!element) errors.push('render: the renderer produced nothing');
  else host.appendChild(element);
  return { errors };
}`;

async function main(argv: string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !isCardName(n));
  if (unknown.length > 0) {
    console.error(`Unknown card template(s): ${unknown.join(', ')}. Known: ${CARD_NAMES.join(', ')}`);
    return 2;
  }
  const results = await renderCardsToPng({ names: names.length > 0 ? (names as CardName[]) : undefined });
  let failed = 0;
  for (const r of results) {
    if (r.errors.length === 0) {
      console.log(`ok    ${r.fixture.id.padEnd(32)} ${r.png}`);
    } else {
      failed++;
      console.log(`FAIL  ${r.fixture.id}`);
      for (const e of r.errors) console.log(`      ${e}`);
    }
  }
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
