/**
 * Scan input stage: the files and folders an operator gives → a stream of 8-bit gray page
 * rasters, one page at a time, with the DPI when the file states it and the file's SHA-256 for
 * evidence. Nothing here throws for a bad input: a missing path, an unreadable file or a corrupt
 * page becomes an entry with an `error` line a person can act on, and the batch goes on.
 *
 * Formats are detected by their first bytes, not the file name: JPEG, PNG, TIFF (multi-page,
 * 8/16-bit gray, RGB, 1-bit CCITT G3/G4), PDF (scanned pages: the embedded JPEG is used directly
 * when a page is just one full-page image, otherwise the page is rendered with pdfjs), and
 * also WebP and GIF, which sharp reads.
 */
import { createHash } from 'node:crypto';
import { open, readFile, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { isOmrError } from '../errors.js';
import { openPdf, type PdfDocumentHandle } from '../pdf/rasterize.js';
import type { GrayImage } from '../util/raster.js';
import { repairTruncatedPdf } from './pdf-repair.js';
import { cutTiffChain, walkTiffChain, type ByteReader } from './load-tiff.js';
import { grayJpegHeader } from './jpeg-header.js';
import { sha256File } from '../util/hash.js';

// ---------------------------------------------------------------------------------------------
// Types

/** File extensions taken from a folder walk (case-insensitive). */
export const SCAN_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.pdf'] as const;

/** Formats recognised by content. */
export type InputKind = 'jpeg' | 'png' | 'tiff' | 'pdf' | 'webp' | 'gif';

export interface InputFile {
  /**
   * The name shown in results: the operator's argument, joined with the path inside a folder
   * when the file was found by walking it, with '/' separators ("scans/batch1.pdf").
   */
  source: string;
  /** Absolute path to read. */
  path: string;
  /** Set when this input cannot be used at all; loadPages yields it as one error page. */
  error?: string;
}

export interface LoadedPage {
  source: string;
  /** 1-based page within the file; 1 for single images and file-level errors. */
  page: number;
  /** Total pages in the file, when known. */
  pageCount?: number;
  /** Format detected from the content. */
  kind?: InputKind;
  image?: GrayImage;
  /**
   * Pixels per inch of `image`: from the file's metadata (sharp density, when plausible), the
   * PDF render DPI, or the size of the image on the PDF page. Absent when unknown: the
   * registration step estimates it from the printed marks.
   */
  dpi?: number;
  dpiSource?: 'metadata' | 'pdf-render' | 'pdf-image';
  /** Set when the page was downscaled at decode time (opts.maxDpi): the DPI it was stored at. */
  originalDpi?: number;
  /** Set when the page was downscaled at decode time (maxDpi or MAX_PAGE_PIXELS): its stored size. */
  originalSize?: { width: number; height: number };
  /** EXIF orientation that was applied (2-8); absent when the image was already upright. */
  exifOrientation?: number;
  /** How a PDF page was obtained: its embedded JPEG decoded directly, or the page rendered. */
  pdfMethod?: 'image' | 'render';
  /** One line a person can act on: "what happened (detail) → what to do". */
  error?: string;
  /** SHA-256 of the whole file (hex), for evidence; absent when the file could not be read. */
  sha256?: string;
  /** Milliseconds spent decoding this page. */
  decodeMs?: number;
}

export interface LoadOptions {
  /** DPI at which PDF pages are rendered when they are not a plain scanned image (default 200). */
  pdfDpi?: number;
  /**
   * Use a scanned PDF page's embedded JPEG directly instead of rendering the page (default
   * true). Only done when the page is exactly one upright full-page JPEG; otherwise rendered.
   */
  pdfExtract?: boolean;
  /**
   * Downscale pages whose known DPI is above this while decoding (JPEG shrink-on-load makes
   * this cheaper than decoding at full size). Default: keep the stored resolution.
   */
  maxDpi?: number;
}

// ---------------------------------------------------------------------------------------------
// Error lines (pinned in tests; keep them one line: "what (detail) → what to do")

export const MESSAGES = {
  notFound: 'file or folder not found → check the path',
  permission: (what: 'file' | 'folder') => `cannot read the ${what} (permission denied) → check its permissions or copy it somewhere readable`,
  unreadable: (detail: string) => `cannot read the file (${detail}) → copy it again or check the disk`,
  emptyFolder: 'no JPEG, PNG, TIFF or PDF files in this folder → check the path or the scanner\'s save folder',
  notScanFile: (ext: string) => `not a JPEG, PNG, TIFF or PDF file (${ext || 'no extension'}) → give scanned images or PDFs`,
  emptyFile: 'file is empty (0 bytes) → copy the file again or scan the sheet again',
  notImage: (detail: string) => `not a JPEG, PNG, TIFF or PDF file (${detail}) → save or download the scan again as JPEG, PNG, TIFF or PDF`,
  heic: 'photo is in HEIC format, which cannot be read → set the camera to JPEG ("Most Compatible") or convert the photo to JPEG',
  corruptFile: (detail: string) => `file is truncated or corrupt (${detail}) → scan the sheet again`,
  corruptPage: (detail: string) => `page is corrupt (${detail}) → scan the sheet again`,
  tiffTruncated: (pages: number, reason: string) => `file is truncated or corrupt after page ${pages} (TIFF: ${reason}) → copy the file again or scan the rest of the batch again`,
  tooLarge: (w?: number, h?: number) => `image is too large${w && h ? ` (${w}×${h} pixels)` : ''} → scan at 200-300 DPI`,
  pdfPassword: 'PDF is password-protected → save it again from the scanner software without a password',
  pdfNoPages: 'PDF has no pages → export the PDF again from the scanner software',
  pdfCorrupt: (detail: string) => `PDF is truncated or corrupt (${detail}) → export the PDF again from the scanner software`,
  pdfPage: (detail: string) => `PDF page could not be rendered (${detail}) → export the PDF again from the scanner software`,
  pdfPageLost: (page: number, pages: number) => `PDF is truncated: page ${page} of ${pages} was lost (the pages before it were read) → export the PDF again from the scanner software, or scan this page again`,
  danglingLink: (target: string) => `symbolic link leads nowhere (to ${target}) → copy the real file here or remove the link`,
  linkLoop: 'symbolic link loops back on itself → replace it with the real file or remove the link',
  folderLoop: (target: string) => `link back to a folder above it (${target}), not followed → remove the link; the files there are read once`,
  specialFile: (what: 'named pipe' | 'socket' | 'device') => `not a file but a ${what} → copy the scan here as an ordinary file`,
} as const;

/**
 * Most pixels a page is decoded to: an A4 sheet at 600 DPI (4961 × 7016). Larger images are
 * downscaled while they are decoded, so one page never costs more memory than that.
 */
export const MAX_PAGE_PIXELS = 4961 * 7016;

// ---------------------------------------------------------------------------------------------
// Listing inputs

/**
 * Made when two names first need it: the first Intl.Collator of a process costs 14 ms (ICU's
 * set-up), paid at the start of every batch for names a scanner numbers in turn.
 */
let collator: Intl.Collator | undefined;

/** Natural order of relative paths, folder by folder: page2 before page10; ties broken by code units. */
export function compareNatural(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] === bs[i]) continue;
    const c = byNumbersOnly(as[i], bs[i]) ?? collatorCompare(as[i], bs[i]);
    if (c !== 0) return c;
  }
  return as.length - bs.length;
}

