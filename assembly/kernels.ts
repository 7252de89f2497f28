// Pixel kernels of the reader, compiled to WebAssembly by AssemblyScript at build time
// (`npm run build` writes dist/kernels.wasm). They run the same arithmetic as plain JS would,
// without the JIT's warm-up: a one-page scan no longer spends most of its time interpreting
// pixel loops (docs/performance.md). src/scan/kernels.ts loads them and lays out the memory:
// the page's gray pixels, then the inputs and outputs of each call, all passed as addresses.

import { f64At, heapSortF64, selectNth, setF64 } from './select';
export * from './decide';

// sector boundaries: tan(22.5°)
const TAN22: f64 = 0.41421356;

/*
 * The sixteen 22.5° sectors of a bubble's interior. Sector k spans k·22.5° to (k+1)·22.5° from
 * the right (east), turning towards image y (down); the eight 45° sectors centred on 0°, 45°, …
 * are the pairs (15, 0), (1, 2), …, (13, 14). A pixel at (dx, dy) from the centre, not in the
 * centre cell, is placed by four tests on |dx| and |dy| (the same tests, in the same floating
 * point, as the per-pixel loop this kernel replaced, kept in tests/kernels.test.ts):
 *   A  |dx| < tan22·|dy|          (within 22.5° of the y axis)
 *   B  not A, and not |dy| ≤ |dx| (nearer the y axis)
 *   C  |dy| ≤ |dx|, and not |dy| < tan22·|dx|
 *   D  |dy| < tan22·|dx|          (within 22.5° of the x axis)
 * On one side of a row (dx < 0 or dx ≥ 0) |dx| only grows outwards, so A, B, C and D follow each
 * other outwards, each one run of pixels; DOWN_RIGHT … UP_LEFT give their sectors.
 */
// sectors A, B, C, D (a byte each, A lowest) of each side: dy ≥ 0 right, dy ≥ 0 left, dy < 0 right, dy < 0 left
const DOWN_RIGHT: u32 = 0x00010203, DOWN_LEFT: u32 = 0x07060504, UP_RIGHT: u32 = 0x0f0e0d0c, UP_LEFT: u32 = 0x08090a0b;
/** The centre cell (r² ≤ rc²), where the printed letter is. */
const CENTRE_CELL = 16;

@inline
function r2At(x: i32, cx: f64, dy2: f64): f64 {
  const dx = <f64>x - cx;
  return dx * dx + dy2;
}

/** Count the pixels xa..xb of a row into `hist`; returns how many. */
@inline
function histSpan(row: usize, hist: usize, xa: i32, xb: i32): i32 {
  for (let x = xa; x <= xb; x++) {
    const h = hist + (<usize>load<u8>(row + <usize>x) << 2);
    store<u32>(h, load<u32>(h) + 1);
  }
  return xb >= xa ? xb - xa + 1 : 0;
}

/** Whether pixel x of the row passes test `kind`: 0 the centre cell (r² ≤ rc²), 1 A, 2 A or B, 3 not D. */
@inline
function inside(kind: i32, x: i32, cx: f64, dy2: f64, ady: f64, rc2: f64): bool {
  const adx = Math.abs(<f64>x - cx);
  if (kind == 0) return r2At(x, cx, dy2) <= rc2;
  if (kind == 1) return adx < TAN22 * ady;
  if (kind == 2) return !(ady <= adx);
  return !(ady < TAN22 * adx);
}

/**
 * The first pixel outwards (step s) from `from` up to `far` that fails test `kind`, or far + s.
 * `g` is where the test's threshold puts it; the test itself decides, a pixel or two either way.
 */
@inline
function runEnd(kind: i32, from: i32, far: i32, s: i32, g: i32, cx: f64, dy2: f64, ady: f64, rc2: f64): i32 {
  let e = s > 0 ? min(max(g, from), far + 1) : max(min(g, from), far - 1);
  while (e != from && !inside(kind, e - s, cx, dy2, ady, rc2)) e -= s;
  while (e != far + s && inside(kind, e, cx, dy2, ady, rc2)) e += s;
  return e;
}

/** Add the run from a up to b (b excluded, outwards by s) to cell c of `cells` (17 i32 sums, 17 counts); `pre` holds the row's running sums from pixel `base`. */
@inline
function addRun(cells: usize, c: i32, pre: usize, base: i32, a: i32, b: i32, s: i32): void {
  const lo = s > 0 ? a : b + 1, hi = s > 0 ? b : a + 1; // pixels lo..hi-1
  const sum = load<i32>(pre + (<usize>(hi - base) << 2)) - load<i32>(pre + (<usize>(lo - base) << 2));
  const cs = cells + <usize>(c << 2), cn = cells + 68 + <usize>(c << 2);
  store<i32>(cs, load<i32>(cs) + sum);
  store<i32>(cn, load<i32>(cn) + hi - lo);
}

/**
 * One side of a row of the interior, from pixel `near` outwards to `far` (step s = ±1): the centre
 * cell's run, then A, B, C and D (their sectors in `side`, a byte each), each added to `cells`.
 * hc, k and q are where the tests' thresholds lie (|dx| = hc, tan22·|dy|, |dy|/tan22).
 */
@inline
function interiorSide(cells: usize, pre: usize, base: i32, near: i32, far: i32, s: i32, cx: f64, dy2: f64, ady: f64, rc2: f64, hc: f64, k: f64, q: f64, side: u32): void {
  if ((far - near) * s < 0) return;
  const e0 = runEnd(0, near, far, s, s > 0 ? <i32>Math.floor(cx + hc) + 1 : <i32>Math.ceil(cx - hc) - 1, cx, dy2, ady, rc2);
  const e1 = runEnd(1, e0, far, s, s > 0 ? <i32>Math.ceil(cx + k) : <i32>Math.floor(cx - k), cx, dy2, ady, rc2);
  const e2 = runEnd(2, e1, far, s, s > 0 ? <i32>Math.ceil(cx + ady) : <i32>Math.floor(cx - ady), cx, dy2, ady, rc2);
  const e3 = runEnd(3, e2, far, s, s > 0 ? <i32>Math.floor(cx + q) + 1 : <i32>Math.ceil(cx - q) - 1, cx, dy2, ady, rc2);
  addRun(cells, CENTRE_CELL, pre, base, near, e0, s);
  addRun(cells, <i32>(side & 255), pre, base, e0, e1, s);
  addRun(cells, <i32>((side >> 8) & 255), pre, base, e1, e2, s);
  addRun(cells, <i32>((side >> 16) & 255), pre, base, e2, e3, s);
  addRun(cells, <i32>(side >> 24), pre, base, e3, far + s, s);
}

