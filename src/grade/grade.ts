/**
 * Grade an exam: pages read by the scanner + keys + roster + overrides → one row per candidate,
 * the problems a person must look at, and item analysis. Pure: no I/O, same input → same output.
 *
 * Rules:
 *   - Pages with status other than "ok" are listed (issues, pages) but not scored.
 *   - SBD and mã đề come from the override if there is one, else from the scanner's read.
 *   - Several pages with the same SBD: identical pages (same mã đề, same reads and flags)
 *     count once; different pages are a conflict: listed, the candidate is not scored until a
 *     person resolves it (e.g. an SBD override on the misread page). Never resolved silently.
 *   - The same serial on pages with different content: a conflict noted on every row concerned.
 *   - An SBD not in the roster: scored, listed, flagged. A roster candidate with no page: a row
 *     "Vắng / không có bài".
 *   - A mã đề with no key, or whose key has problems: listed, not scored.
 */
import { msg, render, type MsgRef } from '../i18n/index.js';
import { REASON_VI } from '../i18n/scan.js';
import type { Candidate } from '../roster/types.js';
import type { PageResult } from '../scan/types.js';
import type { Template } from '../template/schema.js';
import { analyseExamCode, type ExamCodeAnalysis } from './analysis.js';
import { bandOf, consequencesOf, CONSEQUENCE_TWICE_FAILED, DEFAULT_BANDS, isFailingBand, validateBands, type Band } from './bands.js';
import { indexHistory, type HistoryRecord } from './history.js';
import { formatRanges, type KeyIssue, type KeySet } from './keys.js';
import { answersFromGroups, normaliseAnswer, scoreRules, scoreSheet, type AnswerRead, type Override, type PageOverride, type SheetScore } from './score.js';

export interface GradeInput {
  template: Template;
  keys: KeySet;
  /** Omit to grade without a roster (no names, no absences, no unknown-SBD check, no history). */
  roster?: Candidate[];
  pages: PageResult[];
  overrides?: PageOverride[];
  /** Previous round's results (see history.ts for the matching rule). */
  history?: HistoryRecord[];
  /** Band list (exam file); default: the regulation's. */
  bands?: Band[];
}

export interface PageRef {
  source: string;
  page: number;
  serial?: string;
}

export type RowStatus =
  | 'scored'
  | 'absent' // roster candidate with no page
  | 'no_key' // mã đề has no key, or could not be read
  | 'key_unusable' // mã đề's key has problems
  | 'conflict'; // several different pages with this SBD

export interface CandidateRow {
  /** 1-based row number in the exports. */
  stt: number;
  /** Effective SBD ("" when it could not be read). */
  sbd: string;
  candidate: Candidate | null;
  /** False for a sheet whose SBD is not in the roster; true for every row when no roster was given. */
  inRoster: boolean;
  status: RowStatus;
  examCode: string | null;
  score: SheetScore | null;
  /** The automatic read of a sheet that was not scored (no key, key with problems); null otherwise. */
  reads: Record<number, AnswerRead> | null;
  band: string | null;
  consequences: string[];
  /** The previous round's record this person was matched to. */
  previous: HistoryRecord | null;
  keyFingerprint: string | null;
  /** Pages behind this row (first = the one scored). */
  pages: PageRef[];
  /** Every override applied to the scored page (SBD, mã đề, answers). */
  overrides: PageOverride[];
  /** Ghi chú, in Vietnamese, one item per note. */
  notes: string[];
  needsPerson: boolean;
}

export type GradeIssueKind =
  | 'page_not_ok'
  | 'no_sbd'
  | 'sbd_check'
  | 'unknown_sbd'
  | 'no_exam_code'
  | 'made_check'
  | 'no_key'
  | 'key_unusable'
  | 'conflict_sbd'
  | 'conflict_serial'
  | 'duplicate_page'
  | 'flagged'
  | 'bad_override'
  | 'unmatched_override'
  | 'history_ambiguous'
  | 'roster_duplicate'
  | 'page_flags';

