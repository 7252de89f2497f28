/**
 * What `omr plan` writes: the roster (exactly the CSV `omr generate --roster` / `omr init
 * --roster` read: sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh, plus ma_can_bo when the staff
 * list has codes, a column the roster reader ignores), the plan table (ke-hoach.csv) and the
 * plan as a document (ke-hoach.pdf/.docx).
 */
import { toCsv, type Cell } from '../export/csv.js';
import type { Exam } from '../exam/exam.js';
import { numbered, type AdminDocument, type Block } from '../documents/index.js';
import { formatDay } from './calendar.js';
import { letterhead, numberLine, placeDate } from './common.js';
import { STATUS_VI, type Plan, type PlanEntry } from './plan.js';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';

const coll = new Intl.Collator('vi');

/** The chosen people in roster order: by đơn vị, Nhóm, name. */
export function chosenInOrder(plan: Plan): PlanEntry[] {
  return plan.units.flatMap((u) =>
    u.entries.filter((e) => e.chosen).sort((a, b) => a.member.nhom - b.member.nhom || coll.compare(a.member.hoTen, b.member.hoTen) || coll.compare(a.member.ngaySinh, b.member.ngaySinh) || a.member.row - b.member.row),
  );
}

/** The default first SBD of a year: 2026 → "260001". */
export function defaultFirstSbd(year: number): string {
  return `${String(year % 100).padStart(2, '0')}0001`;
}

export function rosterCsv(plan: Plan, firstSbd: string): string {
  if (!/^\d{6}$/.test(firstSbd)) throw new OmrError('USAGE', msg('council.badOption', { option: '--first-sbd', value: firstSbd, want: 'sixDigits' }));
  const people = chosenInOrder(plan);
  const start = Number(firstSbd);
  if (start + people.length - 1 > 999_999) throw new OmrError('USAGE', msg('council.sbdOverflow', { first: firstSbd, n: people.length }));
  const withCode = people.some((e) => e.member.code);
  const headers = ['sbd', 'ho_ten', 'ngay_sinh', 'don_vi', 'nhom', 'chuc_danh', ...(withCode ? ['ma_can_bo'] : [])];
  const rows: Cell[][] = people.map((e, i) => [
    String(start + i).padStart(6, '0'),
    e.member.hoTen,
    e.member.ngaySinh,
    e.member.donVi,
    e.member.nhom,
    e.member.chucDanh,
    ...(withCode ? [e.member.code ?? ''] : []),
  ]);
  return toCsv(headers, rows);
}

export const PLAN_HEADERS = [
  'Đơn vị',
  'STT',
  'Mã cán bộ',
  'Họ và tên',
  'Ngày sinh',
  'Nhóm',
  'Chức vụ/chức danh',
  'Ngày giữ chức vụ',
  'Sát hạch gần nhất',
  'Kết quả gần nhất',
  'Hạn sát hạch (năm)',
  'Tình trạng',
  'Dự sát hạch năm nay',
  'Lý do',
];

export function planCsv(plan: Plan): string {
  const rows: Cell[][] = plan.units.flatMap((u) =>
    u.entries.map((e, i) => [
      u.unit,
      i + 1,
      e.member.code ?? '',
      e.member.hoTen,
      e.member.ngaySinh,
      e.member.nhom,
      e.member.chucDanh,
      e.member.since ? formatDay(e.member.since) : '',
      e.lastYear,
      e.lastBand ?? '',
      e.dueBy,
      STATUS_VI[e.status],
      e.chosen ? 'Có' : 'Không',
      e.reasons.join('; '),
    ]),
  );
  return toCsv(PLAN_HEADERS, rows);
}

