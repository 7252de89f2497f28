// The sheet's decisions (src/scan/decide.ts lays out the memory and explains the rules): the
// thresholds learnt from the sheet's own bubbles, then each group read or flagged. The same
// arithmetic, in the same order, as the JavaScript it replaced (tests/decide.test.ts holds it to
// that reference on generated sheets), in WebAssembly so that no page pays for V8 compiling it.

import { f64At, least, selectNth, setF64, sortF64 } from './select';

// --- inputs -------------------------------------------------------------------------------------

/** f64 per bubble: fill, even, peak, peak as measured (NaN: none), ok (0/1), sectors measured (0/1), sectors[16]. */
export const DECIDE_BUBBLE: i32 = 22;
/** i32 per bubble: option index in its group, option class (its printed letter's sector levels), 1 for a question's option. */
export const DECIDE_INFO: i32 = 3;
/** i32 per group: first bubble, bubbles, 1 for a question. */
export const DECIDE_GROUP: i32 = 3;

// --- the thresholds block (written by sheetThresholds, read by decideGroups) ---------------------

/** f64 scalars first: see T_*; then emptyByOption[options], peakByOption[options] (NaN: never seen), then per class (and `all` last) a flag and 16 sector levels. */
const T_EMPTY = 0, T_MARKED = 1, T_LEARNT = 2, T_NOISE = 3, T_EVEN_BASE = 4, T_PEAK_BASE = 5, T_PEAK_LOW = 6;
const T_CUT = 7, T_CLEAR = 8, T_LOW = 9, T_ERASURE = 10;
export const T_SCALARS: i32 = 11;

/** f64 of the thresholds block for `options` option places and `classes` classes (`all` not counted). */
export function thresholdsSize(options: i32, classes: i32): i32 {
  return T_SCALARS + 2 * options + 17 * (classes + 1);
}

// --- the rules' constants ----------------------------------------------------------------------

/** Largest difference allowed between one option's empty level and the sheet's. */
const OPTION_BASE_SPAN: f64 = 0.03;
/** Smallest darkness above empty that is never ignored (a tick, a faint mark). */
const LOW_MIN: f64 = 0.045;
/**
 * On a sheet written lightly (an HB pencil), "something is there" is judged against that
 * candidate's own level too: a light mark a third of an HB fill is darker than this share of it.
 */
const LOW_SHARE: f64 = 0.15;
/** Smallest mark level a sheet may learn: below it the "marks" are not told from paper safely. */
const MARK_MIN: f64 = 0.1;
/** Share of the sheet's mark level above which a bubble counts as marked. */
const CUT_SHARE: f64 = 0.38;
/**
 * Share of the sheet's mark level from which a mark is as dark as the candidate's own marks. A
 * pencil scribbled back and forth with paper showing between the strokes, lightly pressed, comes
 * to 0.41-0.5 of a solid fill of the same hand; a mark rubbed out to leave the group blank keeps
 * at most about a third (see the fixture's `erased`).
 */
const CLEAR_SHARE: f64 = 0.42;
/** A second option this share of the mark level beside a mark: an erasure a person should see. */
const ERASURE_SHARE: f64 = 0.28;
/**
 * On a bilevel scan darkness does not follow the pencil's pressure: a 2B mark turns solid black
 * (the sheet's level M is then about 0.95), and a lighter mark of the same hand turns into black
 * dots covering 35-50 % of the bubble, which a person reads as plainly as the solid ones. Cut and
 * clear are these shares of M there instead (0.38 and 0.42 M on gray scans). Erasure residue and
 * light marks that cross the threshold are still flagged by the erasure, lead and shape rules.
 */
