/**
 * Messages of the safety rails (issue 8): output paths that would hit the workspace's own files
 * or replace a file of another kind, write failures (disk full, read-only, permission), read-only
 * workspaces, rows left out of rosters and keys, key files that would replace a working key,
 * exports with candidates that have no sheet, scan paths that do not exist.
 */
import { f, plural, s, type Text } from './entry.js';

/** Why a write failed, in words a person acts on. */
export type WriteCause = 'full' | 'readonly' | 'permission';

const CAUSE_EN: Record<WriteCause, string> = { full: 'the disk is full', readonly: 'the folder is read-only', permission: 'permission denied' };
const CAUSE_VI: Record<WriteCause, string> = { full: 'đĩa đầy', readonly: 'thư mục chỉ đọc', permission: 'không có quyền ghi' };

/** Kinds of output file, as the guard names them. */
export type OutputKind = 'jsonl' | 'pdf' | 'csv' | 'xlsx' | 'docx' | 'zip' | 'jpeg';
const KIND_EN: Record<OutputKind, string> = {
  jsonl: 'a results file of omr scan (JSON lines)',
  pdf: 'a PDF',
  csv: 'a CSV text file',
  xlsx: 'an Excel workbook',
  docx: 'a Word document',
  zip: 'a zip archive',
  jpeg: 'a JPEG image',
};
const KIND_VI: Record<OutputKind, string> = {
  jsonl: 'tệp kết quả quét của omr (JSON lines)',
  pdf: 'tệp PDF',
  csv: 'tệp văn bản CSV',
  xlsx: 'sổ tính Excel',
  docx: 'văn bản Word',
  zip: 'tệp nén zip',
  jpeg: 'ảnh JPEG',
};

