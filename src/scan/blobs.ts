/**
 * Dark blobs on a gray page, in plain typed-array passes: a bilinear downscale, an adaptive mean
 * threshold, Otsu's threshold, 8-connected component labelling, and each component's row spans,
 * convex hull and minimum-area rectangle. These are the few OpenCV operations registration needs
 * (resize, adaptiveThreshold, threshold+OTSU, findContours, contourArea, moments, minAreaRect),
 * done without copying the page into and out of a WebAssembly heap: loading OpenCV.js alone costs
 * about 0.5 s of CPU per thread (docs/performance.md). tests/blobs.test.ts checks these against
 * OpenCV itself.
 */
import type { GrayImage } from '../util/raster.js';
import { align8, IMAGE_ADDRESS, kernels } from './kernels.js';

/**
 * Downscale to `w`×`h`: each output pixel is the mean of the 2×2 source pixels around its centre
 * (OpenCV's INTER_LINEAR sampling with the weights rounded to halves, which moves nothing by more
 * than half a source pixel; the marks are measured again at full resolution).
 */
export function downscale(img: GrayImage, w: number, h: number): GrayImage {
  const k = kernels();
  const at = k.put(img, align8(w * h) + 4 * w);
  k.exports.downscale(IMAGE_ADDRESS, img.width, img.height, at, w, h, at + align8(w * h));
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

interface Runs {
  n: number;
  runY: Int32Array;
  runX0: Int32Array;
  runX1: Int32Array;
}

/** The runs of an image in the kernels' memory: of its set pixels, or of those at or below `level`. */
function runsOf(img: GrayImage, level?: number): Runs {
  const k = kernels();
  const { width: w, height: h } = img;
  const cap = ((w + 1) >> 1) * h;
  const at = k.put(img, 12 * cap);
  const ys = at, x0s = at + 4 * cap, x1s = at + 8 * cap;
  const n = level === undefined ? k.exports.runsOfSet(IMAGE_ADDRESS, w, h, ys, x0s, x1s, cap) : k.exports.runsAtOrBelow(IMAGE_ADDRESS, w, h, level, ys, x0s, x1s, cap);
  const view = (p: number) => new Int32Array(k.exports.memory.buffer, p, n).slice();
  return { n, runY: view(ys), runX0: view(x0s), runX1: view(x1s) };
}

/** Otsu's threshold of a gray image: the level that best separates its two classes. */
export function otsuLevel(img: GrayImage): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]]++;
  const n = img.data.length;
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
  /** Per component (index id − 1): pixel count and bounding box (inclusive). */
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

function findRoot(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

export function labelComponents(bin: Uint8Array, width: number, height: number): Components {
  return componentsOf(runsOf({ width, height, data: bin }), width, height);
}

/** The components of a gray image's pixels at or below `level` (Otsu's dark class, say). */
export function darkComponents(img: GrayImage, level: number): Components {
  return componentsOf(runsOf(img, level), img.width, img.height);
}

function componentsOf({ n, runY, runX0, runX1 }: Runs, width: number, height: number): Components {
  const parent = new Int32Array(n);
  // join each run to the runs of the row above that touch it, diagonals included
  let prevStart = 0, prevEnd = 0;
  for (let i = 0; i < n; ) {
    const y = runY[i];
    if (prevEnd > prevStart && runY[prevStart] !== y - 1) prevStart = prevEnd; // a gap row: nothing above
    const rowStart = i;
    let p = prevStart;
    for (; i < n && runY[i] === y; i++) {
      parent[i] = i;
      const x0 = runX0[i], x1 = runX1[i];
      while (p < prevEnd && runX1[p] < x0 - 1) p++;
      for (let q = p; q < prevEnd && runX0[q] <= x1 + 1; q++) {
        const a = findRoot(parent, q), b = findRoot(parent, i);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    prevStart = rowStart;
    prevEnd = i;
  }
  // compact ids, statistics, and each component's runs in row order (a counting sort)
  const id = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = findRoot(parent, i);
    id[i] = r === i ? count++ : id[r];
  }
  const area = new Int32Array(count), minX = new Int32Array(count).fill(width), minY = new Int32Array(count).fill(height);
  const maxX = new Int32Array(count).fill(-1), maxY = new Int32Array(count).fill(-1);
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) {
    const k = id[i];
    area[k] += runX1[i] - runX0[i] + 1;
    if (runX0[i] < minX[k]) minX[k] = runX0[i];
    if (runX1[i] > maxX[k]) maxX[k] = runX1[i];
    if (runY[i] < minY[k]) minY[k] = runY[i];
    if (runY[i] > maxY[k]) maxY[k] = runY[i];
    start[k + 1]++;
  }
  for (let k = 0; k < count; k++) start[k + 1] += start[k];
  const order = new Int32Array(n);
  const fill = start.slice(0, count);
  for (let i = 0; i < n; i++) order[fill[id[i]]++] = i;
  return { count, area, minX, minY, maxX, maxY, runY, runX0, runX1, order, start };
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