function collatorCompare(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The order of two names that differ only in their numbers ("scan-0009" and "scan-0010"): that of
 * the first number that differs in value, as the collator's numeric order gives. Undefined when
 * the text around the numbers differs, or only leading zeros do: the collator decides those.
 */
function byNumbersOnly(a: string, b: string): number | undefined {
  const at = a.split(/(\d+)/), bt = b.split(/(\d+)/);
  if (at.length !== bt.length) return undefined;
  for (let i = 0; i < at.length; i += 2) if (at[i] !== bt[i]) return undefined;
  for (let i = 1; i < at.length; i += 2) {
    const x = at[i].replace(/^0+/, ''), y = bt[i].replace(/^0+/, '');
    if (x.length !== y.length) return x.length - y.length < 0 ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return undefined;
}

function isScanName(name: string): boolean {
  return (SCAN_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());
}

const toSlash = (p: string) => p.split(path.sep).join('/');

function fsErrorLine(e: unknown, what: 'file' | 'folder'): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return MESSAGES.notFound;
  if (code === 'EACCES' || code === 'EPERM') return MESSAGES.permission(what);
  return MESSAGES.unreadable(code ?? (e as Error).message);
}

/**
 * The files to read, in order: each argument in the order given; a folder's files (walked
 * recursively, hidden names skipped, only SCAN_EXTENSIONS) in natural order of their path
 * inside it. A file named explicitly is taken whatever its extension when its content is an
 * image or PDF. Problems become entries with `error` (never a throw), so the batch goes on.
 * A file reached twice (named twice, or also inside a named folder) is listed once.
 */
export async function listInputs(paths: string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  const seen = new Set<string>();
  /** `real`: the file's real path when the walk knows it (a plain file in a folder whose real path it has). */
  const add = async (file: InputFile, real?: string) => {
    let key = real ?? file.path;
    if (real === undefined) {
      try {
        key = await realpath(file.path);
      } catch {
        /* keep the path as given */
      }
    }
    if (file.error === undefined) {
      if (seen.has(key)) return;
      seen.add(key);
    }
    out.push(file);
  };

  for (const arg of paths) {
    const abs = path.resolve(arg);
    const source = toSlash(arg);
    let st;
    try {
      st = await stat(abs);
    } catch (e) {
      out.push({ source, path: abs, error: fsErrorLine(e, 'file') });
      continue;
    }
    if (st.isDirectory()) {
      const found: Found[] = [];
      const real = await realpath(abs);
      await walk(abs, '', found, new Set([real]), real);
      found.sort((a, b) => compareNatural(a.rel, b.rel));
      if (found.length === 0) out.push({ source, path: abs, error: MESSAGES.emptyFolder });
      for (const f of found) {
        const file: InputFile = { source: joinSource(source, f.rel), path: f.abs };
        if (f.error) out.push({ ...file, error: f.error });
        else await add(file, f.real);
      }
      continue;
    }
    if (!st.isFile()) {
      out.push({ source, path: abs, error: MESSAGES.unreadable('not a regular file') });
      continue;
    }
    if (!isScanName(abs)) {
      const kind = await sniffFile(abs).catch(() => undefined);
      if (!kind || !('kind' in kind) || kind.kind === null) {
        out.push({ source, path: abs, error: MESSAGES.notScanFile(path.extname(abs).toLowerCase()) });
        continue;
      }
    }
    await add({ source, path: abs });
  }
  return out;
}

function joinSource(base: string, rel: string): string {
  return rel === '' ? base : path.posix.join(base, rel);
}

/**
 * A file found in a folder walk, or a sub-folder that could not be read (kept in order). `real`:
 * the real path of a plain file (not a link), its folder's real path and its name: one realpath
 * a folder instead of one a file (200 of them took 10-20 ms at the start of every batch).
 */
type Found = { rel: string; abs: string; real?: string; error?: string };

/** Walk `dir` (whose real path is `realDir`, when known) for scans. */
async function walk(dir: string, rel: string, found: Found[], visited: Set<string>, realDir?: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    found.push({ rel, abs: dir, error: fsErrorLine(e, 'folder') });
    return;
  }
  for (const ent of entries) {
    if (ent.name.startsWith('.')) continue;
    const abs = path.join(dir, ent.name);
    const r = rel ? `${rel}/${ent.name}` : ent.name;
    let isDir = ent.isDirectory();
    let isFile = ent.isFile();
    let kind = specialKind(ent);
    let target: string | undefined;
    if (ent.isSymbolicLink()) {
      target = await readlink(abs).catch(() => '?');
      try {
        const st = await stat(abs);
        isDir = st.isDirectory();
        isFile = st.isFile();
        kind = specialKind(st);
      } catch (e) {
        // a link that leads nowhere or loops: said, never skipped silently (when it names a scan)
        if (isScanName(ent.name) || isScanName(target)) {
          found.push({ rel: r, abs, error: (e as NodeJS.ErrnoException).code === 'ELOOP' ? MESSAGES.linkLoop : MESSAGES.danglingLink(target) });
        }
        continue;
      }
    }
    if (isDir) {
      // the folder's real path, when it can be had (then its plain files' too)
      const known = await realpath(abs).catch(() => undefined);
      const real = known ?? abs;
      if (visited.has(real)) {
        // a link back up the tree: not followed (it would loop), and said
        if (target !== undefined && isAncestor(real, await realpath(dir).catch(() => dir))) found.push({ rel: r, abs, error: MESSAGES.folderLoop(target) });
        continue;
      }
      visited.add(real);
      await walk(abs, r, found, visited, known);
    } else if (isFile && isScanName(ent.name)) {
      found.push(target === undefined && realDir !== undefined ? { rel: r, abs, real: path.join(realDir, ent.name) } : { rel: r, abs });
    } else if (kind && isScanName(ent.name)) {
      found.push({ rel: r, abs, error: MESSAGES.specialFile(kind) }); // never opened: reading a pipe would wait forever
    }
  }
}

