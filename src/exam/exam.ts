import path from 'node:path';
import { z } from 'zod';
import { ValidationError, type Issue } from '../errors.js';
import { EXAM_ID_RE } from '../identity/payload.js';
import { readJsonFile, TEMPLATES_DIR, zodIssues } from '../template/load.js';
import { msg } from '../i18n/index.js';

// Bands (xếp loại) are defined once, in grading; the exam file may override them.
import { DEFAULT_BANDS, type Band } from '../grade/bands.js';
export { DEFAULT_BANDS, type Band };

export const DEFAULT_EXAM_NAME = 'KỲ KIỂM TRA, SÁT HẠCH ĐỊNH KỲ CÁN BỘ, CÔNG CHỨC CẤP XÃ';
export const DEFAULT_ORGANISER = ['ỦY BAN NHÂN DÂN ………………', 'HỘI ĐỒNG KIỂM TRA, SÁT HẠCH'];
export const EXAMPLE_EXAM = path.join(TEMPLATES_DIR, 'exam.example.json');

const text = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

const bandSchema = z
  .object({
    name: text(40),
    min: z.number().int('must be a whole number').nonnegative('must not be negative'),
  })
  .strict();

const memberSchema = z
  .object({
    name: text(80),
    /** Role in the council, e.g. "Phó Chủ tịch Thường trực", "Ủy viên". */
    role: text(80).optional(),
  })
  .strict();

const councilSchema = z
  .object({
    /** Chủ tịch Hội đồng: signs the report and the notices (TM. HỘI ĐỒNG / CHỦ TỊCH). */
    chair: text(80).optional(),
    /** Ủy viên kiêm Thư ký Hội đồng: signs beside the chair. */
    secretary: text(80).optional(),
    members: z.array(memberSchema).max(10, 'has at most 10 members').optional(),
  })
  .strict();

export type Council = z.output<typeof councilSchema>;

export const examSchema = z
  .object({
    /** Goes into every QR code: letters, digits, dots, dashes, underscores. */
    id: z.string().regex(EXAM_ID_RE, 'must be 1-40 letters, digits, dots, dashes or underscores (no spaces)'),
    /** Organiser lines, top to bottom: governing body, then the council (printed upper-case). */
    organiser: z.array(text(60)).min(1, 'needs at least one line').max(3, 'has at most 3 lines'),
    /** Name of the exam, printed under the sheet title. */
    name: text(120),
    year: z.number().int('must be a whole number').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'),
    /** Date of the exam as people write it, e.g. "15/06/2025". */
    date: text(40).optional(),
    place: text(100).optional(),
    /** Result bands, best first; the last starts at 0. Defaults to the regulation's bands. */
    bands: z.array(bandSchema).min(1, 'needs at least one band').optional(),
    /** Place name of the date line of the council's documents: "Phong Điền" → "Phong Điền, ngày …". */
    placeName: text(60).optional(),
    /** The council's members, for the signature blocks of the report and the notices. */
    council: councilSchema.optional(),
  })
  .strict();

export type ExamFile = z.input<typeof examSchema>;

export interface Exam {
  id: string;
  organiser: string[];
  name: string;
  year: number;
  date?: string;
  place?: string;
  bands: Band[];
  placeName?: string;
  council?: Council;
}

/** Cross-field rules for bands: unique names, minimums strictly decreasing, last one 0. */
export function checkBands(bands: readonly Band[], at = 'bands'): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  bands.forEach((b, i) => {
    const key = b.name.toLocaleLowerCase('vi');
    const first = seen.get(key);
    if (first !== undefined) issues.push({ message: `band name "${b.name}" is used twice (also ${at}[${first}])`, path: `${at}[${i}].name` });
    else seen.set(key, i);
    if (i > 0 && b.min >= bands[i - 1].min) {
      issues.push({
        message: `minimums must decrease strictly, best band first: "${b.name}" ${b.min} is not below "${bands[i - 1].name}" ${bands[i - 1].min}`,
        path: `${at}[${i}].min`,
      });
    }
  });
  const last = bands.length - 1;
  if (last >= 0 && bands[last].min !== 0) {
    issues.push({ message: `the last band must start at 0 so every score gets a band, not ${bands[last].min}`, path: `${at}[${last}].min` });
  }
  return issues;
}

/** The exam used when no exam file is given. */
export function defaultExam(year: number = new Date().getFullYear()): Exam {
  return {
    id: `sat-hach-${year}`,
    organiser: [...DEFAULT_ORGANISER],
    name: DEFAULT_EXAM_NAME,
    year,
    bands: DEFAULT_BANDS.map((b) => ({ ...b })),
  };
}

const HINT = msg('hint.fixExam');

/** Validate a parsed exam object: schema first, then band rules. */
export function validateExam(raw: unknown, file?: string): Exam {
  const parsed = examSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError('EXAM_INVALID', file, zodIssues(parsed.error), HINT);
  const e = parsed.data;
  const bands = e.bands ?? DEFAULT_BANDS.map((b) => ({ ...b }));
  const issues = checkBands(bands);
  if (issues.length) throw new ValidationError('EXAM_INVALID', file, issues, HINT);
  return {
    id: e.id,
    organiser: e.organiser,
    name: e.name,
    year: e.year,
    ...(e.date !== undefined ? { date: e.date } : {}),
    ...(e.place !== undefined ? { place: e.place } : {}),
    bands,
    ...(e.placeName !== undefined ? { placeName: e.placeName } : {}),
    ...(e.council !== undefined ? { council: e.council } : {}),
  };
}

/** Load an exam file; with no file, the defaults. */
export function loadExam(file?: string): Exam {
  if (file === undefined) return defaultExam();
  return validateExam(readJsonFile(file, 'exam file'), file);
}
