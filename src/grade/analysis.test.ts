import { describe, expect, it } from 'vitest';
import { analyseExamCode, kr20, pearson, upperLowerSize } from './analysis.js';
import { keyFingerprint, type AnswerKey } from './keys.js';
import { scoreSheet, type AnswerRead, type ScoreRules } from './score.js';

/*
 * 6 candidates × 4 questions, key A B C D; Phần I = câu 1-2, Phần II = câu 3-4.
 *
 *        answers (· = blank, * = still flagged)   correct   total
 *   C1   A   B   C   D                            1 1 1 1     4
 *   C2   A   B   C   A                            1 1 1 0     3
 *   C3   A   B   D   ·                            1 1 0 0     2
 *   C4   A   C   C   B                            1 0 1 0     2
 *   C5   B   B   AB  C                            0 1 0 0     1
 *   C6   C   ·   D   D*                           0 0 0 0     0
 *
 * Totals 4 3 2 2 1 0: mean 2, population variance (4+1+0+0+1+4)/6 = 5/3, SD √(5/3) = 1.290994.
 * Difficulty p: 4/6, 4/6, 3/6, 1/6.
 * KR-20 = 4/3 · (1 − Σpq / σ²), Σpq = 2/9 + 2/9 + 1/4 + 5/36 = 30/36 = 5/6 → 4/3 · (1 − (5/6)/(5/3)) = 2/3.
 * Upper-lower 27 %: g = round(0.27·6) = round(1.62) = 2; upper C1, C2; lower C5, C6.
 *   D1 = (2−0)/2 = 1, D2 = (2−1)/2 = 0.5, D3 = (2−0)/2 = 1, D4 = (1−0)/2 = 0.5.
 * Point-biserial, item vs rest (total − item), population moments:
 *   Q1 x=1 1 1 1 0 0, rest 3 2 1 1 1 0: cov = 7/6 − (2/3)(4/3) = 5/18; var x = 2/9, var rest = 8/9
 *      r = (5/18)/√(16/81) = (5/18)/(4/9) = 0.625
 *   Q2 x=1 1 1 0 1 0, rest 3 2 1 2 0 0: cov = 1 − (2/3)(4/3) = 1/9; var rest = 3 − 16/9 = 11/9
 *      r = (1/9)/√(22/81) = 1/√22 = 0.213201
 *   Q3 x=1 1 0 1 0 0, rest 3 2 2 1 1 0: cov = 1 − (1/2)(3/2) = 1/4; var x = 1/4, var rest = 19/6 − 9/4 = 11/12
 *      r = (1/4)/√(11/48) = √(3/11) = 0.522233
 *   Q4 x=1 0 0 0 0 0, rest 3 3 2 2 1 0: cov = 1/2 − (1/6)(11/6) = 7/36; var x = 5/36, var rest = 27/6 − 121/36 = 41/36
 *      r = (7/36)/(√205/36) = 7/√205 = 0.488901
 * Parts: Phần I scores 2 2 2 1 1 0: mean 4/3, var 7/3 − 16/9 = 5/9; Σpq = 4/9; KR-20 = 2·(1 − 4/5) = 0.4.
 *        Phần II scores 2 1 0 1 0 0: mean 2/3, var 1 − 4/9 = 5/9; Σpq = 1/4 + 5/36 = 7/18; KR-20 = 2·(1 − 7/10) = 0.6.
 * Option counts: Q1 A4 B1 C1; Q2 B4 C1 blank1; Q3 C3 D2 multiple1; Q4 A1 B1 C1 D1 blank1 flagged1.
 */
