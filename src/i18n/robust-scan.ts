/**
 * Messages of issue 8 (robust-b): page-bound overrides and conflict decisions, two scanners on
 * one workspace, pictures that cannot be written, odd files in a scanned folder, damaged PDFs,
 * byte-identical copies in one run. English and Vietnamese side by side.
 */
import { f, s } from './entry.js';

interface At {
  source: string;
  page: number;
}
const at = (p: At): string => `${p.source} p.${p.page}`;
const atVi = (p: At): string => `${p.source} tr.${p.page}`;

/** Why a file could not be written, in words a person can act on. */
const CAUSE_EN: Record<string, string> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota full',
  EFBIG: 'file too large for the disk or the size limit',
  EROFS: 'read-only folder',
  EACCES: 'no permission to write',
  EPERM: 'no permission to write',
  ENAMETOOLONG: 'name too long',
  ENOTDIR: 'a file stands where the folder should be',
  EEXIST: 'a file stands where the folder should be',
  EIO: 'disk error',
};
const CAUSE_VI: Record<string, string> = {
  ENOSPC: 'đĩa đầy',
  EDQUOT: 'hết hạn mức dung lượng',
  EFBIG: 'tệp vượt giới hạn kích thước của đĩa',
  EROFS: 'thư mục chỉ đọc',
  EACCES: 'không có quyền ghi',
  EPERM: 'không có quyền ghi',
  ENAMETOOLONG: 'tên quá dài',
  ENOTDIR: 'có một tệp nằm ở chỗ của thư mục',
  EEXIST: 'có một tệp nằm ở chỗ của thư mục',
  EIO: 'lỗi đĩa',
};

