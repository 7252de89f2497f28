/**
 * Worker thread: loads OpenCV and the QR reader once, then reads pages sent to it.
 * Used through piscina by src/scan/pool.ts.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadLayout } from '../template/load.js';
import type { Layout } from '../template/layout.js';
import type { GrayImage } from '../util/raster.js';
import { annotatePage } from './annotate.js';
import { loadOpenCV } from './opencv.js';
import { loadQrReader } from './qr.js';
import { readPage } from './read.js';
import type { PageResult } from './types.js';

export interface PageTask {
  templateFile: string;
  source: string;
  page: number;
  width: number;
  height: number;
  data: Uint8Array;
  /** Write an annotated JPEG here (full path), if set. */
  annotatePath?: string;
}

const layouts = new Map<string, Layout>();

/** Read one page (also used in-process when --jobs 1). */
export async function readTask(task: PageTask): Promise<PageResult> {
  await loadOpenCV();
  await loadQrReader();
  let layout = layouts.get(task.templateFile);
  if (!layout) {
    layout = loadLayout(task.templateFile).layout;
    layouts.set(task.templateFile, layout);
  }
  const img: GrayImage = { width: task.width, height: task.height, data: task.data };
  const read = await readPage(img, layout, { source: task.source, page: task.page });
  if (task.annotatePath) {
    await mkdir(path.dirname(task.annotatePath), { recursive: true });
    await writeFile(task.annotatePath, await annotatePage(img, layout, read));
    read.result.annotated = task.annotatePath;
  }
  return read.result;
}

export default readTask;
