import type { Group, Layout } from '../template/layout.js';
import type { GrayImage } from '../util/raster.js';
import { applyH, localScale, type Homography } from './geometry.js';

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

const TAN22 = 0.41421356;

/** Sector 0-7 of a point around the centre: 0 right (east), then every 45° (image y points down). */
function sector(dx: number, dy: number, adx: number, ady: number): number {
  if (ady <= TAN22 * adx) return dx >= 0 ? 0 : 4;
  if (adx <= TAN22 * ady) return dy >= 0 ? 2 : 6;
  return dx >= 0 ? (dy >= 0 ? 1 : 7) : dy >= 0 ? 3 : 5;
}

/**
 * Measure every bubble of the layout on the original image, mapping layout points through the
 * homography (no warp of the page). Pure: image in, numbers out.
 */
export function measureBubbles(img: GrayImage, layout: Layout, h: Homography): GroupMeasure[] {
  const out: GroupMeasure[] = [];
  const W = img.width, H = img.height, d = img.data;
  const hist = new Uint32Array(256);
  // eight sectors of the interior's outer part (centred on 0°, 45°, …) and its centre
  const cellSum = new Float64Array(9);
  const cellN = new Uint32Array(9);
  for (const group of layout.groups) {
    const bubbles: BubbleMeasure[] = [];
    for (const o of group.options) {
      const c = applyH(h, o.x, o.y);
      const s = localScale(h, o.x, o.y);
      const ri = o.r * INNER * s;
      const pa = o.r * PAPER_IN * s, pb = o.r * PAPER_OUT * s;
      const x0 = Math.floor(c.x - pb), x1 = Math.ceil(c.x + pb), y0 = Math.floor(c.y - pb), y1 = Math.ceil(c.y + pb);
      if (x0 < 0 || y0 < 0 || x1 >= W || y1 >= H) {
        bubbles.push({ fill: 0, even: 0, peak: 0, paper: 255, cx: c.x, cy: c.y, ok: false });
        continue;
      }
      hist.fill(0);
      let nPaper = 0;
      const ri2 = ri * ri, pa2 = pa * pa, pb2 = pb * pb;
      let innerSum = 0, nInner = 0;
      cellSum.fill(0);
      cellN.fill(0);
      const rc2 = ri2 * 0.16;
      for (let y = y0; y <= y1; y++) {
        const dy = y - c.y;
        const dy2 = dy * dy;
        const row = y * W;
        const ady = Math.abs(dy);
        for (let x = x0; x <= x1; x++) {
          const dx = x - c.x;
          const r2 = dx * dx + dy2;
          if (r2 <= ri2) {
            const v = d[row + x];
            innerSum += v;
            nInner++;
            const ci = r2 <= rc2 ? 8 : sector(dx, dy, Math.abs(dx), ady);
            cellSum[ci] += v;
            cellN[ci]++;
          } else if (r2 >= pa2 && r2 <= pb2) {
            hist[d[row + x]]++;
            nPaper++;
          }
        }
      }
      // paper level: 75th percentile of the annulus (robust to a neighbour's ring or a stray line)
      let acc = 0, paper = 255;
      const want = nPaper * 0.75;
      for (let v = 0; v < 256; v++) {
        acc += hist[v];
        if (acc >= want) {
          paper = v;
          break;
        }
      }
      paper = Math.max(paper, 16);
      const mean = nInner ? innerSum / nInner : paper;
      const fill = Math.min(1, Math.max(0, 1 - mean / paper));
      // the four lightest of the eight sectors, and the darkest
      const sec: number[] = [];
      let top = 0;
      for (let k = 0; k < 9; k++) {
        const v = cellN[k] ? 1 - cellSum[k] / cellN[k] / paper : fill;
        if (k === 8) continue; // the centre holds the printed letter
        if (v > top) top = v;
        sec.push(v);
      }
      sec.sort((a, b) => a - b);
      const even = Math.min(1, Math.max(0, (sec[0] + sec[1] + sec[2] + sec[3]) / 4));
      bubbles.push({ fill, even, peak: Math.min(1, top), paper, cx: c.x, cy: c.y, ok: nInner > 0 });
    }
    out.push({ group, bubbles });
  }
  return out;
}
