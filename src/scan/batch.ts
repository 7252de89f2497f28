import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import type { Piscina } from 'piscina';
import { templateLayout } from '../template/known.js';
import { DEFAULT_TEMPLATE } from '../template/paths.js';
import { listInputs, loadBuffer, loadPages, readHead, sniff, type InputFile, type InputKind, type LoadedPage, type LoadOptions } from './load.js';
import type { Layout } from '../template/layout.js';
import type { PageResult } from './types.js';
import { readTask, rememberLayout, type DecodeGate, type PageTask, type ScanWorkerData, type TaskOutput } from './worker.js';
import { readInput } from './read-input.js';
import { defaultJobs } from './jobs.js';
import { holdHeapHeadroom, releaseHeapHeadroom } from './heap.js';

export { defaultJobs } from './jobs.js';

export interface ScanOptions {
  templateFile?: string;
  /** The layout of `templateFile`, when the caller has already loaded it (not read again). */
  layout?: Layout;
  /**
   * Threads that read pages; 1 reads in this thread (no pool). Default: half the cores (decoding
   * runs in libvips's threads, ahead of the reading). Never more than the single images of a
   * short batch (one image: read in this thread), see threadsFor.
   */
  jobs?: number;
  /** Folder for one annotated JPEG per page. */
  annotateDir?: string;
  pdfDpi?: number;
  /** Pages above this resolution are downscaled while decoding (default 300). */
  maxDpi?: number;
  /** Called for every page, in input order, as soon as it and all pages before it are done. */
  onPage?: (r: PageResult, page: Omit<LoadedPage, 'image'>) => void | Promise<void>;
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
  /** Annotated pictures that could not be written (the reads are fine). */
  picturesFailed: number;
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


/** Longest file-name stem kept for a picture, in bytes (file systems allow 255 bytes a name; temp names add ~30). */
const MAX_STEM_BYTES = 80;

/** A picture's name stem from its source: readable, and always short enough (truncated + a short hash of the source). */
export function pictureStem(source: string): string {
  const base = path.basename(source).normalize('NFC').replace(/\.[^.]+$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '_');
  if (Buffer.byteLength(base) <= MAX_STEM_BYTES) return base;
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 8);
  let cut = '';
  for (const ch of base) {
    if (Buffer.byteLength(cut + ch) > MAX_STEM_BYTES - hash.length - 1) break;
    cut += ch;
  }
  return `${cut}~${hash}`;
}

function annotateName(dir: string, seq: number, source: string, page: number): string {
  return path.join(dir, `${String(seq).padStart(4, '0')}-${pictureStem(source)}-p${page}.jpg`);
}

const SINGLE_IMAGE = new Set(['jpeg', 'png', 'webp', 'gif']);

/**
 * Threads worth starting for these inputs: no more than there are single images when the batch
 * is only a few of them (a one-page scan reads in this thread and starts no pool at all).
 * Multi-page files (PDF, TIFF) may hold any number of pages, so they keep every thread.
 */
export async function threadsFor(inputs: InputFile[], jobs: number): Promise<number> {
  if (jobs <= 1 || inputs.length >= jobs) return jobs;
  let images = 0;
  for (const f of inputs) {
    const kind = await kindOf(f);
    if (kind === null) continue; // an error line, no reading
    if (!SINGLE_IMAGE.has(kind)) return jobs;
    images++;
  }
  return Math.max(1, Math.min(jobs, images));
}

/**
 * Pages in flight for `jobs` reading threads: two each (one read, one waiting, decoded or being
 * decoded), and one more decoding ahead, so a reading thread seldom waits for a decode. One more
 * than that kept decoded pages waiting long enough to reach V8's old generation: 27-40 full
 * collections per 200 pages instead of 1 (docs/performance.md, fourth round).
 */
export const inFlight = (jobs: number) => jobs * 2 + 1;

/**
 * Decodes at a time when this thread reads the pages itself: every page in flight (inFlight(1),
 * three), leaving one of libuv's four threads free. A page's read now takes about two thirds of
 * its decode: with two decodes at a time this thread waited for a decode while one ran, and
 * three took 0.09-0.16 s off a 200-page batch (2-4 %; medians of 6, 10 and 12 paired runs, the
 * same CPU; docs/performance.md, seventh round). When a read cost more than a decode, three
 * crowded out this thread. A fourth page in flight gave nothing more (12 paired runs).
 */
export const IN_THREAD_DECODES = 3;

/** The format of an input by its first bytes; null when it has an error, is empty or cannot be read. */
async function kindOf(f: InputFile): Promise<InputKind | null> {
  if (f.error) return null;
  return readHead(f.path, 1024)
    .then(({ head, size }) => (size ? sniff(head).kind : null))
    .catch(() => null);
}

export function errorResult(p: { source: string; page: number }, reason: string): PageResult {
  return { source: p.source, page: p.page, status: 'error', reason };
}

/**
 * Read every page of the given files and folders. Pages are decoded here, read in worker
 * threads, and reported through onPage strictly in input order. A bad file or page becomes an
 * `error` result; the batch always goes on. Memory stays bounded: at most inFlight(jobs) pages
 * in flight.
 */
