/**
 * The exam workspace, end to end on real artefacts: sheets printed by the print module (real QR
 * codes), rasterised, filled, saved as JPEG; read by the real scanner into the database.
 */
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { SCHEMA_VERSION } from '../src/workspace/db.js';
import { candidates, defaultExam, keyCsv, makeScans, rosterCsv, type SheetFill } from './workspace-helpers.js';

function run(argv: string[], cwd?: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  return main(['node', 'omr', '--lang', 'en', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false })
    .then((code) => ({ code, out, err }))
    .finally(() => process.chdir(before));
}

const readCsv = (file: string): string[][] => parse(readFileSync(file, 'utf8'), { bom: true, relax_column_count: true });
const json = <T = any>(r: { out: string[] }): T => JSON.parse(r.out.join('\n')) as T;

const EXAM = defaultExam(2025);
const roster = candidates(8);
const serial = (n: number) => String(n).padStart(6, '0');

/**
 * The sheets. Serials 1-8 are printed for candidates 1-8 (omr generate -w with the roster),
 * 9-10 are blank numbered sheets (omr generate -w --count 2).
 */
const SHEETS: SheetFill[] = [
  { serial: serial(1), candidate: roster[0], sbd: roster[0].sbd, made: '101', correct: 95 },
  { serial: serial(2), candidate: roster[1], sbd: roster[1].sbd, made: '102', correct: 72, marks: { 5: 'light', 9: 'double' } },
  { serial: serial(3), candidate: roster[2], sbd: roster[2].sbd, made: '101', correct: 50 },
  { serial: serial(4), candidate: roster[3], sbd: roster[3].sbd, made: '101', correct: 30 },
  // candidate 5's sheet with candidate 7's SBD bubbled: manifest conflict; 5 then has no sheet
  { serial: serial(5), candidate: roster[4], sbd: roster[6].sbd, made: '102', correct: 60 },
  // mã đề with no key
  { serial: serial(6), candidate: roster[5], sbd: roster[5].sbd, made: '105', correct: 80 },
  // blank sheet, SBD not in the roster
  { serial: serial(9), sbd: '999999', made: '102', correct: 66 },
  { serial: serial(8), candidate: roster[7], sbd: roster[7].sbd, made: '102', correct: 80 },
  // blank sheet with candidate 3's SBD and other answers: the same SBD on two different sheets
  { serial: serial(10), sbd: roster[2].sbd, made: '101', correct: 20 },
];

let base: string;
let scansA: string[]; // first batch
let scansB: string[]; // arrives later in the scanner folder
let dupOf8: string; // a second scan of serial 8 (other JPEG bytes, same marks)
let otherExam: string; // a sheet printed for another exam

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'omr-ws-'));
  writeFileSync(path.join(base, 'roster.csv'), rosterCsv(roster));
  writeFileSync(path.join(base, 'keys.csv'), keyCsv(['101', '102']));
  writeFileSync(path.join(base, 'exam.json'), JSON.stringify(EXAM, null, 2));
  const files = await makeScans(path.join(base, 'made'), SHEETS, { names: (i) => `scan-${String(i + 1).padStart(3, '0')}.jpg` });
  scansA = files.slice(0, 5);
  scansB = files.slice(5);
  // identical re-scan of serial 8: decode and re-encode at another quality (other file hash)
  dupOf8 = path.join(base, 'made', 'rescan-008.jpg');
  await sharp(files[7]).jpeg({ quality: 80 }).toFile(dupOf8);
  const other = await makeScans(path.join(base, 'made-other'), [{ serial: serial(11), sbd: '888888', made: '101', correct: 90 }], { exam: { ...EXAM, id: 'ky-khac-2024' }, names: () => 'other-exam.jpg' });
  otherExam = other[0];
});