const BILEVEL_CUT: f64 = 0.3, BILEVEL_CLEAR: f64 = 0.34;
/** The best option must lead the second by this share of the mark level. */
const LEAD_SHARE: f64 = 0.25;
/**
 * Smallest shape of a mark (see shapeOf): a filled or hatched bubble is dark all round (0.48-1.02
 * measured over 9,600 generated clear marks, 0.1 % under 0.5), a tick, a cross, a dot or a half
 * fill leaves half of the sectors near paper (0.48 or less over 1,500 ticks and crosses darker
 * than the cut, 0.42 or less but for one).
 */
const SHAPE_MIN: f64 = 0.5;
/** A bubble whose darkness is within this of its empty level counts as empty for the sector levels. */
const SECTOR_EMPTY_MIN: f64 = 0.03;

/** Flag reasons (decideGroups' codes; decide.ts names them). */
const NONE = 0, MULTIPLE = 1, ERASURE = 2, AMBIGUOUS = 3, LIGHT = 4, NO_DIGIT = 5, UNREADABLE = 6;

// --- numbers ------------------------------------------------------------------------------------

@inline
function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

/** JavaScript's Math.round (halves up, towards +∞), which differs from f64.nearest. */
@inline
function jsRound(x: f64): f64 {
  let r = Math.ceil(x);
  if (r - 0.5 > x) r -= 1;
  return r;
}

/** Rounded to thousandths, as the thresholds are. */
@inline
function thousandths(v: f64): f64 {
  return jsRound(v * 1000) / 1000;
}

/**
 * quantile(sorted values, q) (linear between neighbours, 0 for none) of the n values at `a`, by
 * selection: the same value, without sorting. Reorders them.
 */
function quantile(a: usize, n: i32, q: f64): f64 {
  if (n == 0) return 0;
  const i = Math.min(<f64>(n - 1), Math.max(0, q * <f64>(n - 1)));
  const lo = <i32>Math.floor(i), hi = <i32>Math.ceil(i);
  selectNth(a, n, lo);
  const low = f64At(a, lo);
  // everything after lo is at least a[lo]: the next value up is the least of them
  const high = hi == lo ? low : least(a, hi, n);
  return low + (high - low) * (i - <f64>lo);
}

/** A robust sigma (1.4826 × median) of the smallest `share` of n absolute deviations at `dev` (reordered). */
function robustSpread(dev: usize, n: i32, share: f64): f64 {
  const m = <i32>Math.ceil(<f64>n * share);
  // the m smallest first, in any order
  if (m > 0 && m < n) selectNth(dev, n, m - 1);
  return 1.4826 * quantile(dev, m, 0.5);
}

// --- the sheet ----------------------------------------------------------------------------------

/** The bubbles' records. */
let B: usize = 0, I: usize = 0, G: usize = 0, nB: i32 = 0, nOpt: i32 = 0, nCls: i32 = 0;

@inline
function fillOf(b: i32): f64 {
  return f64At(B + <usize>(b * DECIDE_BUBBLE * 8), 0);
}
@inline
function bub(b: i32, k: i32): f64 {
  return f64At(B + <usize>(b * DECIDE_BUBBLE * 8), k);
}
@inline
function okOf(b: i32): bool {
  return bub(b, 4) != 0;
}
@inline
function optionOf(b: i32): i32 {
  return i32At(I, b * DECIDE_INFO);
}
@inline
function classOf(b: i32): i32 {
  return i32At(I, b * DECIDE_INFO + 1);
}
@inline
function isQuestion(b: i32): bool {
  return i32At(I, b * DECIDE_INFO + 2) != 0;
}

/**
 * The level bubble b is compared with: its option's in `byOption` (a question's option, where the
 * sheet has one, NaN where not), else the sheet's `sheet` (baseOf; also the empty peaks').
 */
@inline
function baseOf(b: i32, sheet: f64, byOption: usize): f64 {
  if (!isQuestion(b)) return sheet;
  const v = f64At(byOption, optionOf(b));
  return v != v ? sheet : v;
}

