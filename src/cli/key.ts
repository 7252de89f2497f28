import type { Command } from 'commander';
import { addKey, type KeyAddResult } from '../workspace/workspace.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { short, withWorkspace, WS_FLAGS, WS_HELP } from './workspace.js';

export function keyAddLines(k: KeyAddResult): string[] {
  const codes = Object.values(k.set.keys).map((x) => `mã đề ${x.examCode} (SHA-256 ${short(x.fingerprint)})`);
  const bad = Object.keys(k.set.unusable).map((c) => `mã đề ${c} NOT usable until fixed`);
  const lines = [`✔ ${k.name}: ${[...codes, ...bad].join(', ')}`];
  if (k.replaced.length) lines.push(`  replaces ${k.replaced.join(', ')} (kept in the database history)`);
  return lines;
}

export function registerKey(program: Command, ctx: CliContext): void {
  const key = program.command('key').description('answer keys of an exam workspace');
  key
    .command('add')
    .description('add an answer key file to the workspace, or replace one (same file name, or a file giving all its mã đề again); results recompute')
    .argument('<file>', 'answer key CSV (ma_de,cau,dap_an) or JSON')
    .option(WS_FLAGS, WS_HELP)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  omr key add -w ky-thi/ dap-an-101.csv\n  omr key add -w ky-thi/ dap-an-101.csv   (again, after fixing it: replaces it)')
    .action((file: string, opts: { workspace?: string; json?: boolean }) =>
      withWorkspace(opts.workspace, (ws) => {
        const k = addKey(ws, file);
        const problems = k.set.issues.map((i) => i.text);
        if (opts.json) {
          ctx.out(JSON.stringify({ file: k.name, keys: Object.values(k.set.keys).map((x) => ({ examCode: x.examCode, fingerprint: x.fingerprint })), unusable: Object.keys(k.set.unusable), replaced: k.replaced, problems }));
        } else {
          for (const l of keyAddLines(k)) ctx.out(l);
          ctx.out('Scores are computed from the keys whenever asked: omr status / omr export show them now.');
          for (const p of problems) ctx.err(p);
        }
        if (problems.length) ctx.exitCode = EXIT_NEEDS_PERSON;
      }),
    );
}
