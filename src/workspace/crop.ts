/**
 * A cropped picture of one group of bubbles (a question row, or the SBD / mã đề grid), for a
 * person reviewing a flag. The bubble positions come from the page's stored homography (layout
 * point → pixel of the decoded page), so nothing is read again: the crop is cut from the
 * annotated JPEG (which shows what was read), or, when that is gone, from the source page
 * decoded again. The crop is turned upright whatever the page's rotation in the scan.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Rect } from '../template/schema.js';
import type { Layout } from '../template/layout.js';
import type { Lang } from '../i18n/index.js';
import { turnPoint } from '../scan/annotate.js';
import { flagLabel, LABEL_SIZE, questionRowRegion, stackLabels, type Box } from '../scan/labels.js';
import { applyH, type Homography } from '../scan/geometry.js';
import { loadPages } from '../scan/load.js';
import type { PageResult } from '../scan/types.js';

/** Pixels per PDF point in the crops (about 216 DPI). */
const CROP_SCALE = 3;

/** The region of a group on the sheet, in layout points. */
export function groupRegion(layout: Layout, groupKey: string): Rect | null {
  const m = /^(sbd|made)\.\d+$/.exec(groupKey);
  if (m) {
    const f = layout.grids[m[1] as 'sbd' | 'made'].frame;
    return { x: f.x - 2, y: f.y - 2, w: f.w + 4, h: f.h + 4 };
  }
  return questionRowRegion(layout, groupKey);
}

export interface CropPlan {
  /** The part of the sheet shown, layout points. */
  region: Rect;
  /** The label, in points from the crop's top-left corner: in a white band right of the region. */
  label: Box & { text: string };
  /** Width of that band, points. */
  band: number;
}

/** What a review crop shows: the group's region and its label beside it (where it hides nothing). */
export function cropPlan(layout: Layout, groupKey: string, reason: string | undefined, lang: Lang = 'vi'): CropPlan | null {
  const region = groupRegion(layout, groupKey);
  if (!region) return null;
  const [label] = stackLabels([{ text: flagLabel(lang, groupKey, reason), y: region.h / 2 }], region.w + LABEL_SIZE / 2, LABEL_SIZE);
  return { region, label, band: label.w + LABEL_SIZE };
}

/** The pixel box (in the decoded page's pixels) of a layout rectangle. */
export function pixelBox(h: Homography, r: Rect): { left: number; top: number; width: number; height: number } {
  const pts = [applyH(h, r.x, r.y), applyH(h, r.x + r.w, r.y), applyH(h, r.x + r.w, r.y + r.h), applyH(h, r.x, r.y + r.h)];
  const left = Math.min(...pts.map((p) => p.x));
  const top = Math.min(...pts.map((p) => p.y));
  return { left, top, width: Math.max(...pts.map((p) => p.x)) - left, height: Math.max(...pts.map((p) => p.y)) - top };
}

export interface CropSource {
  /** Encoded image (JPEG) or raw gray pixels. */
  input: Buffer | { data: Uint8Array; width: number; height: number };
  width: number;
  height: number;
  /** True for annotated JPEGs: they are drawn with the page turned upright (see scan/annotate). */
  upright?: boolean;
}

/** Picture sources for one page: the annotated JPEG when it exists, else the source page decoded again. */
export async function pagePicture(wsDir: string, p: { annotated: string | null; source: string; path: string; page: number }): Promise<CropSource | null> {
  if (p.annotated) {
    const file = path.resolve(wsDir, p.annotated);
    if (existsSync(file)) {
      try {
        const meta = await sharp(file).metadata();
        if (meta.width && meta.height) return { input: await sharp(file).toBuffer(), width: meta.width, height: meta.height, upright: true };
      } catch {
        /* fall through to the source */
      }
    }
  }
  if (!existsSync(p.path)) return null;
  for await (const lp of loadPages({ source: p.source, path: p.path }, { maxDpi: 300 })) {
    if (lp.page !== p.page) continue;
    if (!lp.image) return null;
    return { input: { data: lp.image.data, width: lp.image.width, height: lp.image.height }, width: lp.image.width, height: lp.image.height };
  }
  return null;
}

/** JPEG bytes of the group's region, upright, with its label beside it; null when the page has no stored geometry. */
export async function cropGroup(pic: CropSource, layout: Layout, r: PageResult, groupKey: string, lang: Lang = 'vi'): Promise<Buffer | null> {
  if (!r.homography || r.homography.length !== 9 || !r.image) return null;
  const plan = cropPlan(layout, groupKey, r.groups?.[groupKey]?.reason, lang);
  if (!plan) return null;
  const { region } = plan;
  const rot = ((360 - (r.rotation ?? 0)) % 360) as 0 | 90 | 180 | 270;
  const src = pixelBox(r.homography as Homography, region);
  const turned = pic.upright && rot !== 0;
  const sideways = turned && (rot === 90 || rot === 270);
  // by height: annotated pictures may carry a label strip on the right
  const k = pic.height / (sideways ? r.image.width : r.image.height);
  let box = { left: src.left * k, top: src.top * k, width: src.width * k, height: src.height * k };
  if (turned) {
    // the annotated picture is the page turned upright: turn the box the same way
    const W = r.image.width * k, H = r.image.height * k;
    const P = turnPoint(rot, W, H);
    const a = P(box.left, box.top), b = P(box.left + box.width, box.top + box.height);
    box = { left: Math.min(a[0], b[0]), top: Math.min(a[1], b[1]), width: Math.abs(a[0] - b[0]), height: Math.abs(a[1] - b[1]) };
  }
  const left = Math.max(0, Math.floor(box.left));
  const top = Math.max(0, Math.floor(box.top));
  const width = Math.min(pic.width - left, Math.ceil(box.width));
  const height = Math.min(pic.height - top, Math.ceil(box.height));
  if (width < 4 || height < 4) return null;
  const img = Buffer.isBuffer(pic.input) ? sharp(pic.input) : sharp(pic.input.data, { raw: { width: pic.input.width, height: pic.input.height, channels: 1 } });
  const cut = await img.extract({ left, top, width, height }).toBuffer({ resolveWithObject: true });
  let out = sharp(cut.data, Buffer.isBuffer(pic.input) ? {} : { raw: { width: cut.info.width, height: cut.info.height, channels: cut.info.channels as 1 } });
  if (rot && !turned) out = out.rotate(rot);
  const pix = await out.resize({ width: Math.round(region.w * CROP_SCALE), height: Math.round(region.h * CROP_SCALE), fit: 'fill' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const band = Math.round(plan.band * CROP_SCALE);
  const l = plan.label;
  const text = l.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${pix.info.width + band}" height="${pix.info.height}"><text x="${l.x * CROP_SCALE}" y="${(l.y + l.h * 0.78) * CROP_SCALE}" font-family="sans-serif" font-size="${LABEL_SIZE * CROP_SCALE}" fill="#ff3b00">${text}</text></svg>`;
  return sharp(pix.data, { raw: { width: pix.info.width, height: pix.info.height, channels: pix.info.channels } })
    .extend({ right: band, background: '#ffffff' })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .jpeg({ quality: 85 })
    .toBuffer();
}