/** Bubble b's darkness above its empty level. */
@inline
function darkOf(b: i32, empty: f64, byOption: usize): f64 {
  return fillOf(b) - baseOf(b, empty, byOption);
}

/** Each option place's lower quartile of `values` (per bubble, question options only), within span of `sheet`; NaN where none. */
function optionLevels(value: i32, sheet: f64, span: f64, out: usize, scratch: usize): void {
  for (let o = 0; o < nOpt; o++) {
    let n = 0;
    for (let b = 0; b < nB; b++) if (okOf(b) && isQuestion(b) && optionOf(b) == o) setF64(scratch, n++, bub(b, value));
    if (n == 0) {
      setF64(out, o, NaN);
      continue;
    }
    setF64(out, o, Math.min(sheet + span, Math.max(sheet - span, quantile(scratch, n, 0.25))));
  }
}

/** `value` of every measured bubble into `out`; returns how many. */
function levels(value: i32, out: usize): i32 {
  let n = 0;
  for (let b = 0; b < nB; b++) if (okOf(b)) setF64(out, n++, bub(b, value));
  return n;
}

/**
 * The sixteen sector levels of an empty bubble of each kind of option (class), from the bubbles
 * of this sheet that are empty by their fill (never from marks, so a sheet answered "A"
 * everywhere still knows an empty A): each sector's median over the class's empty bubbles,
 * and over all of them (`all`, the last class). A class with fewer than 3 empty bubbles has
 * none (its bubbles then use `all`). `scratch`: nCls + 1 i32, then 16·nB f64.
 */
function sectorLevels(t: usize, empty: f64, byOption: usize, within: f64, scratch: usize): void {
  const base = t + <usize>((T_SCALARS + 2 * nOpt) << 3);
  const start = scratch, matrix = scratch + <usize>(((nCls + 2) << 2) + 7 & ~7);
  // how many empty bubbles each class has, then where each class begins
  for (let c = 0; c <= nCls; c++) store<i32>(start + (<usize>c << 2), 0);
  let nE = 0;
  for (let b = 0; b < nB; b++)
    if (sectorEmpty(b, empty, byOption, within)) {
      const at = start + (<usize>(classOf(b) + 1) << 2);
      store<i32>(at, load<i32>(at) + 1);
      nE++;
    }
  for (let c = 1; c <= nCls; c++) store<i32>(start + (<usize>c << 2), i32At(start, c) + i32At(start, c - 1));
  // their sectors, sector by sector (row j holds sector j of every empty bubble, class after
  // class); placing a bubble moves its class's start on to the next class's
  for (let b = 0; b < nB; b++)
    if (sectorEmpty(b, empty, byOption, within)) {
      const at = start + (<usize>classOf(b) << 2);
      const k = load<i32>(at);
      for (let j = 0; j < 16; j++) setF64(matrix, j * nE + k, bub(b, 6 + j));
      store<i32>(at, k + 1);
    }
  // each class's medians (a class's part of a row is reordered by it, the row's whole stays the
  // same: `all`, over whole rows, comes last)
  for (let c = 0; c <= nCls; c++) {
    const from = c == nCls || c == 0 ? 0 : i32At(start, c - 1), to = c == nCls ? nE : i32At(start, c);
    const n = to - from;
    const row = base + <usize>(c * 17 * 8);
    setF64(row, 0, n >= 3 ? 1 : 0);
    if (n < 3) continue;
    for (let j = 0; j < 16; j++) setF64(row, 1 + j, thousandths(quantile(matrix + (<usize>(j * nE + from) << 3), n, 0.5)));
  }
}

@inline
function sectorEmpty(b: i32, empty: f64, byOption: usize, within: f64): bool {
  return okOf(b) && bub(b, 5) != 0 && !(darkOf(b, empty, byOption) > within);
}

