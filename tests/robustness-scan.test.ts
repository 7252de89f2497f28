/**
 * Issue 8, the scanning side (items 3, 4, 5, 10, 12, 14): real runs on generated inputs, in a
 * temp folder removed at the end. Each case asserts the exit code, the exact message, that
 * nothing is lost (pages in the database, integrity check) and that no stray file is left.
 */
import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { MIGRATIONS, openDb, SCHEMA_VERSION } from '../src/workspace/db.js';
import { computeResults } from '../src/workspace/results.js';
import { openWorkspace } from '../src/workspace/workspace.js';
import { candidates, defaultExam, keyCsv, keyOf, makeScans, rosterCsv, type SheetFill } from './workspace-helpers.js';

function run(argv: string[], lang = 'en'): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  return main(['node', 'omr', '--lang', lang, ...argv], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false }).then((code) => ({ code, out, err }));
}
const json = <T = any>(r: { out: string[] }): T => JSON.parse(r.out.join('\n')) as T;

const roster = candidates(4);
const serial = (n: number) => String(n).padStart(6, '0');

let base: string;
let sheetA: string; // serial 1, candidate 1
let rescanA: string; // the same sheet scanned again (other bytes, same read)
let forged: string; // serial 1 again, candidate 1's SBD, other answers
let sheetB: string; // serial 2, candidate 2
let sheetC: string; // serial 3, candidate 3

function pagesIn(ws: string): { id: number; source: string; page: number; status: string; serial: string | null; annotated: string | null }[] {
  const db = new Database(path.join(ws, 'omr.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id, source, page, status, serial, annotated FROM pages ORDER BY id').all() as any[];
  } finally {
    db.close();
  }
}

