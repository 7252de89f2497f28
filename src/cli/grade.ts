import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { issueText, OmrError } from '../errors.js';
import { loadExam } from '../exam/exam.js';
import { exportOutputs, writeExports } from '../export/write.js';
import { gradeExam, type ExamGrades } from '../grade/grade.js';
import { loadHistory, type HistoryRecord } from '../grade/history.js';
import { keyRules, loadKeys } from '../grade/keys.js';
import { loadRoster, rowsLine, type Candidate } from '../roster/roster.js';
import { guardOutputs } from '../workspace/guard.js';
import type { PageResult } from '../scan/types.js';
import { loadTemplate } from '../template/load.js';
import { msg, render, translator, type T } from '../i18n/index.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples, templateOption } from './help.js';

export interface GradeCliOptions {
  key: string[];
  roster?: string;
  exam?: string;
  history?: string;
  template: string;
  out: string;
  json?: boolean;
  xlsx: boolean;
  force?: boolean;
}

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

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}%` : '-';
}

export function gradeSummaryLines(g: ExamGrades, problems: string[], files: string[], t: T): string[] {
  const s = g.summary;
  const lines: string[] = [];
  lines.push(t('grade.pages', { total: s.pages.total, ok: s.pages.ok, notASheet: s.pages.notASheet, error: s.pages.error, duplicates: s.pages.duplicates, roster: g.rosterGiven ? s.candidates.roster : null }));
  const [band, count, share, scored, absent, unscored] = [t('grade.col.band'), t('grade.col.count'), t('grade.col.share'), t('grade.row.scored'), t('grade.row.absent'), t('grade.row.unscored')];
  const w = Math.max(9, band.length, scored.length, absent.length, unscored.length, ...s.bands.map((b) => b.name.length));
  lines.push(`  ${band.padEnd(w)}  ${count.padStart(5)}  ${share.padStart(6)}`);
  for (const b of s.bands) lines.push(`  ${b.name.padEnd(w)}  ${String(b.count).padStart(5)}  ${pct(b.count, s.candidates.scored).padStart(6)}`);
  lines.push(`  ${scored.padEnd(w)}  ${String(s.candidates.scored).padStart(5)}`);
  if (g.rosterGiven) lines.push(`  ${absent.padEnd(w)}  ${String(s.candidates.absent).padStart(5)}`);
  if (s.candidates.unscored) lines.push(`  ${unscored.padEnd(w)}  ${String(s.candidates.unscored).padStart(5)}`);
  const need = [
    s.flaggedAnswers ? t('grade.need.flagged', { answers: s.flaggedAnswers, sheets: s.flaggedSheets }) : '',
    s.conflicts ? t('grade.need.conflicts', { n: s.conflicts }) : '',
    s.candidates.unknownSbd ? t('grade.need.unknownSbd', { n: s.candidates.unknownSbd }) : '',
    s.keyProblems ? t('grade.need.keyProblems', { n: s.keyProblems }) : '',
    problems.length ? t('grade.need.problems', { n: problems.length }) : '',
  ].filter(Boolean);
  lines.push(need.length ? t('grade.needsPerson', { list: need.join(', ') }) : t('grade.nothing'));
  lines.push(t('grade.wrote', { files: files.join(', ') }));
  return lines;
}

export function registerGrade(program: Command, ctx: CliContext): void {
  const { t, lang } = ctx;
  program
    .command('grade')
    .description(t('grade.description'))
    .argument('<results>', t('grade.arg.results'))
    .requiredOption('-k, --key <file>', t('opt.key'), (v: string, prev: string[] = []) => [...prev, v])
    .option('-r, --roster <file>', t('grade.opt.roster'))
    .option('-e, --exam <file>', t('grade.opt.exam'))
    .option('--history <file>', t('opt.history'))
    .addOption(templateOption(t))
    .requiredOption('-o, --out <dir>', t('opt.outDir'))
    .option('--no-xlsx', t('opt.noXlsx'))
    .option('--json', t('opt.json'))
    .option('--force', t('opt.force'))
    .addHelpText(
      'after',
      examples(
        t,
        [
          'omr grade results.jsonl --key dap-an.csv --roster roster.csv --out ket-qua/',
          'omr grade results.jsonl --key de-101.csv --key de-102.csv --exam exam.json --history ky-truoc/ket-qua.csv --out ket-qua/',
        ],
        t('grade.exit'),
      ),
    )
    .action(async (results: string, opts: GradeCliOptions) => {
      guardOutputs([exportOutputs(opts.out, opts.xlsx)], { force: opts.force });
      const template = loadTemplate(opts.template);
      const exam = opts.exam ? loadExam(opts.exam) : undefined;
      let text: string;
      try {
        text = readFileSync(results, 'utf8');
      } catch (e) {
        throw new OmrError('IO', msg('io.cannotRead', { file: results, what: 'scan results', code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), {
          hint: msg('grade.results.hint'),
        });
      }
      const jsonl = parseResultsJsonl(text, results, t);
      if (jsonl.pages.length === 0 && jsonl.issues.length === 0) {
        throw new OmrError('USAGE', msg('grade.noPages', { file: results }), { hint: msg('grade.noPages.hint') });
      }
      const keys = loadKeys(opts.key, keyRules(template));
      let roster: Candidate[] | undefined;
      const problems: string[] = [...keys.issues.map((i) => issueText(i, lang)), ...jsonl.issues];
      if (opts.roster) {
        const r = loadRoster(opts.roster, { sbdDigits: template.candidate.sbd.digits });
        roster = r.candidates;
        problems.push(...r.issues.map((i) => issueText(i, lang)));
        if (r.issues.length) problems.push(render(lang, rowsLine(r, opts.roster).msg));
      }
      let history: HistoryRecord[] | undefined;
      if (opts.history) {
        const h = loadHistory(opts.history);
        history = h.records;
        problems.push(...h.issues.map((i) => i.text));
      }
      const grades = gradeExam({ template, keys, roster, pages: jsonl.pages, history, ...(exam ? { bands: exam.bands } : {}) });
      problems.push(...grades.issues.filter((i) => i.needsPerson).map((i) => issueText(i, lang)));
      const files = await writeExports(grades, opts.out, { options: template.answers.options, xlsx: opts.xlsx });
      const needsPerson = grades.summary.needsPerson || problems.length > 0;

      if (opts.json) {
        ctx.out(
          JSON.stringify({
            summary: grades.summary,
            problems,
            issues: grades.issues,
            keys: grades.keys,
            keyFiles: keys.files,
            files,
            rows: grades.rows.map((r) => ({
              stt: r.stt,
              sbd: r.sbd,
              hoTen: r.candidate?.hoTen ?? null,
              status: r.status,
              examCode: r.examCode,
              parts: r.score?.parts.map((p) => p.score) ?? null,
              total: r.score?.total ?? null,
              counts: r.score?.counts ?? null,
              band: r.band,
              consequences: r.consequences,
              keyFingerprint: r.keyFingerprint,
              pages: r.pages,
              notes: r.notes,
              needsPerson: r.needsPerson,
            })),
          }),
        );
      } else {
        for (const p of problems) ctx.err(p);
        for (const l of gradeSummaryLines(grades, problems, files, t)) ctx.out(l);
      }
      if (needsPerson) ctx.exitCode = EXIT_NEEDS_PERSON;
    });
}
