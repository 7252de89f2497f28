/**
 * The exam workspace: one folder per exam, holding
 *
 *     exam.json       the exam file (id printed in every QR code, bands)
 *     template.json   the sheet template the pages are read with
 *     keys/           readable copies of the answer keys (sensitive: state-secret rules)
 *     roster.csv      a readable copy of the roster
 *     annotated/      one annotated JPEG per page read, per scan run
 *     omr.sqlite      the database: the truth for all of the above (db.ts)
 *
 * Keys, roster, exam and template are stored in the database as given (every version kept);
 * the files in the folder are copies for people to read. Results are never stored: they are
 * computed from the database whenever asked (results.ts).
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import type { Thing } from '../i18n/core.js';
import { defaultExam, validateExam, type Exam } from '../exam/exam.js';
import { keyIssueAs, keyRules, mergeKeySets, parseKeyFile, type KeySet } from '../grade/keys.js';
import { decodeRoster, parseRoster, rowsLine, type RosterParse } from '../roster/roster.js';
import { tryDecodeText } from '../util/text.js';
import { DEFAULT_TEMPLATE, validateTemplate } from '../template/load.js';
import type { Template } from '../template/schema.js';
import { writeFileAtomicSync } from '../util/atomic.js';
import { DB_FILE, nowIso, openDb, type Db } from './db.js';

export const EXAM_FILE = 'exam.json';
export const TEMPLATE_FILE = 'template.json';
export const ROSTER_FILE = 'roster.csv';
export const KEYS_DIR = 'keys';
export const ANNOTATED_DIR = 'annotated';

export type DocKind = 'key' | 'roster' | 'exam' | 'template';

export interface DocRow {
  id: number;
  kind: DocKind;
  name: string;
  original: string;
  sha256: string;
  content: Buffer;
  added_at: string;
  replaced_at: string | null;
}

export interface Workspace {
  /** Absolute path of the folder. */
  dir: string;
  db: Db;
  /** Opened read-only (a read-only folder, for a reading command): nothing may be written. */
  readOnly?: boolean;
  close(): void;
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

export function isWorkspace(dir: string): boolean {
  return existsSync(path.join(dir, DB_FILE));
}

/** Where a workspace path points: `-w DIR`, else the current folder if it is a workspace. */
export function resolveWorkspaceDir(dir?: string): string {
  const d = path.resolve(dir ?? '.');
  if (!isWorkspace(d)) {
    if (dir === undefined) {
      throw new OmrError('USAGE', msg('ws.notHere', { dir: d }), { hint: msg('ws.notHere.hint') });
    }
    throw new OmrError('WORKSPACE', msg('ws.notWorkspace', { dir, exists: existsSync(d) }), { hint: msg('ws.notWorkspace.hint') });
  }
  return d;
}

/**
 * Open a workspace. `readOnlyOk` (reading commands: status, review, export): a folder that cannot
 * be written is opened read-only; otherwise such a folder is refused with one line saying why.
 */
export function openWorkspace(dir?: string, opts: { readOnlyOk?: boolean } = {}): Workspace {
  const d = resolveWorkspaceDir(dir);
  const db = openDb(path.join(d, DB_FILE), { readOnlyFallback: opts.readOnlyOk });
  return { dir: d, db, readOnly: db.readonly, close: () => db.close() };
}

function readInput(file: string, what: Thing): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new OmrError('IO', msg('io.cannotRead', { file, what, code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('hint.checkPath') });
  }
}

function parseJson(bytes: Buffer, file: string, what: Thing, code: 'TEMPLATE_INVALID' | 'EXAM_INVALID'): unknown {
  try {
    return JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new OmrError(code, msg('io.invalidJson', { file, what, detail: (e as Error).message }), { hint: msg('hint.fixJson') });
  }
}

// ---------------------------------------------------------------------------------------------
// Documents

export function activeDocs(ws: Workspace, kind: DocKind): DocRow[] {
  return ws.db.prepare('SELECT * FROM documents WHERE kind = ? AND replaced_at IS NULL ORDER BY id').all(kind) as DocRow[];
}

function activeDoc(ws: Workspace, kind: DocKind): DocRow | undefined {
  return activeDocs(ws, kind).pop();
}

function insertDoc(db: Db, kind: DocKind, name: string, original: string, content: Buffer, replaces: number[]): number {
  const at = nowIso();
  const id = Number(
    db.prepare('INSERT INTO documents (kind, name, original, sha256, content, added_at) VALUES (?, ?, ?, ?, ?, ?)').run(kind, name, original, sha256Hex(content), content, at).lastInsertRowid,
  );
  const mark = db.prepare('UPDATE documents SET replaced_at = ?, replaced_by = ? WHERE id = ?');
  for (const r of replaces) mark.run(at, id, r);
  return id;
}

