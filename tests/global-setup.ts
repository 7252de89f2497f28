/**
 * Every test run gets its own temporary folder, removed at the end: tests, the CLI processes
 * they start and the code under test (os.tmpdir() reads TMPDIR) write there, so a run leaves
 * nothing in the system temp folder even when a test forgets to clean up or fails half-way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(tmpdir(), 'omr-tests-'));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
