/**
 * The sheet's decisions as plain JavaScript: what src/scan/decide.ts computed before its
 * arithmetic moved into the WebAssembly kernels (assembly/decide.ts), kept as the reference that
 * tests/decide.test.ts holds the kernels to, value for value.
 */
import quickselect from 'quickselect';
import type { FlagReason, GroupRead } from '../src/scan/types.js';
import type { BubbleMeasure, GroupMeasure } from '../src/scan/measure.js';
import type { Decisions, DecideOptions, Thresholds } from '../src/scan/decide.js';

const quantile = (sorted: ArrayLike<number>, q: number): number => {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const lo = Math.floor(i), hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
};

/**
 * The median of `a` as quantile(sorted a, 0.5) gives it, by selection instead of a sort (the
 * sector levels take sixteen medians of a few hundred values a page). Reorders `a`.
 */
export function median(a: Float64Array): number {
  const n = a.length;
  if (!n) return 0;
  const i = 0.5 * (n - 1), lo = Math.floor(i), hi = Math.ceil(i);
  quickselect(a as unknown as number[], lo);
  const low = a[lo];
  if (hi === lo) return low;
  // everything after lo is at least a[lo]: the next value up is the least of them
  let high = a[hi];
  for (let r = hi + 1; r < n; r++) if (a[r] < high) high = a[r];
  return low + (high - low) * (i - lo);
}

/** Largest difference allowed between one option's empty level and the sheet's. */
const OPTION_BASE_SPAN = 0.03;
/** Smallest darkness above empty that is never ignored (a tick, a faint mark). */
const LOW_MIN = 0.045;
/**
 * On a sheet written lightly (an HB pencil), "something is there" is judged against that
 * candidate's own level too: a light mark a third of an HB fill is darker than this share of it.
 */
const LOW_SHARE = 0.15;
/** Smallest mark level a sheet may learn: below it the "marks" are not told from paper safely. */
const MARK_MIN = 0.1;
/** Share of the sheet's mark level above which a bubble counts as marked. */
const CUT_SHARE = 0.38;
/**
 * Share of the sheet's mark level from which a mark is as dark as the candidate's own marks. A
 * pencil scribbled back and forth with paper showing between the strokes, lightly pressed, comes
 * to 0.41-0.5 of a solid fill of the same hand; a mark rubbed out to leave the group blank keeps
 * at most about a third (see the fixture's `erased`).
 */
const CLEAR_SHARE = 0.42;
/** A second option this share of the mark level beside a mark: an erasure a person should see. */
const ERASURE_SHARE = 0.28;
/**
 * On a bilevel scan darkness does not follow the pencil's pressure: a 2B mark turns solid black
 * (the sheet's level M is then about 0.95), and a lighter mark of the same hand turns into black
 * dots covering 35-50 % of the bubble, which a person reads as plainly as the solid ones. Cut and
 * clear are these shares of M there instead (0.38 and 0.42 M on gray scans). Erasure residue and
 * light marks that cross the threshold are still flagged by the erasure, lead and shape rules.
 */
const BILEVEL_SHARE = { cut: 0.3, clear: 0.34 };
/** The best option must lead the second by this share of the mark level. */
const LEAD_SHARE = 0.25;
/**
 * Smallest shape of a mark (see shapeOf): a filled or hatched bubble is dark all round (0.48-1.02
 * measured over 9,600 generated clear marks, 0.1 % under 0.5), a tick, a cross, a dot or a half
 * fill leaves half of the sectors near paper (0.48 or less over 1,500 ticks and crosses darker
 * than the cut, 0.42 or less but for one).
 */
const SHAPE_MIN = 0.5;
/** A bubble whose darkness is within this of its empty level counts as empty for the sector levels. */
const SECTOR_EMPTY_MIN = 0.03;

