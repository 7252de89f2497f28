import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { PageResult } from './types.js';
import { msg } from '../i18n/index.js';
import { writeError } from '../util/atomic.js';

/**
 * Streams one JSON line per page to `<out>.partial`, each line written to the OS as soon as the
 * page is read (a killed process loses nothing already written), and renames it to `<out>`
 * when the batch is complete.
 */
export class JsonlWriter {
  readonly partial: string;
  private fd: number;
  private lines = 0;
  private bytes = 0;

  constructor(readonly out: string) {
    this.partial = `${out}.partial`;
    try {
      mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      this.fd = openSync(this.partial, 'w');
    } catch (e) {
      throw writeError(e, this.partial, undefined, true);
    }
  }

  write(r: PageResult): void {
    try {
      // a short write (a file-size limit, a nearly full disk) is not an error: write the rest,
      // so that the next call fails (ENOSPC/EFBIG) instead of a line being cut silently
      const buf = Buffer.from(JSON.stringify(r) + '\n', 'utf8');
      for (let off = 0; off < buf.length; ) off += writeSync(this.fd, buf, off, buf.length - off);
      this.bytes += buf.length;
    } catch (e) {
      try {
        ftruncateSync(this.fd, this.bytes); // no cut line: the partial file holds whole pages only
      } catch {
        /* keep what is there */
      }
      throw writeError(e, this.partial, msg('io.keptPartial', { file: this.partial }));
    }
    this.lines++;
  }

  /** Finish: flush to disk and rename into place (a write error names the path and its cause; the partial file stays). */
  close(): number {
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      renameSync(this.partial, this.out);
    } catch (e) {
      throw writeError(e, this.out, msg('io.keptPartial', { file: this.partial }));
    }
    return this.lines;
  }

  /** Stop without renaming (the partial file keeps what was read). */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}
