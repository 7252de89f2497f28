import type { Command } from 'commander';
import path from 'node:path';
import { loadHistory, type HistoryRecord } from '../grade/history.js';
import { exportWorkspace } from '../workspace/status.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { gradeSummaryLines } from './grade.js';
import { withWorkspace, wsArg, WS_FLAGS, WS_HELP } from './workspace.js';

export function registerExport(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('write the grading files from the workspace (the same as omr grade: ket-qua.csv, bai-lam.csv, phan-tich-cau-hoi.csv, tong-hop.csv, ket-qua.xlsx), overrides applied')
    .option(WS_FLAGS, WS_HELP)
    .requiredOption('-o, --out <dir>', 'folder for the exports')
    .option('--history <file>', "the previous round's ket-qua.csv: flags a second consecutive Không đạt")
    .option('--no-xlsx', 'do not write ket-qua.xlsx')
    .option('--json', 'print the summary and files as JSON')
    .addHelpText('after', '\nExit code: 0 done, 1 done but something needs a person (see omr review), 2 bad usage or input.\n\nExample:\n  omr export -w ky-thi/ --out ky-thi/ket-qua/')
    .action((opts: { workspace?: string; out: string; history?: string; xlsx: boolean; json?: boolean }) =>
      withWorkspace(opts.workspace, async (ws) => {
        let history: HistoryRecord[] | undefined;
        const problems: string[] = [];
        if (opts.history) {
          const h = loadHistory(opts.history);
          history = h.records;
          problems.push(...h.issues.map((i) => i.text));
        }
        const { files, res } = await exportWorkspace(ws, path.resolve(opts.out), { history, xlsx: opts.xlsx });
        const g = res.grades;
        problems.push(...g.keyIssues.map((i) => i.text), ...res.issues.filter((i) => i.needsPerson && i.kind !== 'flagged').map((i) => i.text));
        if (res.openFlags.length) problems.push(`${res.openFlags.length} flagged answer(s)/column(s) still open, scored 0 until overridden → omr review${wsArg(ws)}`);
        const rel = files.map((f) => path.relative(process.cwd(), f) || f);
        if (opts.json) ctx.out(JSON.stringify({ summary: g.summary, openFlags: res.openFlags.length, overrides: res.overrides.length, problems, files }, null, 2));
        else {
          for (const p of problems) ctx.err(p);
          for (const l of gradeSummaryLines(g, problems, rel)) ctx.out(l);
          if (res.overrides.length) ctx.out(`Overrides applied: ${res.overrides.length} (listed in Ghi chú and in bai-lam.csv)`);
        }
        if (g.summary.needsPerson || problems.length || res.openFlags.length) ctx.exitCode = EXIT_NEEDS_PERSON;
      }),
    );
}
