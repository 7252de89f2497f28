/**
 * The review queue of the desk: the open flags (results.ts) as items a person decides one at a
 * time. An answer flag is one item; the flagged columns of one page's SBD (or mã đề) are one
 * item, decided by typing the whole number. Every decision is an override made with
 * addOverride (the function behind `omr override`), on the page it was made on.
 */
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import type { Template } from '../template/schema.js';
import { addOverride, type AddOverrideResult } from './overrides.js';
import type { OpenFlag, PageRecord } from './results.js';
import type { Workspace } from './workspace.js';

export interface QueueItem {
  /** "PAGEID:q17", "PAGEID:sbd", "PAGEID:made". */
  key: string;
  pageId: number;
  field: 'answer' | 'sbd' | 'made';
  question: number | null;
  /** The group to crop: q17, or sbd.0 / made.0 (the whole grid). */
  cropGroup: string;
  source: string;
  page: number;
  serial: string | null;
  sbd: string | null;
  examCode: string | null;
  /** The machine's read: the answer ("" blank, "AC" multiple), or the whole SBD / mã đề as read. */
  read: string;
  /** Why it was flagged; for identity items one reason per flagged column. */
  reasons: string[];
  /** Columns flagged (identity items), 0-based. */
  columns: number[];
  /** Fills of the options (answer items). */
  fill: number[] | null;
  /** The page's fit residual on the printed rings, mm (PageResult.fitResidualMm), if measured. */
  fitMm: number | null;
}

/** Items in the order of the flags (page by page, question by question). */
export function queueItems(flags: OpenFlag[], pages: Map<number, PageRecord>): QueueItem[] {
  const out: QueueItem[] = [];
  const byKey = new Map<string, QueueItem>();
  for (const f of flags) {
    if (f.field === 'answer') {
      out.push({
        key: `${f.pageId}:${f.group}`,
        pageId: f.pageId,
        field: 'answer',
        question: f.question,
        cropGroup: f.group,
        source: f.source,
        page: f.page,
        serial: f.serial,
        sbd: f.sbd,
        examCode: f.examCode,
        read: f.value,
        reasons: [f.reason],
        columns: [],
        fill: f.fill,
        fitMm: pages.get(f.pageId)?.result.fitResidualMm ?? null,
      });
      continue;
    }
    const key = `${f.pageId}:${f.field}`;
    const col = Number(f.group.split('.')[1]);
    const have = byKey.get(key);
    if (have) {
      have.reasons.push(f.reason);
      have.columns.push(col);
      continue;
    }
    const r = pages.get(f.pageId)?.result;
    const item: QueueItem = {
      key,
      pageId: f.pageId,
      field: f.field,
      question: null,
      cropGroup: `${f.field}.0`,
      source: f.source,
      page: f.page,
      serial: f.serial,
      sbd: f.sbd,
      examCode: f.examCode,
      read: (f.field === 'sbd' ? r?.candidateNumber : r?.examCode) ?? '',
      reasons: [f.reason],
      columns: [col],
      fill: null,
      fitMm: r?.fitResidualMm ?? null,
    };
    byKey.set(key, item);
    out.push(item);
  }
  return out;
}

/** A decision at the desk: an answer ("", "B"), keep the machine's read, or the whole SBD / mã đề. */
export type Decision = { value: string } | { keep: true };

/** Record a decision as an override of that page (the same function as `omr override`). */
export function decideItem(ws: Workspace, item: QueueItem, d: Decision, who: { by: string; reason: string }, template: Template): AddOverrideResult {
  const value = 'keep' in d ? item.read : d.value;
  if ('keep' in d && item.field !== 'answer' && !/^\d+$/.test(value)) {
    throw new OmrError('USAGE', msg('desk.keepUnreadable', { read: item.read }), { hint: msg('desk.keepUnreadable.hint') });
  }
  return addOverride(
    ws,
    { pageId: item.pageId, field: item.field, ...(item.question !== null ? { question: item.question } : {}), value, by: who.by, reason: who.reason },
    template,
  );
}