describe('omr init', () => {
  it('makes the folder with exam, template, keys, roster and the database', async () => {
    const ws = path.join(base, 'init-1');
    const r = await run(['init', ws, '--exam', path.join(base, 'exam.json'), '--roster', path.join(base, 'roster.csv'), '--key', path.join(base, 'keys.csv')]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    for (const f of ['exam.json', 'template.json', 'roster.csv', 'keys/keys.csv', 'omr.sqlite']) expect(existsSync(path.join(ws, f)), f).toBe(true);
    expect(r.out[0]).toMatch(/Workspace .*init-1\/ made: exam sat-hach-2025/);
    const db = new Database(path.join(ws, 'omr.sqlite'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({ v: SCHEMA_VERSION });
    expect((db.prepare("SELECT COUNT(*) AS n FROM documents WHERE replaced_at IS NULL").get() as { n: number }).n).toBe(4);
    db.close();
  });

  it('refuses an existing workspace or a non-empty folder unless --force, naming the folder and the fix', async () => {
    const ws = path.join(base, 'init-2');
    expect((await run(['init', ws])).code).toBe(0);
    let r = await run(['init', ws]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      `omr: ${ws}: is already an exam workspace (omr.sqlite) → change it with omr key add / omr roster set, or give --force to start it again (the old database is kept beside it)`,
    ]);
    r = await run(['init', ws, '--force']);
    expect(r.code).toBe(0);
    expect(readdirSync(ws).some((n) => n.startsWith('omr.sqlite.old-'))).toBe(true);

    const full = path.join(base, 'init-3');
    mkdirSync(full);
    writeFileSync(path.join(full, 'notes.txt'), 'x');
    r = await run(['init', full]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`omr: ${full}: the folder is not empty (notes.txt) → give a new folder name, or --force to make the workspace in this folder anyway`]);
  });

  it('validates every input before writing anything: a bad key leaves no workspace behind', async () => {
    const bad = path.join(base, 'bad-key.csv');
    writeFileSync(bad, 'ma_de;cau\n101;1\n');
    const ws = path.join(base, 'init-4');
    const r = await run(['init', ws, '--key', bad]);
    expect(r.code).toBe(2);
    const lines = r.err.join('\n').split('\n');
    expect(lines[0]).toBe(`omr: ${bad}: no answer key could be read, the workspace was not made`);
    expect(lines[1]).toMatch(/bad-key\.csv row 1: the header must name the columns ma_de, cau, dap_an/);
    expect(existsSync(ws)).toBe(false);
  });

  it('commands outside a workspace say how to get one', async () => {
    const r = await run(['status'], base);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`omr: ${path.resolve(base)}: not an exam workspace (no omr.sqlite here) → give -w DIR, or make one with omr init DIR`]);
  });
});

