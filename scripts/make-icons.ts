/**
 * Draws the two Teams app icons and writes them to appPackage/:
 *   color.png    192×192, full colour: a three-step staircase (forebyggende, foregribende,
 *                indgribende in green, amber and coral) on a calm blue rounded tile.
 *   outline.png  32×32, the same staircase in white on a fully transparent background.
 *
 * The SVGs are rasterised by headless Chromium (playwright-core), then re-encoded by encodeIcon
 * (pngjs, fixed settings): no metadata, and the outline icon is normalised so that every pixel is
 * pure white with some alpha (Teams accepts only white and transparent pixels there).
 *
 * Run: npx tsx scripts/make-icons.ts   (CHROMIUM_PATH overrides /usr/bin/chromium)
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/cli/chromium.js';
import { decodeIcon, encodeIcon, ICON_SIZES, nonWhiteOutlinePixels, type RgbaImage } from '../src/appPackage/icons.js';

const appPackageDir = fileURLToPath(new URL('../appPackage/', import.meta.url));

/** The tile's gradient; its darker end is the manifest's accentColor (#1B4B66). */
const TILE_TOP = '#2A6F8F';
const TILE_BOTTOM = '#1B4B66';
const STEP_COLOURS = ['#4CBF86', '#F4B740', '#EC6A55'] as const;

/** A white pictogram person standing with its feet at (cx, ground), stepping towards the right. */
function figure(cx: number, ground: number): string {
  const stroke = 'stroke="#ffffff" stroke-linecap="round" stroke-linejoin="round" fill="none"';
  return `<g>
      <circle cx="${cx + 2}" cy="${ground - 37}" r="6.5" fill="#ffffff"/>
      <path d="M${cx + 1} ${ground - 26} L${cx - 1} ${ground - 13}" ${stroke} stroke-width="9"/>
      <path d="M${cx - 1} ${ground - 13} L${cx - 5} ${ground - 2} M${cx - 1} ${ground - 13} L${cx + 8} ${ground - 7} L${cx + 9} ${ground - 2}" ${stroke} stroke-width="5"/>
      <path d="M${cx + 1} ${ground - 24} L${cx + 9} ${ground - 17} M${cx + 1} ${ground - 24} L${cx - 6} ${ground - 18}" ${stroke} stroke-width="4.5"/>
    </g>`;
}

function colorSvg(size: number): string {
  // Geometry on a 192 grid: three touching steps that rise left to right, one colour per level.
  const baseline = 148;
  const stepWidth = 40;
  const left = (192 - 3 * stepWidth) / 2;
  const heights = [38, 70, 102];
  const r = 8; // radius of the convex corners
  const tread = 7; // depth of the light tread on each step
  const blocks = heights
    .map((h, i) => {
      const x = left + i * stepWidth;
      const y = baseline - h;
      const w = stepWidth;
      const colour = STEP_COLOURS[i] ?? '#ffffff';
      const last = i === heights.length - 1;
      // Rounded top-left corner (the nosing of the step); the top-right is rounded on the last step only.
      const topRight = last ? `H${x + w - r} Q${x + w} ${y} ${x + w} ${y + r}` : `H${x + w}`;
      const body = `M${x} ${baseline} V${y + r} Q${x} ${y} ${x + r} ${y} ${topRight} V${baseline} Z`;
      const treadPath = `M${x} ${y + tread} V${y + r} Q${x} ${y} ${x + r} ${y} ${topRight} V${y + tread} Z`;
      return `
    <path d="${body}" fill="${colour}"/>
    <path d="${treadPath}" fill="#ffffff" fill-opacity="0.35"/>
    <rect x="${x}" y="${y + tread}" width="${w}" height="2" fill="#000000" fill-opacity="0.08"/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 192 192">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0.6" y2="1">
      <stop offset="0" stop-color="${TILE_TOP}"/>
      <stop offset="1" stop-color="${TILE_BOTTOM}"/>
    </linearGradient>
    <filter id="shadow" x="-20%" y="-20%" width="140%" height="140%">
      <feDropShadow dx="0" dy="4" stdDeviation="4" flood-color="#0b2536" flood-opacity="0.35"/>
    </filter>
  </defs>
  <rect x="0" y="0" width="192" height="192" rx="40" fill="url(#tile)"/>
  <g filter="url(#shadow)">${blocks}
    ${figure(left + stepWidth / 2, baseline - (heights[0] ?? 0))}
  </g>
</svg>`;
}

function outlineSvg(size: number): string {
  // The same staircase as a 2 px line drawing, pixel-aligned on a 32 grid so it stays crisp:
  // the outer silhouette of three touching steps, with a riser line between the steps.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32">
  <g fill="none" stroke="#ffffff" stroke-width="2" stroke-linejoin="miter" stroke-linecap="square">
    <path d="M5 26 V19 H12 V13 H19 V7 H27 V26 Z"/>
    <path d="M12 19 V26 M19 13 V26"/>
  </g>
</svg>`;
}

/** Every pixel white, opacity kept; fully transparent pixels stay transparent. */
function whiten(image: RgbaImage): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3] ?? 0;
    data.set(alpha === 0 ? [0, 0, 0, 0] : [255, 255, 255, alpha], i);
  }
  return { ...image, data };
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const render = async (svg: string, size: number): Promise<RgbaImage> => {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
      const shot = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      const image = decodeIcon(shot);
      if (image.width !== size || image.height !== size) {
        throw new Error(`Chromium returned ${image.width}×${image.height}, expected ${size}×${size}`);
      }
      return image;
    };

    const color = await render(colorSvg(ICON_SIZES.color), ICON_SIZES.color);
    const outline = whiten(await render(outlineSvg(ICON_SIZES.outline), ICON_SIZES.outline));
    const bad = nonWhiteOutlinePixels(outline);
    if (bad.length > 0) throw new Error(`outline.png has ${bad.length} non-white pixels`);

    await writeFile(`${appPackageDir}color.png`, encodeIcon(color));
    await writeFile(`${appPackageDir}outline.png`, encodeIcon(outline));
    console.log(`Wrote ${appPackageDir}color.png (${color.width}×${color.height}) and outline.png (${outline.width}×${outline.height}).`);
  } finally {
    await browser.close();
  }
}

await main();
