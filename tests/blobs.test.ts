/**
 * The plain typed-array passes of src/scan/blobs.ts against OpenCV itself, on generated scans:
 * the same adaptive threshold, the same connected components, the same rectangles, the same
 * mark centres. OpenCV.js stays a development dependency for this check only (docs/reader.md).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSheetPrinter, generateSheetPage, toGray, type SheetPrinter } from '../src/fixtures/index.js';
import { adaptiveThresholdInv, darkComponents, downscale, filledMoments, hullOf, labelComponents, minAreaRect, otsuLevel, otsuLevelIn, spansOf, thresholdedComponents } from '../src/scan/blobs.js';
import { register } from '../src/scan/register.js';
import { crop } from '../src/scan/sample.js';
import type { GrayImage } from '../src/util/raster.js';
import { cv, loadOpenCV } from './opencv.js';

let printer: SheetPrinter;
beforeAll(async () => {
  await loadOpenCV();
  printer = defaultSheetPrinter();
}, 120_000);

function mat(img: GrayImage) {
  const c = cv();
  const m = new c.Mat(img.height, img.width, c.CV_8UC1);
  m.data.set(img.data);
  return m;
}

async function pages() {
  const out: GrayImage[] = [];
  for (const [seed, profile] of [
    [21, 'flatbed'],
    [22, 'bitonal'],
    [23, 'phone'],
  ] as const) {
    const p = await generateSheetPage({ printer, serial: '000007', seed, profile, dpi: 200 });
    out.push(toGray(p.raster));
  }
  return out;
}

describe('blob passes agree with OpenCV', () => {
  it('threshold, components, rectangles and mark centres', async () => {
    const c = cv();
    for (const img of await pages()) {
      const small = downscale(img, Math.round(img.width * 0.3), Math.round(img.height * 0.3));
      // adaptive mean threshold: OpenCV replicates the border, we clip the window; compare inside
      const src = mat(small), ref = new c.Mat();
      c.adaptiveThreshold(src, ref, 1, c.ADAPTIVE_THRESH_MEAN_C, c.THRESH_BINARY_INV, 67, 25);
      const ours = adaptiveThresholdInv(small, 67, 25);
      let same = 0, inside = 0;
      for (let y = 34; y < small.height - 34; y++)
        for (let x = 34; x < small.width - 34; x++, inside++) if (ours[y * small.width + x] === ref.data[y * small.width + x]) same++;
      expect(same).toBe(inside);

      // connected components of OUR binary image, both ways: identical counts and areas
      const bin = new c.Mat(small.height, small.width, c.CV_8UC1);
      bin.data.set(ours);
      const labels = new c.Mat(), stats = new c.Mat(), cents = new c.Mat();
      const n = c.connectedComponentsWithStats(bin, labels, stats, cents, 8, c.CV_32S);
      const comps = labelComponents(ours, small.width, small.height);
      expect(comps.count).toBe(n - 1);
      // the registration's one-pass version gives the very same components
      expect(thresholdedComponents(img, small.width, small.height, 67, 25)).toEqual(comps);
      const theirs = Array.from({ length: n - 1 }, (_, i) => stats.intAt(i + 1, c.CC_STAT_AREA)).sort((a, b) => a - b);
      expect(Array.from(comps.area).sort((a, b) => a - b)).toEqual(theirs);

      // minimum-area rectangles of the larger components: the same area as OpenCV's on the
      // outline through the pixel corners, to a few per cent
      let checked = 0;
      for (let k = 0; k < comps.count && checked < 40; k++) {
        if (comps.area[k] < 30) continue;
        const spans = spansOf(comps, k);
        const hull = hullOf(spans);
        // our hull against OpenCV's convexHull of every pixel corner of the spans: the same area
        const corners = Array.from(spans.left).flatMap((l, r) => (l < 0 ? [] : [l, spans.y0 + r, l, spans.y0 + r + 1, spans.right[r] + 1, spans.y0 + r, spans.right[r] + 1, spans.y0 + r + 1]));
        const all = c.matFromArray(corners.length / 2, 1, c.CV_32SC2, corners), cvHull = new c.Mat();
        c.convexHull(all, cvHull, false, true);
        const shoelace = Math.abs(hull.reduce((t, p, i) => t + p.x * hull[(i + 1) % hull.length].y - hull[(i + 1) % hull.length].x * p.y, 0)) / 2;
        expect(shoelace).toBe(c.contourArea(cvHull));
        all.delete(), cvHull.delete();
        const pts = c.matFromArray(hull.length, 1, c.CV_32FC2, hull.flatMap((p) => [p.x, p.y]));
        const rr = c.minAreaRect(pts);
        const mine = minAreaRect(hull);
        expect(mine.width * mine.height).toBeCloseTo(rr.size.width * rr.size.height, -0.5);
        pts.delete();
        checked++;
      }
      expect(checked).toBeGreaterThan(10);

      // each registration mark: our centre against OpenCV's Otsu + outer contour moments
      const reg = register(img, printer.layout);
      for (const m of reg.marks.filter((k) => k.found)) {
        const half = 40;
        const roi = crop(img, m.x - half, m.y - half, 2 * half, 2 * half);
        const x0 = Math.max(0, Math.floor(m.x - half)), y0 = Math.max(0, Math.floor(m.y - half));
        const r = mat(roi), b = new c.Mat(), cs = new c.MatVector(), hier = new c.Mat();
        c.threshold(r, b, 0, 255, c.THRESH_BINARY_INV + c.THRESH_OTSU);
        c.findContours(b, cs, hier, c.RETR_EXTERNAL, c.CHAIN_APPROX_SIMPLE);
        let best = { d: Infinity, x: 0, y: 0 };
        for (let i = 0; i < cs.size(); i++) {
          const mo = c.moments(cs.get(i));
          if (mo.m00 < 50) continue;
          const p = { x: x0 + mo.m10 / mo.m00, y: y0 + mo.m01 / mo.m00 };
          const d = Math.hypot(p.x - m.x, p.y - m.y);
          if (d < best.d) best = { d, ...p };
        }
        // the same centre to a fraction of a pixel (the ROI differs from the reader's)
        expect(best.d).toBeLessThan(0.6);
        // and our own passes on the same ROI give OpenCV's Otsu level
        expect(otsuLevel(roi)).toBe(c.threshold(r, new c.Mat(), 0, 255, c.THRESH_BINARY_INV + c.THRESH_OTSU));
        // and so does the histogram of the page's window in the kernels' memory (no copy)
        expect(otsuLevelIn(img, { x: x0, y: y0, w: roi.width, h: roi.height })).toBe(otsuLevel(roi));
        const own = darkComponents(roi, otsuLevel(roi));
        expect(own.count).toBeGreaterThan(0);
        // the same components from the window of the page, without copying it out
        expect(darkComponents(img, otsuLevel(roi), { x: x0, y: y0, w: roi.width, h: roi.height })).toEqual(own);
        expect(filledMoments(spansOf(own, 0)).area).toBeGreaterThan(0);
        r.delete(), b.delete(), cs.delete(), hier.delete();
      }
      src.delete(), ref.delete(), bin.delete(), labels.delete(), stats.delete(), cents.delete();
    }
  }, 120_000);
});
