/**
 * The fixture generator: reproducible, every format decodes, the truth covers the layout, and
 * our own reader reads the fixtures with no silent error.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyEffects,
  checkRead,
  defaultSheetPrinter,
  describeCheck,
  encodeGrayJpeg,
  encodePage,
  fillSheet,
  generateScanSet,
  generateSheetPage,
  mulberry32,
  type PageTruth,
  type ScanSet,
} from '../src/fixtures/index.js';
import { readPage } from '../src/scan/read.js';
import type { PageResult } from '../src/scan/types.js';
import type { GrayImage } from '../src/util/raster.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'omr-fixtures-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

const asGray = async (s: sharp.Sharp): Promise<GrayImage> => {
  const { data, info } = await s.greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
};

/** The full-page JPEGs of a scanned PDF, in page order. */
async function pdfJpegs(bytes: Uint8Array): Promise<Uint8Array[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((p) => {
    const xo = p.node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
    const [, ref] = xo.entries()[0];
    const img = doc.context.lookup(ref) as PDFRawStream;
    expect(img.dict.get(PDFName.of('Filter'))?.toString()).toBe('/DCTDecode');
    return img.contents;
  });
}

/** Decode every page of a generated file to gray (sharp for images, the embedded JPEG for PDFs). */
async function decodePages(file: string): Promise<GrayImage[]> {
  const bytes = readFileSync(file);
  if (file.endsWith('.pdf')) return Promise.all((await pdfJpegs(bytes)).map((j) => asGray(sharp(j))));
  const pages = (await sharp(bytes).metadata()).pages ?? 1;
  return Promise.all(Array.from({ length: pages }, (_, i) => asGray(sharp(bytes, { page: i }))));
}

/** Tag values of the first IFD of a little-endian TIFF (enough to check compression and bit depth). */
function tiffTags(bytes: Uint8Array): Map<number, number> {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(String.fromCharCode(bytes[0], bytes[1])).toBe('II');
  const ifd = dv.getUint32(4, true);
  const n = dv.getUint16(ifd, true);
  const tags = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    const type = dv.getUint16(e + 2, true);
    tags.set(dv.getUint16(e, true), type === 3 ? dv.getUint16(e + 8, true) : dv.getUint32(e + 8, true));
  }
  return tags;
}