function integrity(ws: string): string {
  const db = new Database(path.join(ws, 'omr.sqlite'), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

async function newWorkspace(name: string): Promise<string> {
  const ws = path.join(base, name);
  const r = await run(['init', ws, '--exam', path.join(base, 'exam.json'), '--roster', path.join(base, 'roster.csv'), '--key', path.join(base, 'keys.csv')]);
  expect(r.code).toBe(0);
  return ws;
}

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'omr-robust-b-'));
  writeFileSync(path.join(base, 'roster.csv'), rosterCsv(roster));
  writeFileSync(path.join(base, 'keys.csv'), keyCsv(['101', '102']));
  writeFileSync(path.join(base, 'exam.json'), JSON.stringify(defaultExam(2025), null, 2));
  const sheets: SheetFill[] = [
    { serial: serial(1), candidate: roster[0], sbd: roster[0].sbd, made: '101', correct: 90, marks: { 5: 'light' } },
    { serial: serial(1), candidate: roster[0], sbd: roster[0].sbd, made: '101', correct: 40 },
    { serial: serial(2), candidate: roster[1], sbd: roster[1].sbd, made: '102', correct: 70 },
    { serial: serial(3), candidate: roster[2], sbd: roster[2].sbd, made: '101', correct: 60 },
  ];
  [sheetA, forged, sheetB, sheetC] = await makeScans(path.join(base, 'made'), sheets, { names: (i) => ['a.jpg', 'forged.jpg', 'b.jpg', 'c.jpg'][i] });
  rescanA = path.join(base, 'made', 'a-rescan.jpg');
  await sharp(sheetA).jpeg({ quality: 80 }).toFile(rescanA);
}, 300_000);

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
describe('item 5: an override belongs to the page it was made on; a conflict is decided', () => {
  it('does not reach a later different page with the same serial; --exclude / --keep settle the conflict, recorded', async () => {
    const ws = await newWorkspace('ws-5');
    const scanner = path.join(base, 'scanner-5');
    mkdirSync(scanner);
    copyFileSync(sheetA, path.join(scanner, '1-a.jpg'));
    copyFileSync(rescanA, path.join(scanner, '2-a-rescan.jpg'));
    expect((await run(['scan', '-w', ws, scanner, '--jobs', '1'])).code).toBe(1); // câu 5 is faint

    // the override reaches the page and its identical re-scan
    let r = await run(['override', '-w', ws, '--serial', serial(1), '--question', '5', '--value', keyOf('101', 5), '--by', 'Nguyễn Văn A', '--reason', 'tô mờ, đã xem phiếu gốc']);
    expect(r.code).toBe(0);
    expect(r.out[1]).toBe(`  applies to 2 identical scans of this page: ${scanner}/1-a.jpg p.1, ${scanner}/2-a-rescan.jpg p.1`);

    // a different page with the same serial and SBD arrives later
    copyFileSync(forged, path.join(scanner, '3-forged.jpg'));
    expect((await run(['scan', '-w', ws, scanner, '--jobs', '1'])).code).not.toBe(2);
    const pages = pagesIn(ws);
    expect(pages.map((p) => [p.source.split('/').pop(), p.serial])).toEqual([
      ['1-a.jpg', serial(1)],
      ['2-a-rescan.jpg', serial(1)],
      ['3-forged.jpg', serial(1)],
    ]);
    const forgedPage = pages[2];
    let ws_ = openWorkspace(ws);
    let res = computeResults(ws_);
    ws_.close();
    const row = res.grades.rows.find((x) => x.sbd === roster[0].sbd)!;
    expect(row.status).toBe('conflict');
    // the forged page did not receive the override: its answer to câu 5 is its own read
    expect(res.openFlags.filter((f) => f.pageId === forgedPage.id)).toEqual([]);
    expect(row.notes.filter((n) => n.startsWith('Sửa tay câu 5'))).toHaveLength(1);
    expect(res.grades.issues.filter((i) => i.kind === 'conflict_serial' || i.kind === 'conflict_sbd').length).toBe(2);

    // a serial on pages read differently names no single sheet any more
    r = await run(['override', '-w', ws, '--serial', serial(1), '--question', '7', '--value', 'A', '--by', 'a', '--reason', 'b']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      `omr: số phiếu 000001 is on 3 pages that were read differently (${pages.map((p) => `${p.source} p.1`).join('; ')}): a correction belongs to one page → name the page with --page, e.g. --page ${forgedPage.source}:1, or settle the conflict first: omr override --page ${forgedPage.source}:1 --keep (or --exclude) --by NAME --reason TEXT`,
    ]);

    let st = json(await run(['status', '-w', ws, '--json']));
    expect(st.conflicts).toBe(2);

    // decision: the forged page is left out
    r = await run(['override', '-w', ws, '--page', `${forgedPage.source}:1`, '--exclude', '--by', 'Trần Thị B', '--reason', 'phiếu giả, trùng số phiếu 000001']);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`✔ Decision #1: ${forgedPage.source} p.1 is left out of the results (Trần Thị B: phiếu giả, trùng số phiếu 000001)`, '  conflicts: 2 → 0']);
    st = json(await run(['status', '-w', ws, '--json']));
    expect(st.conflicts).toBe(0);
    expect(st.pages.excluded).toBe(1);
    expect(st.decisions).toBe(1);
    const text = (await run(['status', '-w', ws])).out.join('\n');
    expect(text).toContain('Decisions: 1 (1 page(s) left out of the results, kept as evidence)');
    ws_ = openWorkspace(ws);
    res = computeResults(ws_);
    ws_.close();
    const scored = res.grades.rows.find((x) => x.sbd === roster[0].sbd)!;
    expect(scored.status).toBe('scored');
    expect(scored.score!.total).toBe(90); // câu 5 (faint) corrected to the key's answer
    expect(scored.notes.some((n) => n.startsWith(`Sửa tay câu 5: (trống) → ${keyOf('101', 5)}`))).toBe(true);

    // the latest decision wins: keep the forged page → the first two are left out instead
    r = await run(['override', '-w', ws, '--page', `${forgedPage.source}:1`, '--keep', '--by', 'Lê C', '--reason', 'biên bản: phiếu thật là phiếu quét sau', '--json']);
    const d = json(r);
    expect(d.replaces).toMatchObject({ id: 1, decision: 'exclude', by: 'Trần Thị B' });
    expect(d.leftOut.map((p: any) => p.source.split('/').pop())).toEqual(['1-a.jpg', '2-a-rescan.jpg']);
    expect(d.conflicts).toEqual({ before: 0, after: 0 });
    ws_ = openWorkspace(ws);
    res = computeResults(ws_);
    ws_.close();
    expect(res.grades.rows.find((x) => x.sbd === roster[0].sbd)!.score!.total).toBe(40);

    // recorded, append-only, with who/why/when; the database refuses to change it
    const db = new Database(path.join(ws, 'omr.sqlite'));
    const rows = db.prepare('SELECT page_id, decision, by, reason, at FROM page_decisions ORDER BY id').all() as any[];
    expect(rows.map((x) => [x.page_id, x.decision, x.by])).toEqual([
      [forgedPage.id, 'exclude', 'Trần Thị B'],
      [forgedPage.id, 'keep', 'Lê C'],
    ]);
    expect(rows[0].at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(() => db.prepare("UPDATE page_decisions SET decision = 'keep'").run()).toThrow(/decisions are never changed/);
    expect(() => db.prepare('DELETE FROM page_decisions').run()).toThrow(/decisions are never deleted/);
    db.close();
    expect(integrity(ws)).toBe('ok');
  });

  it('--exclude / --keep refuse what they cannot decide, in one line', async () => {
    const ws = path.join(base, 'ws-5');
    let r = await run(['override', '-w', ws, '--serial', serial(1), '--exclude', '--by', 'a', '--reason', 'b']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['omr: --exclude / --keep need the page: --page SOURCE:PAGE → omr override -w DIR --page scans/lo-2.pdf:7 --exclude --by NAME --reason TEXT']);
    r = await run(['override', '-w', ws, '--page', 'x.jpg:1', '--exclude', '--keep', '--by', 'a', '--reason', 'b'], 'vi');
    expect(r.err).toEqual(['omr: chỉ dùng --exclude hoặc --keep, không dùng cả hai → omr override -w THƯ_MỤC --page scans/lo-2.pdf:7 --exclude --by "HỌ TÊN" --reason "LÝ DO"']);
    r = await run(['override', '-w', ws, '--page', 'x.jpg:1', '--keep', '--question', '3', '--by', 'a', '--reason', 'b']);
    expect(r.err[0]).toMatch(/^omr: --exclude \/ --keep decide about a whole page: do not combine them with --question/);
    r = await run(['override', '-w', ws, '--page', '3-forged.jpg:1', '--keep', '--by', 'a', '--reason', ' ']);
    expect(r.err[0]).toMatch(/^omr: --reason must say why/);
  });

  it('migrates serial-based overrides to the page they were made on', () => {
    const file = path.join(base, 'v1.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    db.exec(MIGRATIONS[0]);
    db.prepare("INSERT INTO schema_version VALUES (1, '2025-01-01T00:00:00Z')").run();
    db.prepare("INSERT INTO scan_runs (id, started_at, cwd, inputs) VALUES (1, '2025-01-01T00:00:00Z', '/', '[]')").run();
    const page = db.prepare("INSERT INTO pages (file_sha256, page, source, path, status, serial, result, run_id, read_at) VALUES (?, 1, ?, ?, 'ok', '000001', '{}', 1, ?)");
    page.run('a'.repeat(64), 'a.jpg', '/a.jpg', '2025-01-01T01:00:00Z');
    page.run('b'.repeat(64), 'b.jpg', '/b.jpg', '2025-01-01T03:00:00Z'); // read after the override
    db.prepare("INSERT INTO overrides (serial, field, question, value, read_value, by, reason, at) VALUES ('000001', 'answer', 5, 'B', '', 'A', 'r', '2025-01-01T02:00:00Z')").run();
    db.prepare("INSERT INTO overrides (page_id, field, value, read_value, by, reason, at) VALUES (2, 'sbd', '000002', '000001', 'A', 'r', '2025-01-01T04:00:00Z')").run();
    db.close();
    const up = openDb(file);
    expect(up.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({ v: SCHEMA_VERSION });
    expect(up.prepare('SELECT id, page_id, serial, field, question, value, by FROM overrides ORDER BY id').all()).toEqual([
      { id: 1, page_id: 1, serial: '000001', field: 'answer', question: 5, value: 'B', by: 'A' },
      { id: 2, page_id: 2, serial: '000001', field: 'sbd', question: null, value: '000002', by: 'A' },
    ]);
    expect(() => up.prepare('DELETE FROM overrides').run()).toThrow(/never deleted/);
    expect(up.pragma('integrity_check', { simple: true })).toBe('ok');
    up.close();
  });
});

