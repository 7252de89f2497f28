/**
 * The exam's archive (QĐ 2073, III.10.a: the council's documents, the list of candidates, the
 * papers and everything related are kept under the archives law): one zip holding everything
 * this software holds about the exam, with a manifest of the SHA-256 of every file.
 *
 *     manifest.json        what is in the zip: path, kind, bytes, SHA-256 of every file, and
 *                          anything that should have been in it and is not (problems)
 *     manifest.csv         the same list for people (Excel)
 *     manifest.sha256      SHA-256 of manifest.json and manifest.csv (also in the zip comment)
 *     ky-thi/omr.sqlite    a consistent copy of the workspace database (VACUUM INTO): every
 *                          version of template, exam file, roster and keys, every page read,
 *                          every override with who/when/why, prints, exports log, complaints
 *     tai-lieu/<id>-<kind>-<name>  template, exam file, roster and keys as given, every version
 *     ky-thi/...           every other file of the workspace folder (readable copies, printed
 *                          sheets and their manifest, annotated pages, reports, notices)
 *     anh-quet/<sha12>-<name>   every scan file as received, checked against the SHA-256
 *                          recorded when it was read (a missing or changed file is a problem)
 *     ket-qua/...          the exports computed now (the same bytes `omr export` writes)
 *     da-xuat/<n>/...      the files each `omr export` sent, when they still match their hash
 *     sua-tay.csv          every override with the machine's read, who, when, why
 *     khieu-nai.csv        every complaint and its settlement
 *
 * `verifyArchive` re-hashes every entry; `restoreArchive` makes a new workspace from it (the
 * database and the folder's files; scans into DIR/anh-quet/, where evidence looks for them).
 * The zip is written to a temporary file beside the target and renamed when complete.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, closeSync, renameSync, rmSync, statSync, chmodSync, fsyncSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { z } from 'zod';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { toCsv } from '../export/csv.js';
import { writeExports } from '../export/write.js';
import { allComplaints } from './complaints.js';
import { DB_FILE, SCHEMA_VERSION, openDb, type Db } from './db.js';
import { listOverrides, overrideWhat } from './overrides.js';
import { computeResults } from './results.js';
import { sha256Hex, type Workspace } from './workspace.js';
import { hashFile } from '../util/hash.js';

export const ARCHIVE_FORMAT = 'omr-archive';
export const WS_PREFIX = 'ky-thi/';
export const SCANS_DIR = 'anh-quet';
const MANIFEST_JSON = 'manifest.json';
const MANIFEST_CSV = 'manifest.csv';
const MANIFEST_SHA = 'manifest.sha256';

export type EntryKind = 'database' | 'document' | 'workspace' | 'scan' | 'export' | 'sent' | 'overrides' | 'complaints';

const entrySchema = z.object({
  path: z.string().min(1),
  kind: z.enum(['database', 'document', 'workspace', 'scan', 'export', 'sent', 'overrides', 'complaints']),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Where it came from (scans: the path recorded when read; exports sent: the path written). */
  from: z.string().optional(),
});
export type ArchiveEntry = z.infer<typeof entrySchema>;

const problemSchema = z.object({
  kind: z.enum(['scan_missing', 'scan_changed', 'sent_missing', 'sent_changed']),
  /** The file as recorded (the scan's path when read, the export's path when written). */
  file: z.string(),
  expected: z.string(),
  actual: z.string().optional(),
});
export type ArchiveProblem = z.infer<typeof problemSchema>;

const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  workspace: z.string(),
  exam: z.object({ id: z.string(), name: z.string(), year: z.number() }),
  schemaVersion: z.number().int(),
  files: z.array(entrySchema),
  problems: z.array(problemSchema),
});
export type ArchiveManifest = z.infer<typeof manifestSchema>;

// ---------------------------------------------------------------------------------------------
// helpers


/** A stream that hashes what passes through it. */
function hasher(): Transform & { result: () => { sha256: string; bytes: number } } {
  const h = createHash('sha256');
  let bytes = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  }) as Transform & { result: () => { sha256: string; bytes: number } };
  let digest: string | undefined;
  t.result = () => ({ sha256: (digest ??= h.digest('hex')), bytes });
  return t;
}

