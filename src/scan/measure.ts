import type { Group, Layout } from '../template/layout.js';
import type { GrayImage } from '../util/raster.js';
import { applyH, localScale, type Homography } from './geometry.js';
import { IMAGE_ADDRESS, kernels } from './kernels.js';

/** Share of the bubble radius that is measured: the printed ring stays outside. */
export const INNER = 0.72;
/** Annulus just outside the ring that gives the local paper level. */
export const PAPER_IN = 1.18;
export const PAPER_OUT = 1.32;

export interface BubbleMeasure {
  /** Mean darkness of the bubble's interior relative to the paper around it: 0 paper .. 1 black. */
  fill: number;
  /**
   * How evenly the ink covers the bubble: the outer part of the interior is cut into eight
   * sectors and this is the mean darkness of the four lightest (same scale as `fill`). A filled
   * or hatched bubble is dark in every sector; a tick, a cross (its arms fill four sectors at
   * most), a dot or a half fill leaves sectors empty.
   */
  even: number;
  /** The darkest of the eight sectors: a faint tick or stroke shows here before it moves `fill`. */
  peak: number;
  /**
   * Darkness of the same outer part cut finer, into sixteen 22.5° sectors (sector k spans
   * k·22.5° to (k+1)·22.5°, image y down). The decision compares them with the same sectors of
   * this option's empty bubbles, so the printed letter drops out: the ink a tick or a cross
   * leaves is then plain (see `shapeOf` in decide.ts). The eight sectors above are pairs of these.
   */
  sectors: number[];
  /** Local paper level (0-255). */
  paper: number;
  /** Centre in image pixels. */
  cx: number;
  cy: number;
  /** False when the bubble lies (partly) outside the image. */
  ok: boolean;
}

export interface GroupMeasure {
  group: Group;
  bubbles: BubbleMeasure[];
}

/**
 * Measure every bubble of the layout on the original image, mapping layout points through the
 * homography (no warp of the page). Pure: image in, numbers out.
 */
export function measureBubbles(img: GrayImage, layout: Layout, h: Homography): GroupMeasure[] {
  const W = img.width, H = img.height;
  const k = kernels();
  const options = layout.groups.reduce((t, g) => t + g.options.length, 0);
  const at = k.put(img, options * (k.bubbleIn + k.bubbleOut) + 1024);
  const mem = k.exports.memory.buffer;
  const params = new Float64Array(mem, at, (options * k.bubbleIn) / 8);
  const outAt = at + options * k.bubbleIn;
  // where each bubble is, and which of them lie wholly inside the image
  const centres: { x: number; y: number; ok: boolean }[] = [];
  let n = 0;
  for (const group of layout.groups) {
    for (const o of group.options) {
      const c = applyH(h, o.x, o.y);
      const s = localScale(h, o.x, o.y);
      const ri = o.r * INNER * s;
      const pa = o.r * PAPER_IN * s, pb = o.r * PAPER_OUT * s;
      const x0 = Math.floor(c.x - pb), x1 = Math.ceil(c.x + pb), y0 = Math.floor(c.y - pb), y1 = Math.ceil(c.y + pb);
      const ok = !(x0 < 0 || y0 < 0 || x1 >= W || y1 >= H);
      centres.push({ x: c.x, y: c.y, ok });
      if (!ok) continue;
      const ri2 = ri * ri;
      const q = n * (k.bubbleIn / 8);
      params[q] = c.x, params[q + 1] = c.y, params[q + 2] = ri2, params[q + 3] = ri2 * 0.16, params[q + 4] = pa * pa;
      params[q + 5] = pb * pb, params[q + 6] = x0, params[q + 7] = x1, params[q + 8] = y0, params[q + 9] = y1;
      n++;
    }
  }
  k.exports.measureBubbles(IMAGE_ADDRESS, W, at, n, outAt, outAt + options * k.bubbleOut);
  const res = new Float64Array(mem, outAt, (n * k.bubbleOut) / 8);
  const out: GroupMeasure[] = [];
  let i = 0, j = 0;
  for (const group of layout.groups) {
    const bubbles: BubbleMeasure[] = [];
    for (let oi = 0; oi < group.options.length; oi++, i++) {
      const c = centres[i];
      if (!c.ok) {
        bubbles.push({ fill: 0, even: 0, peak: 0, sectors: new Array<number>(16).fill(0), paper: 255, cx: c.x, cy: c.y, ok: false });
        continue;
      }
      bubbles.push(bubbleFrom(res, (j++ * k.bubbleOut) / 8, c));
    }
    out.push({ group, bubbles });
  }
  return out;
}

/** bubbleFrom's eight sectors (scratch). */
const EIGHT = new Float64Array(8);

/** One bubble's measures from the kernel's sums: innerSum, nInner, nPaper, paper, cellSum[17], cellN[17]. */
function bubbleFrom(r: Float64Array, b: number, c: { x: number; y: number }): BubbleMeasure {
  const innerSum = r[b], nInner = r[b + 1];
  const paper = Math.max(r[b + 3], 16);
  const mean = nInner ? innerSum / nInner : paper;
  const fill = Math.min(1, Math.max(0, 1 - mean / paper));
  // sixteen fine sectors (cell 16 is the centre, which holds the printed letter); the eight
  // sectors centred on 0°, 45°, … are pairs of them: the four lightest of those, and the darkest
  const S = b + 4, N = b + 21;
  const sectors: number[] = [];
  for (let k = 0; k < 16; k++) sectors.push(r[N + k] ? 1 - r[S + k] / r[N + k] / paper : fill);
  const sec = EIGHT;
  let top = 0;
  for (let j = 0; j < 8; j++) {
    const a = (2 * j + 15) % 16, k = 2 * j, cnt = r[N + a] + r[N + k];
    const v = cnt ? 1 - (r[S + a] + r[S + k]) / cnt / paper : fill;
    if (v > top) top = v;
    sec[j] = v;
  }
  sec.sort();
  const even = Math.min(1, Math.max(0, (sec[0] + sec[1] + sec[2] + sec[3]) / 4));
  return { fill, even, peak: Math.min(1, top), sectors, paper, cx: c.x, cy: c.y, ok: nInner > 0 };
}