/** The empty level a bubble is compared with. */
export function baseOf(m: GroupMeasure, i: number, t: Pick<Thresholds, 'empty' | 'emptyByOption'>): number {
  return m.group.kind === 'question' ? (t.emptyByOption[i] ?? t.empty) : t.empty;
}

/** The darkest-sector level of an empty bubble of this option. */
function peakBaseOf(m: GroupMeasure, i: number, t: Thresholds): number {
  return m.group.kind === 'question' ? (t.peakByOption?.[i] ?? t.peakBase ?? 0) : (t.peakBase ?? 0);
}

/** How evenly a bubble is covered, as a share of its darkness above empty (1 for a solid fill). */
export function evenness(even: number, dark: number, evenBase: number): number {
  return dark > 0 ? (even - evenBase) / dark : 0;
}

/** The kind of option a bubble is, for its printed letter's sector levels. */
function optionClass(m: GroupMeasure, i: number): string {
  return m.group.kind === 'question' ? `q${i}` : `d${m.group.options[i].value}`;
}

/**
 * The sixteen sector levels of an empty bubble of each kind of option, from the bubbles of this
 * sheet that are empty by their fill (never from marks, so a sheet answered "A" everywhere still
 * knows an empty A). A kind with fewer than 3 empty bubbles uses the sheet's (`all`).
 */
function sectorLevels(measures: GroupMeasure[], t0: Pick<Thresholds, 'empty' | 'emptyByOption'>, within: number): Record<string, number[]> {
  const byClass: Record<string, number[][]> = { all: [] };
  for (const m of measures)
    for (let i = 0; i < m.bubbles.length; i++) {
      const b = m.bubbles[i];
      if (!b.ok || !b.sectors || b.fill - baseOf(m, i, t0) > within) continue;
      (byClass[optionClass(m, i)] ??= []).push(b.sectors);
      byClass.all.push(b.sectors);
    }
  const out: Record<string, number[]> = {};
  for (const k of Object.keys(byClass)) {
    const rows = byClass[k];
    if (rows.length < 3) continue;
    // each sector's median over the kind's empty bubbles
    const col = new Float64Array(rows.length);
    const levels: number[] = [];
    for (let j = 0; j < 16; j++) {
      for (let r = 0; r < rows.length; r++) col[r] = rows[r][j];
      levels.push(Math.round(median(col) * 1000) / 1000);
    }
    out[k] = levels;
  }
  return out;
}

/**
 * The shape of a mark: the mean darkness of the eight lightest of its sixteen sectors above the
 * same sectors of an empty bubble of its kind, as a share of its darkness `dark` (1 for an even
 * fill). Ink that covers the bubble all round (a fill, hatching) keeps it near 1; a tick, a cross
 * (four arms, four gaps) or a half fill leaves at least half of the sectors at paper, near 0,
 * however dark and wide its strokes. Falls back on `evenness` when the sectors are not measured.
 */
export function shapeOf(m: GroupMeasure, i: number, t: Pick<Thresholds, 'sectorBase' | 'evenBase' | 'empty'>, dark: number): number {
  const b: BubbleMeasure = m.bubbles[i];
  const base = t.sectorBase?.[optionClass(m, i)] ?? t.sectorBase?.all;
  if (!b.sectors || !base) return evenness(b.even ?? b.fill, dark, t.evenBase ?? t.empty);
  if (dark <= 0) return 0;
  const rel = new Float64Array(b.sectors.length);
  for (let k = 0; k < rel.length; k++) rel[k] = b.sectors[k] - base[k];
  rel.sort();
  let sum = 0;
  for (let k = 0; k < 8; k++) sum += rel[k];
  return sum / 8 / dark;
}

/**
 * Where this candidate's marks lie: the sheet's group darknesses are bimodal (empty groups near
 * the paper, marked groups around the candidate's own level, whatever the pencil). Groups whose
 * darkest option stands clear of the empty bubbles' noise and is shaped like a mark (`even` is
 * its shape, see shapeOf: not a tick, a dot or a smear) are the marks; their median is the level,
 * as a person looking at the sheet sees "this candidate marks like this". Returns null when the
 * sheet has too few marks.
 */