/** Bytes of one bubble's inputs: cx, cy, ri², rc², pa², pb² (f64) and x0, x1, y0, y1 (f64). */
export const BUBBLE_IN: i32 = 80;
/** Bytes of one bubble's outputs: innerSum, nInner, nPaper, paper, cellSum[17], cellN[17] (f64). */
export const BUBBLE_OUT: i32 = 304;

/** Bytes of measureBubbles' scratch space for an image w pixels wide. */
export function measureScratch(w: i32): i32 {
  return 1024 + 136 + ((w + 2) << 2);
}

/**
 * Measure `n` bubbles of the gray image at `img` (w pixels per row): the interior disc (r² ≤ ri²),
 * split into a centre (r² ≤ rc²) and sixteen sectors, and the paper annulus (pa² ≤ r² ≤ pb²), whose
 * 75th percentile is the paper level. `scratch` holds measureScratch(w) bytes.
 *
 * Each row of a bubble is taken as runs: r² only grows away from the centre along a row, so the
 * disc, the centre cell, each sector and each side's part of the annulus are runs of pixels
 * whose ends the per-pixel tests decide; a run's sum comes from the row's running sums.
 */
export function measureBubbles(img: usize, w: i32, params: usize, n: i32, out: usize, scratch: usize): void {
  const hist = scratch, cells = scratch + 1024, pre = cells + 136;
  for (let b = 0; b < n; b++) {
    const p = params + <usize>(b * BUBBLE_IN);
    const cx = load<f64>(p), cy = load<f64>(p, 8), ri2 = load<f64>(p, 16), rc2 = load<f64>(p, 24), pa2 = load<f64>(p, 32), pb2 = load<f64>(p, 40);
    const x0 = <i32>load<f64>(p, 48), x1 = <i32>load<f64>(p, 56), y0 = <i32>load<f64>(p, 64), y1 = <i32>load<f64>(p, 72);
    const o = out + <usize>(b * BUBBLE_OUT);
    memory.fill(hist, 0, 1024);
    memory.fill(cells, 0, 136);
    memory.fill(o, 0, BUBBLE_OUT);
    let innerSum: f64 = 0, nInner: f64 = 0, nPaper: i32 = 0;
    // the first pixel right of the centre (dx ≥ 0) and the last one left of it
    const xr = <i32>Math.ceil(cx), xl = xr - 1;
    for (let y = y0; y <= y1; y++) {
      const dy = <f64>y - cy;
      const dy2 = dy * dy;
      if (dy2 > pb2) continue;
      const row = img + <usize>(y * w);
      const ady = Math.abs(dy);
      if (dy2 <= ri2) {
        // the disc's run, within the box: from the square root's ends, one pixel either way by the test
        const hw = Math.sqrt(ri2 - dy2);
        const xs = max(x0, <i32>Math.floor(cx - hw)), xe = min(x1, <i32>Math.ceil(cx + hw));
        let a = max(xs, <i32>Math.ceil(cx - hw)), b = min(xe, <i32>Math.floor(cx + hw));
        while (a > xs && r2At(a - 1, cx, dy2) <= ri2) a--;
        while (a <= b && r2At(a, cx, dy2) > ri2) a++;
        while (b < xe && r2At(b + 1, cx, dy2) <= ri2) b++;
        while (b >= a && r2At(b, cx, dy2) > ri2) b--;
        if (a <= b) {
          // the row's running sums: pre[i] is the sum of pixels a..a+i-1
          let acc = 0;
          store<i32>(pre, 0);
          for (let x = a; x <= b; x++) {
            acc += <i32>load<u8>(row + <usize>x);
            store<i32>(pre + (<usize>(x - a + 1) << 2), acc);
          }
          const hc = dy2 < rc2 ? Math.sqrt(rc2 - dy2) : -1.0, k = TAN22 * ady, q = ady / TAN22;
          interiorSide(cells, pre, a, max(a, xr), b, 1, cx, dy2, ady, rc2, hc, k, q, dy >= 0 ? DOWN_RIGHT : UP_RIGHT);
          interiorSide(cells, pre, a, min(b, xl), a, -1, cx, dy2, ady, rc2, hc, k, q, dy >= 0 ? DOWN_LEFT : UP_LEFT);
          innerSum += <f64>acc;
          nInner += <f64>(b - a + 1);
        }
      }
      // the annulus's run on each side of the centre: pa² ≤ r² ≤ pb², within the box
      const ho = Math.sqrt(pb2 - dy2);
      const hp = dy2 < pa2 ? Math.sqrt(pa2 - dy2) : -1.0;
      const xo0 = max(x0, <i32>Math.floor(cx - ho)), xo1 = min(x1, <i32>Math.ceil(cx + ho));
      const rlo = max(xo0, xr), lhi = min(xo1, xl);
      let ra = max(rlo, <i32>Math.ceil(cx + hp)), rb = min(xo1, <i32>Math.floor(cx + ho));
      while (ra > rlo && r2At(ra - 1, cx, dy2) >= pa2) ra--;
      while (ra <= xo1 && r2At(ra, cx, dy2) < pa2) ra++;
      while (rb < xo1 && r2At(rb + 1, cx, dy2) <= pb2) rb++;
      while (rb >= ra && r2At(rb, cx, dy2) > pb2) rb--;
      let lb = min(lhi, <i32>Math.floor(cx - hp)), la = max(xo0, <i32>Math.ceil(cx - ho));
      while (lb < lhi && r2At(lb + 1, cx, dy2) >= pa2) lb++;
      while (lb >= xo0 && r2At(lb, cx, dy2) < pa2) lb--;
      while (la > xo0 && r2At(la - 1, cx, dy2) <= pb2) la--;
      while (la <= lb && r2At(la, cx, dy2) > pb2) la++;
      nPaper += histSpan(row, hist, la, lb) + histSpan(row, hist, ra, rb);
    }
    for (let c = 0; c < 17; c++) {
      store<f64>(o + 32 + <usize>(c << 3), <f64>load<i32>(cells + <usize>(c << 2)));
      store<f64>(o + 168 + <usize>(c << 3), <f64>load<i32>(cells + 68 + <usize>(c << 2)));
    }
    // paper level: the 75th percentile of the annulus, the smallest v with count(≤ v) ≥ 0.75·n,
    // which is the largest v with count(≥ v) > n − 0.75·n: counted down from white, where the
    // paper is, it takes a few steps instead of two hundred
    let acc: f64 = 0, paper: i32 = 0;
    const over = <f64>nPaper - <f64>nPaper * 0.75;
    for (let v = 255; v >= 0; v--) {
      acc += <f64>load<u32>(hist + (<usize>v << 2));
      if (acc > over) {
        paper = v;
        break;
      }
    }
    store<f64>(o, innerSum);
    store<f64>(o, nInner, 8);
    store<f64>(o, <f64>nPaper, 16);
    store<f64>(o, <f64>paper, 24);
  }
}

