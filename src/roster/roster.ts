import { readFileSync } from 'node:fs';
import { readCsv, type CsvRecord } from '../grade/csvread.js';
import { OmrError } from '../errors.js';
import { msg, render, type MsgRef } from '../i18n/index.js';
import { tryDecodeText } from '../util/text.js';
import type { Candidate, RosterParse, RowIssue } from './types.js';
import { rowsLine } from './rows-line.js';

export type { Candidate, RosterParse, RowIssue } from './types.js';
export { rowsLine } from './rows-line.js';

/** Roster columns, in the documented order. Order in the file may vary; extra columns are ignored. */
export const ROSTER_COLUMNS = ['sbd', 'ho_ten', 'ngay_sinh', 'don_vi', 'nhom', 'chuc_danh'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

export interface RosterOptions {
  /** Digits in a số báo danh (the template's SBD grid); 6 by default. */
  sbdDigits?: number;
}

const clean = (s: string | undefined): string => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * Parse a roster CSV (text decoded by util/text.ts: any line endings). Never throws for bad content: every problem
 * is a RowIssue naming the file, the row (as Excel numbers it: header is row 1) and the fix.
 * Rows with a problem are left out of `candidates`.
 */
export function parseRoster(text: string, file: string, opts: RosterOptions = {}): RosterParse {
  const digits = opts.sbdDigits ?? 6;
  const issues: RowIssue[] = [];
  const candidates: Candidate[] = [];
  const issue = (row: number, message: MsgRef): void => {
    const m = msg('roster.row', { file, row, message });
    issues.push({ file, row, message: render('en', m), msg: m });
  };

  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) {
    issue(1, msg('roster.empty', { columns: ROSTER_COLUMNS.join(',') }));
    return { candidates, issues, rows: 0 };
  }

  let records: CsvRecord[];
  try {
    records = readCsv(body, { strictQuotes: true });
  } catch (e) {
    const err = e as Error & { lines?: number };
    issue(err.lines ?? 1, msg('roster.csv', { detail: err.message.replace(/^Invalid [^:]*: /, '') }));
    return { candidates, issues, rows: 0 };
  }
  if (!records.length) {
    issue(1, msg('roster.empty', { columns: ROSTER_COLUMNS.join(',') }));
    return { candidates, issues, rows: 0 };
  }
  const rowOf = (r: CsvRecord): number => r.line;

  const [head, ...rows] = records;
  const headerRow = rowOf(head);
  const col = new Map<string, number>();
  head.cells.forEach((h, i) => {
    const name = clean(h).toLowerCase();
    if (name && !col.has(name)) col.set(name, i);
  });
  const missing = ROSTER_COLUMNS.filter((c) => !col.has(c));
  for (const c of missing) {
    issue(headerRow, msg('roster.missingColumn', { column: c, columns: ROSTER_COLUMNS.join(',') }));
  }
  if (missing.length) return { candidates, issues, rows: rows.length };
  if (!rows.length) {
    issue(headerRow, msg('roster.noCandidates'));
    return { candidates, issues, rows: 0 };
  }

  const firstRowOf = new Map<string, number>();
  for (const r of rows) {
    const row = rowOf(r);
    const get = (c: RosterColumn): string => clean(r.cells[col.get(c)!]);
    const sbd = get('sbd');
    const hoTen = get('ho_ten');
    const nhom = get('nhom');
    const before = issues.length;

    if (!sbd) issue(row, msg('roster.sbdEmpty', { digits }));
    else if (!new RegExp(`^\\d{${digits}}$`).test(sbd)) {
      const padded = /^\d+$/.test(sbd) && sbd.length < digits ? sbd.padStart(digits, '0') : null;
      issue(row, msg('roster.sbdDigits', { sbd, digits, padded }));
    } else {
      const first = firstRowOf.get(sbd);
      if (first !== undefined) issue(row, msg('roster.sbdDuplicate', { sbd, first }));
      else firstRowOf.set(sbd, row);
    }
    if (!hoTen) issue(row, msg('roster.nameEmpty'));
    if (!/^[123]$/.test(nhom)) issue(row, msg('roster.nhom', { nhom }));

    if (issues.length === before) {
      candidates.push({
        row,
        sbd,
        hoTen,
        ngaySinh: get('ngay_sinh'),
        donVi: get('don_vi'),
        nhom: Number(nhom) as 1 | 2 | 3,
        chucDanh: get('chuc_danh'),
      });
    }
  }
  return { candidates, issues, rows: rows.length };
}

/** A roster file's bytes as text (UTF-8 or UTF-16 with BOM, util/text.ts); an OmrError otherwise. */
export function decodeRoster(bytes: Uint8Array, file: string): string {
  const text = tryDecodeText(bytes);
  if (text === undefined) throw new OmrError('ROSTER_INVALID', msg('roster.notUtf8', { file }), { hint: msg('roster.notUtf8.hint') });
  return text;
}

/** Read and parse a roster file. Throws only when the file cannot be read or is not UTF-8/UTF-16 text. */
export function loadRoster(file: string, opts: RosterOptions = {}): RosterParse {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new OmrError('IO', msg('io.cannotRead', { file, what: 'roster', code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('hint.checkPath') });
  }
  return parseRoster(decodeRoster(bytes, file), file, opts);
}

/**
 * The candidates of a roster with no problems; otherwise an OmrError listing every problem, one
 * line each (nothing may be written). With `skipBadRows` the good rows are returned (the caller
 * prints the rows read and left out); a roster with no good row is still refused.
 */
export function candidatesOrThrow(parsed: RosterParse, file: string, opts: { skipBadRows?: boolean } = {}): Candidate[] {
  if (!parsed.issues.length || (opts.skipBadRows && parsed.candidates.length)) return parsed.candidates;
  const n = parsed.issues.length;
  throw new OmrError('ROSTER_INVALID', msg('roster.problems', { file, n }), {
    hint: parsed.candidates.length ? msg('rows.refused.hint') : msg('roster.problems.hint'),
    detail: { file, issues: parsed.issues },
    more: [...parsed.issues.map((i) => ({ text: i.message, msg: i.msg })), rowsLine(parsed, file)],
  });
}
