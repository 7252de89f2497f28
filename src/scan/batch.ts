import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { DEFAULT_TEMPLATE } from '../template/load.js';
import { listInputs, loadPages, type LoadedPage } from './load.js';
import type { PageResult } from './types.js';
import { readTask, type PageTask } from './worker.js';

export interface ScanOptions {
  templateFile?: string;
  /** Worker threads; 1 reads in this thread (no pool). Default: all cores. */
  jobs?: number;
  /** Folder for one annotated JPEG per page. */
  annotateDir?: string;
  pdfDpi?: number;
  /** Pages above this resolution are downscaled while decoding (default 300). */
  maxDpi?: number;
  /** Called for every page, in input order, as soon as it and all pages before it are done. */
  onPage?: (r: PageResult, page: LoadedPage) => void | Promise<void>;
  /** Return true to skip a page already read (e.g. by content hash in a workspace). */
  skip?: (p: { source: string; page: number; sha256?: string }) => boolean;
}

export interface ScanSummary {
  pages: number;
  ok: number;
  notASheet: number;
  errors: number;
  skipped: number;
  /** Pages with at least one flagged group or a page-level flag. */
  pagesToReview: number;
  flaggedGroups: number;
  seconds: number;
  sheetsPerSecond: number;
}

/** The compiled worker, also when this module runs from src/ under vitest. */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const sep = path.sep;
  const js = here.endsWith('.ts') ? here.replace(`${sep}src${sep}`, `${sep}dist${sep}`) : here;
  return path.join(path.dirname(js), 'worker.js');
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

function annotateName(dir: string, seq: number, source: string, page: number): string {
  const base = path.basename(source).replace(/\.[^.]+$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '_');
  return path.join(dir, `${String(seq).padStart(4, '0')}-${base}-p${page}.jpg`);
}

export function errorResult(p: { source: string; page: number }, reason: string): PageResult {
  return { source: p.source, page: p.page, status: 'error', reason };
}

/**
 * Read every page of the given files and folders. Pages are decoded here, read in worker
 * threads, and reported through onPage strictly in input order. A bad file or page becomes an
 * `error` result; the batch always goes on. Memory stays bounded: at most 2×jobs pages in flight.
 */
export async function scanInputs(paths: string[], opts: ScanOptions = {}): Promise<ScanSummary> {
  const templateFile = path.resolve(opts.templateFile ?? DEFAULT_TEMPLATE);
  const jobs = Math.max(1, opts.jobs ?? defaultJobs());
  const pool = jobs > 1 ? new Piscina({ filename: workerFile(), minThreads: jobs, maxThreads: jobs, idleTimeout: 60_000 }) : undefined;
  const started = performance.now();
  const sum: ScanSummary = { pages: 0, ok: 0, notASheet: 0, errors: 0, skipped: 0, pagesToReview: 0, flaggedGroups: 0, seconds: 0, sheetsPerSecond: 0 };
  const queue: { page: LoadedPage; result: Promise<PageResult> }[] = [];
  let seq = 0;

  const emit = async (r: PageResult, page: LoadedPage) => {
    sum.pages++;
    if (r.status === 'ok') sum.ok++;
    else if (r.status === 'not_a_sheet') sum.notASheet++;
    else sum.errors++;
    const fg = r.groups ? Object.values(r.groups).filter((g) => g.flagged).length : 0;
    sum.flaggedGroups += fg;
    if (fg > 0 || (r.flags?.length ?? 0) > 0) sum.pagesToReview++;
    if (page.sha256 && r.sha256 === undefined) r.sha256 = page.sha256;
    await opts.onPage?.(r, page);
  };
  const drain = async (keep: number) => {
    while (queue.length > keep) {
      const head = queue.shift()!;
      await emit(await head.result, head.page);
    }
  };

  try {
    const inputs = await listInputs(paths);
    for (const file of inputs) {
      for await (const page of loadPages(file, { pdfDpi: opts.pdfDpi, maxDpi: opts.maxDpi ?? 300 })) {
        if (opts.skip?.({ source: page.source, page: page.page, sha256: page.sha256 })) {
          sum.skipped++;
          continue;
        }
        seq++;
        if (!page.image) {
          queue.push({ page, result: Promise.resolve(errorResult(page, page.error ?? 'page could not be decoded → scan it again')) });
        } else {
          const img = page.image;
          const task: PageTask = {
            templateFile,
            source: page.source,
            page: page.page,
            width: img.width,
            height: img.height,
            data: img.data,
            annotatePath: opts.annotateDir ? annotateName(opts.annotateDir, seq, page.source, page.page) : undefined,
          };
          page.image = undefined; // the pixels now belong to the task
          const run = pool ? pool.run(task, { transferList: [task.data.buffer as ArrayBuffer] }) : readTask(task);
          const result = (run as Promise<PageResult>).catch((e: Error) =>
            errorResult(page, `internal error while reading the page (${e.message}) → run again with --debug and report it`),
          );
          queue.push({ page, result });
        }
        await drain(jobs * 2);
      }
    }
    await drain(0);
  } finally {
    await pool?.destroy();
  }
  sum.seconds = Math.round((performance.now() - started) / 10) / 100;
  sum.sheetsPerSecond = sum.seconds > 0 ? Math.round((sum.pages / sum.seconds) * 10) / 10 : 0;
  return sum;
}
