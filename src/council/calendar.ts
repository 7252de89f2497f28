/**
 * Working days and the council's deadlines (regulation III.8 and III.11).
 *
 * Dates are plain calendar days, written ISO `YYYY-MM-DD` everywhere in code (no time zone can
 * move them). People type `15/06/2025`; `parseDay` reads both forms, `formatDay` writes the
 * Vietnamese one.
 *
 *   const hol = loadHolidays();                         // templates/holidays-vn.json
 *   const hol2 = loadHolidays('extra.json');            // … plus the user's file (--holidays)
 *   reportDeadline('2025-01-20', hol)   // '2025-02-10': 10th working day after, Tết skipped
 *   noticeDeadline(approvedOn, hol)     // 5 working days after the approval decision
 *   complaintDeadline(receivedOn)       // 10 days (calendar) after receipt
 *
 * Counting: the day of the event is day 0; day 1 is the first working day after it (the way
 * "trong thời hạn N ngày làm việc kể từ ngày …" is read in practice). A working day is Monday
 * to Friday and not a listed holiday. The holiday file lists only the weekdays that are off
 * (with the compensating days off), since the official days change each year by decision.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { OmrError, ValidationError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { TEMPLATES_DIR, zodIssues } from '../template/load.js';

export const DEFAULT_HOLIDAYS_FILE = path.join(TEMPLATES_DIR, 'holidays-vn.json');

/** ISO calendar day, `YYYY-MM-DD`. */
export type Day = string;

export interface Holiday {
  date: Day;
  name: string;
}

/** A set of holidays, by ISO day. */
export interface Holidays {
  readonly days: ReadonlyMap<Day, string>;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function iso(y: number, m: number, d: number): Day {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A day from `YYYY-MM-DD` or `D/M/YYYY`; undefined when it is neither or not a real date. */
export function tryParseDay(text: string): Day | undefined {
  const t = text.trim();
  let m = ISO_RE.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? iso(y, mo, d) : undefined;
  }
  m = VN_RE.exec(t);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? iso(y, mo, d) : undefined;
  }
  return undefined;
}

/** A day from `YYYY-MM-DD` or `D/M/YYYY`; throws a usage error naming `what` otherwise. */
export function parseDay(text: string, what: string): Day {
  const d = tryParseDay(text);
  if (d === undefined) throw new OmrError('USAGE', msg('council.badDate', { value: text, what }), { hint: msg('council.hint.date') });
  return d;
}

function toDate(day: Day): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function fromDate(dt: Date): Day {
  return iso(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/** `15/06/2025`. */
export function formatDay(day: Day): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** `ngày 15 tháng 6 năm 2025` as the place/date line writes it (day padded to two digits). */
export function longDay(day: Day): string {
  const [y, m, d] = day.split('-').map(Number);
  return `ngày ${String(d).padStart(2, '0')} tháng ${m < 3 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

export function addDays(day: Day, n: number): Day {
  const dt = toDate(day);
  dt.setUTCDate(dt.getUTCDate() + n);
  return fromDate(dt);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86_400_000);
}

export function isWeekend(day: Day): boolean {
  const w = toDate(day).getUTCDay();
  return w === 0 || w === 6;
}

export function isWorkingDay(day: Day, holidays: Holidays): boolean {
  return !isWeekend(day) && !holidays.days.has(day);
}

/** The n-th working day after `day` (n ≥ 1); n = 0 gives `day` itself. */
export function addWorkingDays(day: Day, n: number, holidays: Holidays): Day {
  if (!Number.isInteger(n) || n < 0) throw new OmrError('USAGE', `addWorkingDays: n must be a whole number ≥ 0, not ${n}`);
  let d = day;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(from: Day, to: Day, holidays: Holidays): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, holidays)) n++;
  return n;
}

/** Regulation III.8.a: report to the chairman within 10 working days of finishing the grading. */
export const REPORT_WORKING_DAYS = 10;
/** Regulation III.8.b: notify the managing agencies within 5 working days of the approval. */
export const NOTICE_WORKING_DAYS = 5;
/** Regulation III.11.a: settle a complaint within 10 days of receiving it. */
export const COMPLAINT_DAYS = 10;

export interface Deadline {
  /** The event the count starts from. */
  from: Day;
  /** The last day allowed. */
  due: Day;
  /** Checked on this day (today by default). */
  on: Day;
  /** `on` is after `due`. */
  late: boolean;
  /** Days from `on` to `due` (negative when late): working days, or calendar days for complaints. */
  remaining: number;
}

function deadline(from: Day, due: Day, on: Day, remaining: number): Deadline {
  return { from, due, on, late: on > due, remaining };
}

export function today(): Day {
  const now = new Date();
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

function workingRemaining(on: Day, due: Day, holidays: Holidays): number {
  return on <= due ? workingDaysBetween(on, due, holidays) : -workingDaysBetween(due, on, holidays);
}

export function reportDeadline(gradedOn: Day, holidays: Holidays, on: Day = today()): Deadline {
  const due = addWorkingDays(gradedOn, REPORT_WORKING_DAYS, holidays);
  return deadline(gradedOn, due, on, workingRemaining(on, due, holidays));
}

export function noticeDeadline(approvedOn: Day, holidays: Holidays, on: Day = today()): Deadline {
  const due = addWorkingDays(approvedOn, NOTICE_WORKING_DAYS, holidays);
  return deadline(approvedOn, due, on, workingRemaining(on, due, holidays));
}

/** Calendar days: the regulation says "10 ngày", not "10 ngày làm việc". */
export function complaintDeadline(receivedOn: Day, on: Day = today()): Deadline {
  const due = addDays(receivedOn, COMPLAINT_DAYS);
  return deadline(receivedOn, due, on, daysBetween(on, due));
}

const holidayFileSchema = z
  .object({
    note: z.string().optional(),
    holidays: z.array(
      z
        .object({
          date: z.string().refine((s) => ISO_RE.test(s) && tryParseDay(s) !== undefined, 'must be a real date written YYYY-MM-DD'),
          name: z.string().trim().min(1, 'must not be empty'),
        })
        .strict(),
    ),
  })
  .strict();

export function holidaysFrom(list: readonly Holiday[]): Holidays {
  return { days: new Map(list.map((h) => [h.date, h.name])) };
}

/** Parse and check one holiday file's contents (JSON text). */
export function parseHolidays(text: string, file: string): Holiday[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new OmrError('USAGE', msg('council.holidays.json', { file, detail: (e as Error).message }), { hint: msg('council.hint.holidays') });
  }
  const parsed = holidayFileSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError('USAGE', file, zodIssues(parsed.error), msg('council.hint.holidays'));
  return parsed.data.holidays;
}

function readHolidayFile(file: string): Holiday[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new OmrError('IO', msg('council.cannotRead', { file, code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('hint.checkPath') });
  }
  return parseHolidays(text, file);
}

/** The shipped holiday list plus, when given, the user's file (its days are added). */
export function loadHolidays(extraFile?: string): Holidays {
  const list = readHolidayFile(DEFAULT_HOLIDAYS_FILE);
  if (extraFile !== undefined) list.push(...readHolidayFile(extraFile));
  return holidaysFrom(list);
}
