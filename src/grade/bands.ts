/**
 * Bands (xếp loại) and their consequences. Pure.
 *
 * Default, from the regulation, by number of correct answers out of 100:
 *   Tốt 90-100 · Khá 70-89 · Trung bình 50-69 · Không đạt 0-49.
 * An exam file may give its own list [{name, min}]; a total falls in the band with the highest
 * `min` not above it.
 *
 * Consequences:
 *   - "Trung bình" or below → "Không xét hoàn thành xuất sắc nhiệm vụ";
 *   - "Không đạt" now and in the previous round → "Không đạt 02 lần liên tiếp: xem xét tinh giản biên chế".
 * Which bands are "Trung bình or below" and "Không đạt" is decided by name (NFC, case and spaces
 * ignored). A custom list without those names: the lowest band is the failing one and the two
 * lowest are "Trung bình or below".
 */
import { ValidationError, type Issue } from '../errors.js';
import { msg } from '../i18n/index.js';

export interface Band {
  name: string;
  /** Lowest total (inclusive) in this band. */
  min: number;
}

export const BAND_TOT = 'Tốt';
export const BAND_KHA = 'Khá';
export const BAND_TRUNG_BINH = 'Trung bình';
export const BAND_KHONG_DAT = 'Không đạt';

export const DEFAULT_BANDS: readonly Band[] = Object.freeze([
  { name: BAND_TOT, min: 90 },
  { name: BAND_KHA, min: 70 },
  { name: BAND_TRUNG_BINH, min: 50 },
  { name: BAND_KHONG_DAT, min: 0 },
]);

export const CONSEQUENCE_NOT_EXCELLENT = 'Không xét hoàn thành xuất sắc nhiệm vụ';
export const CONSEQUENCE_TWICE_FAILED = 'Không đạt 02 lần liên tiếp: xem xét tinh giản biên chế';

/** NFC, lower case, single spaces, trimmed: how names are compared everywhere in grading. */
export function normaliseText(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
}

/**
 * Check and sort (highest min first) a band list. Rules: at least one band, names non-empty and
 * distinct, mins whole numbers ≥ 0 and distinct, one band starting at 0.
 */
export function validateBands(list: readonly { name: string; min: number }[], file?: string, at = 'bands'): Band[] {
  const issues: Issue[] = [];
  if (!Array.isArray(list) || list.length === 0) issues.push({ message: 'give at least one band {name, min}', path: at });
  else {
    const names = new Set<string>();
    const mins = new Set<number>();
    list.forEach((b, i) => {
      if (typeof b?.name !== 'string' || b.name.trim() === '') issues.push({ message: 'band name must not be empty', path: `${at}[${i}].name` });
      else if (names.has(normaliseText(b.name))) issues.push({ message: `band "${b.name}" is given twice`, path: `${at}[${i}].name` });
      else names.add(normaliseText(b.name));
      if (typeof b?.min !== 'number' || !Number.isInteger(b.min) || b.min < 0) issues.push({ message: 'min must be a whole number ≥ 0', path: `${at}[${i}].min` });
      else if (mins.has(b.min)) issues.push({ message: `two bands start at ${b.min}`, path: `${at}[${i}].min` });
      else mins.add(b.min);
    });
    if (!issues.length && !mins.has(0)) issues.push({ message: 'one band must start at 0 (min: 0), so every total has a band', path: at });
  }
  if (issues.length) throw new ValidationError('EXAM_INVALID', file, issues, msg('hint.fixBands'));
  return list.map((b) => ({ name: b.name.normalize('NFC').trim(), min: b.min })).sort((a, b) => b.min - a.min);
}

/** The band of a total (sorted or not). */
export function bandOf(total: number, bands: readonly Band[] = DEFAULT_BANDS): Band {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  const b = sorted.find((x) => total >= x.min);
  if (!b) throw new RangeError(`no band for total ${total}: the lowest band starts at ${sorted[sorted.length - 1]?.min}`);
  return b;
}

/** Index in the sorted list (0 = best) of the failing band and of the highest "Trung bình or below" band. */
function roles(bands: readonly Band[]): { failing: string; notExcellentFrom: number; sorted: Band[] } {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  const names = sorted.map((b) => normaliseText(b.name));
  const kd = names.indexOf(normaliseText(BAND_KHONG_DAT));
  const tb = names.indexOf(normaliseText(BAND_TRUNG_BINH));
  const failingIdx = kd >= 0 ? kd : sorted.length - 1;
  const notExcellentFrom = tb >= 0 ? tb : Math.max(0, sorted.length - 2);
  return { failing: names[failingIdx], notExcellentFrom: Math.min(notExcellentFrom, failingIdx), sorted };
}

export function isFailingBand(name: string, bands: readonly Band[] = DEFAULT_BANDS): boolean {
  return normaliseText(name) === roles(bands).failing;
}

/** Is a band named in an earlier round's export a Không đạt? (by the regulation's name, or the current failing band's). */
export function isFailingBandName(previous: string, bands: readonly Band[] = DEFAULT_BANDS): boolean {
  const p = normaliseText(previous);
  return p !== '' && (p === normaliseText(BAND_KHONG_DAT) || p === roles(bands).failing);
}

/**
 * Consequences of a band, in order. `previousBand` is the band name of the same person in the
 * previous round (from --history), if known.
 */
export function consequencesOf(band: string, bands: readonly Band[] = DEFAULT_BANDS, previousBand?: string): string[] {
  const r = roles(bands);
  const idx = r.sorted.findIndex((b) => normaliseText(b.name) === normaliseText(band));
  const out: string[] = [];
  if (idx >= r.notExcellentFrom) out.push(CONSEQUENCE_NOT_EXCELLENT);
  if (normaliseText(band) === r.failing && previousBand !== undefined && isFailingBandName(previousBand, bands)) out.push(CONSEQUENCE_TWICE_FAILED);
  return out;
}
