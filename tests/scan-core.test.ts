/** Registration and decisions on hard single pages: covered marks, one-answer sheets, other templates. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRead, defaultSheetPrinter, generateSheetPage, toGray, type SheetPrinter } from '../src/fixtures/index.js';
import { readPage } from '../src/scan/read.js';
import { decideGroup, markLevel, sheetThresholds } from '../src/scan/decide.js';
import type { GroupMeasure } from '../src/scan/measure.js';
import type { GrayImage } from '../src/util/raster.js';
import { fitHomography, applyH, invert, mul } from '../src/scan/geometry.js';

let printer: SheetPrinter;
beforeAll(async () => {
  printer = defaultSheetPrinter();
}, 120_000);

async function page(seed: number, opts: Partial<Parameters<typeof generateSheetPage>[0]> = {}) {
  const p = await generateSheetPage({ printer, serial: '000042', seed, profile: 'clean', ...opts });
  return { img: toGray(p.raster), truth: p.truth, dpi: p.dpi };
}

/** Paint a white square over a registration mark (a thumb, a staple hole, a torn corner). */
function cover(img: GrayImage, id: string, dpi: number): void {
  const m = printer.layout.marks.find((x) => x.id === id)!;
  const s = dpi / 72;
  const half = m.size * 0.8 * s;
  for (let y = Math.round(m.y * s - half); y < m.y * s + half; y++)
    for (let x = Math.round(m.x * s - half); x < m.x * s + half; x++) img.data[y * img.width + x] = 250;
}

describe('registration', () => {
  it('fits on three marks when one corner is covered, and says so', async () => {
    const { img, truth, dpi } = await page(11);
    cover(img, 'br', dpi);
    const r = await readPage(img, printer.layout, { source: 't', page: 1 });
    expect(r.result.status).toBe('ok');
    expect(r.result.flags).toContain('three_marks');
    expect(r.result.fit!.model).toBe('affine-3');
    expect(checkRead(truth, r.result).silentErrors).toEqual([]);
  });

  it('still knows up from down when the orientation key is covered (rings decide)', async () => {
    const { img, truth, dpi } = await page(12, { effects: { orient: 180, blur: 0.6 } });
    // after a 180° turn the key sits near the bottom-right mark
    const m = printer.layout.marks.find((x) => x.id === 'key')!;
    const s = dpi / 72;
    const cx = img.width - m.x * s, cy = img.height - m.y * s;
    for (let y = Math.round(cy - 7 * s); y < cy + 7 * s; y++) for (let x = Math.round(cx - 7 * s); x < cx + 7 * s; x++) img.data[y * img.width + x] = 250;
    const r = await readPage(img, printer.layout, { source: 't', page: 1 });
    expect(r.result.status, r.result.reason).toBe('ok');
    expect(r.registration!.marks.find((k) => k.id === 'key')!.found).toBe(false);
    expect(r.result.rotation).toBe(180);
    expect(checkRead(truth, r.result).silentErrors).toEqual([]);
  });

  it('reads steep phone photos whose marks are sheared quadrilaterals, not squares (once rejected)', async () => {
    // seeds where the near marks filled 0.78 of their rectangle and a far mark 0.68: both were
    // refused as squares, and the page as not a sheet
    for (const seed of [33, 35, 39]) {
      const p = await generateSheetPage({ printer, serial: '000009', seed, profile: 'phone-steep', dpi: 200 });
      const r = await readPage(toGray(p.raster), printer.layout, { source: 't', page: 1 });
      expect(r.result.status, `seed ${seed}: ${r.result.reason}`).toBe('ok');
      expect(checkRead(p.truth, r.result).silentErrors).toEqual([]);
      expect(r.result.serial).toBe('000009');
    }
  }, 120_000);

  it('rejects a page with two marks covered instead of guessing', async () => {
    const { img, dpi } = await page(13);
    cover(img, 'br', dpi);
    cover(img, 'tl', dpi);
    const r = await readPage(img, printer.layout, { source: 't', page: 1 });
    expect(r.result.status).toBe('not_a_sheet');
    expect(r.result.reason).toMatch(/registration marks/);
  });

  it('rejects a blank page', async () => {
    const img: GrayImage = { width: 1654, height: 2339, data: new Uint8Array(1654 * 2339).fill(245) };
    const r = await readPage(img, printer.layout, { source: 'blank.png', page: 1 });
    expect(r.result).toMatchObject({ status: 'not_a_sheet', reason: expect.stringContaining('no registration marks found') });
  });
});