export function markLevel(tops: { dark: number; even: number }[], noise: number): { level: number; n: number } | null {
  const floor = Math.max(0.06, 8 * noise);
  const dark: number[] = [];
  for (const t of tops) if (t.dark >= floor && t.even >= SHAPE_MIN) dark.push(t.dark);
  const marks = sorted(dark);
  if (marks.length < Math.max(6, 0.08 * tops.length)) return null;
  // the gap: where the marks' cluster begins above the empty one; a few stray light marks
  // (erasures, light pencil) below it do not move the median
  const level = quantile(marks, 0.5);
  return level >= MARK_MIN ? { level, n: marks.length } : null;
}

/**
 * Learn this sheet's thresholds. Most bubbles on a sheet are empty, so the lower part of the
 * fill distribution describes "empty" (paper plus the printed letter, per option letter); the
 * candidate's own marks describe "marked" (see markLevel). Thresholds are shares of the distance
 * between the two, so a light HB sheet and a dark pen sheet are both read on their own terms.
 */
export function sheetThresholds(measures: GroupMeasure[], opts: DecideOptions = {}): Thresholds {
  const lv = sheetLevels(measures);
  const peakBase = quantile(lv.peaks, 0.4);
  // the printed letter sits in the centre cell: each option's own level, never far from the sheet's
  const peakByOption = optionLevels(lv.peakPerOption, peakBase, 2 * OPTION_BASE_SPAN);
  const peakNoise = Math.max(0.005, robustSpread(peakDeviations(measures, peakByOption, peakBase), 0.6));
  const empty = quantile(lv.all, 0.4);
  const evenBase = quantile(lv.evens, 0.4);
  // An option's own level: its lower quartile, never far from the sheet's (a sheet answered
  // "A" everywhere must not make a filled A look empty).
  const emptyByOption = optionLevels(lv.perOption, empty, OPTION_BASE_SPAN);
  const t0 = { empty, emptyByOption };
  const noise = emptyNoise(measures, t0);
  const sectorBase = sectorLevels(measures, t0, Math.max(SECTOR_EMPTY_MIN, 4 * noise));
  const learnt = markLevel(groupTops(measures, { sectorBase, evenBase, empty, emptyByOption }), noise);
  const markedRel = learnt ? learnt.level : Math.max(0.35, (opts.defaultMarked ?? 0.6) - empty);
  const bilevel = Boolean(opts.bilevel && learnt);
  const cut = Math.max((bilevel ? BILEVEL_SHARE.cut : CUT_SHARE) * markedRel, 0.05, 6 * noise);
  const clear = Math.max((bilevel ? BILEVEL_SHARE.clear : CLEAR_SHARE) * markedRel, cut + 2 * noise);
  const low = Math.max(Math.min(LOW_MIN, LOW_SHARE * markedRel), 5 * noise);
  const erasure = Math.max(ERASURE_SHARE * markedRel, 0.045, 6 * noise);
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return {
    empty: r(empty),
    emptyByOption: emptyByOption.map(r),
    marked: r(empty + markedRel),
    learnt: Boolean(learnt),
    noise: r(noise),
    evenBase: r(evenBase),
    sectorBase,
    peakByOption: peakByOption.map(r),
    peakBase: r(peakBase),
    peakLow: r(Math.max(0.08, 7 * peakNoise)),
    cut: r(cut),
    clear: r(clear),
    low: r(Math.min(low, cut - 0.01)),
    erasure: r(Math.min(erasure, cut - 0.005)),
  };
}

// The stages of sheetThresholds are plain loops over typed arrays, sorted without a comparator:
// a page reads them once each, and a worker compiles each of them on its own (small functions
// cost the optimising compiler far less than one large one with closures inlined).

