import type { Command } from 'commander';
import path from 'node:path';
import { issueText } from '../errors.js';
import { msg, render } from '../i18n/index.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples } from './help.js';
import { keyAddLines } from './key.js';

interface InitCliOptions {
  template?: string;
  exam?: string;
  roster?: string;
  key?: string[];
  force?: boolean;
  json?: boolean;
  skipBadRows?: boolean;
}

export function registerInit(program: Command, ctx: CliContext): void {
  const { t, lang } = ctx;
  program
    .command('init')
    .description(t('init.description'))
    .argument('<dir>', t('init.arg.dir'))
    .option('-t, --template <file>', t('init.opt.template'))
    .option('-e, --exam <file>', t('init.opt.exam'))
    .option('-r, --roster <file>', t('opt.roster'))
    .option('-k, --key <file>', t('opt.key'), (v: string, prev: string[] = []) => [...prev, v])
    .option('--force', t('init.opt.force'))
    .option('--skip-bad-rows', t('opt.skipBadRows'))
    .option('--json', t('opt.json'))
    .addHelpText(
      'after',
      examples(t, ['omr init ky-thi-2025 --exam exam.json --roster roster.csv --key dap-an.csv', `omr init ky-thi-2025            ${t('init.example.later')}`], t('help.exit.report')),
    )
    .action(async (dir: string, opts: InitCliOptions) => {
      const [{ initWorkspace }, { keyRowCounts }, { rowsLine }] = await Promise.all([import('../workspace/workspace.js'), import('../grade/keys.js'), import('../roster/roster.js')]);
      const r = initWorkspace(dir, { template: opts.template, exam: opts.exam, roster: opts.roster, keys: opts.key, force: opts.force, skipBadRows: opts.skipBadRows });
      try {
        const problems = [...(r.roster?.parse.issues.map((i) => issueText(i, lang)) ?? []), ...r.keys.flatMap((k) => k.set.issues.map((i) => issueText(i, lang)))];
        // rows left out (--skip-bad-rows): how many were read and left out, per file
        if (r.roster?.parse.issues.length) problems.push(render(lang, rowsLine(r.roster.parse, opts.roster!).msg));
        for (const k of r.keys) {
          const c = keyRowCounts(k.set);
          if (k.set.issues.length) problems.push(render(lang, msg('rows.count', { file: k.name, ...c })));
        }
        if (opts.json) {
          ctx.out(
            JSON.stringify({
              workspace: r.ws.dir,
              exam: r.exam.id,
              template: `${r.template.id} v${r.template.version}`,
              roster: r.roster ? { candidates: r.roster.parse.candidates.length } : null,
              keys: r.keys.map((k) => ({ file: k.name, examCodes: Object.keys(k.set.keys), fingerprints: Object.fromEntries(Object.values(k.set.keys).map((x) => [x.examCode, x.fingerprint])) })),
              problems,
              ...(r.movedAside ? { movedAside: r.movedAside } : {}),
            }),
          );
        } else {
          const shown = path.relative(process.cwd(), r.ws.dir) || '.';
          ctx.out(t('init.made', { dir: shown, exam: r.exam.id, name: r.exam.name, year: r.exam.year, template: `${r.template.id} v${r.template.version}` }));
          if (r.movedAside) ctx.out(t('init.movedAside', { file: path.relative(process.cwd(), r.movedAside) }));
          ctx.out(t('init.files', { candidates: r.roster ? r.roster.parse.candidates.length : null }));
          for (const k of r.keys) for (const l of keyAddLines(k, t)) ctx.out(`  ${l}`);
          if (!r.roster) ctx.out(t('init.noRoster', { dir: shown }));
          if (!r.keys.length) ctx.out(t('init.noKey', { dir: shown }));
          ctx.out(t('init.next', { dir: shown }));
          for (const p of problems) ctx.err(p);
        }
        if (problems.length) ctx.exitCode = EXIT_NEEDS_PERSON;
      } finally {
        r.ws.close();
      }
    });
}
