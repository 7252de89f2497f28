/**
 * Typed errors. Core code throws these with enough detail for one clear line:
 * what went wrong, where (file, page, row, path) and what to do.
 */
import { msg, render, type Lang, type MsgRef, type Text } from './i18n/index.js';

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

/** One line of an error or issue: the English text, and the message to render it in another language. */
export interface Line {
  text: string;
  msg?: MsgRef;
}

export class OmrError extends Error {
  readonly code: ErrorCode;
  /** What the user should do about it, one short sentence (English). */
  readonly hint?: string;
  /** Extra structured detail (file, row, counts). */
  readonly detail?: Record<string, unknown>;
  /** The message as a catalogue entry (src/i18n), when it has one: the CLI shows it in the user's language. */
  readonly msg?: MsgRef;
  readonly hintMsg?: MsgRef;
  /** Lines listed under the message (one per problem); `message` holds them too, in English. */
  readonly more?: Line[];

  /**
   * `message` and `hint` are plain English text or a catalogue message (`msg(key, vars)`);
   * either way `e.message` / `e.hint` are English.
   */
  constructor(code: ErrorCode, message: Text, opts: { hint?: Text; detail?: Record<string, unknown>; cause?: unknown; more?: Line[] } = {}) {
    const first = render('en', message);
    super(opts.more?.length ? [first, ...opts.more.map((l) => l.text)].join('\n') : first, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'OmrError';
    this.code = code;
    this.hint = opts.hint === undefined ? undefined : render('en', opts.hint);
    this.detail = opts.detail;
    if (typeof message !== 'string') this.msg = message;
    if (opts.hint !== undefined && typeof opts.hint !== 'string') this.hintMsg = opts.hint;
    if (opts.more?.length) this.more = opts.more;
  }

  /** The message lines and the hint in `lang` (untranslated parts stay English). */
  localize(lang: Lang): { lines: string[]; hint?: string } {
    const first = this.msg ? render(lang, this.msg) : this.more ? this.message.split('\n')[0] : undefined;
    const lines = first === undefined ? this.message.split('\n') : [first, ...(this.more ?? []).map((l) => (l.msg ? render(lang, l.msg) : l.text))];
    const hint = this.hintMsg ? render(lang, this.hintMsg) : this.hint;
    return { lines, ...(hint !== undefined ? { hint } : {}) };
  }
}

/** One validation problem, with a path like `answers.columns` or a row number. */
export interface Issue {
  /** English; `msg` renders it in the user's language. */
  message: string;
  path: string;
  msg?: MsgRef;
}

/** An issue from a catalogue message (English text kept in `message`). */
export function ruleIssue(m: MsgRef, path: string): Issue {
  return { message: render('en', m), msg: m, path };
}

export class ValidationError extends OmrError {
  readonly issues: Issue[];
  readonly file?: string;
  constructor(code: ErrorCode, file: string | undefined, issues: Issue[], hint?: Text) {
    const where = file ? `${file}: ` : '';
    const pad = ' '.repeat(where.length);
    const lines = issues.map((i, k) => {
      const m = msg('template.at', { message: i.msg ?? i.message, path: i.path });
      const line = msg('line.prefixed', { prefix: k ? pad : where, line: m });
      return { text: render('en', line), msg: line };
    });
    super(code, lines[0]?.msg ?? '', { hint, more: lines.slice(1) });
    this.issues = issues;
    this.file = file;
  }
}

/** A problem line (roster row, key row) in `lang`: its catalogue message when it has one, else the English text. */
export function issueText(i: { text?: string; message?: string; msg?: MsgRef }, lang: Lang): string {
  return i.msg && lang !== 'en' ? render(lang, i.msg) : (i.text ?? i.message ?? '');
}

export function isOmrError(e: unknown): e is OmrError {
  return e instanceof OmrError;
}
