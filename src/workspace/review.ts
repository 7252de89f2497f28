/**
 * `omr review`: everything that needs a person, one item each: open flags (with the read, the
 * reason and the fills), pages that could not be read, conflicts, key and roster problems,
 * candidates with no sheet, and the overrides made so far (with their history). With an output
 * folder: review.csv (UTF-8 BOM, for Excel) and a cropped picture of each flagged row.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { toCsv, type Cell } from '../export/csv.js';
import { groupReason, pageFlag } from '../i18n/scan.js';
import { msg, render, type Lang, type MsgRef } from '../i18n/index.js';
import { buildLayout } from '../template/layout.js';
import { writeFileAtomic } from '../util/atomic.js';
import { cropGroup, pagePicture, type CropSource } from './crop.js';
import { overrideTargets, readSignature } from './conflicts.js';
import { overrideWhat } from './overrides.js';
import type { OpenFlag, PageRecord, WorkspaceIssue, WorkspaceIssueKind, WorkspaceResults } from './results.js';

export type ReviewCategory = 'flag' | 'page' | 'page_flag' | 'conflict' | 'key' | 'roster' | 'absent' | 'override' | 'info';

export interface ReviewItem {
  n: number;
  category: ReviewCategory;
  needsPerson: boolean;
  kind: string;
  source: string | null;
  page: number | null;
  serial: string | null;
  sbd: string | null;
  examCode: string | null;
  /** What on the sheet: "câu 17", "SBD", "mã đề", or "" for the whole page. */
  what: string;
  group: string | null;
  read: string | null;
  reason: string | null;
  fill: number[] | null;
  /** The page's fit residual on the printed rings, mm (PageResult.fitResidualMm), for a flag on a read page. */
  fitMm: number | null;
  text: string;
  /** The same line as a catalogue message (src/i18n), for the CLI's language. */
  msg?: MsgRef;
  /** The command that resolves it, with the parts a person fills in. */
  fix: string | null;
  /** Cropped picture (written with --out), relative to the output folder. */
  image: string | null;
}

const CATEGORIES: ReviewCategory[] = ['flag', 'page', 'page_flag', 'conflict', 'key', 'roster', 'absent', 'override', 'info'];
/** The categories' names in Vietnamese (review.csv's "Loại" column). */
export const CATEGORY_VI = Object.fromEntries(CATEGORIES.map((c) => [c, render('vi', msg('rv.category', { category: c }))])) as Record<ReviewCategory, string>;

/** An item's line: English text, and the message to render it in the CLI's language. */
const said = (m: MsgRef): { text: string; msg: MsgRef } => ({ text: render('en', m), msg: m });

const CATEGORY_OF: Partial<Record<WorkspaceIssueKind, ReviewCategory>> = {
  conflict_sbd: 'conflict',
  conflict_serial: 'conflict',
  manifest_mismatch: 'conflict',
  not_printed: 'conflict',
  other_exam: 'conflict',
  unknown_sbd: 'conflict',
  no_sbd: 'conflict',
  no_exam_code: 'conflict',
  no_key: 'conflict',
  key_unusable: 'key',
  roster_row: 'roster',
  roster_duplicate: 'roster',
  absent: 'absent',
  bad_override: 'override',
  unmatched_override: 'override',
  history_ambiguous: 'info',
  duplicate_page: 'info',
};

/** Shown as individual open flags instead (same facts, one per group). */
const SHOWN_AS_FLAGS = new Set<string>(['flagged', 'sbd_check', 'made_check', 'page_not_ok']);

const fmtFill = (f: number[] | null | undefined, options: string[]): string =>
  f ? f.map((v, i) => `${options[i] ?? i} ${v.toFixed(2)}`).join(' ') : '';

function sheetArgOf(x: { serial: string | null; source: string | null; page: number | null }): string {
  return x.serial ? `--serial ${x.serial}` : `--page ${quote(`${x.source}:${x.page}`)}`;
}