describe('fixture generator', () => {
  let set: ScanSet;
  const printer = defaultSheetPrinter();
  const layout = printer.layout;

  beforeAll(async () => {
    set = await generateScanSet({
      outDir: path.join(tmp, 'set'),
      seed: 20250615,
      sheets: 7,
      effects: ['clean', 'bitonal', 'phone', 'bitonal', 'upside-down', 'tinted', 'dpi150'],
      pagesPerFile: 2,
      printer,
    });
  });

  it('the layered rendering of a printed sheet equals a full render of our PDF', async () => {
    const fast = await printer.render('000001', 150);
    const full = await printer.renderFull('000001', 150);
    expect([fast.width, fast.height]).toEqual([full.width, full.height]);
    let diff = 0;
    for (let i = 0; i < fast.data.length; i++) diff = Math.max(diff, Math.abs(fast.data[i] - full.data[i]));
    expect(diff).toBeLessThanOrEqual(8);
  });

  it('writes a gray JPEG as a scanner set to "gray" does: one channel, the DPI in JFIF or none', async () => {
    const tinted = { width: 40, height: 30, channels: 3, data: new Uint8Array(40 * 30 * 3).fill(200) };
    const withDpi = await encodeGrayJpeg(tinted, 85, 300);
    expect(withDpi.subarray(2, 11)).toEqual(Buffer.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]));
    expect(await sharp(withDpi).metadata()).toMatchObject({ width: 40, height: 30, channels: 1, space: 'b-w', density: 300 });
    const bare = await encodeGrayJpeg(tinted, 85);
    expect(bare.includes(Buffer.from('JFIF'))).toBe(false);
    expect(await sharp(bare).metadata()).toMatchObject({ channels: 1, density: 72 }); // libvips' default: no DPI stated
  });

  it('is deterministic for a seed, and the seed matters', async () => {
    const opts = { sheets: 2, effects: ['skewed', 'bitonal'] as const, nonSheets: { blank_page: 1 }, printer };
    const a = await generateScanSet({ ...opts, effects: [...opts.effects], outDir: path.join(tmp, 'a'), seed: 7 });
    const b = await generateScanSet({ ...opts, effects: [...opts.effects], outDir: path.join(tmp, 'b'), seed: 7 });
    expect(a.files.map((f) => path.basename(f.path))).toEqual(b.files.map((f) => path.basename(f.path)));
    expect(a.files.map((f) => sha(f.path))).toEqual(b.files.map((f) => sha(f.path)));
    expect(readFileSync(a.truthPath, 'utf8')).toBe(readFileSync(b.truthPath, 'utf8'));

    const p1 = await generateSheetPage({ printer, serial: '000001', profile: 'flatbed', seed: 1 });
    const p2 = await generateSheetPage({ printer, serial: '000001', profile: 'flatbed', seed: 2 });
    expect(p1.truth.candidateNumber).not.toBe(p2.truth.candidateNumber);
    expect(Buffer.from(p1.raster.data).equals(Buffer.from(p2.raster.data))).toBe(false);
  });

  it('writes every format, and each decodes (G4 TIFF is 1-bit CCITT, PDFs hold one JPEG per page)', async () => {
    const formats = new Set(set.files.map((f) => f.format));
    for (const f of ['jpeg', 'png', 'tiff', 'tiff-g4', 'pdf', 'broken']) expect(formats).toContain(f);
    for (const f of set.files) {
      if (f.format === 'broken') continue;
      const pages = await decodePages(f.path);
      expect(pages.length, f.path).toBe(f.pages.length);
      for (const p of pages) expect(p.width * p.height).toBeGreaterThan(1000 * 1000);
      if (f.format === 'tiff-g4') {
        const tags = tiffTags(readFileSync(f.path));
        expect(tags.get(259), 'compression').toBe(4);
        expect(tags.get(258), 'bits per sample').toBe(1);
      }
    }
    // the two bitonal sheets share one G4 file (pagesPerFile 2); the cover letter leads a batch PDF
    const g4 = set.files.filter((f) => f.format === 'tiff-g4');
    expect(g4.map((f) => f.pages.length)).toEqual([2]);
    const letter = set.files.find((f) => f.pages.some((p) => p.truth.kind === 'cover_letter'))!;
    expect(letter.format).toBe('pdf');
    expect(letter.pages[0].truth.kind).toBe('cover_letter');
  });

  it('records the truth for every group of the layout, and the status of every page', () => {
    const truth = JSON.parse(readFileSync(set.truthPath, 'utf8'));
    expect(truth.files.length).toBe(set.files.length);
    const keys = layout.groups.map((g) => g.key).sort();
    const pages = set.files.flatMap((f) => f.pages.map((p) => p.truth));
    const sheets = pages.filter((p) => p.kind === 'sheet');
    expect(sheets.length).toBe(7);
    for (const t of sheets) {
      expect(t.status).toBe('ok');
      expect(Object.keys(t.groups!).sort()).toEqual(keys);
      expect(t.serial).toMatch(/^\d{6}$/);
      expect(t.candidateNumber).toMatch(/^\d{6}$/);
      expect(t.examCode).toMatch(/^\d{3}$/);
      for (const [k, g] of Object.entries(t.groups!)) {
        if (k.startsWith('sbd.')) expect(g.value).toBe(t.candidateNumber![Number(k.slice(4))]);
        if (k.startsWith('made.')) expect(g.value).toBe(t.examCode![Number(k.slice(5))]);
        if (g.kind === 'double') expect(g).toMatchObject({ mustFlag: true, mayFlag: false });
        if (g.kind === 'clear') expect(g).toMatchObject({ mustFlag: false, mayFlag: false });
      }
    }
    const kinds = Object.fromEntries(pages.filter((p) => p.kind !== 'sheet').map((p) => [p.kind, p.status]));
    expect(kinds).toEqual({ blank_page: 'not_a_sheet', cover_letter: 'not_a_sheet', truncated: 'error', empty_file: 'error' });
    const bitonal = sheets.find((p) => p.effects.bitonal !== undefined)!;
    expect(Object.values(bitonal.groups!).some((g) => g.kind === 'light')).toBe(false);
  });

  it('fills groups the way the truth says (double marks sorted, erasure reads as the clear mark)', async () => {
    const blank = await printer.render('000002', 100);
    const mix = { double: 1, erasure: 1, light: 1, tick: 1, cross: 1, dot: 1, blank: 1, clear: 1 };
    const a = fillSheet(blank, layout, { serial: '000002', candidateNumber: '012345', examCode: '101', mix }, mulberry32(3));
    const b = fillSheet(blank, layout, { serial: '000002', candidateNumber: '012345', examCode: '101', mix }, mulberry32(3));
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(Buffer.from(a.image.data).equals(Buffer.from(blank.data))).toBe(false);
    const seen = new Set<string>();
    for (const g of layout.groups.filter((x) => x.kind === 'question')) {
      const t = a.truth.groups[g.key];
      seen.add(t.kind);
      const opts = g.options.map((o) => o.value);
      if (t.kind === 'double') expect(t.value.length === 2 && opts.indexOf(t.value[0]) < opts.indexOf(t.value[1])).toBe(true);
      if (t.kind === 'erasure') {
        expect(t.marks!.map((m) => m.what)).toEqual(['residue', 'fill']);
        expect(t.value).toBe(t.marks![1].option);
      }
      if (t.kind === 'blank') expect(t.value).toBe('');
    }
    expect(seen.size).toBe(8);
    expect(() => fillSheet(blank, layout, { serial: '1', candidateNumber: '12', examCode: '101' }, mulberry32(1))).toThrow(/exactly 6 digits/);
    // a perfect copy of an answer key
    const key = Object.fromEntries(layout.groups.filter((g) => g.kind === 'question').map((g, i) => [g.key, g.options[i % 4].value]));
    const copy = fillSheet(blank, layout, { serial: '000002', candidateNumber: '012345', examCode: '101', mix: { clear: 1 }, answers: key }, mulberry32(4));
    for (const [k, v] of Object.entries(key)) expect(copy.truth.groups[k]).toMatchObject({ value: v, kind: 'clear' });
  });

  it('keeps scanner geometry out of the truth: effects change pixels, not groups', async () => {
    const p = await generateSheetPage({ printer, serial: '000003', profile: 'flatbed', seed: 11 });
    const q = await generateSheetPage({ printer, serial: '000003', profile: 'flatbed', seed: 11, effects: { orient: 90, skewDeg: 2.5, jpegQuality: 60 } });
    expect(q.truth.groups).toEqual(p.truth.groups);
    expect([q.raster.width, q.raster.height]).toEqual([p.raster.height, p.raster.width]);
    const jpg = await encodePage(q, 'jpeg');
    expect((await sharp(jpg).metadata()).format).toBe('jpeg');
    const img = await applyEffects({ width: 10, height: 10, data: new Uint8Array(100).fill(200) }, 72, { tint: [250, 240, 220] }, mulberry32(1));
    expect(img.channels).toBe(3);
  });

  describe('read back with our reader', () => {
    const read = async (img: GrayImage, source: string, page: number): Promise<PageResult> => (await readPage(img, layout, { source, page })).result;

    it('gives zero silent errors, and the right serial, SBD and mã đề on every sheet; non-sheets get their status', async () => {
      const problems: string[] = [];
      let groups = 0;
      for (const f of set.files) {
        let images: (GrayImage | undefined)[];
        try {
          images = await decodePages(f.path);
        } catch {
          images = f.pages.map(() => undefined);
        }
        for (const { page, truth } of f.pages) {
          const img = images[page - 1];
          const result: PageResult = img ? await read(img, path.basename(f.path), page) : { source: f.path, page, status: 'error' };
          const c = checkRead(truth as PageTruth, result);
          groups += c.counts.groups;
          problems.push(...describeCheck(`${path.basename(f.path)}#${page} (${truth.profile ?? truth.kind}, seed ${truth.seed})`, c));
          if (truth.kind === 'sheet') {
            // a 1-bit threshold can thin a light pencil digit: flagged is acceptable there, wrong never
            const want = truth.effects.bitonal !== undefined ? ['ok', 'flagged'] : ['ok'];
            expect.soft(c.serial, `${f.path}#${page} serial`).toBe('ok');
            expect.soft(want, `${f.path}#${page} SBD ${c.candidateNumber}`).toContain(c.candidateNumber);
            expect.soft(want, `${f.path}#${page} mã đề ${c.examCode}`).toContain(c.examCode);
          }
        }
      }
      expect(groups).toBe(7 * layout.groups.length);
      expect(problems).toEqual([]);
    });

    // Found by these fixtures: a clearly visible tick (✓) in a bubble measures fill ≈ 0.13-0.16
    // against empty ≈ 0.05-0.07; it was read as blank without a flag until the reader compared
    // each option with its own printed letter's empty level and set the "something is there"
    // threshold from the sheet's noise. It must now be flagged.
    it('a dark tick is flagged, never read as blank (seed 298988044, q20 and q52)', async () => {
      const page = await generateSheetPage({ printer, serial: '000004', profile: 'flatbed', seed: 298988044, style: 'firm', mix: { tick: 0.5, clear: 0.5 } });
      expect(page.truth.groups!.q20).toMatchObject({ kind: 'tick', value: 'C' });
      const jpeg = await encodePage(page, 'jpeg');
      const c = checkRead(page.truth, await read(await asGray(sharp(jpeg)), 'tick.jpg', 1));
      expect(describeCheck('ticks', c)).toEqual([]);
    });
  });
});
