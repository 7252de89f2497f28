/**
 * `omr report -w DIR`: the council's report to the district chairman (regulation III.8.a), as
 * an administrative document (src/documents) built from the workspace results. Every figure
 * comes from ./facts.ts (the exports' own functions).
 */
import type { Exam } from '../exam/exam.js';
import { numbered, type AdminDocument, type Block, type Column } from '../documents/index.js';
import type { WorkspaceResults } from '../workspace/results.js';
import { formatDay, reportDeadline, tryParseDay, type Day, type Deadline, type Holidays } from './calendar.js';
import { councilSignatures, countPct, decimal, districtOf, letterhead, numberLine, placeDate } from './common.js';
import { councilFacts, satByNhom, type ComplaintRecord, type CouncilFacts, type FlaggedItem, type Tally } from './facts.js';

export const REPORT_CODE = 'BC-HĐKTSH';

export interface ReportOptions {
  /** Date of the report (the date line); the deadline is checked against it. */
  date: Day;
  /** The day grading was completed. */
  gradedOn: Day;
  holidays: Holidays;
  /** The document number, when the office has given one. */
  number?: string;
  /** Complaints recorded in the workspace; undefined: the workspace has no complaints table. */
  complaints?: ComplaintRecord[];
}

export interface Report {
  doc: AdminDocument;
  facts: CouncilFacts;
  deadline: Deadline;
  /** Problems a person must still settle (results not final). */
  pending: number;
}

function bandColumns(f: CouncilFacts): Column[] {
  return f.bandNames.map((b) => ({ title: b, width: 1.6, align: 'center' as const }));
}

function bandCells(t: Tally): string[] {
  return [String(t.scored), ...t.bands.map((b) => countPct(b.n, b.pct))];
}

function bandTable(first: string, list: Tally[], f: CouncilFacts, total: boolean) {
  const t = numbered(
    [{ title: first, width: 4 }, { title: 'Số bài\nđược chấm', width: 1.3, align: 'center' }, ...bandColumns(f)],
    list.map((x) => [x.name, ...bandCells(x)]),
    total ? ['Tổng cộng', ...bandCells(f.overall)] : undefined,
  );
  return { ...t, size: 11 };
}

const bandSentence = (t: Tally) => t.bands.map((b) => `${b.name} ${countPct(b.n, b.pct)}`).join('; ');

/** Negative discrimination or very hard: the key or the question itself may be wrong. */
export function isSerious(i: FlaggedItem): boolean {
  return (i.pointBiserial !== null && i.pointBiserial < 0) || (i.difficulty !== null && i.difficulty < 0.2);
}

