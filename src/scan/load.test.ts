import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { degrees, PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrayImage } from '../util/raster.js';
import { encodeGrayJpeg } from '../fixtures/index.js';
import { compareNatural, downscaleTo, listInputs, loadBuffer, loadInputs, loadPages, MESSAGES, sniff, type InputFile, type LoadedPage, type LoadOptions } from './load.js';
import { singleDoPlacement } from './load-pdf.js';
import { walkTiffChain } from './load-tiff.js';

// ---------------------------------------------------------------------------------------------
// Inputs are generated here at test time; no binary is committed.

/** A white W×H gray page with a black square of side s at (x, y). */
function pageRaw(W: number, H: number, sq: { x: number; y: number; s: number }, paper = 255): Buffer {
  const b = Buffer.alloc(W * H, paper);
  for (let y = sq.y; y < sq.y + sq.s; y++) b.fill(0, y * W + sq.x, y * W + sq.x + sq.s);
  return b;
}
const graySharp = (raw: Buffer, W: number, H: number) => sharp(raw, { raw: { width: W, height: H, channels: 1 } });

/** A gray scan's JPEG, its DPI in a JFIF header when given (the fixtures' encoder). */
const grayJpeg = (raw: Buffer, W: number, H: number, dpi?: number, quality = 90) => encodeGrayJpeg({ width: W, height: H, channels: 1, data: raw }, quality, dpi);

/** Mean of a rectangle of a gray image. */
function mean(img: GrayImage, x: number, y: number, w: number, h: number): number {
  let s = 0;
  for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) s += img.data[j * img.width + i];
  return s / (w * h);
}

/** Dark inside the square (with a margin for JPEG ringing and resampling), white well outside it. */
function expectSquare(img: GrayImage, sq: { x: number; y: number; s: number }, scale = 1) {
  const m = Math.ceil(4 * scale) + 2;
  const x = Math.round(sq.x * scale);
  const y = Math.round(sq.y * scale);
  const s = Math.round(sq.s * scale);
  expect(mean(img, x + m, y + m, s - 2 * m, s - 2 * m)).toBeLessThan(30);
  // a band to the right of and below the square, and the far corner
  expect(mean(img, x + s + m, y, Math.min(s, img.width - x - s - m), s)).toBeGreaterThan(225);
  expect(mean(img, x, y + s + m, s, Math.min(s, img.height - y - s - m))).toBeGreaterThan(225);
  expect(mean(img, img.width - 20, img.height - 20, 10, 10)).toBeGreaterThan(225);
}

async function collect(gen: AsyncGenerator<LoadedPage>): Promise<LoadedPage[]> {
  const out: LoadedPage[] = [];
  for await (const p of gen) out.push(p);
  return out;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Minimal little-endian TIFF writer (uncompressed strips) for damaged and unusual files. */
interface TiffPage {
  width: number;
  height: number;
  bits: 1 | 8 | 16;
  data: Uint8Array;
  dpi?: number;
  /** A private tag, as scanner drivers write. */
  extraTag?: boolean;
  /** Strip offset far beyond the end of the file. */
  badOffset?: boolean;
  /** NewSubfileType 1: a reduced-resolution copy (thumbnail). */
  thumbnail?: boolean;
}
function writeTiff(pages: TiffPage[]): Buffer {
  let off = 8;
  const layout: { p: TiffPage; dataOff: number; ratOff: number; ifdOff: number; tags: number[][] }[] = [];
  for (const p of pages) {
    const dataOff = off;
    off += p.data.length + (p.data.length & 1);
    const ratOff = off;
    off += 16;
    const tags = [
      [256, 4, p.width],
      [257, 4, p.height],
      [258, 3, p.bits],
      [259, 3, 1],
      [262, 3, p.bits === 1 ? 0 : 1], // 1-bit pages are WhiteIsZero, as fax and G4 files are
      [273, 4, p.badOffset ? 0x7ffffff0 : dataOff],
      [277, 3, 1],
      [278, 4, p.height],
      [279, 4, p.data.length],
      [282, 5, ratOff],
      [283, 5, ratOff + 8],
      [296, 3, 2],
    ];
    if (p.extraTag) tags.push([65000, 4, 12345]);
    if (p.thumbnail) tags.push([254, 4, 1]);
    tags.sort((a, b) => a[0] - b[0]);
    const ifdOff = off;
    off += 2 + tags.length * 12 + 4;
    layout.push({ p, dataOff, ratOff, ifdOff, tags });
  }
  const buf = Buffer.alloc(off);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(layout[0].ifdOff, 4);
  layout.forEach(({ p, dataOff, ratOff, ifdOff, tags }, i) => {
    Buffer.from(p.data).copy(buf, dataOff);
    const dpi = p.dpi ?? 300;
    buf.writeUInt32LE(dpi, ratOff);
    buf.writeUInt32LE(1, ratOff + 4);
    buf.writeUInt32LE(dpi, ratOff + 8);
    buf.writeUInt32LE(1, ratOff + 12);
    buf.writeUInt16LE(tags.length, ifdOff);
    tags.forEach(([t, ty, v], k) => {
      const o = ifdOff + 2 + k * 12;
      buf.writeUInt16LE(t, o);
      buf.writeUInt16LE(ty, o + 2);
      buf.writeUInt32LE(1, o + 4);
      if (ty === 3) buf.writeUInt16LE(v, o + 8);
      else buf.writeUInt32LE(v, o + 8);
    });
    buf.writeUInt32LE(i + 1 < layout.length ? layout[i + 1].ifdOff : 0, ifdOff + 2 + tags.length * 12);
  });
  return buf;
}

/** Offsets of the page directories of a little-endian classic TIFF. */
function ifdOffsets(t: Buffer): number[] {
  const out: number[] = [];
  let next = t.readUInt32LE(4);
  while (next) {
    out.push(next);
    next = t.readUInt32LE(next + 2 + t.readUInt16LE(next) * 12);
  }
  return out;
}

/** A hand-written PDF from its objects (1 0 obj, 2 0 obj, ...) and extra trailer entries. */
function handPdf(objs: string[], trailer = ''): Buffer {
  let s = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(s.length);
    s += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = s.length;
  s += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  s += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(s, 'latin1');
}

/** One page and an /Encrypt dictionary whose user password is not empty (O and U are made up). */
function encryptedPdf(): Buffer {
  const hex = (seed: number) => Array.from({ length: 32 }, (_, i) => ((i * 37 + seed) & 255).toString(16).padStart(2, '0')).join('');
  return handPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      `<< /Filter /Standard /V 1 /R 2 /O <${hex(11)}> /U <${hex(99)}> /P -44 >>`,
    ],
    `/Encrypt 4 0 R /ID [<${hex(1).slice(0, 32)}> <${hex(1).slice(0, 32)}>] `,
  );
}

