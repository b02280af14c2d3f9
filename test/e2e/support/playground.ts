/**
 * End-to-end harness: the real bot, Microsoft 365 Agents Playground and headless Chromium, driven
 * the way a teacher uses Teams (type a message, tick choices on a card, press a button).
 *
 * `E2EHarness.start()` starts the bot (`node --import tsx src/main.ts`, a fresh DATA_DIR, a free
 * port, local anonymous mode) and Chromium; `openPlayground()` starts one Playground process for one
 * person and opens it in a page. Several Playgrounds (one per person) can talk to the same bot.
 * `close()` stops every child, also after a failure. Run it inside a loopback-only network
 * namespace (see ../run-in-netns.ts): the Playground tries to reach telemetry hosts.
 *
 * How the Playground renders cards (0.2.x, Teams' Fluent renderer): every card is a
 * `.ac-adaptiveCard`; an input's `<label for>` points at the input (Input.Text) or at the group of
 * choices (expanded ChoiceSet: radios or checkboxes, each with its own `<label for>`), or at a
 * combobox (compact ChoiceSet). The card's input ids are not in the DOM, so inputs are found by
 * their visible label – as a user finds them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import {
  PLAYGROUND_BOT,
  PLAYGROUND_PEOPLE,
  playgroundCliPath,
  playgroundConfigYaml,
  playgroundStartArgs,
  type PlaygroundPerson,
} from '../../../src/cli/playground.js';
import { CHROMIUM_ARGS } from '../../../src/cli/chromium.js';
import { CHROMIUM_PATH, REPO_ROOT } from './env.js';
import { freePort, spawnChild, waitForHttpOk, waitUntil, type Child } from './processes.js';

/** Environment variables that would take the bot out of local anonymous mode or away from PGlite. */
const BOT_ENV_REMOVED = [
  'BOT_ID',
  'BOT_PASSWORD',
  'BOT_TENANT_ID',
  'DATABASE_URL',
  'ALLOWED_TENANTS',
  'PLAYBOOK_FILE',
  'PORT',
  'DATA_DIR',
  'LOG_LEVEL',
  'ENCRYPTION_KEY',
  'ENCRYPTION_PREVIOUS_KEYS',
];

export interface HarnessOptions {
  /** Names the results folder: test-results/e2e/<scenario>/. */
  scenario: string;
  /** The bot's entry, relative to the repository (default E2E_BOT_ENTRY or src/main.ts). */
  botEntry?: string;
  /** Extra environment for the bot (e.g. PLAYBOOK_FILE). */
  botEnv?: Record<string, string>;
  /** Default time to wait for a card, ms. */
  cardTimeoutMs?: number;
}

export interface StepRecord {
  name: string;
  ms: number;
  ok: boolean;
}

/** A rendered card: its position among all cards in the open conversation, and its text then. */
export interface Card {
  index: number;
  locator: Locator;
  text: string;
}

export class E2EHarness {
  readonly resultsDir: string;
  readonly steps: StepRecord[] = [];
  readonly screenshots: string[] = [];
  readonly playgrounds: PlaygroundUI[] = [];
  currentStep: string | null = null;
  private readonly children: Child[] = [];
  private shotNumber = 0;
  private closed = false;

  private constructor(
    readonly options: HarnessOptions,
    readonly workDir: string,
    readonly bot: { url: string; child: Child; dataDir: string },
    readonly browser: BrowserContext,
  ) {
    this.resultsDir = path.join(REPO_ROOT, 'test-results', 'e2e', options.scenario);
    this.children.push(bot.child);
  }