/** A named pipe, socket or device (never a scan, and reading one may never end). */
function specialKind(e: { isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): 'named pipe' | 'socket' | 'device' | null {
  return e.isFIFO() ? 'named pipe' : e.isSocket() ? 'socket' : e.isBlockDevice() || e.isCharacterDevice() ? 'device' : null;
}

function isAncestor(folder: string, of: string): boolean {
  const rel = path.relative(folder, of);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

// ---------------------------------------------------------------------------------------------
// Content sniffing

export type Sniffed = { kind: InputKind } | { kind: null; looksLike: string; heic?: boolean };

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

/** The format of a file from its first bytes (pass at least 1024 bytes when available). */
export function sniff(head: Uint8Array): Sniffed {
  const b = head;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'jpeg' };
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 4) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return { kind: 'png' };
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && (b[2] === 42 || b[2] === 43) && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && (b[3] === 42 || b[3] === 43)))) {
    return { kind: 'tiff' };
  }
  const text = ascii(b, 0, 1024);
  if (text.includes('%PDF-')) return { kind: 'pdf' };
  if (text.startsWith('GIF87a') || text.startsWith('GIF89a')) return { kind: 'gif' };
  if (text.startsWith('RIFF') && text.slice(8, 12) === 'WEBP') return { kind: 'webp' };
  if (text.slice(4, 8) === 'ftyp') {
    const brand = text.slice(8, 12);
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return { kind: null, looksLike: 'HEIC photo', heic: true };
    return { kind: null, looksLike: `a video or ${brand.trim()} file` };
  }
  if (text.startsWith('PK\x03\x04')) return { kind: null, looksLike: 'a ZIP archive or Office document' };
  if (text.startsWith('BM')) return { kind: null, looksLike: 'a BMP image' };
  const lower = text.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html') || /<(head|body|meta|script)[\s>]/.test(lower.slice(0, 512))) return { kind: null, looksLike: 'a web page (HTML)' };
  if (lower.startsWith('<?xml') || lower.startsWith('<svg')) return { kind: null, looksLike: 'XML or SVG' };
  let printable = 0;
  const n = Math.min(b.length, 1024);
  for (let i = 0; i < n; i++) if ((b[i] >= 0x20 && b[i] < 0x7f) || b[i] === 9 || b[i] === 10 || b[i] === 13 || b[i] >= 0x80) printable++;
  if (n > 0 && printable / n > 0.95 && !b.subarray(0, n).includes(0)) return { kind: null, looksLike: 'text' };
  return { kind: null, looksLike: 'unrecognised data' };
}