/** Write the readable copy of a document into the folder. */
function writeCopy(ws: Workspace, name: string, content: Buffer): void {
  const file = path.join(ws.dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, content);
  // answer keys follow state-secret rules: readable by the owner only (no effect on Windows)
  if (name.startsWith(`${KEYS_DIR}/`)) chmodSync(file, 0o600);
}

export function templateOf(ws: Workspace): Template {
  const d = activeDoc(ws, 'template');
  if (!d) throw new OmrError('WORKSPACE', msg('ws.noDoc', { dir: ws.dir, what: 'template' }), { hint: msg('ws.remake.hint') });
  return validateTemplate(parseJson(d.content, TEMPLATE_FILE, 'template', 'TEMPLATE_INVALID'), TEMPLATE_FILE);
}

export function examOf(ws: Workspace): Exam {
  const d = activeDoc(ws, 'exam');
  if (!d) throw new OmrError('WORKSPACE', msg('ws.noDoc', { dir: ws.dir, what: 'exam file' }), { hint: msg('ws.remake.hint') });
  return validateExam(parseJson(d.content, EXAM_FILE, 'exam file', 'EXAM_INVALID'), EXAM_FILE);
}

/**
 * The template file to read scans with: DIR/template.json, checked against the database (the
 * pages already read were read with that template). Restored when missing; a changed file is refused.
 */
export function templateFileOf(ws: Workspace): string {
  const d = activeDoc(ws, 'template');
  if (!d) throw new OmrError('WORKSPACE', msg('ws.noDoc', { dir: ws.dir, what: 'template' }), { hint: msg('ws.remake.hint') });
  const file = path.join(ws.dir, TEMPLATE_FILE);
  if (!existsSync(file)) writeCopy(ws, TEMPLATE_FILE, d.content);
  else if (sha256Hex(readFileSync(file)) !== d.sha256) {
    throw new OmrError('WORKSPACE', msg('ws.templateChanged', { file }), { hint: msg('ws.templateChanged.hint', { sha: d.sha256.slice(0, 12) }) });
  }
  return file;
}

// ---------------------------------------------------------------------------------------------
// Keys

export interface KeyAddResult {
  name: string;
  set: KeySet;
  /** Files no longer used (same name, or all their mã đề given again by this file). */
  replaced: string[];
}

/**
 * Add an answer-key file (or replace one). The file is validated with the grading rules; a file
 * with no usable mã đề at all is refused (nothing is stored). A file with problems in some mã đề
 * is stored when it replaces nothing: those mã đề are unusable until fixed, the others grade (the
 * problems are returned). A file with problems never replaces a key in use: it is refused, the
 * active key stays, nothing is written. An active key file with the same name, or whose mã đề are
 * all in the new file, is replaced; the readable copy of a replaced file of another name is
 * removed from keys/ (every version stays in the database).
 */
export function addKey(ws: Workspace, file: string): KeyAddResult {
  const content = readInput(file, 'answer key');
  const name = `${KEYS_DIR}/${path.basename(file)}`;
  const rules = keyRules(templateOf(ws));
  const set = parseKeyFile(content, name, rules);
  const codes = set.files[0]?.examCodes ?? [];
  if (codes.length === 0) {
    throw new OmrError('KEY_INVALID', msg('ws.noKey', { file, then: 'added' }), {
      hint: msg('ws.noKey.hint', { then: 'added' }),
      more: set.issues.map((i) => keyIssueAs(i, file)).map((i) => ({ text: i.text, msg: i.msg })),
    });
  }
  const active = activeDocs(ws, 'key');
  const replaces: DocRow[] = [];
  for (const d of active) {
    if (d.name === name) {
      replaces.push(d);
      continue;
    }
    const theirs = parseKeyFile(d.content, d.name, rules).files[0]?.examCodes ?? [];
    const overlap = theirs.filter((c) => codes.includes(c));
    if (overlap.length === 0) continue;
    if (overlap.length === theirs.length) replaces.push(d);
    else {
      const left = theirs.filter((c) => !codes.includes(c));
      throw new OmrError('USAGE', msg('ws.keyOverlap', { file, overlap: overlap.join(', '), other: d.name, left: left.join(', ') }), {
        hint: msg('ws.keyOverlap.hint', { other: d.name, base: path.basename(d.name) }),
      });
    }
  }
  const bad = Object.keys(set.unusable);
  if (bad.length && replaces.length) {
    throw new OmrError('KEY_INVALID', msg('key.kept', { file, codes: bad.join(', '), active: replaces.map((r) => r.name).join(', ') }), {
      hint: msg('key.kept.hint'),
      more: set.issues.map((i) => keyIssueAs(i, file)).map((i) => ({ text: i.text, msg: i.msg })),
    });
  }
  ws.db.transaction(() => insertDoc(ws.db, 'key', name, path.resolve(file), content, replaces.map((r) => r.id)))();
  writeCopy(ws, name, content);
  for (const r of replaces) if (r.name !== name) rmSync(path.join(ws.dir, r.name), { force: true });
  return { name, set, replaced: replaces.filter((r) => r.name !== name || r.sha256 !== sha256Hex(content)).map((r) => r.name) };
}

