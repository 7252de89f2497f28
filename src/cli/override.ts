import type { Command } from 'commander';
import { OmrError } from '../errors.js';
import type { CandidateRow } from '../grade/grade.js';
import type { Decision } from '../workspace/overrides.js';
import type { WorkspaceResults } from '../workspace/results.js';
import type { Workspace } from '../workspace/workspace.js';
import { msg, type T } from '../i18n/index.js';
import type { CliContext } from './context.js';
import { examples } from './help.js';
import { withWorkspace, WS_FLAGS } from './workspace.js';

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
  exclude?: boolean;
  keep?: boolean;
  json?: boolean;
}

/** `--page P --exclude|--keep`: a person's decision about a page in conflict. */
async function decide(ws: Workspace, opts: OverrideCliOptions, ctx: CliContext): Promise<void> {
  const { t } = ctx;
  if (opts.exclude && opts.keep) throw new OmrError('USAGE', msg('ov.decision.what'), { hint: msg('ov.decision.hint') });
  if (opts.question !== undefined || opts.sbd || opts.made || opts.value !== undefined) throw new OmrError('USAGE', msg('ov.decision.mixed'), { hint: msg('ov.decision.hint') });
  if (opts.page === undefined || opts.serial !== undefined) throw new OmrError('USAGE', msg('ov.decision.needPage'), { hint: msg('ov.decision.hint') });
  for (const [k, v] of [['--by', opts.by], ['--reason', opts.reason]] as const) {
    if (v === undefined) throw new OmrError('USAGE', msg('ov.required', { flag: k }), { hint: msg('ov.decision.hint') });
  }
  const [{ personAndReason }, { resolveConflict }, { computeResults }, { statusOf }] = await Promise.all([
    import('../workspace/conflicts.js'),
    import('../workspace/overrides.js'),
    import('../workspace/results.js'),
    import('../workspace/status.js'),
  ]);
  personAndReason(opts.by, opts.reason); // before looking the page up: one line naming the fix
  const decision: Decision = opts.exclude ? 'exclude' : 'keep';
  const pageId = await pageIdOf(ws, opts.page, decision);
  const before = computeResults(ws);
  const r = resolveConflict(ws.db, { pageId, decision, by: opts.by!, reason: opts.reason! });
  const after = computeResults(ws);
  const conflicts = (res: WorkspaceResults) => statusOf(ws, res).conflicts;
  const leftOut = after.excluded.filter((x) => x.page.id !== pageId && !before.excluded.some((y) => y.page.id === x.page.id)).map((x) => ({ source: x.page.source, page: x.page.page }));
  if (opts.json) {
    ctx.out(JSON.stringify({ decision: r.row, page: r.page, replaces: r.previous, leftOut, conflicts: { before: conflicts(before), after: conflicts(after) } }));
    return;
  }
  ctx.out(t('ov.decision.done', { id: r.row.id, source: r.page.source, page: r.page.page, decision, by: r.row.by, reason: r.row.reason }));
  if (r.previous) ctx.out(t('ov.decision.replaces', { id: r.previous.id, decision: r.previous.decision, by: r.previous.by }));
  if (leftOut.length) ctx.out(t('ov.decision.leftOut', { list: leftOut }));
  ctx.out(t('ov.decision.conflicts', { before: conflicts(before), after: conflicts(after) }));
}

/** The page a decision is about: SOURCE:PAGE naming exactly one stored page (any status for --exclude). */
async function pageIdOf(ws: Workspace, ref: string, decision: Decision): Promise<number> {
  const { findPagesByRef, overrideAnchor } = await import('../workspace/overrides.js');
  if (decision === 'keep') return overrideAnchor(ws, { page: ref }).id;
  const hits = findPagesByRef(ws, ref);
  if (!hits.length) throw new OmrError('USAGE', msg('ov.noPage', { ref }), { hint: msg('ov.noPage.hint') });
  if (hits.length > 1) {
    const distinct = new Set(hits.map((h) => `${h.source}:${h.page}`));
    throw new OmrError('USAGE', msg('ov.manyPages', { ref, n: hits.length, list: [...distinct].join(', '), sameName: distinct.size === 1 }), { hint: msg('ov.manyPages.hint', { sameName: distinct.size === 1 }) });
  }
  return hits[0].id;
}

