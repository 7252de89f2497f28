/**
 * Dark blobs on a gray page: a downscale, an adaptive mean threshold, Otsu's threshold,
 * 8-connected component labelling (these in the WebAssembly kernels, src/scan/kernels.ts), and
 * each component's row spans, convex hull and minimum-area rectangle (plain JS). These are the few
 * OpenCV operations registration needs (resize, adaptiveThreshold, threshold+OTSU, findContours,
 * contourArea, moments, minAreaRect), without OpenCV.js, whose loading alone costs about 0.5 s of
 * CPU per thread (docs/performance.md). tests/blobs.test.ts checks these against OpenCV itself.
 */
import type { GrayImage } from '../util/raster.js';
import { align8, IMAGE_ADDRESS, kernels, type Kernels } from './kernels.js';
import type { Box } from './labels.js';

/**
 * Downscale to `w`×`h`: each output pixel is the mean of the 2×2 source pixels around its centre
 * (OpenCV's INTER_LINEAR sampling with the weights rounded to halves, which moves nothing by more
 * than half a source pixel; the marks are measured again at full resolution).
 */
export function downscale(img: GrayImage, w: number, h: number): GrayImage {
  const k = kernels();
  const at = k.put(img, align8(w * h) + 4 * w);
  k.exports.downscale(IMAGE_ADDRESS, img.width, img.height, at, w, h, at + align8(w * h), 0, 0, w, h);
  return { width: w, height: h, data: k.bytes(at, w * h).slice() };
}

/**
 * Adaptive mean threshold, inverted: 1 where a pixel is at least `c` darker than the mean of the
 * `block`×`block` window around it (the window clipped to the image), else 0, with the mean
 * rounded as OpenCV rounds it. Separable running sums (assembly/kernels.ts).
 */
export function adaptiveThresholdInv(img: GrayImage, block: number, c: number): Uint8Array {
  const k = kernels();
  const n = img.width * img.height;
  const at = k.put(img, align8(n) + 4 * img.width);
  k.exports.adaptiveThresholdInv(IMAGE_ADDRESS, img.width, img.height, block, c, at, at + align8(n));
  return k.bytes(at, n).slice();
}

/** Bytes of scratch `labelAt` needs for a w×h image: three arrays of runs, then ten of n + 1 i32. */
const labelBytes = (w: number, h: number) => 4 * (13 * (((w + 1) >> 1) * h) + 13);

/**
 * The 8-connected components of the w×h image at `src` in the kernels' memory: of its set pixels,
 * or of those at or below `level`. Runs of pixels are found row by row and joined by union-find
 * (assembly/kernels.ts), so the work follows the number of runs. `at`: labelBytes of scratch.
 */
function labelAt(k: Kernels, src: number, w: number, h: number, level: number | undefined, at: number, stride = w): Components {
  const cap = ((w + 1) >> 1) * h;
  const ys = at, x0s = at + 4 * cap, x1s = at + 8 * cap;
  const n = level === undefined ? k.exports.runsOfSet(src, w, h, ys, x0s, x1s, cap) : k.exports.runsAtOrBelow(src, w, h, stride, level, ys, x0s, x1s, cap);
  const arr = (i: number) => at + 12 * cap + 4 * i * (n + 1);
  const [parent, id, fill, area, minX, minY, maxX, maxY, start, order] = Array.from({ length: 10 }, (_, i) => arr(i));
  const count = k.exports.label(ys, x0s, x1s, n, parent, id, fill, area, minX, minY, maxX, maxY, start, order, w, h);
  const view = (p: number, len: number) => new Int32Array(k.exports.memory.buffer, p, len).slice();
  return {
    count,
    area: view(area, count),
    minX: view(minX, count),
    minY: view(minY, count),
    maxX: view(maxX, count),
    maxY: view(maxY, count),
    runY: view(ys, n),
    runX0: view(x0s, n),
    runX1: view(x1s, n),
    order: view(order, n),
    start: view(start, count + 1),
  };
}

