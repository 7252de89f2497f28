/**
 * Messages of the core modules (files, roster, answer keys, templates, workspace, overrides,
 * printing) in English and Vietnamese. Core code throws `new OmrError(code, msg(key, vars))`:
 * the error's `message` is the English text (as before, for logs and other tools); the CLI
 * renders the same message in the user's language. Text that is not in this catalogue (zod and
 * template-rule details, scan reasons in results.jsonl) stays English.
 */
import { f, plural, s, type Text } from './entry.js';
import { groupReason, pageFlag, scanReason } from './scan.js';

/** Page flags as omr review lists them. */
export const PAGE_FLAG_EN: Record<string, string> = {
  qr_unreadable: 'QR code not readable: the serial is unknown (override by --page SOURCE:PAGE)',
  qr_invalid: 'QR code is not a valid sheet identity',
  qr_other_template: 'sheet of another template',
  qr_position: 'QR code not where the marks say it should be',
  three_marks: 'only 3 corner marks found: check the annotated image',
  fit_error: 'corner marks fit badly: reads may be off, check the annotated image',
};
const PAGE_FLAG_VI: Record<string, string> = {
  qr_unreadable: 'không đọc được mã QR: chưa biết số phiếu (sửa tay bằng --page TỆP:TRANG)',
  qr_invalid: 'mã QR không phải mã của phiếu',
  qr_other_template: 'phiếu của mẫu khác',
  qr_position: 'mã QR không nằm ở vị trí mà các dấu định vị cho biết',
  three_marks: 'chỉ thấy 3 dấu góc: kiểm tra ảnh đánh dấu',
  fit_error: 'dấu góc khớp kém: kết quả đọc có thể lệch, kiểm tra ảnh đánh dấu',
};

/** The kind of file a message is about. */
export type Thing = 'template' | 'exam file' | 'roster' | 'answer key' | 'history file' | 'sheet font' | 'scan results';

const THING_VI: Record<Thing, string> = {
  template: 'mẫu phiếu',
  'exam file': 'tệp kỳ thi',
  roster: 'danh sách thí sinh',
  'answer key': 'tệp đáp án',
  'history file': 'tệp kết quả kỳ trước',
  'sheet font': 'phông chữ của phiếu',
  'scan results': 'tệp kết quả quét',
};

/** An operating-system error code in words (ENOENT → "không tìm thấy tệp"). */
export function fsCodeVi(code: string): string {
  const words: Record<string, string> = {
    ENOENT: 'không tìm thấy tệp',
    ENOTDIR: 'không tìm thấy tệp',
    EACCES: 'không có quyền đọc/ghi',
    EPERM: 'không có quyền đọc/ghi',
    EISDIR: 'đây là thư mục, không phải tệp',
    EBUSY: 'tệp đang được chương trình khác dùng',
    ENOSPC: 'ổ đĩa đã đầy',
    EROFS: 'ổ đĩa chỉ đọc',
  };
  return words[code] ? `${words[code]} (${code})` : code;
}

/** A page of a scan file: `scans/lo-1.pdf page 3` / `scans/lo-1.pdf tr.3`. */
export interface PageAt {
  source: string;
  page: number;
}
const at = (p: PageAt): string => `${p.source} page ${p.page}`;
const atVi = (p: PageAt): string => `${p.source} tr.${p.page}`;

const of = (code: string | null) => (code ? ` of mã đề ${code}` : '');
const ofVi = (code: string | null) => (code ? ` của mã đề ${code}` : '');

