import { degrees, grayscale } from 'pdf-lib';
import type { Exam } from '../exam/exam.js';
import type { Layout } from '../template/layout.js';
import type { Template } from '../template/schema.js';
import type { Fonts } from './fonts.js';
import { BAND_GRAY, BUBBLE_LETTER_GRAY, INK, Pen, RULE_GRAY, widthOf } from './pen.js';

/** Where the printed value of one candidate-information line goes. */
export interface InfoLine {
  key: string;
  label: string;
  /** Baseline of the label and the value. */
  baseline: number;
  labelX: number;
  /** Start of the dotted write-in line and of the printed value. */
  valueX: number;
  /** Right end of the dotted line. */
  endX: number;
  /** Optional hint printed right of the dotted line (e.g. "(1, 2 hoặc 3)"). */
  hint?: string;
}

export const INFO_LABEL_SIZE = 10.5;
export const INFO_VALUE_SIZE = 11;
const HINTS: Record<string, string> = { nhom: '(ghi 1, 2 hoặc 3)', ngay_sinh: '(ngày/tháng/năm)' };
const HINT_SIZE = 8.5;

/** Geometry of the information lines; shared by the static artwork and the personalised text. */
export function infoLines(layout: Layout, fonts: Fonts): InfoLine[] {
  const box = layout.info;
  const pitch = box.h / box.fields.length;
  return box.fields.map((f, i) => {
    const label = `${f.label}:`;
    const labelX = box.x;
    const valueX = labelX + widthOf(fonts.regular, label, INFO_LABEL_SIZE) + 3;
    const hint = HINTS[f.key];
    const endX = box.x + box.w - (hint ? widthOf(fonts.italic, hint, HINT_SIZE) + 4 : 0);
    return { key: f.key, label, baseline: box.y + (i + 1) * pitch - 7, labelX, valueX, endX, ...(hint ? { hint } : {}) };
  });
}

/** Baseline that centres capital letters and digits vertically on `cy`. */
export const centredBaseline = (cy: number, size: number, fonts: Fonts): number => cy + (fonts.capHeight * size) / 2;

function header(pen: Pen, l: Layout, exam: Exam, f: Fonts): void {
  const h = l.header;
  const split = h.x + h.w * 0.45;
  // Left: organiser (Nghị định 30/2020: governing body regular, issuing body bold, upper-case).
  const leftC = (h.x + split) / 2;
  const lines = exam.organiser.map((s) => s.toLocaleUpperCase('vi'));
  const size = 10.5;
  const top = h.y + 20;
  let y = top;
  let lastW = 0;
  lines.forEach((s, i) => {
    const last = i === lines.length - 1;
    const font = last ? f.bold : f.regular;
    lastW = Math.min(widthOf(font, s, size), split - h.x - 4);
    pen.text(s, leftC, y, { font, size, align: 'center', maxWidth: split - h.x - 4, minSize: 7 });
    y += 13;
  });
  const ruleL = Math.max(40, lastW / 3);
  pen.line(leftC - ruleL / 2, y - 7, leftC + ruleL / 2, y - 7, 0.6);

  // Right: national title and motto with a rule as long as the motto.
  const rightC = (split + h.x + h.w) / 2;
  const rw = h.x + h.w - split;
  pen.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightC, top, { font: f.bold, size: 10.5, align: 'center', maxWidth: rw, minSize: 8 });
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const mw = pen.text(motto, rightC, top + 14, { font: f.bold, size: 11.5, align: 'center', maxWidth: rw });
  pen.line(rightC - mw / 2, top + 20, rightC + mw / 2, top + 20, 0.6);
}

function titleBlock(pen: Pen, l: Layout, exam: Exam, f: Fonts): void {
  const b = l.titleBox;
  const cx = b.x + b.w / 2;
  pen.text(l.title, cx, b.y + 19, { font: f.bold, size: 17, align: 'center', maxWidth: b.w });
  pen.text(exam.name.toLocaleUpperCase('vi'), cx, b.y + 35, { font: f.bold, size: 10.5, align: 'center', maxWidth: b.w, minSize: 7.5 });
  const parts = [`Năm ${exam.year}`];
  if (exam.date) parts.push(`Ngày thi: ${exam.date}`);
  if (exam.place) parts.push(`Địa điểm: ${exam.place}`);
  pen.text(parts.join('  –  '), cx, b.y + 50, { font: f.italic, size: 10, align: 'center', maxWidth: b.w, minSize: 7.5 });
}

