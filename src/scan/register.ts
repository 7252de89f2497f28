import { OmrError } from '../errors.js';
import type { Layout, Mark } from '../template/layout.js';
import type { GrayImage } from '../util/raster.js';
import { IMAGE_ADDRESS, kernels, type Kernels } from './kernels.js';
import { darkComponents, filledMoments, hullOf, minAreaRect, otsuLevelIn, spansOf, thresholdedComponents, type Components } from './blobs.js';
import type { Box } from './labels.js';
import { applyH, fitAffine, fitHomography, homography, length, localScale, rmsError, type Homography, type Point } from './geometry.js';

/** Resolution of the downscaled copy used to find the marks. */
const WORK_DPI = 60;

export interface MarkHit {
  id: Mark['id'];
  /** Centre in image pixels (measured when found, predicted otherwise). */
  x: number;
  y: number;
  found: boolean;
}

export interface Registration {
  /** Layout point (PDF pt, top-left origin) → image pixel. */
  h: Homography;
  /** Clockwise rotation of the page in the image: 0, 90, 180 or 270. */
  rotation: 0 | 90 | 180 | 270;
  /** Residual skew after removing the rotation, degrees. */
  skewDeg: number;
  /** Resolution at the page centre, pixels per inch. */
  dpi: number;
  /** Scale relative to the nominal DPI implied by the image size: printer "fit to page" shows here. */
  marks: MarkHit[];
  /** Corner marks found (of 4). */
  cornersFound: number;
  /** RMS distance between measured mark centres and the fitted model, pixels and points. */
  errorPx: number;
  errorPt: number;
  /** Mean darkness of printed bubble rings relative to paper beside them (0 = no rings where expected). */
  ringScore: number;
  /** Share of bubbles found on their printed ring (the fit's independent check). */
  ringHits: number;
  /** How the fit was made: 'homography' (4 corners + key), 'homography-4', 'affine-3' (one corner missing). */
  model: 'homography' | 'homography-4' | 'affine-3';
  /**
   * The fit refined on the printed bubble rings (hundreds of points): how many rings were found,
   * and the distance between each ring's measured centre and where the final fit puts it, RMS
   * and worst, in millimetres on the paper. Absent when too few rings could be measured.
   */
  rings?: RingFit;
}

export interface RingFit {
  points: number;
  /** RMS over the best 90 % of the rings (a ring under a stray mark does not count). */
  residualMm: number;
  /** 95th percentile: a fold or a bent strip shows here. */
  p95Mm: number;
  /** True when the ring fit replaced the marks' fit (it explains the rings better). */
  used: boolean;
}

interface Blob {
  x: number;
  y: number;
  side: number;
}

const RING_MIN = 0.06;
/** Largest ratio of opposite sides of the marks' quadrilateral (near side / far side of a phone photo). */
const MAX_PERSPECTIVE = 2.2;
/** Share of bubbles that must sit on a printed ring for a fit to be accepted. */
export const RING_HITS_MIN = 0.6;

/** Share of a convex blob covered by its largest inscribed quadrilateral for a square seen at any angle; a disc gives 0.64. */
const QUAD_MIN = 0.8;

/**
 * The largest quadrilateral on the hull's vertices, as a share of the hull's area: the four
 * vertices extreme along two perpendicular axes, tried every 3° over a quarter turn.
 */
function quadrilateralShare(hull: Point[]): number {
  const total = polygonArea(hull);
  if (hull.length < 4 || total <= 0) return 0;
  let best = 0;
  const quad: Point[] = [hull[0], hull[0], hull[0], hull[0]];
  for (let deg = 0; deg < 90; deg += 3) {
    const a = (deg * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
    // the vertices extreme along +u, +v, −u, −v: in turn around the hull
    let uMax = -Infinity, vMax = -Infinity, uMin = Infinity, vMin = Infinity;
    for (const p of hull) {
      const u = p.x * c + p.y * s, v = -p.x * s + p.y * c;
      if (u > uMax) (uMax = u), (quad[0] = p);
      if (v > vMax) (vMax = v), (quad[1] = p);
      if (u < uMin) (uMin = u), (quad[2] = p);
      if (v < vMin) (vMin = v), (quad[3] = p);
    }
    best = Math.max(best, polygonArea(quad));
  }
  return best / total;
}

/** Area of a simple polygon (shoelace). */
function polygonArea(pts: Point[]): number {
  let t = 0;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i], q = pts[(i + 1) % pts.length];
    t += p.x * q.y - q.x * p.y;
  }
  return Math.abs(t) / 2;
}

