/**
 * PDF renderer of the document model (./model.ts) with pdf-lib and the project's embedded
 * serif (Liberation Serif, metric twin of Times New Roman). A4 portrait, margins per Nghị định
 * 30/2020 (top/bottom 20 mm, left 30 mm, right 15 mm), body 13 pt justified with a 1.27 cm
 * first-line indent, page numbers centred in the top margin from page 2, tables that break
 * across pages with the header row repeated, bar charts drawn as vectors.
 */
import { PDFDocument, degrees, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { embedFonts, type Fonts } from '../print/fonts.js';
import { runs, type AdminDocument, type Block, type ChartBlock, type Inline, type Signature, type TableBlock } from './model.js';

const MM = 72 / 25.4;
export const PAGE = { width: 595.28, height: 841.89 };
export const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const BODY = 13;
const LEAD = 1.2; // line height / font size (Nghị định 30: from single to 1.5 lines)
const PARA_GAP = 6;
const INDENT = 1.27 * 10 * MM;
const BLACK = rgb(0, 0, 0);
const ASCENT = 0.891; // Liberation Serif ascender / em
const ITALIC_SKEW = degrees(12);

type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';
interface Word {
  text: string;
  face: Face;
  width: number;
  /** A space precedes this word on its line. */
  space: boolean;
}

class Pen {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  /** Distance from the top edge of the page to the current line top. */
  y = 0;
  readonly left = MARGIN.left;
  readonly width = PAGE.width - MARGIN.left - MARGIN.right;
  readonly bottom = PAGE.height - MARGIN.bottom;

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.y = MARGIN.top;
  }

  /** Start a new page unless `h` more points fit on this one. */
  ensure(h: number): void {
    if (this.y + h > this.bottom + 0.01) this.newPage();
  }

  font(face: Face): PDFFont {
    return face === 'bold' || face === 'boldItalic' ? this.fonts.bold : face === 'italic' ? this.fonts.italic : this.fonts.regular;
  }

  textWidth(text: string, face: Face, size: number): number {
    return this.font(face).widthOfTextAtSize(text, size);
  }

  /** Draw text with its line top at `top` (points from the page top). */
  text(text: string, x: number, top: number, face: Face, size: number, lineHeight = size * LEAD, page = this.page): void {
    if (!text) return;
    const baseline = PAGE.height - (top + (lineHeight - size) / 2 + ASCENT * size);
    page.drawText(text, { x, y: baseline, size, font: this.font(face), color: BLACK, ...(face === 'boldItalic' ? { ySkew: ITALIC_SKEW } : {}) });
  }

  line(x1: number, top1: number, x2: number, top2: number, thickness = 0.6, page = this.page): void {
    page.drawLine({ start: { x: x1, y: PAGE.height - top1 }, end: { x: x2, y: PAGE.height - top2 }, thickness, color: BLACK });
  }

  rect(x: number, top: number, w: number, h: number, fill?: RGB, border = 0.5): void {
    this.page.drawRectangle({
      x,
      y: PAGE.height - top - h,
      width: w,
      height: h,
      ...(fill ? { color: fill } : {}),
      ...(border > 0 ? { borderColor: BLACK, borderWidth: border } : { borderWidth: 0 }),
    });
  }
}

function faceOf(bold?: boolean, italic?: boolean): Face {
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
}

/** Split runs into words (with their face and width). */
function words(pen: Pen, inline: Inline, size: number, base: Face = 'regular'): Word[] {
  const out: Word[] = [];
  let pendingSpace = false;
  for (const r of runs(inline)) {
    const face = r.bold || r.italic ? faceOf(r.bold || base === 'bold' || base === 'boldItalic', r.italic || base === 'italic' || base === 'boldItalic') : base;
    const parts = r.text.split(/(\s+)/);
    for (const p of parts) {
      if (p === '') continue;
      if (/^\s+$/.test(p)) {
        pendingSpace = out.length > 0;
        continue;
      }
      out.push({ text: p, face, width: pen.textWidth(p, face, size), space: pendingSpace });
      pendingSpace = false;
    }
  }
  return out;
}

