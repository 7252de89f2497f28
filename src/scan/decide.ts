/**
 * The sheet's decisions: thresholds learnt from the sheet's own bubbles, then each group read or
 * flagged. The rules and their constants are in the WebAssembly kernels (assembly/decide.ts),
 * the same operations in the same order as the JavaScript it replaced
 * (kept in tests/decide-reference.ts, which tests/decide.test.ts holds the kernels to). There no
 * page pays for V8 compiling it: the JavaScript cost about 0.3 s of optimising compiles per
 * batch and ran cold on the first pages (docs/performance.md, eighth round).
 */
import type { FlagReason, GroupRead } from './types.js';
import type { GrayImage } from '../util/raster.js';
import type { GroupMeasure } from './measure.js';
import type { Group } from '../template/layout.js';
import { align8, IMAGE_ADDRESS, kernels, type Kernels } from './kernels.js';

/** Thresholds adapted to one sheet, from its own empty and marked bubbles. */
export interface Thresholds {
  /** Typical fill of an empty bubble on this sheet (printed letter included). */
  empty: number;
  /** Empty level of each answer option (A, B, …): printed letters differ a little. */
  emptyByOption: number[];
  /** Typical fill of this candidate's marks on this sheet (empty level included). */
  marked: number;
  /** True when `marked` was learnt from the sheet's own marks, false when it is the default. */
  learnt: boolean;
  /** Spread (robust sigma) of empty bubbles around their own option's level. */
  noise: number;
  /** Evenness (`even`) of an empty bubble: the baseline of the shape measure. */
  evenBase: number;
  /** Darkest-sector level (`peak`) of an empty bubble, per answer option (the printed letter). */
  peakByOption?: number[];
  peakBase?: number;
  /** A darkest sector this far above its empty level: ink there (a faint tick), a person should look. */
  peakLow?: number;
  /**
   * Darkness of each of the sixteen sectors (BubbleMeasure.sectors) of an empty bubble, per kind
   * of option (`q0`… for answer letters, `d0`… for digits, `all` for any): the printed letter's
   * own ink, which the shape of a mark is measured above.
   */
  sectorBase?: Record<string, number[]>;
  /** Darkness above the option's empty level at or above which a bubble is marked. */
  cut: number;
  /** A mark at least this dark (above empty) is as dark as this candidate's marks: read, not flagged. */
  clear: number;
  /** Above the empty level by this (but below cut): something is there, a person should look. */
  low: number;
  /** A second option this far above empty beside a clear mark: heavy erasure, flagged. */
  erasure: number;
}

export interface DecideOptions {
  /** Fill assumed for a clear mark when the sheet has too few marks to learn it. */
  defaultMarked?: number;
  /** The scan is bilevel (black and white only, e.g. G4 from a feeder): see BILEVEL_CUT in assembly/decide.ts. */
  bilevel?: boolean;
}

/**
 * True when the image holds black and white only (a bilevel scan, G4 from a feeder), from a
 * sample of its pixels: at most 1 in 1,000 is gray (none is in a G4 file).
 */
export function bilevelImage(img: GrayImage): boolean {
  const len = img.width * img.height;
  const step = Math.max(1, Math.floor(len / 40000)) | 1;
  // counted in the kernels' memory, where a page being read already is
  const k = kernels();
  k.put(img, 0);
  const most = Math.floor(Math.ceil(len / step) / 1000);
  return k.exports.grayCount(IMAGE_ADDRESS, len, step, most) <= most;
}

/** The empty level a bubble is compared with. */
export function baseOf(m: GroupMeasure, i: number, t: Pick<Thresholds, 'empty' | 'emptyByOption'>): number {
  return m.group.kind === 'question' ? (t.emptyByOption[i] ?? t.empty) : t.empty;
}

/** How evenly a bubble is covered, as a share of its darkness above empty (1 for a solid fill). */
export function evenness(even: number, dark: number, evenBase: number): number {
  return dark > 0 ? (even - evenBase) / dark : 0;
}

// ---------------------------------------------------------------------------------------------
// The sheet in the kernels' memory

