import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OmrError } from '../errors.js';
import {
  addWorkingDays,
  complaintDeadline,
  formatDay,
  holidaysFrom,
  isWorkingDay,
  loadHolidays,
  longDay,
  noticeDeadline,
  parseDay,
  reportDeadline,
  tryParseDay,
  workingDaysBetween,
} from './calendar.js';

const hol = loadHolidays();
const none = holidaysFrom([]);

describe('calendar', () => {
  it('reads both date forms and rejects impossible dates', () => {
    expect(tryParseDay('15/06/2025')).toBe('2025-06-15');
    expect(tryParseDay('1/2/2025')).toBe('2025-02-01');
    expect(tryParseDay('2025-06-15')).toBe('2025-06-15');
    expect(tryParseDay('30/02/2025')).toBeUndefined();
    expect(tryParseDay('2025-13-01')).toBeUndefined();
    expect(() => parseDay('mai', '--approved-on')).toThrow('"mai" is not a date (--approved-on)');
    expect(formatDay('2025-06-05')).toBe('05/06/2025');
    expect(longDay('2025-06-05')).toBe('ngày 05 tháng 6 năm 2025');
    expect(longDay('2025-01-05')).toBe('ngày 05 tháng 01 năm 2025');
  });

  it('skips weekends', () => {
    // Friday 2025-06-13 + 1 working day = Monday 2025-06-16
    expect(addWorkingDays('2025-06-13', 1, none)).toBe('2025-06-16');
    expect(addWorkingDays('2025-06-14', 1, none)).toBe('2025-06-16');
    expect(addWorkingDays('2025-06-16', 0, none)).toBe('2025-06-16');
    expect(addWorkingDays('2025-06-16', 10, none)).toBe('2025-06-30');
    expect(isWorkingDay('2025-06-14', none)).toBe(false);
  });

  it('a report deadline that crosses Tết Ất Tỵ 2025 skips the whole holiday week', () => {
    // Grading done Monday 20/01/2025: 21-24 Jan (4), Tết 25/1-2/2 off, 3-7 Feb (9), 10 Feb (10).
    const d = reportDeadline('2025-01-20', hol, '2025-02-07');
    expect(d.due).toBe('2025-02-10');
    expect(d.late).toBe(false);
    expect(d.remaining).toBe(1);
    // Without the holiday list the same count ends a week earlier.
    expect(addWorkingDays('2025-01-20', 10, none)).toBe('2025-02-03');
    const late = reportDeadline('2025-01-20', hol, '2025-02-12');
    expect(late.late).toBe(true);
    expect(late.remaining).toBe(-2);
  });

  it('Tết Bính Ngọ 2026 and the 30/4-1/5 and 2/9 holidays', () => {
    expect(addWorkingDays('2026-02-12', 5, hol)).toBe('2026-02-26'); // 13, 23, 24, 25, 26
    expect(noticeDeadline('2025-04-28', hol, '2025-04-28').due).toBe('2025-05-08'); // 29, 5, 6, 7, 8 (30/4, 1/5, 2/5 off)
    expect(addWorkingDays('2025-08-29', 1, hol)).toBe('2025-09-03');
    expect(workingDaysBetween('2025-01-24', '2025-02-03', hol)).toBe(1);
  });

  it('complaints count calendar days', () => {
    const d = complaintDeadline('2025-01-24', '2025-01-30');
    expect(d.due).toBe('2025-02-03');
    expect(d.remaining).toBe(4);
  });

  it('a user file extends the list; a bad file gets one clear line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omr-hol-'));
    try {
      const extra = path.join(dir, 'extra.json');
      writeFileSync(extra, JSON.stringify({ holidays: [{ date: '2025-06-16', name: 'Nghỉ bù' }] }));
      const h = loadHolidays(extra);
      expect(addWorkingDays('2025-06-13', 1, h)).toBe('2025-06-17');
      expect(h.days.has('2025-01-27')).toBe(true);
      writeFileSync(extra, JSON.stringify({ holidays: [{ date: '16/06/2025', name: 'x' }] }));
      expect(() => loadHolidays(extra)).toThrow(/must be a real date written YYYY-MM-DD → at holidays\[0\]\.date/);
      writeFileSync(extra, '{');
      expect(() => loadHolidays(extra)).toThrow(OmrError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