/** Bytes of one option's place: its layout centre x, y and radius r (f64, points). */
export const OPTION_IN: i32 = 24;
/** Bytes of one option's centre in the image: x, y and 1 when its box lies inside the image, else 0 (f64). */
export const CENTRE_OUT: i32 = 24;

/**
 * Where the `n` options at `options` land on the page through the homography at `hm` (9 f64,
 * row-major; measure.ts): each centre, the local scale (applyH and localScale of geometry.ts, the
 * same arithmetic in the same order) and from it the radii of the interior, the centre cell and
 * the paper annulus (shares `inner`, `paperIn`, `paperOut` of the option's radius) and the box.
 * Writes every option's centre at `centres`, and the inputs of measureBubbles for the options
 * whose box lies inside the w×h image at `params`, in order; returns how many those are.
 */
export function placeBubbles(hm: usize, options: usize, n: i32, w: i32, h: i32, inner: f64, paperIn: f64, paperOut: f64, params: usize, centres: usize): i32 {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const q = options + <usize>(i * OPTION_IN);
    const x = load<f64>(q), y = load<f64>(q, 8), r = load<f64>(q, 16);
    const cx = mapX(hm, x, y), cy = mapY(hm, x, y);
    const s = scaleAt(hm, x, y, cx, cy);
    const ri = r * inner * s, pa = r * paperIn * s, pb = r * paperOut * s;
    const x0 = Math.floor(cx - pb), x1 = Math.ceil(cx + pb), y0 = Math.floor(cy - pb), y1 = Math.ceil(cy + pb);
    const ok = !(x0 < 0 || y0 < 0 || x1 >= <f64>w || y1 >= <f64>h);
    const c = centres + <usize>(i * CENTRE_OUT);
    store<f64>(c, cx);
    store<f64>(c, cy, 8);
    store<f64>(c, ok ? 1 : 0, 16);
    if (!ok) continue;
    const p = params + <usize>(m * BUBBLE_IN);
    const ri2 = ri * ri;
    store<f64>(p, cx);
    store<f64>(p, cy, 8);
    store<f64>(p, ri2, 16);
    store<f64>(p, ri2 * 0.16, 24);
    store<f64>(p, pa * pa, 32);
    store<f64>(p, pb * pb, 40);
    store<f64>(p, x0, 48);
    store<f64>(p, x1, 56);
    store<f64>(p, y0, 64);
    store<f64>(p, y1, 72);
    m++;
  }
  return m;
}

/** √(a² + b²), as geometry.ts's length. */
@inline
function length(a: f64, b: f64): f64 {
  return Math.sqrt(a * a + b * b);
}

/**
 * Pixels per point at layout point (x, y), which the homography at `hm` maps to (px, py): the
 * geometric mean of the steps one point along x and along y make (localScale of geometry.ts, the
 * same arithmetic in the same order).
 */
@inline
function scaleAt(hm: usize, x: f64, y: f64, px: f64, py: f64): f64 {
  const sx = length(mapX(hm, x + 1, y) - px, mapY(hm, x + 1, y) - py);
  const sy = length(mapX(hm, x, y + 1) - px, mapY(hm, x, y + 1) - py);
  return Math.sqrt(sx * sy);
}

// ---------------------------------------------------------------------------------------------
// The least-squares homography (geometry.ts: fitHomography), the same arithmetic in the same order

/** Normalise the n points at `pts` (x, y f64): moved to their centroid and scaled to a mean distance of √2, into `out`; the scaling T (9 f64) into `t`. */
function normalisePoints(pts: usize, n: i32, out: usize, t: usize): void {
  let sx: f64 = 0, sy: f64 = 0;
  for (let i = 0; i < n; i++) sx += load<f64>(pts + <usize>(i << 4));
  for (let i = 0; i < n; i++) sy += load<f64>(pts + <usize>(i << 4), 8);
  const cx = sx / <f64>n, cy = sy / <f64>n;
  let sd: f64 = 0;
  for (let i = 0; i < n; i++) sd += length(load<f64>(pts + <usize>(i << 4)) - cx, load<f64>(pts + <usize>(i << 4), 8) - cy);
  let d = sd / <f64>n;
  if (d == 0 || isNaN(d)) d = 1; // JavaScript's `sd / n || 1`
  const s = Math.SQRT2 / d;
  for (let i = 0; i < n; i++) {
    const q = <usize>(i << 4);
    store<f64>(out + q, s * (load<f64>(pts + q) - cx));
    store<f64>(out + q, s * (load<f64>(pts + q, 8) - cy), 8);
  }
  store<f64>(t, s); store<f64>(t, 0, 8); store<f64>(t, -s * cx, 16);
  store<f64>(t, 0, 24); store<f64>(t, s, 32); store<f64>(t, -s * cy, 40);
  store<f64>(t, 0, 48); store<f64>(t, 0, 56); store<f64>(t, 1, 64);
}

/** Add one equation (8 coefficients at `row`, right-hand side `rhs`) to the normal equations at `m` (8 rows of 9 f64). */
@inline
function addNormalRow(m: usize, row: usize, rhs: f64): void {
  for (let i = 0; i < 8; i++) {
    const ri = load<f64>(row + <usize>(i << 3));
    const mi = m + <usize>(i * 72);
    store<f64>(mi, load<f64>(mi, 64) + ri * rhs, 64);
    for (let j = 0; j < 8; j++) {
      const a = mi + <usize>(j << 3);
      store<f64>(a, load<f64>(a) + ri * load<f64>(row + <usize>(j << 3)));
    }
  }
}

/** Address of row r, column c of the matrix at `m` with w columns of f64. */
@inline
function at(m: usize, w: i32, r: i32, c: i32): usize {
  return m + <usize>((r * w + c) << 3);
}

