/**
 * Shared pieces of the exam-workspace commands (init, key, roster, review, override, status,
 * export) and the `-w` forms of `omr scan` and `omr generate`.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { issueText, OmrError } from '../errors.js';
import { formatSerial } from '../identity/payload.js';
import { JsonlWriter } from '../scan/jsonl.js';
import { buildLayout } from '../template/layout.js';
import { writeCause, writeError, writeFileAtomic, writeFilesAtomic } from '../util/atomic.js';
import type { Workspace } from '../workspace/workspace.js';
import type { RosterParse } from '../roster/roster.js';
import { rowsLine } from '../roster/rows-line.js';
import { manifestPathFor } from '../print/manifest-path.js';
import { msg, render, type Lang } from '../i18n/index.js';
import { guardOutputs, requireInputs, type OutputTarget } from '../workspace/guard.js';
import { EXIT_BAD_INPUT, EXIT_NEEDS_PERSON, untilStopped, type CliContext } from './context.js';
import { generateJson, generateReport, wholeNumber } from './generate.js';
import { errorLine } from './help.js';
import { pageLine, pictureLine, progressBar, scanNumbers, scanOutputs, summaryLines } from './scan.js';

export const WS_FLAGS = '-w, --workspace <dir>';

/**
 * Open the workspace, run, always close. `readOnlyOk` for the reading commands (status, review,
 * export): a read-only workspace is opened read-only instead of refused.
 */
export async function withWorkspace<T>(dir: string | undefined, fn: (ws: Workspace) => T | Promise<T>, opts: { readOnlyOk?: boolean } = {}): Promise<T> {
  const { openWorkspace } = await import('../workspace/workspace.js');
  const ws = openWorkspace(dir, opts);
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
  force?: boolean;
}