export async function readHead(file: string, n = 1024): Promise<{ head: Uint8Array; size: number }> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(n, size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return { head: buf.subarray(0, bytesRead), size };
  } finally {
    await fh.close();
  }
}

async function sniffFile(file: string): Promise<Sniffed | undefined> {
  const { head, size } = await readHead(file);
  return size === 0 ? undefined : sniff(head);
}

function notImageLine(s: Extract<Sniffed, { kind: null }>, ext: string, kindExt: boolean): string {
  if (s.heic) return MESSAGES.heic;
  return MESSAGES.notImage(kindExt ? `named ${ext} but the content is ${s.looksLike}` : `the content is ${s.looksLike}`);
}

// ---------------------------------------------------------------------------------------------
// Decoding one raster with sharp

interface Decoded {
  image: GrayImage;
  dpi?: number;
  originalDpi?: number;
  originalSize?: { width: number; height: number };
  exifOrientation?: number;
}

interface DecodeOpts {
  page?: number;
  /** Apply EXIF orientation (not for JPEGs embedded in a PDF, whose EXIF a PDF viewer ignores). */
  autoOrient: boolean;
  /** Extra clockwise rotation (a PDF page's /Rotate). */
  rotate?: number;
  /** DPI known from outside the file (a PDF page); otherwise the file's density is used. */
  dpi?: number;
  maxDpi?: number;
}

/** A DPI from metadata, or undefined when it is missing or cannot be a scan's (72 from a camera). */
export function plausibleDpi(density: number | undefined, width: number, height: number): number | undefined {
  if (!density || !Number.isFinite(density) || density < 100 || density > 2400) return undefined;
  if (Math.max(width, height) / density > 24) return undefined; // a page bigger than A2: not a scan's DPI
  return density;
}

/** Decode-error detail from a sharp/libvips message: "JPEG: premature end of data". */
export function decodeDetail(kind: InputKind | undefined, message: string): string {
  const m = message;
  const K = (kind ?? 'image').toUpperCase();
  if (/premature end of JPEG/i.test(m)) return 'JPEG: premature end of data';
  if (/Corrupt JPEG data|Huffman|JPEG datastream|Bogus marker|SOF|marker/i.test(m) && kind === 'jpeg') return 'JPEG: damaged data';
  if (/Not a JPEG file/i.test(m)) return 'JPEG: bad header';
  if (/libspng|pngload|IDAT|CRC|png/i.test(m) && kind === 'png') return /crc/i.test(m) ? 'PNG: checksum error' : 'PNG: damaged or incomplete data';
  if (/Bad code word|Fax[34]Decode|Fax3|Fax4|codec/i.test(m)) return 'TIFF: bad code word in compressed data';
  if (/Read error at scanline|got \d+ bytes, expected|Read error on strip|read error/i.test(m) && kind === 'tiff') return 'TIFF: image data missing';
  if (/Seek error|bad seek/i.test(m) && kind === 'tiff') return 'TIFF: image data beyond end of file';
  if (/unsupported image format|corrupt header/i.test(m)) return `${K}: unrecognised header`;
  if (/Input buffer is empty|Input file is missing/i.test(m)) return `${K}: no data`;
  const first = m.split('\n').find((l) => l.trim() !== '') ?? m;
  const cleaned = first.replace(/^(VipsJpeg|VipsPng|tiff2vips|vips2tiff|pngload(_buffer)?|jpegload(_buffer)?|tiffload(_buffer)?|source( input)?):\s*/i, '').trim();
  return `${K}: ${cleaned.length > 80 ? cleaned.slice(0, 77) + '...' : cleaned}`;
}