export interface GradeIssue {
  kind: GradeIssueKind;
  /** One line a person can act on (English). */
  text: string;
  /** The same line as a catalogue message (src/i18n), for the CLI's language. */
  msg?: MsgRef;
  pages: PageRef[];
  sbd?: string;
  examCode?: string;
  needsPerson: boolean;
}

export type PageUse = 'scored' | 'duplicate' | 'conflict' | 'unscored' | 'not_a_sheet' | 'error';

export interface PageEntry extends PageRef {
  status: PageResult['status'];
  reason?: string;
  sbd: string | null;
  examCode: string | null;
  use: PageUse;
}

export interface GradeSummary {
  pages: { total: number; ok: number; notASheet: number; error: number; duplicates: number };
  candidates: { rows: number; roster: number; scored: number; absent: number; unscored: number; unknownSbd: number };
  bands: { name: string; count: number }[];
  flaggedSheets: number;
  flaggedAnswers: number;
  conflicts: number;
  keyProblems: number;
  needsPerson: boolean;
}

export interface ExamGrades {
  rows: CandidateRow[];
  pages: PageEntry[];
  issues: GradeIssue[];
  keyIssues: KeyIssue[];
  analysis: ExamCodeAnalysis[];
  bands: Band[];
  keys: { examCode: string; fingerprint: string; file: string; fileFingerprint: string }[];
  rosterGiven: boolean;
  summary: GradeSummary;
}

/** Vietnamese words for flag reasons (Ghi chú): kept in src/i18n/scan.ts, light to load. */
export { REASON_VI };

const reasonVi = (r?: string): string => (r ? (REASON_VI[r] ?? r) : 'cần xem');

export function pageLabel(p: PageRef): string {
  return `${p.source} tr.${p.page}`;
}

/** An issue's line: English text, and the message to render it in the CLI's language. */
const said = (m: MsgRef): { text: string; msg: MsgRef } => ({ text: render('en', m), msg: m });

function matchesSheet(p: PageResult, s: PageOverride['sheet']): boolean {
  if (s.serial !== undefined && p.serial !== s.serial) return false;
  if (s.sha256 !== undefined && p.sha256 !== s.sha256) return false;
  if (s.source !== undefined && p.source !== s.source) return false;
  if (s.page !== undefined && p.page !== s.page) return false;
  if (s.candidateNumber !== undefined && p.candidateNumber !== s.candidateNumber) return false;
  return s.serial !== undefined || s.sha256 !== undefined || s.source !== undefined || s.candidateNumber !== undefined;
}

function describeOverride(o: Override): string {
  const who = [o.by, o.at ? o.at.slice(0, 10) : undefined].filter(Boolean).join(', ');
  const why = o.reason ? `: ${o.reason}` : '';
  const tail = who || why ? ` (${who}${why})` : '';
  return tail;
}

interface PageWork {
  page: PageResult;
  ref: PageRef;
  index: number;
  sbd: string;
  sbdProblem: string | null;
  examCode: string | null;
  madeProblem: string | null;
  answers: Record<number, AnswerRead>;
  overrides: PageOverride[];
  signature: string;
}

function identityProblem(page: PageResult, prefix: 'sbd' | 'made', digits: number, value: string | undefined): string | null {
  const bad: string[] = [];
  for (let i = 0; i < digits; i++) {
    const g = page.groups?.[`${prefix}.${i}`];
    if (g?.flagged) bad.push(`cột ${i + 1}: ${reasonVi(g.reason)}`);
  }
  if (!value || !new RegExp(`^\\d{${digits}}$`).test(value)) bad.unshift(value ? `đọc được "${value}"` : 'không đọc được');
  return bad.length ? bad.join(', ') : null;
}

