import type { Command } from 'commander';
import type { SingleBar } from 'cli-progress';
import path from 'node:path';
import { OmrError } from '../errors.js';
import type { ScanSummary } from '../scan/batch.js';
import { JsonlWriter } from '../scan/jsonl.js';
import type { PageResult } from '../scan/types.js';
import { msg, type Lang, type T } from '../i18n/index.js';
import { groupName, groupReason, pageFlag, scanReason } from '../i18n/scan.js';
import { EXIT_BAD_INPUT, EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { errorLine, examples, templateOption } from './help.js';
import { defaultJobs } from '../scan/jobs.js';
import { guardOutputs, requireInputs, type OutputTarget } from '../workspace/guard.js';
import { scanIntoWorkspace, watchIntoWorkspace } from './workspace.js';

export interface ScanCliOptions {
  template: string;
  out?: string;
  workspace?: string;
  annotate?: string;
  jobs?: string;
  pdfDpi?: string;
  json?: boolean;
  force?: boolean;
  watch?: string;
}

/** One page of the batch as one line (the reason and flags in the user's language; results.jsonl keeps English). */
export function pageLine(r: PageResult, t: T, lang: Lang): string {
  const where = t('scan.where', { source: r.source, page: r.page > 1 || r.status === 'ok' ? r.page : null });
  if (r.status !== 'ok') {
    return t('scan.page.notOk', { where, status: r.status === 'error' ? t('scan.status.error') : t('scan.status.not_a_sheet'), reason: scanReason(lang, r.reason ?? '') });
  }
  const flagged = Object.entries(r.groups ?? {}).filter(([, g]) => g.flagged);
  const shown = flagged.slice(0, 4).map(([k, g]) => `${groupName(lang, k)} ${groupReason(lang, g.reason)}`).join(', ') + (flagged.length > 4 ? ', …' : '');
  const extra = [...(r.flags ?? []).map((f) => pageFlag(lang, f)), ...(flagged.length ? [t('scan.page.flagged', { n: flagged.length, list: shown })] : [])];
  return t('scan.page.ok', { where, serial: r.serial ?? '?', sbd: r.candidateNumber ?? '', made: r.examCode ?? '', rotation: r.rotation ?? 0, extra });
}

/** The line for a picture that could not be written (null when there is none). */
export function pictureLine(r: PageResult, t: T): string | null {
  return r.annotateError ? t('scan.picture.failed', { path: r.annotateError.path, code: r.annotateError.code }) : null;
}

export function summaryLines(s: ScanSummary, out: string, t: T): string[] {
  return [
    t('scan.summary.pages', { pages: s.pages, ok: s.ok, notASheet: s.notASheet, errors: s.errors, skipped: s.skipped }),
    t('scan.summary.review', { pages: s.pagesToReview, groups: s.flaggedGroups }),
    t('scan.summary.speed', { rate: s.sheetsPerSecond, seconds: s.seconds }),
    t('scan.summary.results', { out }),
  ];
}

/** --jobs and --pdf-dpi, checked before any work. */
export function scanNumbers(opts: { jobs?: string; pdfDpi?: string }): { jobs?: number; pdfDpi?: number } {
  const jobs = opts.jobs !== undefined ? Number(opts.jobs) : undefined;
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) throw new OmrError('USAGE', msg('usage.jobs', { value: opts.jobs! }), { hint: msg('usage.jobs.hint') });
  const pdfDpi = opts.pdfDpi !== undefined ? Number(opts.pdfDpi) : undefined;
  if (pdfDpi !== undefined && !(pdfDpi >= 72 && pdfDpi <= 600)) throw new OmrError('USAGE', msg('usage.pdfDpi', { value: opts.pdfDpi! }), { hint: msg('usage.pdfDpi.hint') });
  return { jobs, pdfDpi };
}

/** What omr scan writes (`--out`, its `.partial`, `--annotate`), for the output guard. */
export function scanOutputs(opts: { out?: string; annotate?: string }): OutputTarget[] {
  return [
    ...(opts.out ? [{ file: opts.out, kind: 'jsonl' as const }, { file: `${opts.out}.partial`, kind: 'jsonl' as const }] : []),
    ...(opts.annotate ? [{ dir: opts.annotate }] : []),
  ];
}