export const ROBUST = {
  // ---- output paths
  'out.owned': f(
    (v: { file: string; ws: string; owned: Text }, r) => `${v.file}: this is ${r(v.owned)} of the exam workspace ${v.ws}; omr never writes an output there, nothing was written`,
    (v, r) => `${v.file}: đây là ${r(v.owned)} của thư mục kỳ thi ${v.ws}; omr không bao giờ ghi kết quả vào đó, chưa ghi gì`,
  ),
  'out.owned.what': f(
    (v: { name: string }) =>
      v.name.startsWith('omr.sqlite') ? `the database (${v.name})` : v.name.startsWith('keys') ? 'the answer-key folder (keys/)' : v.name.startsWith('annotated') ? 'the page pictures (annotated/)' : `the stored ${v.name}`,
    (v) =>
      v.name.startsWith('omr.sqlite')
        ? `cơ sở dữ liệu (${v.name})`
        : v.name.startsWith('keys')
          ? 'thư mục đáp án (keys/)'
          : v.name.startsWith('annotated')
            ? 'ảnh các trang (annotated/)'
            : `tệp ${v.name} đã lưu`,
  ),
  'out.owned.hint': s('give an output path outside the workspace files (a new file name, or a folder such as ket-qua/)', 'chọn đường dẫn khác, ngoài các tệp của thư mục kỳ thi (tên tệp mới, hoặc thư mục như ket-qua/)'),
  'out.otherKind': f(
    (v: { file: string; kind: OutputKind }) => `${v.file} already exists and is not ${KIND_EN[v.kind]}: not replaced, nothing was written`,
    (v) => `${v.file} đã có và không phải ${KIND_VI[v.kind]}: không ghi đè, chưa ghi gì`,
  ),
  'out.otherKind.hint': s('give another file name, or add --force to replace that file', 'chọn tên tệp khác, hoặc thêm --force để ghi đè tệp đó'),
  'out.isDir': f(
    (v: { file: string }) => `${v.file} is a folder; this option takes a file name, nothing was written`,
    (v) => `${v.file} là thư mục; tùy chọn này cần tên tệp, chưa ghi gì`,
  ),
  'out.isFile': f(
    (v: { dir: string }) => `${v.dir} is a file; this option takes a folder, nothing was written`,
    (v) => `${v.dir} là tệp; tùy chọn này cần thư mục, chưa ghi gì`,
  ),
  'out.isDir.hint': s('give another path', 'chọn đường dẫn khác'),
  'opt.force': s('replace an existing output file even when it is not of the kind this command writes', 'ghi đè tệp đã có kể cả khi nó không phải loại tệp mà lệnh này ghi'),

  // ---- write failures
  'io.writeFailed': f(
    (v: { file: string; cause: WriteCause; nothing?: boolean }) => `${v.file}: cannot write: ${CAUSE_EN[v.cause]}${v.nothing ? ', nothing was written' : ''}`,
    (v) => `${v.file}: không ghi được: ${CAUSE_VI[v.cause]}${v.nothing ? ', chưa ghi tệp nào' : ''}`,
  ),
  'io.writeFailed.hint': f(
    (v: { cause: WriteCause; kept: Text | null }, r) =>
      `${v.cause === 'full' ? 'free some space or write elsewhere' : 'write elsewhere or fix the folder permissions'}, then run again${v.kept ? `; what was done is kept (${r(v.kept)})` : ''}`,
    (v, r) =>
      `${v.cause === 'full' ? 'giải phóng dung lượng hoặc ghi sang chỗ khác' : 'ghi sang chỗ khác hoặc sửa quyền của thư mục'}, rồi chạy lại${v.kept ? `; phần đã làm vẫn được giữ (${r(v.kept)})` : ''}`,
  ),
  'io.keptPartial': f(
    (v: { file: string }) => `the pages read so far are in ${v.file}`,
    (v) => `các trang đã đọc nằm trong ${v.file}`,
  ),
  'io.keptPages': f(
    (v: { n: number }) => `${plural(v.n, 'page')} stored in the workspace`,
    (v) => `${v.n} trang đã lưu vào thư mục kỳ thi`,
  ),
  'io.nothingWritten': s('nothing was written', 'chưa ghi tệp nào'),

  // ---- the workspace database
  'db.cannotOpen': f(
    (v: { file: string; detail: string }) => `${v.file}: cannot open the workspace database (${v.detail})`,
    (v) => `${v.file}: không mở được cơ sở dữ liệu của thư mục kỳ thi (${v.detail})`,
  ),
  'db.cannotOpen.hint': s('give -w the folder made by omr init', 'đưa cho -w thư mục do omr init tạo ra'),
  'db.damaged': f(
    (v: { file: string; detail: string }) => `${v.file}: the workspace database is damaged (${v.detail})`,
    (v) => `${v.file}: cơ sở dữ liệu của thư mục kỳ thi bị hỏng (${v.detail})`,
  ),
  'db.damaged.hint': s('restore omr.sqlite from a backup', 'khôi phục omr.sqlite từ bản sao lưu'),
  'db.readOnly': f(
    (v: { dir: string; cause: WriteCause }) => `${v.dir}: the exam workspace cannot be changed (${CAUSE_EN[v.cause]}); this command writes to it, nothing was done`,
    (v) => `${v.dir}: không sửa được thư mục kỳ thi (${CAUSE_VI[v.cause]}); lệnh này cần ghi vào đó, chưa làm gì`,
  ),
  'db.readOnly.hint': s(
    'copy the folder to a writable place and run there; omr status, omr review and omr export (to another folder) still work here',
    'chép thư mục sang chỗ ghi được rồi chạy ở đó; omr status, omr review và omr export (ra thư mục khác) vẫn dùng được ở đây',
  ),
  'db.walReadOnly': f(
    (v: { file: string }) => `${v.file}: the folder is read-only and the database has changes not yet merged (${v.file}-wal without its -shm); it cannot be read safely here`,
    (v) => `${v.file}: thư mục chỉ đọc và cơ sở dữ liệu còn thay đổi chưa gộp (${v.file}-wal thiếu -shm); không đọc an toàn được ở đây`,
  ),
  'db.walReadOnly.hint': s('copy the whole folder (with omr.sqlite-wal) to a writable place and run there', 'chép cả thư mục (kèm omr.sqlite-wal) sang chỗ ghi được rồi chạy ở đó'),
  'db.readOnlyNote': s('(read-only workspace: this export is not logged in it)', '(thư mục kỳ thi chỉ đọc: lần xuất này không được ghi vào nhật ký)'),

  // ---- rows of rosters and keys
  'rows.count': f(
    (v: { file: string; read: number; left: number }) => `${v.file}: ${plural(v.read, 'row')} read, ${v.left} left out`,
    (v) => `${v.file}: đọc ${v.read} dòng, bỏ qua ${v.left} dòng`,
  ),
  'rows.refused.hint': s('fix the rows above and run again, or add --skip-bad-rows to leave them out', 'sửa các dòng trên rồi chạy lại, hoặc thêm --skip-bad-rows để bỏ qua chúng'),
  'opt.skipBadRows': s('leave out roster and key rows with problems (listed) instead of refusing the whole file', 'bỏ qua các dòng lỗi của danh sách và đáp án (có liệt kê) thay vì từ chối cả tệp'),
  'key.problems': f(
    (v: { file: string; n: number }) => `${v.file}: ${plural(v.n, 'problem')} in the answer key, nothing was written`,
    (v) => `${v.file}: tệp đáp án có ${v.n} lỗi, chưa ghi gì`,
  ),
  'text.notText': s('not UTF-8 or UTF-16 text', 'không phải văn bản UTF-8 hay UTF-16'),

  // ---- omr key add
  'key.kept': f(
    (v: { file: string; codes: string; active: string }) => `${v.file}: not added, mã đề ${v.codes} has problems; the key in use stays active (${v.active}), nothing was written`,
    (v) => `${v.file}: chưa thêm, mã đề ${v.codes} có lỗi; đáp án đang dùng vẫn giữ nguyên (${v.active}), chưa ghi gì`,
  ),
  'key.kept.hint': s('fix the rows listed and run omr key add again', 'sửa các dòng đã liệt kê rồi chạy lại omr key add'),
  'key.addedWithProblems': s('added with problems', 'đã thêm nhưng có lỗi'),

  // ---- omr export
  'export.noSheets': f(
    (v: { absent: number; roster: number; pages: number }) =>
      `${v.absent} of ${v.roster} candidates have no sheet (${plural(v.pages, 'page')} scanned): they are listed as absent (Vắng)`,
    (v) => `${v.absent} trong ${v.roster} thí sinh không có bài (đã quét ${v.pages} trang): đang ghi là Vắng`,
  ),
  'export.noSheets.hint': f(
    (v: { ws: string }) => `scan the sheets first (omr scan${v.ws} SCANS), or check that every scanned folder was given`,
    (v) => `quét phiếu trước (omr scan${v.ws} ẢNH_QUÉT), hoặc kiểm tra đã đưa đủ các thư mục ảnh quét`,
  ),

  // ---- omr scan
  'scan.missingInput': f(
    (v: { path: string }) => `${v.path}: no such file or folder, nothing was read or written`,
    (v) => `${v.path}: không có tệp hay thư mục này, chưa đọc và chưa ghi gì`,
  ),
  'scan.missingInput.hint': s('check the path (and the drive letter or mount of the scanner folder)', 'kiểm tra lại đường dẫn (và ổ đĩa hoặc thư mục của máy quét)'),
  'scan.ws.allKnown': f(
    (v: { pages: number }) => `nothing new: all ${plural(v.pages, 'page')} given were already read into the workspace`,
    (v) => `không có gì mới: cả ${v.pages} trang đã được đọc vào thư mục kỳ thi từ trước`,
  ),
  'scan.ws.stillOpen': f(
    (v: { n: number; ws: string }) => `the workspace still has ${v.n} open flag(s) → omr review${v.ws}`,
    (v) => `thư mục kỳ thi còn ${v.n} chỗ cần xem chưa xử lý → omr review${v.ws}`,
  ),
};