function quote(s: string): string {
  return /^[\w./:@-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** Serials that name one sheet (every page carrying them was read the same way): usable as --serial. */
function plainSerials(pages: PageRecord[]): Set<string> {
  const sigs = new Map<string, Set<string | null>>();
  for (const p of pages) {
    if (p.status !== 'ok' || !p.serial) continue;
    sigs.set(p.serial, (sigs.get(p.serial) ?? new Set()).add(readSignature(p.result)));
  }
  return new Set([...sigs].filter(([, v]) => v.size === 1).map(([k]) => k));
}

/** `omr override … --by NAME --reason TEXT` (placeholders in `lang`). */
function overrideFix(lang: Lang, wsArg: string, sheet: string, what: string, value: string): string {
  return render(lang, msg('rv.fix.override', { ws: wsArg, sheet, what, value }));
}

function flagFixOf(lang: Lang, wsArg: string, f: OpenFlag): string {
  const what = f.field === 'answer' ? `--question ${f.question}` : `--${f.field}`;
  const v = f.field === 'answer' ? '?' : f.field === 'sbd' ? '??????' : '???';
  return overrideFix(lang, wsArg, sheetArgOf(f), what, v);
}

/**
 * Build the review list. `wsArg` is the ` -w DIR` to put in suggested commands ("" for none);
 * the suggested commands are written in `lang` (their placeholders: HỌ TÊN, LÝ DO…).
 */
export function reviewItems(res: WorkspaceResults, wsArg = '', lang: Lang = 'vi'): ReviewItem[] {
  const items: Omit<ReviewItem, 'n'>[] = [];
  const options = res.template.answers.options;
  const base = { source: null, page: null, serial: null, sbd: null, examCode: null, what: '', group: null, read: null, reason: null, fill: null, fitMm: null, fix: null, image: null };
  const fitOf = new Map(res.pages.map((p) => [p.id, p.result.fitResidualMm ?? null]));
  const plain = plainSerials(res.pages);
  // a serial on pages read differently names no single sheet: suggest the page instead
  const sheetArg = (x: { serial: string | null; source: string | null; page: number | null }): string => sheetArgOf({ ...x, serial: x.serial && plain.has(x.serial) ? x.serial : null });
  const flagFix = (w: string, f: OpenFlag): string => flagFixOf(lang, w, { ...f, serial: f.serial && plain.has(f.serial) ? f.serial : null });

  // ---- open flags, page by page
  for (const f of res.openFlags) {
    const what = f.field === 'answer' ? `câu ${f.question}` : f.field === 'sbd' ? `SBD cột ${Number(f.group.split('.')[1]) + 1}` : `mã đề cột ${Number(f.group.split('.')[1]) + 1}`;
    items.push({
      ...base,
      category: 'flag',
      needsPerson: true,
      kind: `flag_${f.field}`,
      source: f.source,
      page: f.page,
      serial: f.serial,
      sbd: f.sbd,
      examCode: f.examCode,
      what,
      group: f.group,
      read: f.value,
      reason: f.reason,
      fill: f.fill,
      fitMm: fitOf.get(f.pageId) ?? null,
      ...said(
        msg('rv.flag', {
          at: f,
          serial: f.serial,
          what,
          value: f.value,
          reason: f.reason,
          fills: fmtFill(f.fill, f.field === 'answer' ? options : ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']),
        }),
      ),
      fix: flagFix(wsArg, f),
    });
  }

  // ---- pages
  for (const p of res.pages) {
    const r = p.result;
    if (r.status !== 'ok') {
      items.push({
        ...base,
        category: 'page',
        needsPerson: r.status === 'error',
        kind: r.status,
        source: p.source,
        page: p.page,
        what: 'trang',
        reason: r.status,
        ...said(msg('rv.page', { at: p, status: r.status, reason: r.reason ?? null })),
        fix: r.status === 'error' ? render(lang, msg('rv.fix.rescan', { ws: wsArg })) : null,
      });
      continue;
    }
    for (const fl of r.flags ?? []) {
      items.push({
        ...base,
        category: 'page_flag',
        needsPerson: false,
        kind: fl,
        source: p.source,
        page: p.page,
        serial: r.serial ?? null,
        sbd: r.candidateNumber ?? null,
        examCode: r.examCode ?? null,
        what: 'trang',
        reason: fl,
        fitMm: r.fitResidualMm ?? null,
        ...said(msg('rv.pageFlag', { at: p, flag: fl, annotated: r.annotated ?? null })),
      });
    }
  }

  for (const p of res.superseded) {
    items.push({
      ...base,
      category: 'info',
      needsPerson: false,
      kind: 'superseded',
      source: p.source,
      page: p.page,
      what: 'trang',
      ...said(msg('rv.superseded', { at: p, sha: p.fileSha256.slice(0, 12) })),
    });
  }

  for (const x of res.excluded) {
    items.push({
      ...base,
      category: 'info',
      needsPerson: false,
      kind: 'excluded',
      source: x.page.source,
      page: x.page.page,
      serial: x.page.serial,
      what: 'trang',
      ...said(msg('rv.excluded', { at: x.page, by: x.decision.by, reason: x.decision.reason, because: x.because })),
    });
  }

  // ---- conflicts and other problems
  const issueItem = (i: WorkspaceIssue): Omit<ReviewItem, 'n'> => {
    const p = i.pages[0];
    const cat = CATEGORY_OF[i.kind] ?? 'conflict';
    let fix: string | null = null;
    if (p && (i.kind === 'conflict_sbd' || i.kind === 'conflict_serial')) {
      fix = render(lang, msg('rv.fix.keep', { ws: wsArg, page: quote(`${p.source}:${p.page}`) }));
    } else if (p && (i.kind === 'unknown_sbd' || i.kind === 'no_sbd' || i.kind === 'manifest_mismatch')) {
      fix = overrideFix(lang, wsArg, sheetArg({ serial: p.serial ?? null, source: p.source, page: p.page }), '--sbd', '??????');
    } else if (p && (i.kind === 'no_exam_code' || i.kind === 'no_key')) {
      fix =
        i.kind === 'no_key'
          ? render(lang, msg('rv.fix.noKey', { ws: wsArg }))
          : overrideFix(lang, wsArg, sheetArg({ serial: p.serial ?? null, source: p.source, page: p.page }), '--made', '???');
    } else if (i.kind === 'roster_row') fix = render(lang, msg('rv.fix.roster', { ws: wsArg }));
    else if (i.kind === 'key_unusable') fix = render(lang, msg('rv.fix.key', { ws: wsArg, file: null }));
    return {
      ...base,
      category: cat,
      needsPerson: i.needsPerson,
      kind: i.kind,
      source: p?.source ?? null,
      page: p?.page ?? null,
      serial: p?.serial ?? null,
      sbd: i.sbd ?? null,
      examCode: i.examCode ?? null,
      text: i.text,
      ...(i.msg ? { msg: i.msg } : {}),
      fix,
    };
  };
  for (const i of res.issues) if (!SHOWN_AS_FLAGS.has(i.kind)) items.push(issueItem(i));
  for (const k of res.grades.keyIssues) {
    items.push({ ...base, category: 'key', needsPerson: true, kind: 'key_row', examCode: k.examCode, text: k.text, ...(k.msg ? { msg: k.msg } : {}), fix: render(lang, msg('rv.fix.key', { ws: wsArg, file: k.file })) });
  }

  // ---- overrides made (with history: the latest of a sheet/field/question wins)
  const targets = overrideTargets(res.overrides, res.pages);
  const sheetOf = (o: { id: number; page_id: number }) => Math.min(...(targets.get(o.id) ?? [o.page_id]));
  const latest = new Map<string, number>();
  for (const o of res.overrides) latest.set(`${sheetOf(o)}|${o.field}|${o.question ?? ''}`, o.id);
  for (const o of res.overrides) {
    const key = `${sheetOf(o)}|${o.field}|${o.question ?? ''}`;
    const superseded = latest.get(key) !== o.id;
    items.push({
      ...base,
      category: 'override',
      needsPerson: false,
      kind: superseded ? 'override_superseded' : 'override',
      source: o.source,
      page: o.page_no,
      serial: o.serial,
      what: overrideWhat(o),
      read: o.read_value,
      ...said(
        msg('rv.override', {
          id: o.id,
          serial: o.serial && plain.has(o.serial) ? o.serial : null,
          at: o.source !== null && o.page_no !== null ? { source: o.source, page: o.page_no } : null,
          what: overrideWhat(o),
          read: o.read_value ?? '',
          value: o.value,
          by: o.by,
          when: o.at.slice(0, 16).replace('T', ' '),
          reason: o.reason,
          superseded,
        }),
      ),
    });
  }
  return items.map((it, i) => ({ n: i + 1, ...it }));
}

export const REVIEW_HEADERS = ['STT', 'Loại', 'Cần xử lý', 'Số phiếu', 'Số báo danh', 'Mã đề', 'Tệp', 'Trang', 'Mục', 'Máy đọc', 'Lý do', 'Độ đậm', 'Nội dung', 'Cách sửa', 'Ảnh', 'Khớp trang (mm)'];

/** review.csv: headers in Vietnamese (a fixed contract), every cell a person reads in `lang`. */
export function reviewCsv(items: ReviewItem[], options: string[], lang: Lang = 'vi'): string {
  const rows: Cell[][] = items.map((i) => [
    i.n,
    render(lang, msg('rv.category', { category: i.category })),
    render(lang, msg('rv.yesNo', { yes: i.needsPerson })),
    i.serial ?? '',
    i.sbd ?? '',
    i.examCode ?? '',
    i.source ?? '',
    i.page,
    i.what,
    i.read ?? '',
    i.reason ? (i.category === 'flag' ? groupReason(lang, i.reason) : i.category === 'page_flag' ? pageFlag(lang, i.reason) : i.category === 'page' ? render(lang, msg('rv.status', { status: i.reason })) : i.reason) : '',
    i.group?.startsWith('q') ? fmtFill(i.fill, options) : fmtFill(i.fill, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']),
    i.msg ? render(lang, i.msg) : i.text,
    i.fix ?? '',
    i.image ?? '',
    i.fitMm === null ? '' : i.fitMm.toFixed(2),
  ]);
  return toCsv(REVIEW_HEADERS, rows);
}

const safe = (s: string): string => s.replace(/[^\p{L}\p{N}._-]+/gu, '_');

/**
 * Write review.csv and one cropped picture per open flag into `outDir` (pictures in
 * `outDir/anh/`). Returns the files written; items get their `image` set.
 */
export async function writeReview(res: WorkspaceResults, items: ReviewItem[], wsDir: string, outDir: string, lang: Lang = 'vi'): Promise<{ csv: string; images: string[]; missing: number }> {
  const layout = buildLayout(res.template);
  const imgDir = path.join(outDir, 'anh');
  const byId = new Map<number, PageRecord>(res.pages.map((p) => [p.id, p]));
  const pics = new Map<number, CropSource | null>();
  const images: string[] = [];
  let missing = 0;
  for (const it of items) {
    if (it.category !== 'flag' || !it.group) continue;
    const f = res.openFlags.find((x) => x.source === it.source && x.page === it.page && x.group === it.group);
    const p = f ? byId.get(f.pageId) : undefined;
    if (!p) continue;
    if (!pics.has(p.id)) pics.set(p.id, await pagePicture(wsDir, p));
    const pic = pics.get(p.id);
    const jpeg = pic ? await cropGroup(pic, layout, p.result, it.group, lang) : null;
    if (!jpeg) {
      missing++;
      continue;
    }
    const name = `${String(it.n).padStart(4, '0')}-${safe(p.serial ?? `${path.basename(p.source)}-p${p.page}`)}-${safe(it.group)}.jpg`;
    mkdirSync(imgDir, { recursive: true });
    await writeFileAtomic(path.join(imgDir, name), jpeg);
    it.image = `anh/${name}`;
    images.push(path.join(imgDir, name));
  }
  const csv = path.join(outDir, 'review.csv');
  await writeFileAtomic(csv, reviewCsv(items, res.template.answers.options, lang));
  return { csv, images, missing };
}
