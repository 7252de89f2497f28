/**
 * Worker thread: loads the QR reader once, then reads pages sent to it, either as
 * pixels decoded by the main thread (pages of multi-page TIFF and PDF files) or as the bytes of a
 * single-image file (JPEG, PNG), which it decodes itself so decoding runs in parallel too.
 * Used through piscina by src/scan/batch.ts, and in the main thread (readTask) when one thread
 * reads.
 *
 * Start-up is what a short batch pays for, so it is kept to what reading needs: the layout comes
 * from the main thread (workerData, no template parsing here), pdf-lib and pdfjs are never loaded
 * for single images, and zxing only for a QR code that cannot be read in place (src/scan/qr-grid.ts).
 */
import path from 'node:path';
import { isMainThread, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { writeFileAtomic } from '../util/atomic.js';
import type { Layout } from '../template/layout.js';
import type { GrayImage } from '../util/raster.js';
import { annotatePage } from './annotate.js';
import { loadBuffer, type LoadedPage, type LoadOptions } from './load.js';
import { readPage } from './read.js';
import type { PageResult } from './types.js';

// libvips keeps a cache of decoded images: useless here (every page is read once) and it
// would hold up to 50 MB per thread.
sharp.cache(false);
// Parallelism comes from the worker threads; one libvips thread each avoids oversubscription.
sharp.concurrency(1);

/** What scanInputs gives each worker of its pool. */
export interface ScanWorkerData {
  omrScanWorker: true;
  /** Layouts by template file (absolute path), built once by the main thread. */
  layouts: Record<string, Layout>;
}

const given = !isMainThread && (workerData as ScanWorkerData | undefined)?.omrScanWorker ? (workerData as ScanWorkerData) : undefined;

interface TaskBase {
  templateFile: string;
  source: string;
  /** Write an annotated JPEG here (full path), if set. */
  annotatePath?: string;
}

export interface PixelsTask extends TaskBase {
  kind: 'pixels';
  page: number;
  width: number;
  height: number;
  data: Uint8Array;
}

export interface BytesTask extends TaskBase {
  kind: 'bytes';
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, computed once by the main thread. */
  sha256: string;
  load: LoadOptions;
}

export type PageTask = PixelsTask | BytesTask;

/** What a task gives back: the result, and what the loader learnt (no pixels). */
export interface TaskOutput {
  result: PageResult;
  loaded: Omit<LoadedPage, 'image'>;
}

const layouts = new Map<string, Layout>(Object.entries(given?.layouts ?? {}));

/** Remember a layout built elsewhere (the main thread, when it reads pages itself). */
export function rememberLayout(file: string, layout: Layout): void {
  layouts.set(file, layout);
}

async function layoutFor(file: string): Promise<Layout> {
  let layout = layouts.get(file);
  if (!layout) {
    const { loadLayout } = await import('../template/load.js');
    layout = loadLayout(file).layout;
    layouts.set(file, layout);
  }
  return layout;
}

async function readImage(task: TaskBase, img: GrayImage, page: number): Promise<PageResult> {
  const layout = await layoutFor(task.templateFile);
  const read = await readPage(img, layout, { source: task.source, page });
  if (task.annotatePath) {
    // the read is the product, the picture an extra: a picture that cannot be written (disk full,
    // read-only folder) is reported with the page, never lost as a read; never left half-written
    try {
      await writeFileAtomic(task.annotatePath, await annotatePage(img, layout, read));
      read.result.annotated = task.annotatePath;
    } catch (e) {
      // the file system's own code (ENOSPC, EFBIG, EROFS…), not the OmrError wrapped around it
      const fsError = (e instanceof Error && e.cause !== undefined ? e.cause : e) as NodeJS.ErrnoException;
      read.result.annotateError = { path: task.annotatePath, code: fsError.code ?? fsError.message };
    }
  }
  return read.result;
}

/** Runs a decode when a slot for it is free (see IN_THREAD_DECODES in batch.ts). */
export type DecodeGate = <T>(decode: () => Promise<T>) => Promise<T>;

/** Read one page (also used in-process when --jobs 1, with `gate` bounding its decodes). */
export async function readTask(task: PageTask, gate?: DecodeGate): Promise<TaskOutput> {
  if (task.kind === 'pixels') {
    const img: GrayImage = { width: task.width, height: task.height, data: task.data };
    return { result: await readImage(task, img, task.page), loaded: { source: task.source, page: task.page } };
  }
  // A single-image file: its one page.
  const decode = () => loadBuffer(task.bytes, task.source, task.load, task.sha256).next();
  const { value: lp } = await (gate ? gate(decode) : decode());
  if (!lp) return { result: { source: task.source, page: 1, status: 'error', reason: 'file holds no image → scan the sheet again' }, loaded: { source: task.source, page: 1 } };
  const { image, ...loaded } = lp;
  if (!image) return { result: { source: lp.source, page: lp.page, status: 'error', reason: lp.error ?? 'page could not be decoded → scan it again' }, loaded };
  return { result: await readImage(task, image, lp.page), loaded };
}

export default readTask;
