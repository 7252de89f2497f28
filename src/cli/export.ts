import type { Command } from 'commander';
import path from 'node:path';
import { issueText } from '../errors.js';
import type { HistoryRecord } from '../grade/history.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { gradeSummaryLines } from './grade.js';
import { examples } from './help.js';
import { guardOutputs } from '../workspace/guard.js';
import { withWorkspace, wsArg, WS_FLAGS } from './workspace.js';

export function registerExport(program: Command, ctx: CliContext): void {
  const { t, lang } = ctx;
  program
    .command('export')
    .description(t('export.description'))
    .option(WS_FLAGS, t('opt.workspace'))
    .requiredOption('-o, --out <dir>', t('opt.outDir'))
    .option('--history <file>', t('opt.history'))
    .option('--no-xlsx', t('opt.noXlsx'))
    .option('--json', t('opt.json'))
    .option('--force', t('opt.force'))
    .addHelpText('after', examples(t, ['omr export -w ky-thi/ --out ky-thi/ket-qua/', 'omr export -w ky-thi/ --out ky-thi/ket-qua/ --history ky-truoc/ket-qua.csv'], t('help.exit.review')))
    .action((opts: { workspace?: string; out: string; history?: string; xlsx: boolean; json?: boolean; force?: boolean }) =>
      withWorkspace(
        opts.workspace,
        async (ws) => {
        const { exportOutputs } = await import('../export/write.js');
        guardOutputs([exportOutputs(opts.out, opts.xlsx)], { force: opts.force });
        let history: HistoryRecord[] | undefined;
        const problems: string[] = [];
        if (opts.history) {
          const { loadHistory } = await import('../grade/history.js');
          const h = loadHistory(opts.history);
          history = h.records;
          problems.push(...h.issues.map((i) => issueText(i, lang)));
        }
        const { exportWorkspace } = await import('../workspace/status.js');
        const { files, res } = await exportWorkspace(ws, path.resolve(opts.out), { history, xlsx: opts.xlsx });
        const g = res.grades;
        problems.push(...g.keyIssues.map((i) => issueText(i, lang)), ...res.issues.filter((i) => i.needsPerson && i.kind !== 'flagged').map((i) => issueText(i, lang)));
        if (res.openFlags.length) problems.push(t('export.openFlags', { n: res.openFlags.length, ws: wsArg(ws) }));
        const noSheet = missingSheets(g.summary);
        if (noSheet) problems.push(`${t('export.noSheets', noSheet)} → ${t('export.noSheets.hint', { ws: wsArg(ws) })}`);
        if (ws.readOnly && !opts.json) ctx.err(t('db.readOnlyNote'));
        const rel = files.map((f) => path.relative(process.cwd(), f) || f);
        if (opts.json) ctx.out(JSON.stringify({ summary: g.summary, openFlags: res.openFlags.length, overrides: res.overrides.length, problems, files }));
        else {
          for (const p of problems) ctx.err(p);
          for (const l of gradeSummaryLines(g, problems, rel, t)) ctx.out(l);
          if (res.overrides.length) ctx.out(t('export.overrides', { n: res.overrides.length }));
        }
        if (g.summary.needsPerson || problems.length || res.openFlags.length) ctx.exitCode = EXIT_NEEDS_PERSON;
        },
        { readOnlyOk: true },
      ),
    );
}

/**
 * Candidates with no sheet, when that looks like a mistake rather than a few absentees: no page
 * scanned at all, or more than half of the roster without a sheet.
 */
export function missingSheets(s: { pages: { total: number }; candidates: { roster: number; absent: number } }): { absent: number; roster: number; pages: number } | undefined {
  const { roster, absent } = s.candidates;
  if (!roster || !absent) return undefined;
  return s.pages.total === 0 || absent * 2 > roster ? { absent, roster, pages: s.pages.total } : undefined;
}
