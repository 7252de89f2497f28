/**
 * Score one sheet against one key. Pure: no I/O.
 *
 * One point per correct answer; parts (Phần I câu 1-40, Phần II câu 41-100) come from the
 * template. Each question lands in exactly one count:
 *   - flaggedUnresolved: the scanner flagged it and no person has overridden it (scores 0,
 *     whatever the read value is: a flag means the read is not trusted yet);
 *   - blank: nothing marked; multiple: two or more options marked (both score 0);
 *   - correct / wrong.
 * An override (a person's corrected value) replaces the automatic read for scoring only and
 * resolves the flag; the automatic read is kept beside it in the result.
 */
import type { FlagReason, GroupRead } from '../scan/types.js';
import type { Template } from '../template/schema.js';
import type { AnswerKey } from './keys.js';

/** What the scanner read for one question (GroupRead without the darkness detail). */
export interface AnswerRead {
  value: string;
  flagged: boolean;
  reason?: FlagReason | 'missing' | string;
}

export type OverrideField = 'answer' | 'sbd' | 'made';

/** A person's correction. Stored apart from the automatic read; never overwrites it. */
export interface Override {
  field: OverrideField;
  /** For field 'answer': the question number. */
  question?: number;
  /** Corrected value: "" blank, "B", "AC" (answer); 6 digits (sbd); 3 digits (made). */
  value: string;
  by?: string;
  at?: string;
  reason?: string;
}

/** Which page an override applies to (for gradeExam): serial, or source + page, or the SBD as read. */
export interface SheetRef {
  serial?: string;
  /** SHA-256 of the page's file (with `page`): exactly one page's content. */
  sha256?: string;
  source?: string;
  page?: number;
  /** The automatically read SBD (candidateNumber) of the page. */
  candidateNumber?: string;
}

export type PageOverride = Override & { sheet: SheetRef };

export type AnswerStatus = 'correct' | 'wrong' | 'blank' | 'multiple' | 'flagged';

export interface QuestionResult {
  question: number;
  /** 1-based part number. */
  part: number;
  /** The automatic read. */
  read: AnswerRead;
  /** The override applied, if any. */
  override?: Override;
  /** Value used for scoring (override value, else the read value). */
  answer: string;
  key: string;
  status: AnswerStatus;
  points: number;
}

export interface Counts {
  correct: number;
  wrong: number;
  blank: number;
  multiple: number;
  flaggedUnresolved: number;
}

export interface PartScore {
  number: number;
  title: string;
  from: number;
  to: number;
  score: number;
  max: number;
  counts: Counts;
}

export interface SheetScore {
  examCode: string;
  keyFingerprint: string;
  parts: PartScore[];
  total: number;
  max: number;
  counts: Counts;
  questions: QuestionResult[];
  /** Answer overrides that were applied, in question order. */
  overrides: Override[];
}

export interface ScoreRules {
  questions: number;
  options: string[];
  parts: { title: string; from: number; to: number }[];
}

export function scoreRules(t: Template): ScoreRules {
  return { questions: t.answers.questions, options: t.answers.options, parts: t.answers.parts };
}

const zero = (): Counts => ({ correct: 0, wrong: 0, blank: 0, multiple: 0, flaggedUnresolved: 0 });

/**
 * Normalise an answer value to the canonical form: "" blank, or the marked options in the
 * template's order ("ca" → "AC"). Returns null when it contains something that is not an option.
 */
export function normaliseAnswer(value: string, options: string[]): string | null {
  const v = value.normalize('NFC').toUpperCase().replace(/[\s,;/]+/g, '');
  if (v === '' || v === '-') return '';
  const set = new Set(v.split(''));
  for (const c of set) if (!options.includes(c)) return null;
  return options.filter((o) => set.has(o)).join('');
}

/** The answers of a page: `groups` keyed `q1`..`qN` → question number → read. Missing groups are absent. */
export function answersFromGroups(groups: Record<string, GroupRead> | undefined, questions: number): Record<number, AnswerRead> {
  const out: Record<number, AnswerRead> = {};
  if (!groups) return out;
  for (let q = 1; q <= questions; q++) {
    const g = groups[`q${q}`];
    if (g) out[q] = { value: g.value ?? '', flagged: Boolean(g.flagged), ...(g.reason ? { reason: g.reason } : {}) };
  }
  return out;
}

/**
 * Score one sheet. `answers` maps question number → read; a question missing from it counts as
 * flagged (reason "missing"). `overrides` with field 'answer' replace the read for scoring;
 * others are ignored here (SBD and mã đề overrides act in gradeExam). The last override for a
 * question wins. Override values that are not options throw a RangeError (validate first).
 */
export function scoreSheet(answers: Record<number, AnswerRead>, key: AnswerKey, rules: ScoreRules, overrides: Override[] = []): SheetScore {
  const ov = new Map<number, Override>();
  for (const o of overrides) if (o.field === 'answer' && o.question !== undefined) ov.set(o.question, o);

  const questions: QuestionResult[] = [];
  const counts = zero();
  const parts: PartScore[] = rules.parts.map((p, i) => ({ number: i + 1, title: p.title, from: p.from, to: p.to, score: 0, max: p.to - p.from + 1, counts: zero() }));
  for (let q = 1; q <= rules.questions; q++) {
    const read: AnswerRead = answers[q] ?? { value: '', flagged: true, reason: 'missing' };
    const o = ov.get(q);
    let answer: string;
    let status: AnswerStatus;
    if (o) {
      const v = normaliseAnswer(o.value, rules.options);
      if (v === null) throw new RangeError(`override for câu ${q}: "${o.value}" is not blank or a combination of ${rules.options.join(', ')}`);
      answer = v;
    } else {
      answer = normaliseAnswer(read.value, rules.options) ?? read.value;
    }
    const k = key.answers[q];
    if (!o && read.flagged) status = 'flagged';
    else if (answer === '') status = 'blank';
    else if (answer.length > 1) status = 'multiple';
    else status = answer === k ? 'correct' : 'wrong';
    const points = status === 'correct' ? 1 : 0;
    const pi = parts.findIndex((p) => q >= p.from && q <= p.to);
    const field: keyof Counts = status === 'flagged' ? 'flaggedUnresolved' : status;
    counts[field]++;
    if (pi >= 0) {
      parts[pi].counts[field]++;
      parts[pi].score += points;
    }
    questions.push({ question: q, part: pi + 1, read, ...(o ? { override: o } : {}), answer, key: k, status, points });
  }
  const total = questions.reduce((s, r) => s + r.points, 0);
  return {
    examCode: key.examCode,
    keyFingerprint: key.fingerprint,
    parts,
    total,
    max: rules.questions,
    counts,
    questions,
    overrides: questions.filter((r) => r.override).map((r) => r.override!),
  };
}
