/**
 * The fit on the printed rings in the kernels (ringFit, assembly/kernels.ts) against the
 * JavaScript it replaced (kept here): the same homography, the same choice, the same residuals,
 * on the rings of generated scans and on synthetic rings with outliers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSheetPrinter, generateSheetPage, toGray, type EffectProfile, type SheetPrinter } from '../src/fixtures/index.js';
import { fitHomography, length, localScale, type Homography, type Point } from '../src/scan/geometry.js';
import { measuredRings, register, ringFitOf, type RingPairs } from '../src/scan/register.js';

let printer: SheetPrinter;
beforeAll(() => {
  printer = defaultSheetPrinter();
});

/** refineOnRings' fit as JavaScript, before it moved into the kernels. */
function reference(pairs: RingPairs, h: Homography) {
  const src: Point[] = [], dst: Point[] = [];
  for (let i = 0; i < pairs.n; i++) {
    src.push({ x: pairs.src[2 * i], y: pairs.src[2 * i + 1] });
    dst.push({ x: pairs.dst[2 * i], y: pairs.dst[2 * i + 1] });
  }
  const residuals = (hh: Homography) =>
    Float64Array.from(src, ({ x, y }, i) => {
      const w = hh[6] * x + hh[7] * y + hh[8];
      return length((hh[0] * x + hh[1] * y + hh[2]) / w - dst[i].x, (hh[3] * x + hh[4] * y + hh[5]) / w - dst[i].y) / localScale(hh, x, y);
    });
  const bestRms = (v: Float64Array) => {
    const s = Float64Array.from(v).sort();
    const n = Math.max(1, Math.ceil(v.length * 0.9));
    let t = 0;
    for (let i = 0; i < n; i++) t += s[i] * s[i];
    return Math.sqrt(t / n);
  };
  let h2: Homography;
  try {
    h2 = fitHomography(src, dst);
    const r0 = residuals(h2);
    const med = Float64Array.from(r0).sort()[r0.length >> 1];
    const s2: Point[] = [], d2: Point[] = [];
    for (let i = 0; i < r0.length; i++)
      if (r0[i] <= Math.max(3 * med, 0.35)) {
        s2.push(src[i]);
        d2.push(dst[i]);
      }
    if (s2.length >= 40) h2 = fitHomography(s2, d2);
  } catch {
    return null;
  }
  const before = residuals(h), after = residuals(h2);
  const used = bestRms(after) < bestRms(before);
  const fin = used ? after : before;
  const p95 = Float64Array.from(fin).sort()[Math.floor(fin.length * 0.95)];
  const mm = (v: number) => Math.round(v * (25.4 / 72) * 100) / 100;
  return { h: used ? h2 : h, fit: { points: src.length, residualMm: mm(bestRms(fin)), p95Mm: mm(p95), used } };
}

describe('the fit on the printed rings, in the kernels', () => {
  it('gives the JavaScript fit on the rings of generated scans', async () => {
    const profiles: EffectProfile[] = ['flatbed', 'bitonal', 'phone-steep', 'fit-feeder', 'skewed', 'dusty'];
    const used = new Set<boolean>();
    for (const [i, profile] of profiles.entries()) {
      const p = await generateSheetPage({ printer, serial: '000012', seed: 60 + i, profile, dpi: 200 });
      const img = toGray(p.raster);
      const { h } = register(img, printer.layout);
      const pairs = measuredRings(img, printer.layout, h);
      expect(pairs.n).toBeGreaterThan(100);
      // against the marks' fit, and against the rings' own (which it then keeps)
      for (const start of [h, reference(pairs, h)!.h]) {
        const got = ringFitOf(pairs, start), want = reference(pairs, start);
        expect(got).toEqual(want);
        used.add(got!.fit.used);
      }
    }
    expect([...used].sort()).toEqual([false, true]);
  }, 120_000);

  it('gives the JavaScript fit on synthetic rings with outliers, and nothing where the fit is singular or the rings are fewer than 40', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 60; k++) {
      const n = 40 + Math.floor(rnd() * 260);
      const H: Homography = [2.7 + rnd() * 0.1, rnd() * 0.05, 30 + rnd() * 20, -rnd() * 0.05, 2.7 + rnd() * 0.1, 40 + rnd() * 20, rnd() * 1e-5, rnd() * 1e-5, 1];
      const pairs: RingPairs = { n, src: new Float64Array(2 * n), dst: new Float64Array(2 * n) };
      for (let i = 0; i < n; i++) {
        const x = 30 + rnd() * 530, y = 40 + rnd() * 760, w = H[6] * x + H[7] * y + H[8];
        const off = rnd() < 0.1 ? 8 : 0.4; // a tenth of them far off, as under a stray mark
        pairs.src.set([x, y], 2 * i);
        pairs.dst.set([(H[0] * x + H[1] * y + H[2]) / w + (rnd() - 0.5) * off, (H[3] * x + H[4] * y + H[5]) / w + (rnd() - 0.5) * off], 2 * i);
      }
      const start = H.map((v, i) => (i === 2 || i === 5 ? v + (rnd() - 0.5) * 3 : v)) as Homography;
      expect(ringFitOf(pairs, start)).toEqual(reference(pairs, start));
    }
    // every ring at one point: no homography
    const n = 50;
    const flat: RingPairs = { n, src: Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 7 : 5)), dst: new Float64Array(2 * n).fill(3) };
    expect(reference(flat, [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeNull();
    expect(ringFitOf(flat, [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeNull();
    // fewer than 40 rings: no fit, as refineOnRings gave none
    const few: RingPairs = { n: 39, src: Float64Array.from({ length: 78 }, (_, i) => 10 + i * 7), dst: Float64Array.from({ length: 78 }, (_, i) => 20 + i * 19) };
    expect(ringFitOf(few, [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeNull();
    expect(ringFitOf({ ...few, n: 40, src: Float64Array.from({ length: 80 }, (_, i) => 10 + ((i * 37) % 500)), dst: Float64Array.from({ length: 80 }, (_, i) => 20 + ((i * 37) % 500) * 3) }, [3, 0, 0, 0, 3, 0, 0, 0, 1])).not.toBeNull();
  });
});