function info(pen: Pen, l: Layout, f: Fonts): void {
  for (const line of infoLines(l, f)) {
    pen.text(line.label, line.labelX, line.baseline, { font: f.regular, size: INFO_LABEL_SIZE });
    pen.line(line.valueX + 1, line.baseline + 1.5, line.endX, line.baseline + 1.5, 0.7, 0.35, [0.01, 2.2]);
    if (line.hint) pen.text(line.hint, l.info.x + l.info.w, line.baseline, { font: f.italic, size: HINT_SIZE, align: 'right', gray: 0.25 });
  }
}

/** A small bubble with a letter, as drawn on the sheet, for the instruction examples. */
function exampleBubble(pen: Pen, l: Layout, cx: number, cy: number, r: number, letter: string, f: Fonts): void {
  bubble(pen, l, f, cx, cy, r, letter);
}

function instructions(pen: Pen, l: Layout, f: Fonts): void {
  const b = l.instructions;
  pen.rect(b, { stroke: 0.8 });
  const pad = 6;
  pen.text('HƯỚNG DẪN TÔ PHIẾU', b.x + b.w / 2, b.y + 12, { font: f.bold, size: 9.5, align: 'center' });
  const rules = [
    'Dùng bút chì đen (2B) tô đậm và kín một ô tròn cho mỗi câu.',
    'Ghi số báo danh, mã đề vào các ô trống rồi tô ô có chữ số tương ứng.',
    'Muốn sửa: tẩy thật sạch ô đã tô rồi tô ô khác.',
    'Không gấp, không làm bẩn phiếu; không viết, vẽ gần các ô vuông đen.',
  ];
  let y = b.y + 24;
  for (const s of rules) {
    pen.text('–', b.x + pad, y, { font: f.regular, size: 8.5 });
    pen.text(s, b.x + pad + 7, y, { font: f.regular, size: 8.5, maxWidth: b.w - 2 * pad - 7, minSize: 7 });
    y += 10.5;
  }

  // Examples: one correct fill, then wrong ones (tick, cross, half fill, circled letter, dot).
  const r = l.groups[0].options[0].r;
  const st = l.bubbleStroke;
  const cy = b.y + b.h - 12;
  const base = centredBaseline(cy, 8.5, f);
  let x = b.x + pad;
  x += pen.text('Tô đúng:', x, base, { font: f.bold, size: 8.5 }) + 4 + r;
  exampleBubble(pen, l, x, cy, r, 'A', f);
  pen.circle(x, cy, r - 0.2, { fill: INK });
  x += r + 16;
  x += pen.text('Tô sai:', x, base, { font: f.bold, size: 8.5 }) + 4 + r;
  const gap = 2 * r + 10;
  const ink = 1.3;
  // tick
  exampleBubble(pen, l, x, cy, r, 'B', f);
  pen.path([[x - 4.2, cy - 0.5], [x - 1.2, cy + 3.8], [x + 5.5, cy - 6.5]], { stroke: ink });
  x += gap;
  // cross
  exampleBubble(pen, l, x, cy, r, 'C', f);
  pen.path([[x - 4.5, cy - 4.5], [x + 4.5, cy + 4.5]], { stroke: ink });
  pen.path([[x - 4.5, cy + 4.5], [x + 4.5, cy - 4.5]], { stroke: ink });
  x += gap;
  // half fill: the left half of the disc
  exampleBubble(pen, l, x, cy, r, 'D', f);
  const rr = r - 0.2;
  pen.svg(`M ${x} ${cy - rr} A ${rr} ${rr} 0 0 0 ${x} ${cy + rr} Z`, { fill: INK });
  x += gap;
  // circled letter: a pen ring around the bubble instead of a fill
  exampleBubble(pen, l, x, cy, r, 'A', f);
  pen.page.drawEllipse({ x: x + 0.9, y: pen.height - cy + 0.5, xScale: r + 3.4, yScale: r + 1.9, rotate: degrees(-15), borderWidth: 0.9, borderColor: grayscale(INK) });
  x += gap + 2;
  // a dot in the middle
  exampleBubble(pen, l, x, cy, r, 'B', f);
  pen.circle(x, cy, 2.2, { fill: INK });
}

function signatures(pen: Pen, l: Layout, f: Fonts): void {
  const s = l.signatures;
  const n = s.boxes.length;
  const w = s.w / n;
  pen.rect(s, { stroke: 0.8 });
  s.boxes.forEach((label, i) => {
    const x = s.x + i * w;
    if (i > 0) pen.line(x, s.y, x, s.y + s.h, 0.8);
    pen.text(label, x + w / 2, s.y + 13, { font: f.bold, size: 9.5, align: 'center', maxWidth: w - 8 });
    pen.text('(Ký, ghi rõ họ tên)', x + w / 2, s.y + 24, { font: f.italic, size: 8.5, align: 'center', maxWidth: w - 8 });
  });
}