  /** Starts the bot and Chromium. On failure everything started so far is stopped again. */
  static async start(options: HarnessOptions): Promise<E2EHarness> {
    const workDir = mkdtempSync(path.join(os.tmpdir(), `e2e-${options.scenario}-`));
    const resultsDir = path.join(REPO_ROOT, 'test-results', 'e2e', options.scenario);
    rmSync(resultsDir, { recursive: true, force: true });
    mkdirSync(resultsDir, { recursive: true });

    const dataDir = path.join(workDir, 'data');
    mkdirSync(dataDir);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of BOT_ENV_REMOVED) delete env[key];
    Object.assign(env, { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, options.botEnv);
    const entry = options.botEntry ?? process.env.E2E_BOT_ENTRY ?? 'src/main.ts';
    const botChild = spawnChild('bot', process.execPath, ['--import', 'tsx', entry], {
      cwd: REPO_ROOT,
      env,
      logFile: path.join(resultsDir, 'bot.log'),
    });
    const url = `http://127.0.0.1:${port}`;
    let browser: BrowserContext | undefined;
    try {
      // /healthz answers as soon as the process listens; /readyz once the database is open and the bot attached.
      await waitForHttpOk(`${url}/healthz`, { timeoutMs: 60_000, child: botChild });
      await waitForHttpOk(`${url}/readyz`, { timeoutMs: 60_000, child: botChild });
      browser = await chromium.launchPersistentContext(path.join(workDir, 'chromium-profile'), {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1280, height: 1000 },
        locale: 'da-DK',
        timezoneId: 'Europe/Copenhagen',
      });
      browser.setDefaultTimeout(15_000);
    } catch (error) {
      await browser?.close().catch(() => undefined);
      await botChild.stop();
      rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
    return new E2EHarness(options, workDir, { url, child: botChild, dataDir }, browser);
  }

  /**
   * Starts a Playground for one person (index into PLAYGROUND_PEOPLE, default 0: the first teacher
   * with a team, Lise Bruun in the example) and opens it in a new page. The Playground installs the
   * bot in the personal chat on load. Its team channel is the one playgroundTeam() gives that person.
   */
  async openPlayground(options: { user?: number } = {}): Promise<PlaygroundUI> {
    const userIndex = options.user ?? 0;
    const person = PLAYGROUND_PEOPLE[userIndex];
    if (!person) throw new RangeError(`no Playground person ${userIndex}`);
    const dir = path.join(this.workDir, `playground-${this.playgrounds.length}`);
    mkdirSync(dir);
    const configPath = path.join(dir, 'playground.yml');
    writeFileSync(configPath, playgroundConfigYaml({ currentUser: userIndex }));
    const port = await freePort();
    const child = spawnChild(
      `playground-${person.givenName}`,
      process.execPath,
      [playgroundCliPath(), ...playgroundStartArgs(`${this.bot.url}/api/messages`, port)],
      {
        cwd: dir, // it writes devTools/ into its working directory
        env: {
          ...process.env,
          TEAMSAPPTESTER_BROWSER: 'none',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
          M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dir, 'playground-internal.log'),
        },
        logFile: path.join(this.resultsDir, `playground-${person.givenName.toLowerCase()}.log`),
      },
    );
    this.children.push(child);
    // It falls back to a random port if the chosen one is taken: read the one it reports.
    const actualPort = await waitUntil(
      'the Playground to listen',
      async () => {
        const match = /Listening on (\d+)/.exec(child.tail(200));
        return match ? Number(match[1]) : undefined;
      },
      { timeoutMs: 60_000, child, showOutputOnTimeout: true },
    );
    const url = `http://127.0.0.1:${actualPort}`;
    await waitForHttpOk(url, { timeoutMs: 30_000, child });
    const page = await this.browser.newPage();
    const ui = new PlaygroundUI(this, page, url, person, child, this.options.cardTimeoutMs ?? 20_000);
    this.playgrounds.push(ui);
    await ui.load();
    return ui;
  }

  /** Runs one named step of a scenario and records its duration. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    this.currentStep = name;
    try {
      const value = await fn();
      this.steps.push({ name, ms: Math.round(performance.now() - started), ok: true });
      this.currentStep = null;
      return value;
    } catch (error) {
      this.steps.push({ name, ms: Math.round(performance.now() - started), ok: false });
      throw error;
    }
  }

  /** Path of the next numbered screenshot file. */
  nextScreenshotPath(name: string): string {
    this.shotNumber += 1;
    const safe = name
      .toLowerCase()
      .replace(/[^a-z0-9æøå-]+/g, '-')
      .replace(/^-|-$/g, '');
    const file = path.join(this.resultsDir, `${String(this.shotNumber).padStart(2, '0')}-${safe}.png`);
    this.screenshots.push(file);
    return file;
  }

  /** After a failure: a screenshot of every open Playground, and what was exchanged. */
  async captureFailure(): Promise<void> {
    for (const ui of this.playgrounds) {
      await ui.screenshot(`failure-${ui.person.givenName}`).catch(() => undefined);
    }
  }

  /** Stops Chromium, every Playground and the bot; removes the temporary data. Never throws. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const ui of this.playgrounds) {
      try {
        writeFileSync(path.join(this.resultsDir, `transcript-${ui.person.givenName.toLowerCase()}.jsonl`), ui.transcript.join('\n') + '\n');
      } catch {
        // results are best effort
      }
    }
    await Promise.race([this.browser.close(), new Promise((r) => setTimeout(r, 10_000))]).catch(() => undefined);
    await Promise.all(this.children.map((c) => c.stop().catch(() => undefined)));
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

type View = 'personal' | 'group' | 'channel';

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
const stripRequired = (s: string) => normalize(s).replace(/\s*\*$/, '');

/** Finds the one candidate a needle means: equal, else the only one starting with it, else the only one containing it. */
export function resolveNeedle(needle: string, candidates: readonly string[], what: string): number {
  const n = normalize(needle).toLocaleLowerCase('da');
  const c = candidates.map((x) => normalize(x).toLocaleLowerCase('da'));
  const exact = c.flatMap((x, i) => (x === n ? [i] : []));
  if (exact.length === 1) return exact[0]!;
  for (const test of [(x: string) => x.startsWith(n), (x: string) => x.includes(n)]) {
    const hits = c.flatMap((x, i) => (test(x) ? [i] : []));
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) {
      throw new Error(`"${needle}" is ambiguous (${what}); it matches ${hits.map((i) => `"${normalize(candidates[i]!)}"`).join(', ')}`);
    }
  }
  throw new Error(`no ${what} matching "${needle}"; there are: ${candidates.map((x) => `"${normalize(x)}"`).join(', ') || '(none)'}`);
}