function componentsIn(img: GrayImage, level?: number): Components {
  const k = kernels();
  return labelAt(k, IMAGE_ADDRESS, img.width, img.height, level, k.put(img, labelBytes(img.width, img.height)));
}

/**
 * `labelComponents(adaptiveThresholdInv(downscale(img, w, h), block, c))` in one pass through the
 * kernels' memory, without copying the small image and the binary one out and back in (no
 * downscale when w×h is the image's own size). With `win` (in the small image), only that window
 * of the small image is made and thresholded (the threshold's window clipped to it), and the
 * components' coordinates are relative to it.
 */
export function thresholdedComponents(img: GrayImage, w: number, h: number, block: number, c: number, win: Box = { x: 0, y: 0, w, h }): Components {
  const k = kernels();
  const n = align8(win.w * win.h);
  const at = k.put(img, 2 * n + 4 * Math.max(w, win.w) + labelBytes(win.w, win.h));
  const small = at, bin = at + n, scratch = at + 2 * n;
  const same = w === img.width && h === img.height && win.w === w && win.h === h;
  if (!same) k.exports.downscale(IMAGE_ADDRESS, img.width, img.height, small, w, h, scratch, win.x, win.y, win.w, win.h);
  k.exports.adaptiveThresholdInv(same ? IMAGE_ADDRESS : small, win.w, win.h, block, c, bin, scratch);
  return labelAt(k, bin, win.w, win.h, undefined, scratch);
}

/** Otsu's threshold of a gray image: the level that best separates its two classes. */
export function otsuLevel(img: GrayImage): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]]++;
  return otsuOfHistogram(hist, img.data.length);
}

/**
 * Otsu's threshold of a window of a gray image (coordinates in it, clipped), counted in the
 * kernels' memory without copying the window out.
 */
export function otsuLevelIn(img: GrayImage, win: Box): number {
  const k = kernels();
  const x0 = Math.max(0, win.x), y0 = Math.max(0, win.y);
  const w = Math.max(0, Math.min(img.width, win.x + win.w) - x0), h = Math.max(0, Math.min(img.height, win.y + win.h) - y0);
  const at = k.put(img, 1024);
  k.exports.histogram(IMAGE_ADDRESS + y0 * img.width + x0, w, h, img.width, at);
  return otsuOfHistogram(Float64Array.from(new Uint32Array(k.exports.memory.buffer, at, 256)), w * h);
}

/** Otsu's level from a 256-bin histogram of n pixels. */
function otsuOfHistogram(hist: Float64Array, n: number): number {
  let total = 0;
  for (let v = 0; v < 256; v++) total += v * hist[v];
  let w0 = 0, sum0 = 0, best = 0, level = 0;
  for (let t = 0; t < 256; t++) {
    w0 += hist[t];
    if (w0 === 0) continue;
    const w1 = n - w0;
    if (w1 === 0) break;
    sum0 += t * hist[t];
    const m0 = sum0 / w0, m1 = (total - sum0) / w1;
    const between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      level = t;
    }
  }
  return level;
}

/**
 * The connected components of a binary image (8-connectivity), found from its runs of dark
 * pixels: each run is joined to the runs it touches in the row above (union-find), so the work
 * follows the number of runs, not of pixels.
 */
export interface Components {
  count: number;
  /** Per component (index 0 … count − 1): pixel count and bounding box (inclusive). */
  area: Int32Array;
  minX: Int32Array;
  minY: Int32Array;
  maxX: Int32Array;
  maxY: Int32Array;
  /** The runs (row, first and last x), and per component the range of its runs in `order`. */
  runY: Int32Array;
  runX0: Int32Array;
  runX1: Int32Array;
  order: Int32Array;
  start: Int32Array;
}

export function labelComponents(bin: Uint8Array, width: number, height: number): Components {
  return componentsIn({ width, height, data: bin });
}

