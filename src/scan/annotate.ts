import sharp from 'sharp';
import type { Layout } from '../template/layout.js';
import type { GrayImage } from '../util/raster.js';
import type { PageRead } from './read.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Where a point of a W×H picture lands when the picture is turned clockwise by `turn` degrees
 * (sharp's rotate). Annotated pages are turned upright this way; review crops follow them.
 */
export function turnPoint(turn: 0 | 90 | 180 | 270, W: number, H: number): (x: number, y: number) => [number, number] {
  return (x, y) => (turn === 90 ? [H - y, x] : turn === 180 ? [W - x, H - y] : turn === 270 ? [y, W - x] : [x, y]);
}

/**
 * Draw what was read on the page, for a person to check at a glance: green rings on marks
 * read, orange on flagged groups (with the reason), blue squares on registration marks found
 * (red where a mark was missing), the QR area, and a header line with the page's identity.
 * Returns JPEG bytes at about 150 DPI.
 */
export async function annotatePage(img: GrayImage, layout: Layout, read: PageRead): Promise<Buffer> {
  const maxW = 1300;
  const k = Math.min(1, maxW / img.width);
  const W = Math.round(img.width * k), H = Math.round(img.height * k);
  const parts: string[] = [];
  const res = read.result;
  // Draw on the page turned upright: undo the rotation found by registration.
  const turn = ((360 - (res.status === 'ok' ? (res.rotation ?? 0) : 0)) % 360) as 0 | 90 | 180 | 270;
  const OW = turn === 90 || turn === 270 ? H : W;
  const OH = turn === 90 || turn === 270 ? W : H;
  const P = turnPoint(turn, W, H);
  const reg = read.registration;
  const sw = Math.max(1.5, 2.2 * k * (reg ? reg.dpi / 200 : 1));
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
        const last = m.bubbles[m.bubbles.length - 1];
        const o = m.group.options[m.group.options.length - 1];
        const r = o.r * (reg.dpi / 72) * k;
        const [lx, ly] = P(last.cx * k, last.cy * k);
        parts.push(`<text x="${lx + r * 1.4}" y="${ly + r * 0.5}" font-family="sans-serif" font-size="${Math.max(9, r * 1.3)}" fill="#ff3b00">${esc(g.reason ?? '')}</text>`);
      }
    }
    for (const mk of reg.marks) {
      const lm = layout.marks.find((x) => x.id === mk.id)!;
      const s = lm.size * (reg.dpi / 72) * k * 1.3;
      const [mx, my] = P(mk.x * k, mk.y * k);
      parts.push(`<rect x="${mx - s / 2}" y="${my - s / 2}" width="${s}" height="${s}" fill="none" stroke="${mk.found ? '#0060ff' : '#ff0000'}" stroke-width="${sw * 1.5}"/>`);
    }
    if (read.qrBox) {
      const a = P(read.qrBox.x * k, read.qrBox.y * k);
      const b = P((read.qrBox.x + read.qrBox.w) * k, (read.qrBox.y + read.qrBox.h) * k);
      const q = { x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), w: Math.abs(a[0] - b[0]), h: Math.abs(a[1] - b[1]) };
      parts.push(`<rect x="${q.x}" y="${q.y}" width="${q.w}" height="${q.h}" fill="none" stroke="${res.identity ? '#0060ff' : '#ff0000'}" stroke-width="${sw}" stroke-dasharray="${sw * 4},${sw * 3}"/>`);
    }
  }
  const flaggedCount = res.groups ? Object.values(res.groups).filter((g) => g.flagged).length : 0;
  const header =
    res.status === 'ok'
      ? `${res.source} p.${res.page} · số phiếu ${res.serial ?? '?'} · SBD ${res.candidateNumber} · mã đề ${res.examCode} · xoay ${res.rotation}° · ${flaggedCount} cần xem${res.flags?.length ? ' · ' + res.flags.join(', ') : ''}`
      : `${res.source} p.${res.page} · ${res.status}: ${res.reason ?? ''}`;
  const fs = Math.max(12, Math.round(OW / 80));
  parts.push(`<rect x="0" y="0" width="${OW}" height="${fs * 1.8}" fill="#000" fill-opacity="0.65"/>`);
  parts.push(`<text x="${fs * 0.5}" y="${fs * 1.3}" font-family="sans-serif" font-size="${fs}" fill="${res.status === 'ok' ? '#ffffff' : '#ffb0b0'}">${esc(header)}</text>`);
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${OW}" height="${OH}">${parts.join('')}</svg>`);
  const small = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } }).resize(W, H).raw().toBuffer({ resolveWithObject: true });
  const up = turn
    ? await sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } }).rotate(turn).raw().toBuffer({ resolveWithObject: true })
    : small;
  const base = sharp(up.data, { raw: { width: up.info.width, height: up.info.height, channels: up.info.channels } });
  return base
    .toColourspace('srgb')
    .composite([{ input: svg, top: 0, left: 0 }])
    .jpeg({ quality: 80 })
    .toBuffer();
}
