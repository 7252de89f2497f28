/**
 * One guard for every output path a command is given (`--out`, `--annotate`, `export --out`,
 * `review --out`, `grade --out`, `generate --out` and its manifest). Called before any work:
 *
 *   1. A path that is, or is inside, a file the exam workspace owns is refused: the database
 *      (omr.sqlite and its -wal/-shm/-journal, databases kept aside), keys/, the stored
 *      template.json, exam.json, roster.csv, and the page pictures in annotated/. The workspace is
 *      found by walking up from the path (symbolic links resolved), with or without -w.
 *   2. An existing file is replaced only when it is of the kind the command writes, decided by
 *      its name and its first bytes (a results file of omr scan starts with `{"source":`; a PDF
 *      with `%PDF-`; a CSV ends in .csv and is text without NUL bytes; an XLSX or DOCX ends in
 *      .xlsx/.docx and is a zip; a zip archive starts with `PK\3\4`; a JPEG starts with FF D8 FF;
 *      an empty file is any kind). Anything else needs
 *      --force. A file where a folder is expected, or a folder where a file is, is refused.
 *
 * A refusal is an OmrError('USAGE'): exit 2, nothing written.
 */
import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import type { OutputKind } from '../i18n/robust.js';

export type { OutputKind } from '../i18n/robust.js';

/** The database file (db.ts DB_FILE; not imported, so that the guard loads no SQLite). */
const DB_FILE = 'omr.sqlite';

/** Top-level names of a workspace folder that omr owns (besides omr.sqlite*). */
const OWNED = new Set(['keys', 'template.json', 'exam.json', 'roster.csv', 'annotated']);

export type OutputTarget =
  /** A file the command writes. */
  | { file: string; kind: OutputKind }
  /** A folder the command writes into, with the files it will (re)write there. */
  | { dir: string; files?: { name: string; kind: OutputKind }[] };

/** The path with symbolic links resolved as far as it exists. */
function realish(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(realish(parent), path.basename(p));
  }
}

/** The workspace that owns `p` and the owned name, if any. */
export function ownedBy(p: string): { ws: string; name: string } | undefined {
  const real = realish(path.resolve(p));
  for (let d = path.dirname(real); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, DB_FILE))) {
      const rel = path.relative(d, real).split(path.sep);
      if (rel[0].startsWith(DB_FILE) || OWNED.has(rel[0])) return { ws: d, name: rel.join('/') };
    }
    if (path.dirname(d) === d) return undefined;
  }
}

function head(file: string, n = 65536): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

const isZip = (b: Buffer): boolean => b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4;

/** Whether an existing file is of `kind` (see the module doc). */
export function isKind(file: string, kind: OutputKind): boolean {
  const b = head(file);
  if (b.length === 0) return true;
  const ext = path.extname(file).toLowerCase();
  switch (kind) {
    case 'jsonl':
      return /^\s*\{\s*"source"\s*:/.test(b.subarray(0, 256).toString('utf8'));
    case 'pdf':
      return b.subarray(0, 5).toString('latin1') === '%PDF-';
    case 'csv':
      return ext === '.csv' && !b.includes(0) && b.subarray(0, 5).toString('latin1') !== '%PDF-';
    case 'xlsx':
    case 'docx':
      return ext === `.${kind}` && isZip(b);
    case 'zip':
      return isZip(b);
    case 'jpeg':
      return b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  }
}

function refuseOwned(p: string): void {
  const o = ownedBy(p);
  if (o) throw new OmrError('USAGE', msg('out.owned', { file: p, ws: path.relative(process.cwd(), o.ws) || '.', owned: msg('out.owned.what', { name: o.name }) }), { hint: msg('out.owned.hint') });
}

function checkFile(file: string, kind: OutputKind, force: boolean): void {
  refuseOwned(file);
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory()) throw new OmrError('USAGE', msg('out.isDir', { file }), { hint: msg('out.isDir.hint') });
  if (!force && !isKind(file, kind)) throw new OmrError('USAGE', msg('out.otherKind', { file, kind }), { hint: msg('out.otherKind.hint') });
}

/**
 * Check every output of a command before it starts; throws on the first path that must not be
 * written. `force`: replace existing files of another kind (never a workspace's own files).
 */
export function guardOutputs(targets: OutputTarget[], opts: { force?: boolean } = {}): void {
  const force = opts.force ?? false;
  for (const t of targets) {
    if ('file' in t) {
      checkFile(t.file, t.kind, force);
      continue;
    }
    refuseOwned(t.dir);
    if (existsSync(t.dir) && !statSync(t.dir).isDirectory()) throw new OmrError('USAGE', msg('out.isFile', { dir: t.dir }), { hint: msg('out.isDir.hint') });
    for (const f of t.files ?? []) checkFile(path.join(t.dir, f.name), f.kind, force);
  }
}

/** Every path given to omr scan must exist (a typo is a usage error: exit 2, nothing read or written). */
export function requireInputs(inputs: string[]): void {
  for (const p of inputs) {
    try {
      statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new OmrError('USAGE', msg('scan.missingInput', { path: p }), { hint: msg('scan.missingInput.hint') });
    }
  }
}
