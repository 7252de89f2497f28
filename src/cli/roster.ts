import type { Command } from 'commander';
import { setRoster } from '../workspace/workspace.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { withWorkspace, WS_FLAGS, WS_HELP } from './workspace.js';

export function registerRoster(program: Command, ctx: CliContext): void {
  const roster = program.command('roster').description('the roster (danh sách thí sinh) of an exam workspace');
  roster
    .command('set')
    .description('set or replace the roster of the workspace (the old one stays in the database history); results recompute')
    .argument('<file>', 'roster CSV: sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh (UTF-8; Excel "CSV UTF-8")')
    .option(WS_FLAGS, WS_HELP)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  omr roster set -w ky-thi/ danh-sach.csv')
    .action((file: string, opts: { workspace?: string; json?: boolean }) =>
      withWorkspace(opts.workspace, (ws) => {
        const r = setRoster(ws, file);
        const problems = r.parse.issues.map((i) => i.message);
        if (opts.json) ctx.out(JSON.stringify({ candidates: r.parse.candidates.length, replaced: r.replaced, problems }));
        else {
          ctx.out(`✔ roster.csv: ${r.parse.candidates.length} candidates${r.replaced ? ' (replaces the earlier roster, kept in the database history)' : ''}`);
          if (problems.length) ctx.out(`  ${problems.length} row(s) left out until fixed (listed on stderr and by omr review)`);
          for (const p of problems) ctx.err(p);
        }
        if (problems.length) ctx.exitCode = EXIT_NEEDS_PERSON;
      }),
    );
}
