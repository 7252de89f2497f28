/**
 * Results of a workspace, computed on demand (never stored): the pages' automatic reads + the
 * active keys + the active roster + every override → the grading engineer's gradeExam (the one
 * implementation of scoring, bands, conflicts and item analysis). On top of it, the checks only
 * a workspace can make, surfaced the same way (a note in Ghi chú, an issue for review/status):
 *
 *   - manifest_mismatch: the QR serial was printed for one candidate (omr generate -w) and
 *     another SBD is bubbled (resolved only by an SBD override: a person's decision);
 *   - not_printed: a serial this workspace never printed (when it has a manifest);
 *   - other_exam: the QR names another exam;
 *   - roster_row: a roster row with a problem (left out until fixed, listed);
 *   - absent: a roster candidate with no sheet (listed, information only).
 *
 * And the open flags, one per flagged group that no override has resolved, with the fills a
 * person needs to decide.
 */
import type { Exam } from '../exam/exam.js';
import { msg, render, type MsgRef } from '../i18n/index.js';
import type { ExamGrades, GradeIssue, GradeIssueKind, PageEntry } from '../grade/grade.js';
import { gradeExam, pageLabel } from '../grade/grade.js';
import type { HistoryRecord } from '../grade/history.js';
import type { KeySet } from '../grade/keys.js';
import type { RosterParse } from '../roster/roster.js';
import type { FlagReason, PageResult } from '../scan/types.js';
import type { Template } from '../template/schema.js';
import { manifestOf } from './manifest.js';
import { latestDecisions, listDecisions, overrideTargets, readSignature, type DecisionRow } from './conflicts.js';
import { listOverrides, toPageOverrides, type OverrideRow } from './overrides.js';
import { examOf, keysOf, rosterOf, templateOf, type Workspace } from './workspace.js';

export interface PageRecord {
  id: number;
  fileSha256: string;
  page: number;
  source: string;
  path: string;
  status: PageResult['status'];
  serial: string | null;
  annotated: string | null;
  runId: number;
  readAt: string;
  result: PageResult;
}

export type WorkspaceIssueKind = GradeIssueKind | 'manifest_mismatch' | 'not_printed' | 'other_exam' | 'roster_row' | 'absent';

/** An issue's line: English text, and the message to render it in the CLI's language. */
const said = (m: MsgRef): { text: string; msg: MsgRef } => ({ text: render('en', m), msg: m });

export interface WorkspaceIssue extends Omit<GradeIssue, 'kind'> {
  kind: WorkspaceIssueKind;
}

export type FlagField = 'answer' | 'sbd' | 'made';

/** A flagged group that no override has resolved yet. */
export interface OpenFlag {
  pageId: number;
  source: string;
  page: number;
  serial: string | null;
  /** Effective SBD / mã đề of the page (after overrides), as gradeExam sees them. */
  sbd: string | null;
  examCode: string | null;
  field: FlagField;
  /** Group key: q17, sbd.3, made.0. */
  group: string;
  question: number | null;
  value: string;
  reason: FlagReason | string;
  fill: number[];
}

/** A page left out by a decision: excluded itself, or in conflict with a page that was kept. */
export interface ExcludedPage {
  page: PageRecord;
  decision: DecisionRow;
  /** The page kept instead (a `keep` decision on another page), or null for an `exclude`. */
  because: PageRecord | null;
}

export interface WorkspaceResults {
  template: Template;
  exam: Exam;
  keys: KeySet;
  roster: RosterParse | undefined;
  /** The pages graded, in the order read. */
  pages: PageRecord[];
  /** gradeExam's entry for each of `pages` (same index): effective SBD / mã đề, use. */
  pageEntries: (PageEntry | undefined)[];
  /** Unreadable pages of a file read again later with other content (not graded, listed). */
  superseded: PageRecord[];
  overrides: OverrideRow[];
  /** Every decision about a page in conflict, oldest first (conflicts.ts). */
  decisions: DecisionRow[];
  /** Pages left out of the results by a decision (kept as evidence, not graded). */
  excluded: ExcludedPage[];
  /** gradeExam's result with the workspace checks merged in (notes, issues, summary). */
  grades: ExamGrades;
  /** Every issue: gradeExam's and the workspace's. */
  issues: WorkspaceIssue[];
  openFlags: OpenFlag[];
}

interface PageRow {
  id: number;
  file_sha256: string;
  page: number;
  source: string;
  path: string;
  status: PageResult['status'];
  serial: string | null;
  annotated: string | null;
  run_id: number;
  read_at: string;
  result: string;
}

/** Every page, in the order read (the grading input order). */
export function pagesOf(ws: Workspace): PageRecord[] {
  const rows = ws.db.prepare('SELECT id, file_sha256, page, source, path, status, serial, annotated, run_id, read_at, result FROM pages ORDER BY id').all() as PageRow[];
  return rows.map((r) => ({
    id: r.id,
    fileSha256: r.file_sha256,
    page: r.page,
    source: r.source,
    path: r.path,
    status: r.status,
    serial: r.serial,
    annotated: r.annotated,
    runId: r.run_id,
    readAt: r.read_at,
    result: JSON.parse(r.result) as PageResult,
  }));
}

