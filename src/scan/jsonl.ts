import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { PageResult } from './types.js';

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
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    this.partial = `${out}.partial`;
    this.fd = openSync(this.partial, 'w');
  }

  write(r: PageResult): void {
    writeSync(this.fd, JSON.stringify(r) + '\n');
    this.lines++;
  }

  /** Finish: flush to disk and rename into place. */
  close(): number {
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.partial, this.out);
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
