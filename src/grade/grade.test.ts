import { describe, expect, it } from 'vitest';
import type { Candidate } from '../roster/types.js';
import type { PageResult } from '../scan/types.js';
import { loadTemplate } from '../template/load.js';
import { gradeExam } from './grade.js';
import { parseHistory, personKey } from './history.js';
import { keyRules, parseKeyFile } from './keys.js';

const template = loadTemplate();
const OPTS = ['A', 'B', 'C', 'D'];
const keyOf = (q: number): string => OPTS[q % 4];
const keys = parseKeyFile(['ma_de,cau,dap_an', ...Array.from({ length: 100 }, (_, i) => `101,${i + 1},${keyOf(i + 1)}`)].join('\n'), 'k.csv', keyRules(template));

function page(n: number, sbd: string, correct: number, extra: Partial<PageResult> = {}): PageResult {
  const groups: PageResult['groups'] = {};
  for (let q = 1; q <= 100; q++) groups[`q${q}`] = { value: q <= correct ? keyOf(q) : OPTS[(q + 1) % 4], flagged: false, fill: [] };
  return { source: 's.pdf', page: n, status: 'ok', serial: `00000${n}`, candidateNumber: sbd, examCode: '101', groups, ...extra };
}
const cand = (sbd: string, hoTen: string, row: number): Candidate => ({ row, sbd, hoTen, ngaySinh: '01/01/1980', donVi: 'Xã A', nhom: 1, chucDanh: 'Công chức' });

describe('gradeExam', () => {
  it('an override changes the score and leaves the automatic read intact', () => {
    const p = page(1, '000001', 99); // câu 100 wrong
    const before = gradeExam({ template, keys, pages: [p] });
    expect(before.rows[0].score!.total).toBe(99);
    const g = gradeExam({
      template,
      keys,
      pages: [p],
      overrides: [{ sheet: { serial: '000001' }, field: 'answer', question: 100, value: keyOf(100), by: 'Tổ chấm', at: '2025-06-20T08:00:00Z', reason: 'tẩy chưa sạch' }],
    });
    const r = g.rows[0];
    expect(r.score!.total).toBe(100);
    expect(r.band).toBe('Tốt');
    expect(r.score!.questions[99]).toMatchObject({ read: { value: 'B' }, answer: 'A', status: 'correct' });
    expect(p.groups!.q100.value).toBe('B');
    expect(r.notes).toContain('Sửa tay câu 100: B → A (Tổ chấm, 2025-06-20: tẩy chưa sạch)');
  });

  it('a conflict is surfaced, not resolved; an SBD override on the misread page resolves it', () => {
    const roster = [cand('000001', 'An', 2), cand('000002', 'Bình', 3)];
    const pages = [page(1, '000001', 80), page(2, '000001', 60)];
    const g = gradeExam({ template, keys, roster, pages });
    expect(g.rows.map((r) => [r.sbd, r.status, r.score?.total ?? null])).toEqual([
      ['000001', 'conflict', null],
      ['000002', 'absent', null],
    ]);
    expect(g.issues.filter((i) => i.kind === 'conflict_sbd').map((i) => i.text)).toEqual([
      'SBD 000001 is on 2 pages with different answers (s.pdf page 1, s.pdf page 2) → not scored; find the misread sheet and override its SBD',
    ]);
    expect(g.summary.needsPerson).toBe(true);
    const fixed = gradeExam({ template, keys, roster, pages, overrides: [{ sheet: { source: 's.pdf', page: 2 }, field: 'sbd', value: '000002', by: 'Lan' }] });
    expect(fixed.rows.map((r) => [r.sbd, r.status, r.score?.total ?? null])).toEqual([
      ['000001', 'scored', 80],
      ['000002', 'scored', 60],
    ]);
    expect(fixed.rows[1].notes).toContain('Sửa tay SBD: 000001 → 000002 (Lan)');
    expect(fixed.summary.needsPerson).toBe(false);
  });

  it('the same serial on two different pages is a conflict on both rows', () => {
    const g = gradeExam({ template, keys, pages: [page(1, '000001', 80), page(2, '000002', 60, { serial: '000001' })] });
    expect(g.issues.filter((i) => i.kind === 'conflict_serial')).toHaveLength(1);
    expect(g.rows.every((r) => r.needsPerson && r.notes.some((n) => n.startsWith('Số phiếu 000001 trùng')))).toBe(true);
  });

  it('lists pages that are not sheets; flags doubtful SBD reads; keeps page order in entries', () => {
    const sbdFlag = page(2, '000002', 70);
    sbdFlag.groups!['sbd.3'] = { value: '', flagged: true, reason: 'no_digit', fill: [] };
    const g = gradeExam({
      template,
      keys,
      pages: [{ source: 's.pdf', page: 1, status: 'error', reason: 'cannot decode' }, sbdFlag, page(3, '12', 50)],
    });
    expect(g.pages.map((e) => [e.page, e.use])).toEqual([
      [1, 'error'],
      [2, 'scored'],
      [3, 'scored'],
    ]);
    expect(g.rows.map((r) => r.sbd)).toEqual(['000002', '']);
    expect(g.rows[0].notes[0]).toBe('SBD cần kiểm tra (cột 4: không tô)');
    expect(g.rows[1].notes[0]).toBe('Không đọc được SBD (đọc được "12") — cần xác minh, sửa bằng override');
    expect(g.issues.map((i) => i.kind)).toEqual(['page_not_ok', 'sbd_check', 'no_sbd']);
  });

  it('history: matched by name + date of birth + unit, never by SBD; ambiguous rows are not used', () => {
    const h = parseHistory(
      '\uFEFFSTT,Số báo danh,Họ và tên,Ngày sinh,Đơn vị,Xếp loại,Tổng điểm\r\n' +
        '1,000001,Người Khác,01/01/1970,Xã B,Không đạt,10\r\n' + // same SBD, another person
        '2,000777,  trần   văn  bình ,1/1/1980,XÃ A,Không đạt,30\r\n' +
        '3,000778,Lê Văn Cường,01/01/1980,Xã A,Không đạt,20\r\n' +
        '4,000779,Lê Văn Cường,1980-01-01,Xã A,Khá,75\r\n' +
        '5,000780,Vắng Mặt,01/01/1980,Xã A,,\r\n',
      'truoc.csv',
    );
    expect(h.records.map((r) => r.row)).toEqual([2, 3, 4, 5]);
    const roster = [cand('000001', 'An', 2), cand('000002', 'Trần Văn Bình', 3), cand('000003', 'Lê Văn Cường', 4)];
    const g = gradeExam({ template, keys, roster, history: h.records, pages: [page(1, '000001', 40), page(2, '000002', 40), page(3, '000003', 40)] });
    expect(g.rows.map((r) => r.consequences.length)).toEqual([1, 2, 1]);
    expect(g.rows[1].previous?.row).toBe(3);
    expect(g.rows[2].notes.some((n) => n.startsWith('Kết quả kỳ trước: 2 dòng trùng'))).toBe(true);
    expect(g.issues.some((i) => i.kind === 'history_ambiguous')).toBe(true);
    expect(personKey('  Trần  văn BÌNH', '1/1/1980', 'xã a')).toBe(personKey('Trần Văn Bình', '01/01/1980', 'Xã A'));
  });

  it('is pure: same input, same output', () => {
    const input = { template, keys, pages: [page(1, '000001', 80), page(2, '000002', 30)] };
    expect(JSON.stringify(gradeExam(input))).toBe(JSON.stringify(gradeExam(input)));
  });
});
