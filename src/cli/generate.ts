import path from 'node:path';
import type { Command } from 'commander';
import { OmrError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { msg, type T } from '../i18n/index.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples, templateOption } from './help.js';
import { generateInWorkspace, generateOutputs, rowsLeftOut } from './workspace.js';
import { guardOutputs } from '../workspace/guard.js';

interface GenerateCliOptions {
  template: string;
  exam?: string;
  count?: string;
  firstSerial?: string;
  roster?: string;
  out?: string;
  workspace?: string;
  json?: boolean;
  force?: boolean;
  skipBadRows?: boolean;
}

/** A whole-number option value (--count, --first-serial). */
export function wholeNumber(v: string, what: string): number {
  if (!/^\d{1,7}$/.test(v.trim())) throw new OmrError('USAGE', msg('usage.wholeNumber', { what, value: v }), { hint: msg('usage.wholeNumber.hint', { what }) });
  return Number(v.trim());
}

async function writeOut(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(file, data);
  } catch (e) {
    if (e instanceof OmrError) throw e;
    throw new OmrError('IO', msg('io.cannotWrite', { file, code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('hint.writable') });
  }
}

/** The --json object of `omr generate` (also with -w, which adds the workspace's fields). */
export function generateJson(
  r: { pages: number; firstSerial: string; lastSerial: string; pdf: Uint8Array },
  o: { personalised: boolean; exam: string; pdf: string; manifest: string },
): Record<string, unknown> {
  return {
    pages: r.pages,
    personalised: o.personalised,
    firstSerial: r.firstSerial,
    lastSerial: r.lastSerial,
    exam: o.exam,
    pdf: path.resolve(o.pdf),
    pdfBytes: r.pdf.length,
    manifest: path.resolve(o.manifest),
  };
}

/** What `omr generate` prints without --json: the ✔ line. */
export function generateReport(
  r: { pages: number; firstSerial: string; lastSerial: string; pdfBytes: number },
  o: { personalised: boolean; exam: string; pdf: string; manifest: string },
  t: T,
): string {
  return t('gen.done', { pages: r.pages, personalised: o.personalised, first: r.firstSerial, last: r.lastSerial, exam: o.exam, pdf: o.pdf, kb: Math.round(r.pdfBytes / 1024), manifest: o.manifest });
}

export function registerGenerate(program: Command, ctx: CliContext): void {
  const { t } = ctx;
  program
    .command('generate')
    .description(t('gen.description'))
    .addOption(templateOption(t))
    .option('-e, --exam <file>', t('opt.exam'))
    .option('-n, --count <n>', t('gen.opt.count'))
    .option('--first-serial <s>', t('gen.opt.firstSerial'))
    .option('-r, --roster <file>', t('opt.roster'))
    .option('-o, --out <file>', t('gen.opt.out'))
    .option('-w, --workspace <dir>', t('gen.opt.workspace'))
    .option('--json', t('opt.json'))
    .option('--skip-bad-rows', t('opt.skipBadRows'))
    .option('--force', t('opt.force'))
    .addHelpText(
      'after',
      examples(
        t,
        [
          'omr generate --count 20 --out sheets.pdf',
          'omr generate --exam exam.json --roster roster.csv --out sheets.pdf',
          'omr generate --count 50 --first-serial 201 --out spare.pdf',
          `omr generate -w ky-thi/   ${t('gen.ws.example')}`,
        ],
        t('help.exit.plain'),
      ),
    )
    .action(async (opts: GenerateCliOptions, cmd: Command) => {
      if (opts.workspace !== undefined) {
        const given = (k: string) => cmd.getOptionValueSource(k) === 'cli';
        return generateInWorkspace({ ...opts, workspace: opts.workspace }, ctx, given('template') || given('exam'));
      }
      if (!opts.out) throw new OmrError('USAGE', msg('gen.needOut'), { hint: 'omr generate --count 20 --out sheets.pdf' });
      const out = opts.out;
      if ((opts.count === undefined) === (opts.roster === undefined)) {
        throw new OmrError('USAGE', opts.count === undefined ? msg('gen.what') : msg('gen.both'), { hint: msg('gen.what.hint') });
      }
      guardOutputs(generateOutputs(out), { force: opts.force });
      const [{ generateSheets, manifestCsv, manifestPathFor }, { loadLayout }, { loadExam }, { candidatesOrThrow, loadRoster }] = await Promise.all([
        import('../print/generate.js'),
        import('../template/load.js'),
        import('../exam/exam.js'),
        import('../roster/roster.js'),
      ]);
      const { template, layout } = loadLayout(opts.template);
      const exam = loadExam(opts.exam);
      const firstSerial = opts.firstSerial !== undefined ? wholeNumber(opts.firstSerial, '--first-serial') : undefined;
      const common = { template, layout, exam, ...(firstSerial !== undefined ? { firstSerial } : {}) };
      const parsed = opts.roster ? loadRoster(opts.roster, { sbdDigits: template.candidate.sbd.digits }) : undefined;
      const result = parsed
        ? await generateSheets({ ...common, candidates: candidatesOrThrow(parsed, opts.roster!, { skipBadRows: opts.skipBadRows }) })
        : await generateSheets({ ...common, count: wholeNumber(opts.count!, '--count') });
      if (parsed?.issues.length) {
        for (const l of rowsLeftOut(parsed, opts.roster!, ctx.lang)) ctx.err(l);
        ctx.exitCode = EXIT_NEEDS_PERSON;
      }

      const manifest = manifestPathFor(out);
      await writeOut(out, result.pdf);
      await writeOut(manifest, manifestCsv(result.manifest));
      const personalised = Boolean(opts.roster);
      if (opts.json) {
        ctx.out(JSON.stringify(generateJson(result, { personalised, exam: exam.id, pdf: out, manifest })));
      } else {
        ctx.out(generateReport({ ...result, pdfBytes: result.pdf.length }, { personalised, exam: exam.id, pdf: path.normalize(out), manifest: path.normalize(manifest) }, t));
      }
    });
}
