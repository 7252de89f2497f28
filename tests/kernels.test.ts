/**
 * The WebAssembly kernels (assembly/kernels.ts) against plain per-pixel JavaScript references on
 * generated scans: bubble measures must be bit-identical to the straightforward loop over each
 * bubble's box that the reader used before the kernels existed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSheetPrinter, generateSheetPage, toGray, type SheetPrinter } from '../src/fixtures/index.js';
import { applyH, fitHomography, homography, invert, length, localScale, mul, solveAugmented, type Homography, type Point } from '../src/scan/geometry.js';
import { INNER, measureBubbles, PAPER_IN, PAPER_OUT } from '../src/scan/measure.js';
import { IMAGE_ADDRESS, kernels } from '../src/scan/kernels.js';
import { register } from '../src/scan/register.js';
import { bilevelImage } from '../src/scan/decide.js';
import type { Layout } from '../src/template/layout.js';
import type { GrayImage } from '../src/util/raster.js';

let printer: SheetPrinter;
beforeAll(() => {
  printer = defaultSheetPrinter();
});

const TAN22 = 0.41421356;
function sector(dx: number, dy: number, adx: number, ady: number): number {
  if (ady <= TAN22 * adx) return dx >= 0 ? 0 : 4;
  if (adx <= TAN22 * ady) return dy >= 0 ? 2 : 6;
  return dx >= 0 ? (dy >= 0 ? 1 : 7) : dy >= 0 ? 3 : 5;
}

/** The reference: every pixel of each bubble's box, classified one by one. */
function reference(img: GrayImage, layout: Layout, h: Homography) {
  const W = img.width, d = img.data;
  return layout.groups.map((group) =>
    group.options.map((o) => {
      const c = applyH(h, o.x, o.y);
      const s = localScale(h, o.x, o.y);
      const ri2 = (o.r * INNER * s) ** 2, pa2 = (o.r * PAPER_IN * s) ** 2, pb = o.r * PAPER_OUT * s, pb2 = pb * pb, rc2 = ri2 * 0.16;
      const x0 = Math.floor(c.x - pb), x1 = Math.ceil(c.x + pb), y0 = Math.floor(c.y - pb), y1 = Math.ceil(c.y + pb);
      if (x0 < 0 || y0 < 0 || x1 >= W || y1 >= img.height) return { fill: 0, even: 0, peak: 0, sectors: new Array(16).fill(0), paper: 255, cx: c.x, cy: c.y, ok: false };
      const hist = new Array(256).fill(0), cellSum = new Array(9).fill(0), cellN = new Array(9).fill(0);
      // the sixteen 22.5° sectors, by the angle itself
      const fineSum = new Array(16).fill(0), fineN = new Array(16).fill(0);
      let innerSum = 0, nInner = 0, nPaper = 0;
      for (let y = y0; y <= y1; y++)
        for (let x = x0; x <= x1; x++) {
          const dx = x - c.x, dy = y - c.y, r2 = dx * dx + dy * dy, v = d[y * W + x];
          if (r2 <= ri2) {
            innerSum += v;
            nInner++;
            const ci = r2 <= rc2 ? 8 : sector(dx, dy, Math.abs(dx), Math.abs(dy));
            cellSum[ci] += v;
            cellN[ci]++;
            if (ci !== 8) {
              const k = Math.floor((Math.atan2(dy, dx) + 2 * Math.PI) / (Math.PI / 8)) % 16;
              fineSum[k] += v;
              fineN[k]++;
            }
          } else if (r2 >= pa2 && r2 <= pb2) {
            hist[v]++;
            nPaper++;
          }
        }
      let acc = 0, paper = 255;
      for (let v = 0; v < 256; v++) if ((acc += hist[v]) >= nPaper * 0.75) {
        paper = v;
        break;
      }
      paper = Math.max(paper, 16);
      const fill = Math.min(1, Math.max(0, 1 - (nInner ? innerSum / nInner : paper) / paper));
      const sec = Array.from({ length: 8 }, (_, k) => (cellN[k] ? 1 - cellSum[k] / cellN[k] / paper : fill));
      const peak = Math.min(1, Math.max(0, ...sec));
      sec.sort((a, b) => a - b);
      const sectors = Array.from({ length: 16 }, (_, k) => (fineN[k] ? 1 - fineSum[k] / fineN[k] / paper : fill));
      return { fill, even: Math.min(1, Math.max(0, (sec[0] + sec[1] + sec[2] + sec[3]) / 4)), peak, sectors, paper, cx: c.x, cy: c.y, ok: nInner > 0 };
    }),
  );
}