/** The sector levels of bubble b's class, else the sheet's (`all`); 0 when neither was learnt. */
function sectorBaseOf(t: usize, b: i32): usize {
  const base = t + <usize>((T_SCALARS + 2 * nOpt) << 3);
  const own = base + <usize>(classOf(b) * 17 * 8);
  if (f64At(own, 0) != 0) return own + 8;
  const all = base + <usize>(nCls * 17 * 8);
  return f64At(all, 0) != 0 ? all + 8 : 0;
}

/**
 * The shape of a mark: the mean darkness of the eight lightest of its sixteen sectors above the
 * same sectors of an empty bubble of its class, as a share of its darkness `dark` (1 for an even
 * fill). Ink that covers the bubble all round (a fill, hatching) keeps it near 1; a tick, a cross
 * (four arms, four gaps) or a half fill leaves at least half of the sectors at paper, near 0,
 * however dark and wide its strokes. Falls back on the evenness when the sectors are not measured.
 */
function shapeOf(t: usize, b: i32, evenBase: f64, dark: f64, scratch: usize): f64 {
  const base = sectorBaseOf(t, b);
  if (bub(b, 5) == 0 || base == 0) return dark > 0 ? (bub(b, 1) - evenBase) / dark : 0;
  if (dark <= 0) return 0;
  for (let k = 0; k < 16; k++) setF64(scratch, k, bub(b, 6 + k) - f64At(base, k));
  sortF64(scratch, 16);
  let sum: f64 = 0;
  for (let k = 0; k < 8; k++) sum += f64At(scratch, k);
  return sum / 8 / dark;
}

/** How many marks the last markLevel counted. */
export let markCount: i32 = 0;

/** markLevel over the groups' tops (dark, shape at `tops`, n of them); NaN when the sheet has too few marks. */
export function markLevel(tops: usize, n: i32, noise: f64, scratch: usize): f64 {
  const floor = Math.max(0.06, 8 * noise);
  let m = 0;
  for (let g = 0; g < n; g++) {
    const d = f64At(tops, 2 * g), e = f64At(tops, 2 * g + 1);
    if (d >= floor && e >= SHAPE_MIN) setF64(scratch, m++, d);
  }
  markCount = m;
  if (<f64>m < Math.max(6, 0.08 * <f64>n)) return NaN;
  const level = quantile(scratch, m, 0.5);
  return level >= MARK_MIN ? level : NaN;
}

/**
 * The sheet's thresholds (sheetThresholds) into the block at `t`, from nb bubbles at `bubbles`
 * with `info`, ng groups at `groups`, `options` option places and `classes` classes. `scratch`
 * holds decideScratch(nb, ng) bytes. bilevel: 1 for a bilevel scan; defaultMarked the fill
 * assumed for a mark when the sheet has too few to learn from.
 */
