import { promises as fs, writeFileSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';

function tempName(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** Write a file atomically: write a temp file beside it, then rename over the target. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(target)), { recursive: true });
  const tmp = tempName(path.resolve(target));
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  const tmp = tempName(path.resolve(target));
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
}