export const CORE = {
  // ---- files
  'io.cannotRead': f(
    (v: { file: string; what: Thing; code: string }) => `${v.file}: cannot read the ${v.what}: ${v.code}`,
    (v) => `${v.file}: không đọc được ${THING_VI[v.what]}: ${fsCodeVi(v.code)}`,
  ),
  'io.cannotWrite': f(
    (v: { file: string; code: string }) => `${v.file}: cannot write: ${v.code}`,
    (v) => `${v.file}: không ghi được tệp: ${fsCodeVi(v.code)}`,
  ),
  'io.invalidJson': f(
    (v: { file: string; what: Thing; detail: string }) => `${v.file}: the ${v.what} is not valid JSON: ${v.detail}`,
    (v) => `${v.file}: ${THING_VI[v.what]} không phải JSON hợp lệ: ${v.detail}`,
  ),
  'hint.checkPath': s('check the path', 'kiểm tra lại đường dẫn'),
  'hint.checkKeyPath': s('check the path given to --key', 'kiểm tra lại đường dẫn sau --key'),
  'hint.fixJson': s('open it in a text editor and fix the JSON syntax', 'mở tệp bằng trình soạn thảo văn bản và sửa cú pháp JSON'),
  'hint.writable': s(
    'check that the folder exists, is writable, and that the file is not open in another program',
    'kiểm tra thư mục có tồn tại, ghi được, và tệp không đang mở trong chương trình khác',
  ),

  /** A line under a file name: `roster.csv: …` or the indent of the lines after it. */
  'line.prefixed': f(
    (v: { prefix: string; line: Text }, r) => v.prefix + r(v.line),
    (v, r) => v.prefix + r(v.line),
  ),

  // ---- templates and exam files (the rule details themselves stay English)
  'template.at': f(
    (v: { message: Text; path: string }, r) => `✖ ${r(v.message)} → at ${v.path}`,
    (v, r) => `✖ ${r(v.message)} → tại ${v.path}`,
  ),
  'hint.fixTemplate': s('fix the template and run `omr template check` again', 'sửa mẫu phiếu rồi chạy lại `omr template check`'),
  'hint.fixExam': s('fix the exam file (see templates/exam.example.json)', 'sửa tệp kỳ thi (xem tệp mẫu templates/exam.example.json)'),
  'hint.history': s('give the ket-qua.csv of the previous round to --history', 'đưa tệp ket-qua.csv của kỳ trước vào --history'),
  'hint.reinstallFonts': s('reinstall the program: the fonts ship in assets/fonts', 'cài lại chương trình: phông chữ nằm trong assets/fonts'),
  'hint.fixBands': s('fix the bands in the exam file', 'sửa các mức xếp loại (bands) trong tệp kỳ thi'),

  // ---- roster
  'roster.notUtf8': f(
    (v: { file: string }) => `${v.file}: the roster is not UTF-8 text, so Vietnamese names would be garbled`,
    (v) => `${v.file}: danh sách thí sinh không phải văn bản UTF-8, tên tiếng Việt sẽ bị lỗi phông`,
  ),
  'roster.notUtf8.hint': s(
    'in Excel use File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)"',
    'trong Excel chọn File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)"',
  ),
  'roster.problems': f(
    (v: { file: string; n: number }) => `${v.file}: ${plural(v.n, 'problem')} in the roster, nothing was written`,
    (v) => `${v.file}: danh sách thí sinh có ${v.n} lỗi, chưa ghi tệp nào`,
  ),
  'roster.problems.hint': s('fix the rows above and run the command again', 'sửa các dòng trên rồi chạy lại lệnh'),
  'roster.row': f(
    (v: { file: string; row: number; message: Text }, r) => `${v.file} row ${v.row}: ${r(v.message)}`,
    (v, r) => `${v.file} dòng ${v.row}: ${r(v.message)}`,
  ),
  'roster.empty': f(
    (v: { columns: string }) => `the file is empty → the first line must be the header ${v.columns}`,
    (v) => `tệp trống → dòng đầu phải là dòng tiêu đề ${v.columns}`,
  ),
  'roster.csv': f(
    (v: { detail: string }) => `the CSV cannot be read (${v.detail}) → check the quotes on that line, or save again from Excel as "CSV UTF-8"`,
    (v) => `không đọc được tệp CSV (${v.detail}) → kiểm tra dấu ngoặc kép ở dòng đó, hoặc lưu lại từ Excel dạng "CSV UTF-8"`,
  ),
  'roster.missingColumn': f(
    (v: { column: string; columns: string }) => `column "${v.column}" is missing from the header → the header must name the columns ${v.columns}`,
    (v) => `dòng tiêu đề thiếu cột "${v.column}" → dòng tiêu đề phải có các cột ${v.columns}`,
  ),
  'roster.noCandidates': s(
    'the roster has a header but no candidates → add one line per candidate under the header',
    'danh sách có dòng tiêu đề nhưng không có thí sinh → thêm mỗi thí sinh một dòng dưới dòng tiêu đề',
  ),
  'roster.sbdEmpty': f(
    (v: { digits: number }) => `sbd is empty → fill in the ${v.digits}-digit số báo danh`,
    (v) => `sbd để trống → điền số báo danh ${v.digits} chữ số`,
  ),
  'roster.sbdDigits': f(
    (v: { sbd: string; digits: number; padded: string | null }) =>
      `sbd "${v.sbd}" must be exactly ${v.digits} digits → ${v.padded ? `write it with its leading zeros, e.g. "${v.padded}" (format the column as Text in Excel)` : `use exactly ${v.digits} digits 0-9`}`,
    (v) =>
      `sbd "${v.sbd}" phải có đúng ${v.digits} chữ số → ${v.padded ? `ghi đủ các số 0 ở đầu, ví dụ "${v.padded}" (trong Excel định dạng cột là Text)` : `chỉ dùng đúng ${v.digits} chữ số 0-9`}`,
  ),
  'roster.sbdDuplicate': f(
    (v: { sbd: string; first: number }) => `sbd "${v.sbd}" is already used in row ${v.first} → give each candidate a different số báo danh`,
    (v) => `sbd "${v.sbd}" đã dùng ở dòng ${v.first} → mỗi thí sinh một số báo danh khác nhau`,
  ),
  'roster.nameEmpty': s("ho_ten is empty → fill in the candidate's full name (họ và tên)", 'ho_ten để trống → điền họ và tên thí sinh'),
  'roster.nhom': f(
    (v: { nhom: string }) => `nhóm "${v.nhom}" must be 1, 2 or 3 → fix the nhom column`,
    (v) => `nhóm "${v.nhom}" phải là 1, 2 hoặc 3 → sửa cột nhom`,
  ),

  // ---- answer keys: one line per problem, `file row N: message → fix`
  'key.issue': f(
    (v: { file: string; row: number | null; message: Text; fix: Text }, r) =>
      `${v.row === null ? v.file : `${v.file} row ${v.row}`}: ${r(v.message)} → ${r(v.fix)}`,
    (v, r) => `${v.row === null ? v.file : `${v.file} dòng ${v.row}`}: ${r(v.message)} → ${r(v.fix)}`,
  ),
  'key.codeEmpty': s('mã đề is empty', 'mã đề để trống'),
  'key.fix.codeDigits': f(
    (v: { digits: number }) => `write the ${v.digits}-digit mã đề, e.g. 101`,
    (v) => `ghi mã đề ${v.digits} chữ số, ví dụ 101`,
  ),
  'key.codeFormat': f(
    (v: { value: string; digits: number }) => `mã đề "${v.value}" is not ${v.digits} digits`,
    (v) => `mã đề "${v.value}" không phải ${v.digits} chữ số`,
  ),
  'key.fix.codeAsBubbled': s('write the mã đề as bubbled on the sheet, e.g. 101', 'ghi mã đề như thí sinh tô trên phiếu, ví dụ 101'),
  'key.cauEmpty': f(
    (v: { code: string | null }) => `câu is empty${of(v.code)}`,
    (v) => `câu${ofVi(v.code)} để trống`,
  ),
  'key.fix.writeQuestion': s('write the question number', 'ghi số thứ tự câu hỏi'),
  'key.cauFormat': f(
    (v: { value: string; code: string | null }) => `câu "${v.value}"${of(v.code)} is not a question number`,
    (v) => `câu "${v.value}"${ofVi(v.code)} không phải số thứ tự câu hỏi`,
  ),
  'key.fix.questionRange': f(
    (v: { questions: number }) => `write a number 1-${v.questions}`,
    (v) => `ghi một số từ 1 đến ${v.questions}`,
  ),
  'key.cauRange': f(
    (v: { value: string; code: string | null; questions: number }) => `câu ${v.value}${of(v.code)} is outside 1-${v.questions} (the template has ${v.questions} questions)`,
    (v) => `câu ${v.value}${ofVi(v.code)} nằm ngoài 1-${v.questions} (mẫu phiếu có ${v.questions} câu)`,
  ),
  'key.fix.questionOrTemplate': s('fix the question number or the template', 'sửa số câu hoặc mẫu phiếu'),
  'key.answerEmpty': f(
    (v: { cau: string | null; code: string | null }) => `đáp án${v.cau ? ` for câu ${v.cau}` : ''}${of(v.code)} is empty`,
    (v) => `đáp án${v.cau ? ` câu ${v.cau}` : ''}${ofVi(v.code)} để trống`,
  ),
  'key.answerBad': f(
    (v: { value: string; cau: string | null; code: string | null; options: string }) => `đáp án "${v.value}"${v.cau ? ` for câu ${v.cau}` : ''}${of(v.code)} is not one of ${v.options}`,
    (v) => `đáp án "${v.value}"${v.cau ? ` câu ${v.cau}` : ''}${ofVi(v.code)} không thuộc ${v.options}`,
  ),
  'key.fix.oneOf': f(
    (v: { options: string }) => `write one of ${v.options}`,
    (v) => `ghi một trong ${v.options}`,
  ),
  'key.duplicate': f(
    (v: { cau: number; code: string; first: number; prev: string; here: string }) =>
      `câu ${v.cau} of mã đề ${v.code} appears twice (first at row ${v.first}${v.prev === v.here ? ', same answer' : `: ${v.prev}, here: ${v.here}`})`,
    (v) => `câu ${v.cau} của mã đề ${v.code} xuất hiện hai lần (lần đầu ở dòng ${v.first}${v.prev === v.here ? ', cùng đáp án' : `: ${v.prev}, ở đây: ${v.here}`})`,
  ),
  'key.fix.keepOne': s('keep one row', 'chỉ giữ một dòng'),
  'key.missing': f(
    (v: { code: string; ranges: string; n: number; questions: number }) => `mã đề ${v.code} has no answer for câu ${v.ranges} (${v.n} of ${v.questions})`,
    (v) => `mã đề ${v.code} thiếu đáp án câu ${v.ranges} (${v.n}/${v.questions} câu)`,
  ),
  'key.fix.addMissing': s('add one row per missing question', 'thêm mỗi câu còn thiếu một dòng'),
  'key.otherFile': f(
    (v: { code: string; other: string; ranges: string }) => `mã đề ${v.code} is also in ${v.other} with different answers (câu ${v.ranges})`,
    (v) => `mã đề ${v.code} cũng có trong ${v.other} nhưng đáp án khác (câu ${v.ranges})`,
  ),
  'key.fix.oneFile': s('keep the mã đề in one file only', 'chỉ để mã đề này trong một tệp'),
  'key.notCsv': f(
    (v: { detail: string }) => `not readable as CSV: ${v.detail}`,
    (v) => `không đọc được dạng CSV: ${v.detail}`,
  ),
  'key.fix.saveCsv': s('save the file as CSV UTF-8 from Excel', 'lưu lại tệp từ Excel dạng CSV UTF-8'),
  'key.emptyFile': s('the file is empty', 'tệp trống'),
  'key.fix.header': s('write the header ma_de,cau,dap_an and one row per question', 'ghi dòng tiêu đề ma_de,cau,dap_an và mỗi câu một dòng'),
  'key.header': f(
    (v: { missing: string; found: string }) => `the header must name the columns ma_de, cau, dap_an (missing: ${v.missing}; found: ${v.found})`,
    (v) => `dòng tiêu đề phải có các cột ma_de, cau, dap_an (thiếu: ${v.missing}; đang có: ${v.found})`,
  ),
  'key.fix.headerExact': s('make the first row exactly: ma_de,cau,dap_an', 'sửa dòng đầu thành đúng: ma_de,cau,dap_an'),
  'key.notJson': f(
    (v: { detail: string }) => `not valid JSON: ${v.detail}`,
    (v) => `không phải JSON hợp lệ: ${v.detail}`,
  ),
  'key.fix.json': s('fix the JSON syntax', 'sửa cú pháp JSON'),
  'key.notArray': s('a JSON key must be an array of {"ma_de": "101", "cau": 1, "dap_an": "A"}', 'đáp án JSON phải là một mảng {"ma_de": "101", "cau": 1, "dap_an": "A"}'),
  'key.fix.onePerQuestion': s('write one object per question per mã đề', 'mỗi câu của mỗi mã đề một đối tượng'),
  'key.notObject': s('item is not an object {"ma_de","cau","dap_an"}', 'phần tử không phải đối tượng {"ma_de","cau","dap_an"}'),
  'key.fix.object': s('write {"ma_de": "101", "cau": 1, "dap_an": "A"}', 'ghi {"ma_de": "101", "cau": 1, "dap_an": "A"}'),

  // ---- workspace
  'ws.notHere': f(
    (v: { dir: string }) => `${v.dir}: not an exam workspace (no omr.sqlite here)`,
    (v) => `${v.dir}: không phải thư mục kỳ thi (không có omr.sqlite ở đây)`,
  ),
  'ws.notHere.hint': s('give -w DIR, or make one with omr init DIR', 'chỉ rõ -w THƯ_MỤC, hoặc tạo thư mục kỳ thi bằng omr init THƯ_MỤC'),
  'ws.notWorkspace': f(
    (v: { dir: string; exists: boolean }) => `${v.dir}: not an exam workspace (${v.exists ? 'no omr.sqlite in it' : 'the folder does not exist'})`,
    (v) => `${v.dir}: không phải thư mục kỳ thi (${v.exists ? 'không có omr.sqlite trong đó' : 'thư mục không tồn tại'})`,
  ),
  'ws.notWorkspace.hint': s('check the path given to -w, or make one with omr init DIR', 'kiểm tra đường dẫn sau -w, hoặc tạo thư mục kỳ thi bằng omr init THƯ_MỤC'),
  'ws.isFile': f(
    (v: { dir: string }) => `${v.dir}: is a file, not a folder`,
    (v) => `${v.dir}: là một tệp, không phải thư mục`,
  ),
  'ws.isFile.hint': s('give a new folder name for the workspace', 'đặt tên một thư mục mới cho kỳ thi'),
  'ws.already': f(
    (v: { dir: string }) => `${v.dir}: is already an exam workspace (omr.sqlite)`,
    (v) => `${v.dir}: đã là thư mục kỳ thi (omr.sqlite)`,
  ),
  'ws.already.hint': s(
    'change it with omr key add / omr roster set, or give --force to start it again (the old database is kept beside it)',
    'sửa bằng omr key add / omr roster set, hoặc thêm --force để làm lại từ đầu (cơ sở dữ liệu cũ được giữ bên cạnh)',
  ),
  'ws.notEmpty': f(
    (v: { dir: string; entries: string }) => `${v.dir}: the folder is not empty (${v.entries})`,
    (v) => `${v.dir}: thư mục không trống (${v.entries})`,
  ),
  'ws.notEmpty.hint': s('give a new folder name, or --force to make the workspace in this folder anyway', 'đặt tên thư mục mới, hoặc thêm --force để vẫn tạo trong thư mục này'),
  'ws.noDoc': f(
    (v: { dir: string; what: 'template' | 'exam file' }) => `${v.dir}: the workspace has no ${v.what}`,
    (v) => `${v.dir}: thư mục kỳ thi không có ${v.what === 'template' ? 'mẫu phiếu' : 'tệp kỳ thi'}`,
  ),
  'ws.remake.hint': s('make the workspace again with omr init', 'tạo lại thư mục kỳ thi bằng omr init'),
  'ws.templateChanged': f(
    (v: { file: string }) => `${v.file}: changed since omr init (the pages of this workspace are read with the template stored in it)`,
    (v) => `${v.file}: đã bị sửa sau omr init (các trang của kỳ thi này được đọc bằng mẫu phiếu lưu trong cơ sở dữ liệu)`,
  ),
  'ws.templateChanged.hint': f(
    (v: { sha: string }) => `put the original back (omr status shows its SHA-256 ${v.sha}…), or make a new workspace for a new template`,
    (v) => `đặt lại tệp gốc (omr status hiện SHA-256 ${v.sha}…), hoặc tạo thư mục kỳ thi mới cho mẫu phiếu mới`,
  ),
  'ws.noKey': f(
    (v: { file: string; then: 'added' | 'init' }) => `${v.file}: no answer key could be read, ${v.then === 'added' ? 'nothing was added' : 'the workspace was not made'}`,
    (v) => `${v.file}: không đọc được đáp án nào, ${v.then === 'added' ? 'chưa thêm gì' : 'chưa tạo thư mục kỳ thi'}`,
  ),
  'ws.noKey.hint': f(
    (v: { then: 'added' | 'init' }) =>
      v.then === 'added' ? 'fix the file (header ma_de,cau,dap_an, one row per question per mã đề) and add it again' : 'fix the key file (header ma_de,cau,dap_an) and run omr init again',
    (v) =>
      v.then === 'added'
        ? 'sửa tệp (tiêu đề ma_de,cau,dap_an, mỗi câu của mỗi mã đề một dòng) rồi thêm lại'
        : 'sửa tệp đáp án (tiêu đề ma_de,cau,dap_an) rồi chạy lại omr init',
  ),
  'ws.keyOverlap': f(
    (v: { file: string; overlap: string; other: string; left: string }) => `${v.file}: mã đề ${v.overlap} already come from ${v.other}, which also holds mã đề ${v.left}`,
    (v) => `${v.file}: mã đề ${v.overlap} đã có trong ${v.other}, tệp đó còn chứa mã đề ${v.left}`,
  ),
  'ws.keyOverlap.hint': f(
    (v: { other: string; base: string }) => `put every mã đề of ${v.other} in the new file (it then replaces it), or add the file under the name ${v.base}`,
    (v) => `đưa mọi mã đề của ${v.other} vào tệp mới (khi đó tệp mới thay tệp cũ), hoặc thêm tệp với tên ${v.base}`,
  ),
  'ws.noRoster': f(
    (v: { file: string; then: 'changed' | 'init' }) => `${v.file}: no candidate could be read, ${v.then === 'changed' ? 'the roster was not changed' : 'the workspace was not made'}`,
    (v) => `${v.file}: không đọc được thí sinh nào, ${v.then === 'changed' ? 'danh sách chưa được thay' : 'chưa tạo thư mục kỳ thi'}`,
  ),
  'ws.noRoster.hint': f(
    (v: { then: 'changed' | 'init' }) =>
      v.then === 'changed'
        ? 'fix the rows above (header sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh) and set the roster again'
        : 'fix the roster (header sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh) and run omr init again',
    (v) =>
      v.then === 'changed'
        ? 'sửa các dòng trên (tiêu đề sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh) rồi chạy lại omr roster set'
        : 'sửa danh sách (tiêu đề sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh) rồi chạy lại omr init',
  ),
  'ws.serialsPrinted.hint': f(
    (v: { next: string }) => `leave out --first-serial (the next free serial is ${v.next})`,
    (v) => `bỏ --first-serial (số phiếu trống tiếp theo là ${v.next})`,
  ),
  'ws.serialsPrinted': f(
    (v: { serials: string[] }) =>
      `serial${v.serials.length > 1 ? 's' : ''} ${v.serials.slice(0, 5).join(', ')}${v.serials.length > 5 ? ', …' : ''} already printed in this workspace`,
    (v) => `số phiếu ${v.serials.slice(0, 5).join(', ')}${v.serials.length > 5 ? ', …' : ''} đã được in trong kỳ thi này`,
  ),

  // ---- overrides (omr override)
  'ov.pageRef': f(
    (v: { ref: string }) => `--page "${v.ref}" must be SOURCE:PAGE, e.g. scans/batch1.pdf:3`,
    (v) => `--page "${v.ref}" phải có dạng TỆP:TRANG, ví dụ scans/batch1.pdf:3`,
  ),
  'ov.pageRef.hint': s('omr review lists every sheet with its source and page', 'omr review liệt kê mọi phiếu kèm tệp và trang'),
  'ov.by': s('--by must name the person making the correction', '--by phải ghi tên người sửa'),
  'ov.by.hint': s('e.g. --by "Nguyễn Văn A"', 'ví dụ --by "Nguyễn Văn A"'),
  'ov.reason': s('--reason must say why the read is corrected', '--reason phải ghi lý do sửa'),
  'ov.reason.hint': s('e.g. --reason "tô mờ, đã xem phiếu gốc"', 'ví dụ --reason "tô mờ, đã xem phiếu gốc"'),
  'ov.nameSheet': s('name the sheet: --serial S or --page SOURCE:PAGE', 'chỉ rõ phiếu: --serial SỐ_PHIẾU hoặc --page TỆP:TRANG'),
  'ov.serialOrPage': s('give --serial or --page, not both', 'chỉ dùng --serial hoặc --page, không dùng cả hai'),
  'ov.sheet.hint': s(
    'the serial is printed under the QR code (số phiếu); use --page only when the QR could not be read',
    'số phiếu in dưới mã QR; chỉ dùng --page khi không đọc được mã QR',
  ),
  'ov.question': f(
    (v: { n: number; value: string }) => `--question must be a question number 1-${v.n}, not "${v.value}"`,
    (v) => `--question phải là số câu từ 1 đến ${v.n}, không phải "${v.value}"`,
  ),
  'ov.question.hint': s('e.g. --question 17', 'ví dụ --question 17'),
  'ov.answer': f(
    (v: { value: string; options: string }) => `--value "${v.value}" is not an answer: give one of ${v.options}, several for a multiple mark (e.g. AC), or "" for blank`,
    (v) => `--value "${v.value}" không phải câu trả lời: ghi một trong ${v.options}, nhiều chữ cho câu tô nhiều ô (ví dụ AC), hoặc "" nếu bỏ trống`,
  ),
  'ov.answer.hint': f(
    (v: { question: number }) => `e.g. --question ${v.question} --value B`,
    (v) => `ví dụ --question ${v.question} --value B`,
  ),
  'ov.digits': f(
    (v: { value: string; digits: number; field: 'sbd' | 'made' }) => `--value "${v.value}" must be the ${v.digits}-digit ${v.field === 'sbd' ? 'SBD' : 'mã đề'}`,
    (v) => `--value "${v.value}" phải là ${v.field === 'sbd' ? 'SBD' : 'mã đề'} ${v.digits} chữ số`,
  ),
  'ov.digits.hint': f(
    (v: { digits: number }) => (v.digits === 6 ? 'e.g. --value 012345 (keep the leading zeros)' : 'e.g. --value 101'),
    (v) => (v.digits === 6 ? 'ví dụ --value 012345 (giữ các số 0 ở đầu)' : 'ví dụ --value 101'),
  ),
  'ov.serial': f(
    (v: { serial: string }) => `--serial "${v.serial}" must be the 6-digit số phiếu printed under the QR code`,
    (v) => `--serial "${v.serial}" phải là số phiếu 6 chữ số in dưới mã QR`,
  ),
  'ov.serial.hint': s('e.g. --serial 000123', 'ví dụ --serial 000123'),
  'ov.noSheet': f(
    (v: { serial: string }) => `no sheet with serial ${v.serial} has been scanned into this workspace`,
    (v) => `chưa quét phiếu nào có số phiếu ${v.serial} vào kỳ thi này`,
  ),
  'ov.noSheet.hint': s(
    'check the số phiếu (omr review lists the sheets), or use --page SOURCE:PAGE when the QR could not be read',
    'kiểm tra số phiếu (omr review liệt kê các phiếu), hoặc dùng --page TỆP:TRANG khi không đọc được mã QR',
  ),
  'ov.noPage': f(
    (v: { ref: string }) => `--page ${v.ref}: no such page in this workspace`,
    (v) => `--page ${v.ref}: kỳ thi này không có trang đó`,
  ),
  'ov.noPage.hint': s('give the source and page as omr review shows them, e.g. scans/batch1.pdf:3', 'ghi tệp và trang như omr review hiển thị, ví dụ scans/batch1.pdf:3'),
  'ov.manyPages': f(
    (v: { ref: string; n: number; list: string; sameName: boolean }) => `--page ${v.ref} matches ${v.n} pages (${v.list}${v.sameName ? ', from files with different content' : ''})`,
    (v) => `--page ${v.ref} khớp ${v.n} trang (${v.list}${v.sameName ? ', từ các tệp khác nội dung' : ''})`,
  ),
  'ov.manyPages.hint': f(
    (v: { sameName: boolean }) => (v.sameName ? 'use --serial for this sheet' : 'give the full source as omr review shows it'),
    (v) => (v.sameName ? 'dùng --serial cho phiếu này' : 'ghi đầy đủ tên tệp như omr review hiển thị'),
  ),
  'ov.pageNotOk': f(
    (v: { ref: string; status: string }) => `--page ${v.ref}: the page was read as ${v.status}, there is nothing to correct on it`,
    (v) => `--page ${v.ref}: trang này được đọc là ${v.status === 'error' ? 'lỗi' : v.status === 'not_a_sheet' ? 'không phải phiếu' : v.status}, không có gì để sửa`,
  ),
  'ov.pageNotOk.hint': s('scan that sheet again', 'quét lại phiếu đó'),

  // ---- grading: what needs a person (omr grade / export on stderr, omr review)
  'g.pageNotOk': f(
    (v: { at: PageAt; status: 'error' | 'not_a_sheet'; reason: string | null }) =>
      `${at(v.at)}: ${v.status === 'not_a_sheet' ? 'not an answer sheet' : 'could not be read'}${v.reason ? `: ${v.reason}` : ''}`,
    (v) => `${atVi(v.at)}: ${v.status === 'not_a_sheet' ? 'không phải phiếu trả lời' : 'không đọc được'}${v.reason ? `: ${scanReason('vi', v.reason)}` : ''}`,
  ),
  'g.serialConflict': f(
    (v: { serial: string; pages: PageAt[] }) => `serial ${v.serial} is on ${v.pages.length} pages with different content (${v.pages.map(at).join(', ')}) → check which sheet is genuine`,
    (v) => `số phiếu ${v.serial} có trên ${v.pages.length} trang khác nội dung (${v.pages.map(atVi).join(', ')}) → kiểm tra phiếu nào là thật`,
  ),
  'g.rosterDuplicate': f(
    (v: { row: number; sbd: string; first: number }) => `roster row ${v.row}: SBD ${v.sbd} already at row ${v.first} → give each candidate one SBD (the first row is used)`,
    (v) => `danh sách dòng ${v.row}: SBD ${v.sbd} đã có ở dòng ${v.first} → mỗi thí sinh một SBD (đang dùng dòng đầu)`,
  ),
  'g.noSbd': f(
    (v: { at: PageAt; read: string }) => `${at(v.at)}: SBD not readable (${v.read}) → look at the sheet and add an SBD override`,
    (v) => `${atVi(v.at)}: không đọc được SBD (${v.read === 'none' ? 'trống' : v.read}) → xem phiếu và sửa tay SBD`,
  ),
  'g.sbdCheck': f(
    (v: { at: PageAt; sbd: string; problem: string }) => `${at(v.at)}: SBD ${v.sbd} read with doubts (${v.problem}) → check the sheet; override if wrong`,
    (v) => `${atVi(v.at)}: SBD ${v.sbd} đọc chưa chắc (${v.problem}) → kiểm tra phiếu; sai thì sửa tay`,
  ),
  'g.unknownSbd': f(
    (v: { at: PageAt; sbd: string }) => `${at(v.at)}: SBD ${v.sbd} is not in the roster → check the sheet; override the SBD if misread`,
    (v) => `${atVi(v.at)}: SBD ${v.sbd} không có trong danh sách thí sinh → kiểm tra phiếu; đọc sai thì sửa tay SBD`,
  ),
  'g.sbdConflict': f(
    (v: { sbd: string; pages: PageAt[] }) => `SBD ${v.sbd} is on ${v.pages.length} pages with different answers (${v.pages.map(at).join(', ')}) → not scored; find the misread sheet and override its SBD`,
    (v) => `SBD ${v.sbd} có trên ${v.pages.length} trang khác bài làm (${v.pages.map(atVi).join(', ')}) → chưa chấm; tìm phiếu bị đọc sai và sửa tay SBD của phiếu đó`,
  ),
  'g.duplicatePage': f(
    (v: { sbd: string; pages: PageAt[] }) => `SBD ${v.sbd}: ${v.pages.length} identical pages (${v.pages.map(at).join(', ')}) → counted once`,
    (v) => `SBD ${v.sbd}: ${v.pages.length} trang giống hệt nhau (${v.pages.map(atVi).join(', ')}) → chỉ tính một lần`,
  ),
  'g.madeCheck': f(
    (v: { at: PageAt; code: string; problem: string }) => `${at(v.at)}: mã đề ${v.code} read with doubts (${v.problem}) → check the sheet; override if wrong`,
    (v) => `${atVi(v.at)}: mã đề ${v.code} đọc chưa chắc (${v.problem}) → kiểm tra phiếu; sai thì sửa tay`,
  ),
  'g.noExamCode': f(
    (v: { at: PageAt; read: string }) => `${at(v.at)}: mã đề not readable (${v.read}) → look at the sheet and add a mã đề override`,
    (v) => `${atVi(v.at)}: không đọc được mã đề (${v.read === 'none' ? 'trống' : v.read}) → xem phiếu và sửa tay mã đề`,
  ),
  'g.keyUnusable': f(
    (v: { sbd: string; at: PageAt; code: string }) => `SBD ${v.sbd || '?'} (${at(v.at)}): the key of mã đề ${v.code} has problems → fix the key file; the sheet is not scored`,
    (v) => `SBD ${v.sbd || '?'} (${atVi(v.at)}): đáp án mã đề ${v.code} có lỗi → sửa tệp đáp án; phiếu này chưa được chấm`,
  ),
  'g.noKey': f(
    (v: { sbd: string; at: PageAt; code: string; overridden: boolean }) =>
      `SBD ${v.sbd || '?'} (${at(v.at)}): no key for mã đề ${v.code}${v.overridden ? '' : ' (misread?)'} → add the key with --key, or override the mã đề`,
    (v) => `SBD ${v.sbd || '?'} (${atVi(v.at)}): không có đáp án cho mã đề ${v.code}${v.overridden ? '' : ' (đọc sai?)'} → thêm đáp án bằng --key, hoặc sửa tay mã đề`,
  ),
  'g.flagged': f(
    (v: { sbd: string; at: PageAt; n: number; ranges: string }) => `SBD ${v.sbd || '?'} (${at(v.at)}): ${v.n} flagged answer(s), câu ${v.ranges} → review and override`,
    (v) => `SBD ${v.sbd || '?'} (${atVi(v.at)}): ${v.n} câu cần xem, câu ${v.ranges} → xem lại và sửa tay`,
  ),
  'g.historyAmbiguous': f(
    (v: { sbd: string; n: number; file: string; name: string; rows: string }) => `SBD ${v.sbd}: ${v.n} rows of ${v.file} match ${v.name} (rows ${v.rows}) → check the previous round by hand`,
    (v) => `SBD ${v.sbd}: ${v.n} dòng của ${v.file} trùng với ${v.name} (dòng ${v.rows}) → kiểm tra kết quả kỳ trước bằng tay`,
  ),
  'g.pageFlags': f(
    (v: { at: PageAt; flags: string[] }) => `${at(v.at)}: scanner warnings ${v.flags.join(', ')} → look at the annotated page if in doubt`,
    (v) => `${atVi(v.at)}: cảnh báo khi quét: ${v.flags.map((x) => pageFlag('vi', x)).join(', ')} → nếu nghi ngờ, xem ảnh đánh dấu của trang`,
  ),
  // the exam workspace adds
  'g.otherExam': f(
    (v: { at: PageAt; examId: string; exam: string }) => `${at(v.at)}: the sheet was printed for exam ${v.examId}, this workspace is exam ${v.exam} → set the sheet aside, or scan it into the workspace of its exam`,
    (v) => `${atVi(v.at)}: phiếu in cho kỳ thi ${v.examId}, thư mục này là kỳ thi ${v.exam} → để riêng phiếu, hoặc quét vào thư mục của kỳ thi đó`,
  ),
  'g.notPrinted': f(
    (v: { at: PageAt; serial: string }) => `${at(v.at)}: serial ${v.serial} was not printed for this workspace (omr generate -w) → check where the sheet comes from`,
    (v) => `${atVi(v.at)}: số phiếu ${v.serial} không được in cho kỳ thi này (omr generate -w) → kiểm tra phiếu từ đâu ra`,
  ),
  'g.sbdFromManifest': f(
    (v: { at: PageAt; serial: string; who: string; sbd: string }) =>
      `${at(v.at)}: SBD not readable; serial ${v.serial} was printed for SBD ${v.who} → check the sheet, then omr override --serial ${v.serial} --sbd --value ${v.sbd} if it is theirs`,
    (v) => `${atVi(v.at)}: không đọc được SBD; số phiếu ${v.serial} in cho SBD ${v.who} → kiểm tra phiếu, đúng là của thí sinh đó thì omr override --serial ${v.serial} --sbd --value ${v.sbd}`,
  ),
  'g.manifestMismatch': f(
    (v: { at: PageAt; serial: string; who: string; sbd: string; overridden: boolean }) =>
      v.overridden
        ? `${at(v.at)}: serial ${v.serial} was printed for SBD ${v.who}; SBD ${v.sbd} was set by an override (a person's decision)`
        : `${at(v.at)}: serial ${v.serial} was printed for SBD ${v.who} but SBD ${v.sbd} is bubbled → check the sheet; override the SBD if it was misread`,
    (v) =>
      v.overridden
        ? `${atVi(v.at)}: số phiếu ${v.serial} in cho SBD ${v.who}; SBD ${v.sbd} do người sửa tay (quyết định của người chấm)`
        : `${atVi(v.at)}: số phiếu ${v.serial} in cho SBD ${v.who} nhưng tô SBD ${v.sbd} → kiểm tra phiếu; đọc sai thì sửa tay SBD`,
  ),
  'g.absent': f(
    (v: { sbd: string; name: string }) => `SBD ${v.sbd} (${v.name}): no sheet scanned → absent, or a sheet still to scan, or a misread SBD (see unknown SBD)`,
    (v) => `SBD ${v.sbd} (${v.name}): chưa quét phiếu nào → vắng thi, còn phiếu chưa quét, hoặc SBD bị đọc sai (xem SBD không có trong danh sách)`,
  ),

  // ---- omr review: the lines of the list
  'rv.flag': f(
    (v: { at: PageAt; serial: string | null; what: string; value: string; reason: string; fills: string }) =>
      `${v.at.source} p.${v.at.page}${v.serial ? ` (số phiếu ${v.serial})` : ''}: ${v.what} read "${v.value}" — ${groupReason('vi', v.reason)}; fills ${v.fills}`,
    (v) => `${v.at.source} tr.${v.at.page}${v.serial ? ` (số phiếu ${v.serial})` : ''}: ${v.what} máy đọc "${v.value}" — ${groupReason('vi', v.reason)}; độ đậm ${v.fills}`,
  ),
  'rv.page': f(
    (v: { at: PageAt; status: 'error' | 'not_a_sheet'; reason: string | null }) =>
      `${v.at.source} p.${v.at.page}: ${v.status === 'error' ? 'could not be read' : 'not an answer sheet'}${v.reason ? ` — ${v.reason}` : ''}`,
    (v) => `${v.at.source} tr.${v.at.page}: ${v.status === 'error' ? 'không đọc được' : 'không phải phiếu trả lời'}${v.reason ? ` — ${scanReason('vi', v.reason)}` : ''}`,
  ),
  'rv.pageFlag': f(
    (v: { at: PageAt; flag: string; annotated: string | null }) => `${v.at.source} p.${v.at.page}: ${PAGE_FLAG_EN[v.flag] ?? v.flag}${v.annotated ? ` (${v.annotated})` : ''}`,
    (v) => `${v.at.source} tr.${v.at.page}: ${PAGE_FLAG_VI[v.flag] ?? v.flag}${v.annotated ? ` (${v.annotated})` : ''}`,
  ),
  'rv.superseded': f(
    (v: { at: PageAt; sha: string }) => `${v.at.source} p.${v.at.page}: an unreadable earlier version of the file (SHA-256 ${v.sha}…), read again since: not graded`,
    (v) => `${v.at.source} tr.${v.at.page}: bản lỗi cũ của tệp (SHA-256 ${v.sha}…), đã đọc lại sau đó: không chấm`,
  ),
  'rv.override': f(
    (v: { id: number; serial: string | null; at: PageAt | null; what: string; read: string; value: string; by: string; when: string; reason: string; superseded: boolean }) =>
      `#${v.id} ${v.serial ? `số phiếu ${v.serial}` : `${v.at?.source} p.${v.at?.page}`} ${v.what}: máy đọc "${v.read}" → "${v.value}" — ${v.by}, ${v.when}: ${v.reason}${v.superseded ? ' (replaced by a later override)' : ''}`,
    (v) =>
      `#${v.id} ${v.serial ? `số phiếu ${v.serial}` : `${v.at?.source} tr.${v.at?.page}`} ${v.what}: máy đọc "${v.read}" → "${v.value}" — ${v.by}, ${v.when}: ${v.reason}${v.superseded ? ' (đã có lần sửa sau thay thế)' : ''}`,
  ),

  // ---- printing (omr generate)
  'print.firstSerial': f(
    (v: { first: number; max: number }) => `first serial ${v.first} must be a whole number from 1 to ${v.max}`,
    (v) => `số phiếu đầu ${v.first} phải là số nguyên từ 1 đến ${v.max}`,
  ),
  'print.firstSerial.hint': s('e.g. --first-serial 101', 'ví dụ --first-serial 101'),
  'print.both': s('give either a number of blank sheets or a roster, not both', 'chỉ in phiếu trống theo số lượng hoặc theo danh sách, không cả hai'),
  'print.both.hint': s(
    'use --count N for blank numbered sheets or --roster FILE for one sheet per candidate',
    'dùng --count SỐ_PHIẾU cho phiếu trống đánh số, hoặc --roster TỆP để mỗi thí sinh một phiếu',
  ),
  'print.noCandidates': s('the roster has no candidates', 'danh sách không có thí sinh nào'),
  'print.noCandidates.hint': s('add one line per candidate under the header', 'thêm mỗi thí sinh một dòng dưới dòng tiêu đề'),
  'print.count.hint': f(
    (v: { max: number }) => `print at most ${v.max} sheets per run`,
    (v) => `mỗi lần in tối đa ${v.max} phiếu`,
  ),
  'print.pastMax.hint': s('choose a smaller --first-serial', 'chọn --first-serial nhỏ hơn'),
  'print.count': f(
    (v: { n: number; max: number }) => `--count ${v.n} must be a whole number from 1 to ${v.max}`,
    (v) => `--count ${v.n} phải là số nguyên từ 1 đến ${v.max}`,
  ),
  'print.pastMax': f(
    (v: { max: string; n: number; first: string }) => `serials would run past ${v.max} (${v.n} sheets from ${v.first})`,
    (v) => `số phiếu sẽ vượt quá ${v.max} (${v.n} phiếu từ ${v.first})`,
  ),
};
