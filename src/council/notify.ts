/**
 * `omr notify -w DIR --approved-on DATE`: one notice (thông báo) per managing agency, listing
 * its officials who were convened with their scores, bands and consequences (regulation
 * III.8.b and III.9), plus a covering list of all notices with their numbers.
 */
import type { Exam } from '../exam/exam.js';
import type { CandidateRow } from '../grade/grade.js';
import { numbered, type AdminDocument } from '../documents/index.js';
import type { WorkspaceResults } from '../workspace/results.js';
import { formatDay, noticeDeadline, type Day, type Deadline, type Holidays } from './calendar.js';
import { councilSignatures, districtOf, letterhead, numberLine, placeDate } from './common.js';

export const NOTICE_CODE = 'TB-HĐKTSH';

export interface NoticeOptions {
  approvedOn: Day;
  /** Date of the notices (the date line); the deadline is checked against it. */
  date: Day;
  holidays: Holidays;
  /** "125/QĐ-UBND": the approval decision's number, quoted in every notice. */
  decision?: string;
  /** Number of the first notice; the next ones follow. Without it the numbers are left blank. */
  firstNumber?: number;
}

export interface Notice {
  unit: string;
  /** Printed number ("12/TB-HĐKTSH") or "" when left blank. */
  number: string;
  /** File name without extension. */
  file: string;
  people: number;
  doc: AdminDocument;
}

export interface Notices {
  notices: Notice[];
  covering: AdminDocument;
  deadline: Deadline;
  /** Sheets whose SBD is not in the roster: no agency to notify (listed by the CLI). */
  notInRoster: number;
}

/** "UBND xã Giai Xuân" → "Ủy ban nhân dân xã Giai Xuân" (the addressee line). */
export function agencyName(unit: string): string {
  return unit.replace(/^UBND\b/, 'Ủy ban nhân dân');
}

/** ASCII file name part: "UBND xã Giai Xuân" → "ubnd-xa-giai-xuan". */
export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

const coll = new Intl.Collator('vi');

function noteOf(r: CandidateRow): string {
  if (r.status === 'absent') return 'Vắng';
  if (!r.score) return 'Chưa có kết quả';
  return r.consequences.join('; ');
}

