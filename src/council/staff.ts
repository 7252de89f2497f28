/**
 * The district's staff list for `omr plan` (CSV or XLSX, first sheet): one row per official.
 *
 *   column (any of these headers, any case, with or without diacritics)
 *   ma_can_bo         Mã cán bộ, Mã CB, Mã số               optional: matches across years first
 *   ho_ten            Họ và tên, Họ tên                     required
 *   ngay_sinh         Ngày sinh                             required when there is no code
 *   don_vi            Đơn vị                                required
 *   nhom              Nhóm                                  required: 1, 2 or 3
 *   chuc_danh         Chức vụ/chức danh, Chức vụ, Chức danh
 *   ngay_giu_chuc_vu  Ngày giữ chức vụ, Giữ chức vụ từ       optional: start of the 3-year cycle
 *
 * Every row goes through a zod schema; every bad row is named (file, row, what to fix).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { OmrError, ValidationError, type Issue } from '../errors.js';
import { readCsv } from '../grade/csvread.js';
import { normaliseDate, personKey } from '../grade/history.js';
import { msg } from '../i18n/index.js';
import { tryParseDay, type Day } from './calendar.js';

export interface StaffMember {
  /** Row in the file (header = 1). */
  row: number;
  code?: string;
  hoTen: string;
  ngaySinh: string;
  donVi: string;
  nhom: 1 | 2 | 3;
  chucDanh: string;
  /** Ngày giữ chức vụ, when given. */
  since?: Day;
}

type Field = 'code' | 'hoTen' | 'ngaySinh' | 'donVi' | 'nhom' | 'chucDanh' | 'since';

/** Header spellings, compared without diacritics, case, spaces or punctuation. */
const ALIASES: Record<Field, string[]> = {
  code: ['ma_can_bo', 'ma can bo', 'ma cb', 'ma so', 'ma', 'ma cong chuc'],
  hoTen: ['ho_ten', 'ho va ten', 'ho ten'],
  ngaySinh: ['ngay_sinh', 'ngay sinh'],
  donVi: ['don_vi', 'don vi'],
  nhom: ['nhom'],
  chucDanh: ['chuc_danh', 'chuc vu/chuc danh', 'chuc vu, chuc danh', 'chuc vu chuc danh', 'chuc danh', 'chuc vu'],
  since: ['ngay_giu_chuc_vu', 'ngay giu chuc vu', 'giu chuc vu tu', 'ngay giu chuc vu, chuc danh', 'ngay bo nhiem'],
};

/** "Chức vụ/chức danh" → "chucvuchucdanh". */
export function headerKey(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const text = z.string().transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim());

const rowSchema = z
  .object({
    code: text.optional(),
    hoTen: text.pipe(z.string().min(1, 'họ và tên is empty → fill the ho_ten column')),
    ngaySinh: text.optional(),
    donVi: text.pipe(z.string().min(1, 'đơn vị is empty → fill the don_vi column')),
    nhom: text.superRefine((v, ctx) => {
      if (v === '') ctx.addIssue({ code: 'custom', message: 'no Nhóm → fill the nhom column with 1, 2 or 3' });
      else if (!/^(nhóm\s*)?[123]$/i.test(v)) ctx.addIssue({ code: 'custom', message: `Nhóm must be 1, 2 or 3, not "${v}"` });
    }),
    chucDanh: text.optional(),
    since: text.optional(),
  })
  .superRefine((r, ctx) => {
    if (!r.code && !r.ngaySinh) ctx.addIssue({ code: 'custom', path: ['ngaySinh'], message: 'no ngày sinh and no mã cán bộ: a person is matched across years by one of them → fill ngay_sinh' });
    if (r.since && !tryParseDay(r.since)) ctx.addIssue({ code: 'custom', path: ['since'], message: `ngày giữ chức vụ "${r.since}" is not a date → write DD/MM/YYYY` });
  });

const COLUMN_NAME: Record<Field, string> = { code: 'ma_can_bo', hoTen: 'ho_ten', ngaySinh: 'ngay_sinh', donVi: 'don_vi', nhom: 'nhom', chucDanh: 'chuc_danh', since: 'ngay_giu_chuc_vu' };

