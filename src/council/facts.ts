/**
 * The figures the council's documents state, computed from the workspace results with the very
 * functions the exports use (src/export/tables.ts: tongHopTable, tally, itemRemarks), so every
 * count in the report equals the count in tong-hop.csv / ket-qua.csv for the same workspace.
 */
import type { Cell } from '../export/csv.js';
import { itemRemarks, tally, tongHopTable } from '../export/tables.js';
import type { CandidateRow, ExamGrades } from '../grade/grade.js';
import { tryParseDay, type Day } from './calendar.js';
import type { Workspace } from '../workspace/workspace.js';
import type { WorkspaceResults } from '../workspace/results.js';

/** One line of tong-hop.csv, typed. */
export interface Tally {
  scope: string;
  name: string;
  /** Số thí sinh: roster candidates + sheets of people not in the roster. */
  total: number;
  /** Có bài được chấm. */
  scored: number;
  absent: number;
  /** Chưa chấm xong (sheets not scored yet: no key, unreadable mã đề…). */
  unfinished: number;
  /** Per band, in the exam's order: count and share of `scored` (%, one decimal, as exported). */
  bands: { name: string; n: number; pct: number | null }[];
  needsPerson: number;
}

export function tallyOf(cells: Cell[], bandNames: string[]): Tally {
  const num = (c: Cell) => (typeof c === 'number' ? c : c === null || c === undefined || c === '' ? 0 : Number(c));
  return {
    scope: String(cells[0]),
    name: String(cells[1]),
    total: num(cells[2]),
    scored: num(cells[3]),
    absent: num(cells[4]),
    unfinished: num(cells[5]),
    bands: bandNames.map((name, i) => ({ name, n: num(cells[6 + 2 * i]), pct: cells[7 + 2 * i] === null || cells[7 + 2 * i] === undefined ? null : num(cells[7 + 2 * i]) })),
    needsPerson: num(cells[6 + 2 * bandNames.length]),
  };
}

export interface FlaggedItem {
  examCode: string;
  question: number;
  part: number;
  n: number;
  difficulty: number | null;
  pointBiserial: number | null;
  remark: string;
}

export interface CouncilFacts {
  bandNames: string[];
  overall: Tally;
  byNhom: Tally[];
  byDonVi: Tally[];
  byChucDanh: Tally[];
  /** Rows the regulation attaches a consequence to (Trung bình and Không đạt), ranked by score. */
  consequences: CandidateRow[];
  flaggedItems: FlaggedItem[];
  /** Rows not in the roster (sheets with an unknown SBD). */
  notInRoster: number;
}

const coll = new Intl.Collator('vi');

export function councilFacts(g: ExamGrades): CouncilFacts {
  const bandNames = g.bands.map((b) => b.name);
  const th = tongHopTable(g).rows.map((r) => tallyOf(r, bandNames));
  const byChuc = new Map<string, CandidateRow[]>();
  for (const r of g.rows) {
    if (!r.candidate) continue;
    const k = r.candidate.chucDanh || '(không ghi chức danh)';
    byChuc.set(k, [...(byChuc.get(k) ?? []), r]);
  }
  const byChucDanh = [...byChuc.keys()].sort(coll.compare).map((k) => tallyOf(tally('Chức danh', k, byChuc.get(k)!, bandNames), bandNames));
  const consequences = g.rows
    .filter((r) => r.score && r.consequences.length > 0)
    .sort((a, b) => (a.score!.total - b.score!.total) || coll.compare(a.candidate?.donVi ?? '', b.candidate?.donVi ?? '') || coll.compare(a.candidate?.hoTen ?? '', b.candidate?.hoTen ?? ''));
  const flaggedItems: FlaggedItem[] = [];
  for (const a of g.analysis) {
    for (const it of a.items) {
      const remark = itemRemarks(it.difficulty, it.pointBiserial);
      if (remark) flaggedItems.push({ examCode: a.examCode, question: it.question, part: it.part, n: it.n, difficulty: it.difficulty, pointBiserial: it.pointBiserial, remark });
    }
  }
  return {
    bandNames,
    overall: th[0],
    byNhom: th.filter((t) => t.scope === 'Nhóm'),
    byDonVi: th.filter((t) => t.scope === 'Đơn vị'),
    byChucDanh,
    consequences,
    flaggedItems,
    notInRoster: g.rows.filter((r) => !r.inRoster).length,
  };
}

/** Number of sitters (a sheet was read for them), by Nhóm, for one set of rows. */
export function satByNhom(rows: CandidateRow[]): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (const r of rows) if (r.status !== 'absent' && r.candidate) out[r.candidate.nhom - 1]++;
  return out;
}

// ---- complaints (the table the `evidence` branch creates; read only if it exists) -------------

export interface ComplaintRecord {
  id: number;
  serial: string | null;
  sbd: string | null;
  receivedOn: string;
  subject: string;
  status: 'open' | 'resolved';
  resolvedOn: string | null;
  resolution: string | null;
}

const SUBJECT_VI: Record<string, string> = { question: 'Câu hỏi', total: 'Tổng điểm', identity: 'Nhận dạng (SBD, họ tên)' };

/** "Câu hỏi 12, 58: …" from the evidence branch's columns (subject, questions, text), whichever exist. */
function complaintSubject(r: Record<string, unknown>): string {
  const kind = String(r.subject ?? '');
  let what = SUBJECT_VI[kind] ?? kind;
  if (kind === 'question' && typeof r.questions === 'string') {
    try {
      const qs = JSON.parse(r.questions) as unknown;
      if (Array.isArray(qs) && qs.length) what += ` ${qs.join(', ')}`;
    } catch {
      /* not JSON: leave the kind alone */
    }
  }
  const who = typeof r.ho_ten === 'string' && r.ho_ten ? ` (${r.ho_ten})` : '';
  return `${what}${who}${typeof r.text === 'string' && r.text ? `: ${r.text}` : ''}`;
}

/** The complaints recorded in the workspace; undefined when the workspace has no complaints table. */
export function complaintsOf(ws: Workspace): ComplaintRecord[] | undefined {
  const t = ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'complaints'").get();
  if (!t) return undefined;
  const rows = ws.db.prepare('SELECT * FROM complaints ORDER BY id').all() as Record<string, unknown>[];
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    id: Number(r.id),
    serial: str(r.serial),
    sbd: str(r.sbd),
    receivedOn: String(r.received_on ?? ''),
    subject: complaintSubject(r),
    status: r.status === 'resolved' ? 'resolved' : 'open',
    resolvedOn: str(r.resolved_on),
    resolution: str(r.resolution),
  }));
}

/** A calendar day (local time) of an ISO timestamp. */
export function localDay(iso: string): Day | undefined {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return tryParseDay(iso.slice(0, 10));
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The day grading was completed, by default: the day of the last override, or of the last page
 * read when there is none later (the `--graded-on` option overrides it).
 */
export function gradingCompletedOn(res: WorkspaceResults): Day | undefined {
  const stamps = [...res.overrides.map((o) => o.at), ...res.pages.map((p) => p.readAt)].filter(Boolean).sort();
  const last = stamps.at(-1);
  return last ? localDay(last) : undefined;
}