/** Solve the n×n system at `m` (rows of n + 1 f64, overwritten) into `x` (geometry.ts: solveAugmented); false when singular. */
function solveAugmented(m: usize, n: i32, x: usize): bool {
  const w = n + 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(load<f64>(at(m, w, r, c))) > Math.abs(load<f64>(at(m, w, p, c)))) p = r;
    if (Math.abs(load<f64>(at(m, w, p, c))) < 1e-12) return false;
    if (p != c)
      for (let k = 0; k < w; k++) {
        const t = load<f64>(at(m, w, c, k));
        store<f64>(at(m, w, c, k), load<f64>(at(m, w, p, k)));
        store<f64>(at(m, w, p, k), t);
      }
    for (let r = 0; r < n; r++) {
      if (r == c) continue;
      const f = load<f64>(at(m, w, r, c)) / load<f64>(at(m, w, c, c));
      for (let k = c; k <= n; k++) store<f64>(at(m, w, r, k), load<f64>(at(m, w, r, k)) - f * load<f64>(at(m, w, c, k)));
    }
  }
  for (let i = 0; i < n; i++) store<f64>(x + <usize>(i << 3), load<f64>(at(m, w, i, n)) / load<f64>(at(m, w, i, i)));
  return true;
}

/** r = a · b (3×3, 9 f64 each; r apart from both), each entry summed from 0 in the order of geometry.ts's mul. */
function mul3(a: usize, b: usize, r: usize): void {
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let v: f64 = 0;
      for (let k = 0; k < 3; k++) v += load<f64>(a + <usize>((3 * i + k) << 3)) * load<f64>(b + <usize>((3 * k + j) << 3));
      store<f64>(r + <usize>((3 * i + j) << 3), v);
    }
}

/** The inverse of the 3×3 matrix at `m` into `r` (geometry.ts: invert); false when singular. */
function invert3(m: usize, r: usize): bool {
  const a = load<f64>(m), b = load<f64>(m, 8), c = load<f64>(m, 16), d = load<f64>(m, 24), e = load<f64>(m, 32), f = load<f64>(m, 40);
  const g = load<f64>(m, 48), h = load<f64>(m, 56), i = load<f64>(m, 64);
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-15) return false;
  store<f64>(r, A / det); store<f64>(r, -(b * i - c * h) / det, 8); store<f64>(r, (b * f - c * e) / det, 16);
  store<f64>(r, B / det, 24); store<f64>(r, (a * i - c * g) / det, 32); store<f64>(r, -(a * f - c * d) / det, 40);
  store<f64>(r, C / det, 48); store<f64>(r, -(a * h - b * g) / det, 56); store<f64>(r, (a * e - b * d) / det, 64);
  return true;
}

/** Bytes of scratch fitHomography needs for n point pairs. */
export function fitScratch(n: i32): i32 {
  return 32 * n + 8 * (72 + 8 + 8 + 9 * 5);
}

/**
 * Least-squares homography from the n ≥ 4 point pairs at `src` and `dst` (x, y f64 each; DLT with
 * h33 = 1, normal equations, coordinates normalised first), into `out` (9 f64). Returns 0, or 1
 * when the normal equations are singular, 2 when a normalisation is. `scratch`: fitScratch(n) bytes.
 */
export function fitHomography(src: usize, dst: usize, n: i32, out: usize, scratch: usize): i32 {
  const as = scratch, bs = as + <usize>(16 * n), m = bs + <usize>(16 * n), row = m + 576, x = row + 64;
  const ta = x + 64, tb = ta + 72, hn = tb + 72, t1 = hn + 72, t2 = t1 + 72;
  normalisePoints(src, n, as, ta);
  normalisePoints(dst, n, bs, tb);
  memory.fill(m, 0, 576);
  for (let i = 0; i < n; i++) {
    const q = <usize>(i << 4);
    const px = load<f64>(as + q), py = load<f64>(as + q, 8), u = load<f64>(bs + q), v = load<f64>(bs + q, 8);
    store<f64>(row, px); store<f64>(row, py, 8); store<f64>(row, 1, 16); store<f64>(row, 0, 24);
    store<f64>(row, 0, 32); store<f64>(row, 0, 40); store<f64>(row, -u * px, 48); store<f64>(row, -u * py, 56);
    addNormalRow(m, row, u);
    store<f64>(row, 0); store<f64>(row, 0, 8); store<f64>(row, 0, 16); store<f64>(row, px, 24);
    store<f64>(row, py, 32); store<f64>(row, 1, 40); store<f64>(row, -v * px, 48); store<f64>(row, -v * py, 56);
    addNormalRow(m, row, v);
  }
  if (!solveAugmented(m, 8, x)) return 1;
  for (let k = 0; k < 8; k++) store<f64>(hn + <usize>(k << 3), load<f64>(x + <usize>(k << 3)));
  store<f64>(hn, 1, 64);
  // H = Tb⁻¹ · Hn · Ta, then scaled so that H[8] = 1
  if (!invert3(tb, t1)) return 2;
  mul3(t1, hn, t2);
  mul3(t2, ta, t1);
  const s = load<f64>(t1, 64);
  for (let k = 0; k < 9; k++) store<f64>(out + <usize>(k << 3), load<f64>(t1 + <usize>(k << 3)) / s);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The fit on the printed rings (refineOnRings in src/scan/register.ts)

/** Fewest rings a fit is made from (the first, and the second without the outliers). */
const RING_FIT_MIN = 40;
/** f64 of ringFit's output: the homography (9), 1 when the rings' fit is used, the fit's RMS and 95th percentile (points). */
export const RING_FIT_OUT: i32 = 12;

/** Bytes of ringFit's scratch for n rings. */
export function ringFitScratch(n: i32): i32 {
  return 72 + 56 * n + fitScratch(n);
}

/**
 * Each ring's distance from where the homography at `hm` puts it, in points on the paper: the
 * distance in the image over the local scale (ringResiduals: applyH, length and localScale of
 * geometry.ts, the same arithmetic in the same order).
 */
function ringResiduals(hm: usize, src: usize, dst: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const q = <usize>(i << 4);
    const x = load<f64>(src + q), y = load<f64>(src + q, 8);
    const px = mapX(hm, x, y), py = mapY(hm, x, y);
    setF64(out, i, length(px - load<f64>(dst + q), py - load<f64>(dst + q, 8)) / scaleAt(hm, x, y, px, py));
  }
}

