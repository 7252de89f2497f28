import type { Command } from 'commander';
import path from 'node:path';
import { initWorkspace } from '../workspace/workspace.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { keyAddLines } from './key.js';
import { short } from './workspace.js';

interface InitCliOptions {
  template?: string;
  exam?: string;
  roster?: string;
  key?: string[];
  force?: boolean;
  json?: boolean;
}

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('make an exam workspace: a folder with the exam file, template, answer keys, roster and the database that records every page read and every correction')
    .argument('<dir>', 'folder to make (new, or empty)')
    .option('-t, --template <file>', 'template file (default: the bundled sat-hach-100)')
    .option('-e, --exam <file>', 'exam file: id printed in the QR codes, name, year, bands (default: built-in values)')
    .option('-r, --roster <file>', 'roster CSV: sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh')
    .option('-k, --key <file>', 'answer key CSV (ma_de,cau,dap_an) or JSON; repeat for several files', (v: string, prev: string[] = []) => [...prev, v])
    .option('--force', 'use a folder that is not empty; start an existing workspace again (its old database is kept beside it)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  omr init ky-thi-2025 --exam exam.json --roster roster.csv --key dap-an.csv\n  omr init ky-thi-2025            (keys and roster can be added later: omr key add, omr roster set)',
    )
    .action((dir: string, opts: InitCliOptions) => {
      const r = initWorkspace(dir, { template: opts.template, exam: opts.exam, roster: opts.roster, keys: opts.key, force: opts.force });
      try {
        const problems = [...(r.roster?.parse.issues.map((i) => i.message) ?? []), ...r.keys.flatMap((k) => k.set.issues.map((i) => i.text))];
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
          ctx.out(`✔ Workspace ${shown}/ made: exam ${r.exam.id} (${r.exam.name} ${r.exam.year}), template ${r.template.id} v${r.template.version}`);
          if (r.movedAside) ctx.out(`  the earlier database was kept as ${path.relative(process.cwd(), r.movedAside)}`);
          ctx.out(`  exam.json, template.json, omr.sqlite${r.roster ? `, roster.csv (${r.roster.parse.candidates.length} candidates)` : ''}`);
          for (const k of r.keys) for (const l of keyAddLines(k)) ctx.out(`  ${l}`);
          if (!r.roster) ctx.out(`  no roster yet: omr roster set -w ${shown} FILE`);
          if (!r.keys.length) ctx.out(`  no answer key yet: omr key add -w ${shown} FILE`);
          ctx.out(`Next: omr generate -w ${shown}   ·   omr scan -w ${shown} SCANS...   ·   omr status -w ${shown}`);
          for (const p of problems) ctx.err(p);
        }
        if (problems.length) ctx.exitCode = EXIT_NEEDS_PERSON;
      } finally {
        r.ws.close();
      }
    });
}


