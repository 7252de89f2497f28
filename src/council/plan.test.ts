import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { historyArg, shareArg } from '../cli/plan.js';
import { readCsv } from '../grade/csvread.js';
import { parseHistory } from '../grade/history.js';
import { parseRoster } from '../roster/roster.js';
import { defaultFirstSbd, planCsv, rosterCsv } from './plan-files.js';
import { isExcluded, makePlan, type PastResult, type PlanOptions } from './plan.js';
import { loadStaff, parseStaff, type StaffMember } from './staff.js';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/example');
const staffText = readFileSync(path.join(EXAMPLE, 'can-bo.csv'), 'utf8');
const staff = (text = staffText) => parseStaff(readCsv(text), 'can-bo.csv');

/** The example roster as last year's ket-qua.csv: bands by row, every fifth Không đạt. */
function history2025(withCode = false): PastResult[] {
  const roster = readCsv(readFileSync(path.join(EXAMPLE, 'roster.csv'), 'utf8')).slice(1);
  const bands = ['Tốt', 'Khá', 'Trung bình', 'Khá', 'Không đạt'];
  const codes = new Map(staff().map((m) => [`${m.hoTen}|${m.ngaySinh}`, m.code]));
  const lines = [`Họ và tên,Ngày sinh,Đơn vị,Xếp loại${withCode ? ',Mã cán bộ' : ''}`];
  roster.forEach((r, i) => lines.push([r.cells[1], r.cells[2], `"${r.cells[3]}"`, bands[i % 5], ...(withCode ? [codes.get(`${r.cells[1]}|${r.cells[2]}`)] : [])].join(',')));
  return parseHistory(lines.join('\n'), 'ket-qua-2025.csv').records.map((r) => ({ ...r, year: 2025 }));
}

const O: PlanOptions = { year: 2026, retestFailed: false, minPerCommune: 3, share: 0 };

