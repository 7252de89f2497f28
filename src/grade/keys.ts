/**
 * Answer keys (đáp án): parse, validate, fingerprint.
 *
 * CSV: header `ma_de,cau,dap_an` (any column order, extra columns ignored, `,` `;` or tab),
 * UTF-8 with or without BOM or UTF-16 with BOM, any line endings (util/text.ts), one row per question per mã đề; a file may hold several mã đề.
 * JSON: the same rows as an array: `[{"ma_de":"101","cau":1,"dap_an":"A"}, ...]`
 * (an array rather than an object keyed by question, because JSON.parse silently keeps the
 * last of two equal keys, and a question given twice must be reported, not resolved).
 *
 * Rules, per mã đề: every question 1..N of the template answered with one of the template's
 * options (A-D; lower case accepted), no question twice. A mã đề with any problem is unusable
 * and its sheets are not scored; the other mã đề still grade. Problems come back one per line:
 * `keys.csv row 12: câu 41 of mã đề 101 appears twice (first at row 10) → keep one row`.
 *
 * Fingerprint of a mã đề: SHA-256 (hex) of the UTF-8 text `ma_de,cau,dap_an\n` followed by one
 * line `101,1,A\n` per question in question order (the canonical CSV), so anyone can recompute it.
 * Fingerprint of a file: SHA-256 of its bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { OmrError } from '../errors.js';
import { msg, render, type MsgRef, type Text } from '../i18n/index.js';
import type { Template } from '../template/schema.js';
import { readCsv, type CsvRecord } from './csvread.js';
import { normaliseNewlines, tryDecodeText } from '../util/text.js';

export interface AnswerKey {
  /** Mã đề, as a string with leading zeros kept ("007"). */
  examCode: string;
  /** Question number → correct option ("A"). Every question 1..N present. */
  answers: Record<number, string>;
  /** SHA-256 of the canonical serialisation (see module doc). */
  fingerprint: string;
  /** File the key came from and that file's SHA-256. */
  file: string;
  fileFingerprint: string;
}

/** One problem with a key file, ready to print as one line (`text`). */
export interface KeyIssue {
  file: string;
  /** Line in the CSV (header = 1) or item number in the JSON array (1-based); null for whole-key problems. */
  row: number | null;
  /** The mã đề concerned, if known; that mã đề is unusable. */
  examCode: string | null;
  message: string;
  fix: string;
  /** `file row N: message → fix` */
  text: string;
  /** The same line as a catalogue message (src/i18n), for the CLI's language. */
  msg?: MsgRef;
}

export interface KeyFileInfo {
  file: string;
  fingerprint: string;
  examCodes: string[];
  /** Data rows read (CSV rows after the header, JSON items). */
  rows: number;
}

export interface KeySet {
  /** Usable keys by mã đề. */
  keys: Record<string, AnswerKey>;
  /** Mã đề that appear in a key file but have problems: not used for scoring. */
  unusable: Record<string, { file: string; reasons: string[] }>;
  issues: KeyIssue[];
  files: KeyFileInfo[];
}

export interface KeyRules {
  /** Number of questions N (template.answers.questions). */
  questions: number;
  /** Allowed options (template.answers.options). */
  options: string[];
  /** Digits of a mã đề (template.candidate.made.digits). */
  codeDigits: number;
}

export function keyRules(t: Template): KeyRules {
  return { questions: t.answers.questions, options: t.answers.options, codeDigits: t.candidate.made.digits };
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Canonical text of one key (see module doc); its SHA-256 is the key's fingerprint. */
export function canonicalKey(examCode: string, answers: Record<number, string>): string {
  const qs = Object.keys(answers)
    .map(Number)
    .sort((a, b) => a - b);
  return 'ma_de,cau,dap_an\n' + qs.map((q) => `${examCode},${q},${answers[q]}\n`).join('');
}

export function keyFingerprint(examCode: string, answers: Record<number, string>): string {
  return sha256(canonicalKey(examCode, answers));
}

/** "1-3, 7, 9-10" */
export function formatRanges(nums: number[]): string {
  const s = [...nums].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(j > i ? `${s[i]}-${s[j]}` : String(s[i]));
    i = j + 1;
  }
  return out.join(', ');
}