/** One person's Playground page. */
export class PlaygroundUI {
  /** Raw frames the page received over its web socket (the Playground's own protocol), for debugging. */
  readonly transcript: string[] = [];
  private view: View = 'personal';

  constructor(
    readonly harness: E2EHarness,
    readonly page: Page,
    readonly url: string,
    readonly person: PlaygroundPerson,
    readonly child: Child,
    readonly cardTimeoutMs: number,
  ) {
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        if (this.transcript.length < 2_000) this.transcript.push(typeof payload === 'string' ? payload.slice(0, 20_000) : '<binary>');
      });
    });
  }

  /** Opens the Playground; it shows the personal chat with the bot (and sends the install events). */
  async load(): Promise<void> {
    await this.page.goto(this.url, { waitUntil: 'domcontentloaded' });
    await this.composer().waitFor({ state: 'visible', timeout: 30_000 });
    this.view = 'personal';
  }

  /** All cards in the open conversation, oldest first. */
  cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  cardCount(): Promise<number> {
    return this.cards().count();
  }

  async openPersonalChat(): Promise<void> {
    await this.page.getByText('Personal Chat', { exact: true }).click();
    this.view = 'personal';
    await this.composer().waitFor({ state: 'visible' });
  }

  async openGroupChat(name = 'Klasseteam 4.B'): Promise<void> {
    await this.page.getByText(name, { exact: true }).first().click();
    this.view = 'group';
    await this.composer().waitFor({ state: 'visible' });
  }

  /** Opens a channel of the team (General, or the configured extra channel); opening installs the bot there. */
  async openChannel(name = 'General'): Promise<void> {
    await this.page.getByText(name, { exact: true }).first().click();
    this.view = 'channel';
    await this.page.getByRole('button', { name: 'Post', exact: true }).waitFor({ state: 'visible' });
  }

  private composer(): Locator {
    // In a chat there is one editor; in a channel the first is "Start a new post", the others reply in threads.
    return this.page.locator('[data-lexical-editor="true"]').first();
  }

  /**
   * Types a message and sends it. In a channel or group chat the bot only hears messages that
   * @mention it (as in Teams), so there the message starts with a mention unless `mentionBot` is false.
   * In a channel the message becomes a new post.
   */
  async sendText(text: string, options: { mentionBot?: boolean } = {}): Promise<void> {
    const mention = options.mentionBot ?? this.view !== 'personal';
    const editor = this.composer();
    await editor.click();
    if (mention) {
      await this.page.keyboard.type(`@${PLAYGROUND_BOT.name.slice(0, 6)}`);
      await this.page.getByRole('menuitem', { name: PLAYGROUND_BOT.name }).click();
      await this.page.keyboard.type(' ');
    }
    await this.page.keyboard.type(text);
    if (this.view === 'channel') await this.page.getByRole('button', { name: 'Post', exact: true }).click();
    else await this.page.keyboard.press('Enter');
    await waitUntil('the message to be sent', async () => ((await editor.innerText()).trim() === '' ? true : undefined), {
      timeoutMs: 10_000,
      child: this.child,
    });
  }

  /**
   * Waits for a card whose text matches and returns it. `since` (a card count taken before an
   * action) only accepts cards that arrived after it, or were replaced in place at or after it.
   * With several matches the newest wins.
   */
  async waitForCard(match: string | RegExp, options: { since?: number; timeoutMs?: number } = {}): Promise<Card> {
    const since = options.since ?? 0;
    const test = (t: string) => (typeof match === 'string' ? normalize(t).includes(normalize(match)) : match.test(t));
    return this.explainTimeout(
      waitUntil(
        `a card containing ${String(match)}${since ? ` (after card ${since})` : ''} in ${this.person.givenName}'s Playground`,
        async () => {
          const texts = await this.cards().allInnerTexts();
          for (let i = texts.length - 1; i >= since; i--) {
            const text = texts[i]!;
            if (test(text)) return { index: i, locator: this.cards().nth(i), text };
          }
          return undefined;
        },
        { timeoutMs: options.timeoutMs ?? this.cardTimeoutMs, child: this.child, intervalMs: 150 },
      ),
    );
  }

  /** Adds what the person sees (the newest cards) to a failed wait. */
  async explainTimeout<T>(waiting: Promise<T>): Promise<T> {
    try {
      return await waiting;
    } catch (error) {
      const texts = await this.cards()
        .allInnerTexts()
        .catch(() => [] as string[]);
      const shown = texts
        .map((t, i) => `  card ${i}: ${normalize(t).slice(0, 300)}`)
        .slice(-3)
        .join('\n');
      (error as Error).message +=
        `\nnewest cards in ${this.person.givenName}'s Playground (${texts.length} in all):\n${shown || '  (none)'}`;
      throw error;
    }
  }

  /** Same as waitForCard with a text. */
  waitForCardContaining(text: string, options: { since?: number; timeoutMs?: number } = {}): Promise<Card> {
    return this.waitForCard(text, options);
  }

  /** Re-reads a card's text (after it was updated in place). */
  async cardText(card: Card | number): Promise<string> {
    const index = typeof card === 'number' ? card : card.index;
    return this.cards().nth(index).innerText();
  }

  /** The newest card that has a button with this title. */
  async lastCardWithButton(title: string): Promise<Card> {
    return waitUntil(
      `a card with the button "${title}"`,
      async () => {
        const count = await this.cardCount();
        for (let i = count - 1; i >= 0; i--) {
          const locator = this.cards().nth(i);
          if ((await locator.getByRole('button', { name: title, exact: true }).count()) > 0) {
            return { index: i, locator, text: await locator.innerText() };
          }
        }
        return undefined;
      },
      { timeoutMs: this.cardTimeoutMs, child: this.child },
    );
  }

  /** Presses a card button (an Action.Execute or Action.Submit) by its title. */
  async clickCardButton(title: string, card?: Card): Promise<void> {
    const target = card ?? (await this.lastCardWithButton(title));
    const buttons = target.locator.getByRole('button', { name: title, exact: true });
    const count = await buttons.count();
    if (count !== 1) {
      const all = await target.locator.getByRole('button').allInnerTexts();
      throw new Error(
        `card ${target.index} has ${count} buttons titled "${title}"; its buttons: ${all.map((b) => `"${normalize(b)}"`).join(', ')}`,
      );
    }
    await buttons.click();
  }

  /** The visible labels of the card's inputs, in order (without the required marker). */
  async inputLabels(card: Card): Promise<string[]> {
    const labels = await card.locator.locator('label[id][for]').allInnerTexts();
    return labels.map(stripRequired);
  }

  private async inputByLabel(card: Card, label: string): Promise<{ element: Locator; label: string }> {
    const labelLocators = card.locator.locator('label[id][for]');
    const texts = (await labelLocators.allInnerTexts()).map(stripRequired);
    const index = resolveNeedle(label, texts, `input label on card ${card.index}`);
    const forId = await labelLocators.nth(index).getAttribute('for');
    if (!forId) throw new Error(`the label "${texts[index]}" points at no input`);
    return { element: card.locator.locator(`[id="${forId}"]`), label: texts[index]! };
  }

  /**
   * Chooses in a ChoiceSet, found by (part of) its label. `values` are (parts of) the choice titles
   * as shown. Expanded single choice: the one radio. Expanded multi choice: exactly these boxes
   * ticked (an empty list clears them). Compact: the option in the drop-down.
   */
  async chooseInCard(label: string, values: string | readonly string[], card?: Card): Promise<void> {
    const wanted = typeof values === 'string' ? [values] : [...values];
    const target = card ?? (await this.lastCardWithButton('Svar'));
    const { element, label: fullLabel } = await this.inputByLabel(target, label);
    const role = await element.getAttribute('role');
    const tag = await element.evaluate((e) => e.tagName.toLowerCase());
    if (role === 'combobox' || tag === 'input') {
      if (wanted.length !== 1) throw new Error(`"${fullLabel}" is a drop-down: choose exactly one value`);
      await element.click();
      const options = this.page.getByRole('option');
      await options.first().waitFor({ state: 'visible' });
      const titles = await options.allInnerTexts();
      await options.nth(resolveNeedle(wanted[0]!, titles, `choice of "${fullLabel}"`)).click();
      return;
    }
    const choiceLabels = element.locator('label[for]');
    const titles = (await choiceLabels.allInnerTexts()).map(normalize);
    const chosen = new Set(wanted.map((v) => resolveNeedle(v, titles, `choice of "${fullLabel}"`)));
    const inputs = await Promise.all(
      titles.map(async (_, i) => element.locator(`input[id="${await choiceLabels.nth(i).getAttribute('for')}"]`)),
    );
    const type = await inputs[0]?.getAttribute('type');
    if (type === 'radio') {
      if (chosen.size !== 1) throw new Error(`"${fullLabel}" takes one answer, got ${wanted.length}`);
      await inputs[[...chosen][0]!]!.check();
      return;
    }
    for (const [i, input] of inputs.entries()) await input.setChecked(chosen.has(i));
  }

  /** Types into an Input.Text found by (part of) its label, replacing what was there. */
  async fillInCard(label: string, text: string, card?: Card): Promise<void> {
    const target = card ?? (await this.lastCardWithButton('Svar'));
    const { element } = await this.inputByLabel(target, label);
    await element.fill(text);
  }

  /** What an Input.Text (found by (part of) its label) holds now, as the person sees it. */
  async inputValueInCard(label: string, card: Card): Promise<string> {
    const { element } = await this.inputByLabel(card, label);
    return element.inputValue();
  }

  /** A screenshot into test-results/e2e/<scenario>/: the whole card if given, else the visible page. */
  async screenshot(name: string, options: { card?: Card } = {}): Promise<string> {
    const file = this.harness.nextScreenshotPath(name);
    if (options.card) {
      // A card taller than the chat pane would be cut by the sticky header: grow the window for the shot.
      const viewport = this.page.viewportSize();
      const box = await options.card.locator.boundingBox();
      const grow = viewport && box && box.height > viewport.height - 250;
      if (grow) await this.page.setViewportSize({ width: viewport.width, height: Math.ceil(box.height) + 300 });
      try {
        await options.card.locator.scrollIntoViewIfNeeded();
        await options.card.locator.screenshot({ path: file, animations: 'disabled' });
      } finally {
        if (grow) await this.page.setViewportSize(viewport);
      }
    } else {
      await this.page.screenshot({ path: file, animations: 'disabled' });
    }
    return file;
  }
}