/** RMS of the best 90 % of n values (a ring under a stray mark does not count); sorts them. */
function bestRms(v: usize, n: i32): f64 {
  heapSortF64(v, n);
  const m = max(1, <i32>Math.ceil(<f64>n * 0.9));
  let t: f64 = 0;
  for (let i = 0; i < m; i++) t += f64At(v, i) * f64At(v, i);
  return Math.sqrt(t / <f64>m);
}

/**
 * refineOnRings' fit from n ring pairs (layout centre at `src`, measured centre at `dst`, x, y
 * each) and the marks' homography at `hm`: a homography fitted to all of them, again without
 * those more than three times the median residual away (at least 0.35 points) when 40 remain,
 * used when it explains the rings better (the RMS of the best 90 %). Writes RING_FIT_OUT f64 at
 * `out`; returns 0 when there are fewer than 40 rings or a fit is singular, else 1. `scratch`:
 * ringFitScratch(n) bytes.
 */
export function ringFit(src: usize, dst: usize, n: i32, hm: usize, out: usize, scratch: usize): i32 {
  if (n < RING_FIT_MIN) return 0;
  const h2 = scratch, r0 = h2 + 72, sel = r0 + <usize>(n << 3), s2 = sel + <usize>(n << 3), d2 = s2 + <usize>(n << 4);
  const before = d2 + <usize>(n << 4), fs = before + <usize>(n << 3);
  if (fitHomography(src, dst, n, h2, fs) != 0) return 0;
  ringResiduals(h2, src, dst, n, r0);
  memory.copy(sel, r0, <usize>(n << 3));
  selectNth(sel, n, n >> 1);
  const limit = Math.max(3 * f64At(sel, n >> 1), 0.35);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (!(f64At(r0, i) <= limit)) continue;
    memory.copy(s2 + <usize>(m << 4), src + <usize>(i << 4), 16);
    memory.copy(d2 + <usize>(m << 4), dst + <usize>(i << 4), 16);
    m++;
  }
  if (m >= RING_FIT_MIN && fitHomography(s2, d2, m, h2, fs) != 0) return 0;
  // the residuals of both fits (r0 now holds the new fit's), each sorted by its RMS
  ringResiduals(hm, src, dst, n, before);
  ringResiduals(h2, src, dst, n, r0);
  const used = bestRms(r0, n) < bestRms(before, n);
  const fin = used ? r0 : before;
  memory.copy(out, used ? h2 : hm, 72);
  setF64(out, 9, used ? 1 : 0);
  setF64(out, 10, bestRms(fin, n));
  setF64(out, 11, f64At(fin, <i32>Math.floor(<f64>n * 0.95)));
  return 1;
}

/**
 * Downscale `src` (W×H) to a w×h image, of which only the window wx..wx+ww−1 × wy..wy+wh−1 is
 * written to `dst` (ww×wh; the whole image when the window is): each output pixel is the mean of
 * the 2×2 source pixels around its centre (OpenCV's INTER_LINEAR sampling with the weights
 * rounded to halves). A window's pixels are those of the whole downscale. `xs` is scratch for ww i32.
 */
export function downscale(src: usize, W: i32, H: i32, dst: usize, w: i32, h: i32, xs: usize, wx: i32, wy: i32, ww: i32, wh: i32): void {
  const sx = <f64>W / <f64>w, sy = <f64>H / <f64>h;
  for (let x = 0; x < ww; x++) store<i32>(xs + (<usize>x << 2), min(W - 2, max(0, <i32>Math.floor((<f64>(x + wx) + 0.5) * sx - 0.5))));
  for (let y = 0; y < wh; y++) {
    const y0 = min(H - 2, max(0, <i32>Math.floor((<f64>(y + wy) + 0.5) * sy - 0.5)));
    const r0 = src + <usize>(y0 * W), r1 = r0 + <usize>W, o = dst + <usize>(y * ww);
    for (let x = 0; x < ww; x++) {
      const i = <usize>load<i32>(xs + (<usize>x << 2));
      const s = <u32>load<u8>(r0 + i) + <u32>load<u8>(r0 + i + 1) + <u32>load<u8>(r1 + i) + <u32>load<u8>(r1 + i + 1);
      store<u8>(o + <usize>x, <u8>((s + 2) >> 2));
    }
  }
}

/**
 * Adaptive mean threshold, inverted: `dst` is 1 where a pixel of `src` (w×h) is at least `c` darker
 * than the rounded mean of the block×block window around it (clipped to the image), as OpenCV
 * compares: v − round(mean) ≤ −c, i.e. (2(v + c) − 1)·n ≤ 2·sum. `col` is scratch for w i32.
 */
export function adaptiveThresholdInv(src: usize, w: i32, h: i32, block: i32, c: i32, dst: usize, col: usize): void {
  const r = block >> 1;
  memory.fill(col, 0, <usize>(w << 2));
  for (let y = 0; y < min(h, r); y++) {
    const row = src + <usize>(y * w);
    for (let x = 0; x < w; x++) {
      const p = col + (<usize>x << 2);
      store<i32>(p, load<i32>(p) + <i32>load<u8>(row + <usize>x));
    }
  }
  for (let y = 0; y < h; y++) {
    const add = y + r, drop = y - r - 1;
    if (add < h) {
      const row = src + <usize>(add * w);
      for (let x = 0; x < w; x++) {
        const p = col + (<usize>x << 2);
        store<i32>(p, load<i32>(p) + <i32>load<u8>(row + <usize>x));
      }
    }
    if (drop >= 0) {
      const row = src + <usize>(drop * w);
      for (let x = 0; x < w; x++) {
        const p = col + (<usize>x << 2);
        store<i32>(p, load<i32>(p) - <i32>load<u8>(row + <usize>x));
      }
    }
    const rows = min(h, y + r + 1) - max(0, y - r);
    let sum = 0;
    for (let x = 0; x < min(w, r); x++) sum += load<i32>(col + (<usize>x << 2));
    const o = <usize>(y * w);
    // the window is clipped at the left and right edges; between them it is full
    const inner0 = min(w, r + 1), inner1 = max(inner0, w - r);
    for (let x = 0; x < inner0; x++) {
      if (x + r < w) sum += load<i32>(col + (<usize>(x + r) << 2));
      const n = rows * (min(w, x + r + 1) - max(0, x - r));
      store<u8>(dst + o + <usize>x, (2 * (<i32>load<u8>(src + o + <usize>x) + c) - 1) * n <= 2 * sum ? 1 : 0);
    }
    const nFull = rows * (2 * r + 1);
    for (let x = inner0; x < inner1; x++) {
      sum += load<i32>(col + (<usize>(x + r) << 2)) - load<i32>(col + (<usize>(x - r - 1) << 2));
      store<u8>(dst + o + <usize>x, (2 * (<i32>load<u8>(src + o + <usize>x) + c) - 1) * nFull <= 2 * sum ? 1 : 0);
    }
    for (let x = inner1; x < w; x++) {
      if (x + r < w) sum += load<i32>(col + (<usize>(x + r) << 2));
      if (x - r - 1 >= 0) sum -= load<i32>(col + (<usize>(x - r - 1) << 2));
      const n = rows * (min(w, x + r + 1) - max(0, x - r));
      store<u8>(dst + o + <usize>x, (2 * (<i32>load<u8>(src + o + <usize>x) + c) - 1) * n <= 2 * sum ? 1 : 0);
    }
  }
}

