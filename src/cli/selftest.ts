import type { Command } from 'commander';
import path from 'node:path';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import type { SelftestFailure, SelftestResult, SettingResult } from '../selftest/selftest.js';
import { guardOutputs } from '../workspace/guard.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples, templateOption } from './help.js';

/** One failure of a setting, in the user's language. */
function failureLine(f: SelftestFailure, ctx: CliContext): string {
  return ctx.t('st.failure', { kind: f.kind, group: f.group, read: f.read ?? null, want: f.want ?? null, flagged: Boolean(f.flagged), reason: f.reason ?? null, detail: f.detail ?? null, text: f.text });
}

const labelOf = (s: SettingResult, ctx: CliContext): string => ctx.t('st.setting', { label: s.label, labelVi: s.labelVi ?? null });

const MAX_SHOWN = 8;

export function selftestLines(r: SelftestResult, ctx: CliContext): string[] {
  const t = r.template;
  const p = r.pattern;
  const file = path.relative(process.cwd(), t.file) || t.file;
  const q = (k: string | null) => (k ? k.slice(1) : '');
  const out: string[] = [];
  const tr = ctx.t;
  out.push(tr('st.head', { id: t.id, version: t.version, file, questions: t.questions, options: t.options.join(''), sbd: t.sbdDigits, made: t.madeDigits }));
  out.push(tr('st.sheet', { serial: p.serial, sbd: p.candidateNumber, made: p.examCode, cycle: t.options.join(' '), double: p.double ? q(p.double) : null, blank: p.blank ? q(p.blank) : null }));
  const w = Math.max(...r.settings.map((s) => [...labelOf(s, ctx)].length), 12);
  const padL = (s: SettingResult) => labelOf(s, ctx) + ' '.repeat(w - [...labelOf(s, ctx)].length);
  const PASS = tr('st.pass');
  const FAIL = tr('st.fail');
  const head = tr('st.col.setting');
  out.push(`  ${head}${' '.repeat(w - [...head].length)}  ${tr('st.col.result')}`);
  for (const s of r.settings) {
    if (s.pass) {
      out.push(`  ${padL(s)}  ${PASS}`);
      continue;
    }
    out.push(`  ${padL(s)}  ${FAIL}  ${tr('st.wrong', { n: s.groups.length })}${s.groups.length ? `: ${s.groups.slice(0, 20).join(', ')}${s.groups.length > 20 ? ', …' : ''}` : ''}`);
    for (const f of s.failures.slice(0, MAX_SHOWN)) out.push(`  ${' '.repeat(w)}    - ${failureLine(f, ctx)}`);
    if (s.failures.length > MAX_SHOWN) out.push(`  ${' '.repeat(w)}    - … ${s.failures.length - MAX_SHOWN} ${tr('st.more')}`);
  }
  const n = r.settings.length;
  const failed = r.settings.filter((s) => !s.pass).length;
  out.push(r.pass ? tr('st.passed', { n, seconds: r.seconds }) : tr('st.failed', { failed, n, seconds: r.seconds }));
  if (r.kept) out.push(tr('st.kept', { dir: path.relative(process.cwd(), r.kept) || '.' }));
  return out;
}

export function registerSelftest(program: Command, ctx: CliContext): void {
  const { t } = ctx;
  program
    .command('selftest')
    .description(t('st.description'))
    .addOption(templateOption(ctx.t))
    .option('--keep <dir>', t('st.opt.keep'))
    .option('-j, --jobs <n>', t('st.opt.jobs'))
    .option('--json', ctx.t('opt.json'))
    .addHelpText(
      'after',
      examples(
        ctx.t,
        ['omr selftest', 'omr selftest --template mau-phieu.json --keep selftest/', 'omr selftest --json'],
        t('st.exit'),
      ),
    )
    .action(async (opts: { template: string; keep?: string; jobs?: string; json?: boolean }) => {
      const jobs = opts.jobs !== undefined ? Number(opts.jobs) : undefined;
      if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1))
        throw new OmrError('USAGE', msg('usage.jobs', { value: opts.jobs! }), { hint: msg('usage.jobs.hint') });
      if (opts.keep) guardOutputs([{ dir: opts.keep, files: [{ name: 'selftest-sheet.pdf', kind: 'pdf' }] }]);
      const { runSelftest } = await import('../selftest/selftest.js');
      const r = await runSelftest({ templateFile: opts.template, ...(opts.keep ? { keepDir: opts.keep } : {}), ...(jobs ? { jobs } : {}) });
      if (opts.json) ctx.out(JSON.stringify(r));
      else for (const l of selftestLines(r, ctx)) ctx.out(l);
      if (!r.pass) ctx.exitCode = EXIT_NEEDS_PERSON;
    });
}
