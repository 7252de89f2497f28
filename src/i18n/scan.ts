/**
 * Scan results in Vietnamese for the terminal. The `reason` field of results.jsonl is English
 * on purpose (a contract other tools read); the CLI shows it in Vietnamese by recognising the
 * texts the scan stage writes (src/scan/load.ts MESSAGES, register.ts, read.ts, batch.ts).
 * A reason not recognised here is shown as written, in English: the test in
 * tests/cli-conventions.test.ts fails when a MESSAGES text has no translation.
 */
import type { Lang } from './entry.js';

type Rule = [RegExp, (...m: string[]) => string];

/** What a file's content looks like (src/scan/load.ts sniff) in Vietnamese. */
const LOOKS_LIKE_VI: Record<string, string> = {
  text: 'văn bản',
  'HEIC photo': 'ảnh HEIC',
  'a ZIP archive or Office document': 'tệp nén ZIP hoặc tài liệu Office',
  'a BMP image': 'ảnh BMP',
  'a web page (HTML)': 'trang web (HTML)',
  'XML or SVG': 'XML hoặc SVG',
  'unrecognised data': 'dữ liệu không nhận ra được',
};
const looksLikeVi = (x: string): string => LOOKS_LIKE_VI[x] ?? x.replace(/^a video or (.+) file$/, 'video hoặc tệp $1');

const detailVi = (d: string): string => {
  if (d === 'no extension') return 'không có đuôi tệp';
  if (d === 'not a regular file') return 'không phải tệp thông thường';
  let m = /^named (\S+) but the content is (.+)$/.exec(d);
  if (m) return `tên có đuôi ${m[1]} nhưng nội dung là ${looksLikeVi(m[2])}`;
  m = /^the content is (.+)$/.exec(d);
  if (m) return `nội dung là ${looksLikeVi(m[1])}`;
  return d;
};

