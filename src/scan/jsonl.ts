import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
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
      writeSync(this.fd, JSON.stringify(r) + '\n');
    } catch (e) {
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
