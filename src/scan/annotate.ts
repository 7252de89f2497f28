import sharp from 'sharp';
import { msg, render, type Lang } from '../i18n/index.js';
import { scanReason } from '../i18n/scan.js';
import type { Layout } from '../template/layout.js';
import type { GrayImage } from '../util/raster.js';
import { applyH } from './geometry.js';
import { flagLabel, LABEL_SIZE, LABEL_STRIP, stackLabels, type Box, type LabelRequest } from './labels.js';
import type { PageRead } from './read.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Where a point of a W×H picture lands when the picture is turned clockwise by `turn` degrees
 * (sharp's rotate). Annotated pages are turned upright this way; review crops follow them.
 */
export function turnPoint(turn: 0 | 90 | 180 | 270, W: number, H: number): (x: number, y: number) => [number, number] {
  return (x, y) => (turn === 90 ? [H - y, x] : turn === 180 ? [W - x, H - y] : turn === 270 ? [y, W - x] : [x, y]);
}

export interface AnnotationPlan {
  /** Size of the picture: the page turned upright, plus the label strip on the right when there are labels. */
  width: number;
  height: number;
  /** Width and height of the page picture itself (without the strip). */
  pageWidth: number;
  pageHeight: number;
  /** The SVG drawn over the picture. */
  svg: string;
  /** Flag labels, output pixels (all inside the strip). */
  labels: (Box & { text: string })[];
  /** Layout point → output pixel (undefined when the page was not registered). */
  toOut?: (x: number, y: number) => [number, number];
  /** The page turned clockwise by this many degrees to stand upright. */
  turn: 0 | 90 | 180 | 270;
  /** Scale from the decoded page to the picture. */
  k: number;
}

/**
 * What to draw on the page, for a person to check at a glance: green rings on marks read,
 * orange on flagged groups, their labels in a strip beside the page (where they hide no
 * question number), blue squares on registration marks found (red where a mark was missing),
 * the printed QR area, and a header line with the page's identity, in `lang` (the page's
 * language, Vietnamese, by default).
 */
export function annotationPlan(img: { width: number; height: number }, layout: Layout, read: PageRead, lang: Lang = 'vi'): AnnotationPlan {
  const maxW = 1300;
  const k = Math.min(1, maxW / img.width);
  const W = Math.round(img.width * k), H = Math.round(img.height * k);
  const parts: string[] = [];
  const requests: LabelRequest[] = [];
  let toOut: AnnotationPlan['toOut'];
  const res = read.result;
  // Draw on the page turned upright: undo the rotation found by registration.
  const turn = ((360 - (res.status === 'ok' ? (res.rotation ?? 0) : 0)) % 360) as 0 | 90 | 180 | 270;
  const OW = turn === 90 || turn === 270 ? H : W;
  const OH = turn === 90 || turn === 270 ? W : H;
  const P = turnPoint(turn, W, H);
  const reg = read.registration;
  const sw = Math.max(1.5, 2.2 * k * (reg ? reg.dpi / 200 : 1));
  const ptPx = (reg ? reg.dpi / 72 : 200 / 72) * k;
  if (reg) {
    toOut = (x, y) => {
      const p = applyH(reg.h, x, y);
      return P(p.x * k, p.y * k);
    };
  }
  if (reg && read.measures) {
    for (const m of read.measures) {
      const g = res.groups?.[m.group.key];
      if (!g) continue;
      m.bubbles.forEach((b, i) => {
        const o = m.group.options[i];
        const r = o.r * (reg.dpi / 72) * k * 1.15;
        const chosen = g.value.includes(o.value);
        const [cx, cy] = P(b.cx * k, b.cy * k);
        if (g.flagged) {
          parts.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="${chosen ? '#ff3b00' : '#ffa000'}" stroke-width="${sw * (chosen ? 1.4 : 0.8)}"/>`);
        } else if (chosen) {
          parts.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="#00b050" stroke-width="${sw * 1.3}"/>`);
        }
      });
      if (g.flagged) {
        const ys = m.bubbles.map((b) => P(b.cx * k, b.cy * k)[1]);
        requests.push({ text: flagLabel(lang, m.group.key, g.reason), y: ys.reduce((a, b) => a + b, 0) / ys.length });
      }
    }
    for (const mk of reg.marks) {
      const lm = layout.marks.find((x) => x.id === mk.id)!;
      const s = lm.size * (reg.dpi / 72) * k * 1.3;
      const [mx, my] = P(mk.x * k, mk.y * k);
      parts.push(`<rect x="${mx - s / 2}" y="${my - s / 2}" width="${s}" height="${s}" fill="none" stroke="${mk.found ? '#0060ff' : '#ff0000'}" stroke-width="${sw * 1.5}"/>`);
    }
    if (read.qrBox && toOut) {
      // the printed QR code itself (2 pt around it), not the wider search area: the date line is next to it
      const pad = 2;
      const corners = [toOut(layout.qr.x - pad, layout.qr.y - pad), toOut(layout.qr.x + layout.qr.w + pad, layout.qr.y - pad), toOut(layout.qr.x + layout.qr.w + pad, layout.qr.y + layout.qr.h + pad), toOut(layout.qr.x - pad, layout.qr.y + layout.qr.h + pad)];
      const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
      const q = { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
      parts.push(`<rect x="${q.x}" y="${q.y}" width="${q.w}" height="${q.h}" fill="none" stroke="${res.identity ? '#0060ff' : '#ff0000'}" stroke-width="${sw}" stroke-dasharray="${sw * 4},${sw * 3}"/>`);
    }
  }
  const flaggedCount = res.groups ? Object.values(res.groups).filter((g) => g.flagged).length : 0;
  const header =
    res.status === 'ok'
      ? render(lang, msg('annot.header', { source: res.source, page: res.page, serial: res.serial ?? '?', sbd: res.candidateNumber ?? '', made: res.examCode ?? '', rotation: res.rotation ?? 0, flagged: flaggedCount, flags: res.flags ?? [] }))
      : render(lang, msg('annot.header.notOk', { source: res.source, page: res.page, status: res.status, reason: scanReason(lang, res.reason ?? '') }));
  const fs = Math.max(12, Math.round(OW / 80));
  const size = LABEL_SIZE * ptPx;
  const labels = requests.length ? stackLabels(requests, OW + size, size) : [];
  const strip = labels.length ? Math.round(Math.max(LABEL_STRIP * ptPx, ...labels.map((l) => l.w + 2 * size))) : 0;
  for (const l of labels) parts.push(`<text x="${l.x}" y="${l.y + l.h * 0.78}" font-family="sans-serif" font-size="${size}" fill="#ff3b00">${esc(l.text)}</text>`);
  parts.push(`<rect x="0" y="0" width="${OW + strip}" height="${fs * 1.8}" fill="#000" fill-opacity="0.65"/>`);
  parts.push(`<text x="${fs * 0.5}" y="${fs * 1.3}" font-family="sans-serif" font-size="${fs}" fill="${res.status === 'ok' ? '#ffffff' : '#ffb0b0'}">${esc(header)}</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${OW + strip}" height="${OH}">${parts.join('')}</svg>`;
  return { width: OW + strip, height: OH, pageWidth: OW, pageHeight: OH, svg, labels, ...(toOut ? { toOut } : {}), turn, k };
}

/** The annotated page as JPEG bytes at about 150 DPI (see annotationPlan). */
export async function annotatePage(img: GrayImage, layout: Layout, read: PageRead, lang: Lang = 'vi'): Promise<Buffer> {
  const { svg, width, pageWidth, turn, k } = annotationPlan(img, layout, read, lang);
  const W = Math.round(img.width * k), H = Math.round(img.height * k);
  const small = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } }).resize(W, H).raw().toBuffer({ resolveWithObject: true });
  const up = turn
    ? await sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } }).rotate(turn).raw().toBuffer({ resolveWithObject: true })
    : small;
  const base = sharp(up.data, { raw: { width: up.info.width, height: up.info.height, channels: up.info.channels } });
  // the label strip: white, to the right of the page
  const rgb = await base.toColourspace('srgb').extend({ right: width - pageWidth, background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
  return sharp(rgb.data, { raw: { width: rgb.info.width, height: rgb.info.height, channels: rgb.info.channels } })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .jpeg({ quality: 80 })
    .toBuffer();
}
