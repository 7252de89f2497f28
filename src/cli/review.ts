import type { Command } from 'commander';
import path from 'node:path';
import { issueText } from '../errors.js';
import type { Lang, T } from '../i18n/index.js';
import { groupReason } from '../i18n/scan.js';
import type { ReviewCategory, ReviewItem } from '../workspace/review.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples } from './help.js';
import { guardOutputs } from '../workspace/guard.js';
import { table, withWorkspace, wsArg, WS_FLAGS } from './workspace.js';

const ORDER: ReviewCategory[] = ['conflict', 'page', 'key', 'roster', 'absent', 'page_flag', 'override', 'info'];

function fills(i: ReviewItem, options: string[]): string {
  if (!i.fill) return '';
  const labels = i.group?.startsWith('q') ? options : ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  // for a digit column, only the darker options matter
  const pairs = i.fill.map((v, k) => [labels[k] ?? String(k), v] as const);
  const shown = i.group?.startsWith('q') ? pairs : [...pairs].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return shown.map(([l, v]) => `${l} ${v.toFixed(2)}`).join(' ');
}

export function reviewLines(items: ReviewItem[], options: string[], wsHint: string, t: T, lang: Lang): string[] {
  const out: string[] = [];
  const flags = items.filter((i) => i.category === 'flag');
  if (flags.length) {
    out.push(t('review.flagged', { n: flags.length }));
    out.push(
      ...table(
        ['#', t('review.col.sheet'), 'SBD', 'Mã đề', t('review.col.what'), t('review.col.read'), t('review.col.reason'), t('review.col.fills')],
        flags.map((i) => [String(i.n), i.serial ?? `${i.source} p.${i.page}`, i.sbd ?? '', i.examCode ?? '', i.what, `"${i.read ?? ''}"`, groupReason(lang, i.reason ?? undefined), fills(i, options)]),
      ).map((l) => `  ${l}`),
    );
  }
  for (const c of ORDER) {
    const list = items.filter((i) => i.category === c);
    if (!list.length) continue;
    const need = list.filter((i) => i.needsPerson).length;
    out.push(t('review.heading', { title: t(`review.cat.${c}`), n: list.length, act: need && need < list.length ? need : 0 }));
    for (const i of list) out.push(`  ${i.n}. ${i.needsPerson ? '' : t('review.info')}${issueText(i, lang)}`);
  }
  if (!items.length) out.push(t('review.nothing'));
  else if (flags.length || items.some((i) => i.fix && i.needsPerson)) {
    const example = flags[0]?.fix ?? items.find((i) => i.fix && i.needsPerson)?.fix;
    if (example) out.push(t('review.fixWith', { example }));
  }
  if (wsHint) out.push(wsHint);
  return out;
}

export function registerReview(program: Command, ctx: CliContext): void {
  const { t, lang } = ctx;
  program
    .command('review')
    .description(t('review.description'))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('-o, --out <dir>', t('review.opt.out'))
    .option('--json', t('opt.json'))
    .option('--force', t('opt.force'))
    .addHelpText('after', examples(t, ['omr review -w ky-thi/', 'omr review -w ky-thi/ --out ky-thi/xem-lai/'], t('help.exit.review')))
    .action((opts: { workspace?: string; out?: string; json?: boolean; force?: boolean }) =>
      withWorkspace(opts.workspace, async (ws) => {
        if (opts.out) guardOutputs([{ dir: opts.out, files: [{ name: 'review.csv', kind: 'csv' }] }], { force: opts.force });
        const [{ computeResults }, { reviewItems, writeReview }] = await Promise.all([import('../workspace/results.js'), import('../workspace/review.js')]);
        const res = computeResults(ws);
        const items = reviewItems(res, wsArg(ws), lang);
        let written: { csv: string; images: string[]; missing: number } | undefined;
        if (opts.out) written = await writeReview(res, items, ws.dir, path.resolve(opts.out), lang);
        const need = items.filter((i) => i.needsPerson).length;
        if (opts.json) ctx.out(JSON.stringify({ needsPerson: need, items: items.map(({ msg: _, ...i }) => i), ...(written ? { files: { csv: written.csv, images: written.images.length, imagesMissing: written.missing } } : {}) }));
        else {
          const options = res.template.answers.options;
          const hint = written
            ? t('review.wrote', { csv: path.relative(process.cwd(), written.csv) || written.csv, n: written.images.length, dir: path.relative(process.cwd(), path.dirname(written.csv)) || '.', missing: written.missing })
            : items.some((i) => i.category === 'flag')
              ? t('review.pictures', { ws: wsArg(ws) })
              : '';
          for (const l of reviewLines(items, options, hint, t, lang)) ctx.out(l);
          ctx.out(need ? t('review.need', { n: need }) : t('grade.nothing'));
        }
        if (need) ctx.exitCode = EXIT_NEEDS_PERSON;
      }, { readOnlyOk: true }),
    );
}