function issue(file: string, row: number | null, examCode: string | null, message: Text, fix: Text): KeyIssue {
  const m = msg('key.issue', { file, row, message, fix });
  return { file, row, examCode, message: render('en', message), fix: render('en', fix), text: render('en', m), msg: m };
}

/** The same issue naming the file differently (a workspace copy `keys/x.csv` shown as the path given). */
export function keyIssueAs(i: KeyIssue, file: string): KeyIssue {
  const m = i.msg ? msg('key.issue', { ...(i.msg.vars as { file: string; row: number | null; message: Text; fix: Text }), file }) : undefined;
  return { ...i, file, text: i.text.replace(i.file, file), ...(m ? { msg: m } : {}) };
}

/** One raw row, as read from CSV or JSON. */
interface RawRow {
  row: number;
  ma_de: unknown;
  cau: unknown;
  dap_an: unknown;
}

const cell = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

/** Zod messages are tags; `rowProblem` turns them into one readable line. */
function rowSchema(rules: KeyRules) {
  return z.object({
    ma_de: cell.pipe(
      z
        .string()
        .min(1, 'empty')
        .regex(new RegExp(`^\\d{1,${rules.codeDigits}}$`), 'format')
        .transform((s) => s.padStart(rules.codeDigits, '0')),
    ),
    cau: cell.pipe(
      z
        .string()
        .min(1, 'empty')
        .regex(/^\d+$/, 'format')
        .transform(Number)
        .pipe(z.number().int().min(1, 'range').max(rules.questions, 'range')),
    ),
    dap_an: cell.pipe(
      z
        .string()
        .min(1, 'empty')
        .transform((s) => s.toUpperCase())
        .pipe(z.enum(rules.options as [string, ...string[]], { message: 'option' })),
    ),
  });
}

function rowProblem(field: string, tag: string, raw: unknown, code: string | null, cau: string, rules: KeyRules): [Text, Text] {
  const v = raw === undefined || raw === null ? '' : String(raw).trim();
  const options = rules.options.join(', ');
  if (field === 'ma_de') {
    if (tag === 'empty') return [msg('key.codeEmpty'), msg('key.fix.codeDigits', { digits: rules.codeDigits })];
    return [msg('key.codeFormat', { value: v, digits: rules.codeDigits }), msg('key.fix.codeAsBubbled')];
  }
  if (field === 'cau') {
    if (tag === 'empty') return [msg('key.cauEmpty', { code }), msg('key.fix.writeQuestion')];
    if (tag === 'format') return [msg('key.cauFormat', { value: v, code }), msg('key.fix.questionRange', { questions: rules.questions })];
    return [msg('key.cauRange', { value: v, code, questions: rules.questions }), msg('key.fix.questionOrTemplate')];
  }
  const q = /^\d+$/.test(cau) ? cau : null;
  if (tag === 'empty') return [msg('key.answerEmpty', { cau: q, code }), msg('key.fix.oneOf', { options })];
  return [msg('key.answerBad', { value: v, cau: q, code, options }), msg('key.fix.oneOf', { options })];
}