/**
 * The side of component `k` (small-image pixels) when it is a solid, roughly square dark blob,
 * else null. Cheap tests on its box come first: most components (letters, rings, specks) stop
 * there, before their outline is traced.
 */
function squareSide(comps: Components, k: number, minSide: number, maxSide: number): number | null {
  const bw = comps.maxX[k] - comps.minX[k] + 1, bh = comps.maxY[k] - comps.minY[k] + 1;
  // a square's bounding box is 1 to 1.42 times its side at any rotation
  if (Math.max(bw, bh) < minSide || Math.min(bw, bh) > maxSide * 1.5 || Math.abs(bw - bh) > 0.6 * Math.max(bw, bh) + 1) return null;
  // dark share of the box: solid ≥ 0.45·fillRatio with fillRatio ≥ 0.7 is impossible below 0.315
  const solid = comps.area[k] / (bw * bh);
  if (solid < 0.45 * 0.7 || Math.sqrt(comps.area[k]) > maxSide) return null;
  const spans = spansOf(comps, k);
  const { area } = filledMoments(spans);
  const side = Math.sqrt(area);
  if (side < minSide || side > maxSide || bw > side * 1.6 + 2 || bh > side * 1.6 + 2) return null;
  const minFill = side >= 12 ? 0.8 : 0.7;
  if (solid < 0.45 * minFill) return null;
  // it fills its bounding box: that box is its minimum rectangle, no outline needed
  if (solid >= 0.9) return Math.min(bw, bh) / Math.max(bw, bh) >= 0.45 ? side : null;
  const hull = hullOf(spans);
  const rr = minAreaRect(hull);
  const fillRatio = area / Math.max(1, rr.width * rr.height);
  const aspect = Math.min(rr.width, rr.height) / Math.max(rr.width, rr.height, 1e-6);
  // a rotated square fills half its bounding box at worst; a square seen at an angle (a phone
  // photo) is a sheared quadrilateral that fills less of its rectangle than a disc does, but,
  // unlike a disc (0.64), it is its own largest inscribed quadrilateral
  const square = fillRatio >= minFill || (side >= 6 && quadrilateralShare(hull) >= QUAD_MIN && area >= 0.85 * polygonArea(hull));
  return square && aspect >= 0.45 && solid >= 0.45 * fillRatio ? side : null;
}

/** Share of the image's width and height that each corner window covers (see findSquareBlobs). */
const CORNER_SHARE = 0.22;

/**
 * Find solid, square, dark blobs on a copy of the page downscaled to 60 DPI. With `corners`, only
 * in the four corner windows of the image (a fifth of its area), where a scanned page's marks
 * are: registration tries them first and looks at the whole page only when they do not settle
 * the fit (a phone photo, a page far off the glass). Null when the image is too small for
 * windows.
 */
function findSquareBlobs(img: GrayImage, layout: Layout, corners = false): Blob[] | null {
  const longPt = Math.max(layout.page.width, layout.page.height);
  const estDpi = Math.max(img.width, img.height) / (longPt / 72);
  const f = Math.min(1, WORK_DPI / estDpi);
  if (corners && f === 1) return null;
  const sw = f < 1 ? Math.round(img.width * f) : img.width, sh = f < 1 ? Math.round(img.height * f) : img.height;
  const markPx = (layout.marks[0].size / 72) * estDpi * f;
  let block = Math.round(markPx * 4) | 1;
  if (block < 15) block = 15;
  const keySide = (layout.marks[4].size / 72) * estDpi * f;
  const blobs: Blob[] = [];
  for (const win of corners ? cornerWindows(sw, sh) : [{ x: 0, y: 0, w: sw, h: sh }]) {
    const comps = thresholdedComponents(img, sw, sh, block, 25, win);
    for (let k = 0; k < comps.count; k++) {
      const side = squareSide(comps, k, Math.max(3, keySide * 0.35), markPx * 1.8);
      if (side !== null) blobs.push({ x: (win.x + (comps.minX[k] + comps.maxX[k]) / 2) / f, y: (win.y + (comps.minY[k] + comps.maxY[k]) / 2) / f, side: side / f });
    }
  }
  blobs.sort((a, b) => b.side - a.side);
  return blobs;
}

