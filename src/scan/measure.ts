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
  const out: GroupMeasure[] = [];
  const W = img.width, H = img.height, d = img.data;
  const hist = new Uint32Array(256);
  for (const group of layout.groups) {
    const bubbles: BubbleMeasure[] = [];
    for (const o of group.options) {
      const c = applyH(h, o.x, o.y);
      const s = localScale(h, o.x, o.y);
      const ri = o.r * INNER * s;
      const pa = o.r * PAPER_IN * s, pb = o.r * PAPER_OUT * s;
      const x0 = Math.floor(c.x - pb), x1 = Math.ceil(c.x + pb), y0 = Math.floor(c.y - pb), y1 = Math.ceil(c.y + pb);
      if (x0 < 0 || y0 < 0 || x1 >= W || y1 >= H) {
        bubbles.push({ fill: 0, paper: 255, cx: c.x, cy: c.y, ok: false });
        continue;
      }
      hist.fill(0);
      let nPaper = 0;
      const ri2 = ri * ri, pa2 = pa * pa, pb2 = pb * pb;
      let innerSum = 0, nInner = 0;
      for (let y = y0; y <= y1; y++) {
        const dy = y - c.y;
        const dy2 = dy * dy;
        const row = y * W;
        for (let x = x0; x <= x1; x++) {
          const dx = x - c.x;
          const r2 = dx * dx + dy2;
          if (r2 <= ri2) {
            innerSum += d[row + x];
            nInner++;
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
      bubbles.push({ fill, paper, cx: c.x, cy: c.y, ok: nInner > 0 });
    }
    out.push({ group, bubbles });
  }
  return out;
}
