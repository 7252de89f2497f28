import { describe, expect, it } from 'vitest';
import { qrSymbol } from '../src/print/qr.js';
import { decodeQr, pgmOf } from '../src/scan/qr.js';
import type { GrayImage } from '../src/util/raster.js';

/** The symbol drawn black on light gray paper, `px` pixels a module, its top-left module at (x0, y0). */
function drawn(text: string, width: number, height: number, x0: number, y0: number, px: number): GrayImage {
  const sym = qrSymbol(text);
  const data = new Uint8Array(width * height).fill(235);
  for (const run of sym.runs)
    for (let y = y0 + run.row * px; y < y0 + (run.row + 1) * px; y++) data.fill(20, y * width + x0 + run.col * px, y * width + x0 + (run.col + run.len) * px);
  return { width, height, data };
}

describe('decodeQr', () => {
  it('hands zxing the gray pixels as a binary PGM', () => {
    const img: GrayImage = { width: 3, height: 2, data: Uint8Array.from([0, 50, 100, 150, 200, 255]) };
    const file = pgmOf(img);
    expect(new TextDecoder().decode(file.subarray(0, 11))).toBe('P5\n3 2\n255\n');
    expect([...file.subarray(11)]).toEqual([0, 50, 100, 150, 200, 255]);
  });

  it('reads a QR in an image of odd width, with its corners in that image', async () => {
    const text = 'OMR1|phong-dien-2025|000123|sat-hach-100|1';
    const img = drawn(text, 277, 251, 41, 37, 5);
    const hits = await decodeQr(img);
    expect(hits.map((h) => h.text)).toEqual([text]);
    const n = qrSymbol(text).size * 5;
    // zxing's corners are within a module of the symbol's outer corners
    const want = [
      [41, 37],
      [41 + n, 37],
      [41 + n, 37 + n],
      [41, 37 + n],
    ];
    hits[0].corners.forEach((c, i) => {
      expect(Math.abs(c.x - want[i][0])).toBeLessThan(5);
      expect(Math.abs(c.y - want[i][1])).toBeLessThan(5);
    });
  });

  it('finds nothing in a page without a QR', async () => {
    expect(await decodeQr({ width: 120, height: 90, data: new Uint8Array(120 * 90).fill(240) })).toEqual([]);
  });
});