/** Every regular file under `dir`, as slash paths relative to it, sorted. */
function walk(dir: string, skip: (rel: string) => boolean, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (skip(r)) continue;
    const st = statSync(path.join(dir, r), { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) out.push(...walk(dir, skip, r));
    else if (st.isFile()) out.push(r);
  }
  return out;
}

const inside = (dir: string, file: string): boolean => {
  const r = path.relative(dir, file);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
};

const isTemp = (name: string): boolean => /^\..*\.tmp$/.test(path.basename(name));

/** A file name safe inside the zip: the base name, without separators or control characters. */
const safeName = (name: string): string => path.basename(name.split('\\').join('/')).replace(/[\u0000-\u001f/\\:]/g, '_') || 'scan';

export const scanEntryName = (sha256: string, source: string): string => `${SCANS_DIR}/${sha256.slice(0, 12)}-${safeName(source)}`;

/** Where a scan file is now: its recorded path if it still has its hash, else DIR/anh-quet/ (a restored workspace). */
export function scanCandidates(wsDir: string, p: { path: string; source: string; fileSha256: string }): string[] {
  return [p.path, path.join(wsDir, scanEntryName(p.fileSha256, p.source))];
}

function zipHead(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    const n = readSync(fd, b, 0, 4, 0);
    return n === 4 && (b.readUInt32LE(0) === 0x04034b50 || b.readUInt32LE(0) === 0x06054b50);
  } finally {
    closeSync(fd);
  }
}

/** Refuse an --out the clerk should not write to: inside the workspace, a folder, a file that is not a zip. */
export function checkArchiveTarget(ws: Workspace, out: string): string {
  const file = path.resolve(out);
  if (inside(ws.dir, file)) throw new OmrError('USAGE', msg('ar.outInside', { out, ws: ws.dir }), { hint: msg('ar.outInside.hint') });
  const st = statSync(file, { throwIfNoEntry: false });
  if (st?.isDirectory()) throw new OmrError('USAGE', msg('ar.outDir', { out }), { hint: msg('ar.outNotZip.hint') });
  if (st && (st.size === 0 || !zipHead(file))) throw new OmrError('USAGE', msg('ar.outNotZip', { out }), { hint: msg('ar.outNotZip.hint') });
  return file;
}

// ---------------------------------------------------------------------------------------------
// write

export interface ArchiveResult {
  file: string;
  manifest: ArchiveManifest;
  manifestSha256: string;
  bytes: number;
}

interface Planned {
  path: string;
  kind: EntryKind;
  /** A file on disk, or bytes. */
  file?: string;
  data?: Buffer;
  /** The hash the file must have (scans, exports sent). */
  expect?: string;
  from?: string;
}

function overridesCsv(ws: Workspace): string {
  return toCsv(
    ['STT', 'Số phiếu', 'Trang', 'Sửa', 'Máy đọc', 'Giá trị sửa', 'Người sửa', 'Lý do', 'Thời điểm'],
    listOverrides(ws).map((o) => [o.id, o.serial ?? '', o.source ? `${o.source}:${o.page_no}` : '', overrideWhat(o), o.read_value ?? '', o.value, o.by, o.reason, o.at]),
  );
}

function complaintsCsv(ws: Workspace): string {
  const subject = { question: 'Câu hỏi', total: 'Tổng điểm', identity: 'Nhận dạng (SBD, mã đề, phiếu)' } as const;
  return toCsv(
    ['Số đơn', 'Số phiếu', 'SBD', 'Họ và tên', 'Ngày nhận', 'Người gửi', 'Nội dung khiếu nại', 'Câu', 'Diễn giải', 'Hạn giải quyết', 'Người ghi nhận', 'Trạng thái', 'Ngày giải quyết', 'Kết quả giải quyết', 'Người giải quyết', 'Điểm trước', 'Điểm sau', 'Sửa tay (STT)'],
    allComplaints(ws).map((c) => [
      c.id,
      c.serial ?? c.page_ref ?? '',
      c.sbd ?? '',
      c.ho_ten ?? '',
      c.received_on,
      c.submitted_by,
      subject[c.subject],
      c.questions ? (JSON.parse(c.questions) as number[]).join(' ') : '',
      c.text,
      c.deadline,
      c.recorded_by,
      c.status === 'open' ? 'Đang giải quyết' : 'Đã giải quyết',
      c.resolved_on ?? '',
      c.resolution ?? '',
      c.resolved_by ?? '',
      c.score_before,
      c.score_after,
      c.override_ids ? (JSON.parse(c.override_ids) as number[]).join(' ') : '',
    ]),
  );
}

