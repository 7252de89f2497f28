import type { FlagReason, GroupRead } from './types.js';
import type { GroupMeasure } from './measure.js';

/** Thresholds adapted to one sheet, from its own empty and marked bubbles. */
export interface Thresholds {
  /** Typical fill of an empty bubble on this sheet (printed letter included). */
  empty: number;
  /** Typical fill of a clear mark on this sheet. */
  marked: number;
  /** Spread (robust sigma) of empty bubbles. */
  noise: number;
  /** At or above: marked. */
  cut: number;
  /** At or above (but below cut): something is there, a person should look. */
  low: number;
  /** A second option at or above this beside a clear mark: heavy erasure, flagged. */
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

/**
 * Learn this sheet's thresholds. Most bubbles on a sheet are empty, so the lower part of the
 * fill distribution describes "empty" (paper plus the printed letter); the darkest option of
 * each clearly-marked group describes "marked".
 */
export function sheetThresholds(measures: GroupMeasure[], opts: DecideOptions = {}): Thresholds {
  const all: number[] = [];
  for (const m of measures) for (const b of m.bubbles) if (b.ok) all.push(b.fill);
  all.sort((a, b) => a - b);
  const empty = quantile(all, 0.4);
  const lower = all.filter((v) => v <= quantile(all, 0.6));
  const dev = lower.map((v) => Math.abs(v - empty)).sort((a, b) => a - b);
  const noise = Math.max(0.005, 1.4826 * quantile(dev, 0.5));
  const tops: number[] = [];
  for (const m of measures) {
    const f = Math.max(...m.bubbles.map((b) => (b.ok ? b.fill : 0)));
    if (f >= empty + Math.max(0.25, 8 * noise)) tops.push(f);
  }
  tops.sort((a, b) => a - b);
  const marked = tops.length >= 3 ? quantile(tops, 0.5) : Math.max(empty + 0.35, opts.defaultMarked ?? 0.6);
  const contrast = Math.max(0.2, marked - empty);
  const cut = empty + Math.max(0.45 * contrast, 0.12, 6 * noise);
  const low = empty + Math.max(0.15 * contrast, 0.05, 4 * noise);
  const erasure = empty + Math.max(0.28 * contrast, 0.08, 5 * noise);
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return { empty: r(empty), marked: r(marked), noise: r(noise), cut: r(cut), low: r(low), erasure: r(Math.min(erasure, cut - 0.01)) };
}

/**
 * Decide one group from its measurements. Never guesses silently: anything between "clearly
 * empty" and "clearly marked" is flagged for a person.
 */
export function decideGroup(m: GroupMeasure, t: Thresholds): GroupRead {
  const fill = m.bubbles.map((b) => Math.round(b.fill * 1000) / 1000);
  const isGrid = m.group.kind !== 'question';
  if (m.bubbles.some((b) => !b.ok)) return { value: '', flagged: true, reason: 'unreadable', fill };
  const order = fill.map((f, i) => i).sort((a, b) => fill[b] - fill[a]);
  const f1 = fill[order[0]];
  const f2 = order.length > 1 ? fill[order[1]] : 0;
  const marked = order.filter((i) => fill[i] >= t.cut).sort((a, b) => a - b);
  const values = m.group.options;
  const flag = (value: string, reason: FlagReason): GroupRead => ({ value, flagged: true, reason, fill });
  const contrast = Math.max(0.2, t.marked - t.empty);

  if (marked.length >= 2) return flag(marked.map((i) => values[i].value).join(''), 'multiple');
  if (marked.length === 1) {
    const v = values[marked[0]].value;
    if (f2 >= t.erasure) return flag(v, 'erasure');
    if (f1 - f2 < 0.25 * contrast) return flag(v, 'ambiguous');
    if (f1 < t.cut + 0.08 * contrast) return flag(v, 'light');
    return { value: v, flagged: false, fill };
  }
  if (f1 >= t.low) return flag('', 'light');
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
