import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { parse } from 'csv-parse/sync';

const OPTS = ['A', 'B', 'C', 'D'];
const keyOf = (code: string, q: number): string => OPTS[(q + Number(code)) % 4];
const wrong = (v: string): string => OPTS[(OPTS.indexOf(v) + 1) % 4];

/** A scan result line: `correct` first answers right, then wrong; `patch` overrides groups. */
function page(source: string, n: number, sbd: string, made: string, correct: number, patch: Record<string, object> = {}, extra: object = {}): object {
  const groups: Record<string, object> = {};
  for (let q = 1; q <= 100; q++) groups[`q${q}`] = { value: q <= correct ? keyOf(made, q) : wrong(keyOf(made, q)), flagged: false, fill: [0, 0, 0, 0] };
  sbd.split('').forEach((d, i) => (groups[`sbd.${i}`] = { value: d, flagged: false, fill: [] }));
  made.split('').forEach((d, i) => (groups[`made.${i}`] = { value: d, flagged: false, fill: [] }));
  Object.assign(groups, patch);
  return { source, page: n, status: 'ok', serial: `S${sbd}`, candidateNumber: sbd, examCode: made, rotation: 0, groups, ...extra };
}

function keyCsv(codes: string[]): string {
  const lines = ['ma_de,cau,dap_an'];
  for (const c of codes) for (let q = 1; q <= 100; q++) lines.push(`${c},${q},${keyOf(c, q)}`);
  return lines.join('\n') + '\n';
}

function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  return main(['node', 'omr', '--lang', 'en', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false }).then((code) => ({ code, out, err }));
}

const readCsv = (file: string): string[][] => parse(readFileSync(file, 'utf8'), { bom: true });

function setup(): { dir: string; results: string; key: string; roster: string; history: string; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'omr-grade-'));
  const flaggedQ3 = { q3: { value: 'B', flagged: true, reason: 'light', fill: [] } };
  const lines = [
    page('scan.pdf', 1, '000001', '101', 100),
    page('scan.pdf', 2, '000002', '101', 49),
    page('scan.pdf', 3, '000003', '102', 70, flaggedQ3),
    page('scan.pdf', 4, '000004', '101', 90),
    page('scan.pdf', 5, '000004', '101', 90), // identical re-scan: counts once
    page('scan.pdf', 6, '000005', '101', 60),
    page('scan.pdf', 7, '000005', '101', 61, {}, { serial: 'S000005b' }), // same SBD, different answers: conflict
    page('scan.pdf', 8, '999999', '102', 50), // not in the roster
    page('scan.pdf', 9, '000006', '105', 80), // no key
    { source: 'scan.pdf', page: 10, status: 'not_a_sheet', reason: 'no registration marks found → is this an answer sheet?' },
  ].map((l) => JSON.stringify(l));
  lines.splice(3, 0, '{"source": "scan.pdf", "page": broken');
  const results = path.join(dir, 'results.jsonl');
  writeFileSync(results, lines.join('\n') + '\n');
  const key = path.join(dir, 'keys.csv');
  writeFileSync(key, '\uFEFF' + keyCsv(['101', '102']));
  const roster = path.join(dir, 'roster.csv');
  writeFileSync(
    roster,
    [
      'sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh',
      '000001,Nguyễn Văn An,01/02/1980,Xã Phong An,1,Bí thư',
      '000002,Trần Thị Bình,15/07/1985,Xã Phong Hiền,2,Chủ tịch UBND',
      '000003,"=HYPERLINK(""http://x"")",03/03/1990,Xã Phong An,3,Công chức',
      '000004,Lê Văn Cường,04/04/1975,Xã Phong Hiền,3,+Địa chính',
      '000005,Phạm Thị Dung,05/05/1988,Xã Phong An,2,Phó chủ tịch',
      '000006,Hoàng Văn Em,06/06/1992,Xã Phong Hiền,3,Văn phòng',
      '000007,Đỗ Thị Phương,07/07/1991,Xã Phong An,1,Chủ tịch MTTQ',
    ].join('\n') + '\n',
  );
  // the previous round: same person as 000002 under another SBD, written differently
  const history = path.join(dir, 'ky-truoc.csv');
  writeFileSync(
    history,
    '\uFEFFSTT,Số báo danh,Họ và tên,Ngày sinh,Đơn vị,Nhóm,Chức vụ/chức danh,Mã đề,Phần I,Phần II,Tổng điểm,Xếp loại,Ghi chú,Mã băm đáp án\r\n' +
      '1,000123,TRẦN  THỊ BÌNH,15/7/1985,xã phong hiền,2,Chủ tịch UBND,201,20,25,45,Không đạt,,abc\r\n' +
      '2,000124,Nguyễn Văn An,01/02/1980,Xã Phong An,1,Bí thư,201,20,20,40,Không đạt,,abc\r\n',
  );
  return { dir, results, key, roster, history, out: path.join(dir, 'out') };
}

