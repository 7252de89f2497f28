/** Small projective-geometry helpers (the least-squares fit runs in the kernels). */
import { kernels } from './kernels.js';

export interface Point {
  x: number;
  y: number;
}

/** Row-major 3×3 homography mapping layout points (PDF pt) to image pixels. */
export type Homography = [number, number, number, number, number, number, number, number, number];

/**
 * A homography of nine numbers, each divided by `s`, always as the same kind of array: doubles,
 * packed. V8 compiles the functions that take a homography (applyH, measureBubbles, the ring
 * fits…) for the hidden class it has seen; `Array.prototype.map` makes a holey array and a
 * literal of whole numbers a small-integer one, and either one sent those functions back to the
 * interpreter ("wrong map") and through the optimising compiler again, 20-50 ms of CPU a time.
 */
export function homography(v: ArrayLike<number>, s = 1): Homography {
  const h: Homography = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
  for (let i = 0; i < 9; i++) h[i] = v[i] / s;
  return h;
}

export function applyH(h: Homography, x: number, y: number): Point {
  const w = h[6] * x + h[7] * y + h[8];
  return { x: (h[0] * x + h[1] * y + h[2]) / w, y: (h[3] * x + h[4] * y + h[5]) / w };
}

/** Pixels per point along x and y at a layout point (local scale of the mapping). */
export function localScale(h: Homography, x: number, y: number): number {
  // applyH three times, without an object each
  const w = h[6] * x + h[7] * y + h[8], wx = h[6] * (x + 1) + h[7] * y + h[8], wy = h[6] * x + h[7] * (y + 1) + h[8];
  const p = (h[0] * x + h[1] * y + h[2]) / w, q = (h[3] * x + h[4] * y + h[5]) / w;
  const sx = length((h[0] * (x + 1) + h[1] * y + h[2]) / wx - p, (h[3] * (x + 1) + h[4] * y + h[5]) / wx - q);
  const sy = length((h[0] * x + h[1] * (y + 1) + h[2]) / wy - p, (h[3] * x + h[4] * (y + 1) + h[5]) / wy - q);
  return Math.sqrt(sx * sy);
}

/**
 * √(a² + b²). Math.hypot takes any number of arguments and, until the optimising compiler has
 * inlined it, allocates for them: thousands of times a page here, on values far from overflow.
 */
export function length(a: number, b: number): number {
  return Math.sqrt(a * a + b * b);
}

/** Solve A x = b (n×n, Gaussian elimination with partial pivoting). */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = new Float64Array(n * (n + 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) M[i * (n + 1) + j] = A[i][j];
    M[i * (n + 1) + n] = b[i];
  }
  return Array.from(solveAugmented(M, n));
}

/**
 * Solve the n×n system held row by row, each row followed by its right-hand side, in `M` (which
 * is overwritten): Gauss-Jordan elimination with partial pivoting. The affine fit of a page with
 * one corner mark missing uses it (through solve); the homography's fit has the same elimination
 * in the kernels (assembly/kernels.ts: solveAugmented), and tests/kernels.test.ts holds the two alike.
 */
export function solveAugmented(M: Float64Array, n: number): Float64Array {
  const w = n + 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * w + c]) > Math.abs(M[p * w + c])) p = r;
    if (Math.abs(M[p * w + c]) < 1e-12) throw new Error('singular system');
    if (p !== c)
      for (let k = 0; k < w; k++) {
        const t = M[c * w + k];
        M[c * w + k] = M[p * w + k];
        M[p * w + k] = t;
      }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r * w + c] / M[c * w + c];
      for (let k = c; k <= n; k++) M[r * w + k] -= f * M[c * w + k];
    }
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = M[i * w + n] / M[i * w + i];
  return x;
}

/**
 * Least-squares homography from ≥4 correspondences (DLT with h33 = 1, normal equations).
 * Coordinates are normalised first for numerical stability. It runs in the kernels
 * (assembly/kernels.ts: fitHomography): a few times a page, where the JavaScript it replaced ran
 * interpreted for the first pages and then cost the optimising compiler about 100 ms (itself, the
 * normalisation and the solver). The same arithmetic in the same order: the same numbers.
 */
export function fitHomography(src: Point[], dst: Point[]): Homography {
  const k = kernels();
  const n = src.length;
  const at = k.room(32 * n + 72 + k.exports.fitScratch(n));
  const pts = new Float64Array(k.exports.memory.buffer, at, 4 * n);
  for (let i = 0; i < n; i++) {
    pts[2 * i] = src[i].x;
    pts[2 * i + 1] = src[i].y;
    pts[2 * n + 2 * i] = dst[i].x;
    pts[2 * n + 2 * i + 1] = dst[i].y;
  }
  const out = at + 32 * n;
  const status = k.exports.fitHomography(at, at + 16 * n, n, out, out + 72);
  if (status === 1) throw new Error('singular system');
  if (status === 2) throw new Error('singular homography');
  return homography(new Float64Array(k.exports.memory.buffer, out, 9));
}

/** Least-squares affine map (as a homography) from ≥3 correspondences. */
export function fitAffine(src: Point[], dst: Point[]): Homography {
  const AtA = Array.from({ length: 3 }, () => new Array<number>(3).fill(0));
  const bx = [0, 0, 0];
  const by = [0, 0, 0];
  for (let i = 0; i < src.length; i++) {
    const row = [src[i].x, src[i].y, 1];
    for (let r = 0; r < 3; r++) {
      bx[r] += row[r] * dst[i].x;
      by[r] += row[r] * dst[i].y;
      for (let c = 0; c < 3; c++) AtA[r][c] += row[r] * row[c];
    }
  }
  const px = solve(AtA, bx);
  const py = solve(AtA, by);
  return homography([px[0], px[1], px[2], py[0], py[1], py[2], 0, 0, 1]);
}

const ZEROS = [0, 0, 0, 0, 0, 0, 0, 0, 0];

export function mul(a: Homography, b: Homography): Homography {
  const r = homography(ZEROS);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return r;
}

export function invert(m: Homography): Homography {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-15) throw new Error('singular homography');
  const inv = [A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d];
  return homography(inv, det);
}

/** Root-mean-square distance between mapped source points and their targets, in target units. */
export function rmsError(h: Homography, src: Point[], dst: Point[]): number {
  let s = 0;
  for (let i = 0; i < src.length; i++) {
    const p = applyH(h, src[i].x, src[i].y);
    s += (p.x - dst[i].x) ** 2 + (p.y - dst[i].y) ** 2;
  }
  return Math.sqrt(s / src.length);
}
