/** Read scan results (results.jsonl, GUIDE.md §3) for `omr grade`: one page per good line, one issue per bad line. */
import { z } from 'zod';
import { translator, type T } from '../i18n/index.js';
import type { PageResult } from '../scan/types.js';

/** The contract fields of one JSONL line (GUIDE.md §3); everything else passes through. */
const groupSchema = z.object({ value: z.string(), flagged: z.boolean(), reason: z.string().optional(), fill: z.array(z.number()).optional() }).passthrough();
const pageSchema = z
  .object({
    source: z.string().min(1),
    page: z.number().int().min(1),
    status: z.enum(['ok', 'not_a_sheet', 'error']),
    reason: z.string().optional(),
    serial: z.string().optional().nullable(),
    candidateNumber: z.string().optional().nullable(),
    examCode: z.string().optional().nullable(),
    groups: z.record(z.string(), groupSchema).optional(),
    flags: z.array(z.string()).optional(),
  })
  .passthrough();

export interface JsonlRead {
  pages: PageResult[];
  /** One line per bad line: `results.jsonl line 7: ... → ...`. */
  issues: string[];
}

/** Parse scan results (JSON lines). A bad line is reported with its number (in the language of `t`); the others are kept. */
export function parseResultsJsonl(text: string, file: string, t: T = translator('en')): JsonlRead {
  const pages: PageResult[] = [];
  const issues: string[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (e) {
        issues.push(t('grade.jsonl.notJson', { file, line: i + 1, detail: (e as Error).message }));
        return;
      }
      const r = pageSchema.safeParse(raw);
      if (!r.success) {
        const zi = r.error.issues[0];
        issues.push(t('grade.jsonl.notResult', { file, line: i + 1, detail: `${zi.path.join('.') || 'line'}: ${zi.message}` }));
        return;
      }
      const p = r.data;
      // null identity fields mean "not read": treat them as absent
      pages.push({
        ...(p as unknown as PageResult),
        serial: p.serial ?? undefined,
        candidateNumber: p.candidateNumber ?? undefined,
        examCode: p.examCode ?? undefined,
      });
    });
  return { pages, issues };
}
