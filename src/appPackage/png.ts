/**
 * A small PNG reader/writer, enough for the Teams app icons: 8-bit greyscale, grey+alpha, RGB and
 * RGBA images without interlacing. Decoding always yields RGBA, so callers can inspect pixels
 * (the outline icon must hold only white and transparent pixels).
 */
import { deflateSync, inflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: number;
  interlace: number;
}

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row by row, non-premultiplied. */
  data: Uint8Array;
}

export class PngError extends Error {
  override name = 'PngError';
}

/** CRC-32 (ISO 3309), as PNG chunks use it. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Chunk {
  type: string;
  data: Buffer;
}

function readChunks(png: Buffer): Chunk[] {
  if (png.length < PNG_SIGNATURE.length || !png.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new PngError('Filen er ikke en PNG-fil (forkert signatur).');
  }
  const chunks: Chunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    if (offset + 12 > png.length) throw new PngError('PNG-filen er afkortet.');
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    if (offset + 12 + length > png.length) throw new PngError('PNG-filen er afkortet.');
    const type = typeAndData.subarray(0, 4).toString('latin1');
    const expectedCrc = png.readUInt32BE(offset + 8 + length);
    if (crc32(typeAndData) !== expectedCrc) throw new PngError(`PNG-blokken ${type} har en forkert kontrolsum.`);
    chunks.push({ type, data: Buffer.from(typeAndData.subarray(4)) });
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}

function parseHeader(data: Buffer): PngHeader {
  if (data.length !== 13) throw new PngError('PNG-filens IHDR-blok har en forkert længde.');
  return {
    width: data.readUInt32BE(0),
    height: data.readUInt32BE(4),
    bitDepth: data[8] ?? 0,
    colorType: data[9] ?? 0,
    interlace: data[12] ?? 0,
  };
}

/** The header of a PNG file: the first chunk must be IHDR. */
export function readPngHeader(png: Buffer): PngHeader {
  const first = readChunks(png)[0];
  if (!first || first.type !== 'IHDR') throw new PngError('PNG-filen begynder ikke med en IHDR-blok.');
  return parseHeader(first.data);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Decodes an 8-bit, non-interlaced greyscale/grey+alpha/RGB/RGBA PNG into RGBA pixels. */
export function decodePng(png: Buffer): RgbaImage {
  const chunks = readChunks(png);
  const ihdr = chunks[0];
  if (!ihdr || ihdr.type !== 'IHDR') throw new PngError('PNG-filen begynder ikke med en IHDR-blok.');
  const header = parseHeader(ihdr.data);
  const channels = CHANNELS[header.colorType];
  if (header.bitDepth !== 8 || channels === undefined || header.interlace !== 0) {
    throw new PngError(
      `PNG-formatet understøttes ikke (bitdybde ${header.bitDepth}, farvetype ${header.colorType}, interlace ${header.interlace}); brug 8-bit RGBA uden interlace.`,
    );
  }
  if (!chunks.some((c) => c.type === 'IEND')) throw new PngError('PNG-filen mangler IEND-blokken.');
  const compressed = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  const raw = inflateSync(compressed);
  const { width, height } = header;
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new PngError('PNG-billeddata har en forkert længde.');

  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x] ?? 0;
      const left = x >= channels ? (pixels[row + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[row - stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= channels ? (pixels[row - stride + x - channels] ?? 0) : 0;
      let predicted: number;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = left; break;
        case 2: predicted = up; break;
        case 3: predicted = (left + up) >> 1; break;
        case 4: predicted = paeth(left, up, upLeft); break;
        default: throw new PngError(`Ukendt PNG-filtertype ${String(filter)} i række ${y}.`);
      }
      pixels[row + x] = (value + predicted) & 0xff;
    }
  }

  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    const [r, g, b, a] =
      channels === 4 ? [pixels[p], pixels[p + 1], pixels[p + 2], pixels[p + 3]]
      : channels === 3 ? [pixels[p], pixels[p + 1], pixels[p + 2], 255]
      : channels === 2 ? [pixels[p], pixels[p], pixels[p], pixels[p + 1]]
      : [pixels[p], pixels[p], pixels[p], 255];
    data.set([r ?? 0, g ?? 0, b ?? 0, a ?? 0], i * 4);
  }
  return { width, height, data };
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  typeAndData.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  return out;
}

/** Encodes RGBA pixels as an 8-bit RGBA PNG (filter 0 on every row; no metadata chunks). */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new PngError('Billeddata passer ikke til bredde × højde × 4.');
  const stride = width * 4;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
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
