/**
 * Overrides: a person's correction of one answer, the SBD or the mã đề of one page. Stored in
 * their own append-only table with who, when and why; the automatic read is never changed. A
 * correction of a correction is a new row: the latest wins, the history stays.
 *
 * An override belongs to the page it was made on (its content: file SHA-256 + page) and to
 * identical scans of that page (conflicts.ts), never to another page that happens to carry the
 * same serial. The page is named by its QR serial (when every page with that serial was read the
 * same way), by SOURCE:PAGE, or by its id (the desk).
 */
import path from 'node:path';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { normaliseAnswer, type OverrideField, type PageOverride } from '../grade/score.js';
import { SERIAL_RE } from '../identity/payload.js';
import type { PageResult } from '../scan/types.js';
import type { Template } from '../template/schema.js';
import { overrideTargets, personAndReason, readSignature } from './conflicts.js';
import { nowIso, writeTransaction } from './db.js';
import type { Workspace } from './workspace.js';

export { resolveConflict, listDecisions, latestDecisions, overrideTargets, readSignature, type Decision, type DecisionRow, type ResolveConflictInput, type ResolveConflictResult } from './conflicts.js';

export interface OverrideInput {
  serial?: string;
  /** SOURCE:PAGE, for a sheet whose QR could not be read (or one of several with one serial). */
  page?: string;
  /** The page's id (pages.id), as the desk knows it. */
  pageId?: number;
  field: OverrideField;
  question?: number;
  value: string;
  by: string;
  reason: string;
}

export interface OverrideRow {
  id: number;
  /** The page's serial when the override was made (information; the page is page_id). */
  serial: string | null;
  page_id: number;
  field: OverrideField;
  question: number | null;
  value: string;
  read_value: string | null;
  by: string;
  reason: string;
  at: string;
  /** The page's source and number. */
  source: string;
  page_no: number;
}

export interface PageTarget {
  id: number;
  source: string;
  page: number;
  serial: string | null;
  status: string;
  result: string;
}

export interface AddOverrideResult {
  row: OverrideRow;
  /** The page it was made on, then identical scans of it (the override applies to all). */
  pages: PageTarget[];
  /** The override this one replaces (same sheet, field and question), if any. */
  previous: OverrideRow | null;
}

const FIELD_WORD: Record<OverrideField, string> = { answer: 'answer', sbd: 'SBD', made: 'mã đề' };

/** "câu 17", "SBD", "mã đề" */
export function overrideWhat(o: { field: OverrideField; question: number | null | undefined }): string {
  return o.field === 'answer' ? `câu ${o.question}` : FIELD_WORD[o.field];
}

/** Parse `SOURCE:PAGE` (the page number after the last colon). */
export function parsePageRef(ref: string): { source: string; page: number } {
  const m = /^(.*):(\d+)$/.exec(ref.trim());
  if (!m || !m[1]) throw new OmrError('USAGE', msg('ov.pageRef', { ref }), { hint: msg('ov.pageRef.hint') });
  return { source: m[1], page: Number(m[2]) };
}

/** The pages a --page reference names: exact source, else the same absolute path, else a unique ending. */
export function findPagesByRef(ws: Workspace, ref: string): PageTarget[] {
  const { source, page } = parsePageRef(ref);
  const q = ws.db.prepare('SELECT id, source, page, serial, status, result, path FROM pages WHERE page = ? ORDER BY id');
  const all = q.all(page) as (PageTarget & { path: string })[];
  const slash = source.split(path.sep).join('/');
  let hits = all.filter((p) => p.source === slash);
  if (!hits.length) hits = all.filter((p) => p.path === path.resolve(source));
  if (!hits.length) hits = all.filter((p) => p.source.endsWith('/' + slash) || path.basename(p.source) === slash);
  return hits;
}

