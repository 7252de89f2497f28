import type { FlagReason, GroupRead } from './types.js';
import type { GroupMeasure } from './measure.js';

/** Thresholds adapted to one sheet, from its own empty and marked bubbles. */
export interface Thresholds {
  /** Typical fill of an empty bubble on this sheet (printed letter included). */
  empty: number;
  /** Empty level of each answer option (A, B, …): printed letters differ a little. */
  emptyByOption: number[];
  /** Typical fill of a clear mark on this sheet. */
  marked: number;
  /** Spread (robust sigma) of empty bubbles around their own option's level. */
  noise: number;
  /** Darkness above the option's empty level at or above which a bubble is marked. */
  cut: number;
  /** Above the empty level by this (but below cut): something is there, a person should look. */
  low: number;
  /** A second option this far above empty beside a clear mark: heavy erasure, flagged. */
  erasure: number;
}

export interface DecideOptions {
  /** Fill assumed for a clear mark when the sheet has too few marks to learn it. */
  defaultMarked?: number;
}

const quantile = (sorted: number[], q: number): number => {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const lo = Math.floor(i), hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
};

/** Largest difference allowed between one option's empty level and the sheet's. */
const OPTION_BASE_SPAN = 0.03;
/** Smallest darkness above empty that is never ignored (a tick, a faint mark). */
const LOW_MIN = 0.045;

/** The empty level a bubble is compared with. */
export function baseOf(m: GroupMeasure, i: number, t: Pick<Thresholds, 'empty' | 'emptyByOption'>): number {
  return m.group.kind === 'question' ? (t.emptyByOption[i] ?? t.empty) : t.empty;
}

/**
 * Learn this sheet's thresholds. Most bubbles on a sheet are empty, so the lower part of the
 * fill distribution describes "empty" (paper plus the printed letter, per option letter); the
 * darkest option of each clearly-marked group describes "marked". Thresholds are distances above
 * the empty level, so a light pencil sheet and a dark pen sheet are both read on their own terms.
 */
export function sheetThresholds(measures: GroupMeasure[], opts: DecideOptions = {}): Thresholds {
  const all: number[] = [];
  const perOption: number[][] = [];
  for (const m of measures)
    m.bubbles.forEach((b, i) => {
      if (!b.ok) return;
      all.push(b.fill);
      if (m.group.kind === 'question') (perOption[i] ??= []).push(b.fill);
    });
  all.sort((a, b) => a - b);
  const empty = quantile(all, 0.4);
  // An option's own level: its lower quartile, never far from the sheet's (a sheet answered
  // "A" everywhere must not make a filled A look empty).
  const emptyByOption = perOption.map((v) => {
    const q = quantile([...v].sort((a, b) => a - b), 0.25);
    return Math.min(empty + OPTION_BASE_SPAN, Math.max(empty - OPTION_BASE_SPAN, q));
  });
  const t0 = { empty, emptyByOption };
  const rel: number[] = [];
  for (const m of measures) m.bubbles.forEach((b, i) => b.ok && rel.push(b.fill - baseOf(m, i, t0)));
  rel.sort((a, b) => a - b);
  const lowerRel = rel.filter((v) => v <= quantile(rel, 0.6));
  const dev = lowerRel.map((v) => Math.abs(v)).sort((a, b) => a - b);
  const noise = Math.max(0.004, 1.4826 * quantile(dev, 0.5));
  const tops: number[] = [];
  for (const m of measures) {
    let f = 0;
    m.bubbles.forEach((b, i) => {
      if (b.ok) f = Math.max(f, b.fill - baseOf(m, i, t0));
    });
    if (f >= Math.max(0.25, 8 * noise)) tops.push(f);
  }
  tops.sort((a, b) => a - b);
  const markedRel = tops.length >= 3 ? quantile(tops, 0.5) : Math.max(0.35, (opts.defaultMarked ?? 0.6) - empty);
  const contrast = Math.max(0.2, markedRel);
  const cut = Math.max(0.45 * contrast, 0.12, 6 * noise);
  const low = Math.max(LOW_MIN, 5 * noise);
  const erasure = Math.max(0.28 * contrast, 0.08, 6 * noise);
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return {
    empty: r(empty),
    emptyByOption: emptyByOption.map(r),
    marked: r(empty + markedRel),
    noise: r(noise),
    cut: r(cut),
    low: r(Math.min(low, cut - 0.02)),
    erasure: r(Math.min(erasure, cut - 0.01)),
  };
}

/**
 * Decide one group from its measurements. Never guesses silently: anything between "clearly
 * empty" and "clearly marked" is flagged for a person.
 */
export function decideGroup(m: GroupMeasure, t: Thresholds): GroupRead {
  const fill = m.bubbles.map((b) => Math.round(b.fill * 1000) / 1000);
  const isGrid = m.group.kind !== 'question';
  if (m.bubbles.some((b) => !b.ok)) return { value: '', flagged: true, reason: 'unreadable', fill };
  const dark = m.bubbles.map((b, i) => b.fill - baseOf(m, i, t));
  const order = dark.map((_, i) => i).sort((a, b) => dark[b] - dark[a]);
  const d1 = dark[order[0]];
  const d2 = order.length > 1 ? dark[order[1]] : 0;
  const marked = order.filter((i) => dark[i] >= t.cut).sort((a, b) => a - b);
  const values = m.group.options;
  const flag = (value: string, reason: FlagReason): GroupRead => ({ value, flagged: true, reason, fill });
  const contrast = Math.max(0.2, t.marked - t.empty);

  if (marked.length >= 2) return flag(marked.map((i) => values[i].value).join(''), 'multiple');
  if (marked.length === 1) {
    const v = values[marked[0]].value;
    if (d2 >= t.erasure) return flag(v, 'erasure');
    if (d1 - d2 < 0.25 * contrast) return flag(v, 'ambiguous');
    if (d1 < t.cut + 0.08 * contrast) return flag(v, 'light');
    return { value: v, flagged: false, fill };
  }
  if (d1 >= t.low) return flag('', 'light');
  if (isGrid) return flag('', 'no_digit');
  return { value: '', flagged: false, fill };
}

export interface Decisions {
  groups: Record<string, GroupRead>;
  thresholds: Thresholds;
  candidateNumber: string;
  examCode: string;
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
