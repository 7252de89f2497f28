import type { Command } from 'commander';
import { buildLayout, layoutContract } from '../template/layout.js';
import type { Template } from '../template/schema.js';
import type { T } from '../i18n/index.js';
import type { CliContext } from './context.js';
import { examples, templateOption } from './help.js';

const mm = (pt: number): string => ((pt * 25.4) / 72).toFixed(1);

/** The one-screen summary of `omr template check`, in the user's language. */
export function templateLines(tpl: Template, t: T, s: { questions: number; bubbles: number }): string[] {
  return [
    t('template.valid', { id: tpl.id, version: tpl.version }),
    t('template.page', { w: mm(tpl.page.width), h: mm(tpl.page.height) }),
    t('template.questions', { n: s.questions, options: tpl.answers.options.join(' '), rows: tpl.answers.rowsPerColumn }),
    ...tpl.answers.parts.map((p, i) => t('template.part', { i: i + 1, from: p.from, to: p.to, title: p.title })),
    t('template.sbd', { n: tpl.candidate.sbd.digits }),
    t('template.made', { n: tpl.candidate.made.digits }),
    t('template.bubbles', { n: s.bubbles, mm: mm(2 * tpl.bubble.radius) }),
    t('template.marks', { size: mm(tpl.registration.size), inset: mm(tpl.registration.inset) }),
  ];
}

export function registerLayout(program: Command, ctx: CliContext): void {
  const { t } = ctx;
  program
    .command('layout')
    .description(t('layout.description'))
    .addOption(templateOption(t))
    .option('--json', t('layout.json'))
    .addHelpText('after', examples(t, ['omr layout > layout.json', 'omr layout --template templates/sat-hach-100.json'], t('help.exit.plain')))
    .action(async (opts: { template: string }) => {
      const { loadTemplate } = await import('../template/load.js');
      const layout = buildLayout(loadTemplate(opts.template));
      ctx.out(JSON.stringify(layoutContract(layout), null, 2));
    });

  const tpl = program
    .command('template')
    .description(t('template.description'))
    .addHelpText('after', examples(t, ['omr template check templates/sat-hach-100.json']));
  tpl
    .command('check')
    .argument('<file>', t('template.check.arg'))
    .description(t('template.check.description'))
    .option('--json', t('opt.json'))
    .addHelpText('after', examples(t, ['omr template check templates/sat-hach-100.json', 'omr template check my-template.json --json'], t('help.exit.plain')))
    .action(async (file: string, opts: { json?: boolean }) => {
      const [{ loadTemplate }, { summarizeTemplate }] = await Promise.all([import('../template/load.js'), import('../template/summary.js')]);
      const tp = loadTemplate(file);
      const summary = summarizeTemplate(tp).data as { questions: number; bubbles: number };
      if (opts.json) ctx.out(JSON.stringify({ ok: true, ...summary }));
      else for (const line of templateLines(tp, t, summary)) ctx.out(line);
    });
}
