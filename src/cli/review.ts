import type { Command } from 'commander';
import path from 'node:path';
import { REASON_VI } from '../grade/grade.js';
import { computeResults } from '../workspace/results.js';
import { CATEGORY_VI, reviewItems, writeReview, type ReviewCategory, type ReviewItem } from '../workspace/review.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { table, withWorkspace, wsArg, WS_FLAGS, WS_HELP } from './workspace.js';

const ORDER: ReviewCategory[] = ['conflict', 'page', 'key', 'roster', 'absent', 'page_flag', 'override', 'info'];

function fills(i: ReviewItem, options: string[]): string {
  if (!i.fill) return '';
  const labels = i.group?.startsWith('q') ? options : ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  // for a digit column, only the darker options matter
  const pairs = i.fill.map((v, k) => [labels[k] ?? String(k), v] as const);
  const shown = i.group?.startsWith('q') ? pairs : [...pairs].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return shown.map(([l, v]) => `${l} ${v.toFixed(2)}`).join(' ');
}

export function reviewLines(items: ReviewItem[], options: string[], wsHint: string): string[] {
  const out: string[] = [];
  const flags = items.filter((i) => i.category === 'flag');
  if (flags.length) {
    out.push(`Flagged (${flags.length}): the read is not trusted until a person decides`);
    out.push(
      ...table(
        ['#', 'Sheet', 'SBD', 'Mã đề', 'What', 'Read', 'Reason', 'Fills'],
        flags.map((i) => [String(i.n), i.serial ?? `${i.source} p.${i.page}`, i.sbd ?? '', i.examCode ?? '', i.what, `"${i.read ?? ''}"`, REASON_VI[i.reason ?? ''] ?? i.reason ?? '', fills(i, options)]),
      ).map((l) => `  ${l}`),
    );
  }
  for (const c of ORDER) {
    const list = items.filter((i) => i.category === c);
    if (!list.length) continue;
    const need = list.filter((i) => i.needsPerson).length;
    out.push(`${CATEGORY_VI[c]} (${list.length}${need && need < list.length ? `, ${need} to act on` : ''}):`);
    for (const i of list) out.push(`  ${i.n}. ${i.needsPerson ? '' : '(info) '}${i.text}`);
  }
  if (!items.length) out.push('Nothing to review.');
  else if (flags.length || items.some((i) => i.fix && i.needsPerson)) {
    const example = flags[0]?.fix ?? items.find((i) => i.fix && i.needsPerson)?.fix;
    if (example) out.push(`Fix with, e.g.: ${example}`);
  }
  if (wsHint) out.push(wsHint);
  return out;
}

export function registerReview(program: Command, ctx: CliContext): void {
  program
    .command('review')
    .description('list what needs a person: flagged answers (read, reason, fills), unreadable pages, conflicts, key and roster problems, missing candidates, and the corrections made')
    .option(WS_FLAGS, WS_HELP)
    .option('-o, --out <dir>', 'also write review.csv (for Excel) and a cropped picture of each flagged row into this folder')
    .option('--json', 'print the items as JSON')
    .addHelpText('after', '\nExit code: 0 nothing needs a person, 1 something does.\n\nExamples:\n  omr review -w ky-thi/\n  omr review -w ky-thi/ --out ky-thi/xem-lai/')
    .action((opts: { workspace?: string; out?: string; json?: boolean }) =>
      withWorkspace(opts.workspace, async (ws) => {
        const res = computeResults(ws);
        const items = reviewItems(res, wsArg(ws));
        let written: { csv: string; images: string[]; missing: number } | undefined;
        if (opts.out) written = await writeReview(res, items, ws.dir, path.resolve(opts.out));
        const need = items.filter((i) => i.needsPerson).length;
        if (opts.json) ctx.out(JSON.stringify({ needsPerson: need, items, ...(written ? { files: { csv: written.csv, images: written.images.length, imagesMissing: written.missing } } : {}) }, null, 2));
        else {
          const options = res.template.answers.options;
          const hint = written
            ? `Wrote ${path.relative(process.cwd(), written.csv) || written.csv} and ${written.images.length} picture(s) in ${path.relative(process.cwd(), path.dirname(written.csv)) || '.'}/anh/${written.missing ? ` (${written.missing} without a picture: no annotated image or source file)` : ''}`
            : items.some((i) => i.category === 'flag')
              ? `Pictures of each flagged row: omr review${wsArg(ws)} --out DIR`
              : '';
          for (const l of reviewLines(items, options, hint)) ctx.out(l);
          ctx.out(need ? `${need} item(s) need a person.` : 'Nothing needs a person.');
        }
        if (need) ctx.exitCode = EXIT_NEEDS_PERSON;
      }),
    );
}