describe('WebAssembly kernels', () => {
  it('measure every bubble exactly as the per-pixel reference does, on flatbed, bitonal, phone and cropped pages', async () => {
    for (const [seed, profile] of [
      [31, 'flatbed'],
      [32, 'bitonal'],
      [36, 'phone-steep'],
    ] as const) {
      const p = await generateSheetPage({ printer, serial: '000009', seed, profile, dpi: 200 });
      const img = toGray(p.raster);
      const { h } = register(img, printer.layout);
      const got = measureBubbles(img, printer.layout, h).map((g) => g.bubbles);
      expect(got).toEqual(reference(img, printer.layout, h));
    }
    // a page cut short: bubbles outside the image are reported as such, the others still exact
    const p = await generateSheetPage({ printer, serial: '000010', seed: 34, profile: 'clean', dpi: 150 });
    const full = toGray(p.raster);
    const { h } = register(full, printer.layout);
    const cut: GrayImage = { width: full.width, height: Math.round(full.height * 0.8), data: full.data.subarray(0, full.width * Math.round(full.height * 0.8)) };
    const got = measureBubbles(cut, printer.layout, h).map((g) => g.bubbles);
    expect(got.flat().some((b) => !b.ok)).toBe(true);
    expect(got).toEqual(reference(cut, printer.layout, h));
  }, 120_000);
});

/** The bubble kernel's outputs as its per-pixel loop made them before it took rows as runs. */
function perPixelKernel(d: Uint8Array, w: number, p: Float64Array): Float64Array {
  const [cx, cy, ri2, rc2, pa2, pb2] = p;
  const [x0, x1, y0, y1] = [p[6], p[7], p[8], p[9]].map((v) => Math.trunc(v));
  const out = new Float64Array(38), hist = new Uint32Array(256);
  let innerSum = 0, nInner = 0, nPaper = 0;
  for (let y = y0; y <= y1; y++) {
    const dy = y - cy, dy2 = dy * dy;
    if (dy2 > pb2) continue;
    const ady = Math.abs(dy);
    if (dy2 <= ri2) {
      const hw = Math.sqrt(ri2 - dy2);
      for (let x = Math.max(x0, Math.floor(cx - hw)); x <= Math.min(x1, Math.ceil(cx + hw)); x++) {
        const dx = x - cx, r2 = dx * dx + dy2;
        if (r2 > ri2) continue;
        const v = d[y * w + x];
        innerSum += v;
        nInner++;
        const ci = r2 <= rc2 ? 16 : sector16(dx, dy, Math.abs(dx), ady);
        out[4 + ci] += v;
        out[21 + ci]++;
      }
    }
    const ho = Math.sqrt(pb2 - dy2);
    for (let x = Math.max(x0, Math.floor(cx - ho)); x <= Math.min(x1, Math.ceil(cx + ho)); x++) {
      const dx = x - cx, r2 = dx * dx + dy2;
      if (r2 >= pa2 && r2 <= pb2) {
        hist[d[y * w + x]]++;
        nPaper++;
      }
    }
  }
  let acc = 0, paper = 0;
  for (let v = 255; v >= 0; v--) if ((acc += hist[v]) > nPaper - nPaper * 0.75) {
    paper = v;
    break;
  }
  out.set([innerSum, nInner, nPaper, paper]);
  return out;
}