/** Numbers sorted ascending, as a typed array (numeric order without a comparator). */
function sorted(v: ArrayLike<number>): Float64Array {
  return Float64Array.from(v).sort();
}

/** Fill, evenness and peak of every measured bubble, sorted; and per answer option (A, B, …) its fills and peaks. */
function sheetLevels(measures: GroupMeasure[]): { all: Float64Array; evens: Float64Array; peaks: Float64Array; perOption: number[][]; peakPerOption: number[][] } {
  const all: number[] = [], evens: number[] = [], peaks: number[] = [];
  const perOption: number[][] = [], peakPerOption: number[][] = [];
  for (const m of measures) {
    const question = m.group.kind === 'question';
    for (let i = 0; i < m.bubbles.length; i++) {
      const b = m.bubbles[i];
      if (!b.ok) continue;
      all.push(b.fill);
      evens.push(b.even ?? b.fill);
      peaks.push(b.peak ?? b.fill);
      if (question) {
        (perOption[i] ??= []).push(b.fill);
        (peakPerOption[i] ??= []).push(b.peak ?? b.fill);
      }
    }
  }
  return { all: sorted(all), evens: sorted(evens), peaks: sorted(peaks), perOption, peakPerOption };
}

/** Each option's lower quartile, kept within `span` of the sheet's level (options never seen stay holes). */
function optionLevels(perOption: number[][], sheet: number, span: number): number[] {
  const out: number[] = new Array(perOption.length);
  for (let i = 0; i < perOption.length; i++) {
    if (perOption[i] === undefined) continue;
    out[i] = Math.min(sheet + span, Math.max(sheet - span, quantile(sorted(perOption[i]), 0.25)));
  }
  return out;
}

/** Distance of every bubble's peak from its option's empty peak level. */
function peakDeviations(measures: GroupMeasure[], peakByOption: number[], peakBase: number): number[] {
  const dev: number[] = [];
  for (const m of measures) {
    const question = m.group.kind === 'question';
    for (let i = 0; i < m.bubbles.length; i++) {
      const b = m.bubbles[i];
      if (b.ok) dev.push(Math.abs((b.peak ?? b.fill) - (question ? (peakByOption[i] ?? peakBase) : peakBase)));
    }
  }
  return dev;
}

/** A robust sigma (1.4826 × median) of the smallest `share` of these absolute deviations. */
function robustSpread(dev: number[], share: number): number {
  const s = sorted(dev);
  return 1.4826 * quantile(s.subarray(0, Math.ceil(s.length * share)), 0.5);
}

/** Spread of the empty bubbles around their own option's level: the lower 60 % of the darknesses. */
function emptyNoise(measures: GroupMeasure[], t0: Pick<Thresholds, 'empty' | 'emptyByOption'>): number {
  const rel: number[] = [];
  for (const m of measures)
    for (let i = 0; i < m.bubbles.length; i++) if (m.bubbles[i].ok) rel.push(m.bubbles[i].fill - baseOf(m, i, t0));
  const s = sorted(rel);
  const top = quantile(s, 0.6);
  const dev: number[] = [];
  for (let i = 0; i < s.length && s[i] <= top; i++) dev.push(Math.abs(s[i]));
  return Math.max(0.004, robustSpread(dev, 1));
}

/** Each group's darkest option above its empty level, with its shape (see shapeOf). */
function groupTops(measures: GroupMeasure[], t: Pick<Thresholds, 'sectorBase' | 'evenBase' | 'empty' | 'emptyByOption'>): { dark: number; even: number }[] {
  const tops: { dark: number; even: number }[] = [];
  for (const m of measures) {
    let best = -1, dark = -Infinity;
    for (let i = 0; i < m.bubbles.length; i++) {
      const d = m.bubbles[i].fill - baseOf(m, i, t);
      if (m.bubbles[i].ok && d > dark) {
        dark = d;
        best = i;
      }
    }
    if (best >= 0) tops.push({ dark, even: shapeOf(m, best, t, dark) });
  }
  return tops;
}

