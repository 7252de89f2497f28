/**
 * The previous round's results (`--history FILE`: the ket-qua.csv export of an earlier exam).
 *
 * Matching rule: SBD are assigned per exam, so they are NOT used. A person is the same when
 * Họ và tên + Ngày sinh + Đơn vị are equal after normalising:
 *   - names and units: Unicode NFC, lower case, runs of spaces as one, trimmed;
 *   - dates: d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy and yyyy-mm-dd all read as the same day.
 * Two rows of the history with the same person are ambiguous: that person is not matched and
 * the grading notes say so. Rows without a Xếp loại (absent, not scored) are not results.
 */
import { readFileSync } from 'node:fs';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { normaliseText } from './bands.js';
import { readCsv, type CsvRecord } from './csvread.js';

export interface HistoryRecord {
  /** Line in the history file (header = 1). */
  row: number;
  file: string;
  hoTen: string;
  ngaySinh: string;
  donVi: string;
  band: string;
  total: number | null;
  /** Mã cán bộ, when the file has a "Mã cán bộ" / "ma_can_bo" column (omr plan matches by it first). */
  code?: string;
}

export interface HistoryIssue {
  file: string;
  row: number | null;
  text: string;
}

export interface History {
  file: string;
  records: HistoryRecord[];
  issues: HistoryIssue[];
}

/** Normalise a date of birth to yyyy-mm-dd when it looks like a date; otherwise normalised text. */
export function normaliseDate(s: string): string {
  const t = s.normalize('NFC').trim();
  let m = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  m = /^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$/.exec(t);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return normaliseText(t);
}

/** The key a person is matched by across exams. */
export function personKey(hoTen: string, ngaySinh: string, donVi: string): string {
  return [normaliseText(hoTen), normaliseDate(ngaySinh), normaliseText(donVi)].join('|');
}

/** Undo the formula neutralising of our own CSV writer. */
function unNeutralise(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

const HEADERS = { hoTen: 'họ và tên', ngaySinh: 'ngày sinh', donVi: 'đơn vị', band: 'xếp loại', total: 'tổng điểm' } as const;

export function parseHistory(text: string, file: string): History {
  let records: CsvRecord[];
  try {
    records = readCsv(text);
  } catch (e) {
    return { file, records: [], issues: [{ file, row: null, text: `${file}: not readable as CSV: ${(e as Error).message} → give the ket-qua.csv exported by omr` }] };
  }
  if (!records.length) return { file, records: [], issues: [{ file, row: null, text: `${file}: the file is empty → give the ket-qua.csv exported by omr` }] };
  const header = records[0].cells.map((h) => normaliseText(h.replace(/^\uFEFF/, '')));
  const col = Object.fromEntries(Object.entries(HEADERS).map(([k, h]) => [k, header.indexOf(h)])) as Record<keyof typeof HEADERS, number>;
  const missing = (['hoTen', 'ngaySinh', 'donVi', 'band'] as const).filter((k) => col[k] < 0).map((k) => `"${HEADERS[k]}"`);
  if (missing.length) {
    return {
      file,
      records: [],
      issues: [{ file, row: records[0].line, text: `${file} row ${records[0].line}: no column ${missing.join(', ')} → give the ket-qua.csv exported by omr (headers Họ và tên, Ngày sinh, Đơn vị, Xếp loại)` }],
    };
  }
  const codeCol = header.findIndex((h) => h === 'mã cán bộ' || h === 'ma_can_bo');
  const out: HistoryRecord[] = [];
  for (const r of records.slice(1)) {
    const get = (i: number): string => (i >= 0 ? unNeutralise((r.cells[i] ?? '').trim()) : '');
    const band = get(col.band);
    if (!band) continue;
    const totalText = get(col.total);
    const code = codeCol >= 0 ? get(codeCol) : '';
    out.push({
      row: r.line,
      file,
      hoTen: get(col.hoTen),
      ngaySinh: get(col.ngaySinh),
      donVi: get(col.donVi),
      band,
      total: /^\d+$/.test(totalText) ? Number(totalText) : null,
      ...(code ? { code } : {}),
    });
  }
  return { file, records: out, issues: [] };
}

export function loadHistory(file: string): History {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new OmrError('IO', msg('io.cannotRead', { file, what: 'history file', code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('hint.history') });
  }
  return parseHistory(text, file);
}

export type HistoryMatch = { kind: 'none' } | { kind: 'one'; record: HistoryRecord } | { kind: 'ambiguous'; records: HistoryRecord[] };

/** Index history records by person key. */
export function indexHistory(records: HistoryRecord[]): (hoTen: string, ngaySinh: string, donVi: string) => HistoryMatch {
  const map = new Map<string, HistoryRecord[]>();
  for (const r of records) {
    const k = personKey(r.hoTen, r.ngaySinh, r.donVi);
    const l = map.get(k);
    if (l) l.push(r);
    else map.set(k, [r]);
  }
  return (hoTen, ngaySinh, donVi) => {
    const l = map.get(personKey(hoTen, ngaySinh, donVi));
    if (!l) return { kind: 'none' };
    if (l.length === 1) return { kind: 'one', record: l[0] };
    return { kind: 'ambiguous', records: l };
  };
}
