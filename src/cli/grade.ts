import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OmrError } from '../errors.js';
import { loadExam } from '../exam/exam.js';
import { writeExports } from '../export/write.js';
import { gradeExam, type ExamGrades } from '../grade/grade.js';
import { loadHistory, type HistoryRecord } from '../grade/history.js';
import { keyRules, loadKeys } from '../grade/keys.js';
import { loadRoster, type Candidate } from '../roster/roster.js';
import type { PageResult } from '../scan/types.js';
import { DEFAULT_TEMPLATE, loadTemplate } from '../template/load.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';

export interface GradeCliOptions {
  key: string[];
  roster?: string;
  exam?: string;
  history?: string;
  template: string;
  out: string;
  json?: boolean;
  xlsx: boolean;
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

/** Parse scan results (JSON lines). A bad line is reported with its number; the others are kept. */
export function parseResultsJsonl(text: string, file: string): JsonlRead {
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
        issues.push(`${file} line ${i + 1}: not valid JSON (${(e as Error).message}) → re-run omr scan for that page, or delete the line`);
        return;
      }
      const r = pageSchema.safeParse(raw);
      if (!r.success) {
        const zi = r.error.issues[0];
        issues.push(`${file} line ${i + 1}: not a scan result (${zi.path.join('.') || 'line'}: ${zi.message}) → re-run omr scan for that page, or delete the line`);
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

export function gradeSummaryLines(g: ExamGrades, problems: string[], files: string[]): string[] {
  const s = g.summary;
  const lines: string[] = [];
  const pageBits = [`${s.pages.ok} ok`, s.pages.notASheet ? `${s.pages.notASheet} not a sheet` : '', s.pages.error ? `${s.pages.error} unreadable` : '', s.pages.duplicates ? `${s.pages.duplicates} duplicate` : ''].filter(Boolean);
  lines.push(`Pages: ${s.pages.total} (${pageBits.join(', ')})${g.rosterGiven ? ` · roster: ${s.candidates.roster} candidates` : ''}`);
  const w = Math.max(9, ...s.bands.map((b) => b.name.length));
  lines.push(`  ${'Xếp loại'.padEnd(w)}  ${'Số'.padStart(5)}  ${'Tỉ lệ'.padStart(6)}`);
  for (const b of s.bands) lines.push(`  ${b.name.padEnd(w)}  ${String(b.count).padStart(5)}  ${pct(b.count, s.candidates.scored).padStart(6)}`);
  lines.push(`  ${'Đã chấm'.padEnd(w)}  ${String(s.candidates.scored).padStart(5)}`);
  if (g.rosterGiven) lines.push(`  ${'Vắng'.padEnd(w)}  ${String(s.candidates.absent).padStart(5)}`);
  if (s.candidates.unscored) lines.push(`  ${'Chưa chấm'.padEnd(w)}  ${String(s.candidates.unscored).padStart(5)}`);
  const need = [
    s.flaggedAnswers ? `${s.flaggedAnswers} flagged answer(s) on ${s.flaggedSheets} sheet(s)` : '',
    s.conflicts ? `${s.conflicts} conflict(s)` : '',
    s.candidates.unknownSbd ? `${s.candidates.unknownSbd} SBD not in the roster` : '',
    s.keyProblems ? `${s.keyProblems} key problem(s)` : '',
    problems.length ? `${problems.length} problem(s) in total, listed on stderr` : '',
  ].filter(Boolean);
  lines.push(need.length ? `Needs a person: ${need.join(', ')}` : 'Nothing needs a person.');
  lines.push(`Wrote: ${files.join(', ')}`);
  return lines;
}

export function registerGrade(program: Command, ctx: CliContext): void {
  program
    .command('grade')
    .description('grade scan results against answer keys and write ket-qua.csv, bai-lam.csv, phan-tich-cau-hoi.csv, tong-hop.csv and ket-qua.xlsx')
    .argument('<results>', 'results.jsonl written by omr scan')
    .requiredOption('-k, --key <file>', 'answer key CSV (ma_de,cau,dap_an) or JSON; repeat for several files', (v: string, prev: string[] = []) => [...prev, v])
    .option('-r, --roster <file>', 'roster CSV (sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh)')
    .option('-e, --exam <file>', 'exam file (JSON); its "bands" replace the default bands')
    .option('--history <file>', "the previous round's ket-qua.csv: flags a second consecutive Không đạt")
    .option('-t, --template <file>', 'template file', DEFAULT_TEMPLATE)
    .requiredOption('-o, --out <dir>', 'folder for the exports')
    .option('--no-xlsx', 'do not write ket-qua.xlsx')
    .option('--json', 'print the summary, problems and rows as JSON')
    .addHelpText(
      'after',
      '\nExit code: 0 done, 1 done but something needs a person (flagged answers, conflicts, key problems), 2 bad usage or input.' +
        '\n\nExamples:\n  omr grade results.jsonl --key dap-an.csv --roster roster.csv --out ket-qua/\n  omr grade results.jsonl --key de-101.csv --key de-102.csv --exam exam.json --history ky-truoc/ket-qua.csv --out ket-qua/',
    )
    .action(async (results: string, opts: GradeCliOptions) => {
      const template = loadTemplate(opts.template);
      const exam = opts.exam ? loadExam(opts.exam) : undefined;
      let text: string;
      try {
        text = readFileSync(results, 'utf8');
      } catch (e) {
        throw new OmrError('IO', `${results}: cannot read the scan results: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
          hint: 'give the results.jsonl written by omr scan --out',
        });
      }
      const jsonl = parseResultsJsonl(text, results);
      if (jsonl.pages.length === 0 && jsonl.issues.length === 0) {
        throw new OmrError('USAGE', `${results}: no pages in the scan results`, { hint: 'run omr scan first; it writes one line per page' });
      }
      const keys = loadKeys(opts.key, keyRules(template));
      let roster: Candidate[] | undefined;
      const problems: string[] = [...keys.issues.map((i) => i.text), ...jsonl.issues];
      if (opts.roster) {
        const r = loadRoster(opts.roster, { sbdDigits: template.candidate.sbd.digits });
        roster = r.candidates;
        problems.push(...r.issues.map((i) => i.message));
      }
      let history: HistoryRecord[] | undefined;
      if (opts.history) {
        const h = loadHistory(opts.history);
        history = h.records;
        problems.push(...h.issues.map((i) => i.text));
      }
      const grades = gradeExam({ template, keys, roster, pages: jsonl.pages, history, ...(exam ? { bands: exam.bands } : {}) });
      problems.push(...grades.issues.filter((i) => i.needsPerson).map((i) => i.text));
      const files = await writeExports(grades, opts.out, { options: template.answers.options, xlsx: opts.xlsx });
      const needsPerson = grades.summary.needsPerson || problems.length > 0;

      if (opts.json) {
        ctx.out(
          JSON.stringify(
            {
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
            },
            null,
            2,
          ),
        );
      } else {
        for (const p of problems) ctx.err(p);
        for (const l of gradeSummaryLines(grades, problems, files)) ctx.out(l);
      }
      if (needsPerson) ctx.exitCode = EXIT_NEEDS_PERSON;
    });
}
