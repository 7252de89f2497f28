/**
 * CSV for Excel: UTF-8 with a byte-order mark (Excel reads UTF-8 only then), CRLF line ends,
 * and every text cell that starts with = + - @, a tab or a carriage return prefixed with an
 * apostrophe, so a name like "=HYPERLINK(...)" is shown as text, never run as a formula
 * (spreadsheet formula injection). Numbers our own code computed are written as numbers.
 */
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | null | undefined;

export interface Table {
  /** File name without extension, e.g. "ket-qua". */
  name: string;
  /** Worksheet name in the workbook. */
  sheet: string;
  headers: string[];
  rows: Cell[][];
  /** Columns (0-based) holding codes that must stay text (SBD, mã đề): leading zeros. */
  textColumns?: number[];
}

const DANGEROUS = /^[=+\-@\t\r]/;

/** Prefix a text cell that a spreadsheet would run as a formula with an apostrophe. */
export function neutralise(s: string): string {
  return DANGEROUS.test(s) ? `'${s}` : s;
}

function cellText(c: Cell): string | number {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? c : '';
  return neutralise(c);
}

/** The bytes of a CSV file (as a string starting with U+FEFF). */
export function toCsv(headers: string[], rows: Cell[][]): string {
  return stringify([headers.map(cellText), ...rows.map((r) => r.map(cellText))], {
    bom: true,
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
    cast: { number: (v) => String(v) },
  });
}

export function tableToCsv(t: Table): string {
  return toCsv(t.headers, t.rows);
}