/** The four corner windows of a w×h image, CORNER_SHARE of each side. */
function cornerWindows(w: number, h: number): Box[] {
  const cw = Math.round(w * CORNER_SHARE), ch = Math.round(h * CORNER_SHARE);
  return [
    { x: 0, y: 0, w: cw, h: ch },
    { x: w - cw, y: 0, w: cw, h: ch },
    { x: w - cw, y: h - ch, w: cw, h: ch },
    { x: 0, y: h - ch, w: cw, h: ch },
  ];
}

/**
 * The blobs worth trying as corner marks: the outermost ones towards each corner of the image
 * (a phone's far marks can be smaller than the near filled bubbles), then the largest.
 */
function cornerCandidates(blobs: Blob[]): Blob[] {
  if (!blobs.length) return [];
  const minSide = blobs[0].side * 0.3;
  const out: Blob[] = [];
  const add = (b: Blob) => {
    if (!out.includes(b)) out.push(b);
  };
  const sized = blobs.filter((b) => b.side >= minSide);
  for (const [dx, dy] of [[-1, -1], [1, -1], [1, 1], [-1, 1]])
    [...sized].sort((a, b) => dx * b.x + dy * b.y - (dx * a.x + dy * a.y)).slice(0, 4).forEach(add);
  // the largest first among the rest: on an ordinary scan the corner marks are the largest blobs
  const ranked = [...out].sort((a, b) => b.side - a.side);
  for (const b of blobs.slice(0, 20)) if (!ranked.includes(b)) ranked.push(b);
  return ranked.slice(0, 24);
}

const MM_PER_PT = 25.4 / 72;
/** Radial samples across a printed ring, points from its nominal radius. */
const RING_STEPS = Float64Array.from({ length: 11 }, (_, i) => -2 + i * 0.4);
/** refineOnRings' 8 directions (x, y each). */
const RING_DIRS_FLAT = Float64Array.from({ length: 16 }, (_, i) => (i % 2 ? Math.sin : Math.cos)((((i >> 1) * Math.PI) / 4) + 0.2));
/** ringCentres' samples of one ring: every step along every direction. */
const RING_PROFILE = RING_STEPS.length * (RING_DIRS_FLAT.length / 2);

/**
 * Refine the page fit on the printed bubble rings: every ring found gives a point pair (its
 * layout centre, its measured centre in the image); a homography fitted to hundreds of them by
 * least squares (one pass without the outliers) replaces the five-mark fit when it explains the
 * rings better. The residual says how well any plane fit can explain this page: a feeder that
 * stretched the paper unevenly, a folded or curled page shows here. The fit runs in the kernels
 * (ringFit, assembly/kernels.ts).
 */
export function refineOnRings(img: GrayImage, layout: Layout, h: Homography): { h: Homography; fit: RingFit } | null {
  return ringFitOf(measuredRings(img, layout, h), h);
}

/** Ring pairs: layout centres (x, y each) then measured centres, n of them. */
export interface RingPairs {
  n: number;
  src: Float64Array;
  dst: Float64Array;
}

/** refineOnRings' fit of these ring pairs against the marks' homography `h` (null with fewer than 40 rings, or when singular). */
export function ringFitOf(pairs: RingPairs, h: Homography): { h: Homography; fit: RingFit } | null {
  const k = kernels();
  const { n } = pairs;
  const at = k.room(8 * (4 * n + 9 + k.exports.RING_FIT_OUT.value) + k.exports.ringFitScratch(n));
  const dstAt = at + 16 * n, hAt = dstAt + 16 * n, out = hAt + 72;
  const f = new Float64Array(k.exports.memory.buffer, at, 4 * n + 9);
  f.set(pairs.src.subarray(0, 2 * n));
  f.set(pairs.dst.subarray(0, 2 * n), 2 * n);
  f.set(h, 4 * n);
  if (!k.exports.ringFit(at, dstAt, n, hAt, out, out + 8 * k.exports.RING_FIT_OUT.value)) return null;
  const r = new Float64Array(k.exports.memory.buffer, out, k.exports.RING_FIT_OUT.value);
  const used = r[9] === 1;
  return { h: used ? homography(r) : h, fit: { points: n, residualMm: roundMm(r[10]), p95Mm: roundMm(r[11]), used } };
}