/** The plan as a document: rules applied, then per unit the people chosen and why, then problems. */
export function planDocument(plan: Plan, exam: Exam): AdminDocument {
  const o = plan.options;
  const head = letterhead(exam);
  const body: Block[] = [];
  const p = (text: string) => body.push({ kind: 'paragraph', text });
  const chosen = plan.units.reduce((s, u) => s + u.chosen, 0);
  const eligible = plan.units.reduce((s, u) => s + u.eligible, 0);
  body.push({ kind: 'heading', text: 'I. NGUYÊN TẮC LỰA CHỌN' });
  p(`Mỗi đơn vị cử ít nhất ${String(o.minPerCommune).padStart(2, '0')} cán bộ, công chức, trong đó có ít nhất 01 người mỗi Nhóm 1, 2, 3; mỗi người được sát hạch 03 năm/lần trong thời gian giữ chức vụ (người quá hạn hoặc đến hạn năm ${o.year} đều được chọn); không chọn Chỉ huy trưởng Ban chỉ huy quân sự và Trưởng Công an cấp xã (sát hạch theo quy định của ngành).`);
  if (o.share > 0) p(`Hội đồng chọn thêm để mỗi đơn vị đạt ít nhất ${`${Math.round(o.share * 1000) / 10}`.replace('.', ',')}% số cán bộ, công chức thuộc diện sát hạch.`);
  p(
    o.retestFailed
      ? 'Người có kết quả gần nhất Không đạt được chọn thi lại năm nay (quy định không nêu việc thi lại; đây là quyết định của Hội đồng).'
      : 'Quy định không nêu việc thi lại sau kết quả Không đạt; Hội đồng không chọn thi lại riêng: người Không đạt được sát hạch lại theo chu kỳ 03 năm như mọi người.',
  );
  p(`Tổng số: ${chosen}/${eligible} cán bộ, công chức thuộc diện sát hạch của ${plan.units.length} đơn vị được chọn dự sát hạch năm ${o.year}.`);
  body.push({ kind: 'heading', text: 'II. DANH SÁCH DỰ KIẾN THEO ĐƠN VỊ' });
  plan.units.forEach((u, i) => {
    body.push({ kind: 'paragraph', text: [{ text: `${i + 1}. ${u.unit}: ${u.chosen}/${u.eligible} người`, bold: true }], indent: true });
    const rows = u.entries.filter((e) => e.chosen);
    body.push({
      ...numbered(
        [
          { title: 'Họ và tên', width: 2.6 },
          { title: 'Nhóm', width: 0.8, align: 'center' },
          { title: 'Chức vụ, chức danh', width: 2.6 },
          { title: 'Lý do chọn', width: 5 },
        ],
        rows.map((e) => [e.member.hoTen, String(e.member.nhom), e.member.chucDanh, e.reasons.join('; ')]),
      ),
      size: 10.5,
    });
  });
  const overdue = plan.units.flatMap((u) => u.entries.filter((e) => e.status === 'overdue'));
  body.push({ kind: 'heading', text: 'III. NGƯỜI QUÁ HẠN SÁT HẠCH' });
  if (overdue.length) {
    body.push({
      ...numbered(
        [
          { title: 'Họ và tên', width: 2.6 },
          { title: 'Đơn vị', width: 2.6 },
          { title: 'Sát hạch gần nhất', width: 1.6, align: 'center' },
          { title: 'Hạn (năm)', width: 1.2, align: 'center' },
        ],
        overdue.map((e) => [e.member.hoTen, e.member.donVi, e.lastYear === null ? 'Chưa' : String(e.lastYear), String(e.dueBy)]),
      ),
      size: 10.5,
    });
  } else p('Không có người quá hạn.');
  const problems = plan.units.flatMap((u) => u.problems);
  body.push({ kind: 'heading', text: 'IV. ĐƠN VỊ CHƯA ĐÁP ỨNG QUY ĐỊNH, NỘI DUNG CẦN KIỂM TRA' });
  if (!problems.length && !plan.maybeSame.length) p('Tất cả đơn vị đáp ứng quy định về số lượng và cơ cấu Nhóm.');
  for (const t of problems) body.push({ kind: 'paragraph', text: `- ${t}.` });
  for (const t of plan.maybeSame) body.push({ kind: 'paragraph', text: `- ${t}` });
  p('Đề nghị Ủy ban nhân dân các xã, phường, thị trấn rà soát danh sách, báo cáo Hội đồng trường hợp thay đổi./.');
  return {
    title: `Kế hoạch lựa chọn cán bộ, công chức dự sát hạch năm ${o.year}`,
    superior: head.superior,
    issuer: head.issuer,
    number: numberLine(undefined, 'DS-HĐKTSH'),
    placeDate: placeDate(exam, undefined),
    kind: 'DANH SÁCH',
    subject: ['Cán bộ, công chức cấp xã dự kiểm tra, sát hạch', `định kỳ chuyên môn, nghiệp vụ năm ${o.year}`],
    body,
    recipients: ['UBND các xã, phường, thị trấn;', 'Phòng Nội vụ;', 'Lưu: VT, HĐKTSH.'],
    signatures: [{ role: ['TM. HỘI ĐỒNG', 'CHỦ TỊCH'], ...(exam.council?.chair ? { name: exam.council.chair } : {}) }],
  };
}
