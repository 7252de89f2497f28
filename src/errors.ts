/**
 * Typed errors. Core code throws these with enough detail for one clear line:
 * what went wrong, where (file, page, row, path) and what to do.
 */
export type ErrorCode =
  | 'TEMPLATE_INVALID'
  | 'EXAM_INVALID'
  | 'ROSTER_INVALID'
  | 'KEY_INVALID'
  | 'INPUT_UNREADABLE'
  | 'NOT_A_SHEET'
  | 'REGISTRATION_FAILED'
  | 'WORKSPACE'
  | 'USAGE'
  | 'IO';

export class OmrError extends Error {
  readonly code: ErrorCode;
  /** What the user should do about it, one short sentence. */
  readonly hint?: string;
  /** Extra structured detail (file, row, counts). */
  readonly detail?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { hint?: string; detail?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'OmrError';
    this.code = code;
    this.hint = opts.hint;
    this.detail = opts.detail;
  }
}

/** One validation problem, with a path like `answers.columns` or a row number. */
export interface Issue {
  message: string;
  path: string;
}

export class ValidationError extends OmrError {
  readonly issues: Issue[];
  readonly file?: string;
  constructor(code: ErrorCode, file: string | undefined, issues: Issue[], hint?: string) {
    const where = file ? `${file}: ` : '';
    super(code, where + issues.map((i) => `✖ ${i.message} → at ${i.path}`).join('\n' + ' '.repeat(where.length)), { hint });
    this.issues = issues;
    this.file = file;
  }
}

export function isOmrError(e: unknown): e is OmrError {
  return e instanceof OmrError;
}