export const ROBUST_SCAN = {
  // ---- byte-identical files in one run
  'scan.ws.copy': f(
    (v: { source: string; of: string }) => `${v.source}: same bytes as ${v.of} (read once, under that name): not read again`,
    (v) => `${v.source}: giống hệt từng byte tệp ${v.of} (chỉ đọc một lần, theo tên tệp đó): không đọc lại`,
  ),
  'scan.ws.copies': f(
    (v: { n: number }) => `${v.n} file(s) were copies of other files in this run: read once`,
    (v) => `${v.n} tệp là bản sao của tệp khác trong lần quét này: chỉ đọc một lần`,
  ),

  // ---- pictures are extras
  'scan.picture.failed': f(
    (v: { path: string; code: string }) => `  ⚠ annotated picture not written: ${v.path} (${CAUSE_EN[v.code] ?? v.code}); the read is stored`,
    (v) => `  ⚠ không ghi được ảnh đánh dấu: ${v.path} (${CAUSE_VI[v.code] ?? v.code}); kết quả đọc vẫn được lưu`,
  ),
  'scan.picture.summary': f(
    (v: { n: number }) => `${v.n} annotated picture(s) could not be written (see above): the reads are complete; free space or fix the folder, the next run writes pictures of new pages only`,
    (v) => `${v.n} ảnh đánh dấu không ghi được (xem ở trên): kết quả đọc vẫn đủ; giải phóng dung lượng hoặc sửa thư mục, lần quét sau chỉ ghi ảnh của trang mới`,
  ),

  // ---- two writers
  'ws.busy': f(
    (v: { file: string; seconds: number }) => `${v.file}: the workspace database stayed locked by another program for about ${v.seconds} s; nothing of this step was written`,
    (v) => `${v.file}: cơ sở dữ liệu của thư mục kỳ thi bị chương trình khác khóa khoảng ${v.seconds} giây; bước này chưa ghi gì`,
  ),
  'ws.busy.hint': s(
    'run the command again when the other omr has finished (pages already stored are kept)',
    'chạy lại lệnh khi lệnh omr kia đã xong (các trang đã lưu vẫn giữ nguyên)',
  ),

  // ---- overrides belong to a page; conflicts are decided
  'ov.serialConflict': f(
    (v: { serial: string; pages: At[] }) => `số phiếu ${v.serial} is on ${v.pages.length} pages that were read differently (${v.pages.map(at).join('; ')}): a correction belongs to one page`,
    (v) => `số phiếu ${v.serial} có trên ${v.pages.length} trang đọc khác nhau (${v.pages.map(atVi).join('; ')}): mỗi lần sửa chỉ thuộc về một trang`,
  ),
  'ov.serialConflict.hint': f(
    (v: { ref: string }) => `name the page with --page, e.g. --page ${v.ref}, or settle the conflict first: omr override --page ${v.ref} --keep (or --exclude) --by NAME --reason TEXT`,
    (v) => `chỉ rõ trang bằng --page, ví dụ --page ${v.ref}, hoặc giải quyết xung đột trước: omr override --page ${v.ref} --keep (hoặc --exclude) --by "HỌ TÊN" --reason "LÝ DO"`,
  ),
  'ov.applies.identical': f(
    (v: { n: number; list: string }) => `  applies to ${v.n} identical scans of this page: ${v.list}`,
    (v) => `  áp dụng cho ${v.n} bản quét giống hệt của trang này: ${v.list}`,
  ),
  'ov.opt.exclude': s(
    'decide a conflict: leave this page (--page) out of the results; it stays in the workspace as evidence',
    'giải quyết xung đột: không tính trang này (--page) vào kết quả; trang vẫn lưu làm bằng chứng',
  ),
  'ov.opt.keep': s(
    'decide a conflict: this page (--page) is the one that counts; the pages in conflict with it are left out',
    'giải quyết xung đột: trang này (--page) là trang được tính; các trang xung đột với nó không được tính',
  ),
  'ov.decision.what': s('say either --exclude or --keep, not both', 'chỉ dùng --exclude hoặc --keep, không dùng cả hai'),
  'ov.decision.mixed': s(
    '--exclude / --keep decide about a whole page: do not combine them with --question, --sbd, --made or --value',
    '--exclude / --keep quyết định cho cả trang: không dùng chung với --question, --sbd, --made hay --value',
  ),
  'ov.decision.needPage': s('--exclude / --keep need the page: --page SOURCE:PAGE', '--exclude / --keep cần chỉ rõ trang: --page TỆP:TRANG'),
  'ov.decision.hint': s(
    'omr override -w DIR --page scans/lo-2.pdf:7 --exclude --by NAME --reason TEXT',
    'omr override -w THƯ_MỤC --page scans/lo-2.pdf:7 --exclude --by "HỌ TÊN" --reason "LÝ DO"',
  ),
  'ov.decision.noPage': f(
    (v: { id: number }) => `no page #${v.id} in this workspace`,
    (v) => `thư mục kỳ thi không có trang #${v.id}`,
  ),
  'ov.decision.keepNotOk': f(
    (v: { source: string; page: number; status: string }) => `${at(v)} was not read as a sheet (${v.status}): only a sheet that was read can be kept`,
    (v) => `${atVi(v)} không đọc được như một phiếu (${v.status}): chỉ giữ được trang đã đọc được`,
  ),
  'ov.decision.keepNotOk.hint': s('leave it out with --exclude, or scan the sheet again', 'bỏ trang đó bằng --exclude, hoặc quét lại phiếu'),
  'ov.decision.done': f(
    (v: { id: number; source: string; page: number; decision: 'exclude' | 'keep'; by: string; reason: string }) =>
      `✔ Decision #${v.id}: ${at(v)} ${v.decision === 'exclude' ? 'is left out of the results' : 'is the page that counts'} (${v.by}: ${v.reason})`,
    (v) => `✔ Quyết định #${v.id}: ${atVi(v)} ${v.decision === 'exclude' ? 'không được tính vào kết quả' : 'là trang được tính'} (${v.by}: ${v.reason})`,
  ),
  'ov.decision.replaces': f(
    (v: { id: number; decision: 'exclude' | 'keep'; by: string }) => `  replaces decision #${v.id} (${v.decision} by ${v.by}), which stays in the history`,
    (v) => `  thay cho quyết định #${v.id} (${v.decision === 'exclude' ? 'không tính' : 'giữ'} của ${v.by}), quyết định đó vẫn lưu trong lịch sử`,
  ),
  'ov.decision.leftOut': f(
    (v: { list: At[] }) => `  left out: ${v.list.map(at).join('; ')}`,
    (v) => `  không tính: ${v.list.map(atVi).join('; ')}`,
  ),
  'ov.decision.conflicts': f(
    (v: { before: number; after: number }) => `  conflicts: ${v.before} → ${v.after}`,
    (v) => `  xung đột: ${v.before} → ${v.after}`,
  ),
  'status.decided': f(
    (v: { excluded: number; decisions: number }) => `Decisions: ${v.decisions} (${v.excluded} page(s) left out of the results, kept as evidence)`,
    (v) => `Quyết định: ${v.decisions} (${v.excluded} trang không tính vào kết quả, vẫn lưu làm bằng chứng)`,
  ),
  'rv.excluded': f(
    (v: { at: At; by: string; reason: string; because: At | null }) =>
      `${at(v.at)} is left out of the results: ${v.because ? `${at(v.because)} was kept instead` : 'decided'} (${v.by}: ${v.reason})`,
    (v) => `${atVi(v.at)} không tính vào kết quả: ${v.because ? `đã giữ ${atVi(v.because)}` : 'theo quyết định'} (${v.by}: ${v.reason})`,
  ),
};