export function sheetThresholds(bubbles: usize, info: usize, nb: i32, groups: usize, ng: i32, options: i32, classes: i32, bilevel: i32, defaultMarked: f64, t: usize, scratch: usize): void {
  B = bubbles; I = info; G = groups; nB = nb; nOpt = options; nCls = classes;
  const all = scratch, evens = all + <usize>(nb << 3), peaks = evens + <usize>(nb << 3), work = peaks + <usize>(nb << 3);
  const peakByOption = t + <usize>((T_SCALARS + options) << 3), emptyByOption = t + <usize>(T_SCALARS << 3);
  // the sheet's levels (sheetLevels)
  const n = levels(0, all);
  levels(1, evens);
  levels(2, peaks);
  const peakBase = quantile(peaks, n, 0.4);
  optionLevels(2, peakBase, 2 * OPTION_BASE_SPAN, peakByOption, work);
  // each peak's distance from its option's empty peak (peakDeviations)
  let k = 0;
  for (let b = 0; b < nb; b++) if (okOf(b)) setF64(work, k++, Math.abs(bub(b, 2) - baseOf(b, peakBase, peakByOption)));
  const peakNoise = Math.max(0.005, robustSpread(work, k, 0.6));
  const empty = quantile(all, n, 0.4);
  const evenBase = quantile(evens, n, 0.4);
  // unrounded while learning; the block keeps them rounded below
  const rawByOption = work + <usize>(nb << 3);
  optionLevels(0, empty, OPTION_BASE_SPAN, rawByOption, work);
  // the spread of the empty bubbles around their option's level (emptyNoise)
  k = 0;
  for (let b = 0; b < nb; b++) if (okOf(b)) setF64(work, k++, darkOf(b, empty, rawByOption));
  const top = quantile(work, k, 0.6);
  // the lower part, up to that level (in sorted order these are a prefix, here in any order)
  const dev = work + <usize>(nb << 3) + <usize>(options << 3);
  let m = 0;
  for (let i = 0; i < k; i++) if (f64At(work, i) <= top) setF64(dev, m++, Math.abs(f64At(work, i)));
  const noise = Math.max(0.004, robustSpread(dev, m, 1));
  sectorLevels(t, empty, rawByOption, Math.max(SECTOR_EMPTY_MIN, 4 * noise), dev);
  // each group's darkest option and its shape (groupTops), then the candidate's level
  const tops = dev;
  let nt = 0;
  for (let g = 0; g < ng; g++) {
    const first = i32At(G, g * DECIDE_GROUP), count = i32At(G, g * DECIDE_GROUP + 1);
    let best = -1, dark = -Infinity;
    for (let b = first; b < first + count; b++) {
      const d = darkOf(b, empty, rawByOption);
      if (okOf(b) && d > dark) {
        dark = d;
        best = b;
      }
    }
    if (best < 0) continue;
    setF64(tops, 2 * nt, dark);
    setF64(tops, 2 * nt + 1, shapeOf(t, best, evenBase, dark, work));
    nt++;
  }
  const learnt = markLevel(tops, nt, noise, tops + <usize>(nt << 4));
  const isLearnt = learnt == learnt;
  const markedRel = isLearnt ? learnt : Math.max(0.35, defaultMarked - empty);
  const bi = bilevel != 0 && isLearnt;
  const cut = Math.max(Math.max((bi ? BILEVEL_CUT : CUT_SHARE) * markedRel, 0.05), 6 * noise);
  const clear = Math.max((bi ? BILEVEL_CLEAR : CLEAR_SHARE) * markedRel, cut + 2 * noise);
  const low = Math.max(Math.min(LOW_MIN, LOW_SHARE * markedRel), 5 * noise);
  const erasure = Math.max(Math.max(ERASURE_SHARE * markedRel, 0.045), 6 * noise);
  setF64(t, T_EMPTY, thousandths(empty));
  for (let o = 0; o < options; o++) {
    setF64(emptyByOption, o, thousandths(f64At(rawByOption, o)));
    setF64(peakByOption, o, thousandths(f64At(peakByOption, o)));
  }
  setF64(t, T_MARKED, thousandths(empty + markedRel));
  setF64(t, T_LEARNT, isLearnt ? 1 : 0);
  setF64(t, T_NOISE, thousandths(noise));
  setF64(t, T_EVEN_BASE, thousandths(evenBase));
  setF64(t, T_PEAK_BASE, thousandths(peakBase));
  setF64(t, T_PEAK_LOW, thousandths(Math.max(0.08, 7 * peakNoise)));
  setF64(t, T_CUT, thousandths(cut));
  setF64(t, T_CLEAR, thousandths(clear));
  setF64(t, T_LOW, thousandths(Math.min(low, cut - 0.01)));
  setF64(t, T_ERASURE, thousandths(Math.min(erasure, cut - 0.005)));
}

/** Bytes of scratch sheetThresholds and decideGroups need. */
export function decideScratch(nb: i32, ng: i32, options: i32, classes: i32): i32 {
  return (4 * nb + 2 * options + max(3 * ng, 16 * nb) + classes + 8) << 3;
}