/**
 * The runs of pixels of `src` (w×h, rows `stride` bytes apart: a window of a larger image) that
 * are at or below `level` (`dark`) or above it, row by row: rows, first x and last x at `ys`, `x0s`, `x1s` (i32 each), at most `cap` of them.
 * Returns how many (more than `cap` means the arrays were too small).
 */
@inline
function runsWhere(src: usize, w: i32, h: i32, stride: i32, level: i32, dark: bool, ys: usize, x0s: usize, x1s: usize, cap: i32): i32 {
  let n = 0;
  for (let y = 0; y < h; y++) {
    const row = src + <usize>(y * stride);
    let x = 0;
    while (x < w) {
      if ((<i32>load<u8>(row + <usize>x) <= level) != dark) {
        x++;
        continue;
      }
      const x0 = x;
      while (x + 1 < w && (<i32>load<u8>(row + <usize>(x + 1)) <= level) == dark) x++;
      if (n < cap) {
        const o = <usize>n << 2;
        store<i32>(ys + o, y);
        store<i32>(x0s + o, x0);
        store<i32>(x1s + o, x);
      }
      n++;
      x++;
    }
  }
  return n;
}

/** Runs of non-zero pixels of a binary image (see runsWhere). */
export function runsOfSet(bin: usize, w: i32, h: i32, ys: usize, x0s: usize, x1s: usize, cap: i32): i32 {
  return runsWhere(bin, w, h, w, 0, false, ys, x0s, x1s, cap);
}

/** Runs of pixels at or below `level` of a gray image (see runsWhere): Otsu's dark class. */
export function runsAtOrBelow(src: usize, w: i32, h: i32, stride: i32, level: i32, ys: usize, x0s: usize, x1s: usize, cap: i32): i32 {
  return runsWhere(src, w, h, stride, level, true, ys, x0s, x1s, cap);
}

@inline
function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