describe('omr grade end to end', () => {
  it('grades, writes the exports and reports what needs a person', async () => {
    const f = setup();
    const r = await run(['grade', f.results, '--key', f.key, '--roster', f.roster, '--history', f.history, '--out', f.out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${f.results} line 4: not valid JSON (Unexpected token 'b', ...", "page": broken" is not valid JSON) → re-run omr scan for that page, or delete the line`);
    expect(r.err.some((l) => l.includes('SBD 000005 is on 2 pages with different answers'))).toBe(true);
    expect(r.err.some((l) => l.includes('SBD 999999 is not in the roster'))).toBe(true);
    expect(r.err.some((l) => l.includes('no key for mã đề 105'))).toBe(true);
    expect(r.out.join('\n')).toMatch(/Tốt\s+2\s+40\.0%/);
    expect(r.out.join('\n')).toMatch(/Không đạt\s+1\s+20\.0%/);
    expect(r.out.join('\n')).toContain('Needs a person: 1 flagged answer(s) on 1 sheet(s), 1 conflict(s), 1 SBD not in the roster');

    for (const name of ['ket-qua.csv', 'bai-lam.csv', 'phan-tich-cau-hoi.csv', 'tong-hop.csv', 'ket-qua.xlsx']) expect(existsSync(path.join(f.out, name))).toBe(true);

    // BOM, CRLF and formula neutralising in the bytes
    const bytes = readFileSync(path.join(f.out, 'ket-qua.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFSTT,Số báo danh,Họ và tên,Ngày sinh,Đơn vị,Nhóm,Chức vụ/chức danh,Mã đề,Phần I,Phần II,Tổng điểm,Xếp loại,Ghi chú,Mã băm đáp án',
    );
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(`,'+Địa chính,`);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');

    const rows = readCsv(path.join(f.out, 'ket-qua.csv'));
    const bySbd = Object.fromEntries(rows.slice(1).map((x) => [x[1], x]));
    expect(rows.slice(1).map((x) => x[1])).toEqual(['000001', '000002', '000003', '000004', '000005', '000006', '000007', '999999']);
    expect(bySbd['000001'].slice(7, 12)).toEqual(['101', '40', '60', '100', 'Tốt']);
    expect(bySbd['000002'].slice(7, 12)).toEqual(['101', '40', '9', '49', 'Không đạt']);
    expect(bySbd['000002'][12]).toContain('Không xét hoàn thành xuất sắc nhiệm vụ; Không đạt 02 lần liên tiếp: xem xét tinh giản biên chế');
    expect(bySbd['000002'][12]).toContain('Kỳ trước: Không đạt (45 điểm)');
    expect(bySbd['000003'].slice(8, 12)).toEqual(['39', '30', '69', 'Trung bình']); // câu 3 flagged: 0 until resolved
    expect(bySbd['000003'][12]).toContain('Chưa xử lý 1 câu (0 điểm đến khi sửa): 3 (tô mờ)');
    expect(bySbd['000004'].slice(11, 13)).toEqual(['Tốt', 'Phiếu quét trùng, giống nhau (scan.pdf tr.4; scan.pdf tr.5) — tính một lần']);
    expect(bySbd['000005'][10]).toBe('');
    expect(bySbd['000005'][12]).toContain('Xung đột: 2 phiếu cùng SBD 000005');
    expect(bySbd['000006'][12]).toBe('Mã đề 105 không có đáp án — chưa chấm');
    expect(bySbd['000007'][12]).toBe('Vắng / không có bài');
    expect(bySbd['999999'].slice(2, 7)).toEqual(['', '', '', '', '']);
    expect(bySbd['999999'][12]).toContain('SBD không có trong danh sách thí sinh');
    // the key fingerprint column is the SHA-256 of the canonical key
    expect(bySbd['000001'][13]).toMatch(/^[0-9a-f]{64}$/);
    expect(bySbd['000003'][13]).not.toBe(bySbd['000001'][13]);

    const bl = readCsv(path.join(f.out, 'bai-lam.csv'));
    expect(bl[0]).toEqual(['STT', 'Số báo danh', 'Họ và tên', 'Mã đề', 'Câu', 'Trả lời', 'Đáp án', 'Đúng/Sai', 'Ghi chú']);
    const q3 = bl.find((x) => x[1] === '000003' && x[4] === '3')!;
    expect(q3.slice(5)).toEqual(['B', 'B', 'Chưa xử lý', 'Cần xem lại: tô mờ']);
    expect(bl.filter((x) => x[1] === '000001')).toHaveLength(100);

    const pa = readCsv(path.join(f.out, 'phan-tich-cau-hoi.csv'));
    expect(pa[0].slice(0, 10)).toEqual(['Mã đề', 'Mục', 'Câu', 'Phần', 'Số bài', 'Đáp án', 'Số đúng', 'Độ khó (tỉ lệ đúng)', 'Độ phân biệt (point-biserial)', 'Độ phân biệt (nhóm 27%)']);
    const whole101 = pa.find((x) => x[0] === '101' && x[1] === 'Toàn đề')!;
    expect(whole101[4]).toBe('3'); // 000001, 000002, 000004 (000005 is in conflict, not scored)
    expect(pa.filter((x) => x[0] === '101' && x[1] === 'Câu')).toHaveLength(100);
    expect(pa.filter((x) => x[1] === 'Phần').map((x) => [x[0], x[2], x[3]])).toEqual([
      ['101', '1-40', 'Phần I'],
      ['101', '41-100', 'Phần II'],
      ['102', '1-40', 'Phần I'],
      ['102', '41-100', 'Phần II'],
    ]);

    const th = readCsv(path.join(f.out, 'tong-hop.csv'));
    expect(th[0]).toEqual(['Phạm vi', 'Tên', 'Số thí sinh', 'Có bài được chấm', 'Vắng', 'Chưa chấm xong', 'Tốt (số)', 'Tốt (%)', 'Khá (số)', 'Khá (%)', 'Trung bình (số)', 'Trung bình (%)', 'Không đạt (số)', 'Không đạt (%)', 'Cần xem lại']);
    expect(th[1]).toEqual(['Toàn bộ', 'Tất cả thí sinh', '8', '5', '1', '2', '2', '40', '0', '0', '2', '40', '1', '20', '4']); // cần xem lại: 000003 flagged, 000005 conflict, 000006 no key, 999999 unknown
    expect(th.map((x) => `${x[0]}|${x[1]}`).slice(2)).toEqual([
      'Nhóm|Nhóm 1',
      'Nhóm|Nhóm 2',
      'Nhóm|Nhóm 3',
      'Nhóm|(không có trong danh sách)',
      'Đơn vị|Xã Phong An',
      'Đơn vị|Xã Phong Hiền',
      'Đơn vị|(không có trong danh sách)',
    ]);
  });

  it('prints JSON with --json and exits 0 when nothing needs a person', async () => {
    const f = setup();
    writeFileSync(f.results, [page('a.jpg', 1, '000001', '101', 95), page('b.jpg', 1, '000002', '102', 50)].map((l) => JSON.stringify(l)).join('\n'));
    const r = await run(['grade', f.results, '--key', f.key, '--out', f.out, '--json', '--no-xlsx']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out.join('\n'));
    expect(j.summary.bands).toEqual([
      { name: 'Tốt', count: 1 },
      { name: 'Khá', count: 0 },
      { name: 'Trung bình', count: 1 },
      { name: 'Không đạt', count: 0 },
    ]);
    expect(j.rows.map((x: any) => [x.sbd, x.total, x.band, x.consequences])).toEqual([
      ['000001', 95, 'Tốt', []],
      ['000002', 50, 'Trung bình', ['Không xét hoàn thành xuất sắc nhiệm vụ']],
    ]);
    expect(j.keys.map((k: any) => k.examCode)).toEqual(['101', '102']);
    expect(existsSync(path.join(f.out, 'ket-qua.xlsx'))).toBe(false);
  });

  it('uses the bands of an exam file', async () => {
    const f = setup();
    writeFileSync(f.results, JSON.stringify(page('a.jpg', 1, '000001', '101', 85)) + '\n');
    const exam = path.join(f.dir, 'exam.json');
    writeFileSync(exam, JSON.stringify({ id: 'test-2025', organiser: ['UBND'], name: 'Kỳ sát hạch', year: 2025, bands: [{ name: 'Giỏi', min: 80 }, { name: 'Chưa đạt', min: 0 }] }));
    const r = await run(['grade', f.results, '--key', f.key, '--exam', exam, '--out', f.out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.join('\n')).rows[0].band).toBe('Giỏi');
  });

  it('grades the other mã đề when a key has problems, and exits 1', async () => {
    const f = setup();
    writeFileSync(f.key, keyCsv(['101', '102']).replace('\n102,41,', '\n102,41,E\n102,41,'));
    writeFileSync(f.results, [page('a.jpg', 1, '000001', '101', 95), page('b.jpg', 1, '000002', '102', 50)].map((l) => JSON.stringify(l)).join('\n'));
    const r = await run(['grade', f.results, '--key', f.key, '--out', f.out]);
    expect(r.code).toBe(1);
    expect(r.err[0]).toBe(`${f.key} row 142: đáp án "E" for câu 41 of mã đề 102 is not one of A, B, C, D → write one of A, B, C, D`);
    const rows = readCsv(path.join(f.out, 'ket-qua.csv'));
    expect(rows[1].slice(10, 12)).toEqual(['95', 'Tốt']);
    expect(rows[2].slice(10, 13)).toEqual(['', '', 'Đáp án mã đề 102 có lỗi — chưa chấm']);
  });

  it('exits 2 on bad usage or unreadable input', async () => {
    const f = setup();
    expect((await run(['grade', f.results, '--out', f.out])).code).toBe(2);
    const missing = await run(['grade', path.join(f.dir, 'nope.jsonl'), '--key', f.key, '--out', f.out]);
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/nope\.jsonl: cannot read the scan results: ENOENT/);
    const noKey = await run(['grade', f.results, '--key', path.join(f.dir, 'k.csv'), '--out', f.out]);
    expect(noKey.code).toBe(2);
    expect(noKey.err[0]).toMatch(/k\.csv: cannot read the answer key: ENOENT/);
  });
});
