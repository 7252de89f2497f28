/**
 * `omr selftest`: what a council runs on a new or edited template before exam day.
 *
 * One sheet of the template is printed (renderSheetsPdf, the same PDF `omr generate` makes),
 * rasterised (pdfjs, as a printer would put it on paper), filled by hand with a known pattern
 * (every question's answer cycling through the options, a known SBD and mã đề, one question left
 * blank, one marked twice), then "scanned" at several scanner settings, written as the scanner
 * writes files, and read back with the real scanner code (scanInputs: the loader, the worker
 * pool, registration, QR, measuring, deciding). Every group must come back as filled: the blank
 * one blank and unflagged, the double mark flagged, everything else its letter or digit and
 * unflagged; the QR serial must be read and no page-level warning raised.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { defaultExam, type Exam } from '../exam/exam.js';
import { applyEffects, encodeJpeg, encodePng, encodeTiffG4, fillSheet, hashSeed, mulberry32, type GroupTruth, type MarkKind, type ScanEffects } from '../fixtures/index.js';
import { openPdf } from '../pdf/rasterize.js';
import { renderSheetsPdf } from '../print/sheet.js';
import type { Candidate } from '../roster/types.js';
import { scanInputs } from '../scan/batch.js';
import type { PageResult } from '../scan/types.js';
import type { Layout } from '../template/layout.js';
import { DEFAULT_TEMPLATE, loadLayout } from '../template/load.js';
import type { GrayImage } from '../util/raster.js';

/** One scanner setting to read the test sheet at. */
export interface SelftestSetting {
  id: string;
  /** For a person: what the scanner did (English, Vietnamese). */
  label: string;
  labelVi?: string;
  dpi: number;
  effects: ScanEffects;
  format: 'jpeg' | 'png' | 'tiff-g4';
}

/** An ordinary flatbed: a little blur and sensor noise, JPEG 85. */
const plain: ScanEffects = { blur: 0.6, noise: 2.5, lid: 236, jpegQuality: 85 };

/** The settings a district office meets: resolution, gray or black-and-white, skew, orientation, "fit to page". */
export const SELFTEST_SETTINGS: readonly SelftestSetting[] = [
  { id: 'gray-200', label: '200 DPI, gray, JPEG', labelVi: '200 DPI, xám, JPEG', dpi: 200, effects: { ...plain }, format: 'jpeg' },
  { id: 'gray-300', label: '300 DPI, gray, JPEG', labelVi: '300 DPI, xám, JPEG', dpi: 300, effects: { ...plain, blur: 0.8 }, format: 'jpeg' },
  { id: 'gray-150', label: '150 DPI, gray, JPEG', labelVi: '150 DPI, xám, JPEG', dpi: 150, effects: { ...plain, blur: 0.5 }, format: 'jpeg' },
  { id: 'skew-2', label: '200 DPI, sheet askew by 2°', labelVi: '200 DPI, phiếu đặt lệch 2°', dpi: 200, effects: { ...plain, skewDeg: 2, shiftMm: [1.5, -1] }, format: 'jpeg' },
  { id: 'upside-down', label: '200 DPI, fed upside down', labelVi: '200 DPI, phiếu lộn ngược', dpi: 200, effects: { ...plain, skewDeg: -0.5, orient: 180 }, format: 'jpeg' },
  { id: 'bitonal-g4', label: '200 DPI, black-and-white, G4 TIFF', labelVi: '200 DPI, đen trắng, TIFF G4', dpi: 200, effects: { noise: 2, bitonal: 140 }, format: 'tiff-g4' },
  { id: 'fit-96', label: '200 DPI, printed "fit to page" (96 %)', labelVi: '200 DPI, in "vừa trang" (96 %)', dpi: 200, effects: { ...plain, scale: 0.96 }, format: 'jpeg' },
];

/** The known pattern written on the test sheet. */
export interface SelftestPattern {
  serial: string;
  candidateNumber: string;
  examCode: string;
  /** Question key → option marked (every question, including the blank and double ones' intended option). */
  answers: Record<string, string>;
  /** The question left blank and the one marked twice (null when the template has too few questions). */
  blank: string | null;
  double: string | null;
}

/** One problem found on a page read back. */
export interface SelftestFailure {
  /** page: not read as a sheet; page_flag: a page-level warning; serial: QR serial wrong; misread: a group read other than filled; double_not_flagged; missing: a group not measured. */
  kind: 'page' | 'page_flag' | 'serial' | 'misread' | 'double_not_flagged' | 'missing';
  /** Group key (q17, sbd.2, made.0); null for page problems. */
  group: string | null;
  read?: string | null;
  flagged?: boolean;
  reason?: string;
  want?: string;
  /** The page's reason or the page flag. */
  detail?: string;
  /** The problem in one line (English): "q17: read "" (blank), want "A"". */
  text: string;
}

