/** Small projective-geometry helpers (pure JS: mapping a few hundred points costs nothing). */

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
 * is overwritten): Gauss-Jordan elimination with partial pivoting. Flat typed arrays, no closures:
 * it runs for every page, and small monomorphic functions cost the optimising compiler little.
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

/** Points moved to their centroid and scaled to a mean distance of √2 (the scaling T, and the points). */
function normalised(pts: Point[]): { T: Homography; xs: Float64Array; ys: Float64Array } {
  const n = pts.length;
  let sx = 0, sy = 0;
  for (let i = 0; i < n; i++) sx += pts[i].x;
  for (let i = 0; i < n; i++) sy += pts[i].y;
  const cx = sx / n, cy = sy / n;
  let sd = 0;
  for (let i = 0; i < n; i++) sd += length(pts[i].x - cx, pts[i].y - cy);
  const d = sd / n || 1;
  const s = Math.SQRT2 / d;
  const xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = s * (pts[i].x - cx);
    ys[i] = s * (pts[i].y - cy);
  }
  return { T: homography([s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1]), xs, ys };
}

/** Add one equation (8 coefficients in `row`, right-hand side `rhs`) to the normal equations in `M` (8 rows of 9). */
function addNormalRow(M: Float64Array, row: Float64Array, rhs: number): void {
  for (let i = 0; i < 8; i++) {
    M[i * 9 + 8] += row[i] * rhs;
    for (let j = 0; j < 8; j++) M[i * 9 + j] += row[i] * row[j];
  }
}

/**
 * Least-squares homography from ≥4 correspondences (DLT with h33 = 1, normal equations).
 * Coordinates are normalised first for numerical stability.
 */
export function fitHomography(src: Point[], dst: Point[]): Homography {
  const a = normalised(src);
  const b = normalised(dst);
  const M = new Float64Array(8 * 9);
  const row = new Float64Array(8);
  for (let i = 0; i < src.length; i++) {
    const x = a.xs[i], y = a.ys[i], u = b.xs[i], v = b.ys[i];
    row[0] = x, row[1] = y, row[2] = 1, row[3] = 0, row[4] = 0, row[5] = 0, row[6] = -u * x, row[7] = -u * y;
    addNormalRow(M, row, u);
    row[0] = 0, row[1] = 0, row[2] = 0, row[3] = x, row[4] = y, row[5] = 1, row[6] = -v * x, row[7] = -v * y;
    addNormalRow(M, row, v);
  }
  const h = solveAugmented(M, 8);
  const Hn = homography([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1]);
  // H = Tb^-1 · Hn · Ta
  const H = mul(mul(invert(b.T), Hn), a.T);
  return homography(H, H[8]);
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
