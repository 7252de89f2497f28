/**
 * The export tables, built from ExamGrades. Pure: the CSV and XLSX writers share them.
 *
 *   ket-qua            one row per candidate (roster order, then sheets not in the roster)
 *   bai-lam            one row per candidate and question (long format, for Excel filters)
 *   phan-tich-cau-hoi  item analysis per mã đề and question, per part and per mã đề (KR-20)
 *   tong-hop           counts and shares per band: overall, by Nhóm, by Đơn vị
 */
import type { ExamCodeAnalysis } from '../grade/analysis.js';
import type { CandidateRow, ExamGrades } from '../grade/grade.js';
import { REASON_VI } from '../grade/grade.js';
import type { AnswerStatus } from '../grade/score.js';
import type { Cell, Table } from './csv.js';

export const NOTE_SEPARATOR = '; ';
export const ABSENT_NOTE = 'Vắng / không có bài';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
/** "Phần I", "Phần II", ... one per template part. */
export function partHeader(n: number): string {
  return `Phần ${ROMAN[n - 1] ?? n}`;
}

const round = (v: number | null | undefined, d: number): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10 ** d) / 10 ** d);

function partCount(g: ExamGrades): number {
  for (const r of g.rows) if (r.score) return r.score.parts.length;
  for (const a of g.analysis) return a.parts.length;
  return 2;
}

export const KET_QUA_HEADERS = (parts: number): string[] => [
  'STT',
  'Số báo danh',
  'Họ và tên',
  'Ngày sinh',
  'Đơn vị',
  'Nhóm',
  'Chức vụ/chức danh',
  'Mã đề',
  ...Array.from({ length: parts }, (_, i) => partHeader(i + 1)),
  'Tổng điểm',
  'Xếp loại',
  'Ghi chú',
  'Mã băm đáp án',
];

export function ketQuaTable(g: ExamGrades): Table {
  const parts = partCount(g);
  const rows: Cell[][] = g.rows.map((r) => [
    r.stt,
    r.sbd,
    r.candidate?.hoTen ?? '',
    r.candidate?.ngaySinh ?? '',
    r.candidate?.donVi ?? '',
    r.candidate?.nhom ?? '',
    r.candidate?.chucDanh ?? '',
    r.examCode ?? '',
    ...Array.from({ length: parts }, (_, i) => r.score?.parts[i]?.score ?? null),
    r.score?.total ?? null,
    r.band ?? '',
    r.notes.join(NOTE_SEPARATOR),
    r.keyFingerprint ?? '',
  ]);
  return { name: 'ket-qua', sheet: 'Kết quả', headers: KET_QUA_HEADERS(parts), rows, textColumns: [1, 7, 3] };
}

export const BAI_LAM_HEADERS = ['STT', 'Số báo danh', 'Họ và tên', 'Mã đề', 'Câu', 'Trả lời', 'Đáp án', 'Đúng/Sai', 'Ghi chú'];

export const STATUS_VI: Record<AnswerStatus | 'unscored', string> = {
  correct: 'Đúng',
  wrong: 'Sai',
  blank: 'Bỏ trống',
  multiple: 'Nhiều đáp án',
  flagged: 'Chưa xử lý',
  unscored: 'Chưa chấm',
};

