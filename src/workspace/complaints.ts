/**
 * Complaints (đơn khiếu nại) about a candidate's sheet, and their settlement.
 *
 * The regulation (QĐ 2073/QĐ-UBND, III.11.a) gives the council 10 days from the day it receives
 * a complaint to settle it. Section 8 of the same plan says "ngày làm việc" where it means
 * working days; section 11 says only "10 ngày", so these are calendar days: the deadline is the
 * date of receipt + 10 (received on 3 March → settle by 13 March), weekends and holidays included
 * (council/calendar.ts complaintDeadline).
 *
 * A complaint names one sheet (by số phiếu, or by SBD → the sheet scored for that candidate). Its
 * content is never changed; settling it is the one UPDATE the schema allows (open → resolved), and
 * each step is also an append-only row in complaint_events. A re-check (phúc khảo) that changes an
 * answer, the SBD or the mã đề goes through the same audited override as `omr override`; the
 * overrides made and the score before and after are recorded with the resolution.
 */
import { OmrError } from '../errors.js';
import { complaintDeadline, daysBetween, formatDay, today as todayLocal } from '../council/calendar.js';
import { msg } from '../i18n/index.js';
import type { CandidateRow } from '../grade/grade.js';
import { SERIAL_RE } from '../identity/payload.js';
import type { OverrideField } from '../grade/score.js';
import { nowIso } from './db.js';
import { addOverride } from './overrides.js';
import { computeResults, type WorkspaceResults } from './results.js';
import { templateOf, type Workspace } from './workspace.js';

export type ComplaintSubject = 'question' | 'total' | 'identity';
export const COMPLAINT_SUBJECTS: readonly ComplaintSubject[] = ['question', 'total', 'identity'];

export interface Complaint {
  id: number;
  serial: string | null;
  page_ref: string | null;
  sbd: string | null;
  ho_ten: string | null;
  received_on: string;
  submitted_by: string;
  subject: ComplaintSubject;
  /** JSON array of question numbers, or null. */
  questions: string | null;
  text: string;
  deadline: string;
  recorded_by: string;
  recorded_at: string;
  status: 'open' | 'resolved';
  resolved_on: string | null;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  score_before: number | null;
  score_after: number | null;
  override_ids: string | null;
}

// ---------------------------------------------------------------------------------------------
// The sheet a complaint is about

export interface SheetOfCandidate {
  serial: string | null;
  /** SOURCE:PAGE of the page scored (for a sheet without a readable QR). */
  pageRef: string;
  sbd: string | null;
  hoTen: string | null;
  row: CandidateRow | undefined;
  res: WorkspaceResults;
}

/** The sheet named by --serial or --sbd, with its candidate row. Throws one clear line when there is none. */
export function findSheet(ws: Workspace, by: { serial?: string; sbd?: string; pageRef?: string }, res: WorkspaceResults = computeResults(ws)): SheetOfCandidate {
  if (by.pageRef !== undefined) {
    // a sheet whose QR was not read, recorded by SOURCE:PAGE (its SBD may have been corrected since)
    const p = res.pages.find((x) => `${x.source}:${x.page}` === by.pageRef && x.status === 'ok');
    if (!p) throw new OmrError('USAGE', msg('cp.noSerial', { serial: by.pageRef }), { hint: msg('cp.noSheet.hint') });
    const row = res.grades.rows.find((r) => r.pages.some((x) => x.source === p.source && x.page === p.page));
    return { serial: p.serial, pageRef: by.pageRef, sbd: row?.sbd || p.result.candidateNumber || null, hoTen: row?.candidate?.hoTen ?? null, row, res };
  }
  if ((by.serial === undefined) === (by.sbd === undefined)) throw new OmrError('USAGE', msg('cp.serialOrSbd'), { hint: msg('cp.serialOrSbd.hint') });
  if (by.serial !== undefined) {
    const serial = by.serial.trim();
    if (!SERIAL_RE.test(serial)) throw new OmrError('USAGE', msg('ov.serial', { serial: by.serial }), { hint: msg('ov.serial.hint') });
    const pages = res.pages.filter((p) => p.serial === serial && p.status === 'ok');
    if (!pages.length) throw new OmrError('USAGE', msg('cp.noSerial', { serial }), { hint: msg('cp.noSheet.hint') });
    const row = res.grades.rows.find((r) => r.pages.some((x) => x.serial === serial || pages.some((p) => p.source === x.source && p.page === x.page)));
    const first = row ? (pages.find((p) => p.source === row.pages[0].source && p.page === row.pages[0].page) ?? pages[0]) : pages[0];
    return { serial, pageRef: `${first.source}:${first.page}`, sbd: row?.sbd || first.result.candidateNumber || null, hoTen: row?.candidate?.hoTen ?? null, row, res };
  }
  const sbd = by.sbd!.trim();
  const row = res.grades.rows.find((r) => r.sbd === sbd && r.pages.length > 0);
  if (!row) throw new OmrError('USAGE', msg('cp.noSbd', { sbd }), { hint: msg('cp.noSheet.hint') });
  const p = row.pages[0];
  return { serial: p.serial ?? null, pageRef: `${p.source}:${p.page}`, sbd, hoTen: row.candidate?.hoTen ?? null, row, res };
}