// A4 at 200 DPI, as the scanning desks are told to scan.
const A4 = { w: 1654, h: 2339, wPt: 595.28, hPt: 841.89 };

let dir: string;
const files: Record<string, Buffer> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'omr-load-'));
  const W = 400;
  const H = 560;
  const raw = pageRaw(W, H, { x: 100, y: 150, s: 80 });
  files.grayJpeg = await grayJpeg(raw, W, H, 300);
  const tinted = Buffer.alloc(W * H * 3); // cream-tinted paper
  for (let i = 0; i < W * H; i++) {
    tinted[i * 3] = Math.round(raw[i] * 0.98);
    tinted[i * 3 + 1] = Math.round(raw[i] * 0.94);
    tinted[i * 3 + 2] = Math.round(raw[i] * 0.86);
  }
  files.rgbJpeg = await sharp(tinted, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  await writeFile(path.join(dir, 'gray.jpg'), files.grayJpeg);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const opts: LoadOptions = {};
const one = async (buf: Uint8Array, source: string, o: LoadOptions = opts) => collect(loadBuffer(buf, source, o));

// ---------------------------------------------------------------------------------------------

describe('listInputs', () => {
  it('walks folders recursively in natural order, skips hidden and non-image files', async () => {
    const root = path.join(dir, 'walk');
    await mkdir(path.join(root, 'sub', 'deeper'), { recursive: true });
    await mkdir(path.join(root, '.hidden-dir'), { recursive: true });
    for (const n of ['page10.jpg', 'page2.jpg', 'page1.png', 'UPPER.JPG', 'scan.TIFF', 'b.pdf', '.hidden.jpg', 'notes.txt', 'Thumbs.db', 'sub/page10.tif', 'sub/page9.tif', 'sub/deeper/x.jpeg', '.hidden-dir/y.jpg']) {
      await writeFile(path.join(root, n), files.grayJpeg);
    }
    await symlink(root, path.join(root, 'sub', 'loop')); // a link back up the tree is not followed twice, and said (issue 8)
    const list = await listInputs([root]);
    const rel = list.map((f) => path.relative(root, f.path).split(path.sep).join('/'));
    expect(rel).toEqual(['b.pdf', 'page1.png', 'page2.jpg', 'page10.jpg', 'scan.TIFF', 'sub/deeper/x.jpeg', 'sub/loop', 'sub/page9.tif', 'sub/page10.tif', 'UPPER.JPG']);
    expect(list.filter((f) => f.error !== undefined).map((f) => f.error)).toEqual([MESSAGES.folderLoop(root)]);
    expect(list[2].source).toBe(`${root.split(path.sep).join('/')}/page2.jpg`);
  });

  it('uses the argument as given in source, keeps argument order, lists a file once', async () => {
    const root = path.join(dir, 'args');
    await mkdir(path.join(root, 'scans'), { recursive: true });
    await writeFile(path.join(root, 'scans', 'a2.jpg'), files.grayJpeg);
    await writeFile(path.join(root, 'scans', 'a10.jpg'), files.grayJpeg);
    await writeFile(path.join(root, 'first.jpg'), files.grayJpeg);
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const list = await listInputs(['first.jpg', 'scans/', 'scans/a2.jpg']);
      expect(list.map((f) => f.source)).toEqual(['first.jpg', 'scans/a2.jpg', 'scans/a10.jpg']);
      expect(list[0].path).toBe(path.join(root, 'first.jpg'));
      process.chdir(path.join(root, 'scans'));
      expect((await listInputs(['.'])).map((f) => f.source)).toEqual(['a2.jpg', 'a10.jpg']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('lists a file once when a linked folder, a linked file or a path through a link reaches it again', async () => {
    const root = path.join(dir, 'links');
    await mkdir(path.join(root, 'real', 'sub'), { recursive: true });
    await writeFile(path.join(root, 'real', 'a.jpg'), files.grayJpeg);
    await writeFile(path.join(root, 'real', 'sub', 'b.jpg'), files.grayJpeg);
    await symlink(path.join(root, 'real'), path.join(root, 'alias')); // the same folder under another name
    await mkdir(path.join(root, 'other'));
    await symlink(path.join(root, 'real', 'a.jpg'), path.join(root, 'other', 'a-link.jpg')); // a file linked from elsewhere
    await writeFile(path.join(root, 'other', 'c.jpg'), files.grayJpeg);
    const list = await listInputs([path.join(root, 'real'), path.join(root, 'alias'), path.join(root, 'alias', 'sub', 'b.jpg'), path.join(root, 'other')]);
    expect(list.map((f) => path.relative(root, f.path).split(path.sep).join('/'))).toEqual(['real/a.jpg', 'real/sub/b.jpg', 'other/c.jpg']);
  });

  it('turns a missing path, an empty folder and an explicit non-image file into error entries', async () => {
    const root = path.join(dir, 'errs');
    await mkdir(path.join(root, 'empty'), { recursive: true });
    await writeFile(path.join(root, 'notes.txt'), 'hello\n');
    await writeFile(path.join(root, 'scan001'), files.grayJpeg); // a scanner that writes no extension
    await writeFile(path.join(root, 'ok.jpg'), files.grayJpeg);
    const list = await listInputs([path.join(root, 'nope.jpg'), path.join(root, 'empty'), path.join(root, 'notes.txt'), path.join(root, 'scan001'), path.join(root, 'ok.jpg')]);
    expect(list.map((f) => f.error)).toEqual([
      'file or folder not found → check the path',
      "no JPEG, PNG, TIFF or PDF files in this folder → check the path or the scanner's save folder",
      'not a JPEG, PNG, TIFF or PDF file (.txt) → give scanned images or PDFs',
      undefined,
      undefined,
    ]);
    // an error entry becomes one error page, and the batch goes on
    const pages = [];
    for (const f of list) pages.push(...(await collect(loadPages(f))));
    expect(pages.map((p) => [p.page, p.error === undefined])).toEqual([
      [1, false],
      [1, false],
      [1, false],
      [1, true],
      [1, true],
    ]);
    expect(pages[0].error).toBe(MESSAGES.notFound);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable sub-folder is an error entry in its place', async () => {
    const root = path.join(dir, 'perm');
    await mkdir(path.join(root, 'b-locked'), { recursive: true });
    await writeFile(path.join(root, 'a.jpg'), files.grayJpeg);
    await writeFile(path.join(root, 'c.jpg'), files.grayJpeg);
    await chmod(path.join(root, 'b-locked'), 0);
    try {
      const list = await listInputs([root]);
      expect(list.map((f) => [path.basename(f.path), f.error])).toEqual([
        ['a.jpg', undefined],
        ['b-locked', 'cannot read the folder (permission denied) → check its permissions or copy it somewhere readable'],
        ['c.jpg', undefined],
      ]);
    } finally {
      await chmod(path.join(root, 'b-locked'), 0o755);
    }
  });

  it('natural order compares folder by folder', () => {
    const names = ['b/page10.jpg', 'a10.jpg', 'b/page2.jpg', 'a2.jpg', 'a2/x.jpg', 'A3.jpg'];
    expect([...names].sort(compareNatural)).toEqual(['a2/x.jpg', 'a2.jpg', 'A3.jpg', 'a10.jpg', 'b/page2.jpg', 'b/page10.jpg']);
  });

  it('orders names that differ only in their numbers as the collator does, without it', () => {
    // the collator's numeric order, ties by code units: what compareNatural gives every pair of names
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
    const reference = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
    const parts = ['scan', 'Scan', 'ảnh', 'IMG_', '-', ' ', '.', 'a', 'đ', '0', '00', '1', '01', '007', '9', '10', '099', '100', '12345678901234567890'];
    let seed = 7;
    const pick = () => parts[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % parts.length];
    const names = Array.from({ length: 400 }, () => `${pick()}${pick()}${pick()}${pick()}.jpg`);
    names.push('scan-0009.jpg', 'scan-0010.jpg', 'scan-10.jpg', 'scan-010.jpg', 'Scan-0010.jpg', 'scan 2026 p1.pdf', 'scan 2026 p12.pdf');
    let pairs = 0;
    for (const a of names)
      for (const b of names) {
        expect(Math.sign(compareNatural(a, b)), `${a} vs ${b}`).toBe(Math.sign(reference(a, b)));
        pairs++;
      }
    expect(pairs).toBe(407 * 407);
  });
});

describe('sniff', () => {
  it('detects formats by content', () => {
    expect(sniff(files.grayJpeg.subarray(0, 1024)).kind).toBe('jpeg');
    expect(sniff(Buffer.from('junk\n%PDF-1.7\n')).kind).toBe('pdf');
    expect(sniff(Buffer.from('II*\0')).kind).toBe('tiff');
    expect(sniff(Buffer.from('MM\0*')).kind).toBe('tiff');
    expect(sniff(Buffer.from('<!DOCTYPE html><html><body>Not found</body></html>'))).toEqual({ kind: null, looksLike: 'a web page (HTML)' });
    expect(sniff(Buffer.from('Name,Score\nA,1\n'))).toEqual({ kind: null, looksLike: 'text' });
    expect(sniff(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic'))).toMatchObject({ kind: null, heic: true });
  });
});

describe('single images', () => {
  it('gray JPEG: pixels, DPI from metadata, SHA-256 of the file', async () => {
    expect(await sharp(files.grayJpeg).metadata()).toMatchObject({ channels: 1, space: 'b-w', density: 300 });
    const [p] = await collect(loadPages({ source: 'gray.jpg', path: path.join(dir, 'gray.jpg') }));
    expect(p.error).toBeUndefined();
    expect(p).toMatchObject({ source: 'gray.jpg', page: 1, pageCount: 1, kind: 'jpeg', dpi: 300, dpiSource: 'metadata', sha256: sha(files.grayJpeg) });
    expect(p.image!.width).toBe(400);
    expect(p.image!.height).toBe(560);
    expect(p.image!.data.length).toBe(400 * 560);
    expectSquare(p.image!, { x: 100, y: 150, s: 80 });
  });

  it('RGB JPEG on tinted paper: BT.601 luma, no DPI from the meaningless 72 default', async () => {
    const [p] = await one(files.rgbJpeg, 'rgb.jpg');
    expect(p.error).toBeUndefined();
    expect(p.dpi).toBeUndefined();
    // 255 × (0.299·0.98 + 0.587·0.94 + 0.114·0.86) ≈ 240
    expect(mean(p.image!, 300, 400, 50, 50)).toBeGreaterThan(235);
    expect(mean(p.image!, 300, 400, 50, 50)).toBeLessThan(245);
    expect(mean(p.image!, 110, 160, 60, 60)).toBeLessThan(30);
  });

  it('RGB JPEG with an sRGB profile and a CMYK JPEG load as gray', async () => {
    const W = 200;
    const H = 150;
    const raw = pageRaw(W, H, { x: 40, y: 30, s: 50 });
    const withIcc = await graySharp(raw, W, H).toColourspace('srgb').withMetadata().jpeg().toBuffer();
    expect((await sharp(withIcc).metadata()).hasProfile).toBe(true);
    const cmyk = await graySharp(raw, W, H).toColourspace('srgb').toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    for (const buf of [withIcc, cmyk]) {
      const [p] = await one(buf, 'c.jpg');
      expect(p.error).toBeUndefined();
      expectSquare(p.image!, { x: 40, y: 30, s: 50 });
    }
  });

  it('PNG with alpha is flattened on white; a .jpg that is really a PNG loads', async () => {
    const W = 300;
    const H = 200;
    const rgba = Buffer.alloc(W * H * 4, 0); // transparent black everywhere
    for (let y = 50; y < 100; y++) for (let x = 60; x < 110; x++) rgba.writeUInt32BE(0x000000ff, (y * W + x) * 4); // opaque black
    const png = await sharp(rgba, { raw: { width: W, height: H, channels: 4 } }).withMetadata({ density: 150 }).png().toBuffer();
    const [p] = await one(png, 'photo.jpg');
    expect(p.error).toBeUndefined();
    expect(p.kind).toBe('png');
    expect(p.dpi).toBe(150);
    expectSquare(p.image!, { x: 60, y: 50, s: 50 });
  });

  it('16-bit PNG is brought to 8 bits', async () => {
    const W = 64;
    const H = 64;
    const g16 = new Uint16Array(W * H);
    for (let i = 0; i < W * H; i++) g16[i] = i < W * 32 ? 40000 : 1000;
    const png = await sharp(g16, { raw: { width: W, height: H, channels: 1 } }).toColourspace('grey16').png().toBuffer();
    expect((await sharp(png).metadata()).depth).toBe('ushort');
    const [p] = await one(png, 'deep.png');
    expect(p.error).toBeUndefined();
    expect(Math.abs(p.image!.data[0] - Math.round(40000 / 257))).toBeLessThanOrEqual(1);
    expect(Math.abs(p.image!.data[W * 40] - Math.round(1000 / 257))).toBeLessThanOrEqual(1);
  });

  it('applies the EXIF orientation of a phone photo', async () => {
    const W = 300;
    const H = 200;
    const raw = pageRaw(W, H, { x: 20, y: 30, s: 40 });
    const jpg = await graySharp(raw, W, H).toColourspace('b-w').withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const [p] = await one(jpg, 'phone.jpg');
    expect(p.exifOrientation).toBe(6);
    // orientation 6 = rotate 90° clockwise to display: W×H becomes H×W, (x, y) → (H - y - s, x)
    expect([p.image!.width, p.image!.height]).toEqual([H, W]);
    expectSquare(p.image!, { x: H - 30 - 40, y: 20, s: 40 });
  });

  it('downscales a 600-DPI page while decoding when maxDpi is set, and keeps it otherwise', async () => {
    const W = 1200;
    const H = 1500;
    const jpg = await grayJpeg(pageRaw(W, H, { x: 300, y: 600, s: 300 }), W, H, 600);
    const [full] = await one(jpg, 'big.jpg');
    expect([full.image!.width, full.dpi]).toEqual([1200, 600]);
    const [p] = await one(jpg, 'big.jpg', { maxDpi: 200 });
    expect([p.image!.width, p.image!.height, p.dpi, p.originalDpi]).toEqual([400, 500, 200, 600]);
    expectSquare(p.image!, { x: 300, y: 600, s: 300 }, 1 / 3);
  });

  it('downscaleTo resamples a raster', async () => {
    const img: GrayImage = { width: 400, height: 300, data: new Uint8Array(pageRaw(400, 300, { x: 100, y: 100, s: 100 })) };
    const half = await downscaleTo(img, 0.5);
    expect([half.width, half.height]).toEqual([200, 150]);
    expectSquare(half, { x: 100, y: 100, s: 100 }, 0.5);
    expect(await downscaleTo(img, 1)).toBe(img);
    await expect(downscaleTo(img, 2)).rejects.toThrow('scale must be in (0, 1]');
  });
});

describe('damaged and wrong files', () => {
  it('a truncated JPEG is one error line, and the next file still loads', async () => {
    const root = path.join(dir, 'trunc');
    await mkdir(root, { recursive: true });
    await writeFile(path.join(root, 'p1.jpg'), files.grayJpeg.subarray(0, Math.floor(files.grayJpeg.length / 2)));
    await writeFile(path.join(root, 'p2.jpg'), files.grayJpeg);
    await writeFile(path.join(root, 'p3.jpg'), Buffer.alloc(0));
    await writeFile(path.join(root, 'p4.jpg'), '<!DOCTYPE html><html><head><title>404</title></head></html>');
    const pages: LoadedPage[] = [];
    for (const f of await listInputs([root])) pages.push(...(await collect(loadPages(f))));
    expect(pages.map((p) => p.error)).toEqual([
      'file is truncated or corrupt (JPEG: premature end of data) → scan the sheet again',
      undefined,
      'file is empty (0 bytes) → copy the file again or scan the sheet again',
      'not a JPEG, PNG, TIFF or PDF file (named .jpg but the content is a web page (HTML)) → save or download the scan again as JPEG, PNG, TIFF or PDF',
    ]);
    expect(pages[0].sha256).toBe(sha(files.grayJpeg.subarray(0, Math.floor(files.grayJpeg.length / 2))));
    expect((await collect(loadInputs([root]))).map((p) => p.error)).toEqual(pages.map((p) => p.error));
    expectSquare(pages[1].image!, { x: 100, y: 150, s: 80 });
  });

  it('a truncated PNG and a HEIC photo', async () => {
    const png = await graySharp(pageRaw(200, 200, { x: 10, y: 10, s: 10 }), 200, 200).png().toBuffer();
    expect((await one(png.subarray(0, png.length - 30), 'a.png'))[0].error).toBe('file is truncated or corrupt (PNG: damaged or incomplete data) → scan the sheet again');
    expect((await one(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic'), 'IMG_0001.HEIC'))[0].error).toBe(
      'photo is in HEIC format, which cannot be read → set the camera to JPEG ("Most Compatible") or convert the photo to JPEG',
    );
  });
});

describe('TIFF', () => {
  const W = 400;
  const H = 560;
  const squares = [
    { x: 40, y: 60, s: 80 },
    { x: 160, y: 200, s: 80 },
    { x: 280, y: 400, s: 80 },
  ];

  it('multi-page 8-bit gray TIFF: every page, its DPI', async () => {
    const pages = await Promise.all(squares.map((sq) => graySharp(pageRaw(W, H, sq), W, H).toColourspace('b-w').png().toBuffer()));
    const tif = await sharp(pages, { join: { animated: true } }).toColourspace('b-w').tiff({ compression: 'deflate', xres: 300 / 25.4, yres: 300 / 25.4 }).toBuffer();
    const out = await one(tif, 'batch.tif');
    expect(out.map((p) => [p.page, p.pageCount, p.dpi, p.error])).toEqual([
      [1, 3, 300, undefined],
      [2, 3, 300, undefined],
      [3, 3, 300, undefined],
    ]);
    out.forEach((p, i) => expectSquare(p.image!, squares[i]));
  });

  it('multi-page 1-bit CCITT G4 TIFF decodes to 0/255', async () => {
    const pages = await Promise.all(squares.map((sq) => graySharp(pageRaw(W, H, sq), W, H).toColourspace('b-w').png().toBuffer()));
    const tif = await sharp(pages, { join: { animated: true } }).removeAlpha().toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 200 / 25.4, yres: 200 / 25.4 }).toBuffer();
    const meta = await sharp(tif).metadata();
    expect([meta.pages, meta.bitsPerSample]).toEqual([3, 1]);
    const out = await one(tif, 'feeder.tif');
    expect(out).toHaveLength(3);
    out.forEach((p, i) => {
      expect(p.error).toBeUndefined();
      expect(p.dpi).toBe(200);
      expect(new Set(p.image!.data)).toEqual(new Set([0, 255]));
      expectSquare(p.image!, squares[i]);
    });
  });

  it('a corrupt page inside a multi-page TIFF is an error for that page; the rest load', async () => {
    const g = new Uint8Array(pageRaw(W, H, squares[0]));
    const bits = new Uint8Array((W / 8) * H); // 1-bit WhiteIsZero: 1 = black
    for (let y = squares[2].y; y < squares[2].y + squares[2].s; y++) for (let x = squares[2].x; x < squares[2].x + squares[2].s; x++) bits[y * (W / 8) + (x >> 3)] |= 0x80 >> (x & 7);
    const g16 = new Uint8Array(W * H * 2);
    const p1 = pageRaw(W, H, squares[1]);
    for (let i = 0; i < W * H; i++) new DataView(g16.buffer).setUint16(i * 2, p1[i] * 257, true);
    const tif = writeTiff([
      { width: W, height: H, bits: 8, data: g, extraTag: true },
      { width: W, height: H, bits: 8, data: g, badOffset: true },
      { width: 8, height: 4, bits: 8, data: new Uint8Array(32).fill(128), thumbnail: true },
      { width: W, height: H, bits: 1, data: bits, dpi: 200 },
      { width: W, height: H, bits: 16, data: g16, dpi: 150 },
    ]);
    const out = await one(tif, 'mixed.tif');
    expect(out.every((p) => p.pageCount === 4)).toBe(true); // the thumbnail is not a page
    expect(out.map((p) => [p.page, p.dpi, p.error])).toEqual([
      [1, 300, undefined],
      [2, undefined, 'page is corrupt (TIFF: image data beyond end of file) → scan the sheet again'],
      [3, 200, undefined],
      [4, 150, undefined],
    ]);
    expectSquare(out[0].image!, squares[0]);
    expectSquare(out[2].image!, squares[2]);
    expectSquare(out[3].image!, squares[1]);
  });

  it('a multi-page TIFF cut short: the intact pages load, then one line says where the file ends', async () => {
    const pages = await Promise.all(squares.map((sq) => graySharp(pageRaw(W, H, sq), W, H).toColourspace('b-w').png().toBuffer()));
    const tif = await sharp(pages, { join: { animated: true } }).removeAlpha().toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer();
    const third = ifdOffsets(tif)[2];
    const cut = tif.subarray(0, third + 6);
    const chain = await walkTiffChain({ size: cut.length, read: async (o, n) => cut.subarray(o, o + n) });
    expect(chain).toMatchObject({ pages: 2, broken: { reason: 'page directory beyond end of file' } });
    const out = await one(cut, 'cut.tif');
    expect(out.map((p) => [p.page, p.error])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, 'file is truncated or corrupt after page 2 (TIFF: page directory beyond end of file) → copy the file again or scan the rest of the batch again'],
    ]);
    expectSquare(out[1].image!, squares[1]);
    // cut before the first directory: nothing to read
    const first = ifdOffsets(tif)[0];
    expect((await one(tif.subarray(0, first), 'cut0.tif'))[0].error).toBe(
      'file is truncated or corrupt (TIFF: page directory beyond end of file) → scan the sheet again',
    );
  });
});

describe('PDF', () => {
  const squares = [
    { x: 200, y: 300, s: 150 },
    { x: 700, y: 1200, s: 150 },
    { x: 1300, y: 2000, s: 150 },
  ];
  let scanPdf: Uint8Array;
  let pageJpegs: Buffer[];

  beforeAll(async () => {
    pageJpegs = await Promise.all(squares.map((sq) => graySharp(pageRaw(A4.w, A4.h, sq, 250), A4.w, A4.h).toColourspace('b-w').jpeg({ quality: 85 }).toBuffer()));
    const doc = await PDFDocument.create();
    for (const j of pageJpegs) {
      const img = await doc.embedJpg(j);
      doc.addPage([A4.wPt, A4.hPt]).drawImage(img, { x: 0, y: 0, width: A4.wPt, height: A4.hPt });
    }
    scanPdf = await doc.save();
  });

  it('scanned PDF: the embedded JPEG of each page is decoded directly, at its own DPI', async () => {
    const out = await one(scanPdf, 'batch.pdf');
    expect(out.map((p) => [p.page, p.pageCount, p.pdfMethod, p.dpi, p.dpiSource, p.image?.width, p.image?.height, p.error])).toEqual([
      [1, 3, 'image', 200, 'pdf-image', A4.w, A4.h, undefined],
      [2, 3, 'image', 200, 'pdf-image', A4.w, A4.h, undefined],
      [3, 3, 'image', 200, 'pdf-image', A4.w, A4.h, undefined],
    ]);
    out.forEach((p, i) => expectSquare(p.image!, squares[i]));
    expect(out[0].sha256).toBe(sha(scanPdf));
  });

  it('rendering with pdfjs gives the same page (pdfExtract: false)', async () => {
    const ext = await one(scanPdf, 'batch.pdf');
    const ren = await one(scanPdf, 'batch.pdf', { pdfExtract: false, pdfDpi: 200 });
    expect(ren.map((p) => [p.pdfMethod, p.dpi, p.dpiSource, p.image!.width, p.image!.height])).toEqual(Array(3).fill(['render', 200, 'pdf-render', A4.w, A4.h]));
    ren.forEach((p, i) => expectSquare(p.image!, squares[i]));
    // mean absolute difference between the two rasters: resampling only
    let d = 0;
    for (let i = 0; i < ext[1].image!.data.length; i++) d += Math.abs(ext[1].image!.data[i] - ren[1].image!.data[i]);
    expect(d / ext[1].image!.data.length).toBeLessThan(3);
  });

  it('a page with /Rotate comes out the same whether extracted or rendered', async () => {
    const doc = await PDFDocument.create();
    const img = await doc.embedJpg(pageJpegs[0]);
    const page = doc.addPage([A4.wPt, A4.hPt]);
    page.drawImage(img, { x: 0, y: 0, width: A4.wPt, height: A4.hPt });
    page.setRotation(degrees(90));
    const bytes = await doc.save();
    const [ext] = await one(bytes, 'rot.pdf');
    const [ren] = await one(bytes, 'rot.pdf', { pdfExtract: false });
    expect(ext.pdfMethod).toBe('image');
    expect([ext.image!.width, ext.image!.height]).toEqual([A4.h, A4.w]);
    expect([ren.image!.width, ren.image!.height]).toEqual([A4.h, A4.w]);
    // 90° clockwise: (x, y) → (H - y - s, x)
    const sq = { x: A4.h - squares[0].y - squares[0].s, y: squares[0].x, s: squares[0].s };
    expectSquare(ext.image!, sq);
    expectSquare(ren.image!, sq);
  });

  it('maxDpi downscales an extracted page; an image not covering the page is rendered instead', async () => {
    const doc = await PDFDocument.create();
    const W = 833;
    const H = 417;
    const jpg = await grayJpeg(pageRaw(W, H, { x: 300, y: 150, s: 120 }), W, H);
    const img = await doc.embedJpg(jpg);
    doc.addPage([200, 100]).drawImage(img, { x: 0, y: 0, width: 200, height: 100 }); // 300 DPI
    doc.addPage([200, 100]).drawImage(img, { x: 0, y: 0, width: 100, height: 50 }); // a quarter of the page
    const out = await one(await doc.save(), 'small.pdf', { maxDpi: 150, pdfDpi: 100 });
    // the DPI reported is that of the pixels delivered: 300 × 417 / 833
    expect(out.map((p) => [p.pdfMethod, p.dpi, p.originalDpi, p.image!.width, p.image!.height])).toEqual([
      ['image', 150.18, 300, 417, 209],
      ['render', 100, undefined, 278, 139],
    ]);
    expectSquare(out[0].image!, { x: 300, y: 150, s: 120 }, 0.5);
  });

  it('a PDF of vector text only is rendered at pdfDpi', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([A4.wPt, A4.hPt]);
    page.drawText('Kinh gui Hoi dong kiem tra, sat hach', { x: 72, y: 760, size: 14, font });
    page.drawRectangle({ x: 72, y: 500, width: 72, height: 72, color: rgb(0, 0, 0) });
    const [p] = await one(await doc.save(), 'letter.pdf', { pdfDpi: 150 });
    expect(p).toMatchObject({ page: 1, pageCount: 1, pdfMethod: 'render', dpi: 150, dpiSource: 'pdf-render' });
    expect([p.image!.width, p.image!.height]).toEqual([Math.round((A4.wPt * 150) / 72), Math.round((A4.hPt * 150) / 72)]);
    // the square: 72 pt = 150 px, top at 841.89 - 572 pt from the top
    expectSquare(p.image!, { x: 150, y: Math.round(((A4.hPt - 572) * 150) / 72), s: 150 });
  });

  it('a damaged JPEG on one page of a scanned PDF is an error for that page only', async () => {
    const doc = await PDFDocument.create();
    for (const [i, j] of pageJpegs.entries()) {
      const img = await doc.embedJpg(i === 1 ? j.subarray(0, Math.floor(j.length * 0.6)) : j);
      doc.addPage([A4.wPt, A4.hPt]).drawImage(img, { x: 0, y: 0, width: A4.wPt, height: A4.hPt });
    }
    const out = await one(await doc.save(), 'damaged.pdf');
    expect(out.map((p) => [p.page, p.error])).toEqual([
      [1, undefined],
      [2, 'page is corrupt (JPEG: premature end of data) → scan the sheet again'],
      [3, undefined],
    ]);
  });

  it('zero pages, a password, garbage and HTML each give one line for the file', async () => {
    // (pdf-lib's save() adds a blank page to an empty document, so this one is written by hand)
    const empty = handPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']);
    expect(await one(empty, 'empty.pdf')).toMatchObject([{ page: 1, error: 'PDF has no pages → export the PDF again from the scanner software' }]);
    expect(await one(encryptedPdf(), 'locked.pdf')).toMatchObject([{ page: 1, error: 'PDF is password-protected → save it again from the scanner software without a password' }]);
    expect(await one(Buffer.from('%PDF-1.7\n' + 'x'.repeat(3000)), 'junk.pdf')).toMatchObject([
      { page: 1, error: 'PDF is truncated or corrupt (Invalid PDF structure) → export the PDF again from the scanner software' },
    ]);
    expect(await one(Buffer.from(scanPdf.subarray(0, Math.floor(scanPdf.length * 0.7))), 'cut.pdf')).toMatchObject([
      { page: 1, error: 'PDF is truncated or corrupt (Invalid PDF structure) → export the PDF again from the scanner software' },
    ]);
    expect(await one(Buffer.from('<html><body>Session expired</body></html>'), 'download.pdf')).toMatchObject([
      { page: 1, error: 'not a JPEG, PNG, TIFF or PDF file (named .pdf but the content is a web page (HTML)) → save or download the scan again as JPEG, PNG, TIFF or PDF' },
    ]);
  });

  it('reads content streams of one image, and refuses anything else', () => {
    expect(singleDoPlacement('q 1 0 0 1 0 0 cm 595.28 0 0 841.89 0 0 cm /Im0 Do Q')).toEqual({ name: 'Im0', ctm: [595.28, 0, 0, 841.89, 0, 0] });
    expect(singleDoPlacement('q 2 0 0 2 10 20 cm q 100 0 0 50 0 0 cm /I Do Q Q')).toEqual({ name: 'I', ctm: [200, 0, 0, 100, 10, 20] });
    expect(singleDoPlacement('q 595 0 0 842 0 0 cm /Im0 Do Q BT /F1 12 Tf (hidden OCR text) Tj ET')).toBe('content operator BT');
    expect(singleDoPlacement('/Im0 Do /Im1 Do')).toBe('more than one XObject');
    expect(singleDoPlacement('0 0 m 10 10 l S')).toBe('content operator m');
  });
});

describe('InputFile errors pass through loadPages', () => {
  it('yields the listed error as page 1', async () => {
    const f: InputFile = { source: 'x/missing.jpg', path: '/nonexistent/missing.jpg', error: MESSAGES.notFound };
    expect(await collect(loadPages(f))).toEqual([{ source: 'x/missing.jpg', page: 1, error: MESSAGES.notFound }]);
    // a path that vanished between listing and loading
    expect(await collect(loadPages({ source: 'gone.jpg', path: path.join(dir, 'gone.jpg') }))).toEqual([{ source: 'gone.jpg', page: 1, error: MESSAGES.notFound }]);
  });
});
