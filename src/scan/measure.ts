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

const TAN22 = 0.41421356;

/**
 * Sector 0-15 of a point around the centre: sector k spans k·22.5° to (k+1)·22.5° from the
 * right (east), turning towards image y (down).
 */
function sector16(dx: number, dy: number, adx: number, ady: number): number {
  const lowHalf = ady <= adx; // within 45° of the x axis
  const near = lowHalf ? ady < TAN22 * adx : adx < TAN22 * ady; // within 22.5° of that axis
  if (dy >= 0) {
    if (dx >= 0) return lowHalf ? (near ? 0 : 1) : near ? 3 : 2;
    return lowHalf ? (near ? 7 : 6) : near ? 4 : 5;
  }
  if (dx < 0) return lowHalf ? (near ? 8 : 9) : near ? 11 : 10;
  return lowHalf ? (near ? 15 : 14) : near ? 12 : 13;
}

/**
 * Measure every bubble of the layout on the original image, mapping layout points through the
 * homography (no warp of the page). Pure: image in, numbers out.
 */
export function measureBubbles(img: GrayImage, layout: Layout, h: Homography): GroupMeasure[] {
  const out: GroupMeasure[] = [];
  const W = img.width, H = img.height, d = img.data;
  const hist = new Uint32Array(256);
  // sixteen sectors of the interior's outer part and its centre (cell 16)
  const cellSum = new Float64Array(17);
  const cellN = new Uint32Array(17);
  for (const group of layout.groups) {
    const bubbles: BubbleMeasure[] = [];
    for (const o of group.options) {
      const c = applyH(h, o.x, o.y);
      const s = localScale(h, o.x, o.y);
      const ri = o.r * INNER * s;
      const pa = o.r * PAPER_IN * s, pb = o.r * PAPER_OUT * s;
      const x0 = Math.floor(c.x - pb), x1 = Math.ceil(c.x + pb), y0 = Math.floor(c.y - pb), y1 = Math.ceil(c.y + pb);
      if (x0 < 0 || y0 < 0 || x1 >= W || y1 >= H) {
        bubbles.push({ fill: 0, even: 0, peak: 0, sectors: new Array<number>(16).fill(0), paper: 255, cx: c.x, cy: c.y, ok: false });
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
            const ci = r2 <= rc2 ? 16 : sector16(dx, dy, Math.abs(dx), ady);
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
      // sixteen fine sectors; the eight sectors centred on 0°, 45°, … are pairs of them (the centre
      // holds the printed letter and is left out); the four lightest of the eight, and the darkest
      const sectors: number[] = [];
      for (let k = 0; k < 16; k++) sectors.push(cellN[k] ? 1 - cellSum[k] / cellN[k] / paper : fill);
      const sec: number[] = [];
      let top = 0;
      for (let j = 0; j < 8; j++) {
        const a = (2 * j + 15) % 16, b = 2 * j, n = cellN[a] + cellN[b];
        const v = n ? 1 - (cellSum[a] + cellSum[b]) / n / paper : fill;
        if (v > top) top = v;
        sec.push(v);
      }
      sec.sort((a, b) => a - b);
      const even = Math.min(1, Math.max(0, (sec[0] + sec[1] + sec[2] + sec[3]) / 4));
      bubbles.push({ fill, even, peak: Math.min(1, top), sectors, paper, cx: c.x, cy: c.y, ok: nInner > 0 });
    }
    out.push({ group, bubbles });
  }
  return out;
}