class DecodeError extends Error {
  constructor(readonly line: string) {
    super(line);
  }
}

function errorLine(kind: InputKind | undefined, e: unknown, inMultiPage: boolean): string {
  if (e instanceof DecodeError) return e.line;
  const msg = (e as Error)?.message ?? String(e);
  if (/exceeds pixel limit/i.test(msg)) return MESSAGES.tooLarge();
  const detail = decodeDetail(kind, msg);
  return inMultiPage ? MESSAGES.corruptPage(detail) : MESSAGES.corruptFile(detail);
}

async function decodeRaster(input: Buffer | string, o: DecodeOpts): Promise<Decoded> {
  const opts: sharp.SharpOptions = { failOn: 'error', sequentialRead: true };
  if (o.page !== undefined) opts.page = o.page;
  // a gray JPEG with its DPI says all that is needed in its header; anything else asks libvips
  const header = typeof input !== 'string' && o.page === undefined ? grayJpegHeader(input) : null;
  const meta: sharp.Metadata = header
    ? ({ format: 'jpeg', width: header.width, height: header.height, space: 'b-w', channels: 1, depth: 'uchar', density: header.density } as sharp.Metadata)
    : await sharp(input, opts).metadata();
  const limit = 0x3fff * 0x3fff;
  if (meta.width && meta.height && meta.width * meta.height > limit) throw new DecodeError(MESSAGES.tooLarge(meta.width, meta.height));
  // An embedded ICC profile (sRGB or gray gamma, as scanners and cameras write) would cost a
  // colour transform that doubles the decode time and changes nothing that matters for
  // relative darkness; only CMYK needs its profile for a sane conversion.
  const s = sharp(input, { ...opts, ignoreIcc: meta.space !== 'cmyk' });

  const orientation = o.autoOrient && meta.orientation && meta.orientation > 1 && meta.orientation <= 8 ? meta.orientation : undefined;
  const swap = (orientation !== undefined && orientation >= 5) !== ((o.rotate ?? 0) % 180 === 90);
  const outW = swap ? meta.height! : meta.width!;
  const outH = swap ? meta.width! : meta.height!;
  let dpi = o.dpi ?? plausibleDpi(meta.density, meta.width ?? 0, meta.height ?? 0);
  let originalDpi: number | undefined;

  if (orientation !== undefined) s.rotate();
  else if (o.rotate) s.rotate(o.rotate);
  // Transparency is laid on white paper below, in one pass with the gray conversion (sharp's
  // flatten fails on some gray+alpha inputs).
  // Downscale while decoding (JPEG: DCT scaling on load; PNG/TIFF: streamed, never whole in
  // memory): to maxDpi when the DPI is known and higher, and in any case to at most
  // MAX_PAGE_PIXELS, so that a huge image costs what a 600-DPI A4 page costs.
  let w = outW;
  if (o.maxDpi && dpi && dpi > o.maxDpi * 1.005) w = Math.max(1, Math.round((outW * o.maxDpi) / dpi));
  if (w * Math.round((outH * w) / outW) > MAX_PAGE_PIXELS) w = Math.max(1, Math.floor(outW * Math.sqrt(MAX_PAGE_PIXELS / (outW * outH))));
  if (w < outW) {
    s.resize({ width: w, kernel: 'linear' });
    if (dpi) {
      originalDpi = dpi;
      dpi = (dpi * w) / outW;
    }
  }

  let data: Buffer;
  let info: sharp.OutputInfo;
  const rgb8 = meta.space === 'srgb' && meta.depth === 'uchar' && (meta.channels ?? 0) >= 3;
  if (rgb8) {
    // Decoding to RGB and taking BT.601 luma here is about twice as fast as libvips' b-w
    // conversion (which goes through linear light), and matches src/pdf/rasterize.ts.
    ({ data, info } = await s.raw().toBuffer({ resolveWithObject: true }));
  } else if (meta.space === 'b-w' && meta.depth === 'uchar' && meta.channels === 1) {
    // An 8-bit gray scan (what a scanner set to "gray" writes): asking for b-w output keeps it
    // one channel all the way, where greyscale() costs 40 % more CPU for the same bytes.
    ({ data, info } = await s.toColourspace('b-w').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
  } else {
    ({ data, info } = await s.greyscale().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
  }
  const gray = toGray(data, info.width * info.height, info.channels);
  const out: Decoded = { image: { width: info.width, height: info.height, data: gray } };
  if (info.width < outW) out.originalSize = { width: outW, height: outH };
  if (dpi !== undefined) out.dpi = Math.round(dpi * 100) / 100;
  if (originalDpi !== undefined) out.originalDpi = originalDpi;
  if (orientation !== undefined) out.exifOrientation = orientation;
  return out;
}

/** 8-bit pixels with 1-4 channels (gray, gray+alpha, RGB, RGBA) → gray on white paper. */
function toGray(data: Uint8Array, n: number, channels: number): Uint8Array {
  if (channels === 1) return new Uint8Array(data.buffer, data.byteOffset, n);
  const gray = new Uint8Array(n);
  if (channels === 2) {
    for (let i = 0, k = 0; i < n; i++, k += 2) {
      const a = data[k + 1];
      gray[i] = (data[k] * a + 255 * (255 - a) + 127) / 255;
    }
  } else if (channels === 3) {
    for (let i = 0, k = 0; i < n; i++, k += 3) gray[i] = (data[k] * 19595 + data[k + 1] * 38470 + data[k + 2] * 7471 + 32768) >> 16;
  } else if (channels === 4) {
    for (let i = 0, k = 0; i < n; i++, k += 4) {
      const y = (data[k] * 19595 + data[k + 1] * 38470 + data[k + 2] * 7471 + 32768) >> 16;
      const a = data[k + 3];
      gray[i] = (y * a + 255 * (255 - a) + 127) / 255;
    }
  } else throw new Error(`unexpected ${channels} channels after decoding`);
  return gray;
}

// ---------------------------------------------------------------------------------------------
// Reading files

/** Files up to this size are read whole; bigger TIFFs are decoded from disk page by page. */
const READ_WHOLE_LIMIT = 64 * 1024 * 1024;

function bufferReader(buf: Uint8Array): ByteReader {
  return { size: buf.length, read: async (off, len) => buf.subarray(off, Math.min(buf.length, off + len)) };
}

async function withFileReader<T>(file: string, fn: (r: ByteReader) => Promise<T>): Promise<T> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    return await fn({
      size,
      async read(off, len) {
        const b = Buffer.alloc(Math.max(0, Math.min(len, size - off)));
        const { bytesRead } = await fh.read(b, 0, b.length, off);
        return b.subarray(0, bytesRead);
      },
    });
  } finally {
    await fh.close();
  }
}