export function manifestCsv(m: ArchiveManifest): string {
  return toCsv(
    ['Tệp', 'Loại', 'Kích thước (byte)', 'SHA-256', 'Nguồn'],
    m.files.map((f) => [f.path, f.kind, f.bytes, f.sha256, f.from ?? '']),
  );
}

/**
 * Write the archive of a workspace to `out` (checked with checkArchiveTarget). Scans and exports
 * that are missing or changed are listed in manifest.problems (the archive is still written:
 * everything else is kept, and the gap is named).
 */
export async function writeArchive(live: Workspace, out: string, opts: { now?: Date } = {}): Promise<ArchiveResult> {
  const target = checkArchiveTarget(live, out);
  mkdirSync(path.dirname(target), { recursive: true });
  let snapshot: Db | undefined;
  const scratch = mkdtempSync(path.join(tmpdir(), 'omr-archive-'));
  const tmpZip = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    // ---- the database, consistent (a copy made inside one read transaction)
    const dbCopy = path.join(scratch, DB_FILE);
    live.db.prepare('VACUUM INTO ?').run(dbCopy);
    // everything below reads that copy: the exports and tables in the zip agree with the database in it,
    // whatever the desk writes meanwhile
    snapshot = openDb(dbCopy, { readonly: true });
    const ws: Workspace = { dir: live.dir, db: snapshot, close: () => snapshot?.close() };
    const res = computeResults(ws);
    const planned: Planned[] = [{ path: `${WS_PREFIX}${DB_FILE}`, kind: 'database', file: dbCopy }];

    // ---- template, exam file, roster and keys as given, every version (the folder's copies may have been edited)
    for (const d of ws.db.prepare('SELECT id, kind, name, sha256, content, original FROM documents ORDER BY id').all() as { id: number; kind: string; name: string; sha256: string; content: Buffer; original: string }[]) {
      planned.push({ path: `tai-lieu/${String(d.id).padStart(3, '0')}-${d.kind}-${safeName(d.name)}`, kind: 'document', data: d.content, from: d.original });
    }

    // ---- the workspace folder (its database is the copy above; scans of a restored workspace come below)
    const skip = (rel: string): boolean => rel === DB_FILE || rel === `${DB_FILE}-wal` || rel === `${DB_FILE}-shm` || rel === SCANS_DIR || isTemp(rel);
    for (const rel of walk(ws.dir, skip)) planned.push({ path: `${WS_PREFIX}${rel}`, kind: 'workspace', file: path.join(ws.dir, rel) });

    // ---- scans as received
    const problems: ArchiveProblem[] = [];
    const files = ws.db.prepare('SELECT file_sha256 AS sha, MIN(source) AS source, MIN(path) AS path FROM pages GROUP BY file_sha256 ORDER BY MIN(id)').all() as { sha: string; source: string; path: string }[];
    const pathsOf = ws.db.prepare('SELECT DISTINCT path FROM pages WHERE file_sha256 = ? ORDER BY id');
    for (const f of files) {
      const recorded = (pathsOf.all(f.sha) as { path: string }[]).map((r) => r.path);
      const name = scanEntryName(f.sha, f.source);
      const places = [...recorded, path.join(ws.dir, name)];
      let found: string | undefined;
      let changed: string | undefined;
      for (const p of places) {
        if (!existsSync(p)) continue;
        const h = await hashFile(p);
        if (h.sha256 === f.sha) {
          found = p;
          break;
        }
        changed ??= h.sha256;
      }
      if (found) planned.push({ path: name, kind: 'scan', file: found, expect: f.sha, from: recorded[0] });
      else problems.push({ kind: changed ? 'scan_changed' : 'scan_missing', file: recorded[0] ?? f.path, expected: f.sha, ...(changed ? { actual: changed } : {}) });
    }

    // ---- exports: computed now, and as sent (the latest record of every file written)
    const exportDir = path.join(scratch, 'ket-qua');
    const written = await writeExports(res.grades, exportDir, { options: res.template.answers.options });
    for (const f of written) planned.push({ path: `ket-qua/${path.basename(f)}`, kind: 'export', file: f });
    const sent = new Map<string, { id: number; sha256: string }>();
    for (const e of ws.db.prepare('SELECT id, files FROM exports ORDER BY id').all() as { id: number; files: string }[]) {
      for (const f of JSON.parse(e.files) as { file: string; sha256: string }[]) sent.set(f.file, { id: e.id, sha256: f.sha256 });
    }
    for (const [file, s] of sent) {
      if (inside(ws.dir, file)) continue; // already in ky-thi/
      if (!existsSync(file)) {
        problems.push({ kind: 'sent_missing', file, expected: s.sha256 });
        continue;
      }
      const h = await hashFile(file);
      if (h.sha256 !== s.sha256) problems.push({ kind: 'sent_changed', file, expected: s.sha256, actual: h.sha256 });
      else planned.push({ path: `da-xuat/${s.id}/${safeName(file)}`, kind: 'sent', file, expect: s.sha256, from: file });
    }

    // ---- people's tables
    planned.push({ path: 'sua-tay.csv', kind: 'overrides', data: Buffer.from(overridesCsv(ws), 'utf8') });
    planned.push({ path: 'khieu-nai.csv', kind: 'complaints', data: Buffer.from(complaintsCsv(ws), 'utf8') });

    // ---- the zip: every entry hashed as it is written; a file that changes meanwhile fails the archive
    const when = opts.now ?? new Date();
    const zip = new yazl.ZipFile();
    const sink = createWriteStream(tmpZip);
    const piping = pipeline(zip.outputStream, sink);
    const entries: ArchiveEntry[] = [];
    const hashers: { planned: Planned; h: ReturnType<typeof hasher> }[] = [];
    for (const p of planned) {
      if (p.data) {
        entries.push({ path: p.path, kind: p.kind, bytes: p.data.length, sha256: sha256Hex(p.data), ...(p.from ? { from: p.from } : {}) });
        zip.addBuffer(p.data, p.path, { mtime: when, mode: 0o100644 });
      } else {
        const h = hasher();
        const src: Readable = createReadStream(p.file!);
        src.on('error', (e) => h.destroy(e));
        zip.addReadStream(src.pipe(h), p.path, { mtime: when, mode: 0o100644, compress: p.kind !== 'scan' });
        hashers.push({ planned: p, h });
      }
    }
    // the manifest comes last: its stream is filled once every file before it was read
    const manifestStream = new Transform({ transform: (c, _e, cb) => cb(null, c) });
    const csvStream = new Transform({ transform: (c, _e, cb) => cb(null, c) });
    const shaStream = new Transform({ transform: (c, _e, cb) => cb(null, c) });
    zip.addReadStream(manifestStream, MANIFEST_JSON, { mtime: when, mode: 0o100644 });
    zip.addReadStream(csvStream, MANIFEST_CSV, { mtime: when, mode: 0o100644 });
    zip.addReadStream(shaStream, MANIFEST_SHA, { mtime: when, mode: 0o100644 });
    const finished = hashers.map(({ h }) => once(h, 'end'));
    let manifest!: ArchiveManifest;
    let manifestSha = '';
    const filled = Promise.all(finished).then(() => {
      for (const { planned: p, h } of hashers) {
        const r = h.result();
        if (p.expect && r.sha256 !== p.expect) throw new OmrError('IO', msg('ar.changedWhile', { file: p.file! }), { hint: msg('ar.changedWhile.hint') });
        entries.push({ path: p.path, kind: p.kind, bytes: r.bytes, sha256: r.sha256, ...(p.from ? { from: p.from } : {}) });
      }
      const order = new Map(planned.map((p, i) => [p.path, i]));
      entries.sort((a, b) => order.get(a.path)! - order.get(b.path)!);
      manifest = {
        format: ARCHIVE_FORMAT,
        version: 1,
        createdAt: when.toISOString(),
        workspace: ws.dir,
        exam: { id: res.exam.id, name: res.exam.name, year: res.exam.year },
        schemaVersion: SCHEMA_VERSION,
        files: entries,
        problems,
      };
      const json = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
      const csv = Buffer.from(manifestCsv(manifest), 'utf8');
      manifestSha = sha256Hex(json);
      manifestStream.end(json);
      csvStream.end(csv);
      shaStream.end(`${manifestSha}  ${MANIFEST_JSON}\n${sha256Hex(csv)}  ${MANIFEST_CSV}\n`);
    });
    filled.catch((e: unknown) => {
      for (const s of [manifestStream, csvStream, shaStream]) s.destroy(e as Error);
      (zip.outputStream as Readable).destroy(e as Error);
    });
    // the zip comment names the manifest's hash; fixed length, so it is written now and filled in below
    zip.end({ forceZip64Format: false, comment: `omr archive: SHA-256 of ${MANIFEST_JSON} ${'0'.repeat(64)}` });
    await Promise.all([filled, piping]);
    const fd = openSync(tmpZip, 'r+');
    try {
      const size = statSync(tmpZip).size;
      const comment = Buffer.from(`omr archive: SHA-256 of ${MANIFEST_JSON} ${manifestSha}`, 'latin1');
      writeSync(fd, comment, 0, comment.length, size - comment.length);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmpZip, target);
    return { file: target, manifest, manifestSha256: manifestSha, bytes: statSync(target).size };
  } catch (e) {
    rmSync(tmpZip, { force: true });
    throw e;
  } finally {
    snapshot?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// read, verify

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zf) => {
      if (err || !zf) reject(new OmrError('INPUT_UNREADABLE', msg('ar.notZip', { file, detail: err?.message ?? '?' }), { hint: msg('ar.notZip.hint') }));
      else resolve(zf);
    });
  });
}