/** Grade an exam. See the module doc for the rules. */
export function gradeExam(input: GradeInput): ExamGrades {
  const t = input.template;
  const rules = scoreRules(t);
  const bands = validateBands(input.bands ?? DEFAULT_BANDS);
  const sbdDigits = t.candidate.sbd.digits;
  const madeDigits = t.candidate.made.digits;
  const issues: GradeIssue[] = [];
  const entryAt = new Map<number, PageEntry>();

  // ---- overrides: validate, then attach to pages
  const overrides: PageOverride[] = [];
  for (const o of input.overrides ?? []) {
    let problem: MsgRef | null = null;
    if (o.field === 'answer') {
      if (!o.question || !Number.isInteger(o.question) || o.question < 1 || o.question > rules.questions) problem = msg('ovi.question', { max: rules.questions });
      else if (normaliseAnswer(o.value, rules.options) === null) problem = msg('ovi.value', { value: o.value, options: rules.options.join(', ') });
    } else if (o.field === 'sbd' && !new RegExp(`^\\d{${sbdDigits}}$`).test(o.value)) problem = msg('ovi.digits', { what: 'SBD', n: sbdDigits, value: o.value });
    else if (o.field === 'made' && !new RegExp(`^\\d{${madeDigits}}$`).test(o.value)) problem = msg('ovi.digits', { what: 'mã đề', n: madeDigits, value: o.value });
    if (problem) {
      issues.push({ kind: 'bad_override', ...said(msg('ovi.bad', { sheet: JSON.stringify(o.sheet), field: o.field, question: o.question ?? null, problem })), pages: [], needsPerson: true });
      continue;
    }
    overrides.push(o);
  }
  const used = new Set<PageOverride>();

  // ---- pages
  const work: PageWork[] = [];
  input.pages.forEach((p, index) => {
    const ref: PageRef = { source: p.source, page: p.page, ...(p.serial ? { serial: p.serial } : {}) };
    if (p.status !== 'ok') {
      issues.push({ kind: 'page_not_ok', ...said(msg('g.pageNotOk', { at: ref, status: p.status, reason: p.reason ?? null })), pages: [ref], needsPerson: p.status === 'error' });
      entryAt.set(index, { ...ref, status: p.status, ...(p.reason ? { reason: p.reason } : {}), sbd: p.candidateNumber ?? null, examCode: p.examCode ?? null, use: p.status });
      return;
    }
    const mine = overrides.filter((o) => matchesSheet(p, o.sheet));
    mine.forEach((o) => used.add(o));
    const last = (f: Override['field']): PageOverride | undefined => mine.filter((o) => o.field === f).pop();
    const sbdO = last('sbd');
    const madeO = last('made');
    const sbd = sbdO ? sbdO.value : (p.candidateNumber ?? '');
    const sbdProblem = sbdO ? null : identityProblem(p, 'sbd', sbdDigits, p.candidateNumber);
    const examCodeRaw = madeO ? madeO.value : p.examCode;
    const madeProblem = madeO ? null : identityProblem(p, 'made', madeDigits, p.examCode);
    const examCode = examCodeRaw && new RegExp(`^\\d{${madeDigits}}$`).test(examCodeRaw) ? examCodeRaw : null;
    const answers = answersFromGroups(p.groups, rules.questions);
    const answerOverrides = mine.filter((o) => o.field === 'answer');
    const signature = JSON.stringify([
      examCode,
      Array.from({ length: rules.questions }, (_, i) => {
        const a = answers[i + 1];
        return a ? [a.value, a.flagged] : null;
      }),
      answerOverrides.map((o) => [o.question, o.value]),
    ]);
    work.push({
      page: p,
      ref,
      index,
      sbd: /^\d+$/.test(sbd) && sbd.length === sbdDigits ? sbd : '',
      sbdProblem,
      examCode,
      madeProblem,
      answers,
      overrides: mine,
      signature,
    });
  });
  for (const o of overrides) {
    if (!used.has(o)) issues.push({ kind: 'unmatched_override', ...said(msg('ovi.unmatched', { sheet: JSON.stringify(o.sheet), field: o.field, question: o.question ?? null })), pages: [], needsPerson: true });
  }

  // ---- same serial, different content
  const serialNotes = new Map<PageWork, string>();
  const bySerial = new Map<string, PageWork[]>();
  for (const w of work) {
    if (!w.page.serial) continue;
    const l = bySerial.get(w.page.serial) ?? [];
    l.push(w);
    bySerial.set(w.page.serial, l);
  }
  for (const [serial, l] of bySerial) {
    const distinct = new Set(l.map((w) => w.sbd + '|' + w.signature));
    if (l.length < 2 || distinct.size < 2) continue;
    issues.push({
      kind: 'conflict_serial',
      ...said(msg('g.serialConflict', { serial, pages: l.map((w) => w.ref) })),
      pages: l.map((w) => w.ref),
      needsPerson: true,
    });
    for (const w of l) serialNotes.set(w, `Số phiếu ${serial} trùng với phiếu khác nội dung (${l.filter((x) => x !== w).map((x) => pageLabel(x.ref)).join('; ')}) — cần xác minh`);
  }

  // ---- group by SBD
  const groups = new Map<string, PageWork[]>();
  for (const w of work) {
    const k = w.sbd || `?${w.index}`;
    const l = groups.get(k) ?? [];
    l.push(w);
    groups.set(k, l);
  }

  const rosterGiven = input.roster !== undefined;
  const roster = new Map<string, Candidate>();
  for (const c of input.roster ?? []) {
    if (roster.has(c.sbd)) {
      issues.push({ kind: 'roster_duplicate', ...said(msg('g.rosterDuplicate', { row: c.row, sbd: c.sbd, first: roster.get(c.sbd)!.row })), pages: [], sbd: c.sbd, needsPerson: true });
      continue;
    }
    roster.set(c.sbd, c);
  }
  const findHistory = input.history ? indexHistory(input.history) : null;

  const rows: Omit<CandidateRow, 'stt'>[] = [];
  for (const [, l] of groups) {
    const first = l[0];
    const sbd = first.sbd;
    const candidate = sbd ? (roster.get(sbd) ?? null) : null;
    const notes: string[] = [];
    let needsPerson = false;
    const distinct = new Map<string, PageWork>();
    for (const w of l) if (!distinct.has(w.signature)) distinct.set(w.signature, w);
    const pagesRefs = l.map((w) => w.ref);

    for (const w of l) entryAt.set(w.index, { ...w.ref, status: 'ok', sbd: w.sbd || null, examCode: w.examCode, use: 'scored' });
    const entryOf = (w: PageWork): PageEntry => entryAt.get(w.index)!;

    if (!sbd) {
      notes.push(`Không đọc được SBD (${first.sbdProblem ?? 'không đọc được'}) — cần xác minh, sửa bằng override`);
      issues.push({ kind: 'no_sbd', ...said(msg('g.noSbd', { at: first.ref, read: first.page.candidateNumber ?? 'none' })), pages: [first.ref], needsPerson: true });
      needsPerson = true;
    } else {
      if (first.sbdProblem) {
        notes.push(`SBD cần kiểm tra (${first.sbdProblem})`);
        issues.push({ kind: 'sbd_check', ...said(msg('g.sbdCheck', { at: first.ref, sbd, problem: String(first.sbdProblem) })), pages: [first.ref], sbd, needsPerson: true });
        needsPerson = true;
      }
      if (rosterGiven && !candidate) {
        notes.push('SBD không có trong danh sách thí sinh — cần xác minh');
        issues.push({ kind: 'unknown_sbd', ...said(msg('g.unknownSbd', { at: first.ref, sbd })), pages: [first.ref], sbd, needsPerson: true });
        needsPerson = true;
      }
    }

    let status: RowStatus = 'scored';
    let score: SheetScore | null = null;
    let examCode = first.examCode;
    let keyFingerprint: string | null = null;
    const rowOverrides = [...first.overrides];

    if (distinct.size > 1) {
      status = 'conflict';
      examCode = [...distinct.values()].every((w) => w.examCode === first.examCode) ? first.examCode : null;
      notes.push(`Xung đột: ${distinct.size} phiếu cùng SBD ${sbd} nhưng khác nội dung (${l.map((w) => pageLabel(w.ref)).join('; ')}) — chưa chấm, cần xem lại`);
      issues.push({
        kind: 'conflict_sbd',
        ...said(msg('g.sbdConflict', { sbd, pages: l.map((w) => w.ref) })),
        pages: pagesRefs,
        sbd,
        needsPerson: true,
      });
      needsPerson = true;
      for (const w of l) entryOf(w).use = 'conflict';
    } else {
      if (l.length > 1) {
        notes.push(`Phiếu quét trùng, giống nhau (${l.map((w) => pageLabel(w.ref)).join('; ')}) — tính một lần`);
        issues.push({ kind: 'duplicate_page', ...said(msg('g.duplicatePage', { sbd, pages: l.map((w) => w.ref) })), pages: pagesRefs, sbd, needsPerson: false });
        for (const w of l.slice(1)) entryOf(w).use = 'duplicate';
      }
      const madeOverride = first.overrides.some((o) => o.field === 'made');
      if (first.madeProblem && examCode) {
        notes.push(`Mã đề cần kiểm tra (${first.madeProblem})`);
        issues.push({ kind: 'made_check', ...said(msg('g.madeCheck', { at: first.ref, code: examCode, problem: String(first.madeProblem) })), pages: [first.ref], sbd, examCode, needsPerson: true });
        needsPerson = true;
      }
      if (!examCode) {
        status = 'no_key';
        notes.push(`Không đọc được mã đề (${first.madeProblem ?? 'không đọc được'}) — chưa chấm`);
        issues.push({ kind: 'no_exam_code', ...said(msg('g.noExamCode', { at: first.ref, read: first.page.examCode ?? 'none' })), pages: [first.ref], sbd, needsPerson: true });
        needsPerson = true;
        entryOf(first).use = 'unscored';
      } else if (input.keys.keys[examCode]) {
        const key = input.keys.keys[examCode];
        score = scoreSheet(first.answers, key, rules, first.overrides.filter((o) => o.field === 'answer'));
        keyFingerprint = key.fingerprint;
      } else if (input.keys.unusable[examCode]) {
        status = 'key_unusable';
        notes.push(`Đáp án mã đề ${examCode} có lỗi — chưa chấm`);
        issues.push({ kind: 'key_unusable', ...said(msg('g.keyUnusable', { sbd, at: first.ref, code: examCode })), pages: [first.ref], sbd, examCode, needsPerson: true });
        needsPerson = true;
        entryOf(first).use = 'unscored';
      } else {
        status = 'no_key';
        notes.push(`Mã đề ${examCode} không có đáp án — chưa chấm`);
        issues.push({ kind: 'no_key', ...said(msg('g.noKey', { sbd, at: first.ref, code: examCode, overridden: Boolean(madeOverride) })), pages: [first.ref], sbd, examCode, needsPerson: true });
        needsPerson = true;
        entryOf(first).use = 'unscored';
      }
    }

    let band: string | null = null;
    let consequences: string[] = [];
    let previous: HistoryRecord | null = null;
    if (score) {
      const flagged = score.questions.filter((q) => q.status === 'flagged');
      if (flagged.length) {
        notes.push(`Chưa xử lý ${flagged.length} câu (0 điểm đến khi sửa): ${flagged.map((q) => `${q.question} (${reasonVi(q.read.reason)})`).join(', ')}`);
        issues.push({
          kind: 'flagged',
          ...said(msg('g.flagged', { sbd, at: first.ref, n: flagged.length, ranges: formatRanges(flagged.map((q) => q.question)) })),
          pages: [first.ref],
          sbd,
          examCode: examCode ?? undefined,
          needsPerson: true,
        });
        needsPerson = true;
      }
      const blanks = score.questions.filter((q) => q.status === 'blank').map((q) => q.question);
      const multis = score.questions.filter((q) => q.status === 'multiple').map((q) => q.question);
      if (blanks.length) notes.push(`Bỏ trống ${blanks.length} câu: ${formatRanges(blanks)}`);
      if (multis.length) notes.push(`Tô nhiều đáp án ${multis.length} câu: ${formatRanges(multis)}`);
      band = bandOf(score.total, bands).name;
      let previousBand: string | undefined;
      if (findHistory && candidate) {
        const m = findHistory(candidate.hoTen, candidate.ngaySinh, candidate.donVi);
        if (m.kind === 'one') {
          previous = m.record;
          previousBand = m.record.band;
        } else if (m.kind === 'ambiguous') {
          notes.push(`Kết quả kỳ trước: ${m.records.length} dòng trùng họ tên, ngày sinh, đơn vị (${m.records[0].file} dòng ${m.records.map((r) => r.row).join(', ')}) — không đối chiếu được`);
          if (isFailingBand(band, bands)) {
            issues.push({
              kind: 'history_ambiguous',
              ...said(msg('g.historyAmbiguous', { sbd, n: m.records.length, file: m.records[0].file, name: candidate.hoTen, rows: m.records.map((r) => r.row).join(', ') })),
              pages: [first.ref],
              sbd,
              needsPerson: true,
            });
            needsPerson = true;
          }
        }
      }
      consequences = consequencesOf(band, bands, previousBand);
      if (consequences.includes(CONSEQUENCE_TWICE_FAILED) && previous) {
        notes.push(`Kỳ trước: ${previous.band}${previous.total !== null ? ` (${previous.total} điểm)` : ''}, ${previous.file} dòng ${previous.row}`);
      }
    }
    for (const o of rowOverrides) {
      if (o.field === 'sbd') notes.push(`Sửa tay SBD: ${first.page.candidateNumber ?? '(không đọc được)'} → ${o.value}${describeOverride(o)}`);
      else if (o.field === 'made') notes.push(`Sửa tay mã đề: ${first.page.examCode ?? '(không đọc được)'} → ${o.value}${describeOverride(o)}`);
    }
    if (score) {
      for (const q of score.questions) {
        if (!q.override) continue;
        const before = q.read.value === '' ? '(trống)' : q.read.value;
        const after = q.answer === '' ? '(trống)' : q.answer;
        notes.push(`Sửa tay câu ${q.question}: ${before} → ${after}${describeOverride(q.override)}`);
      }
    } else {
      for (const o of rowOverrides.filter((x) => x.field === 'answer')) notes.push(`Sửa tay câu ${o.question}: → ${o.value || '(trống)'}${describeOverride(o)}`);
    }
    const pageFlags = first.page.flags ?? [];
    if (pageFlags.length) {
      notes.push(`Cảnh báo khi quét: ${pageFlags.join(', ')}`);
      issues.push({ kind: 'page_flags', ...said(msg('g.pageFlags', { at: first.ref, flags: pageFlags })), pages: [first.ref], sbd, needsPerson: false });
    }
    for (const w of l) {
      const n = serialNotes.get(w);
      if (n) {
        notes.push(n);
        needsPerson = true;
      }
    }
    notes.push(...consequences);

    rows.push({
      sbd,
      candidate,
      inRoster: !rosterGiven || candidate !== null,
      status,
      examCode,
      score,
      reads: !score && status !== 'conflict' ? first.answers : null,
      band,
      consequences,
      previous,
      keyFingerprint,
      pages: pagesRefs,
      overrides: rowOverrides,
      notes,
      needsPerson,
    });
  }

  // ---- absent roster candidates
  const seen = new Set(rows.map((r) => r.sbd).filter(Boolean));
  for (const c of roster.values()) {
    if (seen.has(c.sbd)) continue;
    rows.push({
      sbd: c.sbd,
      candidate: c,
      inRoster: true,
      status: 'absent',
      examCode: null,
      score: null,
      reads: null,
      band: null,
      consequences: [],
      previous: null,
      keyFingerprint: null,
      pages: [],
      overrides: [],
      notes: ['Vắng / không có bài'],
      needsPerson: false,
    });
  }

  // ---- order: roster order, then sheets not in the roster by SBD (unreadable last), then page order
  const rosterOrder = new Map([...roster.values()].map((c, i) => [c.sbd, i]));
  const indexOfRef = new Map(work.map((w) => [w.ref, w.index]));
  const firstIndex = (r: Omit<CandidateRow, 'stt'>): number => (r.pages[0] ? (indexOfRef.get(r.pages[0]) ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER);
  rows.sort((a, b) => {
    const ra = a.candidate ? rosterOrder.get(a.candidate.sbd)! : Infinity;
    const rb = b.candidate ? rosterOrder.get(b.candidate.sbd)! : Infinity;
    if (ra !== rb) return ra - rb;
    if (a.sbd !== b.sbd) return a.sbd === '' ? 1 : b.sbd === '' ? -1 : a.sbd < b.sbd ? -1 : 1;
    return firstIndex(a) - firstIndex(b);
  });
  const finalRows: CandidateRow[] = rows.map((r, i) => ({ stt: i + 1, ...r }));

  const entries = [...entryAt.entries()].sort(([a], [b]) => a - b).map(([, e]) => e);

  // ---- analysis per mã đề, sheets in SBD order
  const byCode = new Map<string, SheetScore[]>();
  for (const r of [...finalRows].sort((a, b) => (a.sbd < b.sbd ? -1 : a.sbd > b.sbd ? 1 : a.stt - b.stt))) {
    if (!r.score) continue;
    const l = byCode.get(r.score.examCode) ?? [];
    l.push(r.score);
    byCode.set(r.score.examCode, l);
  }
  const analysis = [...byCode.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, l]) => analyseExamCode(l, rules.options, { examCode: code, keyFingerprint: input.keys.keys[code].fingerprint }));

  // ---- summary
  const scored = finalRows.filter((r) => r.score);
  const flaggedRows = scored.filter((r) => r.score!.counts.flaggedUnresolved > 0);
  const keyProblems = input.keys.issues.length;
  const summary: GradeSummary = {
    pages: {
      total: input.pages.length,
      ok: input.pages.filter((p) => p.status === 'ok').length,
      notASheet: input.pages.filter((p) => p.status === 'not_a_sheet').length,
      error: input.pages.filter((p) => p.status === 'error').length,
      duplicates: entries.filter((e) => e.use === 'duplicate').length,
    },
    candidates: {
      rows: finalRows.length,
      roster: roster.size,
      scored: scored.length,
      absent: finalRows.filter((r) => r.status === 'absent').length,
      unscored: finalRows.filter((r) => r.status !== 'scored' && r.status !== 'absent').length,
      unknownSbd: finalRows.filter((r) => !r.inRoster && r.sbd !== '').length,
    },
    bands: bands.map((b) => ({ name: b.name, count: scored.filter((r) => r.band === b.name).length })),
    flaggedSheets: flaggedRows.length,
    flaggedAnswers: flaggedRows.reduce((s, r) => s + r.score!.counts.flaggedUnresolved, 0),
    conflicts: issues.filter((i) => i.kind === 'conflict_sbd' || i.kind === 'conflict_serial').length,
    keyProblems,
    needsPerson: keyProblems > 0 || finalRows.some((r) => r.needsPerson) || issues.some((i) => i.needsPerson),
  };

  const keys = Object.values(input.keys.keys)
    .sort((a, b) => (a.examCode < b.examCode ? -1 : 1))
    .map((k) => ({ examCode: k.examCode, fingerprint: k.fingerprint, file: k.file, fileFingerprint: k.fileFingerprint }));

  return { rows: finalRows, pages: entries, issues, keyIssues: input.keys.issues, analysis, bands, keys, rosterGiven, summary };
}