/** Break one over-long word into pieces that fit `max`. */
function splitWord(pen: Pen, w: Word, size: number, max: number): Word[] {
  const out: Word[] = [];
  let cur = '';
  for (const ch of w.text) {
    if (cur && pen.textWidth(cur + ch, w.face, size) > max) {
      out.push({ text: cur, face: w.face, width: pen.textWidth(cur, w.face, size), space: out.length === 0 ? w.space : false });
      cur = '';
    }
    cur += ch;
  }
  out.push({ text: cur, face: w.face, width: pen.textWidth(cur, w.face, size), space: out.length === 0 ? w.space : false });
  return out;
}

/** Greedy line breaking; the first line may be shorter (first-line indent). */
function wrap(pen: Pen, ws: Word[], size: number, width: number, firstWidth = width): Word[][] {
  const lines: Word[][] = [];
  let line: Word[] = [];
  let w = 0;
  const spaceW = pen.textWidth(' ', 'regular', size);
  const queue = [...ws];
  while (queue.length) {
    const word = queue.shift()!;
    const max = lines.length === 0 ? firstWidth : width;
    if (word.width > width) {
      queue.unshift(...splitWord(pen, word, size, width));
      continue;
    }
    const add = (line.length && word.space ? spaceW : 0) + word.width;
    if (line.length && w + add > max) {
      lines.push(line);
      line = [];
      w = 0;
    }
    w += (line.length && word.space ? spaceW : 0) + word.width;
    line.push(word);
  }
  if (line.length) lines.push(line);
  return lines;
}

type Align = 'left' | 'center' | 'right' | 'justify';

/** Draw one laid-out line at `x` in a box of `width`. */
function drawLine(pen: Pen, line: Word[], x: number, top: number, width: number, size: number, align: Align, last: boolean, lh: number): void {
  const spaceW = pen.textWidth(' ', 'regular', size);
  const natural = line.reduce((s, w, i) => s + w.width + (i && w.space ? spaceW : 0), 0);
  const gaps = line.filter((w, i) => i > 0 && w.space).length;
  let extra = 0;
  let cx = x;
  if (align === 'justify' && !last && gaps > 0) extra = (width - natural) / gaps;
  else if (align === 'center') cx = x + (width - natural) / 2;
  else if (align === 'right') cx = x + width - natural;
  line.forEach((w, i) => {
    if (i && w.space) cx += spaceW + extra;
    pen.text(w.text, cx, top, w.face, size, lh);
    cx += w.width;
  });
}

/** Lay out and draw a paragraph in a box; returns the height used. With `dry`, only measures. */
function paragraphAt(pen: Pen, inline: Inline, x: number, top: number, width: number, size: number, align: Align, face: Face = 'regular', indent = 0, dry = false): number {
  const lh = size * LEAD;
  const lines = wrap(pen, words(pen, inline, size, face), size, width, width - indent);
  if (!dry) lines.forEach((l, i) => drawLine(pen, l, x + (i === 0 ? indent : 0), top + i * lh, width - (i === 0 ? indent : 0), size, align, i === lines.length - 1, lh));
  return Math.max(1, lines.length) * lh;
}

/** A flowing paragraph in the text column, breaking across pages line by line. */
function flowParagraph(pen: Pen, inline: Inline, size: number, align: Align, face: Face, indent: number, tail = 0): void {
  const lh = size * LEAD;
  const lines = wrap(pen, words(pen, inline, size, face), size, pen.width, pen.width - indent);
  const n = lines.length;
  lines.forEach((l, i) => {
    // `tail`: what must follow on the same page as the paragraph's last two lines
    pen.ensure(tail && i >= n - 2 ? (i === Math.max(0, n - 2) ? (n - i) * lh + PARA_GAP + tail : lh) : lh);
    const ind = i === 0 ? indent : 0;
    drawLine(pen, l, pen.left + ind, pen.y, pen.width - ind, size, align, i === lines.length - 1, lh);
    pen.y += lh;
  });
  pen.y += PARA_GAP;
}

// ---- header block ------------------------------------------------------------------------

