import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFPage, PDFRef, type PDFEmbeddedPage } from 'pdf-lib';
import type { Exam } from '../exam/exam.js';
import { encodeIdentity } from '../identity/payload.js';
import type { Candidate } from '../roster/types.js';
import type { Layout } from '../template/layout.js';
import type { Template } from '../template/schema.js';
import { centredBaseline, drawArtwork, INFO_VALUE_SIZE, infoLines, SERIAL_LABEL, type InfoLine } from './artwork.js';
import { embedFonts, GlyphMemo, type Fonts } from './fonts.js';
import { fitText, Pen } from './pen.js';
import { qrPath, qrSymbol } from './qr.js';

/** One sheet to print: its serial, and the candidate when personalised. */
export interface SheetSpec {
  serial: string;
  candidate?: Candidate;
}

export interface RenderInput {
  template: Template;
  layout: Layout;
  exam: Exam;
  sheets: SheetSpec[];
}

/** Text printed on the information lines for a candidate, by the template's field keys. */
export function candidateFields(c: Candidate): Record<string, string> {
  return {
    sbd: c.sbd,
    ho_ten: c.hoTen,
    ngay_sinh: c.ngaySinh,
    don_vi: c.donVi,
    chuc_danh: c.chucDanh,
    nhom: String(c.nhom),
  };
}

/**
 * Draw the static artwork once on a page that is not in the page tree and turn it into a form
 * XObject, shared by every sheet. The scratch page is then removed from the file.
 */
async function artworkXObject(doc: PDFDocument, input: RenderInput, fonts: Fonts): Promise<PDFEmbeddedPage> {
  const { width, height } = input.layout.page;
  const scratch = PDFPage.create(doc);
  scratch.setSize(width, height);
  drawArtwork(new Pen(scratch, height), input.template, input.layout, input.exam, fonts);
  const embedded = await doc.embedPage(scratch);
  await embedded.embed();
  const contents = scratch.node.Contents();
  if (contents) {
    const refs = 'asArray' in contents ? contents.asArray() : [];
    for (const r of refs) if (r instanceof PDFRef) doc.context.delete(r);
  }
  doc.context.delete(scratch.ref);
  return embedded;
}

const num = (v: number): string => {
  const s = v.toFixed(2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
};

/** Resource names used by the per-sheet content streams (one Resources dictionary shared by all pages). */
const RES = { art: 'Art', regular: 'F1', bold: 'F2' } as const;

/**
 * The personal part of one sheet as raw PDF content: the shared artwork, the QR code (one path
 * of rectangles), the serial, and the candidate's text. Writing the operators as text directly
 * is several times faster than building pdf-lib operator objects for 1,000 sheets.
 */
export class SheetContent {
  private readonly parts: string[] = [];
  constructor(
    private readonly memo: { regular: GlyphMemo; bold: GlyphMemo },
    private readonly pageHeight: number,
  ) {}

  raw(s: string): void {
    this.parts.push(s);
  }

  /** Text with its baseline at y (top-left coordinates). */
  text(str: string, x: number, y: number, opts: { bold?: boolean; size: number; align?: 'left' | 'center'; maxWidth?: number; minSize?: number }): number {
    const memo = opts.bold ? this.memo.bold : this.memo.regular;
    let text = str.normalize('NFC');
    let size = opts.size;
    if (opts.maxWidth !== undefined) ({ text, size } = fitText(memo, text, size, opts.maxWidth, opts.minSize));
    const w = memo.widthAtSize(text, size);
    const x0 = opts.align === 'center' ? x - w / 2 : x;
    const hex = memo.encode(text);
    this.parts.push(`BT /${opts.bold ? RES.bold : RES.regular} ${num(size)} Tf 1 0 0 1 ${num(x0)} ${num(this.pageHeight - y)} Tm ${hex} Tj ET`);
    return w;
  }

  toString(): string {
    return this.parts.join('\n');
  }
}

function drawPersonal(out: SheetContent, input: RenderInput, fonts: Fonts, memo: { regular: GlyphMemo; bold: GlyphMemo }, lines: InfoLine[], spec: SheetSpec): void {
  const l = input.layout;
  out.raw(`q /${RES.art} Do Q`);
  const payload = encodeIdentity({ examId: input.exam.id, serial: spec.serial, template: l.template, templateVersion: l.version });
  out.raw(qrPath(qrSymbol(payload), l.qr, l.page.height));

  // "Số phiếu: 000123", centred on the serial anchor.
  out.raw('0 g');
  const s = l.serial;
  const wl = memo.regular.widthAtSize(SERIAL_LABEL, s.size);
  const wn = memo.bold.widthAtSize(spec.serial, s.size);
  const x0 = s.x - (wl + wn) / 2;
  out.text(SERIAL_LABEL, x0, s.y, { size: s.size });
  out.text(spec.serial, x0 + wl, s.y, { bold: true, size: s.size });

  const c = spec.candidate;
  if (!c) return;
  const fields = candidateFields(c);
  for (const line of lines) {
    const v = fields[line.key];
    if (!v) continue;
    out.text(v, line.valueX + 4, line.baseline - 1, { bold: line.key === 'ho_ten', size: INFO_VALUE_SIZE, maxWidth: line.endX - line.valueX - 6, minSize: 7 });
  }
  // SBD digits in the write-in boxes above the bubble columns (the candidate still bubbles them).
  const boxes = l.grids.sbd.writeBoxes;
  if (c.sbd.length === boxes.length) {
    boxes.forEach((b, i) => {
      out.text(c.sbd[i], b.x + b.w / 2, centredBaseline(b.y + b.h / 2, 11, fonts), { bold: true, size: 11, align: 'center' });
    });
  }
}

/**
 * Render numbered answer sheets to one PDF. Pure: bytes out, no file IO.
 * The static artwork is drawn once as a form XObject; each page adds only its serial, QR
 * code and candidate text, so 1,000 sheets stay small and fast.
 */
export async function renderSheetsPdf(input: RenderInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`${input.layout.title} – ${input.exam.name} ${input.exam.year}`);
  doc.setSubject(`Exam ${input.exam.id}, template ${input.layout.template} v${input.layout.version}`);
  doc.setCreator('omr generate');
  doc.setProducer('omr (pdf-lib)');
  doc.setLanguage('vi-VN');
  const fonts = await embedFonts(doc);
  const art = await artworkXObject(doc, input, fonts);
  const { width, height } = input.layout.page;
  const lines = infoLines(input.layout, fonts);
  const memo = { regular: new GlyphMemo(fonts.regular), bold: new GlyphMemo(fonts.bold) };
  const ctx = doc.context;
  const resources = ctx.register(
    ctx.obj({
      ProcSet: ['PDF', 'Text'],
      XObject: { [RES.art]: art.ref },
      Font: { [RES.regular]: fonts.regular.ref, [RES.bold]: fonts.bold.ref },
    }),
  );
  for (const spec of input.sheets) {
    const page = doc.addPage([width, height]);
    const content = new SheetContent(memo, height);
    drawPersonal(content, input, fonts, memo, lines, spec);
    const stream = ctx.stream(deflateSync(Buffer.from(content.toString(), 'latin1')), { Filter: 'FlateDecode' });
    page.node.addContentStream(ctx.register(stream));
    page.node.set(PDFName.of('Resources'), resources);
  }
  // Object streams would deflate every page dictionary again through pako (slow); the plain
  // dictionaries cost about 150 bytes a page.
  return doc.save({ useObjectStreams: false });
}
