/**
 * `omr scan -w DIR`: read pages into the workspace.
 *
 *   - Idempotent by (file SHA-256, page): a file already read in full is not even decoded again
 *     (its hash is compared first); in a partly read file only the missing pages are read.
 *     Re-running on a growing scanner folder adds only the new pages.
 *   - Each page is committed in its own transaction as soon as it (and every page before it) is
 *     read, so a killed process loses nothing already committed, and the next run goes on from
 *     where it stopped.
 *   - A page that came back as `error` is read again on the next run (and replaced when read);
 *     `ok` and `not_a_sheet` reads are final. A file that could not be read at all (no hash)
 *     is reported and not stored.
 *   - Annotated JPEGs go to DIR/annotated/run-NNNN/ (one folder per run, so names never clash).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { scanInputs, type ScanSummary } from '../scan/batch.js';
import { listInputs, type LoadedPage } from '../scan/load.js';
import type { PageResult } from '../scan/types.js';
import { nowIso, writeTransaction } from './db.js';
import { ANNOTATED_DIR, templateFileOf, type Workspace } from './workspace.js';
import { sha256File } from '../util/hash.js';

export interface IngestOptions {
  jobs?: number;
  pdfDpi?: number;
  /** Folder for annotated JPEGs; default DIR/annotated/run-NNNN; false for none. */
  annotateDir?: string | false;
  /** Called for every page read in this run, in input order, after it is committed. */
  onPage?: (r: PageResult, stored: 'added' | 'replaced' | 'kept' | 'not_stored') => void;
  /** Called for a file that has the same bytes as one read earlier in this run (before any page is read). */
  onCopy?: (c: FileCopy) => void;
}

/** A file with the same bytes as another file of the same run: not read again. */
export interface FileCopy {
  source: string;
  /** The file read in its place. */
  of: string;
  sha256: string;
}

export interface IngestSummary extends ScanSummary {
  /** Files with the same bytes as a file read in this run (recognised by hash before decoding). */
  copies: FileCopy[];
  runId: number;
  /** New pages committed to the workspace in this run. */
  added: number;
  /** Pages read as `error` before and read again in this run (the record is replaced). */
  reread: number;
  /** Pages of files already read in full (not decoded again) plus pages skipped inside files. */
  alreadyRead: number;
  /** Pages reported but not stored (the file could not be read at all, so it has no hash). */
  notStored: number;
  annotateDir: string | null;
}

/** Remove the annotated picture of a page that is not stored (nothing in the workspace would link to it). */
function dropPicture(r: PageResult): void {
  if (!r.annotated) return;
  rmSync(r.annotated, { force: true });
  delete r.annotated;
}

function relativeTo(dir: string, file: string | undefined): string | null {
  if (!file) return null;
  return path.relative(dir, file).split(path.sep).join('/');
}