const HEAD = 13;
const LEFT_COL = 0.42; // share of the text width for the issuer column

function header(pen: Pen, d: AdminDocument): void {
  const lw = pen.width * LEFT_COL;
  const rx = pen.left + lw;
  const rw = pen.width - lw;
  const lh = HEAD * 1.2;
  let ly = pen.y;
  if (d.superior) ly += paragraphAt(pen, d.superior, pen.left, ly, lw, HEAD - 1, 'center', 'regular') - (HEAD - 1) * (LEAD - 1.2);
  const issuerLines = wrap(pen, words(pen, d.issuer, HEAD - 1, 'bold'), HEAD - 1, lw);
  for (const l of issuerLines) {
    drawLine(pen, l, pen.left, ly, lw, HEAD - 1, 'center', true, lh);
    ly += lh;
  }
  // short rule under the issuer: a third of the column, centred
  const rule = lw / 3;
  pen.line(pen.left + (lw - rule) / 2, ly + 3, pen.left + (lw + rule) / 2, ly + 3);
  ly += 12;
  pen.text(d.number, pen.left + (lw - pen.textWidth(d.number, 'regular', HEAD)) / 2, ly, 'regular', HEAD, lh);
  ly += lh;

  let ry = pen.y;
  const motto = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  const mottoSize = pen.textWidth(motto, 'bold', HEAD - 1) <= rw ? HEAD - 1 : HEAD - 2;
  pen.text(motto, rx + (rw - pen.textWidth(motto, 'bold', mottoSize)) / 2, ry, 'bold', mottoSize, lh);
  ry += lh;
  const slogan = 'Độc lập - Tự do - Hạnh phúc';
  const sw = pen.textWidth(slogan, 'bold', HEAD);
  pen.text(slogan, rx + (rw - sw) / 2, ry, 'bold', HEAD, lh);
  ry += lh;
  pen.line(rx + (rw - sw) / 2, ry + 3, rx + (rw + sw) / 2, ry + 3);
  ry += 12;
  ry += paragraphAt(pen, d.placeDate, rx, ry, rw, HEAD, 'center', 'italic');
  pen.y = Math.max(ly, ry) + 14;
}

function titleBlock(pen: Pen, d: AdminDocument): void {
  pen.y += paragraphAt(pen, d.kind, pen.left, pen.y, pen.width, 14, 'center', 'bold');
  for (const s of d.subject) pen.y += paragraphAt(pen, s, pen.left, pen.y, pen.width, 14, 'center', 'bold');
  const rule = 60;
  pen.line(pen.left + (pen.width - rule) / 2, pen.y + 3, pen.left + (pen.width + rule) / 2, pen.y + 3);
  pen.y += 14;
  for (const t of d.to ?? []) pen.y += paragraphAt(pen, t, pen.left, pen.y, pen.width, BODY + 1, 'center', 'regular');
  if (d.to?.length) pen.y += 8;
}

// ---- tables ------------------------------------------------------------------------------

const PAD = 3;

/**
 * Column widths: in proportion to `width`, but never narrower than the longest word of the
 * column (so "STT" or a date is not broken in two; at most 30 % of the text width); the
 * difference comes from the other columns.
 */
function columnWidths(pen: Pen, t: TableBlock, size: number): number[] {
  const longest = (text: string, face: Face) => Math.max(0, ...text.split(/\s+/).map((w) => pen.textWidth(w, face, size)));
  const cap = pen.width * 0.3;
  const min = t.columns.map((c, i) => {
    const body = Math.max(0, ...t.rows.map((r) => longest(r[i] ?? '', 'regular')), ...(t.total ? [longest(t.total[i] ?? '', 'bold')] : []));
    return Math.min(cap, Math.max(longest(c.title, 'bold'), body)) + 2 * PAD + 1;
  });
  const fixed = new Set<number>();
  for (;;) {
    const free = pen.width - [...fixed].reduce((s, i) => s + min[i], 0);
    const share = t.columns.reduce((s, c, i) => s + (fixed.has(i) ? 0 : c.width), 0);
    const w = t.columns.map((c, i) => (fixed.has(i) ? min[i] : (c.width / share) * free));
    const short = w.findIndex((x, i) => !fixed.has(i) && x < min[i]);
    if (short < 0) return w;
    fixed.add(short);
  }
}