/**
 * Where the printed rings really are, for every other bubble, alternating from row to row (about
 * 250 rings spread over the page): along 8 rays from each predicted centre, the darkest point
 * across the ring (parabola-refined), then the centre shift and radius that explain them by least
 * squares (the ringCentres kernel, assembly/kernels.ts). Rays crossing a filled bubble or a stray
 * mark (dark inside, or no clear ring) are left out; a ring fewer than 6 rays see, or that moved
 * more than 1.5 points, is left out. Layout centre → measured centre in the image.
 */
export function measuredRings(img: GrayImage, layout: Layout, h: Homography): RingPairs {
  const rings = ringsOf(layout);
  const n = rings.length / 3;
  const res = runRingKernel(img, h, RING_DIRS_FLAT, RING_STEPS, rings, 3 * n, (k, at, a) =>
    k.exports.ringCentres(IMAGE_ADDRESS, img.width, img.height, at, a.items, n, a.dirs, RING_DIRS_FLAT.length / 2, a.steps, RING_STEPS.length, a.out, a.scratch, a.scratch + 8 * RING_PROFILE),
    8 * (RING_PROFILE + 12),
  );
  const src = new Float64Array(2 * n), dst = new Float64Array(2 * n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (res[3 * i] !== 1) continue;
    const dx = res[3 * i + 1], dy = res[3 * i + 2];
    if (Math.hypot(dx, dy) > 1.5) continue;
    const x = rings[3 * i], y = rings[3 * i + 1];
    // applyH(h, x + dx, y + dy)
    const X = x + dx, Y = y + dy, w = h[6] * X + h[7] * Y + h[8];
    src[2 * m] = x;
    src[2 * m + 1] = y;
    dst[2 * m] = (h[0] * X + h[1] * Y + h[2]) / w;
    dst[2 * m + 1] = (h[3] * X + h[4] * Y + h[5]) / w;
    m++;
  }
  return { n: m, src, dst };
}

/** The rings refineOnRings measures (x, y, r per ring), per layout. */
const RINGS = new WeakMap<Layout, Float64Array>();

function ringsOf(layout: Layout): Float64Array {
  let r = RINGS.get(layout);
  if (!r) {
    const v: number[] = [];
    for (let gi = 0; gi < layout.groups.length; gi++) {
      const options = layout.groups[gi].options;
      for (let oi = gi % 2; oi < options.length; oi += 2) v.push(options[oi].x, options[oi].y, options[oi].r);
    }
    r = Float64Array.from(v);
    RINGS.set(layout, r);
  }
  return r;
}

/** Addresses in the kernels' memory of a ring kernel's inputs and outputs. */
interface RingArgs {
  dirs: number;
  steps: number;
  items: number;
  out: number;
  scratch: number;
}

/**
 * Lay out a ring kernel's inputs after the page in the kernels' memory (the homography, the
 * directions, the steps and the items: x, y, r each), run it, and return a copy of its `outLength` f64 of output.
 */
function runRingKernel(img: GrayImage, h: Homography, dirs: Float64Array, steps: Float64Array, items: Float64Array, outLength: number, run: (k: Kernels, at: number, a: RingArgs) => void, scratchBytes = 0): Float64Array {
  const k = kernels();
  const total = 9 + dirs.length + steps.length + items.length + outLength;
  const at = k.put(img, 8 * total + scratchBytes);
  const f = new Float64Array(k.exports.memory.buffer, at, total);
  f.set(h, 0);
  f.set(dirs, 9);
  f.set(steps, 9 + dirs.length);
  f.set(items, 9 + dirs.length + steps.length);
  const a: RingArgs = { dirs: at + 8 * 9, steps: at + 8 * (9 + dirs.length), items: at + 8 * (9 + dirs.length + steps.length), out: at + 8 * (total - outLength), scratch: at + 8 * total };
  run(k, at, a);
  return new Float64Array(k.exports.memory.buffer, a.out, outLength).slice();
}