/** The progress bar (on a terminal only, never with --json). */
export async function progressBar(ctx: CliContext, json?: boolean): Promise<SingleBar | undefined> {
  if (!ctx.isTTY || json) return undefined;
  const { SingleBar } = await import('cli-progress');
  return new SingleBar({ format: ctx.t('scan.bar'), hideCursor: true, clearOnComplete: true });
}

export function registerScan(program: Command, ctx: CliContext): void {
  const { t, lang } = ctx;
  program
    .command('scan')
    .description(t('scan.description'))
    .argument('[inputs...]', t('scan.arg.inputs'))
    .addOption(templateOption(t))
    .option('-o, --out <file>', t('scan.opt.out'))
    .option('-w, --workspace <dir>', t('scan.opt.workspace'))
    .option('-a, --annotate <dir>', t('scan.opt.annotate'))
    .option('-j, --jobs <n>', t('scan.opt.jobs', { n: defaultJobs() }))
    .option('--pdf-dpi <dpi>', t('scan.opt.pdfDpi'), '200')
    .option('--watch <folder>', t('scan.opt.watch'))
    .option('--json', t('opt.json'))
    .option('--force', t('opt.force'))
    .addHelpText(
      'after',
      examples(
        t,
        [
          'omr scan scans/ --out results.jsonl',
          'omr scan batch1.pdf batch2.tif --out results.jsonl --annotate annotated/ --jobs 2',
          `omr scan -w ky-thi/ scanner-folder/   ${t('scan.example.ws')}`,
          'omr scan -w ky-thi/ --watch scanner-folder/',
        ],
        t('help.exit.report'),
      ),
    )
    .action(async (inputs: string[], opts: ScanCliOptions, cmd: Command) => {
      if (opts.watch !== undefined && opts.workspace === undefined) throw new OmrError('USAGE', msg('scan.watch.needWs'), { hint: msg('scan.watch.needWs.hint') });
      if (!inputs.length && opts.watch === undefined) throw new OmrError('USAGE', msg('usage.missingArgument', { name: 'inputs' }), { hint: msg('usage.hint', { command: 'scan' }) });
      if (opts.workspace !== undefined) {
        const templateGiven = cmd.getOptionValueSource('template') === 'cli';
        if (inputs.length) await scanIntoWorkspace(inputs, { ...opts, workspace: opts.workspace }, ctx, templateGiven);
        if (opts.watch !== undefined) await watchIntoWorkspace(opts.watch, { ...opts, workspace: opts.workspace }, ctx, templateGiven);
        return;
      }
      if (!opts.out) throw new OmrError('USAGE', msg('scan.needOut'), { hint: msg('scan.needOut.hint') });
      const out = opts.out;
      const { jobs, pdfDpi } = scanNumbers(opts);
      const [{ scanInputs }, { templateLayout }] = await Promise.all([import('../scan/batch.js'), import('../template/known.js')]);
      const { layout } = await templateLayout(opts.template); // fail early, before any work, on a bad template
      requireInputs(inputs);
      guardOutputs(scanOutputs(opts), { force: opts.force });
      const writer = new JsonlWriter(out);
      const bar = await progressBar(ctx, opts.json);
      bar?.start(0, 0, { file: '' });
      let n = 0;
      let summary: ScanSummary;
      try {
        summary = await scanInputs(inputs, {
          templateFile: opts.template,
          layout,
          jobs,
          annotateDir: opts.annotate ? path.resolve(opts.annotate) : undefined,
          pdfDpi,
          onPage: (r) => {
            writer.write(r);
            n++;
            if (bar) {
              bar.setTotal(n);
              bar.update(n, { file: t('scan.where', { source: r.source, page: r.page }) });
            } else if (!opts.json) ctx.out(pageLine(r, t, lang));
            const pic = pictureLine(r, t);
            if (pic) ctx.err(pic);
          },
        });
      } catch (e) {
        writer.abort();
        bar?.stop();
        throw e;
      }
      bar?.stop();
      writer.close();
      if (opts.json) ctx.out(JSON.stringify({ ...summary, out }));
      else for (const l of summaryLines(summary, out, t)) ctx.out(l);
      if (summary.picturesFailed) ctx.err(t('scan.picture.summary', { n: summary.picturesFailed }));
      if (summary.pages === 0) {
        ctx.err(errorLine(t('scan.noPages'), t('scan.noPages.hint')));
        ctx.exitCode = EXIT_BAD_INPUT;
      } else if (summary.errors || summary.notASheet || summary.pagesToReview || summary.picturesFailed) ctx.exitCode = EXIT_NEEDS_PERSON;
    });
}