function table(pen: Pen, t: TableBlock): void {
  const size = t.size ?? 12;
  const lh = size * 1.15;
  const widths = columnWidths(pen, t, size);
  const xs = widths.map((_, i) => pen.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const cellLines = (text: string, i: number, face: Face) => text.split('\n').flatMap((part) => {
    const ls = wrap(pen, words(pen, part, size, face), size, widths[i] - 2 * PAD);
    return ls.length ? ls : [[]];
  });
  const rowHeight = (cells: Word[][][]) => Math.max(...cells.map((c) => c.length)) * lh + 2 * PAD;
  const layoutRow = (row: string[], face: Face) => t.columns.map((_, i) => cellLines(row[i] ?? '', i, face));
  const head = layoutRow(t.columns.map((c) => c.title), 'bold');
  const headH = rowHeight(head);

  const drawRow = (cells: Word[][][], h: number, header: boolean) => {
    cells.forEach((lines, i) => {
      pen.rect(xs[i], pen.y, widths[i], h, header ? rgb(0.93, 0.93, 0.93) : undefined);
      const align: Align = header ? 'center' : (t.columns[i].align ?? 'left');
      const blockH = lines.length * lh;
      const top = pen.y + (h - blockH) / 2;
      lines.forEach((l, k) => drawLine(pen, l, xs[i] + PAD, top + k * lh, widths[i] - 2 * PAD, size, align, true, lh));
    });
    pen.y += h;
  };

  const body = t.rows.map((r) => ({ cells: layoutRow(r, 'regular'), header: false }));
  if (t.total) body.push({ cells: layoutRow(t.total, 'bold'), header: false });
  // a short table stays on one page; a long one starts with its header and at least two rows
  const heights = body.map((r) => rowHeight(r.cells));
  const whole = headH + heights.reduce((a, b) => a + b, 0);
  pen.ensure(whole <= (pen.bottom - MARGIN.top) / 3 ? whole : headH + heights.slice(0, 2).reduce((a, b) => a + b, 0));
  drawRow(head, headH, true);
  for (const r of body) {
    const h = rowHeight(r.cells);
    if (pen.y + h > pen.bottom) {
      pen.newPage();
      drawRow(head, headH, true);
    }
    drawRow(r.cells, h, false);
  }
  pen.y += PARA_GAP + 2;
}

// ---- chart -------------------------------------------------------------------------------

/** Fills for the series: dark to light, legible in black-and-white print. */
export const SERIES_FILLS = [rgb(0.16, 0.29, 0.52), rgb(0.45, 0.62, 0.82), rgb(0.78, 0.55, 0.25), rgb(0.6, 0.6, 0.6), rgb(0.3, 0.55, 0.35)];

function niceMax(v: number): number {
  if (v <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function chart(pen: Pen, c: ChartBlock): void {
  const height = 190;
  const titleH = 18;
  const legendH = c.series.length > 1 ? 16 : 0;
  const labelH = 16;
  pen.ensure(titleH + height + labelH + legendH + 8);
  pen.y += paragraphAt(pen, c.title, pen.left, pen.y, pen.width, 12, 'center', 'bold');
  const size = 10;
  const axisX = pen.left + 34;
  const plotW = pen.width - 40;
  const top = pen.y + 16;
  const plotH = height - 22;
  const max = niceMax(Math.max(1, ...c.series.flatMap((s) => s.values)));
  const ticks = 5;
  for (let i = 0; i <= ticks; i++) {
    const v = (max * i) / ticks;
    const yy = top + plotH - (plotH * i) / ticks;
    pen.page.drawLine({ start: { x: axisX, y: PAGE.height - yy }, end: { x: axisX + plotW, y: PAGE.height - yy }, thickness: i === 0 ? 0.8 : 0.3, color: i === 0 ? BLACK : rgb(0.75, 0.75, 0.75) });
    const label = Number.isInteger(v) ? String(v) : v.toFixed(1);
    pen.text(label, axisX - 4 - pen.textWidth(label, 'regular', size), yy - size * 0.65, 'regular', size, size * 1.2);
  }
  pen.line(axisX, top, axisX, top + plotH, 0.8);
  if (c.unit) pen.page.drawText(c.unit, { x: pen.left + 2, y: PAGE.height - (top + plotH / 2) - pen.textWidth(c.unit, 'italic', size) / 2, size, font: pen.font('italic'), rotate: degrees(90), color: BLACK });
  const groupW = plotW / Math.max(1, c.categories.length);
  const n = c.series.length;
  const barW = Math.min(34, (groupW * 0.75) / n);
  c.categories.forEach((cat, gi) => {
    const gx = axisX + gi * groupW + (groupW - barW * n) / 2;
    c.series.forEach((s, si) => {
      const v = s.values[gi] ?? 0;
      const h = (plotH * v) / max;
      const x = gx + si * barW;
      if (h > 0) pen.rect(x, top + plotH - h, barW - 1.5, h, SERIES_FILLS[si % SERIES_FILLS.length], 0);
      const lbl = String(v);
      pen.text(lbl, x + (barW - 1.5 - pen.textWidth(lbl, 'regular', size - 1)) / 2, top + plotH - h - (size - 1) * 1.25, 'regular', size - 1, (size - 1) * 1.2);
    });
    const cw = pen.textWidth(cat, 'regular', size);
    pen.text(cat, axisX + gi * groupW + (groupW - cw) / 2, top + plotH + 3, 'regular', size, size * 1.2);
  });
  pen.y = top + plotH + labelH;
  if (legendH) {
    const items = c.series.map((s) => ({ s, w: 14 + pen.textWidth(s.name, 'regular', size) }));
    const totalW = items.reduce((a, b) => a + b.w + 14, -14);
    let x = pen.left + (pen.width - totalW) / 2;
    items.forEach(({ s, w }, i) => {
      pen.rect(x, pen.y + 2, 9, 9, SERIES_FILLS[i % SERIES_FILLS.length], 0);
      pen.text(s.name, x + 13, pen.y, 'regular', size, 13);
      x += w + 14;
    });
    pen.y += legendH;
  }
  pen.y += PARA_GAP + 4;
}

// ---- end block ---------------------------------------------------------------------------

const SIGN_SPACE = 64; // room for the signature and seal

function signatureHeight(pen: Pen, s: Signature, width: number): number {
  const lh = BODY * 1.2;
  return s.role.reduce((h, r) => h + wrap(pen, words(pen, r, BODY, 'bold'), BODY, width).length * lh, 0) + SIGN_SPACE + lh;
}

function roleHeight(pen: Pen, s: Signature, width: number): number {
  const lh = BODY * 1.2;
  return s.role.reduce((h, r) => h + wrap(pen, words(pen, r, BODY, 'bold'), BODY, width).length * lh, 0);
}

/** One signer's block; `roleH` aligns the names of signers side by side. */
function signatureAt(pen: Pen, s: Signature, x: number, top: number, width: number, roleH = roleHeight(pen, s, width)): void {
  const lh = BODY * 1.2;
  let y = top;
  for (const r of s.role) {
    for (const l of wrap(pen, words(pen, r, BODY, 'bold'), BODY, width)) {
      drawLine(pen, l, x, y, width, BODY, 'center', true, lh);
      y += lh;
    }
  }
  y = top + roleH + SIGN_SPACE;
  const name = s.name ?? '……………………………';
  pen.text(name, x + (width - pen.textWidth(name, 'bold', BODY)) / 2, y, 'bold', BODY, lh);
}

function recipientsHeight(d: AdminDocument): number {
  return d.recipients.length ? 12 * 1.3 + d.recipients.length * 11 * 1.25 : 0;
}

function recipientsAt(pen: Pen, d: AdminDocument, x: number, top: number, width: number): void {
  if (!d.recipients.length) return;
  pen.text('Nơi nhận:', x, top, 'boldItalic', 12, 12 * 1.3);
  let y = top + 12 * 1.3;
  for (const r of d.recipients) {
    y += paragraphAt(pen, `- ${r}`, x, y, width, 11, 'left', 'regular') * (1.25 / LEAD);
  }
}

function endHeight(pen: Pen, d: AdminDocument): number {
  const half = pen.width / 2;
  const [main, ...others] = d.signatures;
  if (!others.length) return 4 + Math.max(recipientsHeight(d), main ? signatureHeight(pen, main, half) : 0);
  return 4 + Math.max(...d.signatures.map((s) => signatureHeight(pen, s, half))) + recipientsHeight(d) + 14;
}

function endBlock(pen: Pen, d: AdminDocument): void {
  const half = pen.width / 2;
  const right = pen.left + half;
  const [main, ...others] = d.signatures;
  pen.y += 4;
  if (others.length === 0) {
    const h = Math.max(recipientsHeight(d), main ? signatureHeight(pen, main, half) : 0);
    pen.ensure(h);
    recipientsAt(pen, d, pen.left, pen.y + 2, half - 10);
    if (main) signatureAt(pen, main, right, pen.y, half);
    pen.y += h;
    return;
  }
  // Two or more signers: the others on the left, the main signer on the right, then Nơi nhận.
  const sh = Math.max(...d.signatures.map((s) => signatureHeight(pen, s, half)));
  pen.ensure(sh + recipientsHeight(d) + 10);
  const roleH = Math.max(...d.signatures.map((s) => roleHeight(pen, s, half)));
  if (main) signatureAt(pen, main, right, pen.y, half, roleH);
  others.forEach((s, i) => signatureAt(pen, s, pen.left + (i * half) / others.length, pen.y, half / others.length, roleH));
  pen.y += sh + 14;
  recipientsAt(pen, d, pen.left, pen.y, half);
  pen.y += recipientsHeight(d);
}

function block(pen: Pen, b: Block): void {
  switch (b.kind) {
    case 'heading':
      pen.ensure(BODY * LEAD * 3);
      flowParagraph(pen, b.text, BODY, 'left', 'bold', 0);
      return;
    case 'paragraph':
      flowParagraph(pen, b.text, BODY, b.align ?? 'justify', 'regular', b.indent === false ? 0 : INDENT);
      return;
    case 'table':
      table(pen, b);
      return;
    case 'chart':
      chart(pen, b);
      return;
    case 'pageBreak':
      pen.newPage();
      return;
  }
}

function pageNumbers(pen: Pen): void {
  pen.pages.forEach((p, i) => {
    if (i === 0) return;
    const label = String(i + 1);
    pen.text(label, PAGE.width / 2 + (MARGIN.left - MARGIN.right) / 2 - pen.textWidth(label, 'regular', BODY) / 2, 9 * MM, 'regular', BODY, BODY * 1.2, p);
  });
}

/** Render the document to PDF bytes. */
export async function renderPdf(d: AdminDocument): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(d.title);
  doc.setCreator('omr');
  doc.setProducer('omr (pdf-lib)');
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const pen = new Pen(doc, await embedFonts(doc));
  header(pen, d);
  titleBlock(pen, d);
  const last = d.body.at(-1);
  const keep = last?.kind === 'paragraph' ? last : undefined;
  const flow = keep ? d.body.slice(0, -1) : d.body;
  flow.forEach((b, i) => {
    // a heading or a lead-in line stays with the table or chart that follows it
    const next = flow[i + 1];
    if ((b.kind === 'heading' || b.kind === 'paragraph') && (next?.kind === 'table' || next?.kind === 'chart')) {
      const h = paragraphAt(pen, b.text, pen.left, pen.y, pen.width, BODY, 'justify', 'regular', INDENT, true);
      pen.ensure(h + PARA_GAP + (next.kind === 'chart' ? 240 : 70));
    }
    block(pen, b);
  });
  // the closing paragraph's last lines stay on the page of the signatures
  if (keep) flowParagraph(pen, keep.text, BODY, keep.align ?? 'justify', 'regular', keep.indent === false ? 0 : INDENT, endHeight(pen, d));
  endBlock(pen, d);
  pageNumbers(pen);
  return doc.save();
}
