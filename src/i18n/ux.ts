/**
 * Messages of issue 8 items 15-17 (everything that still reached staff in English): the
 * version option, review and export notes, flag labels drawn on images, selftest, the rule
 * details of template and exam files, history and database messages.
 */
import { f, s } from './entry.js';
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
};
