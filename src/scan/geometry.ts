/** Small projective-geometry helpers (pure JS: mapping a few hundred points costs nothing). */

export interface Point {
  x: number;
  y: number;
}

/** Row-major 3×3 homography mapping layout points (PDF pt) to image pixels. */
export type Homography = [number, number, number, number, number, number, number, number, number];

export function applyH(h: Homography, x: number, y: number): Point {
  const w = h[6] * x + h[7] * y + h[8];
  return { x: (h[0] * x + h[1] * y + h[2]) / w, y: (h[3] * x + h[4] * y + h[5]) / w };
}

/** Pixels per point along x and y at a layout point (local scale of the mapping). */
export function localScale(h: Homography, x: number, y: number): number {
  const p = applyH(h, x, y);
  const px = applyH(h, x + 1, y);
  const py = applyH(h, x, y + 1);
  const sx = Math.hypot(px.x - p.x, px.y - p.y);
  const sy = Math.hypot(py.x - p.x, py.y - p.y);
  return Math.sqrt(sx * sy);
}

/** Solve A x = b (n×n, Gaussian elimination with partial pivoting). */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-12) throw new Error('singular system');
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

/**
 * Least-squares homography from ≥4 correspondences (DLT with h33 = 1, normal equations).
 * Coordinates are normalised first for numerical stability.
 */
export function fitHomography(src: Point[], dst: Point[]): Homography {
  const norm = (pts: Point[]) => {
    const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
    const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length;
    const d = pts.reduce((s, p) => s + Math.hypot(p.x - cx, p.y - cy), 0) / pts.length || 1;
    const s = Math.SQRT2 / d;
    return { T: [s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1] as Homography, pts: pts.map((p) => ({ x: s * (p.x - cx), y: s * (p.y - cy) })) };
  };
  const a = norm(src);
  const b = norm(dst);
  const AtA = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
  const Atb = new Array<number>(8).fill(0);
  const addRow = (row: number[], rhs: number) => {
    for (let i = 0; i < 8; i++) {
      Atb[i] += row[i] * rhs;
      for (let j = 0; j < 8; j++) AtA[i][j] += row[i] * row[j];
    }
  };
  for (let i = 0; i < src.length; i++) {
    const { x, y } = a.pts[i];
    const { x: u, y: v } = b.pts[i];
    addRow([x, y, 1, 0, 0, 0, -u * x, -u * y], u);
    addRow([0, 0, 0, x, y, 1, -v * x, -v * y], v);
  }
  const h = solve(AtA, Atb);
  const Hn: Homography = [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1];
  // H = Tb^-1 · Hn · Ta
  const H = mul(mul(invert(b.T), Hn), a.T);
  return H.map((v) => v / H[8]) as Homography;
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
  return [px[0], px[1], px[2], py[0], py[1], py[2], 0, 0, 1];
}

export function mul(a: Homography, b: Homography): Homography {
  const r = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return r as Homography;
}

export function invert(m: Homography): Homography {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-15) throw new Error('singular homography');
  const inv = [A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d];
  return inv.map((v) => v / det) as Homography;
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