/**
 * The components of a gray image's pixels at or below `level` (Otsu's dark class, say), in the
 * whole image or in a window of it (coordinates relative to the window), without copying the
 * window out.
 */
export function darkComponents(img: GrayImage, level: number, win?: { x: number; y: number; w: number; h: number }): Components {
  if (!win) return componentsIn(img, level);
  const k = kernels();
  const at = k.put(img, labelBytes(win.w, win.h));
  return labelAt(k, IMAGE_ADDRESS + win.y * img.width + win.x, win.w, win.h, level, at, img.width);
}

/** One component's leftmost and rightmost pixel per row of its bounding box (−1 where none). */
export interface Spans {
  y0: number;
  left: Int32Array;
  right: Int32Array;
}

/** The spans of component `k` (0-based). */
export function spansOf(c: Components, k: number): Spans {
  const y0 = c.minY[k], rows = c.maxY[k] - y0 + 1;
  const left = new Int32Array(rows).fill(-1), right = new Int32Array(rows).fill(-1);
  for (let j = c.start[k]; j < c.start[k + 1]; j++) {
    const i = c.order[j], r = c.runY[i] - y0;
    if (left[r] < 0 || c.runX0[i] < left[r]) left[r] = c.runX0[i];
    if (c.runX1[i] > right[r]) right[r] = c.runX1[i];
  }
  return { y0, left, right };
}

/**
 * Area and centroid of the region the spans enclose (holes filled, as an outer contour
 * encloses them), in pixel-centre coordinates.
 */
export function filledMoments(s: Spans): { area: number; cx: number; cy: number } {
  let area = 0, sx = 0, sy = 0;
  for (let r = 0; r < s.left.length; r++) {
    if (s.left[r] < 0) continue;
    const n = s.right[r] - s.left[r] + 1;
    area += n;
    sx += n * ((s.left[r] + s.right[r]) / 2);
    sy += n * (s.y0 + r);
  }
  return { area, cx: area ? sx / area : NaN, cy: area ? sy / area : NaN };
}

interface Pt {
  x: number;
  y: number;
}

const cross = (o: Pt, a: Pt, b: Pt) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/**
 * Convex hull (counter-clockwise, Andrew's monotone chain) of the pixel squares the spans cover.
 * Only the leftmost and rightmost corner on each horizontal grid line can be on the hull, and
 * they come already ordered by y: no sort.
 */
export function hullOf(s: Spans): Pt[] {
  const rows = s.left.length;
  const pts: Pt[] = [];
  for (let j = 0; j <= rows; j++) {
    // grid line y0 + j bounds row j − 1 from below and row j from above
    let lo = Infinity, hi = -Infinity;
    for (const r of [j - 1, j]) {
      if (r < 0 || r >= rows || s.left[r] < 0) continue;
      if (s.left[r] < lo) lo = s.left[r];
      if (s.right[r] + 1 > hi) hi = s.right[r] + 1;
    }
    if (lo === Infinity) continue;
    pts.push({ x: lo, y: s.y0 + j });
    if (hi !== lo) pts.push({ x: hi, y: s.y0 + j });
  }
  if (pts.length < 3) return pts;
  // sorted by (y, x): the chain runs along y
  const lower: Pt[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Pt[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** The smallest rectangle (any rotation) around a convex polygon: one side lies on a hull edge. */
export function minAreaRect(hull: Pt[]): { width: number; height: number } {
  if (hull.length < 3) return { width: 0, height: 0 };
  let best = { area: Infinity, width: 0, height: 0 };
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i], b = hull[(i + 1) % hull.length];
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len === 0) continue;
    const ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
    let minU = Infinity, maxU = -Infinity, maxV = 0;
    for (const p of hull) {
      const dx = p.x - a.x, dy = p.y - a.y;
      const u = dx * ux + dy * uy, v = Math.abs(-dx * uy + dy * ux);
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * maxV;
    if (area < best.area) best = { area, width: maxU - minU, height: maxV };
  }
  return { width: best.width, height: best.height };
}