/** Validate rows of one file; returns keys found (usable and not) and issues. */
function validateRows(rows: RawRow[], file: string, fileFingerprint: string, rules: KeyRules): KeySet {
  const schema = rowSchema(rules);
  const issues: KeyIssue[] = [];
  const bad = new Set<string>();
  const answers = new Map<string, Map<number, { value: string; row: number }>>();
  const order: string[] = [];
  for (const r of rows) {
    const codeGuess = r.ma_de === undefined || r.ma_de === null ? '' : String(r.ma_de).trim();
    const codeKnown = new RegExp(`^\\d{1,${rules.codeDigits}}$`).test(codeGuess) ? codeGuess.padStart(rules.codeDigits, '0') : null;
    const parsed = schema.safeParse({ ma_de: r.ma_de ?? '', cau: r.cau ?? '', dap_an: r.dap_an ?? '' });
    if (!parsed.success) {
      for (const zi of parsed.error.issues) {
        const field = String(zi.path[0] ?? '');
        const raw = field === 'ma_de' ? r.ma_de : field === 'cau' ? r.cau : r.dap_an;
        const [msg, fix] = rowProblem(field, zi.message, raw, codeKnown, String(r.cau ?? '').trim(), rules);
        issues.push(issue(file, r.row, codeKnown, msg, fix));
      }
      if (codeKnown) {
        bad.add(codeKnown);
        if (!answers.has(codeKnown)) {
          answers.set(codeKnown, new Map());
          order.push(codeKnown);
        }
      }
      continue;
    }
    const { ma_de, cau, dap_an } = parsed.data;
    let m = answers.get(ma_de);
    if (!m) {
      m = new Map();
      answers.set(ma_de, m);
      order.push(ma_de);
    }
    const prev = m.get(cau);
    if (prev) {
      issues.push(issue(file, r.row, ma_de, msg('key.duplicate', { cau, code: ma_de, first: prev.row, prev: prev.value, here: dap_an }), msg('key.fix.keepOne')));
      bad.add(ma_de);
      continue;
    }
    m.set(cau, { value: dap_an, row: r.row });
  }

  issues.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
  const out: KeySet = { keys: {}, unusable: {}, issues, files: [{ file, fingerprint: fileFingerprint, examCodes: order, rows: rows.length }] };
  for (const code of order) {
    const m = answers.get(code)!;
    const missing: number[] = [];
    for (let q = 1; q <= rules.questions; q++) if (!m.has(q)) missing.push(q);
    if (missing.length) {
      issues.push(issue(file, null, code, msg('key.missing', { code, ranges: formatRanges(missing), n: missing.length, questions: rules.questions }), msg('key.fix.addMissing')));
      bad.add(code);
    }
    if (bad.has(code)) {
      out.unusable[code] = { file, reasons: issues.filter((i) => i.examCode === code).map((i) => i.text) };
      continue;
    }
    const ans: Record<number, string> = {};
    for (let q = 1; q <= rules.questions; q++) ans[q] = m.get(q)!.value;
    out.keys[code] = { examCode: code, answers: ans, fingerprint: keyFingerprint(code, ans), file, fileFingerprint };
  }
  return out;
}

const norm = (s: string): string => s.normalize('NFC').trim().toLowerCase().replace(/^\uFEFF/, '');

/** Parse and validate a key CSV. Never throws for content problems: they come back as issues. */
export function parseKeyCsv(text: string, file: string, rules: KeyRules, fileFingerprint: string = sha256(text)): KeySet {
  let records: CsvRecord[];
  try {
    records = readCsv(text);
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return failFile(file, fileFingerprint, line ?? null, msg('key.notCsv', { detail: (e as Error).message }), msg('key.fix.saveCsv'));
  }
  if (records.length === 0) return failFile(file, fileFingerprint, null, msg('key.emptyFile'), msg('key.fix.header'));
  const header = records[0].cells.map(norm);
  const col = { ma_de: header.indexOf('ma_de'), cau: header.indexOf('cau'), dap_an: header.indexOf('dap_an') };
  const missing = Object.entries(col)
    .filter(([, i]) => i < 0)
    .map(([k]) => k);
  if (missing.length) {
    return failFile(
      file,
      fileFingerprint,
      records[0].line,
      msg('key.header', { missing: missing.join(', '), found: records[0].cells.join(', ') }),
      msg('key.fix.headerExact'),
    );
  }
  const rows: RawRow[] = records.slice(1).map((r) => ({
    row: r.line,
    ma_de: r.cells[col.ma_de],
    cau: r.cells[col.cau],
    dap_an: r.cells[col.dap_an],
  }));
  return validateRows(rows, file, fileFingerprint, rules);
}