/** Visit every entry of a zip (files only), with a function that gets its content as a stream. */
async function eachEntry(zf: yauzl.ZipFile, fn: (e: yauzl.Entry, open: () => Promise<Readable>) => Promise<void>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    zf.on('error', reject);
    zf.on('end', resolve);
    zf.on('entry', (e: yauzl.Entry) => {
      if (e.fileName.endsWith('/')) {
        zf.readEntry();
        return;
      }
      const open = () =>
        new Promise<Readable>((res, rej) => zf.openReadStream(e, (err, s) => (err || !s ? rej(err ?? new Error('no stream')) : res(s))));
      fn(e, open).then(() => zf.readEntry(), reject);
    });
    zf.readEntry();
  });
}

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface VerifyProblem {
  kind: 'changed' | 'missing' | 'extra' | 'manifest_changed' | 'not_archived';
  path: string;
  expected?: string;
  actual?: string;
}

export interface VerifyResult {
  file: string;
  manifest: ArchiveManifest;
  manifestSha256: string;
  files: number;
  bytes: number;
  problems: VerifyProblem[];
  ok: boolean;
}

/** Re-hash every entry of an archive against its manifest. Throws only when the file is not an omr archive at all. */
export async function verifyArchive(file: string): Promise<VerifyResult> {
  if (!existsSync(file)) throw new OmrError('IO', msg('ar.noFile', { file }), { hint: msg('hint.checkPath') });
  const zf = await openZip(file);
  const seen = new Map<string, { sha256: string; bytes: number }>();
  let manifestBytes: Buffer | undefined;
  let shaText: string | undefined;
  try {
    await eachEntry(zf, async (e, open) => {
      if (e.fileName === MANIFEST_JSON) manifestBytes = await readAll(await open());
      else if (e.fileName === MANIFEST_SHA) shaText = (await readAll(await open())).toString('utf8');
      if (e.fileName === MANIFEST_SHA || e.fileName === MANIFEST_JSON) return;
      const h = hasher();
      await pipeline(await open(), h, async function* (src) {
        for await (const _ of src) void _; // drain
      });
      seen.set(e.fileName, h.result());
    });
  } catch (e) {
    if (e instanceof OmrError) throw e;
    throw new OmrError('INPUT_UNREADABLE', msg('ar.notZip', { file, detail: (e as Error).message }), { hint: msg('ar.notZip.hint') });
  } finally {
    zf.close();
  }
  if (!manifestBytes) throw new OmrError('INPUT_UNREADABLE', msg('ar.noManifest', { file }), { hint: msg('ar.notZip.hint') });
  let manifest: ArchiveManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  } catch (e) {
    throw new OmrError('INPUT_UNREADABLE', msg('ar.badManifest', { file, detail: (e as Error).message.split('\n')[0] }), { hint: msg('ar.notZip.hint') });
  }
  const problems: VerifyProblem[] = [];
  const manifestSha = sha256Hex(manifestBytes);
  const recorded = new Map<string, string>();
  for (const line of (shaText ?? '').split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line.trim());
    if (m) recorded.set(m[2], m[1]);
  }
  if (recorded.get(MANIFEST_JSON) !== manifestSha) problems.push({ kind: 'manifest_changed', path: MANIFEST_JSON, expected: recorded.get(MANIFEST_JSON) ?? '', actual: manifestSha });
  const csvSha = seen.get(MANIFEST_CSV)?.sha256;
  if (recorded.get(MANIFEST_CSV) !== csvSha) problems.push(csvSha ? { kind: 'manifest_changed', path: MANIFEST_CSV, expected: recorded.get(MANIFEST_CSV) ?? '', actual: csvSha } : { kind: 'missing', path: MANIFEST_CSV });
  const listed = new Set<string>([MANIFEST_CSV]);
  let bytes = 0;
  for (const f of manifest.files) {
    listed.add(f.path);
    const got = seen.get(f.path);
    if (!got) problems.push({ kind: 'missing', path: f.path, expected: f.sha256 });
    else if (got.sha256 !== f.sha256 || got.bytes !== f.bytes) problems.push({ kind: 'changed', path: f.path, expected: f.sha256, actual: got.sha256 });
    else bytes += got.bytes;
  }
  for (const p of seen.keys()) if (!listed.has(p)) problems.push({ kind: 'extra', path: p });
  for (const p of manifest.problems) problems.push({ kind: 'not_archived', path: p.file, expected: p.expected, ...(p.actual ? { actual: p.actual } : {}) });
  return { file, manifest, manifestSha256: manifestSha, files: manifest.files.length, bytes, problems, ok: problems.length === 0 };
}