/** Whole reasons (message → hint), most specific first. */
const RULES: Rule[] = [
  [/^file or folder not found → check the path$/, () => 'không tìm thấy tệp hoặc thư mục → kiểm tra lại đường dẫn'],
  [
    /^cannot read the (file|folder) \(permission denied\) → check its permissions or copy it somewhere readable$/,
    (w) => `không có quyền đọc ${w === 'file' ? 'tệp' : 'thư mục'} → kiểm tra quyền truy cập, hoặc chép sang chỗ đọc được`,
  ],
  [/^cannot read the file \((.*)\) → copy it again or check the disk$/, (d) => `không đọc được tệp (${detailVi(d)}) → chép lại tệp hoặc kiểm tra ổ đĩa`],
  [
    /^no JPEG, PNG, TIFF or PDF files in this folder → check the path or the scanner's save folder$/,
    () => 'thư mục không có tệp JPEG, PNG, TIFF hay PDF nào → kiểm tra đường dẫn hoặc thư mục lưu của máy quét',
  ],
  [/^not a JPEG, PNG, TIFF or PDF file \((.*)\) → give scanned images or PDFs$/, (d) => `không phải tệp JPEG, PNG, TIFF hay PDF (${detailVi(d)}) → chỉ đưa vào ảnh quét hoặc tệp PDF`],
  [/^file is empty \(0 bytes\) → copy the file again or scan the sheet again$/, () => 'tệp trống (0 byte) → chép lại tệp hoặc quét lại phiếu'],
  [
    /^not a JPEG, PNG, TIFF or PDF file \((.*)\) → save or download the scan again as JPEG, PNG, TIFF or PDF$/,
    (d) => `không phải tệp JPEG, PNG, TIFF hay PDF (${detailVi(d)}) → lưu hoặc tải lại ảnh quét dạng JPEG, PNG, TIFF hoặc PDF`,
  ],
  [
    /^photo is in HEIC format, which cannot be read → set the camera to JPEG \("Most Compatible"\) or convert the photo to JPEG$/,
    () => 'ảnh chụp ở định dạng HEIC, không đọc được → chỉnh máy ảnh sang JPEG ("Most Compatible") hoặc chuyển ảnh sang JPEG',
  ],
  [/^file is truncated or corrupt \((.*)\) → scan the sheet again$/, (d) => `tệp bị cắt cụt hoặc hỏng (${d}) → quét lại phiếu`],
  [/^page is corrupt \((.*)\) → scan the sheet again$/, (d) => `trang bị hỏng (${d}) → quét lại phiếu`],
  [
    /^file is truncated or corrupt after page (\d+) \(TIFF: (.*)\) → copy the file again or scan the rest of the batch again$/,
    (n, d) => `tệp bị cắt cụt hoặc hỏng sau trang ${n} (TIFF: ${d}) → chép lại tệp hoặc quét lại phần còn lại của tập`,
  ],
  [/^image is too large(?: \((\d+)×(\d+) pixels\))? → scan at 200-300 DPI$/, (w, h) => `ảnh quá lớn${w ? ` (${w}×${h} điểm ảnh)` : ''} → quét ở 200-300 DPI`],
  [
    /^PDF is password-protected → save it again from the scanner software without a password$/,
    () => 'PDF có mật khẩu → lưu lại từ phần mềm máy quét, không đặt mật khẩu',
  ],
  [/^PDF has no pages → export the PDF again from the scanner software$/, () => 'PDF không có trang nào → xuất lại PDF từ phần mềm máy quét'],
  [
    /^PDF is truncated or corrupt \((.*)\) → export the PDF again from the scanner software$/,
    (d) => `PDF bị cắt cụt hoặc hỏng (${d}) → xuất lại PDF từ phần mềm máy quét`,
  ],
  [
    /^PDF page could not be rendered \((.*)\) → export the PDF again from the scanner software$/,
    (d) => `không dựng được trang PDF (${d}) → xuất lại PDF từ phần mềm máy quét`,
  ],
  [/^page could not be decoded → scan it again$/, () => 'không giải mã được trang → quét lại'],
  [/^file holds no image → scan the sheet again$/, () => 'tệp không chứa ảnh nào → quét lại phiếu'],
  [
    /^PDF is truncated: page (\d+) of (\d+) was lost \(the pages before it were read\) → export the PDF again from the scanner software, or scan this page again$/,
    (n, m) => `PDF bị cắt cụt: mất trang ${n}/${m} (các trang trước đó đã đọc) → xuất lại PDF từ phần mềm máy quét, hoặc quét lại trang này`,
  ],
  [
    /^symbolic link leads nowhere \(to (.*)\) → copy the real file here or remove the link$/,
    (t) => `liên kết tượng trưng không dẫn tới đâu (tới ${t}) → chép tệp thật vào đây hoặc xóa liên kết`,
  ],
  [/^symbolic link loops back on itself → replace it with the real file or remove the link$/, () => 'liên kết tượng trưng vòng lại chính nó → thay bằng tệp thật hoặc xóa liên kết'],
  [
    /^link back to a folder above it \((.*)\), not followed → remove the link; the files there are read once$/,
    (t) => `liên kết quay về thư mục phía trên (${t}), không đi theo → xóa liên kết; các tệp ở đó chỉ đọc một lần`,
  ],
  [
    /^not a file but a (named pipe|socket|device) → copy the scan here as an ordinary file$/,
    (w) => `không phải tệp mà là ${w === 'named pipe' ? 'ống dẫn có tên (FIFO)' : w === 'socket' ? 'socket' : 'thiết bị'} → chép ảnh quét vào đây dưới dạng tệp thông thường`,
  ],
  [
    /^internal error while reading the page \((.*)\) → run again with --debug and report it$/,
    (d) => `lỗi nội bộ khi đọc trang (${d}) → chạy lại với --debug và báo cho người phụ trách kỹ thuật`,
  ],
  [
    /^no registration marks found \((\d) of 4 corner squares\) → check that this page is an answer sheet of this exam and that its corners are not cut off or covered$/,
    (n) => `không tìm thấy dấu định vị (thấy ${n}/4 ô vuông góc) → kiểm tra trang này có phải phiếu trả lời của kỳ thi này không, và các góc không bị cắt hay che`,
  ],
  [
    /^registration marks found but no bubbles where the template puts them \(best ring contrast ([\d.]+)\): not a (\S+) sheet, or printed from another template → check that this page is an answer sheet of this exam and that its corners are not cut off or covered$/,
    (c, tpl) =>
      `thấy dấu định vị nhưng không thấy ô tô ở vị trí mẫu phiếu quy định (độ tương phản vòng tốt nhất ${c}): không phải phiếu ${tpl}, hoặc in từ mẫu khác → kiểm tra trang này có phải phiếu trả lời của kỳ thi này không, và các góc không bị cắt hay che`,
  ],
  [
    /^registration marks found but only (\d+) % of the bubbles are where the template puts them: not a (\S+) sheet, or the page is folded, cut or badly distorted → scan the page again, flat and whole; check that it was printed from this template$/,
    (p, tpl) =>
      `thấy dấu định vị nhưng chỉ ${p} % ô tô nằm đúng vị trí mẫu phiếu: không phải phiếu ${tpl}, hoặc trang bị gấp, cắt hay méo nhiều → quét lại trang, để phẳng và nguyên tờ; kiểm tra phiếu được in từ mẫu này`,
  ],
  [
    /^sheet printed from template (\S+) v(\d+), read with (\S+) v(\d+) → scan it again with --template for its own template$/,
    (a, av, b, bv) => `phiếu in từ mẫu ${a} v${av}, đang đọc bằng mẫu ${b} v${bv} → quét lại với --template là mẫu của phiếu đó`,
  ],
];