export async function scanInputs(paths: string[], opts: ScanOptions = {}): Promise<ScanSummary> {
  const templateFile = path.resolve(opts.templateFile ?? DEFAULT_TEMPLATE);
  const started = performance.now();
  const inputs = await listInputs(paths);
  const jobs = await threadsFor(inputs, Math.max(1, opts.jobs ?? defaultJobs()));
  const layout = opts.layout ?? (await templateLayout(templateFile)).layout;
  let pool: Piscina | undefined;
  if (jobs > 1) {
    const workerData: ScanWorkerData = { omrScanWorker: true, layouts: { [templateFile]: layout } };
    // atomics 'disabled': an idle piscina worker otherwise blocks in Atomics.wait. That stalled a
    // worker's warm-up (zxing, instantiated asynchronously) until a task came; workers no longer
    // warm up (zxing loads inside a task, when a code is not read in place: qr-grid.ts), and the
    // setting stays as the memory and speed figures below were measured with it.
    // A 4 MB young generation and no heap headroom: a worker's decoded pages (4 MB each, outside
    // the JS heap) are let go at its collections, and fewer of them wait for one. With 8 MB and
    // 16 MB of ballast (heap.ts, fifth round) `--jobs 2` peaked at 395-407 MB over 5,000 pages; with this at
    // 271 MB, at the same speed (47.4 sheets/s) and 1-2 ms more CPU a page (docs/performance.md).
    // loaded only when threads are wanted: a one-image scan reads in the main thread
    const { Piscina } = await import('piscina');
    pool = new Piscina({
      filename: workerFile(),
      minThreads: jobs,
      maxThreads: jobs,
      idleTimeout: 60_000,
      workerData,
      atomics: 'disabled',
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
  } else rememberLayout(templateFile, layout);
  const sum: ScanSummary = { pages: 0, ok: 0, notASheet: 0, errors: 0, skipped: 0, pagesToReview: 0, flaggedGroups: 0, picturesFailed: 0, seconds: 0, sheetsPerSecond: 0 };
  const queue: Promise<TaskOutput>[] = [];
  let seq = 0;
  /** Whether this thread reads the pages and has counted a second: it then holds the heap headroom (heap.ts). */
  const holdsHeadroom = () => !pool && seq >= 2;
  /** Count a page to read; the second takes the headroom. */
  const nextPage = () => {
    seq++;
    if (seq === 2 && holdsHeadroom()) holdHeapHeadroom();
  };

  const emit = async (out: TaskOutput) => {
    const r = out.result;
    sum.pages++;
    if (r.status === 'ok') sum.ok++;
    else if (r.status === 'not_a_sheet') sum.notASheet++;
    else sum.errors++;
    const fg = r.groups ? Object.values(r.groups).filter((g) => g.flagged).length : 0;
    sum.flaggedGroups += fg;
    if (fg > 0 || (r.flags?.length ?? 0) > 0) sum.pagesToReview++;
    if (r.annotateError) sum.picturesFailed++;
    if (out.loaded.sha256 && r.sha256 === undefined) r.sha256 = out.loaded.sha256;
    await opts.onPage?.(r, out.loaded);
  };
  const drain = async (keep: number) => {
    while (queue.length > keep) await emit(await queue.shift()!);
  };
  const gate: DecodeGate = pLimit(IN_THREAD_DECODES);
  const run = (task: PageTask, fallback: { source: string; page: number }): Promise<TaskOutput> => {
    const transfer = task.kind === 'pixels' ? [task.data.buffer as ArrayBuffer] : [task.bytes.buffer as ArrayBuffer];
    const p = pool ? (pool.run(task, { transferList: transfer }) as Promise<TaskOutput>) : readTask(task, gate);
    return p.catch((e: Error) => ({
      result: errorResult(fallback, `internal error while reading the page (${e.message}) → run again with --debug and report it`),
      loaded: fallback,
    }));
  };
  const annotatePath = (source: string, page: number) => (opts.annotateDir ? annotateName(opts.annotateDir, seq, source, page) : undefined);
  const load: LoadOptions = { pdfDpi: opts.pdfDpi, maxDpi: opts.maxDpi ?? 300 };

  try {
    for (const file of inputs) {
      // undefined when it cannot be read: loadPages below reports why, in the loader's words
      const bytes = file.error ? undefined : await readInput(file.path);
      const kind = bytes && bytes.length ? sniff(bytes.subarray(0, 1024)).kind : null;
      if (bytes && (kind === 'jpeg' || kind === 'png' || kind === 'webp' || kind === 'gif')) {
        // A single image: hash here (for skip), decode and read in a worker.
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        if (opts.skip?.({ source: file.source, page: 1, sha256 })) {
          sum.skipped++;
          continue;
        }
        nextPage();
        // the file's own buffer is handed over when it holds nothing else (readFile's usually does)
        const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
        const handed = own ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
        queue.push(run({ kind: 'bytes', templateFile, source: file.source, bytes: handed, sha256, load, annotatePath: annotatePath(file.source, 1) }, { source: file.source, page: 1 }));
        await drain(inFlight(jobs));
        continue;
      }
      // Multi-page files (TIFF, PDF) and anything unreadable: pages decoded here, one at a time.
      const pages = bytes && kind ? loadBuffer(bytes, file.source, load) : loadPages(file, load);
      for await (const page of pages) {
        if (opts.skip?.({ source: page.source, page: page.page, sha256: page.sha256 })) {
          sum.skipped++;
          continue;
        }
        nextPage();
        const { image, ...loaded } = page;
        if (!image) {
          queue.push(Promise.resolve({ result: errorResult(page, page.error ?? 'page could not be decoded → scan it again'), loaded }));
        } else {
          const task: PageTask = { kind: 'pixels', templateFile, source: page.source, page: page.page, width: image.width, height: image.height, data: image.data, annotatePath: annotatePath(page.source, page.page) };
          queue.push(run(task, page).then((o) => ({ ...o, loaded })));
        }
        await drain(inFlight(jobs));
      }
    }
    await drain(0);
  } finally {
    await pool?.destroy();
    if (holdsHeadroom()) releaseHeapHeadroom();
  }
  sum.seconds = Math.round((performance.now() - started) / 10) / 100;
  sum.sheetsPerSecond = sum.seconds > 0 ? Math.round((sum.pages / sum.seconds) * 10) / 10 : 0;
  return sum;
}
