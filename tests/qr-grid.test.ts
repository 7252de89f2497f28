// The sheet's QR code read in place (src/scan/qr-grid.ts): sampled module by module where the page
// fit puts the printed symbol, every block checked with qrcode's Reed-Solomon encoder. It may give
// up (zxing then reads the crop), but it must never give a text the page does not hold.
import { describe, expect, it } from 'vitest';
import { defaultSheetPrinter, generateSheetPage, toGray, type EffectProfile } from '../src/fixtures/index.js';
import { encodeIdentity, parseIdentity } from '../src/identity/payload.js';
import { qrModules } from '../src/print/qr.js';
import { qrReaderLoaded } from '../src/scan/qr.js';
import { decodeGrid, readQrInPlace } from '../src/scan/qr-grid.js';
import { readPage } from '../src/scan/read.js';
import { applyH } from '../src/scan/geometry.js';
import { register } from '../src/scan/register.js';
import { mulberry32 } from '../src/fixtures/rng.js';

const printer = defaultSheetPrinter();
const layout = printer.layout;

describe('a sheet QR code read in place', () => {
  it('reads a batch of ordinary sheets without loading zxing', async () => {
    for (const [i, profile] of (['flatbed', 'bitonal'] as EffectProfile[]).entries()) {
      const page = await generateSheetPage({ printer, serial: `00050${i}`, seed: 5050 + i, profile });
      const read = await readPage(toGray(page.raster), layout, { source: 'p.png', page: 1 });
      expect(read.result.identity?.serial).toBe(page.truth.serial);
    }
    expect(qrReaderLoaded()).toBe(false);
  });

  // the feeder's "fit to page" stretch and a steep phone photo may leave the fit too far from a
  // module's centre: those may go to zxing, but never come back with another text
  const always: EffectProfile[] = ['flatbed', 'upside-down', 'rot90', 'skewed', 'bitonal', 'dusty', 'blurry', 'noisy', 'phone', 'dpi150', 'dpi300'];
  for (const profile of [...always, 'fit-feeder', 'phone-steep'] as EffectProfile[]) {
    it(`${always.includes(profile) ? 'reads' : 'reads or leaves to zxing'} the code of a ${profile} page`, async () => {
      const page = await generateSheetPage({ printer, serial: '000731', seed: 731 + profile.length, profile });
      const img = toGray(page.raster);
      const text = readQrInPlace(img, register(img, layout).h, layout.qr);
      if (always.includes(profile)) expect(text).not.toBeNull();
      if (text !== null) expect(parseIdentity(text).serial).toBe('000731');
    });
  }

  it('leaves a damaged code to zxing, which still reads it', async () => {
    const page = await generateSheetPage({ printer, serial: '000808', seed: 808, profile: 'flatbed' });
    const img = toGray(page.raster);
    const reg = register(img, layout);
    // a white patch over the middle of the symbol, a tenth of its side: a few codewords lost
    const q = layout.qr;
    const a = applyH(reg.h, q.x + q.w * 0.45, q.y + q.h * 0.45), b = applyH(reg.h, q.x + q.w * 0.55, q.y + q.h * 0.55);
    for (let y = Math.round(Math.min(a.y, b.y)); y <= Math.round(Math.max(a.y, b.y)); y++) img.data.fill(235, y * img.width + Math.round(Math.min(a.x, b.x)), y * img.width + Math.round(Math.max(a.x, b.x)));
    expect(readQrInPlace(img, reg.h, layout.qr)).toBeNull();
    const read = await readPage(img, layout, { source: 'torn.png', page: 1 });
    expect(read.result.identity?.serial).toBe('000808');
    expect(qrReaderLoaded()).toBe(true);
  });
});

/** The printer's symbol of `text` as a grid (1 dark), and its version. */
function printed(text: string): { grid: Uint8Array; version: number } {
  const { size, dark } = qrModules(text);
  return { grid: Uint8Array.from(dark), version: (size - 17) / 4 };
}

describe('decoding a module grid', () => {
  const text = encodeIdentity({ examId: 'phong-dien-2025', serial: '000123', template: 'sat-hach-100', templateVersion: 1 });

  it('reads the printer’s symbol of every size an identity can take, version info included', () => {
    for (const id of ['x', 'phong-dien-2025', 'a'.repeat(40)]) {
      const t = encodeIdentity({ examId: id, serial: '000123', template: 'sat-hach-100', templateVersion: 1 });
      const { grid, version } = printed(t);
      expect(decodeGrid(grid, version)).toBe(t);
    }
    const long = 'OMR1|' + 'x'.repeat(120);
    const { grid, version } = printed(long);
    expect(version).toBeGreaterThanOrEqual(7);
    expect(decodeGrid(grid, version)).toBe(long);
  });

  it('never reads another text when one module is wrong, wherever it is', () => {
    const { grid, version } = printed(text);
    let read = 0, refused = 0;
    for (let k = 0; k < grid.length; k++) {
      grid[k] ^= 1;
      const got = decodeGrid(grid, version);
      grid[k] ^= 1;
      if (got === null) refused++;
      else {
        expect(got).toBe(text);
        read++;
      }
    }
    // a data module refuses the block; error correction and function modules are taken in their stride
    expect(refused).toBeGreaterThan(200);
    expect(read).toBeGreaterThan(200);
  });

  it('never reads another text with a few modules wrong anywhere (2,000 random damages)', () => {
    const { grid, version } = printed(text);
    const rng = mulberry32(42);
    for (let trial = 0; trial < 2000; trial++) {
      const g = Uint8Array.from(grid);
      const flips = rng.int(2, 8);
      for (let f = 0; f < flips; f++) g[rng.int(0, g.length - 1)] ^= 1;
      const got = decodeGrid(g, version);
      if (got !== null) expect(got).toBe(text);
    }
  });

  it('refuses a grid of the wrong version or of noise', () => {
    const { grid, version } = printed(text);
    expect(decodeGrid(grid.subarray(0, (17 + 4 * (version - 1)) ** 2), version - 1)).toBeNull();
    const rng = mulberry32(7);
    const noise = Uint8Array.from(grid, () => (rng.chance(0.5) ? 1 : 0));
    expect(decodeGrid(noise, version)).toBeNull();
  });
});