// ---------------------------------------------------------------------------------------------
// restore

export interface RestoreResult {
  dir: string;
  verify: VerifyResult;
  files: number;
  scans: number;
}

/**
 * Make a new workspace from an archive: verified first (an archive whose files do not match
 * its manifest is refused; one with scans that were already missing when it was made is
 * restored, and says so). The folder is filled under a temporary name and renamed at the end.
 */
export async function restoreArchive(file: string, to: string): Promise<RestoreResult> {
  const dir = path.resolve(to);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new OmrError('USAGE', msg('ar.restoreNotEmpty', { dir: to }), { hint: msg('ar.restoreNotEmpty.hint') });
  }
  const verify = await verifyArchive(file);
  const broken = verify.problems.filter((p) => p.kind !== 'not_archived');
  if (broken.length) throw new OmrError('INPUT_UNREADABLE', msg('ar.restoreBroken', { file, n: broken.length }), { hint: msg('ar.restoreBroken.hint', { file }) });
  const parent = path.dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(path.join(parent, `.${path.basename(dir)}.restore-`));
  let files = 0;
  let scans = 0;
  try {
    const zf = await openZip(file);
    try {
      await eachEntry(zf, async (e, open) => {
        let rel: string | undefined;
        if (e.fileName.startsWith(WS_PREFIX)) rel = e.fileName.slice(WS_PREFIX.length);
        else if (e.fileName.startsWith(`${SCANS_DIR}/`)) {
          rel = e.fileName;
          scans++;
        }
        if (!rel) return;
        const dest = path.resolve(tmp, rel);
        if (!inside(tmp, dest)) throw new OmrError('INPUT_UNREADABLE', msg('ar.badEntry', { file, entry: e.fileName }), { hint: msg('ar.notZip.hint') });
        mkdirSync(path.dirname(dest), { recursive: true });
        await pipeline(await open(), createWriteStream(dest));
        files++;
      });
    } finally {
      zf.close();
    }
    const dbFile = path.join(tmp, DB_FILE);
    if (!existsSync(dbFile)) throw new OmrError('INPUT_UNREADABLE', msg('ar.noDatabase', { file }), { hint: msg('ar.notZip.hint') });
    chmodSync(dbFile, 0o600);
    const db = openDb(dbFile); // migrates an archive made by an older omr
    try {
      const ok = db.pragma('integrity_check', { simple: true });
      if (ok !== 'ok') throw new OmrError('WORKSPACE', msg('ar.dbDamaged', { file, detail: String(ok) }), { hint: msg('ar.notZip.hint') });
    } finally {
      db.close();
    }
    if (existsSync(dir)) rmSync(dir, { recursive: true });
    renameSync(tmp, dir);
    return { dir, verify, files, scans };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
