import type { Command } from 'commander';
import { issueText } from '../errors.js';
import { render } from '../i18n/index.js';
import { rowsLine } from '../roster/rows-line.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples } from './help.js';
import { withWorkspace, WS_FLAGS } from './workspace.js';

export function registerRoster(program: Command, ctx: CliContext): void {
  const { t, lang } = ctx;
  const roster = program
    .command('roster')
    .description(t('roster.description'))
    .addHelpText('after', examples(t, ['omr roster set -w ky-thi/ danh-sach.csv']));
  roster
    .command('set')
    .description(t('roster.set.description'))
    .argument('<file>', t('roster.set.arg'))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('--json', t('opt.json'))
    .addHelpText('after', examples(t, ['omr roster set -w ky-thi/ danh-sach.csv'], t('help.exit.report')))
    .action((file: string, opts: { workspace?: string; json?: boolean }) =>
      withWorkspace(opts.workspace, async (ws) => {
        const { setRoster } = await import('../workspace/workspace.js');
        const r = setRoster(ws, file);
        const problems = r.parse.issues.map((i) => issueText(i, lang));
        if (opts.json) ctx.out(JSON.stringify({ candidates: r.parse.candidates.length, replaced: r.replaced, problems }));
        else {
          ctx.out(t('roster.set.done', { n: r.parse.candidates.length, replaced: r.replaced }));
          if (problems.length) ctx.out(t('roster.set.leftOut', { n: problems.length }));
          for (const p of problems) ctx.err(p);
          if (problems.length) ctx.err(render(lang, rowsLine(r.parse, file).msg));
        }
        if (problems.length) ctx.exitCode = EXIT_NEEDS_PERSON;
      }),
    );
}
