/**
 * `omr scan -w DIR --watch FOLDER` and the desk's "watch a folder": read every scan the scanner
 * writes into FOLDER, as it arrives. A file is read only once it has stopped growing (chokidar's
 * awaitWriteFinish: its size has not changed for `settleMs`), so a half-written file is never
 * read. Files already in the folder are looked at when watching starts; the ones already read
 * are skipped by their SHA-256 (ingest.ts), so stopping and starting again (a restart, a power
 * cut) reads exactly what is missing. Batches are read one after another, never two at once.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { ingestScans, type IngestOptions, type IngestSummary } from './ingest.js';
import type { Workspace } from './workspace.js';

export const SCAN_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.pdf'];

export const isScanFile = (f: string): boolean => SCAN_EXTENSIONS.includes(path.extname(f).toLowerCase());

export interface WatchOptions extends Omit<IngestOptions, 'annotateDir'> {
  /** How long a file's size must stay the same before it is read (default 2000 ms). */
  settleMs?: number;
  /** Read a batch (default: ingestScans into the workspace). The desk passes its job queue. */
  ingest?: (files: string[]) => Promise<unknown>;
  /** After each batch read by the default ingest. */
  onBatch?: (s: IngestSummary, files: string[]) => void;
  onError?: (e: unknown) => void;
  /** Poll the folder instead of OS events (network shares). */
  polling?: boolean;
}

export interface FolderWatch {
  folder: string;
  /** Resolves once the files already in the folder have been seen. */
  ready: Promise<void>;
  /** Resolves when no batch is being read. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Check the folder to watch: an existing folder, not inside the workspace's own files. */
export function checkWatchFolder(ws: Workspace, folder: string): string {
  const abs = path.resolve(folder);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new OmrError('USAGE', msg('watch.notFolder', { folder }), { hint: msg('watch.notFolder.hint') });
  }
  const inside = (parent: string, child: string): boolean => {
    const rel = path.relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  // the workspace (or a folder holding it) would read its own annotated pictures as scans
  if (inside(abs, ws.dir) || inside(path.join(ws.dir, 'annotated'), abs) || inside(path.join(ws.dir, '.cache'), abs)) {
    throw new OmrError('USAGE', msg('watch.insideWorkspace', { folder }), { hint: msg('watch.notFolder.hint') });
  }
  return abs;
}

export function watchFolder(ws: Workspace, folder: string, opts: WatchOptions = {}): FolderWatch {
  const abs = checkWatchFolder(ws, folder);
  const settle = opts.settleMs ?? 2000;
  const pending = new Set<string>();
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const ingest =
    opts.ingest ??
    (async (files: string[]) => {
      const s = await ingestScans(ws, files, opts);
      opts.onBatch?.(s, files);
    });

  const flush = (): void => {
    timer = undefined;
    if (closed || pending.size === 0) return;
    const files = [...pending].sort();
    pending.clear();
    chain = chain.then(() => (closed ? undefined : ingest(files))).catch((e) => opts.onError?.(e));
  };
  const add = (file: string): void => {
    if (!isScanFile(file)) return;
    pending.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, 200);
  };

  const w: FSWatcher = watch(abs, {
    ignoreInitial: false,
    persistent: true,
    depth: 8,
    usePolling: opts.polling ?? false,
    interval: 500,
    awaitWriteFinish: { stabilityThreshold: settle, pollInterval: Math.min(250, Math.max(50, Math.round(settle / 4))) },
    ignored: (p, stats) => Boolean(stats?.isFile() && !isScanFile(p)) || path.basename(p).startsWith('.'),
  });
  w.on('add', add);
  w.on('change', add);
  w.on('error', (e) => opts.onError?.(e));
  const ready = new Promise<void>((resolve) => w.once('ready', () => resolve()));

  return {
    folder: abs,
    ready,
    idle: async () => {
      for (;;) {
        const c = chain;
        await c;
        if (c === chain && !timer && pending.size === 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await w.close();
      await chain;
    },
  };
}
