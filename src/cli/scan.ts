import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import path from 'node:path';
import { OmrError } from '../errors.js';
import { defaultJobs, scanInputs, type ScanSummary } from '../scan/batch.js';
import { JsonlWriter } from '../scan/jsonl.js';
import type { PageResult } from '../scan/types.js';
import { DEFAULT_TEMPLATE, loadTemplate } from '../template/load.js';
import { EXIT_BAD_INPUT, EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { scanIntoWorkspace } from './workspace.js';

export interface ScanCliOptions {
  template: string;
  out?: string;
  workspace?: string;
  annotate?: string;
  jobs?: string;
  pdfDpi?: string;
  json?: boolean;
}

export function pageLine(r: PageResult): string {
  const where = `${r.source}${r.page > 1 || r.status === 'ok' ? ` p.${r.page}` : ''}`;
  if (r.status !== 'ok') return `${where}: ${r.status} — ${r.reason ?? ''}`;
  const flagged = Object.entries(r.groups ?? {}).filter(([, g]) => g.flagged);
  const extra = [...(r.flags ?? []), ...(flagged.length ? [`${flagged.length} flagged (${flagged.slice(0, 4).map(([k, g]) => `${k} ${g.reason}`).join(', ')}${flagged.length > 4 ? ', …' : ''})`] : [])];
  return `${where}: ok · serial ${r.serial ?? '?'} · SBD ${r.candidateNumber} · mã đề ${r.examCode} · rotation ${r.rotation}°${extra.length ? ' · ' + extra.join(' · ') : ''}`;
}

export function summaryLines(s: ScanSummary, out: string): string[] {
  return [
    `Pages read: ${s.pages} (ok ${s.ok}, not a sheet ${s.notASheet}, errors ${s.errors}${s.skipped ? `, skipped ${s.skipped} already read` : ''})`,
    `To review: ${s.pagesToReview} pages, ${s.flaggedGroups} flagged groups`,
    `Speed: ${s.sheetsPerSecond} sheets/s (${s.seconds} s)`,
    `Results: ${out}`,
  ];
}

export function registerScan(program: Command, ctx: CliContext): void {
  program
    .command('scan')
    .description('read scanned answer sheets (JPEG, PNG, TIFF incl. multi-page G4, PDF) into results.jsonl')
    .argument('<inputs...>', 'files or folders (walked recursively, natural order)')
    .option('-t, --template <file>', 'template file', DEFAULT_TEMPLATE)
    .option('-o, --out <file>', 'results file (JSON lines, one per page, in input order)')
    .option('-w, --workspace <dir>', 'record every page in this exam workspace (omr init) instead of, or as well as, --out')
    .option('-a, --annotate <dir>', 'write one annotated JPEG per page into this folder')
    .option('-j, --jobs <n>', `worker threads (default: all cores, ${defaultJobs()} here)`)
    .option('--pdf-dpi <dpi>', 'render PDF pages that are not plain scans at this DPI', '200')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExamples:\n  omr scan scans/ --out results.jsonl\n  omr scan batch1.pdf batch2.tif --out results.jsonl --annotate annotated/ --jobs 2\n  omr scan -w ky-thi/ scanner-folder/   (adds only pages not read before)')
    .action(async (inputs: string[], opts: ScanCliOptions, cmd: Command) => {
      if (opts.workspace !== undefined) return scanIntoWorkspace(inputs, { ...opts, workspace: opts.workspace }, ctx, cmd.getOptionValueSource('template') === 'cli');
      if (!opts.out) throw new OmrError('USAGE', 'say where the results go: --out results.jsonl, or -w DIR for an exam workspace', { hint: 'omr scan scans/ --out results.jsonl' });
      const out = opts.out;
      loadTemplate(opts.template); // fail early, before any work, on a bad template
      const jobs = opts.jobs !== undefined ? Number(opts.jobs) : undefined;
      if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1))
        throw new OmrError('USAGE', `--jobs must be a whole number of 1 or more, not "${opts.jobs}"`, { hint: 'for example --jobs 2' });
      const writer = new JsonlWriter(out);
      const bar = ctx.isTTY && !opts.json ? new SingleBar({ format: 'Đang đọc |{bar}| {value} trang · {file}', hideCursor: true, clearOnComplete: true }) : undefined;
      bar?.start(0, 0, { file: '' });
      let n = 0;
      let summary: ScanSummary;
      try {
        summary = await scanInputs(inputs, {
          templateFile: opts.template,
          jobs,
          annotateDir: opts.annotate ? path.resolve(opts.annotate) : undefined,
          pdfDpi: opts.pdfDpi ? Number(opts.pdfDpi) : undefined,
          onPage: (r) => {
            writer.write(r);
            n++;
            if (bar) {
              bar.setTotal(n);
              bar.update(n, { file: `${r.source} p.${r.page}` });
            } else if (!opts.json) ctx.out(pageLine(r));
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
      else for (const l of summaryLines(summary, out)) ctx.out(l);
      if (summary.pages === 0) {
        ctx.err('omr: no pages found in the inputs → give files (.jpg .png .tif .pdf) or folders that contain them');
        ctx.exitCode = EXIT_BAD_INPUT;
      } else if (summary.errors || summary.notASheet || summary.pagesToReview) ctx.exitCode = EXIT_NEEDS_PERSON;
    });
}