/** Flag reasons by the kernels' codes. */
const REASONS: (FlagReason | undefined)[] = [undefined, 'multiple', 'erasure', 'ambiguous', 'light', 'no_digit', 'unreadable'];

/** The kind of option each option of a group is, for its printed letter's sector levels. */
const CLASSES = new WeakMap<Group, string[]>();

function classesOf(g: Group): string[] {
  let c = CLASSES.get(g);
  if (!c) {
    c = g.options.map((o, i) => (g.kind === 'question' ? `q${i}` : `d${o.value}`));
    CLASSES.set(g, c);
  }
  return c;
}

/** What the kernels need to know of a sheet's groups, the same for every page of a template. */
interface SheetGroups {
  groups: Group[];
  nb: number;
  options: number;
  /** Class names by id (`all` is id classes.length). */
  classes: string[];
  /** Per bubble: option index, class id, 1 for a question's option (DECIDE_INFO). */
  info: Int32Array;
  /** Per group: first bubble, bubbles, 1 for a question (DECIDE_GROUP). */
  ranges: Int32Array;
}

/** The last sheet's groups: a batch reads one template, so every page after the first finds its own here. */
let lastGroups: SheetGroups | undefined;

function sheetGroups(measures: GroupMeasure[]): SheetGroups {
  const last = lastGroups;
  if (last && last.groups.length === measures.length && measures.every((m, g) => m.group === last.groups[g])) return last;
  let nb = 0, options = 0;
  for (const m of measures) {
    nb += m.bubbles.length;
    if (m.group.kind === 'question') options = Math.max(options, m.bubbles.length);
    if (m.bubbles.length > 31) throw new Error(`group ${m.group.key} has ${m.bubbles.length} options: at most 31 are read`);
  }
  const index = new Map<string, number>();
  const classes: string[] = [];
  const info = new Int32Array(3 * nb), ranges = new Int32Array(3 * measures.length);
  let b = 0;
  measures.forEach((m, g) => {
    const question = m.group.kind === 'question' ? 1 : 0;
    const names = classesOf(m.group);
    ranges.set([b, m.bubbles.length, question], 3 * g);
    for (let i = 0; i < m.bubbles.length; i++, b++) {
      if (!index.has(names[i])) {
        index.set(names[i], classes.length);
        classes.push(names[i]);
      }
      info.set([i, index.get(names[i])!, question], 3 * b);
    }
  });
  lastGroups = { groups: measures.map((m) => m.group), nb, options, classes, info, ranges };
  return lastGroups;
}

/** A sheet (or one group) written into the kernels' memory, with room for the thresholds, the decisions and scratch. */
interface Packed {
  k: Kernels;
  nb: number;
  ng: number;
  options: number;
  /** Class names by id (`all` is id classes.length). */
  classes: string[];
  bubbles: number;
  info: number;
  groups: number;
  t: number;
  out: number;
  scratch: number;
}

function pack(measures: GroupMeasure[]): Packed {
  const k = kernels();
  const x = k.exports;
  const { nb, options, classes, info: infoOf, ranges } = sheetGroups(measures);
  const ng = measures.length;
  const perBubble = x.DECIDE_BUBBLE.value;
  const bubblesBytes = 8 * nb * perBubble, infoBytes = align8(4 * nb * x.DECIDE_INFO.value), groupsBytes = align8(4 * ng * x.DECIDE_GROUP.value);
  const tBytes = 8 * x.thresholdsSize(options, classes.length), outBytes = 8 * ng;
  const bubbles = k.room(bubblesBytes + infoBytes + groupsBytes + tBytes + outBytes + x.decideScratch(nb, ng, options, classes.length));
  const info = bubbles + bubblesBytes, groups = info + infoBytes, t = groups + groupsBytes, out = t + tBytes, scratch = out + outBytes;
  const mem = x.memory.buffer;
  new Int32Array(mem, info, 3 * nb).set(infoOf);
  new Int32Array(mem, groups, 3 * ng).set(ranges);
  const f = new Float64Array(mem, bubbles, nb * perBubble);
  let o = 0;
  for (const m of measures)
    for (const bm of m.bubbles) {
      f[o] = bm.fill;
      f[o + 1] = bm.even ?? bm.fill;
      f[o + 2] = bm.peak ?? bm.fill;
      f[o + 3] = bm.peak ?? NaN;
      f[o + 4] = bm.ok ? 1 : 0;
      f[o + 5] = bm.sectors ? 1 : 0;
      if (bm.sectors) for (let s = 0; s < 16; s++) f[o + 6 + s] = bm.sectors[s];
      o += perBubble;
    }
  return { k, nb, ng, options, classes, bubbles, info, groups, t, out, scratch };
}

