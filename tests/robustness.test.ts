/**
 * Issue 8, under deliberate misuse (items 1, 2, 6, 7, 8, 9, 11): real CLI runs (`node bin/omr`,
 * the built CLI, in child processes) on generated inputs. Each case asserts the exit code, the
 * exact message (rendered from the catalogue), that nothing was lost (pages in the database,
 * PRAGMA integrity_check) and that no stray file was left.
 *
 * A full disk is simulated with a file-size limit in the child (`ulimit -f`, SIGXFSZ ignored so
 * the write fails with EFBIG); a read-only folder with `chattr +i` when the tests run as root
 * (root ignores permissions), else with `chmod a-w`.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { msg, render, type MsgRef } from '../src/i18n/index.js';
import { writeFilesAtomic } from '../src/util/atomic.js';
import { candidates, defaultExam, keyCsv, makeScans, rosterCsv } from './workspace-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'omr');

interface Run {
  code: number;
  out: string;
  err: string;
}

/**
 * Run omr in `cwd`, in Vietnamese (the default language). `spawn`: the built CLI (`node bin/omr`)
 * in a child process; `limitKb`: that child with a file-size limit (a full disk). Otherwise the
 * same entry point in this process (the machine has 2 cores shared by many runs: a child costs
 * seconds, so most cases run here).
 */
