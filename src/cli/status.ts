import type { Command } from 'commander';
import path from 'node:path';
import { issueText } from '../errors.js';
import type { MsgRef, T } from '../i18n/index.js';
import type { WorkspaceStatus } from '../workspace/status.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples } from './help.js';
import { short, withWorkspace, wsArg, WS_FLAGS } from './workspace.js';

/** Lines of the conflict list and key problems in the user's language (statusOf keeps them in English). */
export interface StatusLocal {
  conflictList: string[];
  keyProblems: string[];
}

export function statusLines(s: WorkspaceStatus, w: string, t: T, local: StatusLocal = s): string[] {
  const out: string[] = [];
  out.push(t('status.head', { ws: path.relative(process.cwd(), s.workspace) || '.', exam: s.exam.id, template: s.template }));
  const p = s.pages;
  out.push(
    t('status.pages', {
      total: p.total,
      files: p.files,
      ok: p.ok,
      notASheet: p.notASheet,
      error: p.error,
      duplicates: p.duplicates,
      superseded: p.superseded,
      runs: s.scans.runs,
      last: s.scans.last ? s.scans.last.slice(0, 16).replace('T', ' ') : null,
    }),
  );
  const c = s.candidates;
  out.push(t('status.candidates', { roster: s.roster ? c.roster : null, scored: c.scored, absent: c.absent, unscored: c.unscored, unknownSbd: c.unknownSbd }));
  if (c.scored) out.push(`  ${s.bands.map((b) => `${b.name} ${b.count}`).join(' · ')}`);
  out.push(t('status.flags', { total: s.flagsOpen.total, answers: s.flagsOpen.answers, identity: s.flagsOpen.identity, sheets: s.flagsOpen.sheets }));
  out.push(t('status.conflicts', { n: s.conflicts }));
  for (const x of local.conflictList.slice(0, 10)) out.push(`  - ${x}`);
  if (s.conflictList.length > 10) out.push(t('status.moreConflicts', { n: s.conflictList.length - 10, ws: w }));
  out.push(t('status.missing', { n: s.missingCandidates }));
  out.push(t('status.overrides', { total: s.overrides.total, sheets: s.overrides.sheets }));
  if (s.decisions) out.push(t('status.decided', { decisions: s.decisions, excluded: s.pages.excluded }));
  if (s.keys.length) out.push(t('status.keys', { list: s.keys.map((k) => t('status.key', { code: k.examCode, sha: short(k.fingerprint), file: k.file })).join(' · ') }));
  else out.push(t('status.noKeys', { ws: w }));
  for (const k of local.keyProblems) out.push(`  ✖ ${k}`);
  out.push(
    s.roster
      ? t('status.roster', { file: s.roster.file, n: s.roster.candidates, sha: short(s.roster.sha256), problems: s.roster.problems.length })
      : t('status.noRoster', { ws: w }),
  );
  if (s.printed.runs) out.push(t('status.printed', { sheets: s.printed.sheets, runs: s.printed.runs }));
  for (const f of s.changedFiles) out.push(t('status.changed', { name: f.name, missing: f.problem === 'missing', sha: short(f.sha256) }));
  out.push(s.needsPerson ? t('status.needs', { ws: w }) : t('status.needsNo'));
  return out;
}

export function registerStatus(program: Command, ctx: CliContext): void {
  const { t, lang } = ctx;
  program
    .command('status')
    .description(t('status.description'))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('--json', t('opt.json'))
    .addHelpText('after', examples(t, ['omr status -w ky-thi/', 'omr status -w ky-thi/ --json'], t('help.exit.review')))
    .action((opts: { workspace?: string; json?: boolean }) =>
      withWorkspace(opts.workspace, async (ws) => {
        const [{ computeResults }, { statusOf }] = await Promise.all([import('../workspace/results.js'), import('../workspace/status.js')]);
        const res = computeResults(ws);
        const s = statusOf(ws, res);
        if (opts.json) ctx.out(JSON.stringify(s));
        else {
          const byText = new Map<string, { text: string; msg?: MsgRef }>([...res.issues, ...res.keys.issues].map((i) => [i.text, i]));
          const local = (x: string) => issueText(byText.get(x) ?? { text: x }, lang);
          for (const l of statusLines(s, wsArg(ws), t, { conflictList: s.conflictList.map(local), keyProblems: s.keyProblems.map(local) })) ctx.out(l);
        }
        if (s.needsPerson) ctx.exitCode = EXIT_NEEDS_PERSON;
      }, { readOnlyOk: true }),
    );
}