/** Parse staff rows (header first) into members; throws one ValidationError naming every bad row. */
export function parseStaff(rows: { line: number; cells: string[] }[], file: string): StaffMember[] {
  if (!rows.length) throw new ValidationError('ROSTER_INVALID', file, [{ message: 'the staff list is empty', path: 'row 1' }], msg('council.hint.staff'));
  const header = rows[0].cells.map(headerKey);
  const col = {} as Record<Field, number>;
  for (const f of Object.keys(ALIASES) as Field[]) col[f] = header.findIndex((h) => ALIASES[f].some((a) => headerKey(a) === h));
  const missing = (['hoTen', 'donVi', 'nhom'] as const).filter((f) => col[f] < 0);
  if (missing.length) {
    throw new ValidationError('ROSTER_INVALID', file, missing.map((f) => ({ message: `no column ${COLUMN_NAME[f]}`, path: `row ${rows[0].line}` })), msg('council.hint.staff'));
  }
  const issues: Issue[] = [];
  const out: StaffMember[] = [];
  for (const r of rows.slice(1)) {
    const get = (f: Field) => (col[f] >= 0 ? (r.cells[col[f]] ?? '') : undefined);
    const raw = Object.fromEntries((Object.keys(ALIASES) as Field[]).map((f) => [f, get(f)]).filter(([, v]) => v !== undefined && v !== ''));
    const p = rowSchema.safeParse({ hoTen: '', donVi: '', nhom: '', ...raw });
    if (!p.success) {
      for (const i of p.error.issues) issues.push({ message: `${i.message}${raw.hoTen ? ` (${raw.hoTen})` : ''}`, path: `row ${r.line}` });
      continue;
    }
    const v = p.data;
    out.push({
      row: r.line,
      ...(v.code ? { code: v.code } : {}),
      hoTen: v.hoTen,
      ngaySinh: v.ngaySinh ?? '',
      donVi: v.donVi,
      nhom: Number(v.nhom.slice(-1)) as 1 | 2 | 3,
      chucDanh: v.chucDanh ?? '',
      ...(v.since ? { since: tryParseDay(v.since)! } : {}),
    });
  }
  // the same person twice
  const seen = new Map<string, number>();
  for (const m of out) {
    for (const k of [m.code ? `code:${m.code}` : '', m.ngaySinh ? `key:${personKey(m.hoTen, m.ngaySinh, m.donVi)}` : ''].filter(Boolean)) {
      const first = seen.get(k);
      if (first !== undefined) issues.push({ message: `${m.hoTen} is listed twice (also row ${first}) → keep one row`, path: `row ${m.row}` });
      else seen.set(k, m.row);
    }
  }
  if (issues.length) throw new ValidationError('ROSTER_INVALID', file, issues, msg('council.hint.staff'));
  return out;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()}`;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
  }
  return String(v);
}

/** Read a staff list file: .xlsx (first sheet) or CSV. */
export async function loadStaff(file: string): Promise<StaffMember[]> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new OmrError('IO', msg('council.cannotRead', { file, code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('hint.checkPath') });
  }
  if (path.extname(file).toLowerCase() === '.xlsx') {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch (e) {
      throw new OmrError('ROSTER_INVALID', msg('council.staff.unreadable', { file, detail: (e as Error).message }), { hint: msg('council.hint.staff') });
    }
    const ws = wb.worksheets[0];
    const rows: { line: number; cells: string[] }[] = [];
    ws?.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
      if (cells.some((c) => c.trim())) rows.push({ line: n, cells });
    });
    return parseStaff(rows, file);
  }
  let rows;
  try {
    rows = readCsv(bytes.toString('utf8'));
  } catch (e) {
    throw new OmrError('ROSTER_INVALID', msg('council.staff.unreadable', { file, detail: (e as Error).message }), { hint: msg('council.hint.staff') });
  }
  return parseStaff(rows, file);
}

/** Same person across years when there is no code: họ tên + ngày sinh (+ đơn vị for a firm match). */
export const looseKey = (hoTen: string, ngaySinh: string): string => `${hoTen.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim()}|${normaliseDate(ngaySinh)}`;