/** Sector 0-15 by the four tests the kernel documents (A-D), as the per-pixel loop made them. */
function sector16(dx: number, dy: number, adx: number, ady: number): number {
  const low = ady <= adx, near = low ? ady < TAN22 * adx : adx < TAN22 * ady;
  if (dy >= 0) return dx >= 0 ? (low ? (near ? 0 : 1) : near ? 3 : 2) : low ? (near ? 7 : 6) : near ? 4 : 5;
  return dx < 0 ? (low ? (near ? 8 : 9) : near ? 11 : 10) : low ? (near ? 15 : 14) : near ? 12 : 13;
}

describe('bubble kernel (measureBubbles), row by row in runs', () => {
  it('gives the per-pixel loop\'s sums bit for bit: any centre, whole or half pixels, tiny to large bubbles, boxes cut short', () => {
    const k = kernels();
    const w = 181, h = 163;
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const img: GrayImage = { width: w, height: h, data: Uint8Array.from({ length: w * h }, () => Math.floor(rnd() * 256)) };
    const n = 600, bubbles: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      const r = [0.4, 1, 2.5][i % 3] * (1 + rnd() * 14);
      const snap = i % 5; // 0: whole pixels, 1: half pixels, 2: whole x only, else anywhere
      let cx = 40 + rnd() * (w - 80), cy = 40 + rnd() * (h - 80);
      if (snap === 0) [cx, cy] = [Math.round(cx), Math.round(cy)];
      if (snap === 1) [cx, cy] = [Math.round(cx) + 0.5, Math.round(cy) + 0.5];
      if (snap === 2) cx = Math.round(cx);
      let ri = r * INNER, pa = r * PAPER_IN, pb = Math.min(r * PAPER_OUT, 39);
      // every eleventh with whole squared radii, so that pixels lie exactly on the circles
      if (i % 11 === 0) [ri, pa, pb] = [Math.sqrt(Math.round(ri * ri)), Math.sqrt(Math.round(pa * pa)), Math.sqrt(Math.round(pb * pb))];
      const box = [Math.floor(cx - pb), Math.ceil(cx + pb), Math.floor(cy - pb), Math.ceil(cy + pb)];
      // every seventh box cut short on one side, as a caller may give it
      if (i % 7 === 3) box[i % 2] += i % 2 ? -Math.floor(pb / 2) : Math.floor(pb / 2);
      bubbles.push(Float64Array.from([cx, cy, ri * ri, i % 11 === 0 ? Math.round(ri * ri * 0.16) : ri * ri * 0.16, pa * pa, pb * pb, ...box]));
    }
    const at = k.put(img, n * (k.bubbleIn + k.bubbleOut) + k.exports.measureScratch(w));
    const outAt = at + n * k.bubbleIn;
    const mem = () => k.exports.memory.buffer;
    bubbles.forEach((b, i) => new Float64Array(mem(), at + i * k.bubbleIn, 10).set(b));
    k.exports.measureBubbles(IMAGE_ADDRESS, w, at, n, outAt, outAt + n * k.bubbleOut);
    const got = new Float64Array(mem(), outAt, (n * k.bubbleOut) / 8);
    let cells = 0;
    bubbles.forEach((b, i) => {
      const want = perPixelKernel(img.data, w, b);
      expect(Array.from(got.subarray(i * 38, i * 38 + 38)), `bubble ${i}`).toEqual(Array.from(want));
      cells += want.subarray(21, 38).filter((c) => c > 0).length;
    });
    // the bubbles are big enough to hold every sector and the centre, most of them
    expect(cells).toBeGreaterThan(n * 10);
  });
});

