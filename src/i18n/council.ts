/**
 * Messages of the council's paperwork (issue 11: calendar, documents, plan, report, notices).
 * Spread into CATALOGUE in src/i18n/index.ts.
 */
import { f, s } from './entry.js';
import { fsCodeVi } from './core.js';

export type BadOptionWant = 'percent' | 'atMost100' | 'year' | 'whole' | 'sixDigits';
const WANT_EN: Record<BadOptionWant, string> = { percent: 'a percentage such as 30%', atMost100: 'at most 100%', year: 'a year such as 2026', whole: 'a whole number', sixDigits: '6 digits' };
const WANT_VI: Record<BadOptionWant, string> = { percent: 'một tỉ lệ phần trăm, ví dụ 30%', atMost100: 'tối đa 100%', year: 'một năm, ví dụ 2026', whole: 'một số nguyên', sixDigits: '6 chữ số' };

export const COUNCIL = {
  'council.badDate': f(
    (v: { value: string; what: string }) => `"${v.value}" is not a date (${v.what})`,
    (v) => `"${v.value}" không phải là ngày (${v.what})`,
  ),
  'council.hint.date': s('write a date as DD/MM/YYYY or YYYY-MM-DD', 'ghi ngày dạng NN/TT/NNNN hoặc NNNN-TT-NN'),
  'council.holidays.json': f(
    (v: { file: string; detail: string }) => `${v.file}: the holiday list is not valid JSON: ${v.detail}`,
    (v) => `${v.file}: danh sách ngày nghỉ lễ không phải JSON hợp lệ: ${v.detail}`,
  ),
  'council.hint.holidays': s(
    'a holiday file is { "holidays": [ { "date": "YYYY-MM-DD", "name": "…" } ] } (see templates/holidays-vn.json)',
    'tệp ngày nghỉ có dạng { "holidays": [ { "date": "NNNN-TT-NN", "name": "…" } ] } (xem templates/holidays-vn.json)',
  ),
  'council.cannotRead': f(
    (v: { file: string; code: string }) => `${v.file}: cannot read: ${v.code}`,
    (v) => `${v.file}: không đọc được tệp: ${fsCodeVi(v.code)}`,
  ),
  // ---- omr report / omr notify
  'report.description': s(
    "write the council's report to the district chairman (PDF + .docx) from the workspace",
    'lập báo cáo của Hội đồng gửi Chủ tịch UBND cấp huyện (PDF + .docx) từ dữ liệu kỳ thi',
  ),
  'notify.description': s(
    'write one notice per managing agency and a covering list (PDF + .docx)',
    'lập thông báo kết quả gửi từng cơ quan quản lý và danh sách thông báo (PDF + .docx)',
  ),
  'opt.council.out': s('output folder (default: DIR/van-ban)', 'thư mục ghi văn bản (mặc định: DIR/van-ban)'),
  'opt.council.date': s('date of the document (default: today)', 'ngày ký văn bản (mặc định: hôm nay)'),
  'opt.council.gradedOn': s(
    'day the grading was completed (default: the day of the last override or page read)',
    'ngày hoàn thành chấm điểm (mặc định: ngày của lần sửa tay hoặc lần đọc phiếu cuối cùng)',
  ),
  'opt.council.number': s('document number given by the office (default: blank, to fill by hand)', 'số văn bản do văn thư cấp (mặc định: để trống, ghi tay)'),
  'opt.council.holidays': s('extra public holidays, JSON like templates/holidays-vn.json', 'tệp ngày nghỉ lễ bổ sung, JSON như templates/holidays-vn.json'),
  'opt.council.approvedOn': s('date of the decision approving the results (required)', 'ngày của quyết định phê duyệt kết quả (bắt buộc)'),
  'opt.council.decision': s('number of the approval decision, e.g. 125/QĐ-UBND', 'số quyết định phê duyệt, ví dụ 125/QĐ-UBND'),
  'opt.council.firstNumber': s('number of the first notice; the others follow (default: blank)', 'số của thông báo đầu tiên; các thông báo sau tăng dần (mặc định: để trống)'),
  'council.noGradedOn': s(
    'no page has been read in this workspace: give --graded-on DATE',
    'kỳ thi chưa có phiếu nào được đọc: hãy ghi --graded-on NGÀY',
  ),
  'council.wrote': f((v: { file: string }) => `wrote ${v.file}`, (v) => `đã ghi ${v.file}`),
  'report.deadline': f(
    (v: { graded: string; due: string; remaining: number }) => `grading completed ${v.graded}: the report is due by ${v.due} (10 working days; ${v.remaining} working day(s) left)`,
    (v) => `chấm xong ngày ${v.graded}: hạn báo cáo là ngày ${v.due} (10 ngày làm việc; còn ${v.remaining} ngày làm việc)`,
  ),
  'report.late': f(
    (v: { graded: string; due: string; date: string; late: number }) => `⚠ late: grading completed ${v.graded}, the report was due by ${v.due}; dated ${v.date}, ${v.late} working day(s) after the deadline`,
    (v) => `⚠ chậm hạn: chấm xong ngày ${v.graded}, hạn báo cáo là ngày ${v.due}; báo cáo ghi ngày ${v.date}, chậm ${v.late} ngày làm việc`,
  ),
  'report.pending': f(
    (v: { n: number; ws: string }) => `${v.n} problem(s) still need a person: the report says its results are not final (omr status${v.ws})`,
    (v) => `còn ${v.n} vấn đề cần người xử lý: báo cáo ghi rõ kết quả chưa phải cuối cùng (omr status${v.ws})`,
  ),
  'report.summary': f(
    (v: { convened: number; sat: number; absent: number; scored: number }) => `convened ${v.convened}, sat ${v.sat}, absent ${v.absent}, scored ${v.scored}`,
    (v) => `triệu tập ${v.convened}, dự ${v.sat}, vắng ${v.absent}, có bài được chấm ${v.scored}`,
  ),
  'notify.deadline': f(
    (v: { approved: string; due: string; remaining: number }) => `approved ${v.approved}: the notices are due by ${v.due} (5 working days; ${v.remaining} working day(s) left)`,
    (v) => `phê duyệt ngày ${v.approved}: hạn thông báo là ngày ${v.due} (5 ngày làm việc; còn ${v.remaining} ngày làm việc)`,
  ),
  'notify.late': f(
    (v: { approved: string; due: string; date: string; late: number }) => `⚠ late: approved ${v.approved}, the notices were due by ${v.due}; dated ${v.date}, ${v.late} working day(s) after the deadline`,
    (v) => `⚠ chậm hạn: phê duyệt ngày ${v.approved}, hạn thông báo là ngày ${v.due}; thông báo ghi ngày ${v.date}, chậm ${v.late} ngày làm việc`,
  ),
  'notify.done': f(
    (v: { n: number; people: number; dir: string }) => `${v.n} notice(s) for ${v.people} official(s) in ${v.dir}`,
    (v) => `${v.n} thông báo cho ${v.people} cán bộ, công chức trong ${v.dir}`,
  ),
  'notify.notInRoster': f(
    (v: { n: number }) => `${v.n} sheet(s) with an SBD not in the roster are in no notice: fix them first (omr review)`,
    (v) => `${v.n} bài làm có SBD không có trong danh sách nên không có trong thông báo nào: hãy xử lý trước (omr review)`,
  ),
  // ---- omr plan
  'council.hint.staff': s(
    'the staff list needs the columns ho_ten, ngay_sinh, don_vi, nhom (1, 2 or 3), chuc_danh, and optionally ma_can_bo, ngay_giu_chuc_vu (see docs/council.md)',
    'danh sách cán bộ cần các cột ho_ten, ngay_sinh, don_vi, nhom (1, 2 hoặc 3), chuc_danh, và nếu có: ma_can_bo, ngay_giu_chuc_vu (xem docs/council.md)',
  ),
  'council.staff.unreadable': f(
    (v: { file: string; detail: string }) => `${v.file}: not readable as a staff list (CSV or XLSX): ${v.detail}`,
    (v) => `${v.file}: không đọc được danh sách cán bộ (CSV hoặc XLSX): ${v.detail}`,
  ),
  'council.history.year': f(
    (v: { value: string }) => `--history ${v.value}: which year? write YEAR=FILE, e.g. 2024=ket-qua-2024.csv`,
    (v) => `--history ${v.value}: kết quả năm nào? ghi NĂM=TỆP, ví dụ 2024=ket-qua-2024.csv`,
  ),
  'plan.description': s(
    "choose who sits this year's exam: staff list + earlier results → roster CSV and a plan per commune",
    'chọn người dự sát hạch năm nay: danh sách cán bộ + kết quả các năm trước → danh sách thí sinh và kế hoạch từng đơn vị',
  ),
  'opt.plan.staff': s('staff list of the communes, CSV or XLSX (see docs/council.md)', 'danh sách cán bộ, công chức các xã, CSV hoặc XLSX (xem docs/council.md)'),
  'opt.plan.year': s('year of the exam (default: this year)', 'năm tổ chức sát hạch (mặc định: năm nay)'),
  'opt.plan.history': s('earlier results: YEAR=ket-qua.csv; repeat for each year', 'kết quả các năm trước: NĂM=ket-qua.csv; lặp lại cho từng năm'),
  'opt.plan.past': s('an earlier exam workspace (its year from its exam file); repeatable', 'thư mục kỳ thi năm trước (năm lấy từ tệp kỳ thi); có thể lặp lại'),
  'opt.plan.retest': s(
    'also choose everyone whose last result was Không đạt (the council\'s choice: the regulation is silent)',
    'chọn cả những người có kết quả gần nhất Không đạt (Hội đồng quyết định: quy định không nêu)',
  ),
  'opt.plan.min': s('at least this many per commune (default 3, the regulation\'s minimum)', 'số người tối thiểu mỗi đơn vị (mặc định 3, mức tối thiểu theo quy định)'),
  'opt.plan.share': s('at least this share of each commune\'s officials, e.g. 30%', 'tỉ lệ tối thiểu số cán bộ, công chức mỗi đơn vị, ví dụ 30%'),
  'opt.plan.firstSbd': s('first số báo danh (6 digits; default YY0001)', 'số báo danh đầu tiên (6 chữ số; mặc định NN0001)'),
  'opt.plan.out': s('output folder for roster.csv, ke-hoach.csv/.pdf/.docx', 'thư mục ghi roster.csv, ke-hoach.csv/.pdf/.docx'),
  'plan.unit': f(
    (v: { unit: string; chosen: number; eligible: number; overdue: number }) => `${v.unit}: ${v.chosen} of ${v.eligible} chosen${v.overdue ? `, ${v.overdue} overdue` : ''}`,
    (v) => `${v.unit}: chọn ${v.chosen}/${v.eligible} người${v.overdue ? `, ${v.overdue} người quá hạn` : ''}`,
  ),
  'plan.total': f(
    (v: { chosen: number; eligible: number; excluded: number; units: number }) => `${v.chosen} of ${v.eligible} officials chosen in ${v.units} unit(s); ${v.excluded} excluded (military and police commanders)`,
    (v) => `chọn ${v.chosen}/${v.eligible} cán bộ, công chức của ${v.units} đơn vị; loại trừ ${v.excluded} người (Chỉ huy trưởng quân sự, Trưởng Công an)`,
  ),
  'plan.problem': f((v: { text: string }) => `✖ ${v.text}`, (v) => `✖ ${v.text}`),
  'plan.maybe': f((v: { text: string }) => `? ${v.text}`, (v) => `? ${v.text}`),
  'council.badOption': f(
    (v: { option: string; value: string; want: BadOptionWant }) => `${v.option} must be ${WANT_EN[v.want]}, not "${v.value}"`,
    (v) => `${v.option} phải là ${WANT_VI[v.want]}, không phải "${v.value}"`,
  ),
  'council.sbdOverflow': f(
    (v: { first: string; n: number }) => `--first-sbd ${v.first}: ${v.n} candidates do not fit in 6 digits`,
    (v) => `--first-sbd ${v.first}: ${v.n} thí sinh không đủ chỗ trong 6 chữ số`,
  ),
};
