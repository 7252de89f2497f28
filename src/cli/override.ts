import type { Command } from 'commander';
import { OmrError } from '../errors.js';
import type { CandidateRow } from '../grade/grade.js';
import { addOverride, overrideWhat } from '../workspace/overrides.js';
import { computeResults, type WorkspaceResults } from '../workspace/results.js';
import { templateOf } from '../workspace/workspace.js';
import type { CliContext } from './context.js';
import { withWorkspace, WS_FLAGS, WS_HELP } from './workspace.js';

interface OverrideCliOptions {
  workspace?: string;
  serial?: string;
  page?: string;
  question?: string;
  sbd?: boolean;
  made?: boolean;
  value?: string;
  by?: string;
  reason?: string;
  json?: boolean;
}

function rowFor(res: WorkspaceResults, pages: { source: string; page: number }[]): CandidateRow | undefined {
  return res.grades.rows.find((r) => r.pages.some((p) => pages.some((x) => x.source === p.source && x.page === p.page)));
}

function rowText(r: CandidateRow | undefined): string {
  if (!r) return '(not on any result row)';
  const who = `SBD ${r.sbd || '?'}${r.candidate ? ` ${r.candidate.hoTen}` : ''}`;
  return r.score ? `${who}: ${r.score.total}/${r.score.max} (${r.band})` : `${who}: not scored (${r.status})`;
}

export function registerOverride(program: Command, ctx: CliContext): void {
  program
    .command('override')
    .description("record a person's correction of one answer, the SBD or the mã đề of a sheet (the automatic read is kept; the latest correction wins; every correction shows in the exports)")
    .option(WS_FLAGS, WS_HELP)
    .option('-s, --serial <serial>', 'the sheet, by the số phiếu under its QR code')
    .option('--page <source:page>', 'the sheet, by file and page as omr review shows them (when the QR could not be read)')
    .option('-q, --question <n>', 'correct the answer to this question')
    .option('--sbd', 'correct the số báo danh')
    .option('--made', 'correct the mã đề')
    .option('--value <v>', 'the corrected value: A-D (several letters for a multiple mark, "" for blank); digits for --sbd / --made')
    .option('--by <name>', 'who decided (required)')
    .option('--reason <text>', 'why (required): what the person saw on the sheet')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  omr override -w ky-thi/ --serial 000123 --question 17 --value B --by "Nguyễn Văn A" --reason "tô mờ, đã xem phiếu gốc"\n  omr override -w ky-thi/ --serial 000123 --question 40 --value "" --by "Nguyễn Văn A" --reason "đã tẩy, bỏ trống"\n  omr override -w ky-thi/ --page scans/lo-2.pdf:7 --sbd --value 000245 --by "Trần Thị B" --reason "QR rách, SBD tô sai cột 4"',
    )
    .action((opts: OverrideCliOptions) =>
      withWorkspace(opts.workspace, (ws) => {
        const chosen = [opts.question !== undefined, Boolean(opts.sbd), Boolean(opts.made)].filter(Boolean).length;
        if (chosen !== 1) {
          throw new OmrError('USAGE', chosen === 0 ? 'say what to correct: --question N, --sbd or --made' : 'correct one thing at a time: --question N, --sbd or --made', {
            hint: 'omr override -w DIR --serial 000123 --question 17 --value B --by NAME --reason TEXT',
          });
        }
        for (const [k, v] of [['--value', opts.value], ['--by', opts.by], ['--reason', opts.reason]] as const) {
          if (v === undefined) throw new OmrError('USAGE', `${k} is required`, { hint: 'omr override -w DIR --serial 000123 --question 17 --value B --by NAME --reason TEXT' });
        }
        if (opts.question !== undefined && !/^\d+$/.test(opts.question.trim())) {
          throw new OmrError('USAGE', `--question must be a question number, not "${opts.question}"`, { hint: 'e.g. --question 17' });
        }
        const template = templateOf(ws);
        const before = computeResults(ws);
        const r = addOverride(
          ws,
          {
            ...(opts.serial !== undefined ? { serial: opts.serial } : {}),
            ...(opts.page !== undefined ? { page: opts.page } : {}),
            field: opts.question !== undefined ? 'answer' : opts.sbd ? 'sbd' : 'made',
            ...(opts.question !== undefined ? { question: Number(opts.question) } : {}),
            value: opts.value!,
            by: opts.by!,
            reason: opts.reason!,
          },
          template,
        );
        const after = computeResults(ws);
        const refs = r.pages.map((p) => ({ source: p.source, page: p.page }));
        const rowBefore = rowFor(before, refs);
        const rowAfter = rowFor(after, refs);
        const o = r.row;
        const sheet = o.serial ? `số phiếu ${o.serial}` : `${o.source} p.${o.page_no}`;
        if (opts.json) {
          ctx.out(
            JSON.stringify({
              override: o,
              replaces: r.previous,
              pages: refs,
              before: rowBefore ? { sbd: rowBefore.sbd, total: rowBefore.score?.total ?? null, band: rowBefore.band, status: rowBefore.status } : null,
              after: rowAfter ? { sbd: rowAfter.sbd, total: rowAfter.score?.total ?? null, band: rowAfter.band, status: rowAfter.status } : null,
            }),
          );
        } else {
          ctx.out(`✔ Override #${o.id}: ${sheet} ${overrideWhat(o)}: máy đọc "${o.read_value ?? ''}" → "${o.value}" (${o.by}: ${o.reason})`);
          if (r.previous) ctx.out(`  replaces override #${r.previous.id} ("${r.previous.value}" by ${r.previous.by}), which stays in the history`);
          if (r.pages.length > 1) ctx.out(`  applies to ${r.pages.length} pages with this serial: ${refs.map((p) => `${p.source} p.${p.page}`).join(', ')}`);
          ctx.out(`  before: ${rowText(rowBefore)}`);
          ctx.out(`  now:    ${rowText(rowAfter)}`);
        }
      }),
    );
}
