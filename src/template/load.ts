import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { OmrError, ValidationError, type Issue } from '../errors.js';
import { buildLayout, type Layout } from './layout.js';
import { checkTemplateRules } from './rules.js';
import { templateSchema, type Template } from './schema.js';

/** Folder of the bundled templates (works from src/ under vitest and from dist/). */
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');
export const DEFAULT_TEMPLATE = path.join(TEMPLATES_DIR, 'sat-hach-100.json');

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
    throw new ValidationError('TEMPLATE_INVALID', file, zodIssues(parsed.error), 'fix the template and run `omr template check` again');
  }
  const issues = checkTemplateRules(parsed.data);
  if (issues.length) throw new ValidationError('TEMPLATE_INVALID', file, issues, 'fix the template and run `omr template check` again');
  return parsed.data;
}

export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new OmrError('IO', `${file}: cannot read the ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      hint: 'check the path',
    });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new OmrError(what === 'template' ? 'TEMPLATE_INVALID' : 'EXAM_INVALID', `${file}: the ${what} is not valid JSON: ${(e as Error).message}`, {
      hint: 'open it in a text editor and fix the JSON syntax',
    });
  }
}

export function loadTemplate(file: string = DEFAULT_TEMPLATE): Template {
  return validateTemplate(readJsonFile(file, 'template'), file);
}

export function loadLayout(file: string = DEFAULT_TEMPLATE): { template: Template; layout: Layout } {
  const template = loadTemplate(file);
  return { template, layout: buildLayout(template) };
}