/** Points → millimetres, to 0.01. */
const roundMm = (v: number) => Math.round(v * MM_PER_PT * 100) / 100;

/** ringCheck's 8 directions and its samples across the ring, points from the nominal radius. */
const CHECK_DIRS_FLAT = Float64Array.from({ length: 16 }, (_, i) => (i % 2 ? Math.sin : Math.cos)((((i >> 1) * Math.PI) / 4) + 0.3));
const CHECK_STEPS = Float64Array.from([-1.2, -0.8, -0.4, 0, 0.4]);

/** Order 4 points clockwise (in image coordinates, y down) starting anywhere. */
function clockwise(pts: Blob[]): Blob[] {
  const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  return [...pts].sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx));
}

const dist = (a: Point, b: Point) => length(a.x - b.x, a.y - b.y);

/**
 * How well the layout's bubbles land on printed rings under a homography. For each sampled
 * bubble and 8 directions, compare the darkest pixel across the expected ring with the paper just
 * outside it. `score` is the mean relative contrast; `hitRate` the share of bubbles where at
 * least 5 of 8 directions show a ring. Both are near 0 when the fit is wrong.
 */
export function ringCheck(img: GrayImage, layout: Layout, h: Homography, step = 3): { score: number; hitRate: number } {
  const bubbles = checkedBubbles(layout, step);
  const r = runRingKernel(img, h, CHECK_DIRS_FLAT, CHECK_STEPS, bubbles, 4, (k, at, a) =>
    k.exports.ringContrast(IMAGE_ADDRESS, img.width, img.height, at, a.items, bubbles.length / 3, a.dirs, CHECK_DIRS_FLAT.length / 2, a.steps, CHECK_STEPS.length, a.out),
  );
  const [sum, n, hits, seen] = r;
  return { score: n ? sum / n : 0, hitRate: seen ? hits / seen : 0 };
}

/** ringCheck's bubbles (x, y, r each): the first and last option of every `step`-th group, per layout and step. */
const CHECKED = new WeakMap<Layout, Map<number, Float64Array>>();

function checkedBubbles(layout: Layout, step: number): Float64Array {
  let byStep = CHECKED.get(layout);
  if (!byStep) CHECKED.set(layout, (byStep = new Map()));
  let b = byStep.get(step);
  if (!b) {
    const v: number[] = [];
    for (let gi = 0; gi < layout.groups.length; gi += step) {
      const g = layout.groups[gi];
      for (const o of [g.options[0], g.options[g.options.length - 1]]) v.push(o.x, o.y, o.r);
    }
    b = Float64Array.from(v);
    byStep.set(step, b);
  }
  return b;
}

function rotationOf(h: Homography, layout: Layout): { rotation: 0 | 90 | 180 | 270; skewDeg: number } {
  const a = applyH(h, layout.marks[0].x, layout.marks[0].y);
  const b = applyH(h, layout.marks[1].x, layout.marks[1].y);
  const deg = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
  const rot = (((Math.round(deg / 90) * 90) % 360) + 360) % 360;
  let skew = deg - Math.round(deg / 90) * 90;
  if (Math.abs(skew) < 1e-9) skew = 0;
  skew = skew + 0; // no negative zero in the output
  return { rotation: rot as 0 | 90 | 180 | 270, skewDeg: Math.round(skew * 100) / 100 };
}

