/**
 * The council's documents on the example workspace the demo builds (fixtures/example through
 * the real pipeline): the report's every count equals the exports' (tong-hop.csv, ket-qua.csv
 * written by omr export in the demo), the notices carry each person's score, deadlines and
 * warnings, bad input.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { loadHolidays } from '../src/council/calendar.js';
import { complaintsOf, councilFacts } from '../src/council/facts.js';
import { buildReport } from '../src/council/report.js';
import { runDemo } from '../src/demo/run.js';
import { renderPdf } from '../src/documents/index.js';
import { readCsv } from '../src/grade/csvread.js';
import { openPdf } from '../src/pdf/rasterize.js';
import { computeResults } from '../src/workspace/results.js';
import { openWorkspace } from '../src/workspace/workspace.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'omr-council-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const demoDir = path.join(tmp, 'demo');
const ws = path.join(demoDir, 'ky-thi');

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'omr', '--lang', 'en', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out, err };
}

function csv(file: string): string[][] {
  return readCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')).map((r) => r.cells);
}

async function pdfText(file: string): Promise<string> {
  return (await pdfTextOf(readFileSync(file))).replace(/\s+/g, ' ');
}

beforeAll(async () => {
  await runDemo({ outDir: demoDir, log: () => {}, jobs: 2 });
}, 400_000);

describe('omr report on the example workspace', () => {
  it('every count equals the exports of the same workspace (tong-hop.csv, ket-qua.csv)', () => {
    const w = openWorkspace(ws);
    let f;
    try {
      f = councilFacts(computeResults(w).grades);
    } finally {
      w.close();
    }
    const tongHop = csv(path.join(demoDir, 'ket-qua', 'tong-hop.csv'));
    const header = tongHop[0];
    const rows = tongHop.slice(1);
    const bandCols = f.bandNames.map((b) => header.indexOf(`${b} (số)`));
    expect(bandCols.every((c) => c > 0)).toBe(true);
    const check = (t: (typeof f.byNhom)[number], r: string[]) => {
      expect([t.total, t.scored, t.absent, t.unfinished]).toEqual([2, 3, 4, 5].map((i) => Number(r[i])));
      expect(t.bands.map((b) => b.n)).toEqual(bandCols.map((c) => Number(r[c])));
    };
    check(f.overall, rows[0]);
    const byName = (scope: string) => new Map(rows.filter((r) => r[0] === scope).map((r) => [r[1], r]));
    const nhom = byName('Nhóm');
    const donVi = byName('Đơn vị');
    expect(f.byNhom.map((t) => t.name)).toEqual([...nhom.keys()]);
    expect(f.byDonVi.map((t) => t.name)).toEqual([...donVi.keys()]);
    for (const t of f.byNhom) check(t, nhom.get(t.name)!);
    for (const t of f.byDonVi) check(t, donVi.get(t.name)!);
    // by chức danh, against ket-qua.csv
    const kq = csv(path.join(demoDir, 'ket-qua', 'ket-qua.csv'));
    const [h, ...people] = kq;
    const col = (name: string) => h.indexOf(name);
    for (const t of f.byChucDanh) {
      const mine = people.filter((p) => p[col('Chức vụ/chức danh')] === t.name);
      expect(t.total).toBe(mine.length);
      for (const b of t.bands) expect(b.n, `${t.name} ${b.name}`).toBe(mine.filter((p) => p[col('Xếp loại')] === b.name).length);
    }
    expect(f.byChucDanh.reduce((s, t) => s + t.total, 0)).toBe(people.filter((p) => p[col('Chức vụ/chức danh')] !== '').length);
    // Trung bình and Không đạt: the same people as ket-qua.csv
    const weak = people.filter((p) => ['Trung bình', 'Không đạt'].includes(p[col('Xếp loại')])).map((p) => p[col('Số báo danh')]).sort();
    expect(f.consequences.map((r) => r.sbd).sort()).toEqual(weak);
  });

  it('writes the PDF and .docx; the text states the same figures; the deadline is met', async () => {
    const r = await run(['report', '-w', ws, '--graded-on', '16/06/2025', '--date', '20/06/2025', '--number', '15', '--json']);
    const j = JSON.parse(r.out[0]);
    expect(j.due).toBe('2025-06-30');
    expect(j.late).toBe(false);
    // the demo leaves one planted problem for a person: the report says results are not final
    expect(r.code).toBe(j.pending ? 1 : 0);
    const tongHop = csv(path.join(demoDir, 'ket-qua', 'tong-hop.csv'));
    expect(j.counts.total).toBe(Number(tongHop[1][2]));
    expect(j.counts.scored).toBe(Number(tongHop[1][3]));
    expect(j.counts.absent).toBe(Number(tongHop[1][4]));
    const pdf = path.join(ws, 'van-ban', 'bao-cao-ket-qua.pdf');
    expect(existsSync(pdf) && existsSync(path.join(ws, 'van-ban', 'bao-cao-ket-qua.docx'))).toBe(true);
    const text = await pdfText(pdf);
    for (const s of [
      'Số: 15/BC-HĐKTSH',
      'Phong Điền, ngày 20 tháng 6 năm 2025',
      'Kính gửi: Chủ tịch Ủy ban nhân dân huyện Phong Điền.',
      `được triệu tập: ${j.counts.total} người thuộc 6 đơn vị`,
      `vắng: ${j.counts.absent} người`,
      `Tổng số bài được chấm: ${j.counts.scored} bài`,
      `Tốt ${j.counts.bands['Tốt']} (`,
      `Không đạt ${j.counts.bands['Không đạt']} (`,
      'chậm nhất ngày 30/06/2025',
      'TM. HỘI ĐỒNG',
      'Nguyễn Minh Tâm',
      'Trần Thị Kim Loan',
      'không nhận được đơn khiếu nại',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('warns when the report is made after the deadline (10 working days from grading)', async () => {
    const r = await run(['report', '-w', ws, '--graded-on', '2025-06-02', '--date', '2025-06-20', '--out', path.join(tmp, 'late')]);
    expect(r.err[0]).toBe('⚠ late: grading completed 02/06/2025, the report was due by 16/06/2025; dated 20/06/2025, 4 working day(s) after the deadline');
    const text = await pdfText(path.join(tmp, 'late', 'bao-cao-ket-qua.pdf'));
    expect(text).toContain('chậm 4 ngày làm việc so với thời hạn');
  });

  it('states the complaints when the workspace records them', async () => {
    const w = openWorkspace(ws);
    try {
      expect(complaintsOf(w)).toEqual([]); // none recorded yet (the complaints table is there, empty)
      const res = computeResults(w);
      const rep = buildReport(res, {
        date: '2025-06-20',
        gradedOn: '2025-06-16',
        holidays: loadHolidays(),
        complaints: [
          { id: 1, serial: '000003', sbd: '250103', receivedOn: '2025-06-17', subject: 'Câu 58 bị chấm sai', status: 'resolved', resolvedOn: '2025-06-19', resolution: 'Giữ nguyên kết quả' },
          { id: 2, serial: null, sbd: '250110', receivedOn: '2025-06-19', subject: 'Tổng điểm', status: 'open', resolvedOn: null, resolution: null },
        ],
      });
      const text = (await pdfTextOf(await renderPdf(rep.doc))).replace(/\s+/g, ' ');
      expect(text).toContain('Hội đồng đã tiếp nhận 2 đơn khiếu nại; đã giải quyết 1 đơn; đang giải quyết 1 đơn.');
      expect(text).toContain('Giữ nguyên kết quả');
    } finally {
      w.close();
    }
  });
});

async function pdfTextOf(bytes: Uint8Array): Promise<string> {
  const doc = await openPdf(bytes);
  try {
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) pages.push(await doc.pageText(p));
    return pages.join('\n').normalize('NFC');
  } finally {
    await doc.close();
  }
}

describe('omr notify on the example workspace', () => {
  it('one notice per đơn vị with each official’s score and band, and a covering list with the numbers', async () => {
    const out = path.join(tmp, 'notices');
    const r = await run(['notify', '-w', ws, '--approved-on', '24/06/2025', '--date', '26/06/2025', '--decision', '125/QĐ-UBND', '--first-number', '31', '--out', out, '--json']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]);
    expect(j.due).toBe('2025-07-01');
    expect(j.notices.map((n: { number: string }) => n.number)).toEqual(['31', '32', '33', '34', '35', '36'].map((n) => `${n}/TB-HĐKTSH`));
    const kq = csv(path.join(demoDir, 'ket-qua', 'ket-qua.csv'));
    const [h, ...people] = kq;
    const col = (name: string) => h.indexOf(name);
    let seen = 0;
    for (const n of j.notices as { unit: string; pdf: string; docx: string; number: string }[]) {
      expect(existsSync(n.docx)).toBe(true);
      const text = await pdfText(n.pdf);
      expect(text).toContain(`Số: ${n.number}`);
      expect(text).toContain(`Kính gửi: ${n.unit.replace(/^UBND/, 'Ủy ban nhân dân')}.`);
      expect(text).toContain('Căn cứ Quyết định số 125/QĐ-UBND ngày 24/06/2025');
      for (const p of people.filter((x) => x[col('Đơn vị')] === n.unit)) {
        seen++;
        const total = p[col('Tổng điểm')];
        const band = p[col('Xếp loại')];
        const line = total ? `${p[col('Ngày sinh')]}` : 'Vắng';
        expect(text).toContain(p[col('Họ và tên')]);
        expect(text).toContain(line);
        if (total) expect(text).toMatch(new RegExp(`${p[col('Ngày sinh')]} .* ${p[col('Phần I')]} ${p[col('Phần II')]} ${total} ${band.split(' ')[0]}`));
      }
    }
    expect(seen).toBe(people.length);
    const covering = await pdfText(j.covering.pdf);
    expect(covering).toContain('chậm nhất ngày 01/07/2025');
    for (const n of ['31', '36']) expect(covering).toContain(`${n}/TB-HĐKTSH`);
  });

  it('bad input gets one clear line', async () => {
    const r = await run(['notify', '-w', ws, '--approved-on', 'hôm qua']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toContain('"hôm qua" is not a date (--approved-on)');
  });
});

describe('omr plan with the example workspace as last year', () => {
  it('writes a roster that omr init reads, the plan table and the plan document; the 2025 sitters are not due', async () => {
    const out = path.join(tmp, 'plan');
    const r = await run(['plan', '--staff', path.resolve('fixtures/example/can-bo.csv'), '--past', ws, '--year', '2026', '--exam', path.resolve('fixtures/example/exam.json'), '--out', out, '--json']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]);
    expect([j.eligible, j.excluded, j.units.length]).toEqual([54, 12, 6]);
    const table = csv(path.join(out, 'ke-hoach.csv'));
    const h = table[0];
    const sat2025 = table.filter((row) => row[h.indexOf('Sát hạch gần nhất')] === '2025');
    expect(sat2025.length).toBe(29); // the demo's 29 sheets; the absent candidate is overdue
    expect(sat2025.every((row) => row[h.indexOf('Hạn sát hạch (năm)')] === '2028')).toBe(true);
    const init = await run(['init', path.join(tmp, 'ky-thi-2026'), '--roster', path.join(out, 'roster.csv'), '--exam', path.resolve('fixtures/example/exam.json')]);
    expect(init.err).toEqual([]);
    expect(init.code).toBe(0);
    const text = await pdfText(path.join(out, 'ke-hoach.pdf'));
    expect(text).toContain('Hội đồng không chọn thi lại riêng');
    expect(existsSync(path.join(out, 'ke-hoach.docx'))).toBe(true);
  });
});