function rowFor(res: WorkspaceResults, pages: { source: string; page: number }[]): CandidateRow | undefined {
  return res.grades.rows.find((r) => r.pages.some((p) => pages.some((x) => x.source === p.source && x.page === p.page)));
}

function rowText(r: CandidateRow | undefined, t: T): string {
  if (!r) return t('ov.noRow');
  const who = `SBD ${r.sbd || '?'}${r.candidate ? ` ${r.candidate.hoTen}` : ''}`;
  return r.score ? t('ov.row.scored', { who, total: r.score.total, max: r.score.max, band: r.band ?? '' }) : t('ov.row.unscored', { who, status: r.status });
}

export function registerOverride(program: Command, ctx: CliContext): void {
  const { t } = ctx;
  program
    .command('override')
    .description(t('ov.description'))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('-s, --serial <serial>', t('ov.opt.serial'))
    .option('--page <source:page>', t('ov.opt.page'))
    .option('-q, --question <n>', t('ov.opt.question'))
    .option('--sbd', t('ov.opt.sbd'))
    .option('--made', t('ov.opt.made'))
    .option('--value <v>', t('ov.opt.value'))
    .option('--by <name>', t('ov.opt.by'))
    .option('--reason <text>', t('ov.opt.reason'))
    .option('--exclude', t('ov.opt.exclude'))
    .option('--keep', t('ov.opt.keep'))
    .option('--json', t('opt.json'))
    .addHelpText(
      'after',
      examples(
        t,
        [
          'omr override -w ky-thi/ --serial 000123 --question 17 --value B --by "Nguyễn Văn A" --reason "tô mờ, đã xem phiếu gốc"',
          'omr override -w ky-thi/ --serial 000123 --question 40 --value "" --by "Nguyễn Văn A" --reason "đã tẩy, bỏ trống"',
          'omr override -w ky-thi/ --page scans/lo-2.pdf:7 --sbd --value 000245 --by "Trần Thị B" --reason "QR rách, SBD tô sai cột 4"',
          'omr override -w ky-thi/ --page scans/lo-3.pdf:2 --exclude --by "Trần Thị B" --reason "phiếu giả, trùng số phiếu 000123"',
        ],
        t('help.exit.plain'),
      ),
    )
    .action((opts: OverrideCliOptions) =>
      withWorkspace(opts.workspace, async (ws) => {
        if (opts.exclude || opts.keep) return decide(ws, opts, ctx);
        const chosen = [opts.question !== undefined, Boolean(opts.sbd), Boolean(opts.made)].filter(Boolean).length;
        if (chosen !== 1) throw new OmrError('USAGE', chosen === 0 ? msg('ov.what') : msg('ov.oneThing'), { hint: msg('ov.usage.hint') });
        for (const [k, v] of [['--value', opts.value], ['--by', opts.by], ['--reason', opts.reason]] as const) {
          if (v === undefined) throw new OmrError('USAGE', msg('ov.required', { flag: k }), { hint: msg('ov.usage.hint') });
        }
        if (opts.question !== undefined && !/^\d+$/.test(opts.question.trim())) {
          throw new OmrError('USAGE', msg('ov.questionNumber', { value: opts.question }), { hint: msg('ov.question.hint') });
        }
        const [{ addOverride, overrideWhat }, { computeResults }, { templateOf }] = await Promise.all([
          import('../workspace/overrides.js'),
          import('../workspace/results.js'),
          import('../workspace/workspace.js'),
        ]);
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
        const sheet = opts.serial !== undefined && o.serial ? t('ov.sheetSerial', { serial: o.serial }) : t('scan.where', { source: o.source, page: o.page_no });
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
          ctx.out(t('ov.done', { id: o.id, sheet, what: overrideWhat(o), read: o.read_value ?? '', value: o.value, by: o.by, reason: o.reason }));
          if (r.previous) ctx.out(t('ov.replaces', { id: r.previous.id, value: r.previous.value, by: r.previous.by }));
          if (r.pages.length > 1) ctx.out(t('ov.applies.identical', { n: r.pages.length, list: refs.map((p) => t('scan.where', { source: p.source, page: p.page })).join(', ') }));
          ctx.out(t('ov.before', { row: rowText(rowBefore, t) }));
          ctx.out(t('ov.now', { row: rowText(rowAfter, t) }));
        }
      }),
    );
}
