import type { Exam } from '../exam/exam.js';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { toCsv } from '../export/csv.js';
import { formatSerial, MAX_SERIAL } from '../identity/payload.js';
import type { Candidate } from '../roster/types.js';
import type { Layout } from '../template/layout.js';
import type { Template } from '../template/schema.js';
import { renderSheetsPdf, type SheetSpec } from './sheet.js';

/** Header of the manifest CSV written beside the PDF. */
export const MANIFEST_COLUMNS = ['page', 'serial', 'sbd', 'ho_ten', 'ngay_sinh', 'don_vi', 'nhom', 'chuc_danh'] as const;
/** Most sheets one run may print (memory stays well under 100 MB). */
export const MAX_SHEETS = 20_000;

export interface ManifestRow {
  page: number;
  serial: string;
  sbd: string;
  ho_ten: string;
  ngay_sinh: string;
  don_vi: string;
  nhom: string;
  chuc_danh: string;
}

export interface GenerateOptions {
  template: Template;
  layout: Layout;
  exam: Exam;
  /** Serial of the first sheet (default 1). */
  firstSerial?: number;
  /** Blank numbered sheets: how many. */
  count?: number;
  /** Personalised sheets: one per candidate, in roster order. */
  candidates?: Candidate[];
}

export interface GenerateResult {
  pdf: Uint8Array;
  manifest: ManifestRow[];
  pages: number;
  firstSerial: string;
  lastSerial: string;
}

/** The sheets to print, with their serials; checks the counts and the serial range. */
export function planSheets(opts: Pick<GenerateOptions, 'firstSerial' | 'count' | 'candidates'>): SheetSpec[] {
  const first = opts.firstSerial ?? 1;
  if (!Number.isInteger(first) || first < 1 || first > MAX_SERIAL) {
    throw new OmrError('USAGE', msg('print.firstSerial', { first, max: MAX_SERIAL }), { hint: msg('print.firstSerial.hint') });
  }
  if ((opts.count === undefined) === (opts.candidates === undefined)) {
    throw new OmrError('USAGE', msg('print.both'), { hint: msg('print.both.hint') });
  }
  const n = opts.candidates ? opts.candidates.length : opts.count!;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SHEETS) {
    throw new OmrError('USAGE', opts.candidates ? msg('print.noCandidates') : msg('print.count', { n, max: MAX_SHEETS }), {
      hint: opts.candidates ? msg('print.noCandidates.hint') : msg('print.count.hint', { max: MAX_SHEETS }),
    });
  }
  if (first + n - 1 > MAX_SERIAL) {
    throw new OmrError('USAGE', msg('print.pastMax', { max: formatSerial(MAX_SERIAL), n, first: formatSerial(first) }), { hint: msg('print.pastMax.hint') });
  }
  return Array.from({ length: n }, (_, i) => ({
    serial: formatSerial(first + i),
    ...(opts.candidates ? { candidate: opts.candidates[i] } : {}),
  }));
}

export function manifestRows(sheets: SheetSpec[]): ManifestRow[] {
  return sheets.map((s, i) => {
    const c = s.candidate;
    return {
      page: i + 1,
      serial: s.serial,
      sbd: c?.sbd ?? '',
      ho_ten: c?.hoTen ?? '',
      ngay_sinh: c?.ngaySinh ?? '',
      don_vi: c?.donVi ?? '',
      nhom: c ? String(c.nhom) : '',
      chuc_danh: c?.chucDanh ?? '',
    };
  });
}

/** Manifest CSV text: UTF-8 BOM (Excel), CRLF, formula-like cells neutralised with an apostrophe. */
export function manifestCsv(rows: ManifestRow[]): string {
  return toCsv([...MANIFEST_COLUMNS], rows.map((r) => [r.page, ...MANIFEST_COLUMNS.slice(1).map((k) => r[k as Exclude<keyof ManifestRow, 'page'>])]));
}

/** `sheets.pdf` → `sheets.manifest.csv` (any other name gets `.manifest.csv` appended). */
export { manifestPathFor } from './manifest-path.js';

/** The print stage: numbered sheets (blank or personalised) as PDF bytes plus the manifest rows. Pure. */
export async function generateSheets(opts: GenerateOptions): Promise<GenerateResult> {
  const sheets = planSheets(opts);
  const pdf = await renderSheetsPdf({ template: opts.template, layout: opts.layout, exam: opts.exam, sheets });
  return {
    pdf,
    manifest: manifestRows(sheets),
    pages: sheets.length,
    firstSerial: sheets[0].serial,
    lastSerial: sheets[sheets.length - 1].serial,
  };
}