describe('a workspace from print to export', () => {
  let ws: string;
  let scanner: string;

  beforeAll(async () => {
    ws = path.join(base, 'ky-thi');
    scanner = path.join(base, 'scanner');
    mkdirSync(scanner);
    for (const f of scansA) copyFileSync(f, path.join(scanner, path.basename(f)));
    expect((await run(['init', ws, '--exam', path.join(base, 'exam.json'), '--roster', path.join(base, 'roster.csv'), '--key', path.join(base, 'keys.csv')])).code).toBe(0);
  });

  it('generate -w prints the roster and records the manifest; serials continue', async () => {
    let r = await run(['generate', '-w', ws]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/8 sheets \(personalised, số phiếu 000001-000008, exam sat-hach-2025\)/);
    r = await run(['generate', '-w', ws, '--count', '2']);
    expect(r.out[0]).toMatch(/2 sheets \(blank, số phiếu 000009-000010/);
    r = await run(['generate', '-w', ws, '--count', '1', '--first-serial', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['omr: serial 000003 already printed in this workspace → leave out --first-serial (the next free serial is 000011)']);
    const db = new Database(path.join(ws, 'omr.sqlite'), { readonly: true });
    expect(db.prepare("SELECT sbd FROM manifest WHERE serial = '000005'").get()).toEqual({ sbd: '000005' });
    expect(db.prepare("SELECT sbd FROM manifest WHERE serial = '000010'").get()).toEqual({ sbd: null });
    db.close();
  });

  it('scan -w records every page; a re-run adds nothing; new files in the scanner folder are added', async () => {
    let r = await run(['scan', '-w', ws, scanner, '--jobs', '1', '--json']);
    let s = json(r);
    expect(s.pages).toBe(5);
    expect(s.added).toBe(5);
    expect(s.pagesInWorkspace).toBe(5);

    r = await run(['scan', '-w', ws, scanner, '--jobs', '1', '--json']);
    s = json(r);
    expect(s.added).toBe(0);
    expect(s.pages).toBe(0);
    expect(s.alreadyRead).toBe(5);
    expect(r.code).toBe(1); // nothing new, but the workspace still has open flags (issue 8 item 11)

    for (const f of [...scansB, dupOf8, otherExam]) copyFileSync(f, path.join(scanner, path.basename(f)));
    r = await run(['scan', '-w', ws, scanner, '--jobs', '1', '--json']);
    s = json(r);
    expect(s.added).toBe(6);
    expect(s.alreadyRead).toBe(5);
    expect(s.pagesInWorkspace).toBe(11);

    const db = new Database(path.join(ws, 'omr.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT file_sha256, page, source, status, serial, sbd, made, annotated, result FROM pages ORDER BY id').all() as any[];
    db.close();
    expect(rows.map((x) => x.status)).toEqual(Array(11).fill('ok'));
    for (const x of rows) {
      expect(x.file_sha256).toMatch(/^[0-9a-f]{64}$/);
      const pr = JSON.parse(x.result);
      expect(pr.homography).toHaveLength(9);
      expect(pr.thresholds).toBeDefined();
      expect(Object.keys(pr.groups).length).toBe(100 + 6 + 3);
      expect(pr.groups.q1.fill).toHaveLength(4);
      expect(existsSync(path.join(ws, x.annotated))).toBe(true);
    }
    expect(rows.find((x) => x.serial === '000005').sbd).toBe('000007');
  });

  it('status reports pages, scores, flags, conflicts, missing candidates and keys with fingerprints', async () => {
    const r = await run(['status', '-w', ws, '--json']);
    expect(r.code).toBe(1);
    const s = json(r);
    expect(s.pages).toMatchObject({ total: 11, ok: 11, duplicates: 1, files: 11 });
    expect(s.candidates).toMatchObject({ roster: 8, unknownSbd: 2 });
    expect(s.flagsOpen).toMatchObject({ answers: 2, sheets: 1 });
    expect(s.missingCandidates).toBe(1); // candidate 5: the sheet printed for them carries SBD 000007
    expect(s.keys.map((k: any) => k.examCode)).toEqual(['101', '102']);
    expect(s.keys[0].fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(s.needsPerson).toBe(true);
    const text = (await run(['status', '-w', ws])).out.join('\n');
    expect(text).toMatch(/Pages: 11 from 11 file\(s\) \(11 ok, 1 identical re-scan\(s\)\)/);
    expect(text).toMatch(/Flags open: 2 \(2 answer\(s\), 0 SBD\/mã đề column\(s\), on 1 sheet\(s\)\)/);
    expect(text).toMatch(/Keys: mã đề 101 [0-9a-f]{12}… \(keys\/keys\.csv\) · mã đề 102/);
  });

  it('conflicts are surfaced, never resolved silently', async () => {
    const r = await run(['review', '-w', ws, '--json']);
    expect(r.code).toBe(1);
    const items = json<{ items: any[] }>(r).items;
    const kinds = (k: string) => items.filter((i) => i.kind === k);
    // same SBD on two different sheets: not scored until a person decides
    expect(kinds('conflict_sbd')[0].text).toMatch(/^SBD 000003 is on 2 pages with different answers/);
    // SBD not in the roster
    expect(kinds('unknown_sbd').map((i) => i.sbd).sort()).toEqual(['888888', '999999']);
    // a roster candidate with no sheet
    expect(kinds('absent').map((i) => i.sbd)).toEqual(['000005']);
    // a mã đề with no key
    expect(kinds('no_key')[0].text).toMatch(/no key for mã đề 105/);
    // the QR serial's manifest candidate differs from the bubbled SBD
    expect(kinds('manifest_mismatch')[0].text).toMatch(/serial 000005 was printed for SBD 000005 \(Nguyễn Văn Thí Sinh 5\) but SBD 000007 is bubbled/);
    expect(kinds('manifest_mismatch')[0].needsPerson).toBe(true);
    // a sheet of another exam
    expect(kinds('other_exam')[0].text).toMatch(/printed for exam ky-khac-2024, this workspace is exam sat-hach-2025/);
    // identical re-scans count once (information only)
    expect(kinds('duplicate_page')[0].needsPerson).toBe(false);
    // flagged answers with reason and fills, and the command that resolves them
    const flags = items.filter((i) => i.category === 'flag');
    expect(flags.map((f) => [f.serial, f.what, f.reason])).toEqual([
      ['000002', 'câu 5', 'light'],
      ['000002', 'câu 9', 'multiple'],
    ]);
    expect(flags[0].fill).toHaveLength(4);
    expect(flags[0].fix).toMatch(/^omr override -w .* --serial 000002 --question 5 --value \? --by NAME --reason TEXT$/);
  });

  it('review --out writes review.csv (BOM) and a cropped picture of each flagged row', async () => {
    const out = path.join(base, 'xem-lai');
    const r = await run(['review', '-w', ws, '--out', out]);
    expect(r.code).toBe(1);
    const bytes = readFileSync(path.join(out, 'review.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(path.join(out, 'review.csv'));
    expect(rows[0].slice(0, 4)).toEqual(['STT', 'Loại', 'Cần xử lý', 'Số phiếu']);
    // headers stay Vietnamese (a fixed contract); the cells a person reads follow --lang (en here)
    const flagRows = rows.filter((x) => x[1] === 'To check (question/column)');
    expect(flagRows).toHaveLength(2);
    expect(flagRows[0][12]).toMatch(/câu 5 read "" — tô mờ; fills A 0\.\d\d/);
    expect(flagRows[0][13]).toMatch(/--question 5 --value \? --by NAME --reason TEXT$/);
    for (const fr of flagRows) {
      const img = path.join(out, fr[14]);
      expect(existsSync(img)).toBe(true);
      const meta = await sharp(img).metadata();
      expect(meta.width! / meta.height!).toBeGreaterThan(3); // a question row, upright
      // the page's fit on its printed rings (issue 10 item 2), in millimetres
      expect(rows[0][15]).toBe('Khớp trang (mm)');
      expect(fr[15]).toMatch(/^0\.\d\d$/);
    }
    expect(r.out.join('\n')).toMatch(/Wrote .*review\.csv and 2 picture\(s\)/);
  });

  it('an override changes the score, keeps the automatic read, and keeps its history (latest wins)', async () => {
    const before = json(await run(['status', '-w', ws, '--json']));
    const db = new Database(path.join(ws, 'omr.sqlite'), { readonly: true });
    const readBefore = (db.prepare("SELECT result FROM pages WHERE serial = '000002'").get() as { result: string }).result;

    // câu 5 was read blank (faint mark); the candidate's mark is the key's answer for a correct question
    let r = await run(['override', '-w', ws, '--serial', '000002', '--question', '5', '--value', 'A', '--by', 'Nguyễn Văn A', '--reason', 'tô mờ']);
    expect(r.code).toBe(0);
    const key5 = readFileSync(path.join(base, 'keys.csv'), 'utf8').split('\n').find((l) => l.startsWith('102,5,'))!.split(',')[2];
    r = await run(['override', '-w', ws, '--serial', '000002', '--question', '5', '--value', key5, '--by', 'Trần Thị B', '--reason', 'xem lại phiếu gốc: tô mờ ô ' + key5, '--json']);
    const o = json(r);
    expect(o.replaces.value).toBe('A');
    expect(o.after.total).toBe(o.before.total + (key5 === 'A' ? 0 : 1));
    r = await run(['override', '-w', ws, '--serial', '000002', '--question', '9', '--value', '', '--by', 'Trần Thị B', '--reason', 'hai ô: không tính']);
    expect(r.out[0]).toMatch(/câu 9: máy đọc "[A-D]{2}" → ""/);

    // the automatic read is untouched; overrides are kept apart, with who, when and why
    expect((db.prepare("SELECT result FROM pages WHERE serial = '000002'").get() as { result: string }).result).toBe(readBefore);
    const ovs = db.prepare('SELECT question, value, read_value, by, reason, at FROM overrides ORDER BY id').all() as any[];
    expect(ovs.map((x) => [x.question, x.value, x.read_value])).toEqual([
      [5, 'A', ''],
      [5, key5, ''],
      [9, '', JSON.parse(readBefore).groups.q9.value],
    ]);
    expect(ovs[0].at).toMatch(/^\d{4}-\d\d-\d\dT/);
    db.close();

    // the database itself refuses to change a read or an override
    const rw = new Database(path.join(ws, 'omr.sqlite'));
    expect(() => rw.prepare("UPDATE pages SET sbd = '000001' WHERE serial = '000002'").run()).toThrow(/an automatic read is never changed/);
    expect(() => rw.prepare('DELETE FROM pages').run()).toThrow(/never deleted/);
    expect(() => rw.prepare("UPDATE overrides SET value = 'D'").run()).toThrow(/overrides are never changed/);
    expect(() => rw.prepare('DELETE FROM overrides').run()).toThrow(/never deleted/);
    rw.close();

    const after = json(await run(['status', '-w', ws, '--json']));
    expect(after.flagsOpen.total).toBe(before.flagsOpen.total - 2);
    expect(after.overrides).toEqual({ total: 3, sheets: 1 });
  });

  it('override validates the value and the sheet, with one line naming the fix', async () => {
    let r = await run(['override', '-w', ws, '--serial', '000002', '--question', '7', '--value', 'E', '--by', 'a', '--reason', 'b']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['omr: --value "E" is not an answer: give one of A, B, C, D, several for a multiple mark (e.g. AC), or "" for blank → e.g. --question 7 --value B']);
    r = await run(['override', '-w', ws, '--serial', '000002', '--sbd', '--value', '12345', '--by', 'a', '--reason', 'b']);
    expect(r.err).toEqual(['omr: --value "12345" must be the 6-digit SBD → e.g. --value 012345 (keep the leading zeros)']);
    r = await run(['override', '-w', ws, '--serial', '000077', '--question', '7', '--value', 'A', '--by', 'a', '--reason', 'b']);
    expect(r.err).toEqual([
      'omr: no sheet with serial 000077 has been scanned into this workspace → check the số phiếu (omr review lists the sheets), or use --page SOURCE:PAGE when the QR could not be read',
    ]);
    r = await run(['override', '-w', ws, '--serial', '000002', '--question', '7', '--value', 'A', '--by', 'a']);
    expect(r.err).toEqual(['omr: --reason is required → omr override -w DIR --serial 000123 --question 17 --value B --by NAME --reason TEXT']);
    r = await run(['override', '-w', ws, '--serial', '000002', '--question', '101', '--value', 'A', '--by', 'a', '--reason', 'b']);
    expect(r.err).toEqual(['omr: --question must be a question number 1-100, not "101" → e.g. --question 17']);
  });

  it('an SBD override by --page resolves the manifest conflict and moves the sheet to its candidate', async () => {
    const db = new Database(path.join(ws, 'omr.sqlite'), { readonly: true });
    const p = db.prepare("SELECT source, page FROM pages WHERE serial = '000005'").get() as { source: string; page: number };
    db.close();
    const r = await run(['override', '-w', ws, '--page', `${p.source}:${p.page}`, '--sbd', '--value', '000005', '--by', 'Lê C', '--reason', 'phiếu in cho 000005, tô nhầm cột 6', '--json']);
    expect(r.code).toBe(0);
    const o = json(r);
    expect(o.before.sbd).toBe('000007');
    expect(o.after.sbd).toBe('000005');
    const items = json<{ items: any[] }>(await run(['review', '-w', ws, '--json'])).items;
    expect(items.filter((i) => i.kind === 'manifest_mismatch')).toEqual([]);
    expect(items.filter((i) => i.kind === 'absent').map((i) => i.sbd)).toEqual(['000007']);
  });

  it('export -w writes the same files as omr grade, from the database, overrides applied', async () => {
    const out = path.join(base, 'ket-qua');
    const r = await run(['export', '-w', ws, '--out', out]);
    expect(r.code).toBe(1); // conflicts and an unknown SBD remain
    for (const f of ['ket-qua.csv', 'bai-lam.csv', 'phan-tich-cau-hoi.csv', 'tong-hop.csv', 'ket-qua.xlsx']) expect(existsSync(path.join(out, f)), f).toBe(true);
    for (const f of ['ket-qua.csv', 'bai-lam.csv', 'phan-tich-cau-hoi.csv', 'tong-hop.csv']) expect([...readFileSync(path.join(out, f)).subarray(0, 3)], f).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(path.join(out, 'ket-qua.csv'));
    const head = rows[0];
    const col = (h: string) => head.indexOf(h);
    const bySbd = new Map(rows.slice(1).map((x) => [x[col('Số báo danh')], x]));
    const r2 = bySbd.get('000002')!;
    expect(r2[col('Ghi chú')]).toMatch(/Sửa tay câu 5: \(trống\) → [A-D] \(Trần Thị B, \d{4}-\d\d-\d\d: xem lại phiếu gốc/);
    expect(r2[col('Ghi chú')]).toMatch(/Sửa tay câu 9: [A-D]{2} → \(trống\)/);
    expect(r2[col('Mã băm đáp án')]).toMatch(/^[0-9a-f]{64}$/);
    expect(bySbd.get('000005')![col('Ghi chú')]).toMatch(/Sửa tay SBD: 000007 → 000005/);
    expect(bySbd.get('000003')![col('Ghi chú')]).toMatch(/Xung đột: 2 phiếu cùng SBD 000003/);
    expect(bySbd.get('000007')![col('Ghi chú')]).toBe('Vắng / không có bài');
    expect(bySbd.get('000001')![col('Xếp loại')]).toBe('Tốt');
    expect(bySbd.get('000001')![col('Tổng điểm')]).toBe('95');
    const bai = readCsv(path.join(out, 'bai-lam.csv'));
    const q5 = bai.find((x) => x[1] === '000002' && x[4] === '5')!;
    expect(q5[8]).toMatch(/^Sửa tay, máy đọc \(trống\)/);
    // an export is logged with the files' hashes
    const db = new Database(path.join(ws, 'omr.sqlite'), { readonly: true });
    const log = JSON.parse((db.prepare('SELECT files FROM exports ORDER BY id DESC').get() as { files: string }).files);
    db.close();
    expect(log.map((f: any) => path.basename(f.file))).toContain('ket-qua.csv');
  });

  it('the workspace export equals omr grade on the same pages (one implementation of scoring and exports)', async () => {
    const ws2 = path.join(base, 'ky-thi-2');
    await run(['init', ws2, '--exam', path.join(base, 'exam.json'), '--roster', path.join(base, 'roster.csv'), '--key', path.join(base, 'keys.csv')]);
    const jsonl = path.join(base, 'results-2.jsonl');
    const s = await run(['scan', '-w', ws2, ...scansB, dupOf8, '--jobs', '1', '--json', '--out', jsonl]);
    expect(json(s).added).toBe(5);
    const out1 = path.join(base, 'grade-stateless');
    const g = await run(['grade', jsonl, '--key', path.join(base, 'keys.csv'), '--roster', path.join(base, 'roster.csv'), '--exam', path.join(base, 'exam.json'), '--out', out1, '--no-xlsx']);
    expect(g.code).toBe(1);
    const out2 = path.join(base, 'export-ws2');
    expect((await run(['export', '-w', ws2, '--out', out2, '--no-xlsx'])).code).toBe(1);
    for (const f of ['ket-qua.csv', 'bai-lam.csv', 'phan-tich-cau-hoi.csv', 'tong-hop.csv']) {
      expect(readFileSync(path.join(out2, f), 'utf8'), f).toBe(readFileSync(path.join(out1, f), 'utf8'));
    }
  });

  it('key add replaces a key and results recompute; roster set replaces the roster', async () => {
    const before = json(await run(['status', '-w', ws, '--json']));
    expect(before.candidates.unscored).toBeGreaterThan(0);
    const k105 = path.join(base, 'de-105.csv');
    writeFileSync(k105, keyCsv(['105']));
    let r = await run(['key', 'add', '-w', ws, k105]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^✔ keys\/de-105\.csv: mã đề 105 \(SHA-256 [0-9a-f]{12}…\)$/);
    const after = json(await run(['status', '-w', ws, '--json']));
    expect(after.keys.map((k: any) => k.examCode)).toEqual(['101', '102', '105']);
    expect(after.candidates.scored).toBe(before.candidates.scored + 1);
    // a key file with a bad row never replaces the working key (issue 8): refused, the problem
    // named by file and row, nothing written, mã đề 105 still grades
    const bad = path.join(base, 'de-105.csv');
    writeFileSync(bad, keyCsv(['105']).replace(/^105,7,[A-D]$/m, '105,7,E'));
    r = await run(['key', 'add', '-w', ws, bad]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(`omr: ${bad}: not added, mã đề 105 has problems; the key in use stays active (keys/de-105.csv), nothing was written`);
    expect(r.err[1]).toBe(`${bad} row 8: đáp án "E" for câu 7 of mã đề 105 is not one of A, B, C, D → write one of A, B, C, D`);
    expect(json(await run(['status', '-w', ws, '--json'])).keys.map((k: any) => k.examCode)).toEqual(['101', '102', '105']);
    // a roster with one bad row: the others are used, the row is listed by review
    const ros = path.join(base, 'roster-2.csv');
    writeFileSync(ros, rosterCsv(roster) + '12345,Người Thiếu Số,01/01/1980,Phường 7,2,Công chức\n');
    r = await run(['roster', 'set', '-w', ws, ros]);
    expect(r.code).toBe(1);
    expect(r.out[0]).toBe('✔ roster.csv: 8 candidates (replaces the earlier roster, kept in the database history)');
    expect(r.err[0]).toMatch(/roster-2\.csv row 10: sbd "12345" must be exactly 6 digits/);
    const items = json<{ items: any[] }>(await run(['review', '-w', ws, '--json'])).items;
    expect(items.some((i) => i.kind === 'roster_row' && /row 10/.test(i.text))).toBe(true);
  });
});

describe('a scanner folder caught while a file is being written', () => {
  it('reads an unreadable page again on the next run, and sets aside the error once the full file is read', async () => {
    const ws = path.join(base, 'hot-folder');
    const folder = path.join(base, 'hot');
    mkdirSync(folder);
    await run(['init', ws, '--exam', path.join(base, 'exam.json'), '--roster', path.join(base, 'roster.csv'), '--key', path.join(base, 'keys.csv')]);
    const full = readFileSync(scansA[0]);
    writeFileSync(path.join(folder, 'late.jpg'), full.subarray(0, Math.floor(full.length / 3)));
    let s = json(await run(['scan', '-w', ws, folder, '--jobs', '1', '--json']));
    expect([s.added, s.errors]).toEqual([1, 1]);
    s = json(await run(['scan', '-w', ws, folder, '--jobs', '1', '--json']));
    expect([s.added, s.reread, s.errors]).toEqual([0, 1, 1]);
    let st = json(await run(['status', '-w', ws, '--json']));
    expect(st.pages).toMatchObject({ total: 1, error: 1, superseded: 0 });

    writeFileSync(path.join(folder, 'late.jpg'), full);
    const r = await run(['scan', '-w', ws, folder, '--jobs', '1', '--json']);
    s = json(r);
    expect([s.added, s.ok]).toEqual([1, 1]);
    st = json(await run(['status', '-w', ws, '--json']));
    expect(st.pages).toMatchObject({ total: 1, ok: 1, error: 0, superseded: 1 });
    const items = json<{ items: any[] }>(await run(['review', '-w', ws, '--json'])).items;
    const sup = items.find((i) => i.kind === 'superseded');
    expect(sup.needsPerson).toBe(false);
    expect(sup.text).toMatch(/late\.jpg p\.1: an unreadable earlier version of the file/);
    expect(items.some((i) => i.category === 'page')).toBe(false);
  });
});