// ---------------------------------------------------------------------------------------------
const BIN = path.resolve('bin/omr');
interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}
function omr(args: string[], opts: { env?: Record<string, string> } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, OMR_LANG: 'en', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Another writer that holds the write lock for a while, again and again (the other desk's omr on
 * a slow disk): a transaction that starts as a reader and then writes fails at once against it.
 */
const HOLDER = `
const Database = require(${JSON.stringify(path.resolve('node_modules/better-sqlite3'))});
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 10000');
const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
for (;;) { db.exec('BEGIN IMMEDIATE'); nap(300); db.exec('COMMIT'); nap(60); }
`;

describe('item 3: two scanners on one workspace at once', () => {
  it('both finish, every page stored once, both runs finished; a reader meanwhile never fails', async () => {
    const ws = await newWorkspace('ws-3');
    const fills: SheetFill[] = Array.from({ length: 4 }, (_, i) => ({ serial: serial(20 + i), sbd: roster[i].sbd, made: '101', correct: 50 + i }));
    const one = path.join(base, 'desk-1');
    const two = path.join(base, 'desk-2');
    const files = await makeScans(one, fills);
    mkdirSync(two);
    // the second desk scans the same sheets again: other bytes (other file hashes), its own pages
    for (const f of files) await sharp(f).jpeg({ quality: 85 }).toFile(path.join(two, path.basename(f)));

    const holder = spawn(process.execPath, ['-e', HOLDER, path.join(ws, 'omr.sqlite')], { stdio: 'ignore' });
    try {
      const scans = [omr(['scan', '-w', ws, one, '--jobs', '1', '--json']), omr(['scan', '-w', ws, two, '--jobs', '1', '--json'])];
      const reads: Ran[] = [];
      for (let i = 0; i < 1; i++) reads.push(await omr(['status', '-w', ws, '--json']));
      const [a, b] = await Promise.all(scans);
      for (const r of [a, b]) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ pages: 4, added: 4, errors: 0 });
      }
      for (const r of reads) {
        expect(r.stderr).toBe('');
        expect(JSON.parse(r.stdout).workspace).toBe(ws);
      }
    } finally {
      holder.kill();
    }
    expect(pagesIn(ws)).toHaveLength(8);
    const db = new Database(path.join(ws, 'omr.sqlite'), { readonly: true });
    const runs = db.prepare('SELECT pages_added, finished_at FROM scan_runs ORDER BY id').all() as { pages_added: number; finished_at: string | null }[];
    db.close();
    expect(runs.map((x) => x.pages_added)).toEqual([4, 4]);
    for (const x of runs) expect(x.finished_at).toMatch(/^\d{4}-/);
    expect(integrity(ws)).toBe('ok');
  });
});