function overrideNote(o: { by?: string; at?: string; reason?: string }): string {
  const parts = [o.by, o.at?.slice(0, 10), o.reason].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function baiLamTable(g: ExamGrades): Table {
  const rows: Cell[][] = [];
  for (const r of g.rows) {
    const name = r.candidate?.hoTen ?? '';
    if (r.score) {
      for (const q of r.score.questions) {
        const notes: string[] = [];
        if (q.override) notes.push(`Sửa tay, máy đọc ${q.read.value === '' ? '(trống)' : q.read.value}${overrideNote(q.override)}`);
        else if (q.read.flagged) notes.push(`Cần xem lại: ${REASON_VI[q.read.reason ?? ''] ?? q.read.reason ?? 'bị đánh dấu'}`);
        rows.push([r.stt, r.sbd, name, r.examCode ?? '', q.question, q.answer, q.key, STATUS_VI[q.status], notes.join(NOTE_SEPARATOR)]);
      }
    } else if (r.reads) {
      const why = r.status === 'key_unusable' ? `Đáp án mã đề ${r.examCode} có lỗi` : r.examCode ? `Mã đề ${r.examCode} không có đáp án` : 'Không đọc được mã đề';
      for (const [q, a] of Object.entries(r.reads)) {
        rows.push([r.stt, r.sbd, name, r.examCode ?? '', Number(q), a.value, '', STATUS_VI.unscored, why]);
      }
    }
  }
  return { name: 'bai-lam', sheet: 'Bài làm', headers: BAI_LAM_HEADERS, rows, textColumns: [1, 3] };
}

export function analysisHeaders(options: string[]): string[] {
  return [
    'Mã đề',
    'Mục',
    'Câu',
    'Phần',
    'Số bài',
    'Đáp án',
    'Số đúng',
    'Độ khó (tỉ lệ đúng)',
    'Độ phân biệt (point-biserial)',
    'Độ phân biệt (nhóm 27%)',
    ...options,
    'Bỏ trống',
    'Nhiều đáp án',
    'Chưa xử lý',
    'Điểm trung bình',
    'Độ lệch chuẩn',
    'Thấp nhất',
    'Cao nhất',
    'KR-20',
    'Nhận xét',
    'Mã băm đáp án',
  ];
}

/** Short remarks on an item, for the question-writing team. */
export function itemRemarks(difficulty: number | null, pointBiserial: number | null): string {
  const out: string[] = [];
  if (pointBiserial !== null && pointBiserial < 0) out.push('Phân biệt âm: kiểm tra đáp án và nội dung câu hỏi');
  else if (pointBiserial !== null && pointBiserial < 0.2) out.push('Phân biệt thấp');
  if (difficulty !== null && difficulty < 0.2) out.push('Rất khó');
  if (difficulty !== null && difficulty > 0.9) out.push('Rất dễ');
  return out.join(NOTE_SEPARATOR);
}

export function analysisTable(g: ExamGrades, options: string[]): Table {
  const rows: Cell[][] = [];
  const blankStats = (n: number): Cell[] => Array.from({ length: n }, () => null);
  for (const a of g.analysis) {
    const partTitle = (n: number): string => partHeader(n);
    for (const it of a.items) {
      rows.push([
        a.examCode,
        'Câu',
        it.question,
        partTitle(it.part),
        it.n,
        it.key,
        it.correct,
        round(it.difficulty, 3),
        round(it.pointBiserial, 3),
        round(it.upperLower, 3),
        ...options.map((o) => it.options[o] ?? 0),
        it.blank,
        it.multiple,
        it.flagged,
        ...blankStats(5),
        itemRemarks(it.difficulty, it.pointBiserial),
        a.keyFingerprint,
      ]);
    }
    const summaryRow = (what: string, range: string, part: string, s: ExamCodeAnalysis | ExamCodeAnalysis['parts'][number]): Cell[] => [
      a.examCode,
      what,
      range,
      part,
      s.n,
      '',
      null,
      round(s.meanDifficulty, 3),
      null,
      null,
      ...options.map(() => null),
      null,
      null,
      null,
      round(s.mean, 2),
      round(s.sd, 2),
      s.min,
      s.max,
      round(s.kr20, 3),
      `Điểm tối đa ${s.maxScore}`,
      a.keyFingerprint,
    ];
    for (const p of a.parts) rows.push(summaryRow('Phần', `${p.from}-${p.to}`, partTitle(p.number), p));
    const k = a.items.length;
    rows.push(summaryRow('Toàn đề', `1-${k}`, '', a));
  }
  return { name: 'phan-tich-cau-hoi', sheet: 'Phân tích câu hỏi', headers: analysisHeaders(options), rows, textColumns: [0] };
}

export function tongHopHeaders(bandNames: string[]): string[] {
  return [
    'Phạm vi',
    'Tên',
    'Số thí sinh',
    'Có bài được chấm',
    'Vắng',
    'Chưa chấm xong',
    ...bandNames.flatMap((b) => [`${b} (số)`, `${b} (%)`]),
    'Cần xem lại',
  ];
}

export function tally(scope: string, name: string, rows: CandidateRow[], bandNames: string[]): Cell[] {
  const scored = rows.filter((r) => r.score);
  const cells: Cell[] = [
    scope,
    name,
    rows.length,
    scored.length,
    rows.filter((r) => r.status === 'absent').length,
    rows.filter((r) => r.status !== 'scored' && r.status !== 'absent').length,
  ];
  for (const b of bandNames) {
    const n = scored.filter((r) => r.band === b).length;
    cells.push(n, scored.length ? round((100 * n) / scored.length, 1) : null);
  }
  cells.push(rows.filter((r) => r.needsPerson).length);
  return cells;
}

const NOT_IN_ROSTER = '(không có trong danh sách)';

export function tongHopTable(g: ExamGrades): Table {
  const names = g.bands.map((b) => b.name);
  const rows: Cell[][] = [tally('Toàn bộ', 'Tất cả thí sinh', g.rows, names)];
  if (g.rosterGiven) {
    const byNhom = new Map<string, CandidateRow[]>();
    const byDonVi = new Map<string, CandidateRow[]>();
    for (const r of g.rows) {
      const nhom = r.candidate ? `Nhóm ${r.candidate.nhom}` : NOT_IN_ROSTER;
      const donVi = r.candidate ? r.candidate.donVi : NOT_IN_ROSTER;
      byNhom.set(nhom, [...(byNhom.get(nhom) ?? []), r]);
      byDonVi.set(donVi, [...(byDonVi.get(donVi) ?? []), r]);
    }
    const coll = new Intl.Collator('vi');
    const order = (a: string, b: string): number => (a === NOT_IN_ROSTER ? 1 : b === NOT_IN_ROSTER ? -1 : coll.compare(a, b));
    for (const k of [...byNhom.keys()].sort(order)) rows.push(tally('Nhóm', k, byNhom.get(k)!, names));
    for (const k of [...byDonVi.keys()].sort(order)) rows.push(tally('Đơn vị', k, byDonVi.get(k)!, names));
  }
  return { name: 'tong-hop', sheet: 'Tổng hợp', headers: tongHopHeaders(names), rows };
}

/** Problems for a person, one per row (workbook only). */
export function issuesTable(g: ExamGrades): Table {
  const rows: Cell[][] = [
    ...g.keyIssues.map((i) => ['Đáp án', i.text] as Cell[]),
    ...g.issues.map((i) => [i.needsPerson ? 'Cần xử lý' : 'Thông tin', i.text] as Cell[]),
  ];
  return { name: 'can-xem-lai', sheet: 'Cần xem lại', headers: ['Loại', 'Nội dung'], rows };
}

/** Which answer keys were used, with fingerprints (workbook only). */
export function keysTable(g: ExamGrades): Table {
  return {
    name: 'dap-an',
    sheet: 'Đáp án dùng để chấm',
    headers: ['Mã đề', 'Tệp đáp án', 'Mã băm đáp án (SHA-256)', 'Mã băm tệp (SHA-256)'],
    rows: g.keys.map((k) => [k.examCode, k.file, k.fingerprint, k.fileFingerprint]),
    textColumns: [0],
  };
}

/** The four CSV tables, in export order. */
export function exportTables(g: ExamGrades, options: string[]): Table[] {
  return [ketQuaTable(g), baiLamTable(g), analysisTable(g, options), tongHopTable(g)];
}
