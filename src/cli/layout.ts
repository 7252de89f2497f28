import type { Command } from 'commander';
import { buildLayout, layoutContract } from '../template/layout.js';
import { DEFAULT_TEMPLATE, loadTemplate } from '../template/load.js';
import { summarizeTemplate } from '../template/summary.js';
import type { CliContext } from './context.js';

export function registerLayout(program: Command, ctx: CliContext): void {
  program
    .command('layout')
    .description('print the geometry of every bubble and registration mark as JSON (PDF points, top-left origin)')
    .option('-t, --template <file>', 'template file', DEFAULT_TEMPLATE)
    .addHelpText('after', '\nExample:\n  omr layout > layout.json\n  omr layout --template templates/sat-hach-100.json')
    .action((opts: { template: string }) => {
      const layout = buildLayout(loadTemplate(opts.template));
      ctx.out(JSON.stringify(layoutContract(layout), null, 2));
    });

  const tpl = program.command('template').description('work with sheet templates');
  tpl
    .command('check')
    .argument('<file>', 'template JSON file')
    .description('validate a template (schema and layout rules) and print a one-screen summary')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExample:\n  omr template check templates/sat-hach-100.json')
    .action((file: string, opts: { json?: boolean }) => {
      const t = loadTemplate(file);
      const s = summarizeTemplate(t);
      if (opts.json) ctx.out(JSON.stringify({ ok: true, ...s.data }, null, 2));
      else for (const line of s.lines) ctx.out(line);
    });
}