/** Parse and validate a key JSON: an array of {ma_de, cau, dap_an}; row = 1-based item number. */
export function parseKeyJson(text: string, file: string, rules: KeyRules, fileFingerprint: string = sha256(text)): KeySet {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return failFile(file, fileFingerprint, null, msg('key.notJson', { detail: (e as Error).message }), msg('key.fix.json'));
  }
  if (!Array.isArray(data)) return failFile(file, fileFingerprint, null, msg('key.notArray'), msg('key.fix.onePerQuestion'));
  const rows: RawRow[] = [];
  const issues: KeyIssue[] = [];
  data.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      issues.push(issue(file, i + 1, null, msg('key.notObject'), msg('key.fix.object')));
      return;
    }
    const o = item as Record<string, unknown>;
    rows.push({ row: i + 1, ma_de: o.ma_de, cau: o.cau, dap_an: o.dap_an });
  });
  const set = validateRows(rows, file, fileFingerprint, rules);
  set.issues.unshift(...issues);
  return set;
}

function failFile(file: string, fp: string, row: number | null, message: Text, fix: Text): KeySet {
  return { keys: {}, unusable: {}, issues: [issue(file, row, null, message, fix)], files: [{ file, fingerprint: fp, examCodes: [], rows: 0 }] };
}

/** Parse a key file's content; JSON when the name ends in .json or the text starts with `[`. */
export function parseKeyFile(data: string | Uint8Array, file: string, rules: KeyRules): KeySet {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fp = sha256(buf);
  const text = typeof data === 'string' ? normaliseNewlines(data) : tryDecodeText(data);
  if (text === undefined) return failFile(file, fp, null, msg('text.notText'), msg('key.fix.saveCsv'));
  const isJson = path.extname(file).toLowerCase() === '.json' || /^\uFEFF?\s*\[/.test(text);
  return isJson ? parseKeyJson(text, file, rules, fp) : parseKeyCsv(text, file, rules, fp);
}

/**
 * Merge several files' keys. The same mã đề in two files: kept when identical (same
 * fingerprint), otherwise unusable with a problem naming both files.
 */
export function mergeKeySets(sets: KeySet[]): KeySet {
  const out: KeySet = { keys: {}, unusable: {}, issues: [], files: [] };
  for (const s of sets) {
    out.issues.push(...s.issues);
    out.files.push(...s.files);
    for (const [code, u] of Object.entries(s.unusable)) {
      if (out.keys[code]) delete out.keys[code];
      if (out.unusable[code]) out.unusable[code].reasons.push(...u.reasons);
      else out.unusable[code] = { file: u.file, reasons: [...u.reasons] };
    }
    for (const [code, k] of Object.entries(s.keys)) {
      if (out.unusable[code]) continue;
      const prev = out.keys[code];
      if (!prev) {
        out.keys[code] = k;
        continue;
      }
      if (prev.fingerprint === k.fingerprint) continue;
      const diff = Object.keys(k.answers)
        .map(Number)
        .filter((q) => prev.answers[q] !== k.answers[q]);
      const iss = issue(k.file, null, code, msg('key.otherFile', { code, other: prev.file, ranges: formatRanges(diff) }), msg('key.fix.oneFile'));
      out.issues.push(iss);
      delete out.keys[code];
      out.unusable[code] = { file: k.file, reasons: [iss.text] };
    }
  }
  return out;
}

/** Read and merge key files. Throws OmrError('IO') when a file cannot be read; content problems are issues. */
export function loadKeys(files: string[], rules: KeyRules): KeySet {
  const sets = files.map((f) => {
    let data: Buffer;
    try {
      data = readFileSync(f);
    } catch (e) {
      throw new OmrError('IO', msg('io.cannotRead', { file: f, what: 'answer key', code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('hint.checkKeyPath') });
    }
    return parseKeyFile(data, f, rules);
  });
  return mergeKeySets(sets);
}

/** Rows read and rows with a problem (left out: their mã đề is not used) in a key set. */
export function keyRowCounts(set: KeySet): { read: number; left: number } {
  const bad = new Set(set.issues.filter((i) => i.row !== null).map((i) => `${i.file}:${i.row}`));
  return { read: set.files.reduce((n, f) => n + f.rows, 0), left: bad.size };
}