export interface SettingResult {
  id: string;
  label: string;
  labelVi?: string;
  pass: boolean;
  failures: SelftestFailure[];
  /** Groups that failed (keys), for machines. */
  groups: string[];
  /** The page's status as read (ok, not_a_sheet, error). */
  status: PageResult['status'];
  /** Reading time of the page (register + QR + measure), ms. */
  ms?: number;
}

export interface SelftestResult {
  template: { id: string; version: number; file: string; questions: number; options: string[]; sbdDigits: number; madeDigits: number };
  pattern: SelftestPattern;
  settings: SettingResult[];
  pass: boolean;
  seconds: number;
  /** Where the printed PDF, the scans and the annotated images were kept (with `keepDir`). */
  kept?: string;
}

export interface SelftestOptions {
  /** Template file (default the bundled sat-hach-100). */
  templateFile?: string;
  /** Settings to test (default SELFTEST_SETTINGS). */
  settings?: readonly SelftestSetting[];
  /** Keep the printed PDF, the scans and the annotated images in this folder (default: a temporary folder, removed). */
  keepDir?: string;
  /** Worker threads for reading (default: all cores, at most one per setting). */
  jobs?: number;
  seed?: number;
}

/** Digits 1, 2, 3… for the SBD, continuing for the mã đề, so every row of the grids is used. */
export function selftestPattern(layout: Layout, options: readonly string[]): SelftestPattern {
  const questions = layout.groups.filter((g) => g.kind === 'question');
  const nSbd = layout.groups.filter((g) => g.kind === 'sbd').length;
  const nMade = layout.groups.filter((g) => g.kind === 'made').length;
  const digit = (i: number) => String((i + 1) % 10);
  const answers: Record<string, string> = {};
  questions.forEach((g, i) => (answers[g.key] = options[i % options.length]));
  const n = questions.length;
  return {
    serial: '000001',
    candidateNumber: Array.from({ length: nSbd }, (_, i) => digit(i)).join(''),
    examCode: Array.from({ length: nMade }, (_, i) => digit(nSbd + i)).join(''),
    answers,
    blank: n >= 2 ? questions[n - 1].key : null,
    double: n >= 3 ? questions[Math.floor(n / 2) - 1].key : null,
  };
}

/** A candidate whose details fill the information lines (long Vietnamese text, all diacritics). */
function sampleCandidate(sbd: string): Candidate {
  return { row: 2, sbd, hoTen: 'Nguyễn Thị Ánh Tuyết', ngaySinh: '04/03/1978', donVi: 'UBND xã Nhơn Ái, huyện Phong Điền', nhom: 3, chucDanh: 'Công chức Văn phòng - Thống kê' };
}

/** Fill the printed sheet (a raster at any DPI) with the pattern; returns the image and the truth of every group. */
export function fillPattern(blank: GrayImage, layout: Layout, p: SelftestPattern, seed: number): { image: GrayImage; groups: Record<string, GroupTruth> } {
  const special: Record<string, MarkKind> = {};
  if (p.blank) special[p.blank] = 'blank';
  if (p.double) special[p.double] = 'double';
  const rng = mulberry32(seed);
  const first = fillSheet(blank, { ...layout, groups: layout.groups.filter((g) => !(g.key in special)) }, { serial: p.serial, candidateNumber: p.candidateNumber, examCode: p.examCode, answers: p.answers, mix: { clear: 1 }, instrument: 'pencil', strayDots: 0 }, rng.fork('fill'));
  let image = first.image;
  const groups = { ...first.truth.groups };
  for (const [key, kind] of Object.entries(special)) {
    const r = fillSheet(image, { ...layout, groups: layout.groups.filter((g) => g.key === key) }, { serial: p.serial, candidateNumber: '', examCode: '', answers: p.answers, mix: { [kind]: 1 }, instrument: 'pencil', handwriting: false, strayDots: 0 }, rng.fork(key));
    image = r.image;
    groups[key] = r.truth.groups[key];
  }
  return { image, groups };
}

const show = (v: string | undefined): string => (v === undefined ? 'nothing' : v === '' ? '"" (blank)' : `"${v}"`);

/** Compare one page's read with the pattern: every problem, and the failed group keys. */
export function judge(r: PageResult, p: SelftestPattern, truth: Record<string, GroupTruth>): { failures: SelftestFailure[]; groups: string[] } {
  const failures: SelftestFailure[] = [];
  const groups: string[] = [];
  if (r.status !== 'ok') {
    const detail = r.reason ?? '';
    return { failures: [{ kind: 'page', group: null, detail, text: `page ${r.status === 'not_a_sheet' ? 'not recognised as a sheet' : 'not read'}: ${detail}` }], groups: Object.keys(truth) };
  }
  for (const f of r.flags ?? []) failures.push({ kind: 'page_flag', group: null, detail: f, text: `page warning: ${f}` });
  if (r.serial !== p.serial) failures.push({ kind: 'serial', group: null, read: r.serial ?? null, want: p.serial, text: `QR serial: read ${r.serial == null ? 'nothing' : `"${r.serial}"`}, want "${p.serial}"` });
  for (const [key, t] of Object.entries(truth)) {
    const g = r.groups?.[key];
    let f: SelftestFailure | undefined;
    if (!g) f = { kind: 'missing', group: key, want: t.value, text: `${key}: not measured` };
    else if (t.kind === 'double') {
      if (!g.flagged) f = { kind: 'double_not_flagged', group: key, read: g.value, flagged: false, want: t.value, text: `${key}: two marks (${t.value}) read ${show(g.value)} without a flag` };
    } else if (g.value !== t.value || g.flagged) {
      f = {
        kind: 'misread',
        group: key,
        read: g.value,
        flagged: g.flagged,
        ...(g.reason ? { reason: g.reason } : {}),
        want: t.value,
        text: `${key}: read ${show(g.value)}${g.flagged ? ` flagged ${g.reason ?? ''}`.trimEnd() : ''}, want ${show(t.value)}`,
      };
    }
    if (f) {
      groups.push(key);
      failures.push(f);
    }
  }
  return { failures, groups };
}

