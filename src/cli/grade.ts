import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { issueText, OmrError } from '../errors.js';
import type { ExamGrades } from '../grade/grade.js';
import type { HistoryRecord } from '../grade/history.js';
import type { Candidate } from '../roster/roster.js';
import { msg, type T } from '../i18n/index.js';
import type { PageResult } from '../scan/types.js';
import { render } from '../i18n/index.js';
import { guardOutputs } from '../workspace/guard.js';
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
      const { exportOutputs } = await import('../export/write.js');
      guardOutputs([exportOutputs(opts.out, opts.xlsx)], { force: opts.force });
      const [{ loadTemplate }, { loadExam }, { parseResultsJsonl }, { keyRules, loadKeys }, { loadRoster, rowsLine }, { loadHistory }, { gradeExam }] = await Promise.all([
        import('../template/load.js'),
        import('../exam/exam.js'),
        import('../grade/results-jsonl.js'),
        import('../grade/keys.js'),
        import('../roster/roster.js'),
        import('../grade/history.js'),
        import('../grade/grade.js'),
      ]);
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
        problems.push(...h.issues.map((i) => issueText(i, lang)));
      }
      const grades = gradeExam({ template, keys, roster, pages: jsonl.pages, history, ...(exam ? { bands: exam.bands } : {}) });
      problems.push(...grades.issues.filter((i) => i.needsPerson).map((i) => issueText(i, lang)));
      const { writeExports } = await import('../export/write.js');
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