/**
 * The pages of one input, one at a time (memory stays bounded on long multi-page files).
 * Never throws for a bad input: problems are pages with `error`.
 */
export async function* loadPages(file: InputFile, opts: LoadOptions = {}): AsyncGenerator<LoadedPage> {
  const source = file.source;
  if (file.error) {
    yield { source, page: 1, error: file.error };
    return;
  }
  let head: Uint8Array;
  let size: number;
  try {
    ({ head, size } = await readHead(file.path));
  } catch (e) {
    yield { source, page: 1, error: fsErrorLine(e, 'file') };
    return;
  }
  if (size === 0) {
    yield { source, page: 1, error: MESSAGES.emptyFile };
    return;
  }
  const sniffed = sniff(head);
  if (sniffed.kind === null) {
    const ext = path.extname(file.path).toLowerCase();
    yield { source, page: 1, error: notImageLine(sniffed, ext, isScanName(file.path)) };
    return;
  }
  const kind = sniffed.kind;

  let bytes: Buffer | undefined;
  let sha256: string;
  try {
    if (kind === 'tiff' && size > READ_WHOLE_LIMIT) {
      sha256 = await sha256File(file.path);
    } else {
      bytes = await readWhole(file.path);
      sha256 = createHash('sha256').update(bytes).digest('hex');
    }
  } catch (e) {
    yield { source, page: 1, error: fsErrorLine(e, 'file') };
    return;
  }
  yield* pagesOf(source, kind, bytes ?? file.path, sha256, opts);
}

function readWhole(file: string): Promise<Buffer> {
  return readFile(file);
}

/**
 * The pages of an in-memory file, as loadPages yields them (for tests and for callers that
 * already hold the bytes, such as a fixture generator).
 */
/** `sha256`: the file's hash when the caller has already computed it (it is not computed again). */
export async function* loadBuffer(buf: Uint8Array, source: string, opts: LoadOptions = {}, sha256?: string): AsyncGenerator<LoadedPage> {
  if (buf.length === 0) {
    yield { source, page: 1, error: MESSAGES.emptyFile };
    return;
  }
  const sniffed = sniff(buf.subarray(0, 1024));
  if (sniffed.kind === null) {
    yield { source, page: 1, error: notImageLine(sniffed, path.extname(source).toLowerCase(), isScanName(source)) };
    return;
  }
  const bytes = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  yield* pagesOf(source, sniffed.kind, bytes, sha256 ?? createHash('sha256').update(bytes).digest('hex'), opts);
}

