/**
 * Messages of the council's paperwork (issue 11: calendar, documents, plan, report, notices).
 * Spread into CATALOGUE in src/i18n/index.ts.
 */
import { f, s } from './entry.js';
import { fsCodeVi } from './core.js';

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
};