/** A scan `reason` in `lang` (English: as written). */
export function scanReason(lang: Lang, reason: string): string {
  if (lang === 'en') return reason;
  for (const [re, vi] of RULES) {
    const m = re.exec(reason);
    if (m) return vi(...m.slice(1));
  }
  return reason;
}

/** True when `reason` has a Vietnamese rendering (for tests). */
export function hasScanReasonVi(reason: string): boolean {
  return RULES.some(([re]) => re.test(reason));
}

const PAGE_FLAG_VI: Record<string, string> = {
  qr_unreadable: 'không đọc được mã QR',
  qr_invalid: 'mã QR không hợp lệ',
  qr_other_template: 'phiếu của mẫu khác',
  qr_position: 'mã QR sai vị trí',
  three_marks: 'chỉ thấy 3 dấu góc',
  fit_error: 'dấu góc khớp kém',
};

/** A page flag (qr_unreadable, fit_error, …) in `lang`. */
export function pageFlag(lang: Lang, flag: string): string {
  return lang === 'vi' ? (PAGE_FLAG_VI[flag] ?? flag) : flag;
}

// One list of Vietnamese flag words, shared with grading's Ghi chú.
/** Vietnamese words for flag reasons (Ghi chú). */
export const REASON_VI: Record<string, string> = {
  multiple: 'nhiều ô',
  light: 'tô mờ',
  ambiguous: 'khó phân biệt',
  erasure: 'tẩy xóa',
  no_digit: 'không tô',
  qr_mismatch: 'khác mã QR',
  unreadable: 'không đọc được',
  missing: 'thiếu dữ liệu',
};
const GROUP_REASON_VI = REASON_VI;

/** Why a group is flagged (light, multiple, …) in `lang`. */
export function groupReason(lang: Lang, reason: string | undefined): string {
  const r = reason ?? '';
  return lang === 'vi' ? (GROUP_REASON_VI[r] ?? r) : r;
}

/** A group key in `lang`: q17 → câu 17, sbd.0 → SBD cột 1, made.2 → mã đề cột 3. */
export function groupName(lang: Lang, key: string): string {
  if (lang === 'en') return key;
  let m = /^q(\d+)$/.exec(key);
  if (m) return `câu ${m[1]}`;
  m = /^(sbd|made)\.(\d+)$/.exec(key);
  if (m) return `${m[1] === 'sbd' ? 'SBD' : 'mã đề'} cột ${Number(m[2]) + 1}`;
  return key;
}