@inline
function setI32(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

function findRoot(parent: usize, a: i32): i32 {
  while (i32At(parent, a) != a) {
    setI32(parent, a, i32At(parent, i32At(parent, a)));
    a = i32At(parent, a);
  }
  return a;
}

/**
 * 8-connected components of the `n` runs (rows `ys`, first and last x `x0s`, `x1s`, in row
 * order): each run is joined to the runs of the row above that touch it, diagonals included
 * (union-find). Writes per component (ids 0..count-1) its pixel count and bounding box, and its
 * runs in row order: `order[start[k]..start[k+1])`. `parent`, `id`, `fill` are scratch (n i32
 * each). Returns the number of components.
 */
export function label(
  ys: usize, x0s: usize, x1s: usize, n: i32, parent: usize, id: usize, fill: usize,
  area: usize, minX: usize, minY: usize, maxX: usize, maxY: usize, start: usize, order: usize, width: i32, height: i32,
): i32 {
  let prevStart = 0, prevEnd = 0;
  let i = 0;
  while (i < n) {
    const y = i32At(ys, i);
    if (prevEnd > prevStart && i32At(ys, prevStart) != y - 1) prevStart = prevEnd; // a gap row: nothing above
    const rowStart = i;
    let p = prevStart;
    for (; i < n && i32At(ys, i) == y; i++) {
      setI32(parent, i, i);
      const x0 = i32At(x0s, i), x1 = i32At(x1s, i);
      while (p < prevEnd && i32At(x1s, p) < x0 - 1) p++;
      for (let q = p; q < prevEnd && i32At(x0s, q) <= x1 + 1; q++) {
        const a = findRoot(parent, q), b = findRoot(parent, i);
        if (a != b) setI32(parent, max(a, b), min(a, b));
      }
    }
    prevStart = rowStart;
    prevEnd = i;
  }
  // compact ids (a root is the smallest index of its set, so it comes first)
  let count = 0;
  for (let j = 0; j < n; j++) {
    const r = findRoot(parent, j);
    setI32(id, j, r == j ? count++ : i32At(id, r));
  }
  for (let k = 0; k < count; k++) {
    setI32(area, k, 0);
    setI32(minX, k, width);
    setI32(minY, k, height);
    setI32(maxX, k, -1);
    setI32(maxY, k, -1);
  }
  for (let k = 0; k <= count; k++) setI32(start, k, 0);
  for (let j = 0; j < n; j++) {
    const k = i32At(id, j), a = i32At(x0s, j), b = i32At(x1s, j), y = i32At(ys, j);
    setI32(area, k, i32At(area, k) + b - a + 1);
    if (a < i32At(minX, k)) setI32(minX, k, a);
    if (b > i32At(maxX, k)) setI32(maxX, k, b);
    if (y < i32At(minY, k)) setI32(minY, k, y);
    if (y > i32At(maxY, k)) setI32(maxY, k, y);
    setI32(start, k + 1, i32At(start, k + 1) + 1);
  }
  for (let k = 0; k < count; k++) setI32(start, k + 1, i32At(start, k + 1) + i32At(start, k));
  // each component's runs in row order (a stable counting sort)
  for (let k = 0; k < count; k++) setI32(fill, k, i32At(start, k));
  for (let j = 0; j < n; j++) {
    const k = i32At(id, j), at = i32At(fill, k);
    setI32(order, at, j);
    setI32(fill, k, at + 1);
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// The printed rings, sampled through the page's homography (register.ts: ringCentre, ringCheck).
// The same arithmetic as the JavaScript they replace, in the same order: results are identical.

/** Bilinear sample of the w×h gray image at (x, y); NaN outside it. */
@inline
function sampleAt(img: usize, w: i32, h: i32, x: f64, y: f64): f64 {
  if (x < 0 || y < 0 || x > <f64>(w - 1) || y > <f64>(h - 1)) return NaN;
  const x0 = <i32>Math.floor(x), y0 = <i32>Math.floor(y);
  const x1 = min(x0 + 1, w - 1), y1 = min(y0 + 1, h - 1);
  const fx = x - <f64>x0, fy = y - <f64>y0;
  const a = <f64>load<u8>(img + <usize>(y0 * w + x0)), b = <f64>load<u8>(img + <usize>(y0 * w + x1));
  const c = <f64>load<u8>(img + <usize>(y1 * w + x0)), e = <f64>load<u8>(img + <usize>(y1 * w + x1));
  return a * (1 - fx) * (1 - fy) + b * fx * (1 - fy) + c * (1 - fx) * fy + e * fx * fy;
}

/** The image at the layout point (x, y) mapped through the homography at `hm` (9 f64, row-major). */
@inline
function sampleMapped(img: usize, w: i32, h: i32, hm: usize, x: f64, y: f64): f64 {
  const d = load<f64>(hm, 48) * x + load<f64>(hm, 56) * y + load<f64>(hm, 64);
  return sampleAt(img, w, h, (load<f64>(hm) * x + load<f64>(hm, 8) * y + load<f64>(hm, 16)) / d, (load<f64>(hm, 24) * x + load<f64>(hm, 32) * y + load<f64>(hm, 40)) / d);
}

@inline
function mapX(hm: usize, x: f64, y: f64): f64 {
  return (load<f64>(hm) * x + load<f64>(hm, 8) * y + load<f64>(hm, 16)) / (load<f64>(hm, 48) * x + load<f64>(hm, 56) * y + load<f64>(hm, 64));
}

@inline
function mapY(hm: usize, x: f64, y: f64): f64 {
  return (load<f64>(hm, 24) * x + load<f64>(hm, 32) * y + load<f64>(hm, 40)) / (load<f64>(hm, 48) * x + load<f64>(hm, 56) * y + load<f64>(hm, 64));
}

/**
 * Where `n` printed rings really are (register.ts: ringCentre). Ring i is x, y, r (layout points,
 * f64) at `rings`; along each of the `nDirs` unit directions at `dirs` (x, y f64), the darkest of
 * the `nSteps` samples across the ring (offsets from r at `steps`), parabola-refined; then the
 * centre shift and radius that explain them by least squares. Writes per ring at `out`: 1 and the
 * shift (dx, dy, layout points), or 0 when fewer than 6 rays see the ring, a sample falls outside
 * the image or the system is singular. `prof` is scratch for nDirs·nSteps f64, `m` for 12 f64.
 *
 * A ring's samples are all taken first, in a loop with no branch on a pixel's value, and the rays
 * then read from `prof`: branching on each sample as it came cost 5-10 % more, for the same results.
 */
export function ringCentres(img: usize, w: i32, h: i32, hm: usize, rings: usize, n: i32, dirs: usize, nDirs: i32, steps: usize, nSteps: i32, out: usize, prof: usize, m: usize): void {
  for (let i = 0; i < n; i++) {
    const ox = load<f64>(rings + <usize>(i * 24)), oy = load<f64>(rings + <usize>(i * 24), 8), or = load<f64>(rings + <usize>(i * 24), 16);
    const o = out + <usize>(i * 24);
    store<f64>(o, 0);
    const cx = mapX(hm, ox, oy), cy = mapY(hm, ox, oy);
    const jxx = mapX(hm, ox + 1, oy) - cx, jyx = mapY(hm, ox + 1, oy) - cy;
    const jxy = mapX(hm, ox, oy + 1) - cx, jyy = mapY(hm, ox, oy + 1) - cy;
    let outside = false;
    for (let d = 0; d < nDirs; d++) {
      const ux = load<f64>(dirs + <usize>(d * 16)), uy = load<f64>(dirs + <usize>(d * 16), 8);
      const row = prof + <usize>((d * nSteps) << 3);
      for (let s = 0; s < nSteps; s++) {
        const rho = or + load<f64>(steps + <usize>(s << 3));
        const lx = ux * rho, ly = uy * rho;
        const v = sampleAt(img, w, h, cx + jxx * lx + jxy * ly, cy + jyx * lx + jyy * ly);
        outside = outside | isNaN(v);
        store<f64>(row + <usize>(s << 3), v);
      }
    }
    if (outside) continue;
    let a11: f64 = 0, a12: f64 = 0, a13: f64 = 0, a22: f64 = 0, a23: f64 = 0, a33: f64 = 0, b1: f64 = 0, b2: f64 = 0, b3: f64 = 0;
    let seen = 0;
    for (let d = 0; d < nDirs; d++) {
      const ux = load<f64>(dirs + <usize>(d * 16)), uy = load<f64>(dirs + <usize>(d * 16), 8);
      const row = prof + <usize>((d * nSteps) << 3);
      let lowest: f64 = 256;
      let at = -1;
      for (let s = 0; s < nSteps; s++) {
        const v = load<f64>(row + <usize>(s << 3));
        if (v < lowest) {
          lowest = v;
          at = s;
        }
      }
      const last = nSteps - 1;
      const paper = Math.max(load<f64>(row + <usize>(last << 3)), load<f64>(row + <usize>((last - 1) << 3)));
      // a ring: clearly darker than the paper outside, with lighter interior before it
      if (at <= 0 || at >= last || paper - lowest < 0.15 * paper || load<f64>(row) - lowest < 0.1 * paper) continue;
      const l = load<f64>(row + <usize>((at - 1) << 3)), mm = load<f64>(row + <usize>(at << 3)), r = load<f64>(row + <usize>((at + 1) << 3));
      const den = l - 2 * mm + r;
      const off = den > 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (l - r)) / den)) : 0;
      const rho = or + load<f64>(steps + <usize>(at << 3)) + off * 0.4;
      // rho = R + dx * ux + dy * uy  (unknowns dx, dy, R)
      a11 += ux * ux;
      a12 += ux * uy;
      a13 += ux;
      a22 += uy * uy;
      a23 += uy;
      a33 += 1;
      b1 += rho * ux;
      b2 += rho * uy;
      b3 += rho;
      seen++;
    }
    if (seen < 6) continue;
    store<f64>(m, a11); store<f64>(m, a12, 8); store<f64>(m, a13, 16); store<f64>(m, b1, 24);
    store<f64>(m, a12, 32); store<f64>(m, a22, 40); store<f64>(m, a23, 48); store<f64>(m, b2, 56);
    store<f64>(m, a13, 64); store<f64>(m, a23, 72); store<f64>(m, a33, 80); store<f64>(m, b3, 88);
    if (!solveAugmented(m, 3, prof)) continue; // the ring's samples are read: prof takes the solution
    store<f64>(o, 1);
    store<f64>(o, load<f64>(prof), 8);
    store<f64>(o, load<f64>(prof, 8), 16);
  }
}