describe('decisions on unusual sheets', () => {
  it('a sheet answered "A" everywhere is read as A everywhere, not as blank', async () => {
    const answers = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`q${i + 1}`, 'A']));
    const { img, truth } = await page(14, { answers, mix: { clear: 1 } });
    const r = await readPage(img, printer.layout, { source: 't', page: 1 });
    const c = checkRead(truth, r.result);
    expect(c.silentErrors).toEqual([]);
    expect(Object.entries(r.result.groups!).filter(([k, g]) => k.startsWith('q') && g.value === 'A' && !g.flagged).length).toBe(100);
  });

  it('a sheet with no answers at all is blank everywhere, no marks invented', async () => {
    const { img, truth } = await page(15, { mix: { blank: 1 } });
    const r = await readPage(img, printer.layout, { source: 't', page: 1 });
    const q = Object.entries(r.result.groups!).filter(([k]) => k.startsWith('q'));
    expect(q.every(([, g]) => g.value === '' && !g.flagged)).toBe(true);
    expect(checkRead(truth, r.result).silentErrors).toEqual([]);
  });

  it('a sheet filled with light pencil throughout is read on its own terms', async () => {
    const { img, truth } = await page(16, { mix: { light: 1 } });
    const r = await readPage(img, printer.layout, { source: 't', page: 1 });
    expect(checkRead(truth, r.result).silentErrors).toEqual([]);
  });

  // `even` defaults to the fill itself: a bubble covered evenly, as a filled mark is
  const gm = (fills: number[], kind: 'question' | 'sbd' = 'question', evens?: number[]): GroupMeasure => ({
    group: { key: kind === 'question' ? 'q1' : 'sbd.0', kind, index: 1, options: fills.map((_, i) => ({ value: kind === 'question' ? 'ABCD'[i] : String(i), x: 0, y: 0, r: 6 })) },
    bubbles: fills.map((fill, i) => ({ fill, even: evens?.[i] ?? fill, peak: fill, paper: 230, cx: 0, cy: 0, ok: true })),
  });
  const sheet = (rows: number[][]) => rows.map((f) => gm(f));
  const typical = sheet(Array.from({ length: 100 }, (_, i) => [0.05, 0.05, 0.05, 0.05].map((v, k) => (k === i % 4 ? 0.7 : v + (k % 2) * 0.004))));

  it('decides blank, one mark, multiple, light, erasure and ambiguous with pinned reasons', () => {
    const t = sheetThresholds(typical);
    expect(t.empty).toBeCloseTo(0.05, 2);
    expect(t.marked).toBeGreaterThan(0.6);
    expect(decideGroup(gm([0.05, 0.05, 0.05, 0.05]), t)).toMatchObject({ value: '', flagged: false });
    expect(decideGroup(gm([0.05, 0.72, 0.05, 0.05]), t)).toMatchObject({ value: 'B', flagged: false });
    expect(decideGroup(gm([0.7, 0.05, 0.68, 0.05]), t)).toMatchObject({ value: 'AC', flagged: true, reason: 'multiple' });
    expect(decideGroup(gm([0.05, 0.05, 0.16, 0.05]), t)).toMatchObject({ value: '', flagged: true, reason: 'light' });
    expect(decideGroup(gm([0.27, 0.72, 0.05, 0.05]), t)).toMatchObject({ value: 'B', flagged: true, reason: 'erasure' });
    // 0.43 of the sheet's level beside a mark: as dark as a lightly scribbled mark, so two marks
    expect(decideGroup(gm([0.33, 0.72, 0.05, 0.05]), t)).toMatchObject({ value: 'AB', flagged: true, reason: 'multiple' });
    expect(decideGroup(gm([0.12, 0.72, 0.05, 0.05]), t)).toMatchObject({ value: 'B', flagged: false });
    expect(decideGroup(gm([0.05, 0.05, 0.05, 0.05], 'sbd'), t)).toMatchObject({ value: '', flagged: true, reason: 'no_digit' });
  });

  // Synthetic sheets for the gap-finding decision: 100 groups, one mark each at the candidate's
  // own level (with ±10 % pressure), empty bubbles at 0.05 with a little noise.
  const synth = (level: number, opts: { blanks?: number; seed?: number } = {}) => {
    let x = opts.seed ?? 7;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
    return Array.from({ length: 100 }, (_, i) => {
      if (i < (opts.blanks ?? 0)) return gm([0, 1, 2, 3].map(() => 0.05 + 0.006 * rnd()));
      return gm([0, 1, 2, 3].map((k) => (k === i % 4 ? 0.05 + level * (1 + 0.2 * rnd()) : 0.05 + 0.006 * rnd())));
    });
  };

  it('learns the mark level from the gap between empty bubbles and the candidate\'s marks', () => {
    const tops = (level: number, n: number) => [
      // `even` here is the evenness ratio: 1 for a filled bubble
      ...Array.from({ length: n }, (_, i) => ({ dark: level * (0.9 + (0.2 * i) / n), even: 1 })),
      ...Array.from({ length: 20 }, () => ({ dark: 0.004, even: 0 })),
    ];
    expect(markLevel(tops(0.2, 80), 0.005)!.level).toBeCloseTo(0.2, 2);
    expect(markLevel(tops(0.65, 80), 0.005)!.level).toBeCloseTo(0.65, 2);
    // a few light marks or erasures among the marks do not move the level
    const mixed = [...tops(0.6, 80), ...Array.from({ length: 8 }, () => ({ dark: 0.15, even: 1 }))];
    expect(markLevel(mixed, 0.005)!.level).toBeGreaterThan(0.55);
    // ticks and dots (dark but not covered evenly) are not marks to learn from
    expect(markLevel(tops(0.3, 80).map((t) => ({ ...t, even: t.dark > 0.01 ? 0.2 : 0 })), 0.005)).toBeNull();
    // too few marks, or "marks" too faint to be told from paper: nothing learnt
    expect(markLevel(tops(0.5, 4), 0.005)).toBeNull();
    expect(markLevel(tops(0.07, 80), 0.005)).toBeNull();
  });

  it('reads an evenly light HB sheet like a dark one: only marks in the sheet\'s own gap are flagged', () => {
    for (const level of [0.2, 0.65]) {
      const sheet = synth(level, { blanks: 6 });
      const t = sheetThresholds(sheet);
      expect(t.learnt).toBe(true);
      expect(t.marked - t.empty).toBeCloseTo(level, 1);
      const reads = sheet.map((m) => decideGroup(m, t));
      expect(reads.filter((r) => r.flagged)).toEqual([]);
      expect(reads.filter((r) => r.value !== '').length).toBe(94);
      // in the gap: a third of this candidate's level is flagged, never read or dropped silently
      expect(decideGroup(gm([0.05, 0.05 + level / 3, 0.05, 0.05]), t)).toMatchObject({ flagged: true, reason: 'light' });
      // a second option at 40 % beside a mark: flagged (multiple or erasure), never read as the mark alone
      expect(decideGroup(gm([0.05 + level, 0.05 + level * 0.4, 0.05, 0.05]), t).flagged).toBe(true);
      // two marks at the sheet's level
      expect(decideGroup(gm([0.05 + level, 0.05, 0.05 + level, 0.05]), t)).toMatchObject({ value: 'AC', flagged: true, reason: 'multiple' });
      // a tick or a cross as dark as a mark but not covering the bubble: flagged
      expect(decideGroup(gm([0.05, 0.05 + level, 0.05, 0.05], 'question', [0.05, 0.05 + level * 0.3, 0.05, 0.05]), t)).toMatchObject({ value: 'B', flagged: true, reason: 'light' });
    }
    // the HB sheet's level is not a dark sheet's: on a 2B sheet an HB-dark fill is only "light"
    const dark = sheetThresholds(synth(0.65));
    expect(decideGroup(gm([0.05, 0.25, 0.05, 0.05]), dark)).toMatchObject({ flagged: true, reason: 'light' });
  });

  it('a sheet with too few marks to learn from keeps the default level (nothing faint is read as a mark)', () => {
    const sheet = synth(0.2, { blanks: 96 });
    const t = sheetThresholds(sheet);
    expect(t.learnt).toBe(false);
    const reads = sheet.slice(96).map((m) => decideGroup(m, t));
    expect(reads.every((r) => r.flagged)).toBe(true);
  });
});