describe('omr plan', () => {
  it('excludes the military and police commanders only', () => {
    expect(isExcluded('Chỉ huy trưởng Ban chỉ huy quân sự xã')).toBe(true);
    expect(isExcluded('Trưởng Công an xã')).toBe(true);
    expect(isExcluded('Phó Trưởng Công an xã')).toBe(false);
    expect(isExcluded('Phó Chỉ huy trưởng Ban chỉ huy quân sự xã')).toBe(false);
  });

  it('chooses everyone overdue, at least 3 and one of each Nhóm per commune, never an excluded person; the roster is what omr init reads', () => {
    const plan = makePlan(staff(), history2025(), O);
    expect(plan.units).toHaveLength(6);
    for (const u of plan.units) {
      const chosen = u.entries.filter((e) => e.chosen);
      expect(chosen.length).toBeGreaterThanOrEqual(3);
      expect(new Set(chosen.map((e) => e.member.nhom))).toEqual(new Set([1, 2, 3]));
      expect(u.entries.filter((e) => e.status === 'excluded' && e.chosen)).toEqual([]);
      expect(u.entries.filter((e) => e.status === 'overdue').every((e) => e.chosen)).toBe(true);
      expect(u.problems).toEqual([]);
    }
    expect(plan.units.flatMap((u) => u.entries).filter((e) => e.status === 'excluded')).toHaveLength(12);
    // people who sat in 2025 are due by 2028 and matched by họ tên + ngày sinh + đơn vị
    const hung = plan.units[0].entries.find((e) => e.member.hoTen === 'Nguyễn Văn Hùng')!;
    expect([hung.lastYear, hung.lastBand, hung.dueBy, hung.status, hung.matchedBy]).toEqual([2025, 'Tốt', 2028, 'not_due', 'name']);
    const csv = rosterCsv(plan, defaultFirstSbd(2026));
    const roster = parseRoster(csv, 'roster.csv');
    expect(roster.issues).toEqual([]);
    expect(roster.candidates.map((c) => c.sbd).slice(0, 2)).toEqual(['260001', '260002']);
    expect(roster.candidates).toHaveLength(plan.units.reduce((s, u) => s + u.chosen, 0));
    expect(csv.split('\r\n')[0]).toBe('\uFEFFsbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh,ma_can_bo');
  });

  it('the same input gives the same plan, whatever the row order', () => {
    const a = makePlan(staff(), history2025(), O);
    const lines = staffText.replace(/^\uFEFF/, '').trim().split('\n');
    const shuffled = [lines[0], ...lines.slice(1).reverse()].join('\n');
    const b = makePlan(staff(shuffled), history2025().reverse(), O);
    expect(rosterCsv(b, '260001')).toBe(rosterCsv(a, '260001'));
    expect(planCsv(makePlan(staff(), history2025(), O))).toBe(planCsv(a));
  });

  it('--retest-failed is the council’s choice, stated; --share raises the count', () => {
    const failed = history2025().filter((r) => r.band === 'Không đạt').map((r) => r.hoTen);
    expect(failed).toHaveLength(6);
    const without = makePlan(staff(), history2025(), O);
    const withRetest = makePlan(staff(), history2025(), { ...O, retestFailed: true });
    const entry = (p: typeof without, name: string) => p.units.flatMap((u) => u.entries).find((e) => e.member.hoTen === name)!;
    for (const n of failed) {
      expect(entry(withRetest, n).chosen).toBe(true);
      expect(entry(withRetest, n).reasons.join()).toContain('Thi lại: Không đạt năm 2025');
      expect(entry(without, n).reasons.join()).not.toContain('Thi lại');
    }
    const half = makePlan(staff(), history2025(), { ...O, share: 0.5 });
    for (const u of half.units) expect(u.chosen).toBeGreaterThanOrEqual(Math.ceil(u.eligible / 2));
  });

  it('states a commune that cannot meet the rule, never relaxes it', () => {
    const list = staff().filter((m) => !(m.donVi === 'UBND xã Giai Xuân' && m.nhom === 1));
    const plan = makePlan(list, history2025(), O);
    expect(plan.units.find((u) => u.unit === 'UBND xã Giai Xuân')!.problems).toEqual([
      'UBND xã Giai Xuân: không có ai thuộc Nhóm 1 để cử dự sát hạch (quy định: ít nhất 01 người mỗi Nhóm)',
    ]);
    const tiny = makePlan(staff().filter((m) => m.donVi !== 'UBND xã Mỹ Khánh' || m.nhom === 2), [], O);
    expect(tiny.units.find((u) => u.unit === 'UBND xã Mỹ Khánh')!.problems.at(-1)).toBe('UBND xã Mỹ Khánh: chỉ có 2 người thuộc diện sát hạch, không đủ 3 người/đơn vị');
  });

  it('a person who changed đơn vị: matched by the code, else listed for a person', () => {
    const moved = (list: StaffMember[]) => list.map((m) => (m.hoTen === 'Nguyễn Văn Hùng' ? { ...m, donVi: 'UBND xã Giai Xuân' } : m));
    const byName = makePlan(moved(staff()), history2025(), O);
    expect(byName.maybeSame).toEqual([
      'Nguyễn Văn Hùng (12/04/1972), nay ở UBND xã Giai Xuân: có kết quả năm 2025 ở UBND thị trấn Phong Điền (Tốt) — cùng một người? Nếu đúng, ghi cùng mã cán bộ ở cả hai tệp.',
    ]);
    const byCode = makePlan(moved(staff()), history2025(true), O);
    expect(byCode.maybeSame).toEqual([]);
    const e = byCode.units.flatMap((u) => u.entries).find((x) => x.member.hoTen === 'Nguyễn Văn Hùng')!;
    expect([e.matchedBy, e.lastYear, e.member.donVi]).toEqual(['code', 2025, 'UBND xã Giai Xuân']);
  });

  it('bad staff rows get one clear line each', () => {
    const text = 'ma_can_bo,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh\nA1,Nguyễn Văn A,01/01/1980,UBND xã X,,Công chức\nA2,Trần Thị B,02/02/1981,UBND xã X,4,Công chức\n,Lê C,,UBND xã X,1,Công chức\n';
    expect(() => parseStaff(readCsv(text), 'can-bo.csv')).toThrow(
      [
        'can-bo.csv: ✖ no Nhóm → fill the nhom column with 1, 2 or 3 (Nguyễn Văn A) → at row 2',
        '            ✖ Nhóm must be 1, 2 or 3, not "4" (Trần Thị B) → at row 3',
        '            ✖ no ngày sinh and no mã cán bộ: a person is matched across years by one of them → fill ngay_sinh (Lê C) → at row 4',
      ].join('\n'),
    );
    expect(() => parseStaff(readCsv('ho_ten,don_vi\nA,B\n'), 'x.csv')).toThrow('x.csv: ✖ no column nhom → at row 1');
  });

  it('reads --history YEAR=FILE and --share', () => {
    expect(historyArg('2024=ky-truoc/ket-qua.csv')).toEqual({ year: 2024, file: 'ky-truoc/ket-qua.csv' });
    expect(historyArg('ket-qua-2023.csv')).toEqual({ year: 2023, file: 'ket-qua-2023.csv' });
    expect(() => historyArg('ket-qua.csv')).toThrow('--history ket-qua.csv: which year? write YEAR=FILE, e.g. 2024=ket-qua-2024.csv');
    expect([shareArg('30%'), shareArg('30'), shareArg('0.3'), shareArg('12,5%')]).toEqual([0.3, 0.3, 0.3, 0.125]);
  });

  it('reads the same staff list from XLSX (dates as Excel dates)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omr-staff-'));
    try {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('Cán bộ');
      sheet.addRow(['Mã cán bộ', 'Họ và tên', 'Ngày sinh', 'Đơn vị', 'Nhóm', 'Chức vụ/chức danh', 'Ngày giữ chức vụ']);
      for (const m of staff()) {
        const [d, mo, y] = m.ngaySinh.split('/').map(Number);
        sheet.addRow([m.code, m.hoTen, new Date(Date.UTC(y, mo - 1, d)), m.donVi, m.nhom, m.chucDanh, m.since ? new Date(`${m.since}T00:00:00Z`) : null]);
      }
      const file = path.join(dir, 'can-bo.xlsx');
      await wb.xlsx.writeFile(file);
      const fromXlsx = await loadStaff(file);
      expect(fromXlsx.map(({ row: _r, ...m }) => m)).toEqual(staff().map(({ row: _r, ...m }) => m));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
