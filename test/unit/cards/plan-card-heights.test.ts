/**
 * Issue #12: no plan card taller than 1,400 px at its default width with its sections folded. The
 * e2e test measures the cards its scenario reaches in the Playground; this one measures all thirteen
 * templates: each realistic fixture (and its variants, but not `.max`, every input at its bound, nor
 * `.errors`, whose sections open on purpose) drawn by Microsoft's renderer as `npm run cards:render`
 * draws it (src/cli/cards-render.ts: Teams light host config, a 560 px message frame), folded as the
 * view model leaves it. The height is the PNG's: the frame with its padding around the card, so
 * the card itself is a little shorter than what is asserted.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../src/cards/index.js';
import { drawCardsToPng, listCardFixtures } from '../../../src/cli/cards-render.js';
import { CHROMIUM_PATH } from '../../../src/cli/chromium.js';
import { PLAN_TEMPLATE_IDS, type PlanTemplateId } from '../../../src/domain/plans/index.js';

/** The tallest a card may be with its sections folded (as test/e2e/support/height.ts). */
const MAX_CARD_HEIGHT_PX = 1_400;
/** The default width of `npm run cards:render` (drawCardsToPng). */
const DEFAULT_WIDTH_PX = 560;

const chromium = existsSync(CHROMIUM_PATH);
if (!chromium) console.warn(`plan card heights skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

const isPlan = (name: string): name is PlanTemplateId => (PLAN_TEMPLATE_IDS as readonly string[]).includes(name);
const folded = listCardFixtures().filter((f) => isPlan(f.name) && f.variant !== 'max' && f.variant !== 'errors');

describe.skipIf(!chromium)('plan cards drawn by the adaptivecards renderer', () => {
  it(`are at most ${MAX_CARD_HEIGHT_PX} px tall at ${DEFAULT_WIDTH_PX} px with their sections folded`, { timeout: 120_000 }, async () => {
    expect(new Set(folded.filter((f) => f.variant === null).map((f) => f.name))).toEqual(new Set(PLAN_TEMPLATE_IDS));
    const outDir = mkdtempSync(join(tmpdir(), 'plan-heights-'));
    try {
      const drawn = await drawCardsToPng(
        folded.map((f) => ({ id: f.id, card: renderCard(f.name, JSON.parse(readFileSync(f.file, 'utf8'))) })),
        { outDir },
      );
      expect(drawn.map((d) => d.id)).toEqual(folded.map((f) => f.id));
      const sizes = drawn.map((d) => {
        expect(d.errors, d.id).toEqual([]);
        const { width, height } = PNG.sync.read(readFileSync(d.png));
        return { id: d.id, width, height };
      });
      // One image pixel per CSS pixel: the frame is drawn at the default width.
      for (const s of sizes) expect(s.width, s.id).toBe(DEFAULT_WIDTH_PX);
      const tooTall = sizes.filter((s) => s.height > MAX_CARD_HEIGHT_PX).map((s) => `${s.id} ${s.height} px`);
      expect(tooTall, sizes.map((s) => `${s.id} ${s.height} px`).join(', ')).toEqual([]);
      // Folded, the referral and the evaluation (the tallest before their goals folded) are well under.
      const height = (id: string) => sizes.find((s) => s.id === id)!.height;
      expect(height('henvisning-pku')).toBeLessThan(1_000);
      expect(height('evaluering')).toBeLessThan(1_300);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
