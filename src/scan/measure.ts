import type { Group, Layout } from '../template/layout.js';
import type { GrayImage } from '../util/raster.js';
import type { Homography } from './geometry.js';
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
 * homography (no warp of the page). Pure: image in, numbers out. Both steps run in the kernels
 * (assembly/kernels.ts): placeBubbles maps the options, measureBubbles reads their pixels.
 */
export function measureBubbles(img: GrayImage, layout: Layout, h: Homography): GroupMeasure[] {
  const k = kernels();
  const options = optionsOf(layout);
  const n = options.length / 3;
  // after the page: the homography, the options, their centres, measureBubbles' inputs and outputs, its scratch
  const at = k.put(img, 72 + n * (k.optionIn + k.centreOut + k.bubbleIn + k.bubbleOut) + k.exports.measureScratch(img.width));
  const optionsAt = at + 72, centresAt = optionsAt + n * k.optionIn, paramsAt = centresAt + n * k.centreOut;
  const outAt = paramsAt + n * k.bubbleIn, scratchAt = outAt + n * k.bubbleOut;
  const mem = k.exports.memory.buffer;
  new Float64Array(mem, at, 9).set(h);
  new Float64Array(mem, optionsAt, n * 3).set(options);
  const inside = k.exports.placeBubbles(at, optionsAt, n, img.width, img.height, INNER, PAPER_IN, PAPER_OUT, paramsAt, centresAt);
  k.exports.measureBubbles(IMAGE_ADDRESS, img.width, paramsAt, inside, outAt, scratchAt);
  const centres = new Float64Array(mem, centresAt, n * 3);
  const res = new Float64Array(mem, outAt, (inside * k.bubbleOut) / 8);
  const out: GroupMeasure[] = [];
  let i = 0, j = 0;
  for (const group of layout.groups) {
    const bubbles: BubbleMeasure[] = [];
    for (let oi = 0; oi < group.options.length; oi++, i++) {
      const c = { x: centres[3 * i], y: centres[3 * i + 1] };
      if (centres[3 * i + 2] !== 1) {
        bubbles.push({ fill: 0, even: 0, peak: 0, sectors: new Array<number>(16).fill(0), paper: 255, cx: c.x, cy: c.y, ok: false });
        continue;
      }
      bubbles.push(bubbleFrom(res, (j++ * k.bubbleOut) / 8, c));
    }
    out.push({ group, bubbles });
  }
  return out;
}

/** Every option's layout centre and radius (x, y, r), group by group, per layout. */
const OPTIONS = new WeakMap<Layout, Float64Array>();

function optionsOf(layout: Layout): Float64Array {
  let v = OPTIONS.get(layout);
  if (!v) {
    v = Float64Array.from(layout.groups.flatMap((g) => g.options.flatMap((o) => [o.x, o.y, o.r])));
    OPTIONS.set(layout, v);
  }
  return v;
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
