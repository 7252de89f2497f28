import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OmrError, ValidationError, type Issue } from '../errors.js';
import { msg } from '../i18n/index.js';
import { buildLayout, type Layout } from './layout.js';
import { checkTemplateRules } from './rules.js';
import { templateSchema, type Template } from './schema.js';

import { DEFAULT_TEMPLATE, TEMPLATES_DIR } from './paths.js';

export { DEFAULT_TEMPLATE, TEMPLATES_DIR };

/** Format a zod path the way users read it: `answers.parts[1].to`. */
export function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const k of p) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += (out ? '.' : '') + String(k);
  }
  return out || '(top level)';
}

/** The messages our schemas give (template, exam file) in Vietnamese; the others come from zod's own Vietnamese. */
const CUSTOM_VI: Record<string, string> = {
  'must not be empty': 'không được để trống',
  'must be a whole number': 'phải là số nguyên',
  'must be lowercase letters, digits and dashes': 'chỉ gồm chữ thường, chữ số và dấu gạch ngang',
  'must not be negative': 'không được âm',
  'must be positive': 'phải lớn hơn 0',
  'must be 1-40 letters, digits, dots, dashes or underscores (no spaces)': 'phải gồm 1-40 chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới (không có dấu cách)',
  'has at most 3 lines': 'có nhiều nhất 3 dòng',
  'needs at least one line': 'cần ít nhất một dòng',
  'must be 2000 or later': 'phải từ năm 2000 trở đi',
  'must be 2100 or earlier': 'phải trước hoặc bằng năm 2100',
  'needs at least one band': 'cần ít nhất một xếp loại',
  'give at least one band {name, min}': 'cho ít nhất một xếp loại {name, min}',
  'band name must not be empty': 'tên xếp loại không được để trống',
  'min must be a whole number ≥ 0': 'min phải là số nguyên ≥ 0',
  'one band must start at 0 (min: 0), so every total has a band': 'phải có một xếp loại bắt đầu từ 0 (min: 0), để tổng điểm nào cũng có xếp loại',
  'must be one capital letter': 'phải là một chữ cái in hoa',
};
const zodVi = z.locales.vi().localeError;

/** One zod issue in Vietnamese: our own message translated, or zod's Vietnamese locale (English when neither knows it). */
function zodMessageVi(i: z.core.$ZodIssue): string {
  const own = CUSTOM_VI[i.message];
  if (own) return own;
  try {
    const m = zodVi(i as never);
    const text = typeof m === 'string' ? m : m?.message;
    // the issue no longer carries its input: take "received X" from zod's English
    if (text) return text.replace(/nhận được undefined$/, `nhận được ${/received (\S+)$/.exec(i.message)?.[1] ?? '?'}`);
  } catch {
    /* fall through */
  }
  return i.message;
}

export function zodIssues(err: z.ZodError): Issue[] {
  return err.issues.map((i) => ({ message: i.message, path: formatPath(i.path), msg: msg('rule.zod', { en: i.message, vi: zodMessageVi(i) }) }));
}

/** Validate a parsed template object: schema first, then cross-field rules. */
export function validateTemplate(raw: unknown, file?: string): Template {
  const parsed = templateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError('TEMPLATE_INVALID', file, zodIssues(parsed.error), msg('hint.fixTemplate'));
  }
  const issues = checkTemplateRules(parsed.data);
  if (issues.length) throw new ValidationError('TEMPLATE_INVALID', file, issues, msg('hint.fixTemplate'));
  return parsed.data;
}

export function readJsonFile(file: string, what: 'template' | 'exam file'): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new OmrError('IO', msg('io.cannotRead', { file, what, code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('hint.checkPath') });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new OmrError(what === 'template' ? 'TEMPLATE_INVALID' : 'EXAM_INVALID', msg('io.invalidJson', { file, what, detail: (e as Error).message }), { hint: msg('hint.fixJson') });
  }
}

export function loadTemplate(file: string = DEFAULT_TEMPLATE): Template {
  return validateTemplate(readJsonFile(file, 'template'), file);
}

export function loadLayout(file: string = DEFAULT_TEMPLATE): { template: Template; layout: Layout } {
  const template = loadTemplate(file);
  return { template, layout: buildLayout(template) };
}
