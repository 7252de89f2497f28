/**
 * Shared pieces of the exam-workspace commands (init, key, roster, review, override, status,
 * export) and the `-w` forms of `omr scan` and `omr generate`.
 */
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import path from 'node:path';
import { OmrError } from '../errors.js';
import { formatSerial } from '../identity/payload.js';
import { generateSheets, manifestCsv, manifestPathFor } from '../print/generate.js';
import { candidatesOrThrow, loadRoster } from '../roster/roster.js';
import { JsonlWriter } from '../scan/jsonl.js';
import { buildLayout } from '../template/layout.js';
import { writeFileAtomic } from '../util/atomic.js';
import { ingestScans } from '../workspace/ingest.js';
import { nextSerial, recordPrint } from '../workspace/manifest.js';
import { examOf, openWorkspace, rosterOf, templateOf, type Workspace } from '../workspace/workspace.js';
import { EXIT_BAD_INPUT, EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { pageLine, summaryLines } from './scan.js';

export const WS_FLAGS = '-w, --workspace <dir>';
export const WS_HELP = 'exam workspace folder (default: the current folder, if it is one)';

/** Open the workspace, run, always close. */
export async function withWorkspace<T>(dir: string | undefined, fn: (ws: Workspace) => T | Promise<T>): Promise<T> {
  const ws = openWorkspace(dir);
  try {
    return await fn(ws);
  } finally {
    ws.close();
  }
}

/** " -w DIR" as the user should type it in suggested commands ("" when the workspace is the current folder). */
export function wsArg(ws: Workspace): string {
  const rel = path.relative(process.cwd(), ws.dir);
  if (rel === '') return '';
  const shown = rel.startsWith('..') ? ws.dir : rel;
  return ` -w ${/^[\w./-]+$/.test(shown) ? shown : JSON.stringify(shown)}`;
}

/** A plain-text table: columns padded to the widest cell (by code points). */
export function table(headers: string[], rows: string[][]): string[] {
  const len = (s: string) => [...s].length;
  const w = headers.map((h, i) => Math.max(len(h), ...rows.map((r) => len(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(w[i] - len(c)))).join('  ').trimEnd();
  return [line(headers), line(w.map((n) => '─'.repeat(n))), ...rows.map(line)];
}

export const short = (sha: string): string => `${sha.slice(0, 12)}…`;

// ---------------------------------------------------------------------------------------------
// omr scan -w

export interface ScanWorkspaceOptions {
  workspace: string;
  out?: string;
  annotate?: string;
  jobs?: string;
  pdfDpi?: string;
  json?: boolean;
}

export async function scanIntoWorkspace(inputs: string[], opts: ScanWorkspaceOptions, ctx: CliContext, templateGiven: boolean): Promise<void> {
  if (templateGiven) {
    throw new OmrError('USAGE', '--template cannot be used with -w: the workspace reads every page with its own template.json', {
      hint: 'leave out --template, or make a workspace for that template with omr init DIR --template FILE',
    });
  }
  const jobs = opts.jobs !== undefined ? Number(opts.jobs) : undefined;
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1))
    throw new OmrError('USAGE', `--jobs must be a whole number of 1 or more, not "${opts.jobs}"`, { hint: 'for example --jobs 2' });
  await withWorkspace(opts.workspace, async (ws) => {
    const writer = opts.out ? new JsonlWriter(opts.out) : undefined;
    const bar = ctx.isTTY && !opts.json ? new SingleBar({ format: 'Đang đọc |{bar}| {value} trang · {file}', hideCursor: true, clearOnComplete: true }) : undefined;
    bar?.start(0, 0, { file: '' });
    let n = 0;
    let s;
    try {
      s = await ingestScans(ws, inputs, {
        jobs,
        pdfDpi: opts.pdfDpi ? Number(opts.pdfDpi) : undefined,
        ...(opts.annotate ? { annotateDir: opts.annotate } : {}),
        onPage: (r, stored) => {
          writer?.write(r);
          n++;
          if (bar) {
            bar.setTotal(n);
            bar.update(n, { file: `${r.source} p.${r.page}` });
          } else if (!opts.json) ctx.out(pageLine(r) + (stored === 'not_stored' ? ' · not stored (the file could not be read)' : stored === 'replaced' ? ' · replaces an earlier unreadable read' : ''));
        },
      });
    } catch (e) {
      writer?.abort();
      bar?.stop();
      throw e;
    }
    bar?.stop();
    writer?.close();
    const where = path.relative(process.cwd(), ws.dir) || '.';
    const total = (ws.db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
    if (opts.json) ctx.out(JSON.stringify({ ...s, workspace: ws.dir, pagesInWorkspace: total, ...(opts.out ? { out: opts.out } : {}) }));
    else {
      const lines = summaryLines(s, opts.out ?? `${where} (${DB_NAME})`);
      lines[0] = `Pages read: ${s.pages} (ok ${s.ok}, not a sheet ${s.notASheet}, errors ${s.errors}) · already in the workspace: ${s.alreadyRead}`;
      for (const l of lines) ctx.out(l);
      ctx.out(`Workspace: ${s.added} page(s) added in run ${s.runId}, ${total} in all${s.reread ? ` · ${s.reread} unreadable page(s) read again` : ''}${s.notStored ? ` · ${s.notStored} not stored (unreadable files)` : ''}${s.annotateDir && s.pages ? ` · annotated: ${path.relative(process.cwd(), s.annotateDir) || '.'}` : ''}`);
      ctx.out(`Next: omr status${wsArg(ws)}   ·   omr review${wsArg(ws)}`);
    }
    if (s.pages === 0 && s.alreadyRead === 0) {
      ctx.err('omr: no pages found in the inputs → give files (.jpg .png .tif .pdf) or folders that contain them');
      ctx.exitCode = EXIT_BAD_INPUT;
    } else if (s.errors || s.notASheet || s.pagesToReview) ctx.exitCode = EXIT_NEEDS_PERSON;
  });
}

const DB_NAME = 'omr.sqlite';

// ---------------------------------------------------------------------------------------------
// omr generate -w

export interface GenerateWorkspaceOptions {
  workspace: string;
  count?: string;
  firstSerial?: string;
  roster?: string;
  out?: string;
}

function wholeNumber(v: string, what: string): number {
  if (!/^\d{1,7}$/.test(v.trim())) throw new OmrError('USAGE', `${what} "${v}" must be a whole number`, { hint: `e.g. ${what} 20` });
  return Number(v.trim());
}

/**
 * Print from the workspace: its template and exam, its roster (or --roster FILE, or --count N
 * blank sheets), serials continuing after the last printed; the manifest is recorded in the
 * database (it is what the QR-serial ↔ SBD check compares with).
 */
export async function generateInWorkspace(opts: GenerateWorkspaceOptions, ctx: CliContext, templateOrExamGiven: boolean): Promise<void> {
  if (templateOrExamGiven) {
    throw new OmrError('USAGE', '--template and --exam cannot be used with -w: the workspace prints with its own template.json and exam.json', {
      hint: 'leave them out, or make a new workspace with omr init DIR --template FILE --exam FILE',
    });
  }
  if (opts.count !== undefined && opts.roster !== undefined) {
    throw new OmrError('USAGE', 'give --count or --roster, not both', { hint: 'with -w and neither, the workspace roster is printed' });
  }
  await withWorkspace(opts.workspace, async (ws) => {
    const template = templateOf(ws);
    const layout = buildLayout(template);
    const exam = examOf(ws);
    const firstSerial = opts.firstSerial !== undefined ? wholeNumber(opts.firstSerial, '--first-serial') : nextSerial(ws);
    let candidates;
    if (opts.roster !== undefined) candidates = candidatesOrThrow(loadRoster(opts.roster, { sbdDigits: template.candidate.sbd.digits }), opts.roster);
    else if (opts.count === undefined) {
      const r = rosterOf(ws, template);
      if (!r) throw new OmrError('USAGE', 'the workspace has no roster to print from', { hint: `set one with omr roster set${wsArg(ws)} FILE, or print blank sheets with --count N` });
      candidates = candidatesOrThrow(r, 'roster.csv');
    }
    const common = { template, layout, exam, firstSerial };
    const result = candidates ? await generateSheets({ ...common, candidates }) : await generateSheets({ ...common, count: wholeNumber(opts.count!, '--count') });
    const out = opts.out ?? path.join(ws.dir, 'in', `phieu-${result.firstSerial}-${result.lastSerial}.pdf`);
    const manifest = manifestPathFor(out);
    // record first: a serial is never handed out twice, even if writing the PDF fails afterwards
    const rec = recordPrint(ws, { pdf: out, pdfBytes: result.pdf, examId: exam.id, rows: result.manifest, fromRoster: opts.roster === undefined && opts.count === undefined });
    try {
      await writeFileAtomic(out, result.pdf);
      await writeFileAtomic(manifest, manifestCsv(result.manifest));
    } catch (e) {
      throw new OmrError('IO', `${out}: cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
        hint: 'check that the folder is writable and the file is not open in another program; the serials stay reserved, run again for new ones',
      });
    }
    const kb = Math.round(result.pdf.length / 1024);
    ctx.out(
      `✔ ${result.pages} sheet${result.pages === 1 ? '' : 's'} (${candidates ? 'personalised' : 'blank'}, số phiếu ${result.firstSerial}-${result.lastSerial}, exam ${exam.id}) → ${path.relative(process.cwd(), out) || out} (${kb} KB), ${path.relative(process.cwd(), manifest) || manifest}`,
    );
    ctx.out(`Recorded in the workspace as print run ${rec.id}; the next free serial is ${formatSerial(nextSerial(ws))}.`);
  });
}

/** Register helper: the -w option on a workspace command. */
export function workspaceOption(cmd: Command): Command {
  return cmd.option(WS_FLAGS, WS_HELP);
}
