/**
 * Pages and the decisions people take about them.
 *
 *   - An override belongs to the page it was made on (pages.id: one file content + page
 *     number). It also applies to identical scans of that page (other file bytes, the very same
 *     read: serial, SBD, mã đề, every answer and flag), so a sheet scanned twice stays one sheet.
 *     A different page that carries the same serial does not receive it.
 *   - A conflict (same serial or same SBD on pages read differently, a serial printed for
 *     another candidate, a sheet of another exam) is closed by an explicit decision on a page:
 *     `exclude` (the page is left out of the results, kept as evidence) or `keep` (this page is
 *     the one that counts; the pages in conflict with it are left out). Decisions are
 *     append-only with who, why and when; the latest decision on a page wins.
 */
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import type { PageResult } from '../scan/types.js';
import { nowIso, writeTransaction, type Db } from './db.js';

export type Decision = 'exclude' | 'keep';

export interface DecisionRow {
  id: number;
  page_id: number;
  decision: Decision;
  by: string;
  reason: string;
  at: string;
}

export interface ResolveConflictInput {
  pageId: number;
  decision: Decision;
  by: string;
  reason: string;
}

export interface ResolveConflictResult {
  row: DecisionRow;
  page: { id: number; source: string; page: number; serial: string | null; status: string };
  /** The decision on this page that this one replaces (it stays in the history). */
  previous: DecisionRow | null;
}

/** By and reason, trimmed; refused when empty (one line naming the fix). */
export function personAndReason(by: string | undefined, reason: string | undefined): { by: string; reason: string } {
  const b = by?.normalize('NFC').trim() ?? '';
  const r = reason?.normalize('NFC').trim() ?? '';
  if (!b) throw new OmrError('USAGE', msg('ov.by'), { hint: msg('ov.by.hint') });
  if (!r) throw new OmrError('USAGE', msg('ov.reason'), { hint: msg('ov.reason.hint') });
  return { by: b, reason: r };
}

/**
 * Record a person's decision about a page in conflict (the CLI's `omr override --page P
 * --exclude|--keep` and the desk call this). Append-only; the latest decision on a page wins.
 */
export function resolveConflict(db: Db, input: ResolveConflictInput): ResolveConflictResult {
  const { by, reason } = personAndReason(input.by, input.reason);
  if (input.decision !== 'exclude' && input.decision !== 'keep') throw new OmrError('USAGE', msg('ov.decision.what'), { hint: msg('ov.decision.hint') });
  const page = db.prepare('SELECT id, source, page, serial, status FROM pages WHERE id = ?').get(input.pageId) as ResolveConflictResult['page'] | undefined;
  if (!page) throw new OmrError('USAGE', msg('ov.decision.noPage', { id: input.pageId }), { hint: msg('ov.noPage.hint') });
  if (input.decision === 'keep' && page.status !== 'ok') {
    throw new OmrError('USAGE', msg('ov.decision.keepNotOk', { source: page.source, page: page.page, status: page.status }), { hint: msg('ov.decision.keepNotOk.hint') });
  }
  const previous = (db.prepare('SELECT * FROM page_decisions WHERE page_id = ? ORDER BY id DESC LIMIT 1').get(page.id) as DecisionRow | undefined) ?? null;
  const insert = db.prepare('INSERT INTO page_decisions (page_id, decision, by, reason, at) VALUES (?, ?, ?, ?, ?)');
  const id = writeTransaction(db, () => Number(insert.run(page.id, input.decision, by, reason, nowIso()).lastInsertRowid));
  const row = db.prepare('SELECT * FROM page_decisions WHERE id = ?').get(id) as DecisionRow;
  return { row, page, previous };
}

/** Every decision, oldest first. */
export function listDecisions(db: Db): DecisionRow[] {
  return db.prepare('SELECT * FROM page_decisions ORDER BY id').all() as DecisionRow[];
}

/** The decision in force on each page (the latest). */
export function latestDecisions(rows: DecisionRow[]): Map<number, DecisionRow> {
  const m = new Map<number, DecisionRow>();
  for (const d of rows) m.set(d.page_id, d);
  return m;
}

/**
 * What makes two pages the same sheet read the same way: serial, SBD, mã đề, exam id and
 * every group's value and flag. Null for a page that was not read as a sheet.
 */
export function readSignature(r: PageResult): string | null {
  if (r.status !== 'ok') return null;
  const known = signatures.get(r);
  if (known !== undefined) return known;
  const groups = Object.keys(r.groups ?? {})
    .sort()
    .map((k) => [k, r.groups![k].value, r.groups![k].flagged]);
  const sig = JSON.stringify([r.serial ?? null, r.candidateNumber ?? null, r.examCode ?? null, r.identity?.examId ?? null, groups]);
  signatures.set(r, sig);
  return sig;
}

/** Signatures of results already seen (a read is never changed; the desk asks for the same pages often). */
const signatures = new WeakMap<PageResult, string>();

/** The pages each override applies to: its own page and identical scans of it. */
export function overrideTargets(overrides: { id: number; page_id: number }[], pages: { id: number; result: PageResult }[]): Map<number, number[]> {
  const sig = new Map<number, string | null>(pages.map((p) => [p.id, readSignature(p.result)]));
  const bySig = new Map<string, number[]>();
  for (const p of pages) {
    const s = sig.get(p.id);
    if (s) bySig.set(s, [...(bySig.get(s) ?? []), p.id]);
  }
  const out = new Map<number, number[]>();
  for (const o of overrides) {
    const s = sig.get(o.page_id);
    out.set(o.id, s ? bySig.get(s)! : [o.page_id]);
  }
  return out;
}