/** Decode a single-page image held in memory (a convenience for tests); throws on error lines. */
export async function loadImageBuffer(buf: Uint8Array, source = 'image'): Promise<LoadedPage> {
  for await (const p of loadBuffer(buf, source)) {
    if (p.error) throw new Error(`${source}: ${p.error}`);
    return p;
  }
  throw new Error(`${source}: no page`);
}

async function* pagesOf(source: string, kind: InputKind, input: Buffer | string, sha256: string, opts: LoadOptions): AsyncGenerator<LoadedPage> {
  const base = { source, kind, sha256 };
  if (kind === 'pdf') {
    yield* pdfPages(base, input as Buffer, opts);
    return;
  }
  if (kind === 'tiff') {
    yield* tiffPages(base, input, opts);
    return;
  }
  const t0 = performance.now();
  try {
    const d = await decodeRaster(input, { autoOrient: true, maxDpi: opts.maxDpi });
    yield { ...base, page: 1, pageCount: 1, ...withDpi(d, 'metadata'), decodeMs: ms(t0) };
  } catch (e) {
    yield { ...base, page: 1, error: errorLine(kind, e, false) };
  }
}

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

function withDpi(d: Decoded, src: NonNullable<LoadedPage['dpiSource']>): Partial<LoadedPage> {
  const out: Partial<LoadedPage> = { image: d.image };
  if (d.dpi !== undefined) {
    out.dpi = d.dpi;
    out.dpiSource = src;
  }
  if (d.originalDpi !== undefined) out.originalDpi = d.originalDpi;
  if (d.originalSize !== undefined) out.originalSize = d.originalSize;
  if (d.exifOrientation !== undefined) out.exifOrientation = d.exifOrientation;
  return out;
}

type Base = { source: string; kind: InputKind; sha256: string };

async function* tiffPages(base: Base, input: Buffer | string, opts: LoadOptions): AsyncGenerator<LoadedPage> {
  let chain;
  try {
    chain = typeof input === 'string' ? await withFileReader(input, walkTiffChain) : await walkTiffChain(bufferReader(input));
  } catch (e) {
    yield { ...base, page: 1, error: MESSAGES.corruptFile(`TIFF: ${(e as Error).message}`) };
    return;
  }
  if (chain.pages === 0) {
    yield { ...base, page: 1, error: MESSAGES.corruptFile(`TIFF: ${chain.broken?.reason ?? 'no pages'}`) };
    return;
  }
  let src: Buffer | string = input;
  if (chain.broken) {
    // libvips rejects every page of a file whose directory chain is broken: read the intact
    // pages from a copy whose chain ends after them.
    try {
      const whole = typeof input === 'string' ? await readWhole(input) : input;
      const cut = cutTiffChain(whole, chain);
      src = Buffer.from(cut.buffer, cut.byteOffset, cut.byteLength);
    } catch (e) {
      yield { ...base, page: 1, error: fsErrorLine(e, 'file') };
      return;
    }
  }
  const real = chain.reduced.filter((r) => !r).length;
  const multi = real > 1 || chain.broken !== undefined;
  const pageCount = chain.broken ? undefined : real;
  let n = 0;
  for (let i = 0; i < chain.pages; i++) {
    if (chain.reduced[i]) continue; // a thumbnail of the previous page
    const t0 = performance.now();
    const page: LoadedPage = { ...base, page: ++n };
    if (pageCount !== undefined) page.pageCount = pageCount;
    try {
      const d = await decodeRaster(src, { page: i, autoOrient: true, maxDpi: opts.maxDpi });
      yield { ...page, ...withDpi(d, 'metadata'), decodeMs: ms(t0) };
    } catch (e) {
      yield { ...page, error: errorLine('tiff', e, multi) };
    }
  }
  if (chain.broken) yield { ...base, page: n + 1, error: MESSAGES.tiffTruncated(n, chain.broken.reason) };
}

function pdfOpenLine(e: unknown): string {
  const cause = isOmrError(e) ? (e.cause as Error | undefined) : (e as Error);
  const name = cause?.name ?? '';
  const msg = cause?.message ?? String(e);
  if (name === 'PasswordException' || /password/i.test(msg)) return MESSAGES.pdfPassword;
  return MESSAGES.pdfCorrupt(msg.replace(/\.$/, '').split('\n')[0]);
}