const groupField = (key: string): { field: FlagField; question: number | null } | null => {
  let m = /^q(\d+)$/.exec(key);
  if (m) return { field: 'answer', question: Number(m[1]) };
  m = /^(sbd|made)\.\d+$/.exec(key);
  if (m) return { field: m[1] as FlagField, question: null };
  return null;
};

/**
 * The open flags: one per flagged group that no override has resolved; pages gradeExam counted as
 * an identical duplicate are skipped. `entries[i]` is gradeExam's entry for `pages[i]`. The desk
 * calls this with the latest overrides between two full computations (it is cheap).
 */
export function openFlagsOf(pages: PageRecord[], entries: (PageEntry | undefined)[], overrides: OverrideRow[]): OpenFlag[] {
  const openFlags: OpenFlag[] = [];
  const targets = overrideTargets(overrides, pages);
  pages.forEach((p, i) => {
    const r = p.result;
    if (r.status !== 'ok' || !r.groups) return;
    const e = entries[i];
    if (e?.use === 'duplicate') return;
    const mine = overrides.filter((o) => targets.get(o.id)?.includes(p.id));
    for (const [key, gr] of Object.entries(r.groups)) {
      if (!gr.flagged) continue;
      const f = groupField(key);
      if (!f) continue;
      const resolved = mine.some((o) => o.field === f.field && (f.field !== 'answer' || o.question === f.question));
      if (resolved) continue;
      openFlags.push({
        pageId: p.id,
        source: p.source,
        page: p.page,
        serial: r.serial ?? null,
        sbd: e?.sbd ?? r.candidateNumber ?? null,
        examCode: e?.examCode ?? r.examCode ?? null,
        field: f.field,
        group: key,
        question: f.question,
        value: gr.value,
        reason: gr.reason ?? 'flagged',
        fill: gr.fill,
      });
    }
  });
  return openFlags;
}

export interface ComputeOptions {
  history?: HistoryRecord[];
  /** The workspace's documents already parsed (a caller that computes often keeps them until they change). */
  docs?: WorkspaceDocs;
}

export interface WorkspaceDocs {
  template: Template;
  exam: Exam;
  keys: KeySet;
  roster: RosterParse | undefined;
}

/** Parse the active template, exam file, keys and roster. */
export function docsOf(ws: Workspace): WorkspaceDocs {
  const template = templateOf(ws);
  return { template, exam: examOf(ws), keys: keysOf(ws, template), roster: rosterOf(ws, template) };
}

