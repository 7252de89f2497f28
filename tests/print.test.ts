import { beforeAll, describe, expect, it } from 'vitest';
import { openPdf, type PdfDocumentHandle } from '../src/pdf/rasterize.js';
import { EXAMPLE_EXAM, loadExam, type Exam } from '../src/exam/exam.js';
import { encodeIdentity, parseIdentity } from '../src/identity/payload.js';
import { generateSheets } from '../src/print/generate.js';
import type { Candidate } from '../src/roster/types.js';
import { decodeQr } from '../src/scan/qr.js';
import type { Layout } from '../src/template/layout.js';
import { loadLayout } from '../src/template/load.js';
import type { Template } from '../src/template/schema.js';
import type { GrayImage } from '../src/util/raster.js';

const DPI = 200;
const S = DPI / 72;

/** Every Vietnamese vowel with every tone, lower and upper case: 12 lines of 12 letters. */
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const TONES = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323']; // none, huyền, hỏi, ngã, sắc, nặng
const toneLine = (v: string): string => {
  const lower = TONES.map((t) => (v + t).normalize('NFC')).join('');
  return `${lower} ${lower.toLocaleUpperCase('vi')}`;
};

const NAMES = ['Nguyễn Thị Ánh Tuyết', 'Đặng Hữu Phước', 'Lê Thị Hằng Ỷ', 'Trần Văn Đức', 'Phạm Thị Ngọc Ẩn', 'Võ Ơn Ửng'];

const cand = (i: number, hoTen: string, extra: Partial<Candidate> = {}): Candidate => ({
  row: i + 2,
  sbd: String(12345 + i).padStart(6, '0'),
  hoTen,
  ngaySinh: '04/03/1978',
  donVi: 'UBND xã Phong Hiền, huyện Phong Điền',
  nhom: ((i % 3) + 1) as 1 | 2 | 3,
  chucDanh: 'Công chức Văn phòng - Thống kê',
  ...extra,
});

let template: Template;
let layout: Layout;
let exam: Exam;
let candidates: Candidate[];
let doc: PdfDocumentHandle;
let blankDoc: PdfDocumentHandle;
let page1: GrayImage;
let blank1: GrayImage;

beforeAll(async () => {
  ({ template, layout } = loadLayout());
  exam = loadExam(EXAMPLE_EXAM);
  candidates = [
    ...NAMES.map((n, i) => cand(i, n)),
    ...VOWELS.map((v, i) => cand(NAMES.length + i, toneLine(v), { donVi: 'Đội đ Đ' })),
  ];
  const personal = await generateSheets({ template, layout, exam, candidates, firstSerial: 123 });
  doc = await openPdf(personal.pdf);
  page1 = await doc.renderPage(1, DPI);
  const blank = await generateSheets({ template, layout, exam, count: 2, firstSerial: 7 });
  blankDoc = await openPdf(blank.pdf);
  blank1 = await blankDoc.renderPage(1, DPI);
});

const px = (img: GrayImage, xPt: number, yPt: number): number => {
  const x = Math.min(img.width - 1, Math.max(0, Math.round(xPt * S - 0.5)));
  const y = Math.min(img.height - 1, Math.max(0, Math.round(yPt * S - 0.5)));
  return img.data[y * img.width + x];
};
/** Darkest pixel in a (2k+1)² neighbourhood of a point given in points. */
const darkest = (img: GrayImage, xPt: number, yPt: number, k = 1): number => {
  const cx = Math.round(xPt * S - 0.5), cy = Math.round(yPt * S - 0.5);
  let m = 255;
  for (let dy = -k; dy <= k; dy++) for (let dx = -k; dx <= k; dx++) m = Math.min(m, img.data[(cy + dy) * img.width + cx + dx]);
  return m;
};
function crop(img: GrayImage, xPt: number, yPt: number, wPt: number, hPt: number): GrayImage {
  const x0 = Math.round(xPt * S), y0 = Math.round(yPt * S), w = Math.round(wPt * S), h = Math.round(hPt * S);
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + w), y * w);
  return { width: w, height: h, data };
}