/** Scalars of the thresholds block, in the kernels' order. */
const T_KEYS = ['empty', 'marked', 'learnt', 'noise', 'evenBase', 'peakBase', 'peakLow', 'cut', 'clear', 'low', 'erasure'] as const;

/** An option place's level, or a hole when the sheet never showed the option. */
function levelsOf(v: Float64Array): number[] {
  let len = v.length;
  while (len > 0 && Number.isNaN(v[len - 1])) len--;
  const out: number[] = new Array(len);
  for (let i = 0; i < len; i++) if (!Number.isNaN(v[i])) out[i] = v[i];
  return out;
}

/** The thresholds block the kernels wrote, as Thresholds. */
function readThresholds(p: Packed): Thresholds {
  const mem = p.k.exports.memory.buffer;
  const v = new Float64Array(mem, p.t, p.k.exports.thresholdsSize(p.options, p.classes.length));
  const s = (key: (typeof T_KEYS)[number]) => v[T_KEYS.indexOf(key)];
  const n = p.k.exports.T_SCALARS.value;
  const sectorBase: Record<string, number[]> = {};
  const row = (c: number) => v.subarray(n + 2 * p.options + 17 * c);
  if (row(p.classes.length)[0]) sectorBase.all = Array.from(row(p.classes.length).subarray(1, 17));
  p.classes.forEach((name, c) => {
    if (row(c)[0]) sectorBase[name] = Array.from(row(c).subarray(1, 17));
  });
  return {
    empty: s('empty'),
    emptyByOption: levelsOf(v.subarray(n, n + p.options)),
    marked: s('marked'),
    learnt: s('learnt') === 1,
    noise: s('noise'),
    evenBase: s('evenBase'),
    sectorBase,
    peakByOption: levelsOf(v.subarray(n + p.options, n + 2 * p.options)),
    peakBase: s('peakBase'),
    peakLow: s('peakLow'),
    cut: s('cut'),
    clear: s('clear'),
    low: s('low'),
    erasure: s('erasure'),
  };
}

/** Thresholds (from elsewhere) into the block, for the classes of this packing. */
function writeThresholds(p: Packed, t: Thresholds): void {
  const n = p.k.exports.T_SCALARS.value;
  const v = new Float64Array(p.k.exports.memory.buffer, p.t, p.k.exports.thresholdsSize(p.options, p.classes.length));
  const scalars: Record<(typeof T_KEYS)[number], number> = {
    empty: t.empty,
    marked: t.marked,
    learnt: t.learnt ? 1 : 0,
    noise: t.noise,
    evenBase: t.evenBase ?? t.empty,
    peakBase: t.peakBase ?? 0,
    peakLow: t.peakLow ?? NaN,
    cut: t.cut,
    clear: t.clear,
    low: t.low,
    erasure: t.erasure,
  };
  T_KEYS.forEach((key, i) => (v[i] = scalars[key]));
  for (let o = 0; o < p.options; o++) {
    v[n + o] = t.emptyByOption[o] ?? NaN;
    v[n + p.options + o] = t.peakByOption?.[o] ?? NaN;
  }
  const put = (c: number, levels: number[] | undefined) => {
    const r = n + 2 * p.options + 17 * c;
    v[r] = levels ? 1 : 0;
    if (levels) v.set(levels.slice(0, 16), r + 1);
  };
  p.classes.forEach((name, c) => put(c, t.sectorBase?.[name]));
  put(p.classes.length, t.sectorBase?.all);
}

