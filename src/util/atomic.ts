import { promises as fs, writeFileSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { OmrError } from '../errors.js';
import { msg, type Text } from '../i18n/index.js';
import type { WriteCause } from '../i18n/robust.js';

function tempName(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/**
 * The cause of a failed write a person can act on: disk full (ENOSPC, or EFBIG when a file-size
 * limit is hit; SQLite's SQLITE_FULL), read-only (EROFS, SQLITE_READONLY), permission (EACCES,
 * EPERM). Undefined for anything else.
 */
export function writeCause(e: unknown): WriteCause | undefined {
  const code = String((e as NodeJS.ErrnoException)?.code ?? '');
  if (code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT' || code === 'SQLITE_FULL') return 'full';
  if (code === 'EROFS' || code.startsWith('SQLITE_READONLY')) return 'readonly';
  if (code === 'EACCES' || code === 'EPERM') return 'permission';
  return undefined;
}

/**
 * A write error as one line naming the path and the cause (đĩa đầy / thư mục chỉ đọc / không có
 * quyền ghi); `kept` says what was already done and stays. An OmrError passes through.
 */
export function writeError(e: unknown, file: string, kept?: Text, nothing = false): OmrError {
  if (e instanceof OmrError) return e;
  const cause = writeCause(e);
  if (cause) return new OmrError('IO', msg('io.writeFailed', { file, cause, nothing }), { hint: msg('io.writeFailed.hint', { cause, kept: kept ?? null }), cause: e });
  return new OmrError('IO', msg('io.cannotWrite', { file, code: (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e) }), { hint: msg('hint.writable'), cause: e });
}

/** Injected by tests to simulate a full disk; the real fs otherwise. */
export interface WriteFs {
  writeFile: (file: string, data: string | Uint8Array) => Promise<void>;
}
const realFs: WriteFs = { writeFile: (f, d) => fs.writeFile(f, d) };

/**
 * Write a file atomically: write a temp file beside it, then rename over the target. A failure
 * leaves the target as it was (no half-written file under the final name) and throws an OmrError
 * naming the path and the cause.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, io: WriteFs = realFs): Promise<void> {
  await writeFilesAtomic([{ file: target, data }], io);
}

/**
 * Write several files as one step: every temp file is written first; only when all are written
 * are they renamed into place. On a full disk nothing is written under a final name.
 */
export async function writeFilesAtomic(files: { file: string; data: string | Uint8Array }[], io: WriteFs = realFs): Promise<void> {
  const temps: { tmp: string; file: string }[] = [];
  const made: { top: string; leaf: string }[] = []; // folders made here, removed again on failure (while empty)
  let current = files[0]?.file ?? '';
  try {
    for (const { file, data } of files) {
      current = file;
      const dir = await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
      if (dir) made.push({ top: dir, leaf: path.dirname(path.resolve(file)) });
      const tmp = tempName(path.resolve(file));
      temps.push({ tmp, file });
      await io.writeFile(tmp, data).catch(async (e: NodeJS.ErrnoException) => {
        // another writer's clean-up may have removed the (then empty) folder just now: once more
        if (e?.code !== 'ENOENT') throw e;
        await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
        await io.writeFile(tmp, data);
      });
    }
    for (const { tmp, file } of temps) {
      current = file;
      await fs.rename(tmp, file);
    }
  } catch (e) {
    for (const { tmp } of temps) await fs.rm(tmp, { force: true }).catch(() => undefined);
    for (const { top, leaf } of made.reverse()) await removeEmptyFolders(leaf, top);
    throw writeError(e, current, undefined, true);
  }
}

/**
 * Remove the folders a failed write made, deepest first, from `from` up to `top`, each only while
 * it is empty: another writer (a second worker, another omr) may have put its files there meanwhile.
 */
async function removeEmptyFolders(from: string, top: string): Promise<void> {
  for (let d = from; d.startsWith(top); d = path.dirname(d)) {
    try {
      await fs.rmdir(d);
    } catch {
      return; // not empty (or gone): leave it and everything above it
    }
    if (d === top) return;
  }
}

export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  const tmp = tempName(path.resolve(target));
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw writeError(e, target);
  }
}