describe('bilevel detection (grayCount kernel)', () => {
  it('tells a black-and-white page from a gray one, and counts the samples as the loop it replaced', async () => {
    const page = await generateSheetPage({ printer: defaultSheetPrinter(), serial: '000515', seed: 515, profile: 'flatbed' });
    const gray = toGray(page.raster);
    const bw: GrayImage = { width: gray.width, height: gray.height, data: gray.data.map((v) => (v < 128 ? 0 : 255)) };
    expect(bilevelImage(gray)).toBe(false);
    expect(bilevelImage(bw)).toBe(true);
    // 1 gray sample in 1,000 is still bilevel, 2 in 1,000 is not
    const step = Math.max(1, Math.floor(bw.data.length / 40000)) | 1;
    const samples = Math.ceil(bw.data.length / step);
    const some = (k: number): GrayImage => {
      const data = bw.data.slice();
      for (let i = 0; i < k; i++) data[i * step] = 128;
      return { ...bw, data };
    };
    expect(bilevelImage(some(Math.floor(samples / 1000)))).toBe(true);
    expect(bilevelImage(some(Math.floor(samples / 1000) + 1))).toBe(false);
  });
});

/** The least-squares fit as the reader ran it in JavaScript before the kernel (geometry.ts, fifth round). */
function referenceFit(src: Point[], dst: Point[]): Homography {
  const normalised = (pts: Point[]) => {
    const n = pts.length;
    let sx = 0, sy = 0;
    for (let i = 0; i < n; i++) sx += pts[i].x;
    for (let i = 0; i < n; i++) sy += pts[i].y;
    const cx = sx / n, cy = sy / n;
    let sd = 0;
    for (let i = 0; i < n; i++) sd += length(pts[i].x - cx, pts[i].y - cy);
    const s = Math.SQRT2 / (sd / n || 1);
    return { T: homography([s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1]), xs: pts.map((p) => s * (p.x - cx)), ys: pts.map((p) => s * (p.y - cy)) };
  };
  const addNormalRow = (M: Float64Array, row: number[], rhs: number) => {
    for (let i = 0; i < 8; i++) {
      M[i * 9 + 8] += row[i] * rhs;
      for (let j = 0; j < 8; j++) M[i * 9 + j] += row[i] * row[j];
    }
  };
  const a = normalised(src), b = normalised(dst);
  const M = new Float64Array(8 * 9);
  for (let i = 0; i < src.length; i++) {
    const x = a.xs[i], y = a.ys[i], u = b.xs[i], v = b.ys[i];
    addNormalRow(M, [x, y, 1, 0, 0, 0, -u * x, -u * y], u);
    addNormalRow(M, [0, 0, 0, x, y, 1, -v * x, -v * y], v);
  }
  const h = solveAugmented(M, 8);
  const H = mul(mul(invert(b.T), homography([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1])), a.T);
  return homography(H, H[8]);
}

describe('least-squares homography (fitHomography kernel)', () => {
  it('gives the JavaScript fit bit for bit, and its errors', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 300; t++) {
      const m = 4 + Math.floor(rnd() * 300);
      const H0 = homography([1.5 + rnd(), rnd() * 0.2 - 0.1, rnd() * 100, rnd() * 0.2 - 0.1, 1.5 + rnd(), rnd() * 100, (rnd() - 0.5) * 1e-3, (rnd() - 0.5) * 1e-3, 1]);
      const src = Array.from({ length: m }, () => ({ x: rnd() * 595, y: rnd() * 842 }));
      const dst = src.map((p) => {
        const q = applyH(H0, p.x, p.y);
        return { x: q.x + (rnd() - 0.5) * 2, y: q.y + (rnd() - 0.5) * 2 };
      });
      const got = fitHomography(src, dst), want = referenceFit(src, dst);
      expect(got.every((v, i) => Object.is(v, want[i])), `set ${t}`).toBe(true);
    }
    const square = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }];
    expect(() => fitHomography(square, square.map(() => ({ x: 5, y: 5 })))).toThrow('singular system');
    expect(() => referenceFit(square, square.map(() => ({ x: 5, y: 5 })))).toThrow('singular system');
  });
});