// ---------------------------------------------------------------------------------------------
// add / list / resolve

export interface ComplaintInput {
  serial?: string;
  sbd?: string;
  /** Who lodged it (the candidate, or someone on their behalf). */
  submittedBy: string;
  /** YYYY-MM-DD; default today. */
  receivedOn?: string;
  subject: ComplaintSubject;
  questions?: number[];
  text: string;
  /** The clerk recording it. */
  recordedBy: string;
}

const clean = (s: string | undefined): string => s?.normalize('NFC').trim() ?? '';

export function getComplaint(ws: Workspace, id: number): Complaint {
  const c = ws.db.prepare('SELECT * FROM complaints WHERE id = ?').get(id) as Complaint | undefined;
  if (!c) throw new OmrError('USAGE', msg('cp.noComplaint', { id }), { hint: msg('cp.noComplaint.hint') });
  return c;
}

export function addComplaint(ws: Workspace, input: ComplaintInput, today: string = todayLocal()): Complaint {
  const submittedBy = clean(input.submittedBy);
  const recordedBy = clean(input.recordedBy);
  const text = clean(input.text);
  if (!submittedBy) throw new OmrError('USAGE', msg('cp.required', { flag: '--from' }), { hint: msg('cp.add.hint') });
  if (!recordedBy) throw new OmrError('USAGE', msg('cp.required', { flag: '--by' }), { hint: msg('cp.add.hint') });
  if (!COMPLAINT_SUBJECTS.includes(input.subject)) throw new OmrError('USAGE', msg('cp.subject', { value: String(input.subject) }), { hint: msg('cp.add.hint') });
  const receivedOn = input.receivedOn ?? today;
  if (receivedOn > today) throw new OmrError('USAGE', msg('cp.future', { day: formatDay(receivedOn) }), { hint: msg('council.hint.date') });
  const sheet = findSheet(ws, { ...(input.serial !== undefined ? { serial: input.serial } : {}), ...(input.sbd !== undefined ? { sbd: input.sbd } : {}) });
  const n = sheet.res.template.answers.questions;
  const questions = [...new Set(input.questions ?? [])].sort((a, b) => a - b);
  for (const q of questions) {
    if (!Number.isInteger(q) || q < 1 || q > n) throw new OmrError('USAGE', msg('ov.question', { n, value: String(q) }), { hint: msg('ov.question.hint') });
  }
  if (input.subject === 'question' && !questions.length) throw new OmrError('USAGE', msg('cp.questionsNeeded'), { hint: msg('cp.add.hint') });
  const at = nowIso();
  const row = {
    serial: sheet.serial,
    page_ref: sheet.serial ? null : sheet.pageRef,
    sbd: sheet.sbd,
    ho_ten: sheet.hoTen,
    received_on: receivedOn,
    submitted_by: submittedBy,
    subject: input.subject,
    questions: questions.length ? JSON.stringify(questions) : null,
    text: text || '—',
    deadline: complaintDeadline(receivedOn).due,
    recorded_by: recordedBy,
    recorded_at: at,
  };
  const id = ws.db
    .transaction(() => {
      const id = Number(
        ws.db
          .prepare(
            `INSERT INTO complaints (serial, page_ref, sbd, ho_ten, received_on, submitted_by, subject, questions, text, deadline, recorded_by, recorded_at)
             VALUES (@serial, @page_ref, @sbd, @ho_ten, @received_on, @submitted_by, @subject, @questions, @text, @deadline, @recorded_by, @recorded_at)`,
          )
          .run(row).lastInsertRowid,
      );
      ws.db.prepare("INSERT INTO complaint_events (complaint_id, event, by, at, detail) VALUES (?, 'received', ?, ?, ?)").run(id, recordedBy, at, JSON.stringify(row));
      return id;
    })
    .immediate();
  return getComplaint(ws, id);
}

export interface ComplaintListed extends Complaint {
  /** Days left until the deadline (0 = today is the last day; negative = overdue). */
  daysLeft: number;
  overdue: boolean;
}

