/**
 * .docx renderer of the document model (./model.ts) with the `docx` package: the same
 * layout as the PDF in Word terms (Times New Roman, A4, margins per Nghị định 30/2020, header
 * block as a borderless two-column table, page numbers centred at the top from page 2, tables
 * whose header row repeats, charts as native Word charts whose data Word can edit).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { ChartRun } from 'docx/charts';
import { MARGIN, PAGE } from './pdf.js';
import { runs, type AdminDocument, type Block, type ChartBlock, type Inline, type Signature, type TableBlock } from './model.js';

const FONT = 'Times New Roman';
const TWIP_PER_PT = 20;
const tw = (pt: number) => Math.round(pt * TWIP_PER_PT);
const half = (pt: number) => pt * 2; // docx sizes are half-points
const BODY = 13;
const TEXT_WIDTH = tw(PAGE.width - MARGIN.left - MARGIN.right);
const INDENT = 720; // 1.27 cm

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

interface Style {
  size?: number;
  bold?: boolean;
  italics?: boolean;
}

function textRuns(t: Inline, s: Style = {}): TextRun[] {
  return runs(t).map((r) => new TextRun({ text: r.text, font: FONT, size: half(s.size ?? BODY), bold: r.bold ?? s.bold, italics: r.italic ?? s.italics }));
}

function para(t: Inline, opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; style?: Style; indent?: boolean; after?: number; before?: number; border?: boolean } = {}): Paragraph {
  return new Paragraph({
    children: textRuns(t, opts.style),
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    spacing: { before: tw(opts.before ?? 0), after: tw(opts.after ?? 6), line: 288, lineRule: LineRuleType.AUTO },
    ...(opts.indent ? { indent: { firstLine: INDENT } } : {}),
  });
}

/** A short rule: a centred paragraph with a bottom border, indented to the rule's width. */
function rule(widthPt: number, columnPt: number): Paragraph {
  const side = tw(Math.max(0, (columnPt - widthPt) / 2));
  return new Paragraph({ children: [], indent: { left: side, right: side }, border: { bottom: LINE }, spacing: { after: tw(6) } });
}

function cell(children: Paragraph[], width: number, opts: { shade?: boolean; borders?: boolean } = {}): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(opts.borders === false ? { borders: { top: NONE, bottom: NONE, left: NONE, right: NONE } } : {}),
    ...(opts.shade ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'EDEDED' } } : {}),
  });
}

const C = AlignmentType.CENTER;

function headerBlock(d: AdminDocument): Table {
  const lw = Math.round(TEXT_WIDTH * 0.42);
  const rw = TEXT_WIDTH - lw;
  const left = [
    ...(d.superior ? [para(d.superior, { align: C, style: { size: 12 }, after: 0 })] : []),
    para(d.issuer, { align: C, style: { size: 12, bold: true }, after: 0 }),
    rule(lw / 20 / 3, lw / 20),
    para(d.number, { align: C, style: { size: 13 }, after: 0 }),
  ];
  const right = [
    para('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: C, style: { size: 12, bold: true }, after: 0 }),
    para('Độc lập - Tự do - Hạnh phúc', { align: C, style: { size: 13, bold: true }, after: 0 }),
    rule(165, rw / 20),
    para(d.placeDate, { align: C, style: { size: 13, italics: true }, after: 0 }),
  ];
  return new Table({
    rows: [new TableRow({ children: [cell(left, lw, { borders: false }), cell(right, rw, { borders: false })] })],
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [lw, rw],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
  });
}

function table(t: TableBlock): Table {
  const size = t.size ?? 12;
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  const widths = t.columns.map((c) => Math.floor((c.width / total) * TEXT_WIDTH));
  const align = (a?: string) => (a === 'center' ? C : a === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT);
  const cellParas = (text: string, a: (typeof AlignmentType)[keyof typeof AlignmentType], bold: boolean) =>
    text.split('\n').map((l) => para(l, { align: a, style: { size, bold }, after: 0 }));
  const head = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.columns.map((c, i) => cell(cellParas(c.title, C, true), widths[i], { shade: true })),
  });
  const row = (r: string[], bold: boolean) =>
    new TableRow({ cantSplit: true, children: t.columns.map((c, i) => cell(cellParas(r[i] ?? '', align(c.align), bold), widths[i])) });
  return new Table({
    rows: [head, ...t.rows.map((r) => row(r, false)), ...(t.total ? [row(t.total, true)] : [])],
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
  });
}