/** The active answer keys, merged and validated with the grading rules. */
export function keysOf(ws: Workspace, template: Template = templateOf(ws)): KeySet {
  const rules = keyRules(template);
  return mergeKeySets(activeDocs(ws, 'key').map((d) => parseKeyFile(d.content, d.name, rules)));
}

// ---------------------------------------------------------------------------------------------
// Roster

export interface RosterSetResult {
  parse: RosterParse;
  replaced: boolean;
}

/**
 * Set (or replace) the roster. Rows with problems are reported and left out until fixed; a
 * roster with no usable candidate at all is refused (nothing is stored).
 */
export function setRoster(ws: Workspace, file: string, template: Template = templateOf(ws)): RosterSetResult {
  const content = readInput(file, 'roster');
  const parse = parseRoster(decodeRoster(content, file), file, { sbdDigits: template.candidate.sbd.digits });
  if (parse.candidates.length === 0) {
    throw new OmrError('ROSTER_INVALID', msg('ws.noRoster', { file, then: 'changed' }), {
      hint: msg('ws.noRoster.hint', { then: 'changed' }),
      more: parse.issues.map((i) => ({ text: i.message, msg: i.msg })),
    });
  }
  const old = activeDocs(ws, 'roster');
  ws.db.transaction(() => insertDoc(ws.db, 'roster', ROSTER_FILE, path.resolve(file), content, old.map((o) => o.id)))();
  writeCopy(ws, ROSTER_FILE, content);
  return { parse, replaced: old.length > 0 };
}

/** The active roster parsed with the workspace's template, or undefined when none was set. */
export function rosterOf(ws: Workspace, template: Template = templateOf(ws)): RosterParse | undefined {
  const d = activeDoc(ws, 'roster');
  if (!d) return undefined;
  return parseRoster(tryDecodeText(d.content) ?? d.content.toString('utf8'), ROSTER_FILE, { sbdDigits: template.candidate.sbd.digits });
}

