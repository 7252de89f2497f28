/**
 * Item analysis (phân tích câu hỏi) of one mã đề from its scored sheets. Pure.
 *
 * Per question:
 *   - difficulty p: share of sheets answering correctly (0..1; higher = easier);
 *   - point-biserial: Pearson correlation between the item (1 correct, 0 not) and the REST
 *     score (total minus this item), the "corrected" item-total correlation, so an item does not
 *     correlate with itself; null when either side does not vary;
 *   - upper-lower index D = (correct in upper group − correct in lower group) / g, with the
 *     groups the top and bottom g = round(27 % of n) sheets by total (at least 1; n ≥ 2); ties
 *     on total keep the order the sheets were given in (gradeExam gives them in SBD order);
 *   - counts per option (the answer used for scoring, after overrides), blank, multiple, and
 *     still-flagged.
 * Per part and per mã đề: mean, SD, min, max of the scores, mean difficulty, KR-20.
 * Variances are population variances (divide by n), as in KR-20's Σpq:
 *   KR-20 = k/(k−1) · (1 − Σ p(1−p) / σ²), null when σ² = 0, k < 2 or n < 2.
 */
import type { SheetScore } from './score.js';

export interface ItemStats {
  question: number;
  part: number;
  key: string;
  /** Number of sheets. */
  n: number;
  correct: number;
  difficulty: number | null;
  pointBiserial: number | null;
  upperLower: number | null;
  /** Count per option (template order). */
  options: Record<string, number>;
  blank: number;
  multiple: number;
  flagged: number;
}

export interface ScoreStats {
  n: number;
  /** Maximum possible score. */
  maxScore: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  meanDifficulty: number | null;
  kr20: number | null;
}

export interface PartStats extends ScoreStats {
  number: number;
  title: string;
  from: number;
  to: number;
}

export interface ExamCodeAnalysis extends ScoreStats {
  examCode: string;
  keyFingerprint: string;
  /** Size g of each of the upper and lower groups (0 when n < 2). */
  groupSize: number;
  items: ItemStats[];
  parts: PartStats[];
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
}

function variance(xs: number[]): number | null {
  const m = mean(xs);
  if (m === null) return null;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
}

/** Pearson correlation (population moments); null when either variable is constant. */
export function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return null;
  const mx = mean(xs)!;
  const my = mean(ys)!;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  if (sxx < 1e-12 || syy < 1e-12) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** KR-20 of a 0/1 matrix (rows = sheets, columns = items). */
export function kr20(matrix: number[][]): number | null {
  const n = matrix.length;
  const k = n ? matrix[0].length : 0;
  if (n < 2 || k < 2) return null;
  const totals = matrix.map((r) => r.reduce((s, x) => s + x, 0));
  const v = variance(totals)!;
  if (v < 1e-12) return null;
  let spq = 0;
  for (let j = 0; j < k; j++) {
    const p = matrix.reduce((s, r) => s + r[j], 0) / n;
    spq += p * (1 - p);
  }
  return (k / (k - 1)) * (1 - spq / v);
}

/** Size of the upper and lower groups: round(27 % of n), at least 1, 0 when n < 2. */
export function upperLowerSize(n: number): number {
  return n < 2 ? 0 : Math.max(1, Math.round(0.27 * n));
}

function scoreStats(matrix: number[][], maxScore: number): ScoreStats {
  const n = matrix.length;
  const totals = matrix.map((r) => r.reduce((s, x) => s + x, 0));
  const k = maxScore;
  const diffs = n ? Array.from({ length: k }, (_, j) => matrix.reduce((s, r) => s + r[j], 0) / n) : [];
  const v = variance(totals);
  return {
    n,
    maxScore,
    mean: mean(totals),
    sd: v === null ? null : Math.sqrt(v),
    min: n ? Math.min(...totals) : null,
    max: n ? Math.max(...totals) : null,
    meanDifficulty: mean(diffs),
    kr20: kr20(matrix),
  };
}

/**
 * Analyse the scored sheets of one mã đề. All sheets must be scored against the same key.
 * `options` are the template's options (A-D).
 */
export function analyseExamCode(sheets: SheetScore[], options: string[], keyInfo?: { examCode: string; keyFingerprint: string }): ExamCodeAnalysis {
  const examCode = keyInfo?.examCode ?? sheets[0]?.examCode ?? '';
  const keyFingerprint = keyInfo?.keyFingerprint ?? sheets[0]?.keyFingerprint ?? '';
  for (const s of sheets) {
    if (s.examCode !== examCode || s.keyFingerprint !== keyFingerprint) {
      throw new RangeError(`analyseExamCode: a sheet scored against mã đề ${s.examCode} (${s.keyFingerprint.slice(0, 12)}) is mixed with mã đề ${examCode}`);
    }
  }
  const n = sheets.length;
  const k = sheets[0]?.questions.length ?? 0;
  const matrix = sheets.map((s) => s.questions.map((q) => q.points));
  const totals = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const g = upperLowerSize(n);
  const order = totals.map((t, i) => ({ t, i })).sort((a, b) => b.t - a.t || a.i - b.i);
  const upper = order.slice(0, g).map((o) => o.i);
  const lower = order.slice(n - g).map((o) => o.i);

  const items: ItemStats[] = [];
  for (let j = 0; j < k; j++) {
    const q0 = sheets[0].questions[j];
    const xs = matrix.map((r) => r[j]);
    const correct = xs.reduce((a, b) => a + b, 0);
    const counts: Record<string, number> = Object.fromEntries(options.map((o) => [o, 0]));
    let blank = 0;
    let multiple = 0;
    let flagged = 0;
    for (const s of sheets) {
      const r = s.questions[j];
      if (r.status === 'flagged') flagged++;
      else if (r.status === 'blank') blank++;
      else if (r.status === 'multiple') multiple++;
      else if (r.answer in counts) counts[r.answer]++;
    }
    items.push({
      question: q0.question,
      part: q0.part,
      key: q0.key,
      n,
      correct,
      difficulty: n ? correct / n : null,
      pointBiserial: pearson(
        xs,
        totals.map((t, i) => t - xs[i]),
      ),
      upperLower: g ? (upper.reduce((s, i) => s + xs[i], 0) - lower.reduce((s, i) => s + xs[i], 0)) / g : null,
      options: counts,
      blank,
      multiple,
      flagged,
    });
  }

  const partsDef = sheets[0]?.parts ?? [];
  const parts: PartStats[] = partsDef.map((p) => {
    const cols = sheets[0].questions.map((q, j) => (q.question >= p.from && q.question <= p.to ? j : -1)).filter((j) => j >= 0);
    const sub = matrix.map((r) => cols.map((j) => r[j]));
    return { number: p.number, title: p.title, from: p.from, to: p.to, ...scoreStats(sub, cols.length) };
  });

  return { examCode, keyFingerprint, groupSize: g, ...scoreStats(matrix, k), items, parts };
}
