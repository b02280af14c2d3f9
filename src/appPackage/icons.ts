/**
 * Teams' rules for the two app icons, on top of pngjs (which parses, checks and writes the PNG):
 *
 *   color.png    192×192
 *   outline.png  32×32, every pixel white (any opacity) or fully transparent
 *
 * pngjs decodes every PNG flavour to 8-bit RGBA, so the rules look at pixels, not at formats.
 * Its errors are English and, in its sync reader, often mask the real cause, so a file it cannot
 * read is reported with one Danish message; a file that is not a PNG at all (a renamed JPEG) is
 * recognised first by its signature and told so.
 */
import { PNG } from 'pngjs';

/** Pixel sizes Teams requires for the two icons. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

export type IconKind = keyof typeof ICON_SIZES;

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row by row, non-premultiplied. */
  data: Uint8Array;
}

/** An icon file that cannot be read; the message is Danish and meant for the person packaging. */
export class IconError extends Error {
  override name = 'IconError';
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes any PNG to 8-bit RGBA pixels; throws IconError with a Danish message. */
export function decodeIcon(png: Buffer): RgbaImage {
  if (!png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw new IconError('Filen er ikke en PNG-fil (forkert signatur).');
  }
  try {
    const { width, height, data } = PNG.sync.read(png);
    return { width, height, data };
  } catch {
    throw new IconError('PNG-filen er beskadiget (afkortet, forkert kontrolsum eller ugyldige billeddata) og kan ikke læses.');
  }
}

/**
 * Encodes RGBA pixels as an 8-bit RGBA PNG without metadata chunks. Filter 0 on every row and
 * zlib level 9 with the default strategy are the settings the committed icons were written with,
 * so redrawing unchanged pixels gives byte-identical files.
 */
export function encodeIcon(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new IconError('Billeddata passer ikke til bredde × højde × 4.');
  const png = new PNG({ width, height });
  png.data = Buffer.from(data);
  return PNG.sync.write(png, {
    colorType: 6,
    inputColorType: 6,
    bitDepth: 8,
    filterType: 0,
    deflateLevel: 9,
    deflateStrategy: 0,
  });
}

/**
 * Pixels that break Teams' rule for the outline icon: every pixel must be white (any opacity) or
 * fully transparent. Returns the coordinates of the offending pixels (empty when the icon is fine).
 */
export function nonWhiteOutlinePixels(image: RgbaImage): Array<{ x: number; y: number; rgba: [number, number, number, number] }> {
  const bad: Array<{ x: number; y: number; rgba: [number, number, number, number] }> = [];
  for (let i = 0; i < image.width * image.height; i++) {
    const r = image.data[i * 4] ?? 0;
    const g = image.data[i * 4 + 1] ?? 0;
    const b = image.data[i * 4 + 2] ?? 0;
    const a = image.data[i * 4 + 3] ?? 0;
    if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) {
      bad.push({ x: i % image.width, y: Math.floor(i / image.width), rgba: [r, g, b, a] });
    }
  }
  return bad;
}

/** Problems with one icon file, in Danish and naming the file (empty when it is fine). */
export function checkIcon(kind: IconKind, file: string, png: Buffer): string[] {
  const size = ICON_SIZES[kind];
  let image: RgbaImage;
  try {
    image = decodeIcon(png);
  } catch (error) {
    if (error instanceof IconError) return [`${file}: ${error.message}`];
    throw error;
  }
  if (image.width !== size || image.height !== size) {
    return [`${file} er ${image.width}×${image.height} pixel; Teams kræver ${size}×${size}.`];
  }
  if (kind === 'outline') {
    const bad = nonWhiteOutlinePixels(image);
    const first = bad[0];
    if (first) {
      return [
        `${file} har ${bad.length} pixel, der hverken er hvide eller helt gennemsigtige (første ved x=${first.x}, y=${first.y}); Teams kræver et hvidt ikon på gennemsigtig baggrund.`,
      ];
    }
  }
  return [];
}
