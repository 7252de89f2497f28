import type { Command } from 'commander';
import { issueText } from '../errors.js';
import type { T } from '../i18n/index.js';
import { keyRowCounts } from '../grade/keys.js';
import { addKey, type KeyAddResult } from '../workspace/workspace.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples } from './help.js';
import { short, withWorkspace, WS_FLAGS } from './workspace.js';

export function keyAddLines(k: KeyAddResult, t: T): string[] {
  const codes = Object.values(k.set.keys).map((x) => t('key.code', { code: x.examCode, sha: short(x.fingerprint) }));
  const bad = Object.keys(k.set.unusable).map((c) => t('key.unusable', { code: c }));
  // ✔ only when every mã đề of the file is usable
  const lines = [bad.length ? `✖ ${k.name} (${t('key.addedWithProblems')}): ${[...codes, ...bad].join(', ')}` : `✔ ${k.name}: ${[...codes, ...bad].join(', ')}`];
  if (k.replaced.length) lines.push(t('key.replaces', { files: k.replaced.join(', ') }));
  return lines;
}

export function registerKey(program: Command, ctx: CliContext): void {
  const { t, lang } = ctx;
  const key = program
    .command('key')
    .description(t('key.description'))
    .addHelpText('after', examples(t, ['omr key add -w ky-thi/ dap-an-101.csv']));
  key
    .command('add')
    .description(t('key.add.description'))
    .argument('<file>', t('key.add.arg'))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('--json', t('opt.json'))
    .addHelpText('after', examples(t, ['omr key add -w ky-thi/ dap-an-101.csv', `omr key add -w ky-thi/ dap-an-101.csv   ${t('key.add.example.again')}`], t('help.exit.report')))
    .action((file: string, opts: { workspace?: string; json?: boolean }) =>
      withWorkspace(opts.workspace, (ws) => {
        const k = addKey(ws, file);
        const problems = k.set.issues.map((i) => issueText(i, lang));
        if (opts.json) {
          ctx.out(JSON.stringify({ file: k.name, keys: Object.values(k.set.keys).map((x) => ({ examCode: x.examCode, fingerprint: x.fingerprint })), unusable: Object.keys(k.set.unusable), replaced: k.replaced, problems }));
        } else {
          for (const l of keyAddLines(k, t)) ctx.out(l);
          ctx.out(t('key.recompute'));
          for (const p of problems) ctx.err(p);
          if (problems.length) ctx.err(t('rows.count', { file, ...keyRowCounts(k.set) }));
        }
        if (problems.length) ctx.exitCode = EXIT_NEEDS_PERSON;
      }),
    );
}