export function listComplaints(ws: Workspace, opts: { all?: boolean; today?: string } = {}): ComplaintListed[] {
  const today = opts.today ?? todayLocal();
  const rows = ws.db.prepare(`SELECT * FROM complaints ${opts.all ? '' : "WHERE status = 'open'"} ORDER BY deadline, id`).all() as Complaint[];
  return rows.map((c) => {
    const daysLeft = daysBetween(today, c.deadline);
    return { ...c, daysLeft, overdue: c.status === 'open' && daysLeft < 0 };
  });
}

/** A change the re-check makes: an answer, or the SBD / mã đề. */
export interface RecheckChange {
  field: OverrideField;
  question?: number;
  value: string;
}

export interface ResolveInput {
  by: string;
  resolution: string;
  /** YYYY-MM-DD; default today. */
  on?: string;
  changes?: RecheckChange[];
}

export interface ResolveResult {
  complaint: Complaint;
  before: { total: number | null; band: string | null };
  after: { total: number | null; band: string | null };
  overrideIds: number[];
  /** True when settled after the deadline. */
  late: boolean;
}

const scoreOf = (s: SheetOfCandidate): { total: number | null; band: string | null } => ({ total: s.row?.score?.total ?? null, band: s.row?.band ?? null });

/**
 * Settle an open complaint. Every change goes through addOverride (the same audited correction
 * as `omr override`, reason "Phúc khảo đơn số N: …"); all of it in one transaction, so a bad
 * change leaves the complaint open and no override behind.
 */
export function resolveComplaint(ws: Workspace, id: number, input: ResolveInput, today: string = todayLocal()): ResolveResult {
  const c = getComplaint(ws, id);
  if (c.status !== 'open') throw new OmrError('USAGE', msg('cp.alreadyResolved', { id, on: formatDay(c.resolved_on ?? c.received_on), by: c.resolved_by ?? '' }), { hint: msg('cp.alreadyResolved.hint') });
  const by = clean(input.by);
  const resolution = clean(input.resolution);
  if (!by) throw new OmrError('USAGE', msg('cp.required', { flag: '--by' }), { hint: msg('cp.resolve.hint') });
  if (!resolution) throw new OmrError('USAGE', msg('cp.required', { flag: '--resolution' }), { hint: msg('cp.resolve.hint') });
  const on = input.on ?? today;
  if (on < c.received_on) throw new OmrError('USAGE', msg('cp.beforeReceived', { on: formatDay(on), received: formatDay(c.received_on) }), { hint: msg('council.hint.date') });
  if (on > today) throw new OmrError('USAGE', msg('cp.future', { day: formatDay(on) }), { hint: msg('council.hint.date') });
  const sheetRef = c.serial ? { serial: c.serial } : { page: c.page_ref! };
  const bySheet = (): SheetOfCandidate => findSheet(ws, c.serial ? { serial: c.serial } : { pageRef: c.page_ref! });
  const before = scoreOf(bySheet());
  return ws.db
    .transaction((): ResolveResult => {
      const template = templateOf(ws);
      const overrideIds: number[] = [];
      for (const ch of input.changes ?? []) {
        const r = addOverride(
          ws,
          { ...sheetRef, field: ch.field, ...(ch.question !== undefined ? { question: ch.question } : {}), value: ch.value, by, reason: `Phúc khảo đơn khiếu nại số ${id}: ${resolution}` },
          template,
        );
        overrideIds.push(r.row.id);
      }
      const after = overrideIds.length ? scoreOf(bySheet()) : before;
      const at = nowIso();
      const set = {
        id,
        resolved_on: on,
        resolution,
        resolved_by: by,
        resolved_at: at,
        score_before: before.total,
        score_after: after.total,
        override_ids: overrideIds.length ? JSON.stringify(overrideIds) : null,
      };
      ws.db
        .prepare(
          `UPDATE complaints SET status = 'resolved', resolved_on = @resolved_on, resolution = @resolution, resolved_by = @resolved_by, resolved_at = @resolved_at,
           score_before = @score_before, score_after = @score_after, override_ids = @override_ids WHERE id = @id`,
        )
        .run(set);
      ws.db.prepare("INSERT INTO complaint_events (complaint_id, event, by, at, detail) VALUES (?, 'resolved', ?, ?, ?)").run(id, by, at, JSON.stringify({ ...set, before, after }));
      return { complaint: getComplaint(ws, id), before, after, overrideIds, late: on > c.deadline };
    })
    .immediate();
}

/** Every complaint of the workspace, oldest first (for reports and the archive). */
export function allComplaints(ws: Workspace): Complaint[] {
  return ws.db.prepare('SELECT * FROM complaints ORDER BY id').all() as Complaint[];
}