const flagged = (value: string, reason: FlagReason, fill: number[]): GroupRead => ({ value, flagged: true, reason, fill });

/**
 * Decide one group from its measurements. Never guesses silently: anything between "clearly
 * empty" and "clearly marked like the rest of this sheet" is flagged for a person.
 */
export function decideGroup(m: GroupMeasure, t: Thresholds): GroupRead {
  const n = m.bubbles.length;
  const fill: number[] = [];
  const dark: number[] = [];
  let unreadable = false;
  for (let i = 0; i < n; i++) {
    const b = m.bubbles[i];
    fill.push(Math.round(b.fill * 1000) / 1000);
    dark.push(b.fill - baseOf(m, i, t));
    if (!b.ok) unreadable = true;
  }
  const isGrid = m.group.kind !== 'question';
  if (unreadable) return { value: '', flagged: true, reason: 'unreadable', fill };
  // the darkest option and the next (the first of equals), and every option past the cut
  let first = 0;
  for (let i = 1; i < n; i++) if (dark[i] > dark[first]) first = i;
  let second = -1;
  for (let i = 0; i < n; i++) if (i !== first && (second < 0 || dark[i] > dark[second])) second = i;
  const d1 = dark[first];
  const d2 = second >= 0 ? dark[second] : 0;
  const marked: number[] = [];
  for (let i = 0; i < n; i++) if (dark[i] >= t.cut) marked.push(i);
  const values = m.group.options;
  const level = Math.max(0.1, t.marked - t.empty);

  // One exit: a flag reason set in a branch that few groups reach costs V8 nothing, where a call
  // there, reached for the first time after the function was optimised, threw the optimised code
  // away (2 of the 3 compiles of this function per 200 pages; docs/performance.md, fifth round).
  let v = '';
  let reason: FlagReason | undefined;
  if (marked.length >= 2) {
    for (const i of marked) v += values[i].value;
    reason = 'multiple';
  } else if (marked.length === 1) {
    v = values[marked[0]].value;
    if (d2 >= t.erasure) reason = 'erasure';
    else if (d1 - d2 < LEAD_SHARE * level) reason = 'ambiguous';
    else if (d1 < t.clear) reason = 'light';
    // a tick, a cross or a half fill is dark enough but not covered like a mark
    else if (shapeOf(m, first, t, d1) < SHAPE_MIN) reason = 'light';
  } else if (d1 >= t.low) reason = 'light';
  // nothing dark on average, but ink in one part of a bubble: a faint tick or stroke
  else if (faintPeak(m, t)) reason = 'light';
  else if (isGrid) reason = 'no_digit';
  return reason ? flagged(v, reason, fill) : { value: v, flagged: false, fill };
}

/** Whether some bubble of the group is darker than its empty peak by the sheet's faint-stroke margin. */
function faintPeak(m: GroupMeasure, t: Thresholds): boolean {
  if (t.peakLow === undefined) return false;
  for (let i = 0; i < m.bubbles.length; i++) {
    const peak = m.bubbles[i].peak;
    if (peak !== undefined && peak - peakBaseOf(m, i, t) >= t.peakLow) return true;
  }
  return false;
}

/** Decide every group of a sheet; digit grids are read into strings ('?' where a column is not one clear digit). */
export function decideSheet(measures: GroupMeasure[], opts: DecideOptions = {}): Decisions {
  const thresholds = sheetThresholds(measures, opts);
  const groups: Record<string, GroupRead> = {};
  let sbd = '';
  let made = '';
  for (const m of measures) {
    const g = decideGroup(m, thresholds);
    groups[m.group.key] = g;
    const digit = !g.flagged && g.value.length === 1 ? g.value : '?';
    if (m.group.kind === 'sbd') sbd += digit;
    else if (m.group.kind === 'made') made += digit;
  }
  return { groups, thresholds, candidateNumber: sbd, examCode: made };
}