const rules: ScoreRules = {
  questions: 4,
  options: ['A', 'B', 'C', 'D'],
  parts: [
    { title: 'Phần I', from: 1, to: 2 },
    { title: 'Phần II', from: 3, to: 4 },
  ],
};
const keyAnswers = { 1: 'A', 2: 'B', 3: 'C', 4: 'D' };
const key: AnswerKey = { examCode: '101', answers: keyAnswers, fingerprint: keyFingerprint('101', keyAnswers), file: 'k.csv', fileFingerprint: 'f' };
const table = [
  ['A', 'B', 'C', 'D'],
  ['A', 'B', 'C', 'A'],
  ['A', 'B', 'D', ''],
  ['A', 'C', 'C', 'B'],
  ['B', 'B', 'AB', 'C'],
  ['C', '', 'D', 'D*'],
];
const sheets = table.map((row) => {
  const a: Record<number, AnswerRead> = {};
  row.forEach((v, i) => (a[i + 1] = { value: v.replace('*', ''), flagged: v.endsWith('*') }));
  return scoreSheet(a, key, rules);
});

describe('item analysis vs the hand-worked table', () => {
  const r = analyseExamCode(sheets, rules.options);

  it('totals', () => {
    expect(sheets.map((s) => s.total)).toEqual([4, 3, 2, 2, 1, 0]);
    expect(r.n).toBe(6);
    expect(r.mean).toBeCloseTo(2, 10);
    expect(r.sd).toBeCloseTo(Math.sqrt(5 / 3), 10);
    expect(r.sd).toBeCloseTo(1.290994, 6);
    expect([r.min, r.max, r.maxScore]).toEqual([0, 4, 4]);
    expect(r.kr20).toBeCloseTo(2 / 3, 10);
    expect(r.groupSize).toBe(2);
    expect(r.examCode).toBe('101');
    expect(r.keyFingerprint).toBe(key.fingerprint);
  });

  it('difficulty, discrimination', () => {
    expect(r.items.map((i) => i.difficulty)).toEqual([4 / 6, 4 / 6, 3 / 6, 1 / 6]);
    expect(r.items.map((i) => i.upperLower)).toEqual([1, 0.5, 1, 0.5]);
    const pb = r.items.map((i) => i.pointBiserial!);
    expect(pb[0]).toBeCloseTo(0.625, 10);
    expect(pb[1]).toBeCloseTo(1 / Math.sqrt(22), 10);
    expect(pb[1]).toBeCloseTo(0.213201, 6);
    expect(pb[2]).toBeCloseTo(Math.sqrt(3 / 11), 10);
    expect(pb[2]).toBeCloseTo(0.522233, 6);
    expect(pb[3]).toBeCloseTo(7 / Math.sqrt(205), 10);
    expect(pb[3]).toBeCloseTo(0.488901, 6);
  });

  it('option counts', () => {
    expect(r.items.map((i) => [i.options, i.blank, i.multiple, i.flagged])).toEqual([
      [{ A: 4, B: 1, C: 1, D: 0 }, 0, 0, 0],
      [{ A: 0, B: 4, C: 1, D: 0 }, 1, 0, 0],
      [{ A: 0, B: 0, C: 3, D: 2 }, 0, 1, 0],
      [{ A: 1, B: 1, C: 1, D: 1 }, 1, 0, 1],
    ]);
    expect(r.items.map((i) => i.key)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('parts', () => {
    const [p1, p2] = r.parts;
    expect(p1.mean).toBeCloseTo(4 / 3, 10);
    expect(p1.sd).toBeCloseTo(Math.sqrt(5 / 9), 10);
    expect(p1.kr20).toBeCloseTo(0.4, 10);
    expect(p1.meanDifficulty).toBeCloseTo(4 / 6, 10);
    expect(p2.mean).toBeCloseTo(2 / 3, 10);
    expect(p2.kr20).toBeCloseTo(0.6, 10);
    expect([p1.maxScore, p2.maxScore]).toEqual([2, 2]);
  });

  it('edge cases give null, not NaN', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(kr20([[1, 0]])).toBeNull();
    expect(upperLowerSize(1)).toBe(0);
    expect(upperLowerSize(2)).toBe(1);
    const one = analyseExamCode(sheets.slice(0, 1), rules.options);
    expect([one.sd, one.kr20, one.items[0].pointBiserial, one.items[0].upperLower]).toEqual([0, null, null, null]);
  });
});