/** Measure a mark's centre precisely at full resolution near a predicted position. */
function refineMark(img: GrayImage, pred: Point, sidePx: number): Point | null {
  const half = Math.round(sidePx * 1.1);
  const x0 = Math.max(0, Math.round(pred.x - half)), y0 = Math.max(0, Math.round(pred.y - half));
  const win = { x: x0, y: y0, w: Math.max(0, Math.min(img.width, Math.round(pred.x + half)) - x0), h: Math.max(0, Math.min(img.height, Math.round(pred.y + half)) - y0) };
  if (win.w < 4 || win.h < 4) return null;
  // the window of the page itself (held in the kernels' memory), not a copy of it
  const comps = darkComponents(img, otsuLevelIn(img, win), win);
  let best: Point | null = null;
  let bestScore = Infinity;
  const expArea = sidePx * sidePx;
  for (let k = 0; k < comps.count; k++) {
    const bw = comps.maxX[k] - comps.minX[k] + 1, bh = comps.maxY[k] - comps.minY[k] + 1;
    if (bw * bh < expArea * 0.45) continue;
    // the region its outline encloses: the outer contour's area and centre
    const m = filledMoments(spansOf(comps, k));
    if (m.area > expArea * 0.45 && m.area < expArea * 1.8) {
      const p = { x: x0 + m.cx, y: y0 + m.cy };
      const s = dist(p, pred) / sidePx + Math.abs(Math.log(m.area / expArea));
      if (s < bestScore) {
        bestScore = s;
        best = p;
      }
    }
  }
  return best && dist(best, pred) < sidePx * 0.8 ? best : null;
}

/**
 * Whether a blob of the key mark's size lies where the fit `h` puts the key: its expected size is
 * taken where the fit puts it (a phone's perspective makes far marks small), or `fallback`.
 */
function keyBlobAt(blobs: Blob[], key: Mark, h: Homography, fallback: number): boolean {
  const p = applyH(h, key.x, key.y);
  const local = localScale(h, key.x, key.y) * key.size;
  const want = Number.isFinite(local) && local > 0 ? local : fallback;
  for (const b of blobs) if (dist(b, p) < want * 0.7 && b.side > want * 0.55 && b.side < want * 1.6) return true;
  return false;
}

interface Hypothesis {
  h: Homography;
  ring: number;
  hits: number;
  key: boolean;
  corners: number;
}

/**
 * Find the registration marks and fit the page to the layout: orientation (0/90/180/270),
 * skew, shift, scale and perspective. Throws NOT_A_SHEET with detail when no safe fit exists.
 * The marks are looked for in the image's corner windows first (`cornersFirst`, default true),
 * and on the whole page when those do not settle a fit; tests/register.test.ts holds the two
 * ways to the same registration.
 */
export function register(img: GrayImage, layout: Layout, opts: { cornersFirst?: boolean } = {}): Registration {
  // the page is copied into the kernels' memory once; the marks are measured in windows of it
  const k = kernels();
  k.hold(img);
  try {
    return registerHeld(img, layout, opts.cornersFirst ?? true);
  } finally {
    k.release(img);
  }
}

/**
 * The fits the blobs allow: four corners (a homography), or, when none sits on the printed rings,
 * three corners and the key (an affine map). `settled`: a four-corner fit with its key found sits
 * on the rings, and the search stopped there.
 */