export async function scanIntoWorkspace(inputs: string[], opts: ScanWorkspaceOptions, ctx: CliContext, templateGiven: boolean): Promise<void> {
  const { t, lang } = ctx;
  if (templateGiven) throw new OmrError('USAGE', msg('scan.ws.templateGiven'), { hint: msg('scan.ws.templateGiven.hint') });
  const { jobs, pdfDpi } = scanNumbers(opts);
  requireInputs(inputs);
  guardOutputs(scanOutputs(opts), { force: opts.force });
  const { ingestScans } = await import('../workspace/ingest.js');
  await withWorkspace(opts.workspace, async (ws) => {
    const writer = opts.out ? new JsonlWriter(opts.out) : undefined;
    let storedHere = 0;
    const bar = await progressBar(ctx, opts.json);
    bar?.start(0, 0, { file: '' });
    let n = 0;
    let s;
    try {
      s = await ingestScans(ws, inputs, {
        jobs,
        pdfDpi,
        ...(opts.annotate ? { annotateDir: opts.annotate } : {}),
        onCopy: (c) => {
          if (!opts.json) ctx.out(t('scan.ws.copy', { source: c.source, of: c.of }));
        },
        onPage: (r, stored) => {
          if (stored === 'added' || stored === 'replaced') storedHere++;
          writer?.write(r);
          n++;
          if (bar) {
            bar.setTotal(n);
            bar.update(n, { file: t('scan.where', { source: r.source, page: r.page }) });
          } else if (!opts.json) ctx.out(pageLine(r, t, lang) + (stored === 'not_stored' ? t('scan.ws.notStored') : stored === 'replaced' ? t('scan.ws.replaced') : ''));
          const pic = pictureLine(r, t);
          if (pic) ctx.err(pic);
        },
      });
    } catch (e) {
      writer?.abort();
      bar?.stop();
      // a full or read-only disk: one line naming the file; the pages stored so far stay
      throw writeCause(e) ? writeError(e, path.join(ws.dir, DB_NAME), msg('io.keptPages', { n: storedHere })) : e;
    }
    bar?.stop();
    writer?.close();
    const where = path.relative(process.cwd(), ws.dir) || '.';
    const total = (ws.db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
    if (opts.json) ctx.out(JSON.stringify({ ...s, workspace: ws.dir, pagesInWorkspace: total, ...(opts.out ? { out: opts.out } : {}) }));
    else {
      const lines = summaryLines(s, opts.out ?? `${where} (${DB_NAME})`, t);
      lines[0] = t('scan.summary.pagesWs', { pages: s.pages, ok: s.ok, notASheet: s.notASheet, errors: s.errors, already: s.alreadyRead });
      for (const l of lines) ctx.out(l);
      ctx.out(
        t('scan.ws.summary', {
          added: s.added,
          run: s.runId,
          total,
          reread: s.reread,
          notStored: s.notStored,
          annotated: s.annotateDir && s.pages ? path.relative(process.cwd(), s.annotateDir) || '.' : null,
        }),
      );
      if (s.copies.length) ctx.out(t('scan.ws.copies', { n: s.copies.length }));
      ctx.out(t('scan.ws.next', { ws: wsArg(ws) }));
    }
    if (s.picturesFailed) ctx.err(t('scan.picture.summary', { n: s.picturesFailed }));
    if (s.pages === 0 && s.alreadyRead === 0) {
      ctx.err(errorLine(t('scan.noPages'), t('scan.noPages.hint')));
      ctx.exitCode = EXIT_BAD_INPUT;
    } else if (s.pages === 0) {
      // only files already read: say so, and still exit 1 while the workspace has open flags
      const { computeResults } = await import('../workspace/results.js');
      const open = computeResults(ws).openFlags.length;
      if (!opts.json) ctx.out(t('scan.ws.allKnown', { pages: s.alreadyRead }));
      if (open) {
        if (!opts.json) ctx.err(t('scan.ws.stillOpen', { n: open, ws: wsArg(ws) }));
        ctx.exitCode = EXIT_NEEDS_PERSON;
      }
    } else if (s.errors || s.notASheet || s.pagesToReview || s.picturesFailed) ctx.exitCode = EXIT_NEEDS_PERSON;
  });
}

const DB_NAME = 'omr.sqlite';

/**
 * `omr scan -w DIR --watch FOLDER`: read each new scan once it is completely written, until
 * Ctrl+C. Files already read are skipped by hash, so a restart reads only what is missing.
 */
export async function watchIntoWorkspace(folder: string, opts: ScanWorkspaceOptions, ctx: CliContext, templateGiven: boolean): Promise<void> {
  const { t, lang } = ctx;
  if (templateGiven) throw new OmrError('USAGE', msg('scan.ws.templateGiven'), { hint: msg('scan.ws.templateGiven.hint') });
  const { jobs, pdfDpi } = scanNumbers(opts);
  const { watchFolder } = await import('../workspace/watch.js');
  await withWorkspace(opts.workspace, async (ws) => {
    const w = watchFolder(ws, folder, {
      jobs,
      pdfDpi,
      onPage: (r, stored) => {
        if (opts.json) ctx.out(JSON.stringify({ ...r, stored }));
        else ctx.out(pageLine(r, t, lang) + (stored === 'not_stored' ? t('scan.ws.notStored') : stored === 'replaced' ? t('scan.ws.replaced') : ''));
      },
      onBatch: (s, files) => {
        if (opts.json) return;
        const total = (ws.db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
        ctx.out(t('scan.watch.batch', { files: files.length, added: s.added + s.reread, total }));
        if (s.errors || s.notASheet || s.pagesToReview) ctx.exitCode = EXIT_NEEDS_PERSON;
      },
      onError: (e) => ctx.err(`omr: ${(e as Error).message}`),
    });
    await w.ready;
    if (!opts.json) ctx.out(t('scan.watch.started', { folder: w.folder }));
    await untilStopped();
    await w.close();
    if (!opts.json) ctx.out(t('scan.watch.stopped'));
  });
}

// ---------------------------------------------------------------------------------------------
// omr generate -w

export interface GenerateWorkspaceOptions {
  workspace: string;
  count?: string;
  firstSerial?: string;
  roster?: string;
  out?: string;
  json?: boolean;
  force?: boolean;
  skipBadRows?: boolean;
}

/**
 * Print from the workspace: its template and exam, its roster (or --roster FILE, or --count N
 * blank sheets), serials continuing after the last printed; the manifest is recorded in the
 * database (it is what the QR-serial ↔ SBD check compares with).
 */
export async function generateInWorkspace(opts: GenerateWorkspaceOptions, ctx: CliContext, templateOrExamGiven: boolean): Promise<void> {
  const { t } = ctx;
  if (templateOrExamGiven) throw new OmrError('USAGE', msg('gen.ws.templateGiven'), { hint: msg('gen.ws.templateGiven.hint') });
  if (opts.count !== undefined && opts.roster !== undefined) throw new OmrError('USAGE', msg('gen.both'), { hint: msg('gen.ws.both.hint') });
  const [{ generateSheets, manifestCsv, manifestPathFor }, { nextSerial, recordPrint }, { examOf, rosterOf, templateOf }, { candidatesOrThrow, loadRoster }] = await Promise.all([
    import('../print/generate.js'),
    import('../workspace/manifest.js'),
    import('../workspace/workspace.js'),
    import('../roster/roster.js'),
  ]);
  await withWorkspace(opts.workspace, async (ws) => {
    const template = templateOf(ws);
    const layout = buildLayout(template);
    const exam = examOf(ws);
    const firstSerial = opts.firstSerial !== undefined ? wholeNumber(opts.firstSerial, '--first-serial') : nextSerial(ws);
    if (opts.out !== undefined) guardOutputs(generateOutputs(opts.out), { force: opts.force });
    let candidates;
    let parsed: { parse: RosterParse; file: string } | undefined;
    if (opts.roster !== undefined) parsed = { parse: loadRoster(opts.roster, { sbdDigits: template.candidate.sbd.digits }), file: opts.roster };
    else if (opts.count === undefined) {
      const r = rosterOf(ws, template);
      if (!r) throw new OmrError('USAGE', msg('gen.ws.noRoster'), { hint: msg('gen.ws.noRoster.hint', { ws: wsArg(ws) }) });
      parsed = { parse: r, file: 'roster.csv' };
    }
    if (parsed) candidates = candidatesOrThrow(parsed.parse, parsed.file, { skipBadRows: opts.skipBadRows });
    const common = { template, layout, exam, firstSerial };
    const result = candidates ? await generateSheets({ ...common, candidates }) : await generateSheets({ ...common, count: wholeNumber(opts.count!, '--count') });
    const out = opts.out ?? path.join(ws.dir, 'in', `phieu-${result.firstSerial}-${result.lastSerial}.pdf`);
    if (opts.out === undefined) guardOutputs(generateOutputs(out), { force: opts.force });
    const manifest = manifestPathFor(out);
    // record first: a serial is never handed out twice, even if writing the PDF fails afterwards
    const rec = recordPrint(ws, { pdf: out, pdfBytes: result.pdf, examId: exam.id, rows: result.manifest, fromRoster: opts.roster === undefined && opts.count === undefined });
    try {
      await writeFilesAtomic([
        { file: out, data: result.pdf },
        { file: manifest, data: manifestCsv(result.manifest) },
      ]);
    } catch (e) {
      // the serials stay reserved (the print run is recorded): say so under the write error
      if (e instanceof OmrError) throw new OmrError('IO', e.msg ?? e.message, { hint: msg('gen.ws.cannotWrite.hint'), cause: e });
      throw new OmrError('IO', msg('io.cannotWrite', { file: out, code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('gen.ws.cannotWrite.hint') });
    }
    const next = formatSerial(nextSerial(ws));
    if (parsed?.parse.issues.length) {
      for (const l of rowsLeftOut(parsed.parse, parsed.file, ctx.lang)) ctx.err(l);
      ctx.exitCode = EXIT_NEEDS_PERSON;
    }
    if (opts.json) {
      ctx.out(
        JSON.stringify({
          ...generateJson(result, { personalised: Boolean(candidates), exam: exam.id, pdf: out, manifest }),
          workspace: ws.dir,
          printRun: rec.id,
          nextSerial: next,
        }),
      );
      return;
    }
    const rel = (f: string) => path.relative(process.cwd(), f) || f;
    ctx.out(generateReport({ ...result, pdfBytes: result.pdf.length }, { personalised: Boolean(candidates), exam: exam.id, pdf: rel(out), manifest: rel(manifest) }, t));
    ctx.out(t('gen.ws.recorded', { id: rec.id, next }));
  });
}

/** What omr generate writes (the PDF and its manifest), for the output guard. */
export function generateOutputs(pdf: string): OutputTarget[] {
  return [
    { file: pdf, kind: 'pdf' },
    { file: manifestPathFor(pdf), kind: 'csv' },
  ];
}

/** The rows left out of a roster (one line each) and the count of rows read and left out. */
export function rowsLeftOut(parse: RosterParse, file: string, lang: Lang): string[] {
  return [...parse.issues.map((i) => issueText(i, lang)), render(lang, rowsLine(parse, file).msg)];
}

/** Register helper: the -w option on a workspace command. */
export function workspaceOption(cmd: Command, ctx: CliContext): Command {
  return cmd.option(WS_FLAGS, ctx.t('opt.workspace'));
}
