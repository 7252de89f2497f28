/**
 * Fast path for scanned PDFs: when a page is nothing but one full-page JPEG image (what
 * scanners write), hand the JPEG bytes to sharp instead of rendering the page with pdfjs.
 *
 * The test is deliberately strict; anything unusual (text or vector drawing, a second image,
 * masks, a decode array, a rotated or flipped placement, annotations, CMYK, non-square
 * pixels) returns a reason and the caller renders the page with pdfjs instead, which is always
 * right, only slower.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFStream, decodePDFRawStream } from 'pdf-lib';

export interface PageJpeg {
  /** The JPEG file embedded in the page, undecoded. */
  jpeg: Uint8Array;
  width: number;
  height: number;
  /** 1 for DeviceGray, 3 for DeviceRGB. */
  components: 1 | 3;
  /** Clockwise rotation to apply for display (the page's /Rotate). */
  rotate: 0 | 90 | 180 | 270;
  /** Pixels per inch of the image on the page. */
  dpi: number;
}

export type PageJpegResult = { ok: true; value: PageJpeg } | { ok: false; reason: string };

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m × n in PDF's row-vector convention: apply m, then n. */
function mul(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/**
 * Scanners use whole DPIs; the page size in points is often rounded (A4 = 595.28 pt), which
 * makes 1654 px over 595.28 pt 200.04 DPI. Snap to the whole number when within 0.25 %.
 */
export function roundDpi(dpi: number): number {
  const r = Math.round(dpi);
  return Math.abs(dpi - r) <= 0.0025 * r ? r : Math.round(dpi * 100) / 100;
}

/** Graphics-state operators that do not change how an image is painted. */
const HARMLESS = new Set(['w', 'J', 'j', 'M', 'ri', 'i']);

/**
 * Interpret a content stream made only of q/Q/cm/Do (and harmless state operators).
 * Returns the name and placement matrix of the single XObject painted, or a reason.
 */
export function singleDoPlacement(content: string): { name: string; ctm: Matrix } | string {
  const re = /\s+|%[^\r\n]*|([+-]?(?:\d+\.?\d*|\.\d+))|(\/[^\s/[\]()<>{}%]*)|([A-Za-z'"*]+)|(.)/gy;
  const stack: Matrix[] = [];
  let ctm = IDENTITY;
  let operands: (number | string)[] = [];
  let found: { name: string; ctm: Matrix } | undefined;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < content.length && (m = re.exec(content)) !== null) {
    if (m[1] !== undefined) operands.push(Number(m[1]));
    else if (m[2] !== undefined) operands.push(m[2]);
    else if (m[3] !== undefined) {
      const op = m[3];
      if (op === 'q') stack.push(ctm);
      else if (op === 'Q') {
        const prev = stack.pop();
        if (!prev) return 'unbalanced Q';
        ctm = prev;
      } else if (op === 'cm') {
        if (operands.length !== 6 || operands.some((o) => typeof o !== 'number')) return 'bad cm operands';
        ctm = mul(operands as Matrix, ctm);
      } else if (op === 'Do') {
        if (found) return 'more than one XObject';
        if (operands.length !== 1 || typeof operands[0] !== 'string') return 'bad Do operands';
        found = { name: operands[0].slice(1), ctm };
      } else if (!HARMLESS.has(op)) return `content operator ${op}`;
      operands = [];
    } else if (m[4] !== undefined) return `content token ${JSON.stringify(m[4])}`;
  }
  if (!found) return 'no image painted';
  return found;
}

function contentText(doc: PDFDocument, index: number): string | undefined {
  const node = doc.getPage(index).node;
  const contents = node.Contents();
  const streams: PDFStream[] = [];
  if (contents instanceof PDFStream) streams.push(contents);
  else if (contents instanceof PDFArray) {
    for (let i = 0; i < contents.size(); i++) {
      const s = contents.lookup(i);
      if (!(s instanceof PDFStream)) return undefined;
      streams.push(s);
    }
  } else return undefined;
  let text = '';
  for (const s of streams) {
    const bytes = s instanceof PDFRawStream ? decodePDFRawStream(s).decode() : s.getContents();
    text += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') + '\n';
  }
  return text;
}

function name(dict: PDFDict, key: string): string | undefined {
  const v = dict.lookup(PDFName.of(key));
  return v instanceof PDFName ? v.decodeText() : undefined;
}

/** Components of an image colour space we accept (DeviceGray, DeviceRGB, ICCBased with N 1 or 3). */
function components(dict: PDFDict): 1 | 3 | undefined {
  const cs = dict.lookup(PDFName.of('ColorSpace'));
  if (cs instanceof PDFName) {
    const n = cs.decodeText();
    return n === 'DeviceGray' ? 1 : n === 'DeviceRGB' ? 3 : undefined;
  }
  if (cs instanceof PDFArray && cs.size() === 2) {
    const kind = cs.lookup(0);
    const icc = cs.lookup(1);
    if (kind instanceof PDFName && kind.decodeText() === 'ICCBased' && icc instanceof PDFStream) {
      const n = icc.dict.lookup(PDFName.of('N'));
      if (n instanceof PDFNumber && (n.asNumber() === 1 || n.asNumber() === 3)) return n.asNumber() as 1 | 3;
    }
  }
  return undefined;
}

/**
 * The page's JPEG if page `index` (0-based) is exactly one upright JPEG covering the page,
 * otherwise the reason it is not.
 */
export function pageJpeg(doc: PDFDocument, index: number): PageJpegResult {
  const no = (reason: string): PageJpegResult => ({ ok: false, reason });
  try {
    const page = doc.getPage(index);
    const node = page.node;
    if (node.Annots() && node.Annots()!.size() > 0) return no('page has annotations');
    if (node.lookup(PDFName.of('UserUnit'))) return no('page has a UserUnit');
    const rot = ((page.getRotation().angle % 360) + 360) % 360;
    if (rot % 90 !== 0) return no('page rotation is not a multiple of 90');
    const text = contentText(doc, index);
    if (text === undefined) return no('no content stream');
    const placed = singleDoPlacement(text);
    if (typeof placed === 'string') return no(placed);

    const xobjects = node.Resources()?.lookup(PDFName.of('XObject'));
    if (!(xobjects instanceof PDFDict)) return no('no XObject resources');
    const img = xobjects.lookup(PDFName.of(placed.name));
    if (!(img instanceof PDFRawStream)) return no('XObject is not a stored stream');
    const d = img.dict;
    if (name(d, 'Subtype') !== 'Image') return no('XObject is not an image');
    const filter = d.lookup(PDFName.of('Filter'));
    const filters = filter instanceof PDFName ? [filter] : filter instanceof PDFArray ? filter.asArray() : [];
    if (filters.length !== 1 || !(filters[0] instanceof PDFName) || filters[0].decodeText() !== 'DCTDecode') return no('image is not a plain JPEG');
    for (const key of ['DecodeParms', 'Decode', 'SMask', 'Mask', 'ImageMask', 'SMaskInData']) {
      if (d.lookup(PDFName.of(key)) !== undefined) return no(`image has /${key}`);
    }
    const bpc = d.lookup(PDFName.of('BitsPerComponent'));
    if (!(bpc instanceof PDFNumber) || bpc.asNumber() !== 8) return no('image is not 8 bits per component');
    const comps = components(d);
    if (!comps) return no('image colour space is not gray or RGB');
    const w = d.lookup(PDFName.of('Width'));
    const h = d.lookup(PDFName.of('Height'));
    if (!(w instanceof PDFNumber) || !(h instanceof PDFNumber)) return no('image size missing');
    const width = w.asNumber();
    const height = h.asNumber();

    // The image's unit square must land upright on the whole visible page.
    const [a, b, c, dd, e, f] = placed.ctm;
    if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0 || dd <= 0) return no('image is rotated or flipped on the page');
    const box = page.getCropBox();
    const tol = Math.max(1, 0.005 * Math.max(box.width, box.height));
    if (Math.abs(e - box.x) > tol || Math.abs(f - box.y) > tol || Math.abs(a - box.width) > tol || Math.abs(dd - box.height) > tol) {
      return no('image does not cover the page');
    }
    const dpiX = (width * 72) / a;
    const dpiY = (height * 72) / dd;
    if (Math.abs(dpiX - dpiY) > 0.02 * dpiX) return no('image pixels are not square');

    const jpeg = img.contents;
    if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return no('image data is not a JPEG file');
    return { ok: true, value: { jpeg, width, height, components: comps, rotate: rot as PageJpeg['rotate'], dpi: roundDpi((dpiX + dpiY) / 2) } };
  } catch (e) {
    return no(`unexpected page structure (${(e as Error).message})`);
  }
}