export function buildReport(res: WorkspaceResults, o: ReportOptions): Report {
  const exam: Exam = res.exam;
  const g = res.grades;
  const f = councilFacts(g);
  const head = letterhead(exam);
  const district = districtOf(exam);
  const deadline = reportDeadline(o.gradedOn, o.holidays, o.date);
  const chairman = district ? `Chủ tịch Ủy ban nhân dân ${district.kind} ${district.name}` : 'Chủ tịch Ủy ban nhân dân cấp huyện';
  const pending = g.summary.needsPerson ? res.issues.filter((i) => i.needsPerson).length + res.openFlags.length : 0;

  const body: Block[] = [];
  const p = (text: string) => body.push({ kind: 'paragraph', text });

  // ---- I. facts
  body.push({ kind: 'heading', text: 'I. TÌNH HÌNH TỔ CHỨC KỲ KIỂM TRA, SÁT HẠCH' });
  const when = exam.date ? ` vào ngày ${exam.date}` : '';
  const where = exam.place ? ` tại ${exam.place}` : '';
  p(`Thực hiện kế hoạch kiểm tra, sát hạch định kỳ chuyên môn, nghiệp vụ của cán bộ, công chức cấp xã năm ${exam.year}, Hội đồng kiểm tra, sát hạch đã tổ chức kỳ kiểm tra, sát hạch${when}${where}, hình thức trắc nghiệm trên giấy (100 câu hỏi, thời gian 120 phút; Phần I kiến thức chung 40 điểm, Phần II kiến thức, kỹ năng chuyên môn, nghiệp vụ 60 điểm).`);
  const o1 = f.overall;
  const inRoster = g.rows.filter((r) => r.inRoster);
  const sat = inRoster.filter((r) => r.status !== 'absent').length;
  const [n1, n2, n3] = satByNhom(g.rows);
  p(`Số cán bộ, công chức được triệu tập: ${inRoster.length} người thuộc ${f.byDonVi.filter((d) => d.name !== '(không có trong danh sách)').length} đơn vị; số dự kiểm tra, sát hạch: ${sat} người (Nhóm 1: ${n1}; Nhóm 2: ${n2}; Nhóm 3: ${n3}); vắng: ${o1.absent} người.${f.notInRoster ? ` Ngoài ra có ${f.notInRoster} bài làm mang số báo danh không có trong danh sách.` : ''}`);
  const units = new Map<string, typeof g.rows>();
  for (const r of inRoster) units.set(r.candidate!.donVi, [...(units.get(r.candidate!.donVi) ?? []), r]);
  const unitRows = f.byDonVi
    .filter((d) => units.has(d.name))
    .map((d) => {
      const rows = units.get(d.name)!;
      const s = satByNhom(rows);
      return [d.name, String(rows.length), String(rows.filter((r) => r.status !== 'absent').length), String(d.absent), ...s.map(String)];
    });
  body.push({
    ...numbered(
      [
        { title: 'Đơn vị', width: 4 },
        { title: 'Triệu tập', width: 1.2, align: 'center' },
        { title: 'Dự sát hạch', width: 1.2, align: 'center' },
        { title: 'Vắng', width: 1, align: 'center' },
        { title: 'Nhóm 1', width: 1, align: 'center' },
        { title: 'Nhóm 2', width: 1, align: 'center' },
        { title: 'Nhóm 3', width: 1, align: 'center' },
      ],
      unitRows,
      ['Tổng cộng', String(inRoster.length), String(sat), String(o1.absent), String(n1), String(n2), String(n3)],
    ),
    size: 11,
  });
  if (res.overrides.length) {
    p(`Bài làm được chấm bằng phần mềm đọc phiếu trả lời trắc nghiệm; ${res.overrides.length} trường hợp tô không rõ hoặc đọc không chắc chắn đã được Tổ chấm bài xem xét, quyết định trực tiếp trên phiếu, có ghi lại người quyết định, thời điểm và lý do.`);
  }

  // ---- II. results
  body.push({ kind: 'heading', text: 'II. KẾT QUẢ KIỂM TRA, SÁT HẠCH' });
  body.push({ kind: 'paragraph', text: [{ text: '1. Kết quả chung và theo Nhóm', bold: true }], indent: true });
  p(`Tổng số bài được chấm: ${o1.scored} bài. Kết quả xếp loại: ${bandSentence(o1)}.${o1.unfinished ? ` Còn ${o1.unfinished} bài chưa chấm xong.` : ''}`);
  body.push(bandTable('Nhóm', f.byNhom, f, true));
  body.push({
    kind: 'chart',
    title: 'Biểu đồ: số cán bộ, công chức theo xếp loại và theo Nhóm',
    categories: f.bandNames,
    series: f.byNhom.filter((n) => n.name.startsWith('Nhóm')).map((n) => ({ name: n.name, values: n.bands.map((b) => b.n) })),
    unit: 'Số người',
  });
  body.push({ kind: 'paragraph', text: [{ text: '2. Kết quả theo đơn vị', bold: true }], indent: true });
  body.push(bandTable('Đơn vị', f.byDonVi, f, true));
  body.push({ kind: 'paragraph', text: [{ text: '3. Kết quả theo chức vụ, chức danh', bold: true }], indent: true });
  body.push(bandTable('Chức vụ, chức danh', f.byChucDanh, f, false));
  body.push({ kind: 'paragraph', text: [{ text: '4. Cán bộ, công chức xếp loại Trung bình và Không đạt', bold: true }], indent: true });
  if (f.consequences.length) {
    p(`Có ${f.consequences.length} cán bộ, công chức xếp loại Trung bình hoặc Không đạt. Theo quy định, người có kết quả xếp loại Trung bình trở xuống không được xem xét đánh giá, xếp loại "hoàn thành xuất sắc nhiệm vụ" trong năm; người có kết quả Không đạt 02 lần liên tiếp được xếp loại "hoàn thành nhiệm vụ" trở xuống và xem xét đưa vào diện tinh giản biên chế.`);
    body.push({
      ...numbered(
        [
          { title: 'Họ và tên', width: 2.6 },
          { title: 'Đơn vị', width: 2.4 },
          { title: 'Chức vụ, chức danh', width: 2.6 },
          { title: 'Điểm', width: 0.9, align: 'center' },
          { title: 'Xếp loại', width: 1.3, align: 'center' },
          { title: 'Hệ quả theo quy định', width: 4.4 },
        ],
        f.consequences.map((r) => [r.candidate?.hoTen ?? `SBD ${r.sbd}`, r.candidate?.donVi ?? '', r.candidate?.chucDanh ?? '', String(r.score!.total), r.band ?? '', r.consequences.join('; ')]),
      ),
      size: 11,
    });
  } else p('Không có cán bộ, công chức nào xếp loại Trung bình hoặc Không đạt.');

  // ---- III. item analysis
  body.push({ kind: 'heading', text: 'III. PHÂN TÍCH CÂU HỎI' });
  const serious = f.flaggedItems.filter(isSerious);
  const minor = f.flaggedItems.length - serious.length;
  const minorText = minor ? ` Ngoài ra có ${minor} câu hỏi có độ phân biệt thấp hoặc rất dễ (chi tiết tại tệp phan-tich-cau-hoi.csv).` : '';
  if (serious.length) {
    p(`Theo kết quả phân tích câu hỏi (tỉ lệ trả lời đúng, độ phân biệt), có ${serious.length} câu hỏi có độ phân biệt âm hoặc rất khó, đề nghị Tổ biên soạn đề kiểm tra lại nội dung, đáp án trước khi sử dụng cho các kỳ sau:${minorText}`);
    body.push({
      ...numbered(
        [
          { title: 'Mã đề', width: 1, align: 'center' },
          { title: 'Câu', width: 0.8, align: 'center' },
          { title: 'Tỉ lệ đúng', width: 1.1, align: 'center' },
          { title: 'Độ phân biệt', width: 1.2, align: 'center' },
          { title: 'Nhận xét', width: 5 },
        ],
        serious.map((i) => [i.examCode, String(i.question), i.difficulty === null ? '—' : `${decimal(i.difficulty * 100, 0)}%`, decimal(i.pointBiserial, 2), i.remark]),
      ),
      size: 11,
    });
  } else p(`Theo kết quả phân tích câu hỏi, không có câu hỏi nào có độ phân biệt âm hoặc rất khó.${minorText}`);

  // ---- IV. complaints
  body.push({ kind: 'heading', text: 'IV. TIẾP NHẬN, GIẢI QUYẾT KHIẾU NẠI' });
  const cs = o.complaints ?? [];
  if (!cs.length) p('Đến ngày báo cáo, Hội đồng không nhận được đơn khiếu nại, tố cáo nào liên quan đến kỳ kiểm tra, sát hạch.');
  else {
    const done = cs.filter((c) => c.status === 'resolved').length;
    p(`Hội đồng đã tiếp nhận ${cs.length} đơn khiếu nại; đã giải quyết ${done} đơn; đang giải quyết ${cs.length - done} đơn.`);
    body.push({
      ...numbered(
        [
          { title: 'Ngày nhận', width: 1.4, align: 'center' },
          { title: 'Số phiếu / SBD', width: 1.6, align: 'center' },
          { title: 'Nội dung', width: 4 },
          { title: 'Kết quả giải quyết', width: 4 },
        ],
        cs.map((c) => [
          tryParseDay(c.receivedOn) ? formatDay(tryParseDay(c.receivedOn)!) : c.receivedOn,
          [c.serial, c.sbd].filter(Boolean).join(' / '),
          c.subject,
          c.status === 'resolved' ? `${c.resolution ?? 'Đã giải quyết'}${c.resolvedOn ? ` (${tryParseDay(c.resolvedOn) ? formatDay(tryParseDay(c.resolvedOn)!) : c.resolvedOn})` : ''}` : 'Đang giải quyết',
        ]),
      ),
      size: 11,
    });
  }

  // ---- V. proposals, deadline
  body.push({ kind: 'heading', text: 'V. ĐỀ XUẤT, KIẾN NGHỊ' });
  if (pending) p(`Lưu ý: tại thời điểm lập báo cáo còn ${pending} vấn đề về bài làm chưa được Tổ chấm bài xử lý; kết quả nêu trên chưa phải kết quả cuối cùng.`);
  p(`Hội đồng kiểm tra, sát hạch kính trình ${chairman} xem xét, phê duyệt kết quả kỳ kiểm tra, sát hạch. Chậm nhất 05 ngày làm việc kể từ ngày có quyết định phê duyệt, Hội đồng thông báo kết quả bằng văn bản tới cơ quan quản lý cán bộ, công chức cấp xã.`);
  p(
    deadline.late
      ? `Việc chấm điểm hoàn thành ngày ${formatDay(o.gradedOn)}; thời hạn báo cáo (10 ngày làm việc) là ngày ${formatDay(deadline.due)}; báo cáo này được lập chậm ${-deadline.remaining} ngày làm việc so với thời hạn.`
      : `Việc chấm điểm hoàn thành ngày ${formatDay(o.gradedOn)}; báo cáo được lập trong thời hạn 10 ngày làm việc theo quy định (chậm nhất ngày ${formatDay(deadline.due)}).`,
  );
  p('Trên đây là báo cáo kết quả kỳ kiểm tra, sát hạch của Hội đồng kiểm tra, sát hạch./.');

  const doc: AdminDocument = {
    title: `Báo cáo kết quả kỳ kiểm tra, sát hạch năm ${exam.year}`,
    superior: head.superior,
    issuer: head.issuer,
    number: numberLine(o.number, REPORT_CODE),
    placeDate: placeDate(exam, o.date),
    kind: 'BÁO CÁO',
    subject: ['Kết quả kỳ kiểm tra, sát hạch định kỳ chuyên môn, nghiệp vụ', `của cán bộ, công chức cấp xã năm ${exam.year}`],
    to: [`Kính gửi: ${chairman}.`],
    body,
    recipients: ['Như trên;', 'Phòng Nội vụ;', 'Thành viên Hội đồng;', 'Lưu: VT, HĐKTSH.'],
    signatures: councilSignatures(exam, true),
  };
  return { doc, facts: f, deadline, pending };
}