function bubble(pen: Pen, l: Layout, f: Fonts, cx: number, cy: number, r: number, letter: string): void {
  const st = l.bubbleStroke;
  pen.circle(cx, cy, r - st / 2, { stroke: st });
  pen.text(letter, cx, centredBaseline(cy, l.bubbleLabelSize, f), { font: f.regular, size: l.bubbleLabelSize, align: 'center', gray: BUBBLE_LETTER_GRAY });
}

function grids(pen: Pen, l: Layout, f: Fonts): void {
  for (const kind of ['sbd', 'made'] as const) {
    const g = l.grids[kind];
    pen.rect(g.frame, { stroke: 0.8 });
    pen.text(g.labelAnchor.text, g.labelAnchor.x, g.labelAnchor.y, { font: f.bold, size: 9, align: 'center', maxWidth: g.frame.w - 4, minSize: 6.5 });
    for (const wb of g.writeBoxes) pen.rect(wb, { stroke: 0.6 });
    const cols = l.groups.filter((gr) => gr.kind === kind);
    // A rule between the write-in boxes and the bubbles.
    const top = g.writeBoxes[0].y + g.writeBoxes[0].h + 1.5;
    pen.line(g.frame.x, top, g.frame.x + g.frame.w, top, 0.5);
    for (const col of cols) for (const o of col.options) bubble(pen, l, f, o.x, o.y, o.r, o.value);
  }
}

function answers(pen: Pen, t: Template, l: Layout, f: Fonts): void {
  const a = t.answers;
  const qs = l.groups.filter((g) => g.kind === 'question');
  for (const p of l.parts) {
    pen.rect(p.titleBox, { fill: BAND_GRAY });
    pen.rect(p.frame, { stroke: 0.8 });
    pen.line(p.frame.x, p.titleBox.y + p.titleBox.h, p.frame.x + p.frame.w, p.titleBox.y + p.titleBox.h, 0.6);
    pen.text(p.title, p.titleBox.x + p.titleBox.w / 2, centredBaseline(p.titleBox.y + p.titleBox.h / 2, 9, f), {
      font: f.bold,
      size: 9,
      align: 'center',
      maxWidth: p.titleBox.w - 6,
      minSize: 7,
    });
    // Column separators and block rules inside the part.
    const inPart = qs.filter((g) => g.index >= p.from && g.index <= p.to);
    const firstRowOfColumn = inPart.filter((g) => (g.index - 1) % a.rowsPerColumn === 0);
    const top = p.titleBox.y + p.titleBox.h;
    const bottom = p.frame.y + p.frame.h;
    for (let i = 1; i < firstRowOfColumn.length; i++) {
      const x = firstRowOfColumn[i].options[0].x - firstRowOfColumn[i].options[0].r - a.labelWidth - 2;
      pen.line(x, top, x, bottom, 0.5, RULE_GRAY);
    }
    const rowsInColumn = Math.min(a.rowsPerColumn, a.questions);
    for (let row = a.blockRows; row < rowsInColumn; row += a.blockRows) {
      const above = qs[row - 1].options[0];
      const y = above.y + a.rowPitch / 2 + a.blockGap / 2;
      pen.line(p.frame.x + 3, y, p.frame.x + p.frame.w - 3, y, 0.35, RULE_GRAY, [1.5, 1.5]);
    }
  }
  const numSize = 8.5;
  for (const q of l.questionLabels) pen.text(q.text, q.x, centredBaseline(q.y, numSize, f), { font: f.bold, size: numSize, align: 'right' });
  for (const g of qs) for (const o of g.options) bubble(pen, l, f, o.x, o.y, o.r, o.value);
}

function marks(pen: Pen, l: Layout): void {
  for (const m of l.marks) pen.square(m.x, m.y, m.size, INK);
}

function footer(pen: Pen, l: Layout, f: Fonts): void {
  const bl = l.marks.find((m) => m.id === 'bl')!;
  const y = bl.y + bl.size / 2 + 8;
  pen.text(
    `Mẫu ${l.template} (phiên bản ${l.version})  ·  In đúng cỡ A4 (100 %), không thu nhỏ  ·  Không gấp, không làm rách phiếu`,
    l.page.width / 2,
    y,
    { font: f.italic, size: 7, align: 'center', gray: 0.3 },
  );
}

/** Label left of the serial number; the number itself is personal. */
export const SERIAL_LABEL = 'Số phiếu: ';

/** Everything that is the same on every sheet of a document. */
export function drawArtwork(pen: Pen, t: Template, l: Layout, exam: Exam, f: Fonts): void {
  marks(pen, l);
  header(pen, l, exam, f);
  titleBlock(pen, l, exam, f);
  info(pen, l, f);
  instructions(pen, l, f);
  signatures(pen, l, f);
  grids(pen, l, f);
  answers(pen, t, l, f);
  footer(pen, l, f);
}