/** Every file under a folder (relative paths), with its size. */
function filesUnder(dir: string): { name: string; size: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const full = path.join(d.parentPath, d.name);
      return { name: path.relative(dir, full), size: statSync(full).size };
    });
}

describe('item 4: a correct read is stored even when its picture cannot be written', () => {
  let sizes: { jpeg: number; db: number; wal: number };

  it('a 250-byte file name: the picture gets a short name that fits, on every run', async () => {
    const ws = await newWorkspace('ws-4a');
    const dir = path.join(base, 'long-names');
    mkdirSync(dir);
    const long = path.join(dir, `${'a'.repeat(246)}.jpg`); // 250 bytes: the longest name most file systems allow is 255
    copyFileSync(sheetB, long);
    let r = await run(['scan', '-w', ws, dir, '--jobs', '1']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const pages = pagesIn(ws);
    expect(pages.map((p) => p.status)).toEqual(['ok']);
    const pic = path.basename(pages[0].annotated!);
    expect(pic).toMatch(/^0001-a{71}~[0-9a-f]{8}-p1\.jpg$/);
    expect(existsSync(path.join(ws, pages[0].annotated!))).toBe(true);
    r = await run(['scan', '-w', ws, dir, '--jobs', '1', '--json']);
    expect(json(r)).toMatchObject({ added: 0, alreadyRead: 1 });
    const jpeg = statSync(path.join(ws, pages[0].annotated!)).size;
    const db = statSync(path.join(ws, 'omr.sqlite')).size;
    const wal = existsSync(path.join(ws, 'omr.sqlite-wal')) ? statSync(path.join(ws, 'omr.sqlite-wal')).size : 0;
    sizes = { jpeg, db, wal };
  });

  it('disk full (file-size limit in a child process): both reads stored, one line per picture, no cut-off file', async () => {
    const ws = await newWorkspace('ws-4b');
    const dir = path.join(base, 'full-disk');
    mkdirSync(dir);
    copyFileSync(sheetB, path.join(dir, 'b.jpg'));
    copyFileSync(sheetC, path.join(dir, 'c.jpg'));
    // a limit above what the database needs for two pages, below one picture
    const dbNow = statSync(path.join(ws, 'omr.sqlite')).size;
    const limitKb = Math.floor((dbNow + 3 * sizes.wal + 64 * 1024) / 1024);
    expect(limitKb * 1024).toBeLessThan(sizes.jpeg); // else the case would test nothing
    const r = await new Promise<Ran>((resolve) => {
      const child = spawn('bash', ['-c', `ulimit -f ${limitKb}; exec "$0" "$@"`, process.execPath, BIN, 'scan', '-w', ws, dir, '--jobs', '1'], {
        env: { ...process.env, OMR_LANG: 'en' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    const run1 = path.join(ws, 'annotated', 'run-0001');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `  ⚠ annotated picture not written: ${path.join(run1, '0001-b-p1.jpg')} (file too large for the disk or the size limit); the read is stored`,
      `  ⚠ annotated picture not written: ${path.join(run1, '0002-c-p1.jpg')} (file too large for the disk or the size limit); the read is stored`,
      '2 annotated picture(s) could not be written (see above): the reads are complete; free space or fix the folder, the next run writes pictures of new pages only',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2 page\(s\) added in run 1/);
    expect(pagesIn(ws).map((p) => [p.status, p.annotated])).toEqual([
      ['ok', null],
      ['ok', null],
    ]);
    expect(filesUnder(path.join(ws, 'annotated'))).toEqual([]); // no 0-byte, cut-off or temp file
    expect(integrity(ws)).toBe('ok');
  });
});

describe('item 14: byte-identical files in one scan -w run', () => {
  it('are recognised by hash before decoding: one line each naming the file read; pictures only of stored pages', async () => {
    const ws = await newWorkspace('ws-14');
    const dir = path.join(base, 'copies');
    mkdirSync(dir);
    copyFileSync(sheetB, path.join(dir, 'b.jpg'));
    for (const n of ['copy-1.jpg', 'copy-2.jpg', 'copy-3.jpg']) copyFileSync(sheetB, path.join(dir, n));
    copyFileSync(sheetC, path.join(dir, 'c.jpg'));
    const r = await run(['scan', '-w', ws, dir, '--jobs', '1']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const src = (n: string) => path.join(dir, n);
    expect(r.out.filter((l) => l.includes('same bytes'))).toEqual(
      ['copy-1.jpg', 'copy-2.jpg', 'copy-3.jpg'].map((n) => `${src(n)}: same bytes as ${src('b.jpg')} (read once, under that name): not read again`),
    );
    expect(r.out).toContain('3 file(s) were copies of other files in this run: read once');
    expect(r.out.find((l) => /^Pages read: /.test(l))).toMatch(/^Pages read: 2 /);
    const pages = pagesIn(ws);
    expect(pages.map((p) => path.basename(p.source))).toEqual(['b.jpg', 'c.jpg']);
    expect(filesUnder(path.join(ws, 'annotated')).map((f) => f.name).sort()).toEqual(pages.map((p) => path.relative('annotated', p.annotated!)).sort());
    expect(integrity(ws)).toBe('ok');
  });
});

describe('item 10: odd entries in a scanned folder each get a line and a record', () => {
  it('a dangling link, a link loop, a link back up the tree and a named pipe: status error with a reason, nothing hangs', async () => {
    const dir = path.join(base, 'odd');
    mkdirSync(dir);
    copyFileSync(sheetB, path.join(dir, 'b.jpg'));
    symlinkSync('missing.jpg', path.join(dir, 'dangling.jpg'));
    symlinkSync('loop.jpg', path.join(dir, 'loop.jpg'));
    symlinkSync('.', path.join(dir, 'again'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.jpg')]);
    const out = path.join(base, 'odd.jsonl');
    const r = await run(['scan', dir, '--out', out, '--jobs', '1']);
    expect(r.code).toBe(1);
    const src = (n: string) => path.join(dir, n);
    expect(r.out.slice(0, 5)).toEqual([
      `${src('again')}: error — link back to a folder above it (.), not followed → remove the link; the files there are read once`,
      `${src('b.jpg')} p.1: ok · serial 000002 · SBD 000002 · mã đề 102 · rotation 0°`,
      `${src('dangling.jpg')}: error — symbolic link leads nowhere (to missing.jpg) → copy the real file here or remove the link`,
      `${src('loop.jpg')}: error — symbolic link loops back on itself → replace it with the real file or remove the link`,
      `${src('pipe.jpg')}: error — not a file but a named pipe → copy the scan here as an ordinary file`,
    ]);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((x) => [path.basename(x.source), x.status])).toEqual([
      ['again', 'error'],
      ['b.jpg', 'ok'],
      ['dangling.jpg', 'error'],
      ['loop.jpg', 'error'],
      ['pipe.jpg', 'error'],
    ]);
    const vi = await run(['scan', dir, '--out', out, '--jobs', '1'], 'vi');
    expect(vi.out.find((l) => l.startsWith(`${src('pipe.jpg')}:`))).toMatch(/: .* — không phải tệp mà là ống dẫn có tên \(FIFO\) → chép ảnh quét vào đây dưới dạng tệp thông thường$/);
  });
});

describe('item 12: a truncated multi-page PDF', () => {
  it('keeps the intact pages, names each page lost, and no library chatter reaches the terminal', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    for (const f of [sheetB, sheetC, sheetA]) {
      const img = await doc.embedJpg(readFileSync(f));
      doc.addPage([595.28, 841.89]).drawImage(img, { x: 0, y: 0, width: 595.28, height: 841.89 });
    }
    const full = Buffer.from(await doc.save({ useObjectStreams: false }));
    // cut inside the third page's image, as an interrupted copy does
    const third = full.lastIndexOf(Buffer.from('/Subtype /Image'));
    const dir = path.join(base, 'truncated');
    mkdirSync(dir);
    const file = path.join(dir, 'lo-1.pdf');
    writeFileSync(file, full.subarray(0, third + 5000));
    const ws = await newWorkspace('ws-12');
    const r = await omr(['scan', '-w', ws, file, '--jobs', '1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      `${file} p.1: ok · serial 000002 · SBD 000002 · mã đề 102 · rotation 0°`,
      `${file} p.2: ok · serial 000003 · SBD 000003 · mã đề 101 · rotation 0°`,
      `${file} p.3: error — PDF is truncated: page 3 of 3 was lost (the pages before it were read) → export the PDF again from the scanner software, or scan this page again`,
    ]);
    expect(r.stdout).not.toMatch(/Trying to parse|Invalid object ref|Warning:/);
    expect(pagesIn(ws).map((p) => [p.page, p.status])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
      [3, 'error'],
    ]);
    expect(integrity(ws)).toBe('ok');
  });
});