function searchFits(img: GrayImage, layout: Layout, blobs: Blob[]): { hyps: Hypothesis[]; settled: boolean } {
  const corners = layout.marks.slice(0, 4);
  const key = layout.marks[4];
  const wM = dist(corners[0], corners[1]);
  const hM = dist(corners[1], corners[2]);
  const ratio = hM / wM;
  const markRel = corners[0].size / hM;
  const keyRel = key.size / corners[0].size;

  const big = cornerCandidates(blobs);
  const hyps: Hypothesis[] = [];

  const keyFound = (h: Homography, markSide: number): boolean => keyBlobAt(blobs, key, h, markSide * keyRel);

  // Four corners. Combinations come largest blobs first, so on an ordinary scan the first one
  // is right: stop as soon as a fit has its orientation key and sits on the printed rings.
  let settled = false;
  quads: for (let a = 0; a < big.length; a++)
    for (let b = a + 1; b < big.length; b++)
      for (let c2 = b + 1; c2 < big.length; c2++)
        for (let d = c2 + 1; d < big.length; d++) {
          const q = clockwise([big[a], big[b], big[c2], big[d]]);
          const sides = [dist(q[0], q[1]), dist(q[1], q[2]), dist(q[2], q[3]), dist(q[3], q[0])];
          if (Math.min(...sides) < 1) continue;
          // opposite sides: a phone held at an angle makes the far side up to half the near one
          if (sides[0] / sides[2] > MAX_PERSPECTIVE || sides[2] / sides[0] > MAX_PERSPECTIVE || sides[1] / sides[3] > MAX_PERSPECTIVE || sides[3] / sides[1] > MAX_PERSPECTIVE) continue;
          const r1 = (sides[1] + sides[3]) / (sides[0] + sides[2]);
          const okRatio = Math.abs(Math.log(r1 / ratio)) < 0.45 || Math.abs(Math.log(r1 * ratio)) < 0.45;
          if (!okRatio) continue;
          const longSide = Math.max(sides[0] + sides[2], sides[1] + sides[3]) / 2;
          const sideMean = q.reduce((s, p) => s + p.side, 0) / 4;
          if (Math.abs(Math.log(sideMean / (markRel * longSide))) > 0.5) continue;
          if (q.some((p) => Math.abs(Math.log(p.side / sideMean)) > 0.75)) continue;
          for (let s = 0; s < 4; s++) {
            const dst = [0, 1, 2, 3].map((i) => q[(i + s) % 4]);
            let h: Homography;
            try {
              h = fitHomography(corners, dst);
            } catch {
              continue;
            }
            const rc = ringCheck(img, layout, h, 4);
            const hyp = { h, ring: rc.score, hits: rc.hitRate, key: keyFound(h, sideMean), corners: 4 };
            hyps.push(hyp);
            if (hyp.key && hyp.hits >= 0.9) {
              settled = true;
              break quads;
            }
          }
        }

  // Three corners (one covered or dirty): an L of marks, fitted as an affine map.
  if (!settled && !hyps.some((x) => x.hits >= RING_HITS_MIN)) {
    for (let a = 0; a < big.length; a++)
      for (let b = 0; b < big.length; b++)
        for (let c2 = 0; c2 < big.length; c2++) {
          if (a === b || b === c2 || a === c2) continue;
          const pts = [big[a], big[b], big[c2]];
          const sideMean = (pts[0].side + pts[1].side + pts[2].side) / 3;
          if (pts.some((p) => Math.abs(Math.log(p.side / sideMean)) > 0.4)) continue;
          // try each missing corner m: the three present corners in layout order
          for (let m = 0; m < 4; m++) {
            const present = [0, 1, 2, 3].filter((i) => i !== m);
            const src = present.map((i) => corners[i]);
            let h: Homography;
            try {
              h = fitAffine(src, pts);
            } catch {
              continue;
            }
            // reject shears and mirror images: the map must be close to a similarity
            const s = localScale(h, layout.page.width / 2, layout.page.height / 2);
            const det = h[0] * h[4] - h[1] * h[3];
            if (det <= 0) continue;
            const aniso = Math.hypot(h[0] - h[4], h[1] + h[3]) / (Math.hypot(h[0], h[1]) + Math.hypot(h[3], h[4]));
            if (aniso > 0.08) continue;
            if (Math.abs(Math.log(sideMean / (s * corners[0].size))) > 0.5) continue;
            if (!keyFound(h, sideMean)) continue;
            const rc = ringCheck(img, layout, h, 4);
            hyps.push({ h, ring: rc.score, hits: rc.hitRate, key: true, corners: 3 });
          }
        }
  }

  return { hyps, settled };
}

