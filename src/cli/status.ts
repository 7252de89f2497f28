import type { Command } from 'commander';
import path from 'node:path';
import { computeResults } from '../workspace/results.js';
import { statusOf, type WorkspaceStatus } from '../workspace/status.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { short, withWorkspace, wsArg, WS_FLAGS, WS_HELP } from './workspace.js';

export function statusLines(s: WorkspaceStatus, w: string): string[] {
  const out: string[] = [];
  out.push(`Workspace ${path.relative(process.cwd(), s.workspace) || '.'} · exam ${s.exam.id} · template ${s.template}`);
  const p = s.pages;
  const bits = [`${p.ok} ok`, p.notASheet ? `${p.notASheet} not a sheet` : '', p.error ? `${p.error} unreadable` : '', p.duplicates ? `${p.duplicates} identical re-scan(s)` : '', p.superseded ? `${p.superseded} unreadable earlier version(s) of files read again, not counted` : ''].filter(Boolean);
  out.push(`Pages: ${p.total} from ${p.files} file(s) (${bits.join(', ')}) · ${s.scans.runs} scan run(s)${s.scans.last ? `, last ${s.scans.last.slice(0, 16).replace('T', ' ')}` : ''}`);
  const c = s.candidates;
  out.push(
    `Candidates: ${s.roster ? `${c.roster} in the roster · ` : 'no roster · '}${c.scored} scored · ${c.absent} without a sheet${c.unscored ? ` · ${c.unscored} not scored yet` : ''}${c.unknownSbd ? ` · ${c.unknownSbd} SBD not in the roster` : ''}`,
  );
  if (c.scored) out.push(`  ${s.bands.map((b) => `${b.name} ${b.count}`).join(' · ')}`);
  out.push(`Flags open: ${s.flagsOpen.total}${s.flagsOpen.total ? ` (${s.flagsOpen.answers} answer(s), ${s.flagsOpen.identity} SBD/mã đề column(s), on ${s.flagsOpen.sheets} sheet(s))` : ''}`);
  out.push(`Conflicts: ${s.conflicts}`);
  for (const t of s.conflictList.slice(0, 10)) out.push(`  - ${t}`);
  if (s.conflictList.length > 10) out.push(`  - … ${s.conflictList.length - 10} more (omr review${w})`);
  out.push(`Missing candidates: ${s.missingCandidates}`);
  out.push(`Overrides: ${s.overrides.total}${s.overrides.total ? ` on ${s.overrides.sheets} sheet(s)` : ''}`);
  if (s.keys.length) out.push(`Keys: ${s.keys.map((k) => `mã đề ${k.examCode} ${short(k.fingerprint)} (${k.file})`).join(' · ')}`);
  else out.push(`Keys: none (omr key add${w} FILE)`);
  for (const k of s.keyProblems) out.push(`  ✖ ${k}`);
  out.push(s.roster ? `Roster: ${s.roster.file}, ${s.roster.candidates} candidates, SHA-256 ${short(s.roster.sha256)}${s.roster.problems.length ? `, ${s.roster.problems.length} row(s) with problems` : ''}` : `Roster: none (omr roster set${w} FILE)`);
  if (s.printed.runs) out.push(`Printed: ${s.printed.sheets} sheet(s) in ${s.printed.runs} run(s)`);
  for (const f of s.changedFiles) out.push(`  ! ${f.name} ${f.problem === 'missing' ? 'is missing from the folder' : 'was edited in the folder'}; the workspace uses its stored copy (SHA-256 ${short(f.sha256)}) → add the edited file with omr key add / omr roster set to use it`);
  out.push(s.needsPerson ? `Needs a person: yes → omr review${w}` : 'Needs a person: no');
  return out;
}

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('the state of an exam workspace: pages, candidates scored, flags open, conflicts, missing candidates, keys with fingerprints')
    .option(WS_FLAGS, WS_HELP)
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExit code: 0 nothing needs a person, 1 something does (see omr review).\n\nExample:\n  omr status -w ky-thi/')
    .action((opts: { workspace?: string; json?: boolean }) =>
      withWorkspace(opts.workspace, (ws) => {
        const s = statusOf(ws, computeResults(ws));
        if (opts.json) ctx.out(JSON.stringify(s, null, 2));
        else for (const l of statusLines(s, wsArg(ws))) ctx.out(l);
        if (s.needsPerson) ctx.exitCode = EXIT_NEEDS_PERSON;
      }),
    );
}