export function buildNotices(res: WorkspaceResults, o: NoticeOptions): Notices {
  const exam: Exam = res.exam;
  const head = letterhead(exam);
  const district = districtOf(exam);
  const approver = district ? `Chủ tịch Ủy ban nhân dân ${district.kind} ${district.name}` : 'Chủ tịch Ủy ban nhân dân cấp huyện';
  const deadline = noticeDeadline(o.approvedOn, o.holidays, o.date);
  const byUnit = new Map<string, CandidateRow[]>();
  for (const r of res.grades.rows) if (r.inRoster && r.candidate) byUnit.set(r.candidate.donVi, [...(byUnit.get(r.candidate.donVi) ?? []), r]);
  const units = [...byUnit.keys()].sort(coll.compare);
  const parts = res.grades.rows.find((r) => r.score)?.score?.parts.length ?? 2;
  const decision = o.decision ? `Quyết định số ${o.decision} ngày ${formatDay(o.approvedOn)}` : `Quyết định ngày ${formatDay(o.approvedOn)}`;

  const notices: Notice[] = units.map((unit, i) => {
    const rows = byUnit.get(unit)!;
    const number = o.firstNumber !== undefined ? `${o.firstNumber + i}` : undefined;
    const doc: AdminDocument = {
      title: `Thông báo kết quả kiểm tra, sát hạch năm ${exam.year}: ${unit}`,
      superior: head.superior,
      issuer: head.issuer,
      number: numberLine(number, NOTICE_CODE),
      placeDate: placeDate(exam, o.date),
      kind: 'THÔNG BÁO',
      subject: ['Kết quả kiểm tra, sát hạch định kỳ chuyên môn, nghiệp vụ', `của cán bộ, công chức cấp xã năm ${exam.year}`],
      to: [`Kính gửi: ${agencyName(unit)}.`],
      body: [
        {
          kind: 'paragraph',
          text: `Căn cứ ${decision} của ${approver} về việc phê duyệt kết quả kỳ kiểm tra, sát hạch định kỳ chuyên môn, nghiệp vụ của cán bộ, công chức cấp xã năm ${exam.year}${exam.date ? ` (tổ chức ngày ${exam.date})` : ''}, Hội đồng kiểm tra, sát hạch thông báo kết quả của cán bộ, công chức thuộc ${agencyName(unit)} như sau:`,
        },
        {
          ...numbered(
            [
              { title: 'Họ và tên', width: 2.6 },
              { title: 'Ngày sinh', width: 1.9, align: 'center' },
              { title: 'Chức vụ, chức danh', width: 3 },
              ...Array.from({ length: parts }, (_, k) => ({ title: `Phần ${['I', 'II', 'III', 'IV'][k] ?? k + 1}`, width: 0.7, align: 'center' as const })),
              { title: 'Tổng điểm', width: 0.8, align: 'center' },
              { title: 'Xếp loại', width: 1.2, align: 'center' },
              { title: 'Ghi chú', width: 3.6 },
            ],
            rows.map((r) => [
              r.candidate!.hoTen,
              r.candidate!.ngaySinh,
              r.candidate!.chucDanh,
              ...Array.from({ length: parts }, (_, k) => (r.score ? String(r.score.parts[k]?.score ?? '') : '')),
              r.score ? String(r.score.total) : '',
              r.band ?? '',
              noteOf(r),
            ]),
          ),
          size: 11,
        },
        {
          kind: 'paragraph',
          text: 'Đề nghị cơ quan, đơn vị căn cứ kết quả để đánh giá, xếp loại, bố trí, sử dụng cán bộ, công chức theo quy định: người có kết quả Trung bình trở xuống không được xếp loại "hoàn thành xuất sắc nhiệm vụ"; người có kết quả Không đạt 02 lần liên tiếp xếp loại "hoàn thành nhiệm vụ" trở xuống và được xem xét đưa vào diện tinh giản biên chế. Khiếu nại (nếu có) gửi về Hội đồng (qua Phòng Nội vụ) để được giải quyết trong thời hạn 10 ngày kể từ ngày nhận đơn./.',
        },
      ],
      recipients: ['Như trên;', `${approver} (để báo cáo);`, 'Phòng Nội vụ;', 'Lưu: VT, HĐKTSH.'],
      signatures: councilSignatures(exam, false),
    };
    return { unit, number: number ? `${number}/${NOTICE_CODE}` : '', file: `thong-bao-${String(i + 1).padStart(2, '0')}-${slug(unit)}`, people: rows.length, doc };
  });

  const covering: AdminDocument = {
    title: `Danh sách thông báo kết quả kiểm tra, sát hạch năm ${exam.year}`,
    superior: head.superior,
    issuer: head.issuer,
    number: numberLine(undefined, 'DS-HĐKTSH'),
    placeDate: placeDate(exam, o.date),
    kind: 'DANH SÁCH',
    subject: ['Thông báo kết quả kiểm tra, sát hạch gửi cơ quan quản lý', `cán bộ, công chức cấp xã năm ${exam.year}`],
    body: [
      {
        kind: 'paragraph',
        text: `Căn cứ ${decision} của ${approver}, Hội đồng kiểm tra, sát hạch gửi ${notices.length} thông báo kết quả tới các cơ quan quản lý cán bộ, công chức cấp xã. Thời hạn thông báo: chậm nhất ngày ${formatDay(deadline.due)} (05 ngày làm việc kể từ ngày phê duyệt).`,
      },
      {
        ...numbered(
          [
            { title: 'Số thông báo', width: 2.6, align: 'center' },
            { title: 'Nơi nhận', width: 4 },
            { title: 'Số người', width: 1, align: 'center' },
            { title: 'Tệp', width: 4.6 },
          ],
          notices.map((n) => [n.number || '…/TB-HĐKTSH', agencyName(n.unit), String(n.people), `${n.file}.pdf`]),
          ['', 'Tổng cộng', String(notices.reduce((s, n) => s + n.people, 0)), ''],
        ),
        size: 10.5,
      },
    ],
    recipients: [`${approver} (để báo cáo);`, 'Phòng Nội vụ;', 'Lưu: VT, HĐKTSH.'],
    signatures: councilSignatures(exam, false),
  };
  return { notices, covering, deadline, notInRoster: res.grades.rows.filter((r) => !r.inRoster).length };
}