/**
 * Decide every group (decideGroup) against the thresholds block at `t`: writes per group at
 * `out` two i32, the flag reason (0 none) and the options its value holds (a bit each, in order).
 * The sheet (bubbles, info, groups) as for sheetThresholds.
 */
export function decideGroups(bubbles: usize, info: usize, nb: i32, groups: usize, ng: i32, options: i32, classes: i32, t: usize, out: usize, scratch: usize): void {
  B = bubbles; I = info; G = groups; nB = nb; nOpt = options; nCls = classes;
  const emptyByOption = t + <usize>(T_SCALARS << 3), peakByOption = emptyByOption + <usize>(options << 3);
  const empty = f64At(t, T_EMPTY), cut = f64At(t, T_CUT), clear = f64At(t, T_CLEAR), low = f64At(t, T_LOW);
  const erasureAt = f64At(t, T_ERASURE), peakLow = f64At(t, T_PEAK_LOW), peakBase = f64At(t, T_PEAK_BASE);
  const level = Math.max(0.1, f64At(t, T_MARKED) - empty);
  for (let g = 0; g < ng; g++) {
    const first = i32At(G, g * DECIDE_GROUP), n = i32At(G, g * DECIDE_GROUP + 1), question = i32At(G, g * DECIDE_GROUP + 2) != 0;
    let unreadable = false;
    for (let b = first; b < first + n; b++) if (!okOf(b)) unreadable = true;
    const o = out + <usize>(g << 3);
    if (unreadable) {
      store<i32>(o, UNREADABLE);
      store<i32>(o, 0, 4);
      continue;
    }
    // the darkest option and the next (the first of equals), and every option past the cut
    let top = 0;
    for (let i = 1; i < n; i++) if (darkOf(first + i, empty, emptyByOption) > darkOf(first + top, empty, emptyByOption)) top = i;
    let second = -1;
    for (let i = 0; i < n; i++) {
      if (i == top) continue;
      if (second < 0 || darkOf(first + i, empty, emptyByOption) > darkOf(first + second, empty, emptyByOption)) second = i;
    }
    const d1 = darkOf(first + top, empty, emptyByOption);
    const d2 = second >= 0 ? darkOf(first + second, empty, emptyByOption) : 0.0;
    let marked = 0, count = 0;
    for (let i = 0; i < n; i++)
      if (darkOf(first + i, empty, emptyByOption) >= cut) {
        marked |= 1 << i;
        count++;
      }
    let reason = NONE;
    let value = 0;
    if (count >= 2) {
      value = marked;
      reason = MULTIPLE;
    } else if (count == 1) {
      value = marked;
      if (d2 >= erasureAt) reason = ERASURE;
      else if (d1 - d2 < LEAD_SHARE * level) reason = AMBIGUOUS;
      else if (d1 < clear) reason = LIGHT;
      // a tick, a cross or a half fill is dark enough but not covered like a mark
      else if (shapeOf(t, first + top, f64At(t, T_EVEN_BASE), d1, scratch) < SHAPE_MIN) reason = LIGHT;
    } else if (d1 >= low) reason = LIGHT;
    // nothing dark on average, but ink in one part of a bubble: a faint tick or stroke
    else if (faintPeak(first, n, peakLow, peakBase, peakByOption)) reason = LIGHT;
    else if (!question) reason = NO_DIGIT;
    store<i32>(o, reason);
    store<i32>(o, value, 4);
  }
}

/** Whether some bubble of the group is darker than its empty peak by the sheet's faint-stroke margin. */
function faintPeak(first: i32, n: i32, peakLow: f64, peakBase: f64, peakByOption: usize): bool {
  if (peakLow != peakLow) return false;
  for (let b = first; b < first + n; b++) {
    const peak = bub(b, 3);
    if (peak == peak && peak - baseOf(b, peakBase, peakByOption) >= peakLow) return true;
  }
  return false;
}
