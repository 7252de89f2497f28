import type { Command } from 'commander';
import path from 'node:path';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples } from './help.js';
import { withWorkspace, WS_FLAGS } from './workspace.js';

const shown = (p: string): string => path.relative(process.cwd(), p) || p;

export function registerArchive(program: Command, ctx: CliContext): void {
  const { t } = ctx;
  const cmd = program
    .command('archive')
    .description(t('ar.description'))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('-o, --out <file.zip>', t('ar.opt.out'))
    .option('--json', t('opt.json'))
    .addHelpText(
      'after',
      examples(
        t,
        ['omr archive -w ky-thi/ --out luu-tru/ky-thi-2025.zip', 'omr archive verify luu-tru/ky-thi-2025.zip', 'omr archive restore luu-tru/ky-thi-2025.zip --to ky-thi-khoi-phuc/'],
        t('help.exit.report'),
      ),
    )
    .action((opts: { workspace?: string; out?: string; json?: boolean }) => {
      if (!opts.out) {
        cmd.error(`error: required option '-o, --out <file.zip>' not specified`, { code: 'commander.missingMandatoryOptionValue' });
      }
      return withWorkspace(opts.workspace, async (ws) => {
        const { writeArchive } = await import('../workspace/archive.js');
        const r = await writeArchive(ws, opts.out!);
        const m = r.manifest;
        if (m.problems.length) ctx.exitCode = EXIT_NEEDS_PERSON;
        if (opts.json) {
          ctx.out(JSON.stringify({ file: r.file, bytes: r.bytes, manifestSha256: r.manifestSha256, files: m.files.length, problems: m.problems }));
          return;
        }
        for (const p of m.problems) ctx.err(t('ar.problem', { kind: p.kind, file: p.file, expected: p.expected, actual: p.actual ?? '' }));
        ctx.out(t('ar.done', { file: shown(r.file), files: m.files.length, bytes: r.bytes, scans: m.files.filter((f) => f.kind === 'scan').length, sha: r.manifestSha256 }));
        if (m.problems.length) ctx.err(t('ar.problems', { n: m.problems.length }));
      });
    });

  cmd
    .command('verify <file>')
    .description(t('ar.verify.description'))
    .addHelpText('after', examples(t, ['omr archive verify luu-tru/ky-thi-2025.zip'], t('help.exit.report')))
    .option('--json', t('opt.json'))
    .action(async (file: string, opts: { json?: boolean }) => {
      const { verifyArchive } = await import('../workspace/archive.js');
      const r = await verifyArchive(file);
      if (!r.ok) ctx.exitCode = EXIT_NEEDS_PERSON;
      if (opts.json) {
        ctx.out(JSON.stringify({ file: path.resolve(file), ok: r.ok, files: r.files, bytes: r.bytes, manifestSha256: r.manifestSha256, problems: r.problems }));
        return;
      }
      for (const p of r.problems) ctx.err(t('ar.verify.problem', { kind: p.kind, path: p.path, expected: p.expected ?? '', actual: p.actual ?? '' }));
      if (r.ok) ctx.out(t('ar.verify.ok', { file: shown(file), files: r.files, bytes: r.bytes, sha: r.manifestSha256, exam: r.manifest.exam.id, at: r.manifest.createdAt.replace('T', ' ').slice(0, 19) }));
      else ctx.out(t('ar.verify.failed', { file: shown(file), n: r.problems.length }));
    });

  cmd
    .command('restore <file>')
    .description(t('ar.restore.description'))
    .addHelpText('after', examples(t, ['omr archive restore luu-tru/ky-thi-2025.zip --to ky-thi-khoi-phuc/'], t('help.exit.report')))
    .requiredOption('--to <dir>', t('ar.opt.to'))
    .option('--json', t('opt.json'))
    .action(async (file: string, opts: { to: string; json?: boolean }) => {
      const { restoreArchive } = await import('../workspace/archive.js');
      const r = await restoreArchive(file, opts.to);
      const missing = r.verify.problems.length;
      if (missing) ctx.exitCode = EXIT_NEEDS_PERSON;
      if (opts.json) {
        ctx.out(JSON.stringify({ dir: r.dir, files: r.files, scans: r.scans, problems: r.verify.problems }));
        return;
      }
      for (const p of r.verify.problems) ctx.err(t('ar.verify.problem', { kind: p.kind, path: p.path, expected: p.expected ?? '', actual: p.actual ?? '' }));
      ctx.out(t('ar.restored', { dir: shown(r.dir), files: r.files, scans: r.scans }));
    });
}
