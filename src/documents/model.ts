/**
 * The document model: one Vietnamese administrative document (Nghị định 30/2020/NĐ-CP,
 * Phụ lục I) as data. Renderers (./pdf.ts, ./docx.ts) lay the same model out; nothing in the
 * model knows about pages or points. See ./index.ts for how to build and render one.
 */

/** A piece of text with a style; a paragraph is a string or a list of runs. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}
export type Inline = string | Run[];

export interface Column {
  /** Header text (bold, centred). `\n` breaks the header line. */
  title: string;
  /** Relative width; the columns share the text width in proportion. */
  width: number;
  /** Alignment of the body cells (header cells are always centred). Default left. */
  align?: 'left' | 'center' | 'right';
}

/** A table: header row in bold, repeated on every page it spans. */
export interface TableBlock {
  kind: 'table';
  columns: Column[];
  rows: string[][];
  /** A last row in bold (e.g. "Tổng cộng"). */
  total?: string[];
  /** Font size of the cells (default 12). */
  size?: number;
}

/** Vertical bars: one group per category, one bar per series; drawn as vectors in the PDF. */
export interface ChartBlock {
  kind: 'chart';
  title: string;
  categories: string[];
  series: { name: string; values: number[] }[];
  /** Label on the value axis, e.g. "Số người". */
  unit?: string;
}

export type Block =
  /** A section heading: bold, left, no indent ("I. TÌNH HÌNH CHUNG"). */
  | { kind: 'heading'; text: string }
  /** Body text: justified, first-line indent. `indent: false` for a list line. */
  | { kind: 'paragraph'; text: Inline; indent?: boolean; align?: 'justify' | 'left' | 'center' }
  | TableBlock
  | ChartBlock
  | { kind: 'pageBreak' };

/** One signer: the lines above the signature (bold capitals) and the name under it. */
export interface Signature {
  /** e.g. ["TM. HỘI ĐỒNG", "CHỦ TỊCH"]. */
  role: string[];
  /** Printed under the space for the signature and seal; blank leaves a dotted line. */
  name?: string;
}

export interface AdminDocument {
  /** The superior body, regular capitals: "ỦY BAN NHÂN DÂN HUYỆN PHONG ĐIỀN". May be empty. */
  superior: string;
  /** The issuing body, bold capitals with a short rule under it: "HỘI ĐỒNG KIỂM TRA, SÁT HẠCH". */
  issuer: string;
  /** The number line as printed, e.g. "Số: 12/BC-HĐKTSH" or "Số:      /BC-HĐKTSH". */
  number: string;
  /** Place and date line, in italics, e.g. "Phong Điền, ngày 20 tháng 6 năm 2025". */
  placeDate: string;
  /** "BÁO CÁO", "THÔNG BÁO", "DANH SÁCH": bold capitals, centred. */
  kind: string;
  /** The subject, bold, centred; one entry per line. */
  subject: string[];
  /** "Kính gửi: …" lines, centred under the subject (optional). */
  to?: string[];
  body: Block[];
  /** "Nơi nhận:" list, bottom left; items are printed as "- item". Empty: no list. */
  recipients: string[];
  /** Signers, right to left: the first is the main signer at the right. */
  signatures: Signature[];
  /** Document metadata (title of the PDF, .docx core properties). */
  title: string;
}

/** The text of an inline, without styles. */
export function plain(t: Inline): string {
  return typeof t === 'string' ? t : t.map((r) => r.text).join('');
}

/** Runs of an inline. */
export function runs(t: Inline): Run[] {
  return typeof t === 'string' ? [{ text: t }] : t;
}