export async function ingestScans(ws: Workspace, inputs: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const db = ws.db;
  const templateFile = templateFileOf(ws);
  // the run and its picture folder in one short write (the lock taken up front: another omr may be scanning)
  const started = nowIso();
  const runId = writeTransaction(db, () => {
    const id = Number(db.prepare('INSERT INTO scan_runs (started_at, cwd, inputs, jobs) VALUES (?, ?, ?, ?)').run(started, process.cwd(), JSON.stringify(inputs), opts.jobs ?? null).lastInsertRowid);
    const dir = opts.annotateDir === false ? null : path.resolve(opts.annotateDir ?? path.join(ws.dir, ANNOTATED_DIR, `run-${String(id).padStart(4, '0')}`));
    db.prepare('UPDATE scan_runs SET annotate_dir = ? WHERE id = ?').run(dir, id);
    return id;
  });
  const annotateDir = (db.prepare('SELECT annotate_dir AS d FROM scan_runs WHERE id = ?').get(runId) as { d: string | null }).d;

  // ---- what is already read: (sha, page) with a final status; files read in full
  const done = new Set<string>();
  for (const r of db.prepare("SELECT file_sha256 AS s, page AS p FROM pages WHERE status <> 'error'").iterate() as Iterable<{ s: string; p: number }>) done.add(`${r.s}:${r.p}`);
  const fileState = db.prepare("SELECT COUNT(*) AS n, MAX(page_count) AS pc, SUM(status = 'error') AS errors FROM pages WHERE file_sha256 = ?");

  const files = await listInputs(inputs);
  const toRead: string[] = [];
  const pathOf = new Map<string, string>();
  let alreadyRead = 0;
  // byte-identical files in this run: read once, the others named as copies (never decoded)
  const firstWithHash = new Map<string, string>();
  const copies: FileCopy[] = [];
  for (const f of files) {
    pathOf.set(f.source, f.path);
    if (!f.error) {
      let sha: string | undefined;
      try {
        sha = await sha256File(f.path);
      } catch {
        sha = undefined; // the reader reports it
      }
      if (sha) {
        const st = fileState.get(sha) as { n: number; pc: number | null; errors: number | null };
        if (st.n > 0 && st.pc !== null && st.n >= st.pc && !st.errors) {
          alreadyRead += st.n;
          continue;
        }
        const first = firstWithHash.get(sha);
        if (first !== undefined) {
          copies.push({ source: f.source, of: first, sha256: sha });
          opts.onCopy?.(copies[copies.length - 1]);
          continue;
        }
        firstWithHash.set(sha, f.source);
      }
    }
    toRead.push(f.source);
  }

  // ---- read and commit page by page
  const insert = db.prepare(`
    INSERT INTO pages (file_sha256, page, page_count, source, path, status, reason, serial, sbd, made, exam_id, flagged, page_flags, annotated, result, run_id, read_at)
    VALUES (@sha, @page, @pageCount, @source, @path, @status, @reason, @serial, @sbd, @made, @examId, @flagged, @pageFlags, @annotated, @result, @runId, @at)
    ON CONFLICT (file_sha256, page) DO UPDATE SET
      page_count = excluded.page_count, source = excluded.source, path = excluded.path, status = excluded.status, reason = excluded.reason,
      serial = excluded.serial, sbd = excluded.sbd, made = excluded.made, exam_id = excluded.exam_id, flagged = excluded.flagged,
      page_flags = excluded.page_flags, annotated = excluded.annotated, result = excluded.result, run_id = excluded.run_id, read_at = excluded.read_at
    WHERE pages.status = 'error'`);
  const exists = db.prepare('SELECT status FROM pages WHERE file_sha256 = ? AND page = ?');
  const bump = db.prepare('UPDATE scan_runs SET pages_added = pages_added + 1 WHERE id = ?');
  let added = 0;
  let reread = 0;
  let notStored = 0;
  const commit = (r: PageResult, lp: LoadedPage): 'added' | 'replaced' | 'kept' => writeTransaction(db, () => {
    const before = exists.get(r.sha256, r.page) as { status: string } | undefined;
    const stored: PageResult = { ...r, ...(r.annotated ? { annotated: relativeTo(ws.dir, r.annotated)! } : {}) };
    const info = insert.run({
      sha: r.sha256,
      page: r.page,
      pageCount: lp.pageCount ?? null,
      source: r.source,
      path: pathOf.get(r.source) ?? path.resolve(r.source),
      status: r.status,
      reason: r.reason ?? null,
      serial: r.serial ?? null,
      sbd: r.candidateNumber ?? null,
      made: r.examCode ?? null,
      examId: r.identity?.examId ?? null,
      flagged: r.groups ? Object.values(r.groups).filter((g) => g.flagged).length : 0,
      pageFlags: r.flags?.length ? JSON.stringify(r.flags) : null,
      annotated: stored.annotated ?? null,
      result: JSON.stringify(stored),
      runId,
      at: nowIso(),
    });
    if (info.changes === 0) return 'kept';
    bump.run(runId);
    return before ? 'replaced' : 'added';
  });
  const finish = (seconds: number | null, skipped: number) =>
    writeTransaction(db, () => db.prepare('UPDATE scan_runs SET finished_at = ?, pages_skipped = ?, seconds = ? WHERE id = ?').run(nowIso(), skipped, seconds, runId));

  let summary: ScanSummary;
  try {
    summary = await scanInputs(toRead, {
      templateFile,
      jobs: opts.jobs,
      pdfDpi: opts.pdfDpi,
      maxDpi: 300,
      ...(annotateDir ? { annotateDir } : {}),
      skip: (p) => p.sha256 !== undefined && done.has(`${p.sha256}:${p.page}`),
      onPage: (r, lp) => {
        let stored: 'added' | 'replaced' | 'kept' | 'not_stored';
        if (!r.sha256) {
          notStored++;
          stored = 'not_stored';
        } else {
          try {
            stored = commit(r, lp);
          } catch (e) {
            dropPicture(r);
            throw e;
          }
          if (stored === 'added') added++;
          else if (stored === 'replaced') reread++;
        }
        // a picture belongs to a stored page: none linked to nothing
        if (stored === 'kept' || stored === 'not_stored') dropPicture(r);
        opts.onPage?.(r, stored);
      },
    });
  } catch (e) {
    // the run ends here: what was committed stays, and the run says when it stopped
    try {
      finish(null, alreadyRead);
    } catch {
      /* the first error is the one to report */
    }
    throw e;
  }
  finish(summary.seconds, alreadyRead + summary.skipped);
  return { ...summary, runId, added, reread, alreadyRead: alreadyRead + summary.skipped, notStored, annotateDir, copies };
}
