/**
 * The sheet's decisions in the WebAssembly kernels (assembly/decide.ts) against the JavaScript
 * they replaced (tests/decide-reference.ts): the same thresholds, value for value, and the same
 * read or flag for every group, on generated scans of every candidate style and on synthetic
 * sheets that reach every rule (unmeasured bubbles, bubbles without sectors or peaks, bilevel
 * scans, too few marks to learn from, a default mark level).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSheetPrinter, generateSheetPage, toGray, type CandidateStyle, type EffectProfile, type SheetPrinter } from '../src/fixtures/index.js';
import { decideGroup, decideSheet, markLevel, sheetThresholds, type DecideOptions, type Thresholds } from '../src/scan/decide.js';
import { measureBubbles, type BubbleMeasure, type GroupMeasure } from '../src/scan/measure.js';
import { register } from '../src/scan/register.js';
import type { GroupKind } from '../src/template/layout.js';
import * as ref from './decide-reference.js';

let printer: SheetPrinter;
beforeAll(() => {
  printer = defaultSheetPrinter();
});

function expectSame(measures: GroupMeasure[], opts: DecideOptions = {}) {
  const want = ref.decideSheet(measures, opts);
  const got = decideSheet(measures, opts);
  expect(got.thresholds).toEqual(want.thresholds);
  expect(got.groups).toEqual(want.groups);
  expect([got.candidateNumber, got.examCode]).toEqual([want.candidateNumber, want.examCode]);
  expect(sheetThresholds(measures, opts)).toEqual(ref.sheetThresholds(measures, opts));
  return got;
}

describe('decisions in the kernels', () => {
  it('learn the same thresholds and read every group alike on generated scans of every candidate style', async () => {
    const cases: [number, EffectProfile, CandidateStyle][] = [
      [51, 'flatbed', 'firm'],
      [52, 'bitonal', 'firm'],
      [53, 'phone-steep', 'sloppy'],
      [54, 'clean', 'hb'],
      [55, 'fit-feeder', 'hatch'],
      [56, 'dusty', 'sloppy'],
    ];
    const reasons = new Set<string>();
    for (const [seed, profile, style] of cases) {
      const p = await generateSheetPage({ printer, serial: '000011', seed, profile, style, dpi: 200, mix: { clear: 0.5, light: 0.1, tick: 0.1, double: 0.1, erasure: 0.1, erased: 0.1 } });
      const img = toGray(p.raster);
      const measures = measureBubbles(img, printer.layout, register(img, printer.layout).h);
      for (const bilevel of [false, true]) {
        const got = expectSame(measures, { bilevel });
        for (const g of Object.values(got.groups)) if (g.reason) reasons.add(g.reason);
      }
    }
    // the pages reach the rules that matter: doubles, light marks, ticks, erasures
    expect([...reasons].sort()).toEqual(expect.arrayContaining(['erasure', 'light', 'multiple']));
  }, 120_000);

  it('decide synthetic sheets alike: unmeasured bubbles, no sectors, no peaks, too few marks, a default level', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const bubble = (fill: number, o: { sectors?: boolean; peak?: boolean; ok?: boolean } = {}): BubbleMeasure => {
      const sectors = Array.from({ length: 16 }, () => Math.min(1, Math.max(0, fill + (rnd() - 0.5) * 0.1)));
      const b = { fill, even: Math.max(0, fill - rnd() * 0.1), peak: Math.min(1, fill + rnd() * 0.1), sectors, paper: 230, cx: 0, cy: 0, ok: o.ok ?? true } as Partial<BubbleMeasure>;
      if (o.sectors === false) delete b.sectors;
      if (o.peak === false) delete b.peak;
      return b as BubbleMeasure;
    };
    const group = (kind: GroupKind, n: number, i: number, fills: number[], o: Parameters<typeof bubble>[1] = {}): GroupMeasure => ({
      group: { key: `${kind}.${i}`, kind, index: i, options: fills.slice(0, n).map((_, k) => ({ value: kind === 'question' ? 'ABCDEFGH'[k] : String(k), x: 0, y: 0, r: 6 })) },
      bubbles: fills.slice(0, n).map((f) => bubble(f, o)),
    });
    for (let sheet = 0; sheet < 40; sheet++) {
      const level = 0.12 + rnd() * 0.8;
      const marks = sheet % 5 === 4 ? 0.03 : 0.9; // every fifth sheet: too few marks to learn from
      const options = 2 + (sheet % 7); // 2 to 8 options a question
      const measures: GroupMeasure[] = [];
      for (let i = 0; i < 60; i++) {
        const fills = Array.from({ length: options }, () => 0.04 + rnd() * 0.02);
        if (rnd() < marks) fills[Math.floor(rnd() * options)] += level * (0.6 + rnd() * 0.6);
        if (rnd() < 0.08) fills[Math.floor(rnd() * options)] += level * rnd(); // a second, lighter mark
        measures.push(group('question', options, i, fills, { sectors: sheet % 3 !== 1 || i % 2 === 0, peak: sheet % 4 !== 2 || i % 3 === 0, ok: !(sheet % 6 === 5 && i === 7) }));
      }
      for (const kind of ['sbd', 'made'] as const)
        for (let col = 0; col < (kind === 'sbd' ? 6 : 3); col++) {
          const fills = Array.from({ length: 10 }, () => 0.05 + rnd() * 0.02);
          if (rnd() < 0.9) fills[Math.floor(rnd() * 10)] += level;
          measures.push(group(kind, 10, col, fills));
        }
      const opts: DecideOptions = { bilevel: sheet % 2 === 1, ...(sheet % 8 === 3 ? { defaultMarked: 0.45 } : {}) };
      expectSame(measures, opts);
      // a group decided alone against another sheet's thresholds
      const t = ref.sheetThresholds(measures, opts);
      for (const m of measures.slice(0, 12)) expect(decideGroup(m, t)).toEqual(ref.decideGroup(m, t));
    }
  });

  it('decide a group alone against thresholds that lack the optional levels', () => {
    const t = { empty: 0.05, emptyByOption: [0.05, , 0.051], marked: 0.7, learnt: true, noise: 0.004, evenBase: 0.04, cut: 0.25, clear: 0.28, low: 0.045, erasure: 0.18 } as Thresholds;
    const gm = (fills: number[], kind: GroupKind = 'question', peaks?: number[]): GroupMeasure => ({
      group: { key: 'q1', kind, index: 1, options: fills.map((_, i) => ({ value: kind === 'question' ? 'ABCD'[i] : String(i), x: 0, y: 0, r: 6 })) },
      bubbles: fills.map((fill, i) => ({ fill, even: fill, peak: peaks?.[i] ?? fill, paper: 230, cx: 0, cy: 0, ok: true }) as BubbleMeasure),
    });
    for (const m of [gm([0.05, 0.05, 0.05, 0.05]), gm([0.05, 0.72, 0.05, 0.05]), gm([0.7, 0.05, 0.68, 0.05]), gm([0.05, 0.05, 0.16, 0.05]), gm([0.27, 0.72, 0.05, 0.05]), gm([0.05, 0.05, 0.05, 0.05], 'sbd'), gm([0.05, 0.05, 0.05, 0.05], 'question', [0.05, 0.3, 0.05, 0.05])])
      expect(decideGroup(m, t)).toEqual(ref.decideGroup(m, t));
    // a faint stroke exactly at the margin (0.5 − 0.25 = 0.25) is flagged, by either
    const faint = { ...t, peakBase: 0.25, peakByOption: [0.25, 0.25, 0.25, 0.25], peakLow: 0.25 };
    const stroke = gm([0.05, 0.05, 0.05, 0.05], 'question', [0.25, 0.5, 0.25, 0.25]);
    expect(decideGroup(stroke, faint)).toEqual({ value: '', flagged: true, reason: 'light', fill: [0.05, 0.05, 0.05, 0.05] });
    expect(decideGroup(stroke, faint)).toEqual(ref.decideGroup(stroke, faint));
  });

  it('learn the same mark level from the groups\' tops', () => {
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 200; k++) {
      const n = 1 + Math.floor(rnd() * 120), level = rnd();
      const tops = Array.from({ length: n }, () => ({ dark: rnd() < 0.7 ? level * (0.8 + rnd() * 0.4) : rnd() * 0.05, even: rnd() < 0.9 ? 0.5 + rnd() : rnd() * 0.5 }));
      const noise = rnd() * 0.02;
      expect(markLevel(tops, noise)).toEqual(ref.markLevel(tops, noise));
    }
  });
});