export function addOverride(ws: Workspace, input: OverrideInput, template: Template): AddOverrideResult {
  const { by, reason } = personAndReason(input.by, input.reason);
  const named = [input.serial, input.page, input.pageId].filter((x) => x !== undefined).length;
  if (named !== 1) {
    throw new OmrError('USAGE', named === 0 ? msg('ov.nameSheet') : msg('ov.serialOrPage'), { hint: msg('ov.sheet.hint') });
  }

  // ---- the value
  let value: string;
  const rules = template.answers;
  if (input.field === 'answer') {
    const n = template.answers.questions;
    if (input.question === undefined || !Number.isInteger(input.question) || input.question < 1 || input.question > n) {
      throw new OmrError('USAGE', msg('ov.question', { n, value: String(input.question ?? '') }), { hint: msg('ov.question.hint') });
    }
    const v = normaliseAnswer(input.value, rules.options);
    if (v === null) {
      throw new OmrError('USAGE', msg('ov.answer', { value: input.value, options: rules.options.join(', ') }), { hint: msg('ov.answer.hint', { question: input.question }) });
    }
    value = v;
  } else {
    const digits = input.field === 'sbd' ? template.candidate.sbd.digits : template.candidate.made.digits;
    value = input.value.trim();
    if (!new RegExp(`^\\d{${digits}}$`).test(value)) {
      throw new OmrError('USAGE', msg('ov.digits', { value: input.value, digits, field: input.field }), { hint: msg('ov.digits.hint', { digits }) });
    }
  }

  // ---- the page
  const anchor = overrideAnchor(ws, input);
  const first = JSON.parse(anchor.result) as PageResult;
  const readValue =
    input.field === 'answer' ? (first.groups?.[`q${input.question}`]?.value ?? null) : input.field === 'sbd' ? (first.candidateNumber ?? null) : (first.examCode ?? null);
  const question = input.field === 'answer' ? input.question! : null;
  const pages = okPages(ws);
  const before = listOverrides(ws);
  const targetsBefore = overrideTargets(before, pages);
  const previous = before.filter((o) => o.field === input.field && o.question === question && targetsBefore.get(o.id)!.includes(anchor.id)).pop() ?? null;
  const insert = ws.db.prepare('INSERT INTO overrides (page_id, serial, field, question, value, read_value, by, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const id = writeTransaction(ws.db, () => Number(insert.run(anchor.id, anchor.serial, input.field, question, value, readValue, by, reason, nowIso()).lastInsertRowid));
  const row = listOverrides(ws).find((o) => o.id === id)!;
  const targets = overrideTargets([row], pages).get(id)!;
  const byId = new Map(pages.map((p) => [p.id, p]));
  const applied = [anchor, ...targets.filter((t) => t !== anchor.id).map((t) => byId.get(t)!.target)];
  return { row, pages: applied, previous };
}

function okPages(ws: Workspace): { id: number; result: PageResult; target: PageTarget }[] {
  const rows = ws.db.prepare("SELECT id, source, page, serial, status, result, read_at FROM pages WHERE status = 'ok' ORDER BY id").all() as (PageTarget & { read_at: string })[];
  if (parsedReads.size > 50_000) parsedReads.clear();
  return rows.map((r) => {
    // an ok read is never changed: parse it once (the desk makes an override at every key)
    const k = `${ws.dir}|${r.id}|${r.read_at}`;
    let result = parsedReads.get(k);
    if (!result) parsedReads.set(k, (result = JSON.parse(r.result) as PageResult));
    return { id: r.id, result, target: r };
  });
}

const parsedReads = new Map<string, PageResult>();

/** The page an override is made on: by id, by SOURCE:PAGE, or by a serial whose pages were all read the same way. */
export function overrideAnchor(ws: Workspace, input: Pick<OverrideInput, 'serial' | 'page' | 'pageId'>): PageTarget {
  let hits: PageTarget[];
  let ref: string;
  if (input.pageId !== undefined) {
    hits = ws.db.prepare('SELECT id, source, page, serial, status, result FROM pages WHERE id = ?').all(input.pageId) as PageTarget[];
    if (!hits.length) throw new OmrError('USAGE', msg('ov.decision.noPage', { id: input.pageId }), { hint: msg('ov.noPage.hint') });
    ref = `#${input.pageId}`;
  } else if (input.serial !== undefined) {
    const serial = input.serial.trim();
    if (!SERIAL_RE.test(serial)) throw new OmrError('USAGE', msg('ov.serial', { serial: input.serial }), { hint: msg('ov.serial.hint') });
    const pages = ws.db.prepare("SELECT id, source, page, serial, status, result FROM pages WHERE serial = ? AND status = 'ok' ORDER BY id").all(serial) as PageTarget[];
    if (!pages.length) throw new OmrError('USAGE', msg('ov.noSheet', { serial }), { hint: msg('ov.noSheet.hint') });
    const sigs = new Set(pages.map((p) => readSignature(JSON.parse(p.result) as PageResult)));
    if (sigs.size > 1) {
      throw new OmrError('USAGE', msg('ov.serialConflict', { serial, pages: pages.map((p) => ({ source: p.source, page: p.page })) }), {
        hint: msg('ov.serialConflict.hint', { ref: `${pages[pages.length - 1].source}:${pages[pages.length - 1].page}` }),
      });
    }
    return pages[0];
  } else {
    ref = input.page!;
    hits = findPagesByRef(ws, ref);
    if (!hits.length) throw new OmrError('USAGE', msg('ov.noPage', { ref }), { hint: msg('ov.noPage.hint') });
    const distinct = new Set(hits.map((h) => `${h.source}:${h.page}`));
    if (hits.length > 1) {
      const sameName = distinct.size === 1;
      throw new OmrError('USAGE', msg('ov.manyPages', { ref, n: hits.length, list: [...distinct].join(', '), sameName }), { hint: msg('ov.manyPages.hint', { sameName }) });
    }
  }
  if (hits[0].status !== 'ok') {
    throw new OmrError('USAGE', msg('ov.pageNotOk', { ref, status: hits[0].status }), { hint: msg('ov.pageNotOk.hint') });
  }
  return hits[0];
}

/** Every override in force (not taken back), oldest first (the order in which they apply: the latest wins). */
export function listOverrides(ws: Workspace): OverrideRow[] {
  return ws.db
    .prepare('SELECT o.*, p.source AS source, p.page AS page_no FROM overrides o JOIN pages p ON p.id = o.page_id WHERE o.id NOT IN (SELECT override_id FROM override_undos) ORDER BY o.id')
    .all() as OverrideRow[];
}

export interface UndoRow {
  id: number;
  override_id: number;
  by: string;
  at: string;
}

/**
 * Take an override back (the desk's Backspace): the override row stays as evidence, a row in
 * override_undos says it no longer applies; what it replaced (or the automatic read) applies again.
 * listOverrides leaves it out from then on.
 */
export function undoOverride(ws: Workspace, overrideId: number, by: string): UndoRow {
  const who = by?.normalize('NFC').trim() ?? '';
  if (!who) throw new OmrError('USAGE', msg('ov.by'), { hint: msg('ov.by.hint') });
  return writeTransaction(ws.db, () => {
    const o = ws.db.prepare('SELECT id FROM overrides WHERE id = ?').get(overrideId);
    if (!o) throw new OmrError('USAGE', msg('ov.undo.none', { id: overrideId }), { hint: msg('ov.undo.none.hint') });
    const done = ws.db.prepare('SELECT * FROM override_undos WHERE override_id = ?').get(overrideId) as UndoRow | undefined;
    if (done) return done;
    const at = nowIso();
    const id = Number(ws.db.prepare('INSERT INTO override_undos (override_id, by, at) VALUES (?, ?, ?)').run(overrideId, who, at).lastInsertRowid);
    return { id, override_id: overrideId, by: who, at };
  });
}

/** Overrides taken back, with who and when (for the candidate page's history). */
export function listUndos(ws: Workspace): UndoRow[] {
  return ws.db.prepare('SELECT * FROM override_undos ORDER BY id').all() as UndoRow[];
}

/**
 * Overrides in the form the grading functions take: one per page it applies to (its own page
 * and identical scans of it), in the order made (the latest wins). Pages not given (left out by
 * a decision) receive none.
 */
export function toPageOverrides(rows: OverrideRow[], pages: { id: number; fileSha256: string; page: number; result: PageResult }[]): PageOverride[] {
  const targets = overrideTargets(rows, pages);
  const byId = new Map(pages.map((p) => [p.id, p]));
  const out: PageOverride[] = [];
  for (const o of rows) {
    for (const id of targets.get(o.id) ?? []) {
      const p = byId.get(id);
      if (!p) continue;
      out.push({
        sheet: { sha256: p.fileSha256, page: p.page },
        field: o.field,
        ...(o.question !== null ? { question: o.question } : {}),
        value: o.value,
        by: o.by,
        at: o.at,
        reason: o.reason,
      });
    }
  }
  return out;
}