async function omr(cwd: string, args: string[], opts: { limitKb?: number; spawn?: boolean } = {}): Promise<Run> {
  if (opts.spawn || opts.limitKb !== undefined) {
    const env = { ...process.env, OMR_LANG: 'vi' };
    const r =
      opts.limitKb === undefined
        ? spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' })
        : spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f ${opts.limitKb}; exec "$0" "$@"`, process.execPath, BIN, ...args], { cwd, env, encoding: 'utf8' });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  }
  const out: string[] = [];
  const err: string[] = [];
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(['node', 'omr', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false, env: { OMR_LANG: 'vi' } });
    return { code, out: out.map((l) => l + '\n').join(''), err: err.map((l) => l + '\n').join('') };
  } finally {
    process.chdir(before);
  }
}

/** The one-line error as omr prints it: `omr: message → hint`. */
const line = (m: MsgRef, hint: MsgRef, lang: 'vi' | 'en' = 'vi'): string => `omr: ${render(lang, m)} → ${render(lang, hint)}`;

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function db<T>(ws: string, fn: (d: Database.Database) => T): T {
  const d = new Database(path.join(ws, 'omr.sqlite'), { fileMustExist: true }); // read-write: closing it merges and removes -wal/-shm
  try {
    return fn(d);
  } finally {
    d.close();
  }
}
const count = (ws: string, table: string): number => db(ws, (d) => (d.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
const integrity = (ws: string): string => db(ws, (d) => d.pragma('integrity_check', { simple: true }) as string);
/** Files left in a folder, temp files included (a stray `.x.tmp` must fail a test). */
const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

let base: string;
let scans: string;
let ROSTER: string;
const N = 3;

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'omr-robust-'));
  const list = candidates(N);
  ROSTER = rosterCsv(list);
  writeFileSync(path.join(base, 'roster.csv'), ROSTER);
  writeFileSync(path.join(base, 'keys.csv'), keyCsv(['101']));
  writeFileSync(path.join(base, 'exam.json'), JSON.stringify(defaultExam(2025)));
  scans = path.join(base, 'scans');
  // sheet 2 has a faint mark: the workspace keeps an open flag
  await makeScans(
    scans,
    list.map((c, i) => ({ serial: String(i + 1).padStart(6, '0'), candidate: c, sbd: c.sbd, made: '101', correct: 60 + i * 10, ...(i === 1 ? { marks: { 7: 'light' as const } } : {}) })),
  );
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

/** A fresh workspace made by omr init (roster and key). */
async function init(name: string, extra: string[] = []): Promise<string> {
  const ws = path.join(base, name);
  const r = await omr(base, ['init', ws, '--exam', 'exam.json', '--roster', 'roster.csv', '--key', 'keys.csv', ...extra]);
  expect(r.code, r.err).toBe(0);
  return ws;
}

// ---------------------------------------------------------------------------------------------
describe('1. output paths never hit the workspace or replace another kind of file', async () => {
  it('refuses --out / --annotate / export --out / review --out on the workspace files (exit 2, nothing written)', async () => {
    const ws = await init('ws-guard');
    const before = sha(path.join(ws, 'omr.sqlite'));
    const hint = msg('out.owned.hint');
    const owned = (file: string, name: string): string => line(msg('out.owned', { file, ws: 'ws-guard', owned: msg('out.owned.what', { name }) }), hint);
    const cases: [string[], string, string][] = [
      [['scan', '-w', 'ws-guard', scans, '--out', 'ws-guard/omr.sqlite'], 'ws-guard/omr.sqlite', 'omr.sqlite'],
      [['scan', '-w', 'ws-guard', scans, '--out', 'ws-guard/omr.sqlite-wal'], 'ws-guard/omr.sqlite-wal', 'omr.sqlite-wal'],
      [['scan', scans, '--out', 'results.jsonl', '--annotate', 'ws-guard/keys'], 'ws-guard/keys', 'keys'],
      [['generate', '-w', 'ws-guard', '--out', 'ws-guard/omr.sqlite'], 'ws-guard/omr.sqlite', 'omr.sqlite'],
      [['generate', '--count', '2', '--out', 'ws-guard/keys/phieu.pdf'], 'ws-guard/keys/phieu.pdf', 'keys/phieu.pdf'],
      [['generate', '--count', '2', '--out', 'ws-guard/template.json'], 'ws-guard/template.json', 'template.json'],
      [['export', '-w', 'ws-guard', '--out', 'ws-guard/keys'], 'ws-guard/keys', 'keys'],
      [['review', '-w', 'ws-guard', '--out', 'ws-guard/exam.json'], 'ws-guard/exam.json', 'exam.json'],
      // the council's documents and the evidence file are outputs too
      [['report', '-w', 'ws-guard', '--out', 'ws-guard/keys'], 'ws-guard/keys', 'keys'],
      [['notify', '-w', 'ws-guard', '--approved-on', '24/06/2025', '--out', 'ws-guard/annotated'], 'ws-guard/annotated/thong-bao', 'annotated/thong-bao'],
      [['complaint', '-w', 'ws-guard', 'evidence', '--serial', '000001', '--out', 'ws-guard/omr.sqlite'], 'ws-guard/omr.sqlite', 'omr.sqlite'],
    ];
    for (const [k, [args, file, name]] of cases.entries()) {
      const r = await omr(base, args, { spawn: k === 0 }); // the first one as the built CLI in its own process
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim()).toBe(owned(file, name));
    }
    // a symbolic link to the database is the database
    symlinkSync(path.join(ws, 'omr.sqlite'), path.join(base, 'link.jsonl'));
    const r = await omr(base, ['scan', scans, '--out', 'link.jsonl']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(render('vi', msg('out.owned.what', { name: 'omr.sqlite' })));
    // nothing was written: the database is byte for byte the same, no print run, no scan run, no stray files
    expect(sha(path.join(ws, 'omr.sqlite'))).toBe(before);
    expect(count(ws, 'prints')).toBe(0);
    expect(count(ws, 'scan_runs')).toBe(0);
    expect(integrity(ws)).toBe('ok');
    expect(files(ws)).toEqual(['exam.json', 'keys', 'omr.sqlite', 'roster.csv', 'template.json']);
    expect(files(path.join(ws, 'keys'))).toEqual(['keys.csv']);
    expect(existsSync(path.join(base, 'results.jsonl'))).toBe(false);
  });

  it('never replaces an existing file of another kind without --force', async () => {
    const dir = path.join(base, 'kinds');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'scan-lo-1.pdf'), '%PDF-1.7\n% a scanned batch\n');
    writeFileSync(path.join(dir, 'danh-sach.csv'), ROSTER);
    writeFileSync(path.join(dir, 'notes.txt'), 'ghi chú\n');
    mkdirSync(path.join(dir, 'ket-qua'));
    writeFileSync(path.join(dir, 'ket-qua', 'ket-qua.xlsx'), 'not a workbook');
    const kept = ['scan-lo-1.pdf', 'danh-sach.csv', 'notes.txt'].map((f) => sha(path.join(dir, f)));
    const other = (file: string, kind: 'jsonl' | 'pdf' | 'csv' | 'xlsx'): string => line(msg('out.otherKind', { file, kind }), msg('out.otherKind.hint'));

    let r = await omr(dir, ['scan', scans, '--out', 'scan-lo-1.pdf']);
    expect([r.code, r.err.trim()]).toEqual([2, other('scan-lo-1.pdf', 'jsonl')]);
    r = await omr(dir, ['generate', '--count', '1', '--out', 'notes.txt']);
    expect([r.code, r.err.trim()]).toEqual([2, other('notes.txt', 'pdf')]);
    r = await omr(dir, ['generate', '--count', '1', '--out', 'danh-sach.csv']);
    expect([r.code, r.err.trim()]).toEqual([2, other('danh-sach.csv', 'pdf')]);
    r = await omr(dir, ['grade', 'x.jsonl', '--key', path.join(base, 'keys.csv'), '--out', 'ket-qua']);
    expect([r.code, r.err.trim()]).toEqual([2, other(path.join('ket-qua', 'ket-qua.xlsx'), 'xlsx')]);
    r = await omr(dir, ['scan', scans, '--out', 'notes.txt/x.jsonl']);
    expect(r.code).toBe(2);
    expect(['scan-lo-1.pdf', 'danh-sach.csv', 'notes.txt'].map((f) => sha(path.join(dir, f)))).toEqual(kept);
    expect(files(dir)).toEqual(['danh-sach.csv', 'ket-qua', 'notes.txt', 'scan-lo-1.pdf']);

    // its own kind is replaced (a PDF by generate); --force replaces another kind
    writeFileSync(path.join(dir, 'old-sheets.pdf'), '%PDF-1.7\n');
    expect((await omr(dir, ['generate', '--count', '1', '--out', 'old-sheets.pdf'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'old-sheets.pdf')).length).toBeGreaterThan(1000);
    expect((await omr(dir, ['generate', '--count', '1', '--out', 'notes.txt', '--force'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'notes.txt')).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

// ---------------------------------------------------------------------------------------------
describe('2. rosters and keys: any line endings, UTF-16, every bad row reported, nothing written', async () => {
  const EXAMPLE = path.join(ROOT, 'templates', 'roster.example.csv');
  const added = '000105,Phan Văn Em,01/01/1980,Xã Phong An,1,CC 000105\n000106,Phan Thị Sáu,02/02/1981,Xã Phong An,2,CC 000106\n';
  const manifest = (f: string): string[][] => readFileSync(f, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));

  it('a CRLF roster with LF rows appended keeps every candidate and every field', async () => {
    const dir = path.join(base, 'eol');
    mkdirSync(dir);
    expect(readFileSync(EXAMPLE, 'utf8')).toContain('\r\n');
    writeFileSync(path.join(dir, 'mixed.csv'), readFileSync(EXAMPLE, 'utf8') + added);
    // and the same with old Mac CR endings on the appended rows
    writeFileSync(path.join(dir, 'cr.csv'), readFileSync(EXAMPLE, 'utf8') + added.replace(/\n/g, '\r'));
    for (const f of ['mixed', 'cr']) {
      const r = await omr(dir, ['generate', '--roster', `${f}.csv`, '--out', `${f}.pdf`]);
      expect(r.code, r.err).toBe(0);
      const rows = manifest(path.join(dir, `${f}.manifest.csv`));
      expect(rows.length).toBe(7); // header + 6 candidates
      const sbd = rows[0].indexOf('sbd');
      expect(rows.slice(1).map((x) => x[sbd])).toEqual(['000101', '000102', '000103', '000104', '000105', '000106']);
      expect(rows.map((x) => x.join(',')).join('\n')).not.toContain('CC 000106\n');
    }
  });

  it('UTF-16 LE and BE rosters (Excel "Unicode text", tab-separated) read like the UTF-8 one', async () => {
    const dir = path.join(base, 'utf16');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'utf8.csv'), ROSTER);
    const text = ROSTER.replace(/,/g, '\t');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    writeFileSync(path.join(dir, 'le.txt'), le);
    writeFileSync(path.join(dir, 'be.txt'), be);
    expect((await omr(dir, ['generate', '--roster', 'utf8.csv', '--out', 'utf8.pdf'])).code).toBe(0);
    for (const f of ['le', 'be']) {
      const r = await omr(dir, ['generate', '--roster', `${f}.txt`, '--out', `${f}.pdf`]);
      expect(r.code, r.err).toBe(0);
      expect(manifest(path.join(dir, `${f}.manifest.csv`))).toEqual(manifest(path.join(dir, 'utf8.manifest.csv')));
    }
  });

  it('bad rows appended with other line endings: all reported with their rows, counts printed, nothing written unless --skip-bad-rows', async () => {
    const dir = path.join(base, 'badrows');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'bad.csv'), readFileSync(EXAMPLE, 'utf8') + added + '12,Lê Văn Tám,,Xã A,,CC\n000108,,01/01/1980,Xã A,4,CC\n');
    const problems = [
      msg('roster.row', { file: 'bad.csv', row: 8, message: msg('roster.sbdDigits', { sbd: '12', digits: 6, padded: '000012' }) }),
      msg('roster.row', { file: 'bad.csv', row: 8, message: msg('roster.nhom', { nhom: '' }) }),
      msg('roster.row', { file: 'bad.csv', row: 9, message: msg('roster.nameEmpty') }),
      msg('roster.row', { file: 'bad.csv', row: 9, message: msg('roster.nhom', { nhom: '4' }) }),
    ].map((m) => render('vi', m));
    const counts = render('vi', msg('rows.count', { file: 'bad.csv', read: 8, left: 2 }));

    let r = await omr(dir, ['generate', '--roster', 'bad.csv', '--out', 'sheets.pdf']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([`omr: ${render('vi', msg('roster.problems', { file: 'bad.csv', n: 4 }))}`, ...problems, counts, `  → ${render('vi', msg('rows.refused.hint'))}`]);
    expect(files(dir)).toEqual(['bad.csv']);

    r = await omr(dir, ['init', 'ws', '--roster', 'bad.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(counts);
    expect(files(dir)).toEqual(['bad.csv']);

    r = await omr(dir, ['generate', '--roster', 'bad.csv', '--out', 'sheets.pdf', '--skip-bad-rows']);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toEqual([...problems, counts]);
    expect(manifest(path.join(dir, 'sheets.manifest.csv')).length).toBe(7);

    r = await omr(dir, ['init', 'ws', '--roster', 'bad.csv', '--skip-bad-rows']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(counts);
    expect(integrity(path.join(dir, 'ws'))).toBe('ok');
  });

  it('a key file with mixed line endings, or in UTF-16, gives the same key', async () => {
    const dir = path.join(base, 'keys-eol');
    mkdirSync(dir);
    const clean = keyCsv(['101']);
    const lines = clean.trim().split('\n');
    writeFileSync(path.join(dir, 'mixed.csv'), lines.slice(0, 40).join('\r\n') + '\r\n' + lines.slice(40, 70).join('\n') + '\n' + lines.slice(70).join('\r') + '\r');
    writeFileSync(path.join(dir, 'u16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(clean.replace(/,/g, '\t'), 'utf16le')]));
    const ws = await init('ws-keys-eol');
    const fp = JSON.parse((await omr(base, ['status', '-w', ws, '--json'])).out).keys[0].fingerprint;
    for (const f of ['mixed.csv', 'u16.txt']) {
      const r = await omr(dir, ['key', 'add', '-w', ws, f, '--json']);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).keys).toEqual([{ examCode: '101', fingerprint: fp }]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('6. omr key add with a faulty file keeps the working key', async () => {
  it('refuses the file (exit 2), keeps the old key active, leaves nothing in keys/', async () => {
    const ws = await init('ws-key');
    const before = JSON.parse((await omr(base, ['status', '-w', ws, '--json'])).out).keys;
    const lines = keyCsv(['101']).trim().split('\n');
    lines[5] = '101,5,E'; // a wrong option; question 5 is then missing too
    writeFileSync(path.join(base, 'keys-new.csv'), lines.join('\n') + '\n');
    const docs = count(ws, 'documents');

    const r = await omr(base, ['key', 'add', '-w', ws, 'keys-new.csv']);
    expect(r.code).toBe(2);
    const first = r.err.split('\n')[0];
    expect(first).toBe(`omr: ${render('vi', msg('key.kept', { file: 'keys-new.csv', codes: '101', active: 'keys/keys.csv' }))}`);
    expect(r.out).not.toContain('✔');
    expect(r.err).toContain('keys-new.csv dòng 6');
    expect(JSON.parse((await omr(base, ['status', '-w', ws, '--json'])).out).keys).toEqual(before);
    expect(count(ws, 'documents')).toBe(docs);
    expect(files(path.join(ws, 'keys'))).toEqual(['keys.csv']);

    // a good file of another name replaces it, and the old copy leaves keys/ (its history stays in the database)
    writeFileSync(path.join(base, 'keys-v2.csv'), keyCsv(['101']));
    const ok = await omr(base, ['key', 'add', '-w', ws, 'keys-v2.csv']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out.startsWith('✔')).toBe(true);
    expect(files(path.join(ws, 'keys'))).toEqual(['keys-v2.csv']);
    expect(count(ws, 'documents')).toBe(docs + 1);
  });
});

// ---------------------------------------------------------------------------------------------
describe('7. export before any scan', async () => {
  it('writes the files but exits 1 and says how many candidates have no sheet', async () => {
    const ws = await init('ws-export-empty');
    const r = await omr(base, ['export', '-w', ws, '--out', 'export-empty']);
    expect(r.code).toBe(1);
    const said = `${render('vi', msg('export.noSheets', { absent: N, roster: N, pages: 0 }))} → ${render('vi', msg('export.noSheets.hint', { ws: ' -w ws-export-empty' }))}`;
    expect(r.err.split('\n')).toContain(said);
    expect(r.out).not.toContain(render('vi', msg('grade.nothing')));
    expect(files(path.join(base, 'export-empty'))).toEqual(['bai-lam.csv', 'ket-qua.csv', 'ket-qua.xlsx', 'phan-tich-cau-hoi.csv', 'tong-hop.csv']);
  });
});

// ---------------------------------------------------------------------------------------------
describe('8. full disk, read-only folder, no permission: one line, exit 2, nothing half-written', async () => {
  it('export on a full disk writes nothing and says so', async () => {
    const dir = path.join(base, 'full-export');
    mkdirSync(dir);
    const many = candidates(400);
    writeFileSync(path.join(dir, 'roster.csv'), rosterCsv(many));
    expect((await omr(dir, ['init', 'ws', '--roster', 'roster.csv', '--key', path.join(base, 'keys.csv')])).code).toBe(0);
    // ket-qua.csv of 400 candidates is ~45 KB; the database's shared-memory file needs 32 KB
    const r = await omr(dir, ['export', '-w', 'ws', '--out', 'ket-qua'], { limitKb: 36 });
    expect(r.code).toBe(2);
    const file = path.join(dir, 'ket-qua', 'ket-qua.csv');
    expect(r.err.trim()).toBe(line(msg('io.writeFailed', { file, cause: 'full', nothing: true }), msg('io.writeFailed.hint', { cause: 'full', kept: null })));
    expect(existsSync(path.join(dir, 'ket-qua'))).toBe(false);
    expect(integrity(path.join(dir, 'ws'))).toBe('ok');
  });

  it('scan --out on a full disk: one line, the pages read so far stay in the .partial file, no file under the final name', async () => {
    const dir = path.join(base, 'full-scan');
    mkdirSync(dir);
    // one page's JSON line is larger than the 2 KB limit
    const r = await omr(dir, ['scan', path.join(scans, 'scan-001.jpg'), '--out', 'results.jsonl', '--jobs', '1'], { limitKb: 2 });
    expect(r.code).toBe(2);
    const partial = 'results.jsonl.partial';
    expect(r.err.trim()).toBe(line(msg('io.writeFailed', { file: partial, cause: 'full', nothing: false }), msg('io.writeFailed.hint', { cause: 'full', kept: msg('io.keptPartial', { file: partial }) })));
    expect(files(dir)).toEqual([partial]);
    // whole pages only (here none): no line cut in the middle
    expect(readFileSync(path.join(dir, partial), 'utf8')).toBe('');
  });

  it('writes in a folder that cannot be written: "không có quyền ghi" / read-only, nothing left', async () => {
    const dir = path.join(base, 'locked');
    mkdirSync(dir);
    if (!lock(dir)) return;
    try {
      const r = await omr(base, ['generate', '--count', '1', '--out', 'locked/sheets.pdf']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^omr: locked\/sheets\.pdf: không ghi được: (không có quyền ghi|thư mục chỉ đọc), chưa ghi tệp nào → /);
    } finally {
      unlock(dir);
    }
    expect(files(dir)).toEqual([]);
  });

  it('unit: a set of files is written all or not at all (injected full disk on the third file)', async () => {
    const dir = path.join(base, 'inject');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'a.csv'), 'old a\n');
    let n = 0;
    const io = {
      writeFile: async (f: string, d: string | Uint8Array) => {
        if (++n === 3) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', path: f });
        writeFileSync(f, d);
      },
    };
    const err = await writeFilesAtomic(['a', 'b', 'c'].map((x) => ({ file: path.join(dir, `${x}.csv`), data: `new ${x}\n` })), io).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe(render('en', msg('io.writeFailed', { file: path.join(dir, 'c.csv'), cause: 'full', nothing: true })));
    expect(files(dir)).toEqual(['a.csv']);
    expect(readFileSync(path.join(dir, 'a.csv'), 'utf8')).toBe('old a\n');
  });
});

/** Make a folder and what is in it unwritable, as a read-only mount would; false when this machine cannot. */
function lock(dir: string): boolean {
  if (process.getuid?.() === 0) {
    const all = [dir, ...readdirSync(dir).map((f) => path.join(dir, f))];
    const r = spawnSync('chattr', ['+i', ...all]);
    return r.status === 0;
  }
  for (const f of readdirSync(dir)) chmodSync(path.join(dir, f), 0o444);
  chmodSync(dir, 0o555);
  return true;
}
function unlock(dir: string): void {
  if (process.getuid?.() === 0) spawnSync('chattr', ['-i', dir, ...readdirSync(dir).map((f) => path.join(dir, f))]);
  else chmodSync(dir, 0o755);
}

// ---------------------------------------------------------------------------------------------
describe('9 and 11. a read-only workspace still reads; scan paths that do not exist; nothing new to scan', async () => {
  it('scan: a missing path is a usage error, nothing written; a rerun says nothing is new and exits 1 while flags are open', async () => {
    const ws = await init('ws-scan');
    let r = await omr(base, ['scan', '-w', ws, path.join(base, 'khong-co')]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(line(msg('scan.missingInput', { path: path.join(base, 'khong-co') }), msg('scan.missingInput.hint')));
    expect(count(ws, 'scan_runs')).toBe(0);
    expect(files(ws)).toEqual(['exam.json', 'keys', 'omr.sqlite', 'roster.csv', 'template.json']);
    r = await omr(base, ['scan', 'khong-co', scans, '--out', 'missing.jsonl']);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(base, 'missing.jsonl'))).toBe(false);
    expect(existsSync(path.join(base, 'missing.jsonl.partial'))).toBe(false);

    r = await omr(base, ['scan', '-w', ws, scans, '--jobs', '1']);
    expect(r.code, r.err).toBe(1); // the faint mark
    expect(count(ws, 'pages')).toBe(N);
    r = await omr(base, ['scan', '-w', ws, scans, '--jobs', '1']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(render('vi', msg('scan.ws.allKnown', { pages: N })));
    expect(r.err.trim()).toMatch(/^thư mục kỳ thi còn \d+ chỗ cần xem chưa xử lý → omr review -w ws-scan$/);
    expect(count(ws, 'pages')).toBe(N);
    expect(integrity(ws)).toBe('ok');
  });

  it('status, review and export work on a read-only workspace; writing commands say it is read-only; no "restore from a backup"', async () => {
    const src = path.join(base, 'ws-scan');
    const ws = path.join(base, 'ws-ro');
    mkdirSync(ws);
    // a cleanly closed workspace, as copied to a read-only medium: no -wal, no -shm
    expect(integrity(src)).toBe('ok');
    for (const f of ['exam.json', 'omr.sqlite', 'roster.csv', 'template.json']) copyFileSync(path.join(src, f), path.join(ws, f));
    mkdirSync(path.join(ws, 'keys'));
    copyFileSync(path.join(src, 'keys', 'keys.csv'), path.join(ws, 'keys', 'keys.csv'));
    const expected = await omr(base, ['status', '-w', 'ws-scan']);
    if (!lock(ws)) return;
    try {
      let r = await omr(base, ['status', '-w', 'ws-ro']);
      expect(r.err).toBe('');
      expect(r.code).toBe(expected.code);
      expect(r.out.split('\n').slice(1)).toEqual(expected.out.replaceAll('ws-scan', 'ws-ro').split('\n').slice(1));
      expect(r.out + r.err).not.toMatch(/sao lưu|backup/);
      r = await omr(base, ['review', '-w', 'ws-ro']);
      expect(r.code).toBe(1);
      expect(r.out).toContain('câu 7');
      r = await omr(base, ['export', '-w', 'ws-ro', '--out', 'export-ro']);
      expect(r.code).toBe(1);
      expect(r.err).toContain(render('vi', msg('db.readOnlyNote')));
      expect(files(path.join(base, 'export-ro'))).toContain('ket-qua.csv');
      r = await omr(base, ['scan', '-w', 'ws-ro', scans]);
      expect(r.code).toBe(2);
      expect(r.err.trim()).toMatch(/^omr: .*ws-ro: không sửa được thư mục kỳ thi \((không có quyền ghi|thư mục chỉ đọc)\); lệnh này cần ghi vào đó, chưa làm gì → /);
      expect(r.err).not.toMatch(/sao lưu/);
    } finally {
      unlock(ws);
    }
    expect(files(ws)).toEqual(['exam.json', 'keys', 'omr.sqlite', 'roster.csv', 'template.json']);
    expect(integrity(ws)).toBe('ok');
  });

  it('a damaged database (and only that) is told to be restored from a backup', async () => {
    const ws = path.join(base, 'ws-damaged');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'omr.sqlite'), Buffer.alloc(8192, 7));
    const r = await omr(base, ['status', '-w', 'ws-damaged']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(render('vi', msg('db.damaged.hint')));
  });
});
