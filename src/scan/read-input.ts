/**
 * Reading one input file's bytes at its turn in a batch.
 *
 * A scanned image (up to SYNC_READ_MAX_BYTES) is read synchronously: a fraction of a millisecond
 * from the page cache. Read asynchronously, its open, stat, read and close each waited for one of
 * libuv's four threads, which sharp's decodes hold for their whole length, and then for this
 * thread to finish the page it was reading; decodes then started in bursts, and for about a sixth
 * of a batch none ran at all. Reading the files ahead asynchronously instead kept the decodes
 * going but kept the buffers alive long enough to reach V8's old generation: 30 full collections
 * per 200 pages instead of 1 (docs/performance.md, fourth round).
 *
 * A big file (a PDF or TIFF of many pages) is read asynchronously: it is read once for all its
 * pages, and a long synchronous read would stall the progress line and the other threads' results.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Files up to this size are read synchronously. */
export const SYNC_READ_MAX_BYTES = 16 * 2 ** 20;

/** The file's bytes, or undefined when it cannot be read (the loader then says why, in its words). */
export async function readInput(file: string, syncMaxBytes = SYNC_READ_MAX_BYTES): Promise<Buffer | undefined> {
  try {
    const st = statSync(file);
    if (!st.isFile()) return undefined; // a pipe would block a synchronous read: the loader says what it is
    return st.size <= syncMaxBytes ? readFileSync(file) : await readFile(file);
  } catch {
    return undefined;
  }
}
