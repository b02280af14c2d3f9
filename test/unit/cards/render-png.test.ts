/**
 * Microsoft's own renderer (adaptivecards, in headless Chromium, Teams light host config) parses,
 * validates and draws every template with every fixture without a single complaint; and it does
 * complain about a card that is wrong, so the check can fail.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawCardsToPng, listCardFixtures, OUT_DIR, renderCardsToPng } from '../../../src/cli/cards-render.js';
import { CHROMIUM_PATH as DEFAULT_CHROMIUM } from '../../../src/cli/chromium.js';

const chromium = existsSync(DEFAULT_CHROMIUM);
if (!chromium) console.warn(`render-png tests skipped: no Chromium at ${DEFAULT_CHROMIUM} (apt-get install chromium)`);

const isPng = (file: string) =>
  readFileSync(file)
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

describe.skipIf(!chromium)('cards drawn by the adaptivecards renderer', () => {
  it('draws every template and fixture to PNG without a parse or validation event', { timeout: 180_000 }, async () => {
    const results = await renderCardsToPng();
    expect(results.map((r) => r.fixture.id)).toEqual(listCardFixtures().map((f) => f.id));
    const problems = results.filter((r) => r.errors.length > 0).map((r) => `${r.fixture.id}:\n  ${r.errors.join('\n  ')}`);
    expect(problems, problems.join('\n')).toEqual([]);
    for (const r of results) {
      expect(r.png).toBe(join(OUT_DIR, `${r.fixture.id}.png`));
      expect(isPng(r.png), r.png).toBe(true);
    }
  });

  it('reports what the renderer finds wrong in a card', { timeout: 60_000 }, async () => {
    const outDir = join(OUT_DIR, 'negative');
    const [result] = await drawCardsToPng(
      [
        {
          id: 'broken',
          card: {
            type: 'AdaptiveCard',
            version: '1.5',
            body: [
              { type: 'Input.Text', id: 'description', isRequired: true },
              { type: 'Input.Text', id: 'description', label: 'Igen' },
              { type: 'Fancy.Widget' },
            ],
          },
        },
      ],
      { outDir },
    );
    const errors = result?.errors.join('\n') ?? '';
    expect(errors).toMatch(/DuplicateId/);
    expect(errors).toMatch(/RequiredInputsShouldHaveLabel/);
    expect(errors).toMatch(/UnknownElementType/);
    rmSync(outDir, { recursive: true, force: true });
  });
});