export function computeResults(ws: Workspace, opts: ComputeOptions = {}): WorkspaceResults {
  const { template, exam, keys, roster } = opts.docs ?? docsOf(ws);
  const all = pagesOf(ws);
  // an unreadable page of a file that the scanner later wrote again (same path, other content,
  // read fine): kept as evidence, not graded
  const superseded = all.filter((p) => p.status === 'error' && all.some((q) => q.id > p.id && q.path === p.path && q.fileSha256 !== p.fileSha256 && q.status !== 'error'));
  const candidates = all.filter((p) => !superseded.includes(p));
  const overrides = listOverrides(ws);
  const decisions = listDecisions(ws.db);
  const inForce = latestDecisions(decisions);
  const kept = new Set([...inForce.values()].filter((d) => d.decision === 'keep').map((d) => d.page_id));
  const excluded: ExcludedPage[] = candidates.filter((p) => inForce.get(p.id)?.decision === 'exclude').map((p) => ({ page: p, decision: inForce.get(p.id)!, because: null }));
  const out = new Set(excluded.map((e) => e.page.id));
  const grade = (list: PageRecord[]) =>
    gradeExam({
      template,
      keys,
      ...(roster ? { roster: roster.candidates } : {}),
      pages: list.map((p) => ({ ...p.result, sha256: p.fileSha256 })),
      overrides: toPageOverrides(overrides, list),
      ...(opts.history ? { history: opts.history } : {}),
      bands: exam.bands,
    });
  // a kept page leaves out the pages in conflict with it (read differently); until nothing changes
  let pages = candidates.filter((p) => !out.has(p.id));
  let g = grade(pages);
  for (let pass = 0; pass < 4 && kept.size; pass++) {
    let changed = false;
    for (const issue of g.issues) {
      if (issue.kind !== 'conflict_sbd' && issue.kind !== 'conflict_serial') continue;
      const inIssue = pages.filter((p) => issue.pages.some((r) => r.source === p.source && r.page === p.page));
      const keep = inIssue.find((p) => kept.has(p.id));
      if (!keep) continue;
      const sig = readSignature(keep.result);
      for (const p of inIssue) {
        if (p.id === keep.id || kept.has(p.id) || out.has(p.id) || readSignature(p.result) === sig) continue;
        out.add(p.id);
        excluded.push({ page: p, decision: inForce.get(keep.id)!, because: keep });
        changed = true;
      }
    }
    if (!changed) break;
    pages = candidates.filter((p) => !out.has(p.id));
    g = grade(pages);
  }
  const targets = overrideTargets(overrides, pages);
  const appliesTo = (o: OverrideRow, p: PageRecord): boolean => targets.get(o.id)?.includes(p.id) ?? false;

  // gradeExam lists one entry per input page, in input order
  const entryOf = (i: number): PageEntry | undefined => {
    const e = g.pages[i];
    const p = pages[i];
    if (e && e.source === p.source && e.page === p.page) return e;
    return g.pages.find((x) => x.source === p.source && x.page === p.page);
  };
  const rowOf = (p: PageRecord) => g.rows.find((r) => r.pages.some((x) => x.source === p.source && x.page === p.page));

  const extra: WorkspaceIssue[] = [];
  const manifest = manifestOf(ws);
  pages.forEach((p, i) => {
    const r = p.result;
    if (r.status !== 'ok') return;
    const e = entryOf(i);
    const ref = { source: p.source, page: p.page, ...(r.serial ? { serial: r.serial } : {}) };
    const label = pageLabel(ref);
    const row = rowOf(p);
    const note = (text: string, needsPerson: boolean): void => {
      if (!row) return;
      // before the consequences, which gradeExam puts last
      row.notes.splice(Math.max(0, row.notes.length - row.consequences.length), 0, text);
      if (needsPerson) row.needsPerson = true;
    };
    // a page kept by a person's decision: the workspace checks are shown, settled
    const decided = kept.has(p.id);
    if (r.identity && r.identity.examId !== exam.id) {
      extra.push({
        kind: 'other_exam',
        ...said(msg('g.otherExam', { at: p, examId: r.identity.examId, exam: exam.id })),
        pages: [ref],
        needsPerson: !decided,
      });
      note(`Phiếu của kỳ thi khác (${r.identity.examId})${decided ? '' : ' — cần xác minh'}`, !decided);
      return;
    }
    if (!r.serial || manifest.size === 0) return;
    const m = manifest.get(r.serial);
    if (!m) {
      extra.push({
        kind: 'not_printed',
        ...said(msg('g.notPrinted', { at: p, serial: r.serial })),
        pages: [ref],
        needsPerson: !decided,
      });
      note(`Số phiếu ${r.serial} không có trong danh sách phiếu đã in${decided ? '' : ' — cần xác minh'}`, !decided);
      return;
    }
    if (!m.sbd) return; // a blank numbered sheet: any candidate may have used it
    const sbd = e?.sbd ?? null;
    const overridden = overrides.some((o) => o.field === 'sbd' && appliesTo(o, p));
    const who = `${m.sbd}${m.hoTen ? ` (${m.hoTen})` : ''}`;
    if (!sbd) {
      extra.push({
        kind: 'manifest_mismatch',
        ...said(msg('g.sbdFromManifest', { at: p, serial: r.serial, who, sbd: m.sbd })),
        pages: [ref],
        needsPerson: true,
      });
      return;
    }
    if (sbd === m.sbd) return;
    extra.push({
      kind: 'manifest_mismatch',
      ...said(msg('g.manifestMismatch', { at: p, serial: r.serial, who, sbd, overridden })),
      pages: [ref],
      sbd,
      needsPerson: !overridden && !decided,
    });
    const settled = overridden || decided;
    note(`Phiếu số ${r.serial} in cho SBD ${who} nhưng ${overridden ? 'SBD sửa tay' : 'tô SBD'} ${sbd}${settled ? '' : ' — cần xác minh'}`, !settled);
  });

  for (const ri of roster?.issues ?? []) {
    extra.push({ kind: 'roster_row', text: ri.message, ...(ri.msg ? { msg: ri.msg } : {}), pages: [], needsPerson: true });
  }
  for (const r of g.rows) {
    if (r.status !== 'absent') continue;
    extra.push({
      kind: 'absent',
      ...said(msg('g.absent', { sbd: r.sbd, name: r.candidate?.hoTen ?? '' })),
      pages: [],
      sbd: r.sbd,
      needsPerson: false,
    });
  }

  const pageEntries = pages.map((_, i) => entryOf(i));
  const openFlags = openFlagsOf(pages, pageEntries, overrides);

  const issues: WorkspaceIssue[] = [...g.issues, ...extra];
  const conflictKinds = new Set<WorkspaceIssueKind>(['manifest_mismatch', 'not_printed', 'other_exam']);
  const extraConflicts = extra.filter((i) => conflictKinds.has(i.kind) && i.needsPerson).length;
  const grades: ExamGrades = {
    ...g,
    // the xlsx "Cần xem lại" sheet lists issues by text; the workspace kinds are extra labels
    issues: issues as GradeIssue[],
    summary: {
      ...g.summary,
      conflicts: g.summary.conflicts + extraConflicts,
      needsPerson: g.summary.needsPerson || extra.some((i) => i.needsPerson),
    },
  };
  return { template, exam, keys, roster, pages, pageEntries, superseded, overrides, decisions, excluded, grades, issues, openFlags };
}