/**
 * How well `n` bubbles (x, y, r f64 at `bubbles`) land on printed rings under the homography
 * (register.ts: ringCheck): per bubble and each of the `nDirs` directions, the darkest of the
 * samples across the ring (offsets at `steps`) against the paper 1.8 points outside it. Writes the
 * sum of the contrasts, how many directions counted, the bubbles with at least 5 ring directions
 * and the bubbles with at least 6 directions counted, f64 each, at `out`.
 */
export function ringContrast(img: usize, w: i32, h: i32, hm: usize, bubbles: usize, n: i32, dirs: usize, nDirs: i32, steps: usize, nSteps: i32, out: usize): void {
  let sum: f64 = 0, count: f64 = 0, hits: f64 = 0, seen: f64 = 0;
  for (let i = 0; i < n; i++) {
    const ox = load<f64>(bubbles + <usize>(i * 24)), oy = load<f64>(bubbles + <usize>(i * 24), 8), or = load<f64>(bubbles + <usize>(i * 24), 16);
    let dirHits = 0, dirsSeen = 0;
    for (let d = 0; d < nDirs; d++) {
      const ca = load<f64>(dirs + <usize>(d * 16)), sa = load<f64>(dirs + <usize>(d * 16), 8);
      let ring: f64 = 255;
      for (let s = 0; s < nSteps; s++) {
        const dr = load<f64>(steps + <usize>(s << 3));
        const v = sampleMapped(img, w, h, hm, ox + (or + dr) * ca, oy + (or + dr) * sa);
        ring = select<f64>(v, ring, v < ring); // no branch on the pixel (the kernel is 10 % faster)
      }
      const paper = sampleMapped(img, w, h, hm, ox + (or + 1.8) * ca, oy + (or + 1.8) * sa);
      if (isNaN(ring) || isNaN(paper) || paper < 1) continue;
      const c = Math.max(-1, Math.min(1, (paper - ring) / paper));
      sum += c;
      count++;
      dirsSeen++;
      if (c > 0.12) dirHits++;
    }
    if (dirsSeen >= 6) {
      seen++;
      if (dirHits >= 5) hits++;
    }
  }
  store<f64>(out, sum);
  store<f64>(out, count, 8);
  store<f64>(out, hits, 16);
  store<f64>(out, seen, 24);
}

// ---------------------------------------------------------------------------------------------
// Counting pixels

/**
 * The 256-bin histogram (u32 at `hist`) of the w×h window at `src` of an image whose rows are
 * `stride` bytes apart.
 */
export function histogram(src: usize, w: i32, h: i32, stride: i32, hist: usize): void {
  memory.fill(hist, 0, 1024);
  for (let y = 0; y < h; y++) {
    const row = src + <usize>(y * stride);
    for (let x = 0; x < w; x++) {
      const b = hist + (<usize>load<u8>(row + <usize>x) << 2);
      store<u32>(b, load<u32>(b) + 1);
    }
  }
}

/**
 * How many of the pixels 0, step, 2·step, … below n are neither black (0) nor white (255),
 * counting no further than stop + 1 (a gray scan is told after a few dozen samples).
 */
export function grayCount(src: usize, n: i32, step: i32, stop: i32): i32 {
  let gray = 0;
  for (let i = 0; i < n; i += step) {
    const v = load<u8>(src + <usize>i);
    if (v != 0 && v != 255 && ++gray > stop) break;
  }
  return gray;
}

// ---------------------------------------------------------------------------------------------
// The QR code's modules (src/scan/qr-grid.ts)

/**
 * The n×n modules of a QR symbol whose top-left module's corner is at (x0, top) in layout points,
 * m points a module, mapped through the homography at `hm`: each module the sum of the
 * (2r+1)² pixels at its centre (the nearest pixel), then split at the level between the dark and
 * the light sums (the mean of the two sides' means, iterated up to 8 times). Writes n² bytes at
 * `out`, 1 dark, 0 light, row after row; returns 0 when a module falls outside the w×h image or
 * every sum is on one side, else 1. `sums` is scratch space for n² u32.
 */
export function qrModules(img: usize, w: i32, h: i32, hm: usize, x0: f64, top: f64, m: f64, n: i32, r: i32, sums: usize, out: usize): i32 {
  let lo: u32 = 0xffffffff, hi: u32 = 0;
  for (let j = 0; j < n; j++) {
    const ly = top + (<f64>j + 0.5) * m;
    for (let i = 0; i < n; i++) {
      const lx = x0 + (<f64>i + 0.5) * m;
      const x = <i32>Math.floor(mapX(hm, lx, ly) + 0.5), y = <i32>Math.floor(mapY(hm, lx, ly) + 0.5);
      if (x - r < 0 || y - r < 0 || x + r >= w || y + r >= h) return 0;
      let s: u32 = 0;
      for (let dy = -r; dy <= r; dy++) {
        const row = img + <usize>((y + dy) * w + x);
        for (let dx = -r; dx <= r; dx++) s += <u32>load<u8>(row + <usize>dx);
      }
      store<u32>(sums + (<usize>(j * n + i) << 2), s);
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
  }
  const nn = n * n;
  let t: f64 = (<f64>lo + <f64>hi) / 2;
  for (let it = 0; it < 8; it++) {
    let sd: f64 = 0, sl: f64 = 0, nd: i32 = 0;
    for (let k = 0; k < nn; k++) {
      const v = <f64>load<u32>(sums + (<usize>k << 2));
      if (v < t) {
        sd += v;
        nd++;
      } else sl += v;
    }
    if (nd == 0 || nd == nn) return 0;
    const next = (sd / <f64>nd + sl / <f64>(nn - nd)) / 2;
    if (next == t) break;
    t = next;
  }
  for (let k = 0; k < nn; k++) store<u8>(out + <usize>k, <f64>load<u32>(sums + (<usize>k << 2)) < t ? 1 : 0);
  return 1;
}