const FILLS = ['294A85', '739ED1', 'C78C40', '999999', '4D8C59'];

function chart(c: ChartBlock): Paragraph {
  return new Paragraph({
    alignment: C,
    spacing: { after: tw(8) },
    children: [
      new ChartRun({
        type: 'column',
        title: { text: c.title, font: { name: FONT, size: 12, bold: true } } as never,
        categories: c.categories,
        series: c.series.map((s, i) => ({ name: s.name, values: s.values, color: FILLS[i % FILLS.length] })),
        dataLabels: { value: true },
        font: { name: FONT },
        ...(c.series.length > 1 ? {} : { legend: false as const }),
        transformation: { width: 600, height: 280 },
      }) as unknown as ParagraphChild,
    ],
  });
}

function block(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'heading':
      return [para(b.text, { align: AlignmentType.LEFT, style: { bold: true }, before: 6 })];
    case 'paragraph':
      return [para(b.text, { align: b.align === 'center' ? C : b.align === 'left' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED, indent: b.indent !== false })];
    case 'table':
      return [table(b), para('', { after: 4 })];
    case 'chart':
      return [chart(b)];
    case 'pageBreak':
      return [new Paragraph({ children: [], pageBreakBefore: true })];
  }
}

function signatureParas(s: Signature): Paragraph[] {
  return [
    ...s.role.map((r) => para(r, { align: C, style: { bold: true }, after: 0 })),
    new Paragraph({ children: [], spacing: { before: tw(70) } }),
    para(s.name ?? '……………………………', { align: C, style: { bold: true } }),
  ];
}

function recipientParas(d: AdminDocument): Paragraph[] {
  if (!d.recipients.length) return [];
  return [
    para('Nơi nhận:', { align: AlignmentType.LEFT, style: { size: 12, bold: true, italics: true }, after: 0 }),
    ...d.recipients.map((r) => para(`- ${r}`, { align: AlignmentType.LEFT, style: { size: 11 }, after: 0 })),
  ];
}

function endBlock(d: AdminDocument): Table[] {
  const hw = Math.floor(TEXT_WIDTH / 2);
  const [main, ...others] = d.signatures;
  const mk = (l: Paragraph[], r: Paragraph[]) =>
    new Table({
      rows: [new TableRow({ cantSplit: true, children: [cell(l.length ? l : [para('')], hw, { borders: false }), cell(r.length ? r : [para('')], TEXT_WIDTH - hw, { borders: false })] })],
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: [hw, TEXT_WIDTH - hw],
      layout: TableLayoutType.FIXED,
      borders: NO_BORDERS,
    });
  const right = main ? signatureParas(main) : [];
  if (!others.length) return [mk(recipientParas(d), right)];
  return [mk(others.flatMap(signatureParas), right), mk(recipientParas(d), [])];
}

/** Render the document to .docx bytes. */
export async function renderDocx(d: AdminDocument): Promise<Uint8Array> {
  const pageNumber = new Header({
    children: [new Paragraph({ alignment: C, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: half(BODY) })] })],
  });
  const doc = new Document({
    creator: 'omr',
    title: d.title,
    styles: { default: { document: { run: { font: FONT, size: half(BODY) } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: tw(PAGE.width), height: tw(PAGE.height) },
            margin: { top: tw(MARGIN.top), bottom: tw(MARGIN.bottom), left: tw(MARGIN.left), right: tw(MARGIN.right), header: tw(25) },
          },
        },
        headers: { default: pageNumber, first: new Header({ children: [] }) },
        children: [
          headerBlock(d),
          para('', { after: 6 }),
          para(d.kind, { align: C, style: { size: 14, bold: true }, after: 0 }),
          ...d.subject.map((s) => para(s, { align: C, style: { size: 14, bold: true }, after: 0 })),
          rule(45, TEXT_WIDTH / 20),
          ...(d.to ?? []).map((t) => para(t, { align: C, style: { size: 14 } })),
          ...d.body.flatMap(block),
          ...endBlock(d),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