describe('geometry', () => {
  it('makes every homography the same kind of array, also once optimised, so that V8 compiles its users once', () => {
    // V8's own checks (--allow-natives-syntax), in a child running the built code: each maker
    // run cold, then optimised (the optimised Array.prototype.map once made a holey array)
    const geometry = pathToFileURL(path.resolve('dist/scan/geometry.js')).href;
    const script = `
      const g = await import(${JSON.stringify(geometry)});
      const src = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 150 }, { x: 0, y: 150 }, { x: 20, y: 7 }];
      const dst = src.map((p) => ({ x: 2 * p.x + 30.5, y: 2.1 * p.y + 40 }));
      const fit = g.fitHomography(src, dst);
      const makers = [() => g.fitHomography(src, dst), () => g.fitAffine(src, dst), () => g.invert(fit), () => g.mul(fit, fit), () => g.homography([1, 0, 0, 0, 1, 0, 0, 0, 1])];
      const fns = [g.fitHomography, g.fitAffine, g.invert, g.mul, g.homography];
      const cold = makers.map((m) => m());
      for (const f of fns) %PrepareFunctionForOptimization(f);
      makers.forEach((m) => m());
      for (const f of fns) %OptimizeFunctionOnNextCall(f);
      const hot = makers.map((m) => m());
      console.log(JSON.stringify([...cold, ...hot].map((h) => %HaveSameMap(h, fit))));`;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(new Array(10).fill(true));
  });

  it('fits a homography by least squares and inverts it', () => {
    const src = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 150 }, { x: 0, y: 150 }, { x: 20, y: 0 }];
    const H0 = [2, 0.1, 30, -0.05, 2.1, 40, 0.0001, 0.0002, 1] as const;
    const dst = src.map((p) => applyH([...H0] as never, p.x, p.y));
    const H = fitHomography(src, dst);
    for (const p of src) {
      const a = applyH(H, p.x, p.y), b = applyH([...H0] as never, p.x, p.y);
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeLessThan(1e-6);
    }
    const I = mul(invert(H), H);
    expect(I[0] / I[8]).toBeCloseTo(1, 9);
    expect(I[1] / I[8]).toBeCloseTo(0, 9);
  });
});