function ext(f: SelftestSetting['format']): string {
  return f === 'jpeg' ? '.jpg' : f === 'png' ? '.png' : '.tif';
}

/** Print, fill, scan at every setting, read back, compare. Throws only for a bad template file. */
export async function runSelftest(o: SelftestOptions = {}): Promise<SelftestResult> {
  const t0 = performance.now();
  const templateFile = path.resolve(o.templateFile ?? DEFAULT_TEMPLATE);
  const { template, layout } = loadLayout(templateFile);
  const settings = o.settings ?? SELFTEST_SETTINGS;
  const seed = o.seed ?? 20250614;
  const pattern = selftestPattern(layout, template.answers.options);
  const exam: Exam = { ...defaultExam(2025), id: 'selftest' };
  const dir = o.keepDir ? path.resolve(o.keepDir) : await mkdtemp(path.join(tmpdir(), 'omr-selftest-'));
  const scans = path.join(dir, 'scans');
  await mkdir(scans, { recursive: true });
  try {
    const pdf = await renderSheetsPdf({ template, layout, exam, sheets: [{ serial: pattern.serial, candidate: sampleCandidate(pattern.candidateNumber) }] });
    if (o.keepDir) await writeFile(path.join(dir, 'selftest-sheet.pdf'), pdf);
    const doc = await openPdf(pdf, 'selftest sheet');
    const filled = new Map<number, { image: GrayImage; groups: Record<string, GroupTruth> }>();
    const files: { setting: SelftestSetting; file: string }[] = [];
    try {
      for (const [i, s] of settings.entries()) {
        let f = filled.get(s.dpi);
        if (!f) filled.set(s.dpi, (f = fillPattern(await doc.renderPage(1, s.dpi), layout, pattern, seed)));
        const raster = await applyEffects(f.image, s.dpi, s.effects, mulberry32(hashSeed(seed, s.id)));
        const bytes = s.format === 'jpeg' ? await encodeJpeg(raster, s.effects.jpegQuality ?? 90, s.dpi) : s.format === 'png' ? await encodePng(raster, s.dpi) : await encodeTiffG4([raster], s.dpi);
        const file = path.join(scans, `${String(i + 1).padStart(2, '0')}-${s.id}${ext(s.format)}`);
        await writeFile(file, bytes);
        files.push({ setting: s, file });
      }
    } finally {
      await doc.close();
    }
    const reads = new Map<string, PageResult>();
    const jobs = Math.max(1, Math.min(o.jobs ?? Number.MAX_SAFE_INTEGER, settings.length, availableParallelism()));
    await scanInputs(
      files.map((f) => f.file),
      { templateFile, layout, jobs, ...(o.keepDir ? { annotateDir: path.join(dir, 'annotated') } : {}), onPage: (r) => void reads.set(path.resolve(r.source), r) },
    );
    const results: SettingResult[] = files.map(({ setting, file }) => {
      const r = reads.get(path.resolve(file));
      const truth = filled.get(setting.dpi)!.groups;
      const j = r ? judge(r, pattern, truth) : { failures: [{ kind: 'page' as const, group: null, detail: 'no result', text: 'the scan was not read' }], groups: Object.keys(truth) };
      return { id: setting.id, label: setting.label, ...(setting.labelVi ? { labelVi: setting.labelVi } : {}), pass: j.failures.length === 0, failures: j.failures, groups: j.groups, status: r?.status ?? 'error', ...(r?.timings ? { ms: Math.round(Object.values(r.timings).reduce((a, b) => a + b, 0)) } : {}) };
    });
    const pass = results.every((r) => r.pass);
    return {
      template: {
        id: template.id,
        version: template.version,
        file: templateFile,
        questions: template.answers.questions,
        options: [...template.answers.options],
        sbdDigits: template.candidate.sbd.digits,
        madeDigits: template.candidate.made.digits,
      },
      pattern,
      settings: results,
      pass,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
      ...(o.keepDir ? { kept: dir } : {}),
    };
  } finally {
    if (!o.keepDir) await rm(dir, { recursive: true, force: true });
  }
}

