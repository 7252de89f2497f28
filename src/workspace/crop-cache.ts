/**
 * Pictures the desk shows, made once and kept on disk in DIR/.cache/: the crop of a flagged
 * group (crop.ts) and a small thumbnail of each page. Named by page id and group only (never a
 * path from outside), written atomically; a second request for the same picture while it is
 * being made waits for the first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Layout } from '../template/layout.js';
import { writeFileAtomic } from '../util/atomic.js';
import { cropGroup, pagePicture, type CropSource } from './crop.js';
import type { PageRecord } from './results.js';
import type { Workspace } from './workspace.js';

export const CACHE_DIR = '.cache';
const GROUP_RE = /^(q\d{1,3}|sbd\.\d|made\.\d)$/;

const inFlight = new Map<string, Promise<string | null>>();

function once(file: string, make: () => Promise<Buffer | null>): Promise<string | null> {
  if (existsSync(file)) return Promise.resolve(file);
  const running = inFlight.get(file);
  if (running) return running;
  const p = (async () => {
    try {
      const bytes = await make();
      if (!bytes) return null;
      await writeFileAtomic(file, bytes);
      return file;
    } finally {
      inFlight.delete(file);
    }
  })();
  inFlight.set(file, p);
  return p;
}

/** A small memory of decoded page pictures (several crops of one page in a row). */
const pictures = new Map<string, Promise<CropSource | null>>();
function pictureOf(ws: Workspace, p: PageRecord): Promise<CropSource | null> {
  const k = `${ws.dir}|${p.id}`;
  let pic = pictures.get(k);
  if (!pic) {
    pic = pagePicture(ws.dir, p);
    pictures.set(k, pic);
    while (pictures.size > 4) pictures.delete(pictures.keys().next().value!);
  }
  return pic;
}

/** Path of the cached crop of `group` on page `p` (made now if needed); null when it cannot be made. */
export function cachedCrop(ws: Workspace, p: PageRecord, group: string, layout: Layout): Promise<string | null> {
  if (!GROUP_RE.test(group)) return Promise.resolve(null);
  const file = path.join(ws.dir, CACHE_DIR, 'crops', `p${p.id}-${group}.jpg`);
  return once(file, async () => {
    const pic = await pictureOf(ws, p);
    return pic ? cropGroup(pic, layout, p.result, group) : null;
  });
}

/** Path of the cached thumbnail (160 px wide) of page `p`; null when the page has no picture. */
export function cachedThumb(ws: Workspace, p: PageRecord): Promise<string | null> {
  const file = path.join(ws.dir, CACHE_DIR, 'thumbs', `p${p.id}.jpg`);
  return once(file, async () => {
    const pic = await pictureOf(ws, p);
    if (!pic) return null;
    const img = Buffer.isBuffer(pic.input) ? sharp(pic.input) : sharp(pic.input.data, { raw: { width: pic.input.width, height: pic.input.height, channels: 1 } });
    return img.resize({ width: 160 }).jpeg({ quality: 70 }).toBuffer();
  });
}

/** The annotated JPEG of a page (inside the workspace), or null. */
export function annotatedFile(ws: Workspace, p: PageRecord): string | null {
  if (!p.annotated) return null;
  const file = path.resolve(ws.dir, p.annotated); // from the database, never from a request
  return existsSync(file) ? file : null;
}

/** Path of a JPEG of the whole page: the annotated JPEG when there is one, else the page decoded again (cached). */
export async function pageImage(ws: Workspace, p: PageRecord): Promise<string | null> {
  const a = annotatedFile(ws, p);
  if (a) return a;
  const file = path.join(ws.dir, CACHE_DIR, 'pages', `p${p.id}.jpg`);
  return once(file, async () => {
    const pic = await pictureOf(ws, p);
    if (!pic) return null;
    const img = Buffer.isBuffer(pic.input) ? sharp(pic.input) : sharp(pic.input.data, { raw: { width: pic.input.width, height: pic.input.height, channels: 1 } });
    return img.jpeg({ quality: 80 }).toBuffer();
  });
}
