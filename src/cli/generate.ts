import path from 'node:path';
import type { Command } from 'commander';
import { loadExam } from '../exam/exam.js';
import { OmrError } from '../errors.js';
import { generateSheets, manifestCsv, manifestPathFor } from '../print/generate.js';
import { candidatesOrThrow, loadRoster } from '../roster/roster.js';
import { DEFAULT_TEMPLATE, loadLayout } from '../template/load.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { CliContext } from './context.js';
import { generateInWorkspace } from './workspace.js';

interface GenerateCliOptions {
  template: string;
  exam?: string;
  count?: string;
  firstSerial?: string;
  roster?: string;
  out?: string;
  workspace?: string;
}

function wholeNumber(v: string, what: string): number {
  if (!/^\d{1,7}$/.test(v.trim())) throw new OmrError('USAGE', `${what} "${v}" must be a whole number`, { hint: `e.g. ${what} 20` });
  return Number(v.trim());
}

async function writeOut(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(file, data);
  } catch (e) {
    throw new OmrError('IO', `${file}: cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      hint: 'check that the folder exists, is writable, and that the file is not open in another program',
    });
  }
}

export function registerGenerate(program: Command, ctx: CliContext): void {
  program
    .command('generate')
    .description('print numbered answer sheets to a PDF: blank (--count) or one per candidate (--roster), with a manifest CSV beside it')
    .option('-t, --template <file>', 'template file', DEFAULT_TEMPLATE)
    .option('-e, --exam <file>', 'exam file: organiser, exam name, year, exam id (default: built-in values)')
    .option('-n, --count <n>', 'number of blank numbered sheets')
    .option('--first-serial <s>', 'serial number of the first sheet (default 1)')
    .option('-r, --roster <file>', 'roster CSV: sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh')
    .option('-o, --out <file>', 'PDF to write; the manifest goes beside it (sheets.pdf → sheets.manifest.csv)')
    .option('-w, --workspace <dir>', 'print from this exam workspace (its template, exam and roster; serials continue) and record the manifest in it')
    .addHelpText(
      'after',
      '\nExamples:\n  omr generate --count 20 --out sheets.pdf\n  omr generate --exam exam.json --roster roster.csv --out sheets.pdf\n  omr generate --count 50 --first-serial 201 --out spare.pdf\n  omr generate -w ky-thi/   (the workspace roster → ky-thi/in/phieu-000001-000030.pdf)',
    )
    .action(async (opts: GenerateCliOptions, cmd: Command) => {
      if (opts.workspace !== undefined) {
        const given = (k: string) => cmd.getOptionValueSource(k) === 'cli';
        return generateInWorkspace({ ...opts, workspace: opts.workspace }, ctx, given('template') || given('exam'));
      }
      if (!opts.out) throw new OmrError('USAGE', 'say where the PDF goes: --out sheets.pdf (or -w DIR to print into an exam workspace)', { hint: 'omr generate --count 20 --out sheets.pdf' });
      const out = opts.out;
      if ((opts.count === undefined) === (opts.roster === undefined)) {
        throw new OmrError('USAGE', opts.count === undefined ? 'say what to print: --count N or --roster FILE' : 'give --count or --roster, not both', {
          hint: 'omr generate --count 20 --out sheets.pdf   or   omr generate --roster roster.csv --out sheets.pdf',
        });
      }
      const { template, layout } = loadLayout(opts.template);
      const exam = loadExam(opts.exam);
      const firstSerial = opts.firstSerial !== undefined ? wholeNumber(opts.firstSerial, '--first-serial') : undefined;
      const common = { template, layout, exam, ...(firstSerial !== undefined ? { firstSerial } : {}) };
      const result = opts.roster
        ? await generateSheets({ ...common, candidates: candidatesOrThrow(loadRoster(opts.roster, { sbdDigits: template.candidate.sbd.digits }), opts.roster) })
        : await generateSheets({ ...common, count: wholeNumber(opts.count!, '--count') });

      const manifest = manifestPathFor(out);
      await writeOut(out, result.pdf);
      await writeOut(manifest, manifestCsv(result.manifest));
      const kb = Math.round(result.pdf.length / 1024);
      ctx.out(
        `✔ ${result.pages} sheet${result.pages === 1 ? '' : 's'} (${opts.roster ? 'personalised' : 'blank'}, số phiếu ${result.firstSerial}-${result.lastSerial}, exam ${exam.id}) → ${path.normalize(out)} (${kb} KB), ${path.normalize(manifest)}`,
      );
    });
}
