/**
 * Overrides: a person's correction of one answer, the SBD or the mã đề of one sheet. Stored in
 * their own append-only table with who, when and why; the automatic read is never changed. A
 * correction of a correction is a new row: the latest wins, the history stays.
 *
 * A sheet is named by its QR serial (every page carrying that serial: identical re-scans stay
 * identical), or by SOURCE:PAGE when the QR could not be read.
 */
import path from 'node:path';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { normaliseAnswer, type OverrideField, type PageOverride } from '../grade/score.js';
import { SERIAL_RE } from '../identity/payload.js';
import type { PageResult } from '../scan/types.js';
import type { Template } from '../template/schema.js';
import { nowIso } from './db.js';
import type { Workspace } from './workspace.js';

export interface OverrideInput {
  serial?: string;
  /** SOURCE:PAGE, for a sheet whose QR could not be read. */
  page?: string;
  /** The page's id in the workspace (the desk names pages this way; never ambiguous). */
  pageId?: number;
  field: OverrideField;
  question?: number;
  value: string;
  by: string;
  reason: string;
}

export interface OverrideRow {
  id: number;
  serial: string | null;
  page_id: number | null;
  field: OverrideField;
  question: number | null;
  value: string;
  read_value: string | null;
  by: string;
  reason: string;
  at: string;
  /** For page-targeted overrides: the page's source and number. */
  source: string | null;
  page_no: number | null;
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
  const by = input.by?.normalize('NFC').trim() ?? '';
  const reason = input.reason?.normalize('NFC').trim() ?? '';
  if (!by) throw new OmrError('USAGE', msg('ov.by'), { hint: msg('ov.by.hint') });
  if (!reason) throw new OmrError('USAGE', msg('ov.reason'), { hint: msg('ov.reason.hint') });
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

  // ---- the sheet
  let pages: PageTarget[];
  let serial: string | null = null;
  let pageId: number | null = null;
  if (input.serial !== undefined) {
    serial = input.serial.trim();
    if (!SERIAL_RE.test(serial)) throw new OmrError('USAGE', msg('ov.serial', { serial: input.serial }), { hint: msg('ov.serial.hint') });
    pages = ws.db.prepare("SELECT id, source, page, serial, status, result FROM pages WHERE serial = ? AND status = 'ok' ORDER BY id").all(serial) as PageTarget[];
    if (!pages.length) {
      throw new OmrError('USAGE', msg('ov.noSheet', { serial }), { hint: msg('ov.noSheet.hint') });
    }
  } else {
    const hits =
      input.pageId !== undefined
        ? (ws.db.prepare('SELECT id, source, page, serial, status, result FROM pages WHERE id = ?').all(input.pageId) as PageTarget[])
        : findPagesByRef(ws, input.page!);
    const ref = input.page ?? `#${input.pageId}`;
    if (!hits.length) throw new OmrError('USAGE', msg('ov.noPage', { ref: ref }), { hint: msg('ov.noPage.hint') });
    const distinct = new Set(hits.map((h) => `${h.source}:${h.page}`));
    if (hits.length > 1) {
      const sameName = distinct.size === 1;
      throw new OmrError('USAGE', msg('ov.manyPages', { ref: ref, n: hits.length, list: [...distinct].join(', '), sameName }), { hint: msg('ov.manyPages.hint', { sameName }) });
    }
    if (hits[0].status !== 'ok') {
      throw new OmrError('USAGE', msg('ov.pageNotOk', { ref: ref, status: hits[0].status }), { hint: msg('ov.pageNotOk.hint') });
    }
    pages = hits;
    pageId = hits[0].id;
  }

  const first = JSON.parse(pages[0].result) as PageResult;
  const readValue =
    input.field === 'answer' ? (first.groups?.[`q${input.question}`]?.value ?? null) : input.field === 'sbd' ? (first.candidateNumber ?? null) : (first.examCode ?? null);
  const question = input.field === 'answer' ? input.question! : null;
  const prevQ = ws.db.prepare(
    `SELECT * FROM overrides WHERE field = ? AND question IS ? AND ${serial !== null ? 'serial = ?' : 'page_id = ?'} AND id NOT IN (SELECT override_id FROM override_undos) ORDER BY id DESC LIMIT 1`,
  );
  const previous = (prevQ.get(input.field, question, serial ?? pageId) as OverrideRow | undefined) ?? null;
  const id = Number(
    ws.db
      .prepare('INSERT INTO overrides (serial, page_id, field, question, value, read_value, by, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(serial, pageId, input.field, question, value, readValue, by, reason, nowIso()).lastInsertRowid,
  );
  const row = listOverrides(ws).find((o) => o.id === id)!;
  return { row, pages, previous: previous ? { ...previous, source: null, page_no: null } : null };
}

/** Every override in force (not taken back), oldest first (the order in which they apply: the latest wins). */
export function listOverrides(ws: Workspace): OverrideRow[] {
  return ws.db
    .prepare(
      'SELECT o.*, p.source AS source, p.page AS page_no FROM overrides o LEFT JOIN pages p ON p.id = o.page_id WHERE o.id NOT IN (SELECT override_id FROM override_undos) ORDER BY o.id',
    )
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
 */
export function undoOverride(ws: Workspace, overrideId: number, by: string): UndoRow {
  const who = by?.normalize('NFC').trim() ?? '';
  if (!who) throw new OmrError('USAGE', msg('ov.by'), { hint: msg('ov.by.hint') });
  return ws.db
    .transaction(() => {
      const o = ws.db.prepare('SELECT id FROM overrides WHERE id = ?').get(overrideId);
      if (!o) throw new OmrError('USAGE', msg('ov.undo.none', { id: overrideId }), { hint: msg('ov.undo.none.hint') });
      const done = ws.db.prepare('SELECT * FROM override_undos WHERE override_id = ?').get(overrideId) as UndoRow | undefined;
      if (done) return done;
      const id = Number(ws.db.prepare('INSERT INTO override_undos (override_id, by, at) VALUES (?, ?, ?)').run(overrideId, who, nowIso()).lastInsertRowid);
      return { id, override_id: overrideId, by: who, at: nowIso() };
    })
    .immediate();
}

/** Overrides taken back, with who and when (for the candidate page's history). */
export function listUndos(ws: Workspace): UndoRow[] {
  return ws.db.prepare('SELECT * FROM override_undos ORDER BY id').all() as UndoRow[];
}

/** Overrides in the form the grading functions take. */
export function toPageOverrides(rows: OverrideRow[]): PageOverride[] {
  return rows.map((o) => ({
    sheet: o.serial !== null ? { serial: o.serial } : { source: o.source!, page: o.page_no! },
    field: o.field,
    ...(o.question !== null ? { question: o.question } : {}),
    value: o.value,
    by: o.by,
    at: o.at,
    reason: o.reason,
  }));
}

/** Does an override apply to this page record? */
export function overrideApplies(o: OverrideRow, p: { id: number; serial: string | null }): boolean {
  return o.serial !== null ? o.serial === p.serial : o.page_id === p.id;
}