describe('generated PDF', () => {
  it('has one A4 page per sheet', async () => {
    expect(doc.numPages).toBe(candidates.length);
    expect(blankDoc.numPages).toBe(2);
    for (const n of [1, doc.numPages]) {
      const size = await doc.pageSize(n);
      expect(size.width).toBeCloseTo(595.28, 1);
      expect(size.height).toBeCloseTo(841.89, 1);
    }
  });

  it('has the Vietnamese form text exactly in its text layer', async () => {
    const text = (await doc.pageText(1)).normalize('NFC');
    const expected = [
      'ỦY BAN NHÂN DÂN HUYỆN PHONG ĐIỀN',
      'HỘI ĐỒNG KIỂM TRA, SÁT HẠCH',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'PHIẾU TRẢ LỜI TRẮC NGHIỆM',
      'KỲ KIỂM TRA, SÁT HẠCH ĐỊNH KỲ CÁN BỘ, CÔNG CHỨC CẤP XÃ',
      'Năm 2025',
      'Ngày thi: 15/06/2025',
      'Địa điểm: Hội trường Ủy ban nhân dân huyện',
      'Họ và tên:',
      'Ngày sinh:',
      'Đơn vị công tác:',
      'Chức vụ/chức danh:',
      'Nhóm:',
      'HƯỚNG DẪN TÔ PHIẾU',
      'Tô đúng:',
      'Tô sai:',
      'Thí sinh',
      'Cán bộ coi thi 1',
      'Cán bộ coi thi 2',
      '(Ký, ghi rõ họ tên)',
      'SỐ BÁO DANH',
      'MÃ ĐỀ',
      'Phần I. Kiến thức chung (câu 1-40)',
      'Phần II. Kiến thức, kỹ năng chuyên môn, nghiệp vụ (câu 41-100)',
      'Số phiếu:',
      '000123',
      'Nguyễn Thị Ánh Tuyết',
      '04/03/1978',
      'UBND xã Phong Hiền, huyện Phong Điền',
      'Công chức Văn phòng - Thống kê',
    ];
    for (const s of expected) expect(text, s).toContain(s);
  });

  it('keeps every Vietnamese letter and tone mark of roster names', async () => {
    for (let i = 0; i < candidates.length; i++) {
      const text = (await doc.pageText(i + 1)).normalize('NFC');
      expect(text).toContain(candidates[i].hoTen);
      expect(text).toContain(String(123 + i).padStart(6, '0'));
    }
    const all = (await doc.pageText(NAMES.length + 1)).normalize('NFC');
    expect(all).toContain('Đội đ Đ');
  });

  it('prints a QR code that decodes to the sheet identity', async () => {
    for (const [img, serial] of [
      [page1, '000123'],
      [blank1, '000007'],
    ] as const) {
      const m = 10;
      const hits = await decodeQr(crop(img, layout.qr.x - m, layout.qr.y - m, layout.qr.w + 2 * m, layout.qr.h + 2 * m));
      expect(hits.length).toBe(1);
      expect(hits[0].text).toBe(encodeIdentity({ examId: 'phong-dien-2025', serial, template: 'sat-hach-100', templateVersion: 1 }));
      expect(parseIdentity(hits[0].text).serial).toBe(serial);
    }
    const last = await doc.renderPage(doc.numPages, DPI);
    const m = 10;
    const hits = await decodeQr(crop(last, layout.qr.x - m, layout.qr.y - m, layout.qr.w + 2 * m, layout.qr.h + 2 * m));
    expect(parseIdentity(hits[0].text).serial).toBe(String(123 + doc.numPages - 1).padStart(6, '0'));
  });

  it('prints solid registration marks with a clean quiet zone', () => {
    const qz = template.registration.quietZone;
    for (const img of [page1, blank1]) {
      for (const m of layout.marks) {
        const h = m.size / 2;
        // solid black across the mark
        for (const [dx, dy] of [[0, 0], [-0.6, -0.6], [0.6, -0.6], [-0.6, 0.6], [0.6, 0.6]]) {
          expect(px(img, m.x + dx * h, m.y + dy * h), `mark ${m.id}`).toBeLessThan(40);
        }
        // every pixel of the quiet zone is paper, except where another mark sits
        const others = layout.marks.filter((o) => o !== m);
        const inOther = (x: number, y: number): boolean => others.some((o) => Math.abs(x - o.x) <= o.size / 2 + 1 && Math.abs(y - o.y) <= o.size / 2 + 1);
        let dark = 0;
        const step = 0.5;
        for (let y = m.y - h - qz + 0.5; y <= m.y + h + qz - 0.5; y += step) {
          for (let x = m.x - h - qz + 0.5; x <= m.x + h + qz - 0.5; x += step) {
            if (Math.abs(x - m.x) < h + 1.2 && Math.abs(y - m.y) < h + 1.2) continue; // the mark and its anti-aliased edge
            if (inOther(x, y)) continue;
            if (px(img, x, y) < 200) dark++;
          }
        }
        expect(dark, `dark pixels in the quiet zone of mark ${m.id}`).toBe(0);
        // and just outside the mark, white on all four sides
        for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
          const x = m.x + dx * (h + qz / 2), y = m.y + dy * (h + qz / 2);
          if (!inOther(x, y)) expect(px(img, x, y)).toBeGreaterThan(230);
        }
      }
    }
  });

  it('prints every bubble of the layout where the layout says', () => {
    const stroke = layout.bubbleStroke;
    let bubbles = 0;
    for (const img of [page1, blank1]) {
      for (const g of layout.groups) {
        for (const o of g.options) {
          const ring = o.r - stroke / 2;
          for (let k = 0; k < 16; k++) {
            const a = (k * Math.PI) / 8 + 0.1;
            expect(darkest(img, o.x + ring * Math.cos(a), o.y + ring * Math.sin(a)), `ring of ${g.key}.${o.value}`).toBeLessThan(130);
          }
          // inside the ring, away from the letter: paper
          for (const [dx, dy] of [[1, 1], [1, -1], [-1, 1], [-1, -1]]) {
            const d = 0.46 * o.r;
            expect(px(img, o.x + dx * d, o.y + dy * d), `inside of ${g.key}.${o.value}`).toBeGreaterThan(215);
          }
          // the letter is there, and light: never as dark as a pencil mark
          let letterMin = 255;
          for (let dy = -2; dy <= 2; dy += 0.25) for (let dx = -2; dx <= 2; dx += 0.25) letterMin = Math.min(letterMin, px(img, o.x + dx, o.y + dy));
          expect(letterMin, `letter in ${g.key}.${o.value}`).toBeLessThan(200);
          expect(letterMin, `letter in ${g.key}.${o.value}`).toBeGreaterThan(80);
          bubbles++;
        }
      }
    }
    expect(bubbles).toBe(2 * (100 * 4 + 9 * 10));
  });

  it('prefills the SBD write-in boxes on personalised sheets only', () => {
    const boxes = layout.grids.sbd.writeBoxes;
    const inkIn = (img: GrayImage, b: { x: number; y: number; w: number; h: number }): number => {
      let n = 0;
      for (let y = b.y + 2; y < b.y + b.h - 2; y += 0.5) for (let x = b.x + 2; x < b.x + b.w - 2; x += 0.5) if (px(img, x, y) < 128) n++;
      return n;
    };
    for (const b of boxes) {
      expect(inkIn(page1, b)).toBeGreaterThan(5);
      expect(inkIn(blank1, b)).toBe(0);
    }
  });
});