function registerHeld(img: GrayImage, layout: Layout, cornersFirst: boolean): Registration {
  // the corner windows first: on a scanned page they settle the fit at a fifth of the cost
  let blobs = cornersFirst ? findSquareBlobs(img, layout, true) : null;
  let search = blobs ? searchFits(img, layout, blobs) : null;
  if (!blobs || !search?.settled) {
    blobs = findSquareBlobs(img, layout) ?? [];
    search = searchFits(img, layout, blobs);
  }
  const { hyps } = search;
  hyps.sort((x, y) => y.hits + y.ring * 0.5 + (y.key ? 0.05 : 0) - (x.hits + x.ring * 0.5 + (x.key ? 0.05 : 0)));
  const best = hyps[0];
  if (!best || best.ring < RING_MIN) {
    const found = Math.min(4, blobs.filter((b) => blobs[0] && Math.abs(Math.log(b.side / blobs[0].side)) < 0.4).length);
    throw new OmrError(
      'NOT_A_SHEET',
      best
        ? `registration marks found but no bubbles where the template puts them (best ring contrast ${best.ring.toFixed(3)}): not a ${layout.template} sheet, or printed from another template`
        : `no registration marks found (${found} of 4 corner squares)`,
      { hint: 'check that this page is an answer sheet of this exam and that its corners are not cut off or covered', detail: { candidates: blobs.length, found } },
    );
  }

  // Refine every mark at full resolution, then fit by least squares.
  const scale = localScale(best.h, layout.page.width / 2, layout.page.height / 2);
  const marks: MarkHit[] = layout.marks.map((mk) => {
    const pred = applyH(best.h, mk.x, mk.y);
    const p = refineMark(img, pred, mk.size * localScale(best.h, mk.x, mk.y));
    return { id: mk.id, x: p ? p.x : pred.x, y: p ? p.y : pred.y, found: Boolean(p) };
  });
  // A "mark" found where the first fit predicted one but far from where the others put it is
  // something else (a filled bubble, a smudge): drop the worst outlier while 4+ marks remain.
  // Four corners (with or without the key) fix a homography; three corners and the key, an affine map.
  const fitMarks = (idx: number[]): { h: Homography; model: Registration['model'] } => {
    const s = idx.map((i) => layout.marks[i]);
    const d = idx.map((i) => marks[i]);
    if (idx.length >= 5) return { h: fitHomography(s, d), model: 'homography' };
    if (idx.length === 4 && idx.every((i) => i < 4)) return { h: fitHomography(s, d), model: 'homography-4' };
    return { h: fitAffine(s, d), model: 'affine-3' };
  };
  let used = marks.map((m, i) => (m.found ? i : -1)).filter((i) => i >= 0);
  while (used.length > 4) {
    const hh = fitMarks(used).h;
    const res = used.map((i) => {
      const p = applyH(hh, layout.marks[i].x, layout.marks[i].y);
      return dist(p, marks[i]) / scale;
    });
    const worst = res.indexOf(Math.max(...res));
    if (res[worst] <= 3) break;
    marks[used[worst]].found = false;
    used = used.filter((_, k) => k !== worst);
  }
  const src = used.map((i) => layout.marks[i]);
  const dst = used.map((i) => marks[i]);
  const cornersFound = marks.slice(0, 4).filter((m) => m.found).length;
  // with fewer than three marks measured, keep the search's fit
  const first = used.length >= 3 ? fitMarks(used) : { h: best.h, model: 'homography-4' as const };
  let h = first.h;
  const model = first.model;
  const errorPx = dst.length > 0 ? rmsError(h, src, dst) : 0;
  const s2 = localScale(h, layout.page.width / 2, layout.page.height / 2);
  const check = ringCheck(img, layout, h, 1);
  if (check.hitRate < RING_HITS_MIN) {
    throw new OmrError(
      'NOT_A_SHEET',
      `registration marks found but only ${Math.round(check.hitRate * 100)} % of the bubbles are where the template puts them: not a ${layout.template} sheet, or the page is folded, cut or badly distorted`,
      { hint: 'scan the page again, flat and whole; check that it was printed from this template', detail: { hitRate: check.hitRate } },
    );
  }
  const ring = check.score;
  const refined = refineOnRings(img, layout, h);
  if (refined?.fit.used) h = refined.h;
  const { rotation, skewDeg } = rotationOf(h, layout);
  return {
    ...(refined ? { rings: refined.fit } : {}),
    h,
    rotation,
    skewDeg,
    dpi: Math.round(s2 * 72 * 10) / 10,
    marks,
    cornersFound,
    errorPx: Math.round(errorPx * 100) / 100,
    errorPt: Math.round((errorPx / s2) * 100) / 100,
    ringScore: Math.round(ring * 1000) / 1000,
    ringHits: Math.round(check.hitRate * 1000) / 1000,
    model,
  };
}
