/**
 * What every council document shares: the header (superior body, council name), the place of
 * the date line, the signers, number formatting. All from the exam file (src/exam/exam.ts).
 */
import type { Exam } from '../exam/exam.js';
import type { Signature } from '../documents/index.js';
import { longDay, type Day } from './calendar.js';

const upperFirst = (w: string) => (w ? w[0].toLocaleUpperCase('vi') + w.slice(1) : w);
/** "PHONG ĐIỀN" → "Phong Điền". */
export function titleCase(s: string): string {
  return s.toLocaleLowerCase('vi').split(/(\s+)/).map(upperFirst).join('');
}

const KINDS = ['thành phố', 'thị xã', 'huyện', 'quận'];

/** The district of the superior body: { kind: "huyện", name: "Phong Điền" }, when the first organiser line names one. */
export function districtOf(exam: Exam): { kind: string; name: string } | undefined {
  const first = (exam.organiser[0] ?? '').normalize('NFC').toLocaleLowerCase('vi').replace(/^(ủy|uỷ) ban nhân dân\s+/, '').replace(/^ubnd\s+/, '');
  for (const k of KINDS) if (first.startsWith(`${k} `)) return { kind: k, name: titleCase(first.slice(k.length + 1).trim()) };
  return undefined;
}

export interface Letterhead {
  superior: string;
  issuer: string;
  place: string;
}

export function letterhead(exam: Exam): Letterhead {
  const lines = exam.organiser.map((l) => l.toLocaleUpperCase('vi'));
  const issuer = lines.length > 1 ? lines[lines.length - 1] : 'HỘI ĐỒNG KIỂM TRA, SÁT HẠCH';
  const superior = lines.length > 1 ? lines.slice(0, -1).join(' ') : (lines[0] ?? '');
  const place = exam.placeName ?? districtOf(exam)?.name ?? '…………';
  return { superior, issuer, place };
}

/** "Phong Điền, ngày 20 tháng 6 năm 2025". */
export function placeDate(exam: Exam, day: Day | undefined): string {
  const { place } = letterhead(exam);
  return day ? `${place}, ${longDay(day)}` : `${place}, ngày …… tháng …… năm ${exam.year}`;
}

/** "Số: 12/BC-HĐKTSH", or a blank to fill by hand. */
export function numberLine(number: string | undefined, code: string): string {
  return number ? `Số: ${number}/${code}` : `Số:        /${code}`;
}

/** The chair's block (TM. HỘI ĐỒNG / CHỦ TỊCH) and, when `withSecretary`, the secretary's. */
export function councilSignatures(exam: Exam, withSecretary: boolean): Signature[] {
  const chair: Signature = { role: ['TM. HỘI ĐỒNG', 'CHỦ TỊCH'], ...(exam.council?.chair ? { name: exam.council.chair } : {}) };
  if (!withSecretary) return [chair];
  return [chair, { role: ['THƯ KÝ HỘI ĐỒNG'], ...(exam.council?.secretary ? { name: exam.council.secretary } : {}) }];
}

/** Vietnamese decimal: 33,3. */
export function decimal(v: number | null, digits = 1): string {
  return v === null ? '—' : v.toFixed(digits).replace('.', ',');
}

/** "3 (30,0%)" or "0". */
export function countPct(n: number, pct: number | null): string {
  return n === 0 || pct === null ? String(n) : `${n} (${decimal(pct)}%)`;
}
