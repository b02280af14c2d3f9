import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  crc32,
  decodePng,
  encodePng,
  nonWhiteOutlinePixels,
  PNG_SIGNATURE,
  PngError,
  readPngHeader,
  type RgbaImage,
} from '../../../src/appPackage/png.js';

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  typeAndData.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** An independent encoder that uses a given filter type per row and any channel count. */
function encodeFiltered(width: number, height: number, channels: 1 | 2 | 3 | 4, pixels: Uint8Array, filters: number[]): Buffer {
  const colorType = { 1: 0, 2: 4, 3: 2, 4: 6 }[channels];
  const stride = width * channels;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const filter = filters[y % filters.length] ?? 0;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const value = pixels[y * stride + x] ?? 0;
      const left = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= channels ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter] ?? 0;
      raw[y * (stride + 1) + 1 + x] = (value - predicted) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function pseudoRandomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = s >> 16;
  }
  return out;
}

describe('png', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips RGBA pixels through encodePng and decodePng', () => {
    const image: RgbaImage = { width: 7, height: 5, data: pseudoRandomBytes(7 * 5 * 4, 1) };
    const png = encodePng(image);
    expect(readPngHeader(png)).toEqual({ width: 7, height: 5, bitDepth: 8, colorType: 6, interlace: 0 });
    const decoded = decodePng(png);
    expect(decoded.width).toBe(7);
    expect(decoded.height).toBe(5);
    expect(Buffer.from(decoded.data).equals(Buffer.from(image.data))).toBe(true);
  });

  it('undoes every row filter (none, sub, up, average, paeth) for RGBA', () => {
    const width = 9;
    const height = 10;
    const pixels = pseudoRandomBytes(width * height * 4, 7);
    const decoded = decodePng(encodeFiltered(width, height, 4, pixels, [0, 1, 2, 3, 4]));
    expect(Buffer.from(decoded.data).equals(Buffer.from(pixels))).toBe(true);
  });

  it('expands RGB, grey and grey+alpha to RGBA', () => {
    const rgb = decodePng(encodeFiltered(2, 1, 3, new Uint8Array([10, 20, 30, 40, 50, 60]), [4]));
    expect([...rgb.data]).toEqual([10, 20, 30, 255, 40, 50, 60, 255]);
    const grey = decodePng(encodeFiltered(2, 1, 1, new Uint8Array([0, 200]), [1]));
    expect([...grey.data]).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
    const greyAlpha = decodePng(encodeFiltered(1, 2, 2, new Uint8Array([255, 0, 255, 128]), [2]));
    expect([...greyAlpha.data]).toEqual([255, 255, 255, 0, 255, 255, 255, 128]);
  });

  it('refuses files that are not PNGs or are corrupted', () => {
    expect(() => readPngHeader(Buffer.from('GIF89a not a png'))).toThrow(PngError);
    const png = encodePng({ width: 1, height: 1, data: new Uint8Array([1, 2, 3, 4]) });
    const corrupted = Buffer.from(png);
    corrupted[20] = (corrupted[20] ?? 0) ^ 0xff; // inside IHDR: its CRC no longer matches
    expect(() => decodePng(corrupted)).toThrow(/kontrolsum/);
    expect(() => decodePng(png.subarray(0, png.length - 6))).toThrow(PngError);
  });

  it('finds the pixels that are neither white nor fully transparent', () => {
    const data = new Uint8Array([
      255, 255, 255, 255, // opaque white: fine
      255, 255, 255, 30, // translucent white: fine
      12, 34, 56, 0, // fully transparent: fine whatever its colour
      254, 255, 255, 255, // off-white: not fine
    ]);
    expect(nonWhiteOutlinePixels({ width: 2, height: 2, data })).toEqual([{ x: 1, y: 1, rgba: [254, 255, 255, 255] }]);
  });
});
