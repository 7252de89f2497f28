import { readFileSync } from 'node:fs';
import type { z } from 'zod';
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

export function zodIssues(err: z.ZodError): Issue[] {
  return err.issues.map((i) => ({ message: i.message, path: formatPath(i.path) }));
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
