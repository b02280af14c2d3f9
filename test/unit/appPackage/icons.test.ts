import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkIcon, decodeIcon, encodeIcon, ICON_SIZES, IconError, nonWhiteOutlinePixels } from '../../../src/appPackage/icons.js';

const appPackageDir = fileURLToPath(new URL('../../../appPackage/', import.meta.url));

/** A size × size RGBA image, fully transparent, with the given pixels set. */
function image(size: number, pixels: Array<{ x: number; y: number; rgba: [number, number, number, number] }> = []) {
  const data = new Uint8Array(size * size * 4);
  for (const { x, y, rgba } of pixels) data.set(rgba, (y * size + x) * 4);
  return { width: size, height: size, data };
}

describe('the committed icons', () => {
  it('color.png is a 192×192 full-colour icon with the three level colours', async () => {
    const png = await readFile(path.join(appPackageDir, 'color.png'));
    expect(checkIcon('color', 'color.png', png)).toEqual([]);
    const decoded = decodeIcon(png);
    expect(decoded).toMatchObject({ width: 192, height: 192 });
    const at = (x: number, y: number) => [...decoded.data.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 4)];
    expect(at(96, 20)[3], 'the tile is opaque').toBe(255);
    const hues = { green: 0, amber: 0, red: 0 };
    for (let i = 0; i < 192 * 192; i++) {
      const [r = 0, g = 0, b = 0, a = 0] = decoded.data.subarray(i * 4, i * 4 + 4);
      if (a < 255) continue;
      if (g > 150 && r < 120 && b < 160) hues.green++;
      if (r > 200 && g > 150 && b < 100) hues.amber++;
      if (r > 200 && g < 130 && b < 110) hues.red++;
    }
    expect(hues.green).toBeGreaterThan(500);
    expect(hues.amber).toBeGreaterThan(500);
    expect(hues.red).toBeGreaterThan(500);
  });

  it('outline.png is 32×32 with only white and transparent pixels, and draws something', async () => {
    const png = await readFile(path.join(appPackageDir, 'outline.png'));
    expect(checkIcon('outline', 'outline.png', png)).toEqual([]);
    const decoded = decodeIcon(png);
    expect(decoded).toMatchObject({ width: 32, height: 32 });
    expect(nonWhiteOutlinePixels(decoded)).toEqual([]);
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < 32 * 32; i++) {
      const alpha = decoded.data[i * 4 + 3];
      if (alpha === 255) opaque++;
      if (alpha === 0) transparent++;
    }
    expect(opaque).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan((32 * 32) / 2);
  });

  it('encodeIcon writes the committed files byte for byte from their pixels (make-icons is reproducible)', async () => {
    for (const name of ['color.png', 'outline.png']) {
      const png = await readFile(path.join(appPackageDir, name));
      expect(encodeIcon(decodeIcon(png)).equals(png), name).toBe(true);
    }
  });
});

describe('the outline rule', () => {
  it('finds the pixels that are neither white nor fully transparent', () => {
    const data = new Uint8Array([
      255,
      255,
      255,
      255, // opaque white: fine
      255,
      255,
      255,
      30, // translucent white: fine
      12,
      34,
      56,
      0, // fully transparent: fine whatever its colour
      254,
      255,
      255,
      255, // off-white: not fine
    ]);
    expect(nonWhiteOutlinePixels({ width: 2, height: 2, data })).toEqual([{ x: 1, y: 1, rgba: [254, 255, 255, 255] }]);
  });

  it('applies to any PNG flavour: a grey+alpha outline is read as RGBA', () => {
    const white = image(ICON_SIZES.outline, [{ x: 5, y: 6, rgba: [255, 255, 255, 200] }]);
    const png = new PNG({ width: white.width, height: white.height });
    png.data = Buffer.from(white.data);
    const greyAlpha = PNG.sync.write(png, { colorType: 4 });
    expect(greyAlpha[25], 'colour type in IHDR').toBe(4);
    expect(checkIcon('outline', 'outline.png', greyAlpha)).toEqual([]);
    expect([...decodeIcon(greyAlpha).data.subarray((6 * 32 + 5) * 4, (6 * 32 + 5) * 4 + 4)]).toEqual([255, 255, 255, 200]);
  });
});

describe('checkIcon', () => {
  it('reports a wrong size and a coloured pixel in the outline icon', () => {
    const size = ICON_SIZES.outline;
    const png = encodeIcon(image(size, [{ x: 2, y: 3, rgba: [0, 0, 0, 255] }]));
    expect(checkIcon('outline', 'outline.png', png)).toEqual([
      'outline.png har 1 pixel, der hverken er hvide eller helt gennemsigtige (første ved x=2, y=3); Teams kræver et hvidt ikon på gennemsigtig baggrund.',
    ]);
    expect(checkIcon('color', 'color.png', png)).toEqual(['color.png er 32×32 pixel; Teams kræver 192×192.']);
  });

  it('says in Danish, naming the file, when it is not a PNG or is damaged', () => {
    expect(checkIcon('color', 'color.png', Buffer.from('GIF89a not a png'))).toEqual([
      'color.png: Filen er ikke en PNG-fil (forkert signatur).',
    ]);
    expect(checkIcon('color', 'color.png', Buffer.alloc(0))).toEqual(['color.png: Filen er ikke en PNG-fil (forkert signatur).']);
    const png = encodeIcon(image(ICON_SIZES.color));
    const badCrc = Buffer.from(png);
    badCrc[20] = (badCrc[20] ?? 0) ^ 0xff; // inside IHDR: its CRC no longer matches
    const damaged = /^color\.png: PNG-filen er beskadiget \(afkortet, forkert kontrolsum eller ugyldige billeddata\) og kan ikke læses\.$/;
    expect(checkIcon('color', 'color.png', badCrc)).toEqual([expect.stringMatching(damaged)]);
    expect(checkIcon('color', 'color.png', png.subarray(0, png.length - 6))).toEqual([expect.stringMatching(damaged)]);
    expect(checkIcon('color', 'color.png', png.subarray(0, 40))).toEqual([expect.stringMatching(damaged)]);
  });

  it('decodeIcon throws IconError, encodeIcon refuses pixels that do not fit the size', () => {
    expect(() => decodeIcon(Buffer.from('not a png'))).toThrow(IconError);
    expect(() => encodeIcon({ width: 2, height: 2, data: new Uint8Array(15) })).toThrow(IconError);
  });
});
