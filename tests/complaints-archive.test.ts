/**
 * Complaints, the evidence PDF and the archive on the example exam (fixtures/example, as the
 * demo builds it, with 6 of its 30 candidates sitting so that it stays quick): through the real
 * CLI (main), on real printed sheets filled and scanned by the demo's scanner.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { EXAMPLE_DIR } from '../src/demo/run.js';
import { makeDemoScans, type DemoSheet } from '../src/demo/scans.js';
import { loadExam } from '../src/exam/exam.js';
import { readCsv } from '../src/grade/csvread.js';
import { keyRules, loadKeys } from '../src/grade/keys.js';
import { loadRoster } from '../src/roster/roster.js';
import { loadLayout } from '../src/template/load.js';
import { addDays, complaintDeadline, daysBetween, parseDay } from '../src/council/calendar.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'omr-complaints-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ws = path.join(tmp, 'ky-thi');
const scans = path.join(tmp, 'scans');
const SITTING = 4;

interface Run {
  code: number;
  out: string;
  err: string;
}
async function omr(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'omr', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false, lang: 'vi' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const json = async (...args: string[]) => {
  const r = await omr(...args, '--json');
  expect(r.err, r.err).toBe('');
  return JSON.parse(r.out);
};

let sheets: DemoSheet[] = [];

beforeAll(async () => {
  const ex = (f: string) => path.join(EXAMPLE_DIR, f);
  expect((await omr('init', ws, '--exam', ex('exam.json'), '--roster', ex('roster.csv'), '--key', ex('keys.csv'))).code).toBe(0);
  expect((await omr('generate', '-w', ws)).code).toBe(0);
  const { template, layout } = loadLayout(path.join(ws, 'template.json'));
  const roster = loadRoster(path.join(ws, 'roster.csv'), { sbdDigits: template.candidate.sbd.digits }).candidates;
  const bySbd = new Map(roster.map((c) => [c.sbd, c]));
  const keySet = loadKeys([path.join(ws, 'keys', 'keys.csv')], keyRules(template));
  const keys = Object.fromEntries(Object.entries(keySet.keys).map(([code, k]) => [code, k.answers]));
  const manifest = readdirSync(path.join(ws, 'in')).find((f) => f.endsWith('.manifest.csv'))!;
  const [head, ...rows] = readCsv(readFileSync(path.join(ws, 'in', manifest), 'utf8'));
  sheets = rows.map((r) => {
    const candidate = bySbd.get(r.cells[head.cells.indexOf('sbd')])!;
    return { serial: r.cells[head.cells.indexOf('serial')], candidate, examCode: candidate.nhom === 3 ? '102' : '101' };
  });
  const absent = sheets.slice(SITTING).map((s) => s.candidate.sbd);
  await makeDemoScans({ outDir: scans, template, layout, exam: loadExam(path.join(ws, 'exam.json')), sheets, keys, absent });
  // in-process: OpenCV is loaded once, and the evidence test that redraws a page reuses it
  const scan = await omr('scan', '-w', ws, scans, '--jobs', '1');
  expect(scan.code, scan.err).toBeLessThan(2);
}, 120_000);

describe('complaint deadlines (QĐ 2073 III.11.a: 10 days, calendar days)', () => {
  it('counts 10 calendar days from receipt, across months, years and Tết', () => {
    expect(complaintDeadline('2025-06-16').due).toBe('2025-06-26');
    expect(complaintDeadline('2025-06-27').due).toBe('2025-07-07'); // weekends count
    expect(complaintDeadline('2025-12-28').due).toBe('2026-01-07');
    expect(complaintDeadline('2026-02-13').due).toBe('2026-02-23'); // Tết Bính Ngọ (17/02/2026) counts too
    expect(complaintDeadline('2024-02-25').due).toBe('2024-03-06'); // leap year
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31');
    expect(daysBetween('2025-06-20', '2025-06-26')).toBe(6);
  });
  it('reads the dates offices write, refuses impossible ones', () => {
    expect(parseDay('16/06/2025', '--received')).toBe('2025-06-16');
    expect(parseDay('1/6/2025', '--received')).toBe('2025-06-01');
    expect(parseDay('2025-06-16', '--received')).toBe('2025-06-16');
    expect(() => parseDay('31/02/2025', '--received')).toThrow('"31/02/2025" is not a date (--received)');
    expect(() => parseDay('next monday', '--on')).toThrow('is not a date');
  });
});

describe('omr complaint', () => {
  it('refuses a serial or SBD that has no sheet, in one clear line', async () => {
    let r = await omr('complaint', '-w', ws, 'add', '--serial', '000099', '--from', 'Lê Văn Bình', '--by', 'Thư ký');
    expect(r.code).toBe(2);
    expect(r.err).toBe('omr: không có phiếu nào có số phiếu 000099 trong kỳ thi này → đối chiếu số ghi trên đơn với omr status hoặc ket-qua.csv');
    r = await omr('--lang', 'en', 'complaint', '-w', ws, 'add', '--sbd', '999999', '--from', 'X', '--by', 'Y', '--about', 'total');
    expect(r.err).toMatch(/^omr: no sheet for SBD 999999 in this workspace → /);
    r = await omr('--lang', 'en', 'complaint', '-w', ws, 'add', '--serial', sheets[0].serial, '--from', 'X', '--by', 'Y', '--about', 'question');
    expect(r.err).toMatch(/^omr: a complaint about a question needs --question N/);
  });

  it('records, lists with days left (overdue highlighted), settles a re-check through an audited override', async () => {
    const s = sheets[1];
    const before = await json('status', '-w', ws);
    const added = await json('complaint', '-w', ws, 'add', '--serial', s.serial, '--from', s.candidate.hoTen, '--received', '16/06/2025', '--about', 'question', '--question', '17', '--question', '23', '--text', 'câu 17 em tô B', '--by', 'Thư ký HĐ');
    expect(added.complaint).toMatchObject({ id: 1, serial: s.serial, sbd: s.candidate.sbd, ho_ten: s.candidate.hoTen, received_on: '2025-06-16', deadline: '2025-06-26', subject: 'question', questions: '[17,23]', status: 'open' });
    const bySbd = await json('complaint', '-w', ws, 'add', '--sbd', sheets[2].candidate.sbd, '--from', 'Con của thí sinh', '--received', '2025-06-25', '--about', 'total', '--by', 'Thư ký HĐ');
    expect(bySbd.complaint).toMatchObject({ id: 2, serial: sheets[2].serial, subject: 'total', deadline: '2025-07-05' });

    const list = await omr('complaint', 'list', '-w', ws, '--today', '28/06/2025');
    expect(list.code).toBe(1); // one is overdue: a person must act
    expect(list.out).toContain(`1       ${s.serial}    ${s.candidate.sbd}`);
    expect(list.out).toMatch(/QUÁ HẠN 2 ngày/);
    expect(list.out).toMatch(/05\/07\/2025\s+7 ngày/);
    expect(list.out).toMatch(/^2 đơn đang giải quyết, 1 đơn QUÁ HẠN$/m);
    const tty: string[] = [];
    await main(['node', 'omr', 'complaint', '-w', ws, 'list', '--today', '2025-06-28'], { out: (l) => tty.push(l), err: () => {}, isTTY: true, lang: 'vi' });
    expect(tty.find((l) => l.includes('QUÁ HẠN'))).toMatch(/^\x1b\[1;31m/);

    // the re-check: câu 17 read as the candidate says; the score changes through an override
    const res = await json('complaint', '-w', ws, 'resolve', '1', '--by', 'Trần Thị Hoa', '--resolution', 'Phúc khảo: câu 17 thí sinh tô B', '--set', '17=B', '--on', '20/06/2025');
    expect(res.overrideIds).toHaveLength(1);
    expect(res.complaint).toMatchObject({ status: 'resolved', resolved_on: '2025-06-20', resolved_by: 'Trần Thị Hoa', resolution: 'Phúc khảo: câu 17 thí sinh tô B' });
    expect(res.late).toBe(false);
    expect(Math.abs(res.after.total - res.before.total)).toBeLessThanOrEqual(1);
    const ov = await json('status', '-w', ws);
    expect(ov.overrides.total).toBe(before.overrides.total + 1);
    const db = new Database(path.join(ws, 'omr.sqlite'), { readonly: true });
    const o = db.prepare('SELECT * FROM overrides ORDER BY id DESC LIMIT 1').get() as any;
    expect(o).toMatchObject({ serial: s.serial, field: 'answer', question: 17, value: 'B', by: 'Trần Thị Hoa', reason: 'Phúc khảo đơn khiếu nại số 1: Phúc khảo: câu 17 thí sinh tô B' });
    expect(db.prepare('SELECT event FROM complaint_events WHERE complaint_id = 1 ORDER BY id').all()).toEqual([{ event: 'received' }, { event: 'resolved' }]);
    db.close();

    // settled once; content never changes, rows never go
    const again = await omr('complaint', '-w', ws, 'resolve', '1', '--by', 'X', '--resolution', 'Y');
    expect(again.err).toBe('omr: đơn số 1 đã được giải quyết ngày 20/06/2025 (Trần Thị Hoa) → kết quả giải quyết không sửa được; nếu thí sinh tiếp tục khiếu nại, ghi một đơn mới');
    const rw = new Database(path.join(ws, 'omr.sqlite'));
    expect(() => rw.prepare("UPDATE complaints SET text = 'khác' WHERE id = 2").run()).toThrow('a complaint is settled once and never changed');
    expect(() => rw.prepare('DELETE FROM complaints WHERE id = 2').run()).toThrow('complaints are never deleted');
    expect(() => rw.prepare('DELETE FROM complaint_events').run()).toThrow('complaint events are never deleted');
    rw.close();
    // a bad change leaves the complaint open and no override behind
    const bad = await omr('complaint', '-w', ws, 'resolve', '2', '--by', 'X', '--resolution', 'Y', '--set', '17=Z', '--on', '2025-06-30');
    expect(bad.code).toBe(2);
    expect((await json('complaint', '-w', ws, 'list', '--today', '2025-06-30')).complaints.map((c: any) => c.id)).toEqual([2]);
    expect((await json('status', '-w', ws)).overrides.total).toBe(before.overrides.total + 1);

    // identity: "this sheet is mine" — the SBD is corrected through an override, the score follows the sheet
    const mine = sheets[0];
    const other = sheets[SITTING].candidate; // did not sit: no sheet of their own
    const c3 = await json('complaint', '-w', ws, 'add', '--serial', mine.serial, '--from', other.hoTen, '--about', 'identity', '--text', 'phiếu này là của tôi', '--by', 'Thư ký HĐ');
    const r3 = await json('complaint', '-w', ws, 'resolve', String(c3.complaint.id), '--by', 'Trần Thị Hoa', '--resolution', 'Xác minh chữ ký: phiếu của thí sinh khác', '--sbd-value', other.sbd);
    expect(r3.after.total).toBe(r3.before.total);
    await json('export', '-w', ws, '--out', path.join(tmp, 'sau-khieu-nai'));
    const kq = readFileSync(path.join(tmp, 'sau-khieu-nai', 'ket-qua.csv'), 'utf8');
    expect(kq.split('\n').find((l) => l.includes(other.sbd))).toContain(String(r3.after.total));
  });
});

/** Text of every page of a PDF (pdftotext, installed with poppler). */
const pdfText = (file: string): string => spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;

