/**
 * Messages of issue 8 items 15-17 (everything that still reached staff in English): the
 * version option, review and export notes, flag labels drawn on images, selftest, the rule
 * details of template and exam files, history and database messages.
 */
import { f, s, type Text } from './entry.js';
import { groupName, groupReason, pageFlag } from './scan.js';

export const UX = {
  'opt.version': s('print the version and stop', 'in số phiên bản rồi dừng'),

  // ---- annotated pages and review crops (labels in a strip beside the picture)
  'annot.flag': f(
    (v: { key: string; reason: string }) => `${groupName('en', v.key)}: ${groupReason('en', v.reason) || 'check'}`,
    (v) => `${groupName('vi', v.key)}: ${groupReason('vi', v.reason) || 'cần xem'}`,
  ),
  'annot.header': f(
    (v: { source: string; page: number; serial: string; sbd: string; made: string; rotation: number; flagged: number; flags: string[] }) =>
      `${v.source} page ${v.page} · số phiếu ${v.serial} · SBD ${v.sbd} · mã đề ${v.made} · turned ${v.rotation}° · ${v.flagged} to check${v.flags.length ? ' · ' + v.flags.map((x) => pageFlag('en', x)).join(', ') : ''}`,
    (v) =>
      `${v.source} trang ${v.page} · số phiếu ${v.serial} · SBD ${v.sbd} · mã đề ${v.made} · xoay ${v.rotation}° · ${v.flagged} cần xem${v.flags.length ? ' · ' + v.flags.map((x) => pageFlag('vi', x)).join(', ') : ''}`,
  ),
  'annot.header.notOk': f(
    (v: { source: string; page: number; status: string; reason: string }) => `${v.source} page ${v.page} · ${v.status === 'error' ? 'error' : 'not an answer sheet'}: ${v.reason}`,
    (v) => `${v.source} trang ${v.page} · ${v.status === 'error' ? 'lỗi' : 'không phải phiếu trả lời'}: ${v.reason}`,
  ),

  // ---- omr review: the suggested commands and the cells of review.csv
  'rv.fix.override': f(
    (v: { ws: string; sheet: string; what: string; value: string }) => `omr override${v.ws} ${v.sheet} ${v.what} --value ${v.value} --by NAME --reason TEXT`,
    (v) => `omr override${v.ws} ${v.sheet} ${v.what} --value ${v.value} --by "HỌ TÊN" --reason "LÝ DO"`,
  ),
  'rv.fix.keep': f(
    (v: { ws: string; page: string }) => `omr override${v.ws} --page ${v.page} --keep --by NAME --reason TEXT  (or --exclude on the page that must not count)`,
    (v) => `omr override${v.ws} --page ${v.page} --keep --by "HỌ TÊN" --reason "LÝ DO"  (hoặc --exclude trên trang không được tính)`,
  ),
  'rv.fix.rescan': f(
    (v: { ws: string }) => `scan the sheet again, then omr scan${v.ws} FILE`,
    (v) => `quét lại phiếu, rồi omr scan${v.ws} TỆP`,
  ),
  'rv.fix.noKey': f(
    (v: { ws: string }) => `omr key add${v.ws} KEYFILE  (or override the mã đề: --made --value ???)`,
    (v) => `omr key add${v.ws} TỆP_ĐÁP_ÁN  (hoặc sửa tay mã đề: --made --value ???)`,
  ),
  'rv.fix.roster': f(
    (v: { ws: string }) => `fix the row, then omr roster set${v.ws} FILE`,
    (v) => `sửa dòng đó, rồi omr roster set${v.ws} TỆP`,
  ),
  'rv.fix.key': f(
    (v: { ws: string; file: string | null }) => `fix ${v.file ?? 'the key file'}, then omr key add${v.ws} FILE`,
    (v) => `sửa ${v.file ?? 'tệp đáp án'}, rồi omr key add${v.ws} TỆP`,
  ),
  'rv.category': f(
    (v: { category: string }) =>
      ({ flag: 'To check (question/column)', page: 'Page not read', page_flag: 'Page warning', conflict: 'Conflict', key: 'Answer key', roster: 'Roster', absent: 'No sheet', override: 'Override', info: 'Information' })[v.category] ?? v.category,
    (v) =>
      ({ flag: 'Cần xem (câu/cột)', page: 'Trang không đọc được', page_flag: 'Cảnh báo trang', conflict: 'Xung đột', key: 'Đáp án', roster: 'Danh sách thí sinh', absent: 'Thiếu bài', override: 'Sửa tay', info: 'Thông tin' })[v.category] ?? v.category,
  ),
  'rv.yesNo': f(
    (v: { yes: boolean }) => (v.yes ? 'Yes' : 'No'),
    (v) => (v.yes ? 'Có' : 'Không'),
  ),
  'rv.status': f(
    (v: { status: string }) => (v.status === 'error' ? 'could not be read' : v.status === 'not_a_sheet' ? 'not an answer sheet' : v.status),
    (v) => (v.status === 'error' ? 'không đọc được' : v.status === 'not_a_sheet' ? 'không phải phiếu trả lời' : v.status),
  ),

  // ---- the previous round's results (--history FILE)
  'hist.notCsv': f(
    (v: { file: string; detail: string }) => `${v.file}: not readable as CSV: ${v.detail} → give the ket-qua.csv exported by omr`,
    (v) => `${v.file}: không đọc được dạng CSV: ${v.detail} → đưa tệp ket-qua.csv do omr xuất ra`,
  ),
  'hist.empty': f(
    (v: { file: string }) => `${v.file}: the file is empty → give the ket-qua.csv exported by omr`,
    (v) => `${v.file}: tệp trống → đưa tệp ket-qua.csv do omr xuất ra`,
  ),
  'hist.noColumn': f(
    (v: { file: string; row: number; columns: string }) => `${v.file} row ${v.row}: no column ${v.columns} → give the ket-qua.csv exported by omr (headers Họ và tên, Ngày sinh, Đơn vị, Xếp loại)`,
    (v) => `${v.file} dòng ${v.row}: không có cột ${v.columns} → đưa tệp ket-qua.csv do omr xuất ra (tiêu đề Họ và tên, Ngày sinh, Đơn vị, Xếp loại)`,
  ),

  // ---- the workspace database
  'db.newer': f(
    (v: { file: string; version: number; known: number }) => `${v.file}: the workspace database has schema version ${v.version}, this omr knows up to ${v.known}`,
    (v) => `${v.file}: cơ sở dữ liệu của thư mục kỳ thi ở phiên bản cấu trúc ${v.version}, bản omr này chỉ biết đến ${v.known}`,
  ),
  'db.newer.hint': s('update omr to the version that made this workspace', 'cập nhật omr lên phiên bản đã tạo thư mục kỳ thi này'),
  'db.cannotOpen': f(
    (v: { file: string; detail: string }) => `${v.file}: cannot open the workspace database (${v.detail})`,
    (v) => `${v.file}: không mở được cơ sở dữ liệu của thư mục kỳ thi (${v.detail})`,
  ),
  'db.cannotOpen.hint': s('give -w the folder made by omr init', 'chỉ -w tới thư mục do omr init tạo'),
  'db.cannotOpen.hint.create': s('check that the folder is writable', 'kiểm tra thư mục có ghi được không'),
  'db.version': f(
    (v: { file: string; version: number; expected: number }) => `${v.file}: schema version ${v.version}, expected ${v.expected}`,
    (v) => `${v.file}: phiên bản cấu trúc ${v.version}, cần ${v.expected}`,
  ),
  'db.version.hint': s('open it once with a write command (omr status) to upgrade it', 'mở một lần bằng lệnh có ghi (omr status) để nâng cấp'),
  'db.unusable': f(
    (v: { file: string; detail: string }) => `${v.file}: not a usable workspace database (${v.detail})`,
    (v) => `${v.file}: không phải cơ sở dữ liệu thư mục kỳ thi dùng được (${v.detail})`,
  ),
  'db.unusable.hint': s(
    'give -w the folder made by omr init; restore omr.sqlite from a backup if it was damaged',
    'chỉ -w tới thư mục do omr init tạo; nếu omr.sqlite bị hỏng thì khôi phục từ bản sao lưu',
  ),

  // ---- overrides that cannot be applied (grading)
  'ovi.question': f(
    (v: { max: number }) => `question must be 1-${v.max}`,
    (v) => `số câu phải từ 1 đến ${v.max}`,
  ),
  'ovi.value': f(
    (v: { value: string; options: string }) => `value "${v.value}" is not blank or a combination of ${v.options}`,
    (v) => `giá trị "${v.value}" không phải để trống hay tổ hợp của ${v.options}`,
  ),
  'ovi.digits': f(
    (v: { what: string; n: number; value: string }) => `${v.what} must be ${v.n} digits, got "${v.value}"`,
    (v) => `${v.what} phải có ${v.n} chữ số, nhận được "${v.value}"`,
  ),
  'ovi.bad': f(
    (v: { sheet: string; field: string; question: number | null; problem: Text }, r) => `override ${v.sheet} ${v.field}${v.question ? ' ' + v.question : ''}: ${r(v.problem)} → fix or remove the override`,
    (v, r) => `sửa tay ${v.sheet} ${v.field}${v.question ? ' ' + v.question : ''}: ${r(v.problem)} → sửa lại hoặc bỏ lần sửa tay này`,
  ),
  'ovi.unmatched': f(
    (v: { sheet: string; field: string; question: number | null }) => `override ${v.sheet} ${v.field}${v.question ? ' ' + v.question : ''}: matches no readable page → check the serial / page`,
    (v) => `sửa tay ${v.sheet} ${v.field}${v.question ? ' ' + v.question : ''}: không khớp trang nào đọc được → kiểm tra số phiếu / trang`,
  ),

  // ---- rules of template and exam files (the detail after ✖, the path follows)
  'rule.partOrder': f(
    (v: { part: number; from: number; to: number }) => `part ${v.part} starts after it ends (${v.from} > ${v.to})`,
    (v) => `phần ${v.part} bắt đầu sau khi kết thúc (${v.from} > ${v.to})`,
  ),
  'rule.partEnd': f(
    (v: { part: number; to: number; questions: number }) => `part ${v.part} ends at question ${v.to} but the sheet has ${v.questions}`,
    (v) => `phần ${v.part} kết thúc ở câu ${v.to} nhưng phiếu chỉ có ${v.questions} câu`,
  ),
  'rule.twoParts': f(
    (v: { q: number; a: number; b: number }) => `question ${v.q} is in part ${v.a} and part ${v.b}`,
    (v) => `câu ${v.q} nằm trong cả phần ${v.a} và phần ${v.b}`,
  ),
  'rule.noPart': f(
    (v: { list: string }) => `questions ${v.list} are in no part`,
    (v) => `các câu ${v.list} không thuộc phần nào`,
  ),
  'rule.optionsUnique': s('option letters must be unique', 'các chữ cái phương án không được trùng nhau'),
  'rule.fieldsUnique': s('info field keys must be unique', 'các khóa của trường thông tin không được trùng nhau'),
  'rule.inset': f(
    (v: { pt: string }) => `registration marks must be at least 8 mm (${v.pt} pt) inside the paper edge`,
    (v) => `ô vuông định vị phải cách mép giấy ít nhất 8 mm (${v.pt} pt)`,
  ),
  'rule.keySize': s('the orientation key must be smaller than the corner marks', 'ô định hướng phải nhỏ hơn các ô vuông góc'),
  'rule.groupTwice': f(
    (v: { key: string }) => `group key ${v.key} is used twice`,
    (v) => `khóa nhóm ${v.key} bị dùng hai lần`,
  ),
  'rule.bubbleOutside': f(
    (v: { bubble: string }) => `bubble ${v.bubble} is outside the printable area`,
    (v) => `ô tô ${v.bubble} nằm ngoài vùng in được`,
  ),
  'rule.bubbleOverlap': f(
    (v: { a: string; b: string }) => `bubble ${v.a} overlaps ${v.b}`,
    (v) => `ô tô ${v.a} chồng lên ${v.b}`,
  ),
  'rule.block': f(
    (v: { name: string; part: number | null }) =>
      v.name === 'part' ? `answers of part ${v.part}` : (({ header: 'header', title: 'title', qr: 'QR code', info: 'candidate information', instructions: 'instructions', signatures: 'signatures', sbd: 'SBD grid', made: 'mã đề grid' }) as Record<string, string>)[v.name] ?? v.name,
    (v) =>
      v.name === 'part' ? `phần trả lời ${v.part}` : (({ header: 'phần đầu phiếu', title: 'tiêu đề', qr: 'mã QR', info: 'thông tin thí sinh', instructions: 'hướng dẫn tô phiếu', signatures: 'ô chữ ký', sbd: 'lưới SBD', made: 'lưới mã đề' }) as Record<string, string>)[v.name] ?? v.name,
  ),
  'rule.blockOutside': f(
    (v: { block: Text }, r) => `${r(v.block)} is outside the printable area`,
    (v, r) => `${r(v.block)} nằm ngoài vùng in được`,
  ),
  'rule.blockOverlap': f(
    (v: { a: Text; b: Text }, r) => `${r(v.a)} overlaps ${r(v.b)}`,
    (v, r) => `${r(v.a)} chồng lên ${r(v.b)}`,
  ),
  'rule.quietZone': f(
    (v: { block: Text; mark: string }, r) => `${r(v.block)} is inside the quiet zone of registration mark ${v.mark}`,
    (v, r) => `${r(v.block)} nằm trong vùng trống quanh ô định vị ${v.mark}`,
  ),
  'rule.bandTwice': f(
    (v: { name: string; first: string }) => `band name "${v.name}" is used twice (also ${v.first})`,
    (v) => `tên xếp loại "${v.name}" bị dùng hai lần (cả ở ${v.first})`,
  ),
  'rule.bandOrder': f(
    (v: { name: string; min: number; prev: string; prevMin: number }) => `minimums must decrease strictly, best band first: "${v.name}" ${v.min} is not below "${v.prev}" ${v.prevMin}`,
    (v) => `điểm tối thiểu phải giảm dần, xếp loại cao nhất trước: "${v.name}" ${v.min} không thấp hơn "${v.prev}" ${v.prevMin}`,
  ),
  'rule.bandLast': f(
    (v: { min: number }) => `the last band must start at 0 so every score gets a band, not ${v.min}`,
    (v) => `xếp loại cuối phải bắt đầu từ 0 để điểm nào cũng có xếp loại, không phải ${v.min}`,
  ),
  'rule.zod': f(
    (v: { en: string; vi: string }) => v.en,
    (v) => v.vi,
  ),

  // ---- omr selftest
  'st.description': s(
    'print a sheet of the template, fill it with a known pattern, scan it at several scanner settings and read it back: PASS, or the exact groups that failed (run it on a new or edited template before exam day)',
    'in một phiếu theo mẫu, tô theo mẫu biết trước, quét ở nhiều chế độ máy quét rồi đọc lại: ĐẠT, hoặc chỉ rõ các nhóm đọc sai (chạy với mẫu phiếu mới hoặc vừa sửa trước ngày thi)',
  ),
  'st.opt.keep': s('keep the printed PDF, the scans and the annotated images in this folder', 'lưu PDF đã in, ảnh quét và ảnh chú thích vào thư mục này'),
  'st.opt.jobs': s('worker threads (default: all cores)', 'số luồng đọc (mặc định: mọi lõi CPU)'),
  'st.exit': s('Exit code: 0 every setting passed, 1 some failed, 2 bad template or usage.', 'Mã thoát: 0 mọi chế độ đạt, 1 có chế độ không đạt, 2 mẫu phiếu hoặc lệnh sai.'),
  'st.head': f(
    (v: { id: string; version: number; file: string; questions: number; options: string; sbd: number; made: number }) =>
      `Self-test of template ${v.id} v${v.version} (${v.file}): ${v.questions} questions ${v.options}, SBD ${v.sbd} digits, mã đề ${v.made} digits`,
    (v) => `Tự kiểm tra mẫu phiếu ${v.id} v${v.version} (${v.file}): ${v.questions} câu ${v.options}, SBD ${v.sbd} chữ số, mã đề ${v.made} chữ số`,
  ),
  'st.sheet': f(
    (v: { serial: string; sbd: string; made: string; cycle: string; double: string | null; blank: string | null }) =>
      `Test sheet: số phiếu ${v.serial}, SBD ${v.sbd}, mã đề ${v.made}; answers ${v.cycle} in turn${v.double ? `; câu ${v.double} marked twice (must be flagged)` : ''}${v.blank ? `; câu ${v.blank} left blank` : ''}`,
    (v) =>
      `Phiếu thử: số phiếu ${v.serial}, SBD ${v.sbd}, mã đề ${v.made}; tô lần lượt ${v.cycle}${v.double ? `; câu ${v.double} tô hai ô (phải bị đánh dấu)` : ''}${v.blank ? `; câu ${v.blank} để trống` : ''}`,
  ),
  'st.setting': f(
    (v: { label: string; labelVi: string | null }) => v.label,
    (v) => v.labelVi ?? v.label,
  ),
  'st.pass': s('PASS', 'ĐẠT'),
  'st.fail': s('FAIL', 'KHÔNG ĐẠT'),
  'st.col.setting': s('Scanner setting', 'Chế độ quét'),
  'st.col.result': s('Result', 'Kết quả'),
  'st.wrong': f(
    (v: { n: number }) => `${v.n} group(s) wrong`,
    (v) => `${v.n} nhóm đọc sai`,
  ),
  'st.more': s('more (--json lists all)', 'dòng nữa (--json liệt kê đủ)'),
  'st.passed': f(
    (v: { n: number; seconds: number }) => `✔ PASS: every setting read the sheet back exactly (${v.n}/${v.n}, ${v.seconds} s). The template is ready to print.`,
    (v) => `✔ ĐẠT: mọi chế độ quét đều đọc đúng phiếu (${v.n}/${v.n}, ${v.seconds} s). Có thể in phiếu theo mẫu này.`,
  ),
  'st.failed': f(
    (v: { failed: number; n: number; seconds: number }) =>
      `✖ FAIL: ${v.failed} of ${v.n} settings misread the sheet (${v.seconds} s). Do not print with this template yet: make the bubbles larger or further apart, keep the corner marks and the QR code clear, check it with omr template check, and run omr selftest again.`,
    (v) =>
      `✖ KHÔNG ĐẠT: ${v.failed}/${v.n} chế độ quét đọc sai phiếu (${v.seconds} s). Chưa in phiếu theo mẫu này: tăng cỡ hoặc khoảng cách ô tô, để trống quanh các ô vuông góc và mã QR, kiểm tra bằng omr template check rồi chạy lại omr selftest.`,
  ),
  'st.kept': f(
    (v: { dir: string }) => `Kept: ${v.dir}/ (selftest-sheet.pdf, scans/, annotated/)`,
    (v) => `Đã lưu: ${v.dir}/ (selftest-sheet.pdf, scans/, annotated/)`,
  ),
  'st.failure': f(
    (v: { kind: string; group: string | null; read: string | null; want: string | null; flagged: boolean; reason: string | null; detail: string | null; text: string }) => v.text,
    (v) => {
      const val = (x: string | null) => (x == null ? 'không có' : x === '' ? '"" (trống)' : `"${x}"`);
      switch (v.kind) {
        case 'page':
          return `trang không đọc được như một phiếu: ${v.detail ?? ''}`;
        case 'page_flag':
          return `cảnh báo trang: ${pageFlag('vi', v.detail ?? '')}`;
        case 'serial':
          return `số phiếu (QR): đọc ${val(v.read)}, đúng là "${v.want ?? ''}"`;
        case 'missing':
          return `${groupName('vi', v.group ?? '')}: không đo được`;
        case 'double_not_flagged':
          return `${groupName('vi', v.group ?? '')}: tô hai ô (${v.want ?? ''}) nhưng đọc ${val(v.read)} mà không đánh dấu`;
        case 'misread':
          return `${groupName('vi', v.group ?? '')}: đọc ${val(v.read)}${v.flagged ? `, đánh dấu ${groupReason('vi', v.reason ?? '')}` : ''}, đúng là ${val(v.want)}`;
        default:
          return v.text;
      }
    },
  ),
};