function learn(p: Packed, opts: DecideOptions): void {
  p.k.exports.sheetThresholds(p.bubbles, p.info, p.nb, p.groups, p.ng, p.options, p.classes.length, opts.bilevel ? 1 : 0, opts.defaultMarked ?? 0.6, p.t, p.scratch);
}

/** The groups' reads from the decisions the kernels wrote. */
function readGroups(p: Packed, measures: GroupMeasure[]): GroupRead[] {
  p.k.exports.decideGroups(p.bubbles, p.info, p.nb, p.groups, p.ng, p.options, p.classes.length, p.t, p.out, p.scratch);
  const out = new Int32Array(p.k.exports.memory.buffer, p.out, 2 * p.ng);
  return measures.map((m, g) => {
    const fill: number[] = [];
    for (const b of m.bubbles) fill.push(Math.round(b.fill * 1000) / 1000);
    const reason = REASONS[out[2 * g]], bits = out[2 * g + 1];
    let value = '';
    for (let i = 0; i < m.group.options.length; i++) if (bits & (1 << i)) value += m.group.options[i].value;
    return reason ? { value, flagged: true, reason, fill } : { value, flagged: false, fill };
  });
}

/**
 * Learn this sheet's thresholds. Most bubbles on a sheet are empty, so the lower part of the
 * fill distribution describes "empty" (paper plus the printed letter, per option letter); the
 * candidate's own marks describe "marked" (see markLevel). Thresholds are shares of the distance
 * between the two, so a light HB sheet and a dark pen sheet are both read on their own terms.
 */
export function sheetThresholds(measures: GroupMeasure[], opts: DecideOptions = {}): Thresholds {
  const p = pack(measures);
  learn(p, opts);
  return readThresholds(p);
}

/**
 * Decide one group from its measurements. Never guesses silently: anything between "clearly
 * empty" and "clearly marked like the rest of this sheet" is flagged for a person.
 */
export function decideGroup(m: GroupMeasure, t: Thresholds): GroupRead {
  const p = pack([m]);
  writeThresholds(p, t);
  return readGroups(p, [m])[0];
}

/**
 * Where this candidate's marks lie: the sheet's group darknesses are bimodal (empty groups near
 * the paper, marked groups around the candidate's own level, whatever the pencil). Groups whose
 * darkest option stands clear of the empty bubbles' noise and is shaped like a mark (`even` is
 * its shape: not a tick, a dot or a smear) are the marks; their median is the level, as a person
 * looking at the sheet sees "this candidate marks like this". Returns null when the sheet has too
 * few marks.
 */
export function markLevel(tops: { dark: number; even: number }[], noise: number): { level: number; n: number } | null {
  const k = kernels();
  const at = k.room(16 * tops.length + 8 * tops.length + 8);
  new Float64Array(k.exports.memory.buffer, at, 2 * tops.length).set(tops.flatMap((t) => [t.dark, t.even]));
  const level = k.exports.markLevel(at, tops.length, noise, at + 16 * tops.length);
  return Number.isNaN(level) ? null : { level, n: k.exports.markCount.value };
}

export interface Decisions {
  groups: Record<string, GroupRead>;
  thresholds: Thresholds;
  candidateNumber: string;
  examCode: string;
}

/** Decide every group of a sheet; digit grids are read into strings ('?' where a column is not one clear digit). */
export function decideSheet(measures: GroupMeasure[], opts: DecideOptions = {}): Decisions {
  const p = pack(measures);
  learn(p, opts);
  const thresholds = readThresholds(p);
  const reads = readGroups(p, measures);
  const groups: Record<string, GroupRead> = {};
  let sbd = '';
  let made = '';
  measures.forEach((m, g) => {
    const r = reads[g];
    groups[m.group.key] = r;
    const digit = !r.flagged && r.value.length === 1 ? r.value : '?';
    if (m.group.kind === 'sbd') sbd += digit;
    else if (m.group.kind === 'made') made += digit;
  });
  return { groups, thresholds, candidateNumber: sbd, examCode: made };
}