describe('omr complaint evidence', () => {
  it('writes one PDF with the scan, the annotated page, the 100 fills against the key, the overrides, the score and the hashes', async () => {
    const s = sheets[1];
    const out = path.join(tmp, `ho-so-${s.serial}.pdf`);
    const r = await json('complaint', '-w', ws, 'evidence', '--serial', s.serial, '--out', out);
    expect(r.scan.matches).toBe(true);
    expect(r.annotated).toBe('stored');
    const text = pdfText(out);
    expect(text).toContain('HỒ SƠ CHỨNG CỨ PHIẾU TRẢ LỜI TRẮC NGHIỆM');
    expect(text).toContain(`Họ và tên: ${s.candidate.hoTen} · SBD: ${s.candidate.sbd}`);
    const [p1, p2] = r.parts;
    expect(text).toContain(`Tổng điểm: ${p1.score} + ${p2.score} = ${r.total}/100`);
    expect(text).toContain(`Xếp loại: ${r.band}`);
    expect(text).toMatch(/#\d+ câu 17: máy đọc "[A-D]*" → sửa thành "B" · người sửa: Trần Thị Hoa/);
    expect(text).toContain(r.scan.recordedSha256);
    expect(text).toContain(r.databaseSha256);
    expect(text).toContain(r.keys.fingerprint);
    expect(text).toContain('Đơn số 1, nhận ngày 16/06/2025');
    // all 100 questions, each with four fills
    const rows = text.split('\n').filter((l) => /^\s*\d{1,3}\s+[12]\s+\S+\s+\d\.\d\d\s+\d\.\d\d\s+\d\.\d\d\s+\d\.\d\d/.test(l));
    expect(rows.map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // the pictures are there: render page 2 (the scan) and check it is a page, not blank
    const png = path.join(tmp, 'ev');
    spawnSync('pdftoppm', ['-r', '30', '-png', '-f', '2', '-l', '3', out, png]);
    const pics = readdirSync(tmp).filter((f) => f.startsWith('ev-') && f.endsWith('.png'));
    expect(pics.length).toBe(2);
    for (const f of pics) expect(readFileSync(path.join(tmp, f)).length).toBeGreaterThan(8000);
    // the database hash is the file's at that moment (nothing was written by the evidence)
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(readFileSync(path.join(ws, 'omr.sqlite'))).digest('hex')).toBe(r.databaseSha256);
  }, 60_000);

  it('draws the annotated page again when the stored one is gone, and says so when the scan is missing', async () => {
    const s = sheets[3];
    const r0 = await json('complaint', '-w', ws, 'evidence', '--sbd', s.candidate.sbd, '--out', path.join(tmp, 'a.pdf'));
    const annotated = readdirSync(path.join(ws, 'annotated', 'run-0001'));
    const aside = path.join(tmp, 'annotated-aside');
    renameSync(path.join(ws, 'annotated'), aside);
    try {
      const r = await json('complaint', '-w', ws, 'evidence', '--sbd', s.candidate.sbd, '--out', path.join(tmp, 'b.pdf'));
      expect(r.annotated).toBe('redrawn');
      expect(r.total).toBe(r0.total);
    } finally {
      renameSync(aside, path.join(ws, 'annotated'));
    }
    expect(annotated.length).toBeGreaterThan(0);
    const file = r0.scan.file as string;
    renameSync(file, file + '.aside');
    try {
      const r = await omr('complaint', '-w', ws, 'evidence', '--sbd', s.candidate.sbd, '--out', path.join(tmp, 'c.pdf'));
      expect(r.code).toBe(1);
      expect(r.err).toContain('không còn hoặc đã thay đổi sau khi đọc');
      expect(pdfText(path.join(tmp, 'c.pdf'))).toContain('Không tìm thấy tệp ảnh quét');
    } finally {
      renameSync(file + '.aside', file);
    }
  }, 60_000);
});

describe('omr archive', () => {
  const zip = path.join(tmp, 'luu-tru', 'ky-thi.zip');

  it('refuses an --out inside the workspace or over a file that is not a zip', async () => {
    let r = await omr('archive', '-w', ws, '--out', path.join(ws, 'x.zip'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^omr: --out .*x\.zip nằm trong thư mục kỳ thi .*: bản lưu trữ sẽ tự chứa chính nó → /);
    const notZip = path.join(tmp, 'ghi-chu.zip');
    writeFileSync(notZip, 'không phải zip');
    r = await omr('archive', '-w', ws, '--out', notZip);
    expect(r.err).toMatch(/^omr: --out .*ghi-chu\.zip đã có và không phải tệp zip: không ghi đè → /);
    expect(readFileSync(notZip, 'utf8')).toBe('không phải zip');
  });

  it('archives everything with a manifest, verifies, and restores into a workspace whose exports are byte for byte the same', async () => {
    const exp1 = path.join(tmp, 'ket-qua-1');
    expect((await omr('export', '-w', ws, '--out', exp1)).code).toBeLessThan(2);
    const a = await json('archive', '-w', ws, '--out', zip);
    expect(a.problems).toEqual([]);
    const v = await omr('archive', 'verify', zip);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/cả \d+ tệp khớp với manifest/);
    const listing = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    for (const f of ['manifest.json', 'manifest.csv', 'manifest.sha256', 'ky-thi/omr.sqlite', 'ky-thi/exam.json', 'ky-thi/template.json', 'ky-thi/roster.csv', 'ky-thi/keys/keys.csv', 'ket-qua/ket-qua.csv', 'ket-qua/ket-qua.xlsx', 'sua-tay.csv', 'khieu-nai.csv']) {
      expect(listing, f).toContain(f);
    }
    expect(listing.some((f) => f.startsWith('ky-thi/in/') && f.endsWith('.pdf'))).toBe(true);
    for (const kind of ['template', 'exam', 'roster', 'key']) expect(listing.some((f) => new RegExp(`^tai-lieu/\\d{3}-${kind}-`).test(f)), kind).toBe(true);
    expect(listing.some((f) => f.startsWith('ky-thi/annotated/'))).toBe(true);
    expect(listing.filter((f) => f.startsWith('anh-quet/')).length).toBe(readdirSync(scans, { recursive: true }).filter((f) => /\.(pdf|tif|jpg)$/.test(String(f))).length);
    expect(listing.filter((f) => f.startsWith('da-xuat/')).length).toBe(10); // two exports of 5 files each
    const manifest = JSON.parse(spawnSync('unzip', ['-p', zip, 'manifest.json'], { encoding: 'utf8' }).stdout);
    expect(spawnSync('unzip', ['-p', zip, 'manifest.sha256'], { encoding: 'utf8' }).stdout).toContain(`${a.manifestSha256}  manifest.json`);
    expect(spawnSync('unzip', ['-z', zip], { encoding: 'utf8' }).stdout).toContain(a.manifestSha256);
    expect(manifest.files.find((f: any) => f.path === 'ky-thi/keys/keys.csv').sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(spawnSync('unzip', ['-p', zip, 'khieu-nai.csv'], { encoding: 'utf8' }).stdout).toContain('Phúc khảo: câu 17 thí sinh tô B');
    expect(spawnSync('unzip', ['-p', zip, 'sua-tay.csv'], { encoding: 'utf8' }).stdout).toContain('Phúc khảo đơn khiếu nại số 1');
    // the exports computed into the archive are the ones omr export writes
    expect(spawnSync('unzip', ['-p', zip, 'ket-qua/ket-qua.xlsx']).stdout.equals(readFileSync(path.join(exp1, 'ket-qua.xlsx')))).toBe(true);

    // restore, export again: the same bytes; the scans are there for evidence even when the originals are gone
    const restored = path.join(tmp, 'khoi-phuc');
    const rs = await omr('archive', 'restore', zip, '--to', restored);
    expect(rs.code, rs.err).toBe(0);
    const exp2 = path.join(tmp, 'ket-qua-2');
    expect((await omr('export', '-w', restored, '--out', exp2)).code).toBeLessThan(2);
    for (const f of readdirSync(exp1)) expect(readFileSync(path.join(exp2, f)).equals(readFileSync(path.join(exp1, f))), f).toBe(true);
    const aside = scans + '-aside';
    renameSync(scans, aside);
    try {
      const ev = await json('complaint', '-w', restored, 'evidence', '--serial', sheets[1].serial, '--out', path.join(tmp, 'r.pdf'));
      expect(ev.scan.matches).toBe(true);
      expect(ev.scan.file).toContain(path.join(restored, 'anh-quet'));
      // an archive of a workspace whose scans are gone names each one and still keeps the rest
      const b = await omr('archive', '-w', ws, '--out', path.join(tmp, 'thieu.zip'));
      expect(b.code).toBe(1);
      expect(b.err).toMatch(/không lưu được tệp ảnh quét: không còn .*scans\/lo-1\.pdf \(SHA-256 khi đọc [0-9a-f]{64}\)/);
      const vb = await omr('archive', 'verify', path.join(tmp, 'thieu.zip'));
      expect(vb.code).toBe(1);
      expect(vb.err).toMatch(/chưa từng được lưu \(đã thiếu khi tạo bản lưu trữ\): .*lo-1\.pdf/);
    } finally {
      renameSync(aside, scans);
    }
    // into a folder that is not empty: refused
    const again = await omr('archive', 'restore', zip, '--to', restored);
    expect(again.err).toMatch(/^omr: --to .* đã có và không phải thư mục trống → /);
  }, 90_000);

  it('verify names a changed file and a missing one (exit 1); restore refuses a damaged archive', async () => {
    const bytes = readFileSync(zip);
    // a stored scan: flip a byte inside its data (stored, not compressed, so the zip still reads)
    const name = Buffer.from('anh-quet/');
    const at = bytes.indexOf(name);
    const damaged = Buffer.from(bytes);
    damaged[at + 400] ^= 0xff;
    const bad = path.join(tmp, 'hong.zip');
    writeFileSync(bad, damaged);
    const v = await omr('archive', 'verify', bad);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/^bị thay đổi: anh-quet\/[0-9a-f]{12}-\S+ \(SHA-256 [0-9a-f]{64}, manifest ghi [0-9a-f]{64}\)$/m);
    expect(v.out).toMatch(/KHÔNG ĐẠT kiểm tra: 1 vấn đề/);
    const r = await omr('archive', 'restore', bad, '--to', path.join(tmp, 'khong-duoc'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/không đạt kiểm tra \(1 vấn đề\): không khôi phục gì/);
    expect(existsSync(path.join(tmp, 'khong-duoc'))).toBe(false);

    // a file taken out of the zip (rewritten without it with the system zip tool)
    const less = path.join(tmp, 'thieu-tep.zip');
    cpSync(zip, less);
    spawnSync('zip', ['-q', '-d', less, 'sua-tay.csv']);
    const m = await omr('--lang', 'en', 'archive', 'verify', less);
    expect(m.code).toBe(1);
    expect(m.err).toBe('missing: sua-tay.csv');
    const nz = await omr('--lang', 'en', 'archive', 'verify', path.join(tmp, 'ghi-chu.zip'));
    expect(nz.code).toBe(2);
    expect(nz.err).toMatch(/^omr: .*ghi-chu\.zip is not a readable zip archive \(.*\) → /);
  });
});