async function* pdfPages(base: Base, bytes: Buffer, opts: LoadOptions): AsyncGenerator<LoadedPage> {
  const dpi = opts.pdfDpi ?? 200;
  // pdf-lib is loaded only when a PDF comes (it costs a third of a second of start-up).
  const [{ PDFDocument }, { pageJpeg }] = await Promise.all([import('pdf-lib'), import('./load-pdf.js')]);
  // pdf-lib: page count and the fast path (embedded JPEG). It cannot read every PDF that pdfjs
  // can, so a failure here only means "render everything with pdfjs".
  let lib: PDFDocument | undefined;
  let libCount: number | undefined;
  try {
    // throwOnInvalidObject: a damaged object fails here (pdfjs renders instead) rather than printing to the terminal
    lib = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
    libCount = lib.getPageCount();
  } catch {
    lib = undefined;
    libCount = undefined;
  }
  if (libCount === 0) {
    yield { ...base, page: 1, error: MESSAGES.pdfNoPages };
    return;
  }
  const extract = opts.pdfExtract !== false && lib !== undefined && !lib.isEncrypted;

  let handle: PdfDocumentHandle | undefined;
  let openError: string | undefined;
  let repaired = false; // a truncated file opened from its intact part: pages that fail were lost
  let declared = 0;
  const pdfjs = async (): Promise<PdfDocumentHandle | undefined> => {
    if (handle || openError) return handle;
    try {
      handle = await openPdf(bytes, base.source);
    } catch (e) {
      openError = pdfOpenLine(e);
      const intact = repairTruncatedPdf(bytes);
      if (intact) {
        handle = await openPdf(intact.bytes, base.source).catch(() => undefined);
        repaired = handle !== undefined;
        declared = intact.declaredPages ?? 0;
      }
    }
    return handle;
  };

  try {
    let count = libCount;
    if (count === undefined || !extract) {
      const h = await pdfjs();
      if (!h) {
        yield { ...base, page: 1, error: openError! };
        return;
      }
      count = libCount ?? (repaired ? Math.max(h.numPages, declared) : h.numPages);
      if (count === 0) {
        yield { ...base, page: 1, error: MESSAGES.pdfNoPages };
        return;
      }
    }
    for (let n = 1; n <= count; n++) {
      const t0 = performance.now();
      const page: LoadedPage = { ...base, page: n, pageCount: count };
      if (extract) {
        const j = pageJpeg(lib!, n - 1);
        if (j.ok) {
          try {
            const d = await decodeRaster(Buffer.from(j.value.jpeg.buffer, j.value.jpeg.byteOffset, j.value.jpeg.byteLength), {
              autoOrient: false,
              rotate: j.value.rotate,
              dpi: j.value.dpi,
              maxDpi: opts.maxDpi,
            });
            // The JPEG must be the size the PDF says (before any downscale); otherwise render.
            const turned = j.value.rotate % 180 === 90;
            const [ew, eh] = turned ? [j.value.height, j.value.width] : [j.value.width, j.value.height];
            const f = d.originalDpi && d.dpi ? d.dpi / d.originalDpi : 1;
            if (Math.abs(d.image.width - ew * f) <= 1 && Math.abs(d.image.height - eh * f) <= 1) {
              yield { ...page, ...withDpi(d, 'pdf-image'), pdfMethod: 'image', decodeMs: ms(t0) };
              continue;
            }
          } catch (e) {
            // The scanner's own JPEG is damaged: rendering it would only draw the damage.
            yield { ...page, error: errorLine('jpeg', e, count > 1) };
            continue;
          }
        }
      }
      const h = await pdfjs();
      if (!h) {
        yield { ...page, error: openError! };
        if (n === 1) return; // nothing readable at all: one line for the file
        continue;
      }
      try {
        const { dpi: rendered, ...image } = await h.renderPage(n, dpi, MAX_PAGE_PIXELS);
        yield { ...page, image, dpi: rendered, dpiSource: 'pdf-render', pdfMethod: 'render', decodeMs: ms(t0) };
      } catch (e) {
        yield { ...page, error: repaired ? MESSAGES.pdfPageLost(n, count) : MESSAGES.pdfPage(((e as Error).message ?? String(e)).split('\n')[0]) };
      }
    }
  } finally {
    if (handle) await handle.close().catch(() => undefined);
  }
}

/**
 * Every page of every input, in input order: listInputs then loadPages for each file. One
 * page in memory at a time; never throws for a bad input.
 */
export async function* loadInputs(paths: string[], opts: LoadOptions = {}): AsyncGenerator<LoadedPage> {
  for (const file of await listInputs(paths)) yield* loadPages(file, opts);
}

// ---------------------------------------------------------------------------------------------
// Downscaling

/** The factor that brings `dpi` down to `maxDpi` (1 when it is already at or below). */
export function scaleForDpi(dpi: number, maxDpi: number): number {
  return dpi > maxDpi ? maxDpi / dpi : 1;
}

/** A copy of `img` scaled by `scale` (0 < scale ≤ 1) with sharp; the same image when scale is 1. */
export async function downscaleTo(img: GrayImage, scale: number): Promise<GrayImage> {
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`downscaleTo: scale must be in (0, 1], got ${scale}`);
  if (scale === 1) return img;
  const width = Math.max(1, Math.round(img.width * scale));
  const height = Math.max(1, Math.round(img.height * scale));
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize(width, height, { kernel: 'linear', fit: 'fill' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`downscaleTo: expected 1 channel, got ${info.channels}`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
