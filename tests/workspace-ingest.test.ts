/**
 * Ingest survives a kill: a child process (`node bin/omr scan -w`, the built CLI) is killed
 * with SIGKILL in mid-batch; nothing committed is lost, the next run goes on from where it
 * stopped, and the workspace ends up with exactly what an uninterrupted run gives.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { candidates, defaultExam, keyCsv, makeScans, rosterCsv } from './workspace-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'omr');
const N = 30;

function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  return main(['node', 'omr', '--lang', 'en', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false }).then((code) => ({ code, out, err }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pageCount(db: string): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0;
  }
}

/** What a page read is, without the parts that differ between runs (timings, run folder). */
function reads(db: string): Map<string, unknown> {
  const d = new Database(db, { readonly: true });
  const rows = d.prepare('SELECT file_sha256, page, source, status, serial, sbd, made, result FROM pages ORDER BY id').all() as any[];
  d.close();
  return new Map(
    rows.map((r) => {
      const { timings, annotated, ...rest } = JSON.parse(r.result);
      void timings;
      void annotated;
      return [`${r.file_sha256}:${r.page}`, { ...r, result: rest }];
    }),
  );
}

let base: string;
let scans: string;

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'omr-ingest-'));
  const list = candidates(N);
  writeFileSync(path.join(base, 'roster.csv'), rosterCsv(list));
  writeFileSync(path.join(base, 'keys.csv'), keyCsv(['101', '102']));
  writeFileSync(path.join(base, 'exam.json'), JSON.stringify(defaultExam(2025)));
  scans = path.join(base, 'scans');
  await makeScans(
    scans,
    list.map((c, i) => ({ serial: String(i + 1).padStart(6, '0'), candidate: c, sbd: c.sbd, made: i % 2 ? '102' : '101', correct: 30 + ((i * 7) % 70), ...(i % 10 === 3 ? { marks: { 12: 'light' as const } } : {}) })),
  );
});

async function init(name: string): Promise<string> {
  const ws = path.join(base, name);
  const r = await run(['init', ws, '--exam', path.join(base, 'exam.json'), '--roster', path.join(base, 'roster.csv'), '--key', path.join(base, 'keys.csv')]);
  expect(r.code).toBe(0);
  return ws;
}

describe('scan -w killed in mid-batch', () => {
  it(`loses nothing committed, resumes where it stopped, and ends equal to an uninterrupted run (${N} pages, --jobs 1)`, async () => {
    // the uninterrupted run
    const wsA = await init('ws-a');
    const a = await run(['scan', '-w', wsA, scans, '--jobs', '1', '--json']);
    const sa = JSON.parse(a.out.join(''));
    expect(sa.added).toBe(N);

    // the run that is killed
    const wsB = await init('ws-b');
    const dbB = path.join(wsB, 'omr.sqlite');
    const child = spawn(process.execPath, [BIN, 'scan', '-w', wsB, scans, '--jobs', '1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    const t0 = Date.now();
    while (pageCount(dbB) < 8) {
      if (child.exitCode !== null) throw new Error(`the scan ended before it could be killed: ${stderr}`);
      if (Date.now() - t0 > 120_000) throw new Error('no progress in 120 s');
      await sleep(50);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const committed = pageCount(dbB);
    expect(committed).toBeGreaterThanOrEqual(8);
    expect(committed).toBeLessThan(N);

    // what was committed is whole and equal to the uninterrupted run's reads
    const ra = reads(path.join(wsA, 'omr.sqlite'));
    const rb1 = reads(dbB);
    for (const [k, v] of rb1) expect(v, k).toEqual(ra.get(k));
    const d = new Database(dbB, { readonly: true });
    expect(d.prepare('SELECT finished_at FROM scan_runs WHERE id = 1').get()).toEqual({ finished_at: null });
    d.close();

    // resume: only the pages not committed are read
    const b = await run(['scan', '-w', wsB, scans, '--jobs', '1', '--json']);
    const sb = JSON.parse(b.out.join(''));
    expect(sb.alreadyRead).toBe(committed);
    expect(sb.added).toBe(N - committed);
    expect(sb.pagesInWorkspace).toBe(N);

    // the same database content and the same results
    const rb = reads(dbB);
    expect([...rb.keys()]).toEqual([...ra.keys()]);
    expect(rb).toEqual(ra);
    const sA = JSON.parse((await run(['status', '-w', wsA, '--json'])).out.join(''));
    const sB = JSON.parse((await run(['status', '-w', wsB, '--json'])).out.join(''));
    for (const k of ['pages', 'candidates', 'bands', 'flagsOpen', 'conflicts', 'keys'] as const) expect(sB[k], k).toEqual(sA[k]);
    await run(['export', '-w', wsA, '--out', path.join(base, 'out-a'), '--no-xlsx']);
    await run(['export', '-w', wsB, '--out', path.join(base, 'out-b'), '--no-xlsx']);
    for (const f of ['ket-qua.csv', 'bai-lam.csv', 'phan-tich-cau-hoi.csv', 'tong-hop.csv']) {
      expect(readFileSync(path.join(base, 'out-b', f), 'utf8'), f).toBe(readFileSync(path.join(base, 'out-a', f), 'utf8'));
    }

    // and a third run adds nothing
    const c = JSON.parse((await run(['scan', '-w', wsB, scans, '--jobs', '1', '--json'])).out.join(''));
    expect(c.added).toBe(0);
    expect(c.alreadyRead).toBe(N);
  });
});