/** Files in the folder that no longer match what the database holds (edited by hand). */
export function driftedCopies(ws: Workspace): { name: string; problem: 'missing' | 'changed'; sha256: string }[] {
  const out: { name: string; problem: 'missing' | 'changed'; sha256: string }[] = [];
  for (const kind of ['template', 'exam', 'roster', 'key'] as DocKind[]) {
    for (const d of activeDocs(ws, kind)) {
      const file = path.join(ws.dir, d.name);
      if (!existsSync(file)) out.push({ name: d.name, problem: 'missing', sha256: d.sha256 });
      else if (sha256Hex(readFileSync(file)) !== d.sha256) out.push({ name: d.name, problem: 'changed', sha256: d.sha256 });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// init

export interface InitOptions {
  template?: string;
  exam?: string;
  roster?: string;
  keys?: string[];
  /** Use a non-empty folder; start an existing workspace again (its database is kept aside). */
  force?: boolean;
  /** Store a roster or key file with bad rows (they are left out); without it nothing is written. */
  skipBadRows?: boolean;
}

export interface InitResult {
  ws: Workspace;
  exam: Exam;
  template: Template;
  keys: KeyAddResult[];
  roster?: RosterSetResult;
  /** Where an earlier database was moved (with --force on an existing workspace). */
  movedAside?: string;
}

function folderEntries(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
}

/**
 * Make a workspace. Every input is validated before anything is written, so a bad file leaves
 * no half-made workspace behind.
 */
export function initWorkspace(dirArg: string, opts: InitOptions = {}): InitResult {
  const dir = path.resolve(dirArg);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new OmrError('USAGE', msg('ws.isFile', { dir: dirArg }), { hint: msg('ws.isFile.hint') });
  }
  // ---- validate inputs first
  const templateFile = opts.template ?? DEFAULT_TEMPLATE;
  const templateBytes = readInput(templateFile, 'template');
  const template = validateTemplate(parseJson(templateBytes, templateFile, 'template', 'TEMPLATE_INVALID'), templateFile);
  let examBytes: Buffer;
  let exam: Exam;
  if (opts.exam) {
    examBytes = readInput(opts.exam, 'exam file');
    exam = validateExam(parseJson(examBytes, opts.exam, 'exam file', 'EXAM_INVALID'), opts.exam);
  } else {
    exam = defaultExam();
    examBytes = Buffer.from(JSON.stringify(exam, null, 2) + '\n', 'utf8');
  }
  if (opts.roster) {
    const bytes = readInput(opts.roster, 'roster');
    const parse = parseRoster(decodeRoster(bytes, opts.roster), opts.roster, { sbdDigits: template.candidate.sbd.digits });
    if (parse.candidates.length === 0) {
      throw new OmrError('ROSTER_INVALID', msg('ws.noRoster', { file: opts.roster, then: 'init' }), {
        hint: msg('ws.noRoster.hint', { then: 'init' }),
        more: parse.issues.map((i) => ({ text: i.message, msg: i.msg })),
      });
    }
    if (parse.issues.length && !opts.skipBadRows) {
      throw new OmrError('ROSTER_INVALID', msg('roster.problems', { file: opts.roster, n: parse.issues.length }), {
        hint: msg('rows.refused.hint'),
        more: [...parse.issues.map((i) => ({ text: i.message, msg: i.msg })), rowsLine(parse, opts.roster)],
      });
    }
  }
  for (const k of opts.keys ?? []) {
    const set = parseKeyFile(readInput(k, 'answer key'), k, keyRules(template));
    if ((set.files[0]?.examCodes ?? []).length === 0) {
      throw new OmrError('KEY_INVALID', msg('ws.noKey', { file: k, then: 'init' }), {
        hint: msg('ws.noKey.hint', { then: 'init' }),
        more: set.issues.map((i) => ({ text: i.text, msg: i.msg })),
      });
    }
    if (set.issues.length && !opts.skipBadRows) {
      throw new OmrError('KEY_INVALID', msg('key.problems', { file: k, n: set.issues.length }), {
        hint: msg('rows.refused.hint'),
        more: set.issues.map((i) => ({ text: i.text, msg: i.msg })),
      });
    }
  }

  // ---- the folder
  let movedAside: string | undefined;
  const entries = folderEntries(dir);
  if (isWorkspace(dir)) {
    if (!opts.force) {
      throw new OmrError('USAGE', msg('ws.already', { dir: dirArg }), { hint: msg('ws.already.hint') });
    }
    const old = openDb(path.join(dir, DB_FILE));
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    movedAside = path.join(dir, `${DB_FILE}.old-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    renameSync(path.join(dir, DB_FILE), movedAside);
    for (const ext of ['-wal', '-shm']) if (existsSync(path.join(dir, DB_FILE + ext))) renameSync(path.join(dir, DB_FILE + ext), movedAside + ext);
  } else if (entries.length > 0 && !opts.force) {
    throw new OmrError('USAGE', msg('ws.notEmpty', { dir: dirArg, entries: `${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}` }), { hint: msg('ws.notEmpty.hint') });
  }
  mkdirSync(path.join(dir, KEYS_DIR), { recursive: true });

  const db = openDb(path.join(dir, DB_FILE), { create: true });
  chmodSync(path.join(dir, DB_FILE), 0o600); // it holds the keys too
  const ws: Workspace = { dir, db, close: () => db.close() };
  try {
    db.transaction(() => {
      const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      meta.run('created_at', nowIso());
      meta.run('exam_id', exam.id);
      meta.run('template', `${template.id} v${template.version}`);
      insertDoc(db, 'template', TEMPLATE_FILE, path.resolve(templateFile), templateBytes, []);
      insertDoc(db, 'exam', EXAM_FILE, opts.exam ? path.resolve(opts.exam) : '(default)', examBytes, []);
    })();
    writeCopy(ws, TEMPLATE_FILE, templateBytes);
    writeCopy(ws, EXAM_FILE, examBytes);
    const roster = opts.roster ? setRoster(ws, opts.roster, template) : undefined;
    const keys = (opts.keys ?? []).map((k) => addKey(ws, k));
    return { ws, exam, template, keys, roster, ...(movedAside ? { movedAside } : {}) };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Write a small file into the workspace (used by exports of review material). */
export function writeWorkspaceFile(ws: Workspace, name: string, data: string | Uint8Array): string {
  const file = path.join(ws.dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  return file;
}
