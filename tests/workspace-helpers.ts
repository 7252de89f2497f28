/**
 * Real artefacts for the workspace tests: a roster, answer keys, personalised sheets printed
 * with the print module (the real PDF, real QR codes), rasterised with pdfjs, bubbles filled at
 * the layout's coordinates, saved as JPEG files like a scanner's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { defaultExam, type Exam } from '../src/exam/exam.js';
import { openPdf } from '../src/pdf/rasterize.js';
import { renderSheetsPdf } from '../src/print/sheet.js';
import type { Candidate } from '../src/roster/types.js';
import type { Layout } from '../src/template/layout.js';
import { loadLayout } from '../src/template/load.js';
import type { GrayImage } from '../src/util/raster.js';

export const OPTS = ['A', 'B', 'C', 'D'];
/** The key: a fixed pattern per mã đề. */
export const keyOf = (code: string, q: number): string => OPTS[(q * 7 + Number(code)) % 4];
export const wrongOf = (v: string): string => OPTS[(OPTS.indexOf(v) + 1) % 4];

export function keyCsv(codes: string[]): string {
  const lines = ['ma_de,cau,dap_an'];
  for (const c of codes) for (let q = 1; q <= 100; q++) lines.push(`${c},${q},${keyOf(c, q)}`);
  return lines.join('\n') + '\n';
}

const UNITS = ['Phường Bến Nghé', 'Xã Tân Nhựt', 'Phường 7'];
export function candidates(n: number): Candidate[] {
  return Array.from({ length: n }, (_, i) => ({
    row: i + 2,
    sbd: String(i + 1).padStart(6, '0'),
    hoTen: `Nguyễn Văn Thí Sinh ${i + 1}`,
    ngaySinh: `0${(i % 9) + 1}/05/1985`,
    donVi: UNITS[i % UNITS.length],
    nhom: ((i % 3) + 1) as 1 | 2 | 3,
    chucDanh: 'Công chức',
  }));
}

export function rosterCsv(list: Candidate[]): string {
  return ['sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh', ...list.map((c) => [c.sbd, c.hoTen, c.ngaySinh, c.donVi, c.nhom, c.chucDanh].join(','))].join('\n') + '\n';
}

/** What to bubble on one sheet. */
export interface SheetFill {
  serial: string;
  candidate?: Candidate;
  /** Bubbled SBD (default: the candidate's). */
  sbd: string;
  made: string;
  /** Number of answers right (the first ones), the rest wrong. */
  correct: number;
  /** Special marks: q → 'light' (faint fill), 'double' (two options), 'blank'. */
  marks?: Record<number, 'light' | 'double' | 'blank'>;
}

function disc(img: GrayImage, cx: number, cy: number, r: number, gray: number): void {
  for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
    for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
      if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
      if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) img.data[y * img.width + x] = Math.min(img.data[y * img.width + x], gray);
    }
  }
}

function fill(img: GrayImage, layout: Layout, f: SheetFill): void {
  const s = img.width / layout.page.width;
  const mark = (key: string, value: string, gray = 40, cover = 0.85): void => {
    const g = layout.groups.find((x) => x.key === key)!;
    const o = g.options.find((x) => x.value === value)!;
    disc(img, o.x * s, o.y * s, o.r * s * cover, gray);
  };
  for (let q = 1; q <= 100; q++) {
    const k = keyOf(f.made, q);
    const v = q <= f.correct ? k : wrongOf(k);
    const special = f.marks?.[q];
    if (special === 'blank') continue;
    if (special === 'light') mark(`q${q}`, v, 200, 0.6);
    else if (special === 'double') {
      mark(`q${q}`, v);
      mark(`q${q}`, wrongOf(v));
    } else mark(`q${q}`, v);
  }
  f.sbd.split('').forEach((d, i) => mark(`sbd.${i}`, d));
  f.made.split('').forEach((d, i) => mark(`made.${i}`, d));
}

/** Print the sheets (one PDF, as omr generate does), fill them and save one JPEG per sheet. */
export async function makeScans(dir: string, sheets: SheetFill[], opts: { exam?: Exam; dpi?: number; names?: (i: number, f: SheetFill) => string } = {}): Promise<string[]> {
  const { template, layout } = loadLayout();
  const exam = opts.exam ?? defaultExam(2025);
  const dpi = opts.dpi ?? 150;
  mkdirSync(dir, { recursive: true });
  const pdf = await renderSheetsPdf({ template, layout, exam, sheets: sheets.map((s) => ({ serial: s.serial, ...(s.candidate ? { candidate: s.candidate } : {}) })) });
  const doc = await openPdf(pdf, 'sheets.pdf');
  const files: string[] = [];
  try {
    for (let i = 0; i < sheets.length; i++) {
      const img = await doc.renderPage(i + 1, dpi);
      fill(img, layout, sheets[i]);
      const file = path.join(dir, opts.names ? opts.names(i, sheets[i]) : `scan-${String(i + 1).padStart(3, '0')}.jpg`);
      const jpeg = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } }).withMetadata({ density: dpi }).jpeg({ quality: 90 }).toBuffer();
      writeFileSync(file, jpeg);
      files.push(file);
    }
  } finally {
    await doc.close();
  }
  return files;
}

export { defaultExam };
