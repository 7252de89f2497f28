/**
 * `npm start`: the whole job on the bundled example exam (fixtures/example), through the real
 * CLI (the same `main()` that bin/omr runs), every output under one folder:
 *
 *   init → generate (personalised sheets + manifest) → the exam room and scanning desk (filled
 *   scans of exactly those sheets) → scan -w (annotated images, results.jsonl) → review →
 *   override (a double mark resolved) → export → a closing table.
 *
 * The folder is recreated on every run, but only when it is empty or was made by the demo
 * (it holds DEMO_MARKER), so a mistyped --out can never wipe someone's files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../cli/main.js';
import { loadExam } from '../exam/exam.js';
import { checkRead } from '../fixtures/index.js';
import { keyRules, loadKeys } from '../grade/keys.js';
import { readCsv } from '../grade/csvread.js';
import { loadRoster } from '../roster/roster.js';
import type { PageResult } from '../scan/types.js';
import { loadLayout } from '../template/load.js';
import type { ReviewItem } from '../workspace/review.js';
import type { WorkspaceStatus } from '../workspace/status.js';
import { makeDemoScans, type DemoScans, type DemoSheet, type PlantedMark } from './scans.js';

/** The bundled example exam: exam.json, roster.csv, keys.csv. */
export const EXAMPLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/example');
/** Written into the output folder; a folder holding it may be recreated by the next run. */
export const DEMO_MARKER = '.omr-demo';
/** The candidate who did not come (a roster line without a sheet). */
export const DEMO_ABSENT = ['250127'];

export interface DemoOptions {
  /** Output folder (default demo-output), relative to the current folder or absolute. */
  outDir?: string;
  /** Where each line of narration and CLI output goes (default stdout). */
  log?: (line: string) => void;
  /** Worker threads for omr scan (default: all cores). */
  jobs?: number;
  seed?: number;
}

export interface DemoFile {
  what: string;
  path: string;
}

export interface DemoResult {
  outDir: string;
  workspace: string;
  status: WorkspaceStatus;
  planted: PlantedMark[];
  override: { serial: string; question: number; value: string } | null;
  readCheck: { sheets: number; answers: number; silentErrors: number; flagged: number; missedFlags: number; identityWrong: number; statusWrong: number };
  files: DemoFile[];
  steps: { name: string; ms: number }[];
  totalMs: number;
}

export class DemoError extends Error {}

interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

const quote = (a: string): string => (/^[\w./:=@%+,-]+$/u.test(a) ? a : `"${a.replace(/(["\\$`])/g, '\\$1')}"`);

/** Refuse to wipe a folder the demo did not make. */
function checkOutDir(dir: string): void {
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir);
  if (entries.length && !entries.includes(DEMO_MARKER)) {
    throw new DemoError(`${dir} is not empty and was not made by the demo → choose another folder (--out DIR or OMR_DEMO_OUT), or empty it first`);
  }
}

export async function runDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const log = o.log ?? ((l: string) => process.stdout.write(l + '\n'));
  const cwd = process.cwd();
  const outDir = path.resolve(o.outDir ?? 'demo-output');
  /** How a path is shown and passed to the CLI: relative to the current folder when inside it. */
  const show = (p: string): string => {
    const r = path.relative(cwd, p);
    return r === '' ? '.' : r.startsWith('..') || path.isAbsolute(r) ? p : r;
  };
  const steps: DemoResult['steps'] = [];
  let stepStart = performance.now();
  let stepName = '';
  const step = (n: number, id: string, name: string, why: string) => {
    if (stepName) steps.push({ name: stepName, ms: Math.round(performance.now() - stepStart) });
    stepName = id;
    stepStart = performance.now();
    log('');
    log(`▶ ${n}/7 ${name}`);
    log(`  ${why}`);
  };
  const cli = async (args: string[], opts: { quiet?: boolean } = {}): Promise<CliRun> => {
    if (!opts.quiet) log(`  $ omr ${args.map(quote).join(' ')}`);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'omr', ...args], {
      out: (l) => {
        out.push(l);
        if (!opts.quiet) for (const x of l.split('\n')) log(`    ${x}`);
      },
      err: (l) => {
        err.push(l);
        if (!opts.quiet) for (const x of l.split('\n')) log(`    ${x}`);
      },
      isTTY: false,
    });
    if (code === 2) throw new DemoError(`omr ${args.join(' ')} failed (exit 2): ${err.join(' / ') || out.slice(-3).join(' / ')}`);
    return { code, out, err };
  };

  checkOutDir(outDir);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, DEMO_MARKER), 'Made by npm start (the omr demo); recreated on every run.\n');
  const ws = path.join(outDir, 'ky-thi');
  const scansDir = path.join(outDir, 'scans');
  const jsonl = path.join(outDir, 'results.jsonl');
  const reviewDir = path.join(outDir, 'xem-lai');
  const exportDir = path.join(outDir, 'ket-qua');
  const ex = (f: string) => show(path.join(EXAMPLE_DIR, f));

  log(`omr demo: the whole job on the example exam (${show(EXAMPLE_DIR)}/), everything written under ${show(outDir)}/`);

  // 1. workspace
  step(1, 'init', 'Make the exam workspace (council secretariat)', 'exam file, roster of 30 candidates and the answer keys for mã đề 101 and 102, checked and stored with their SHA-256');
  await cli(['init', show(ws), '--exam', ex('exam.json'), '--roster', ex('roster.csv'), '--key', ex('keys.csv')]);

  // 2. print
  step(2, 'generate', 'Print the personalised answer sheets', 'one A4 sheet per candidate, each with its own số phiếu in print and in a QR code; the manifest (serial → candidate) is recorded in the workspace');
  await cli(['generate', '-w', show(ws)]);
  const inDir = path.join(ws, 'in');
  const pdfName = readdirSync(inDir).find((f) => f.endsWith('.pdf'));
  if (!pdfName) throw new DemoError(`omr generate wrote no PDF into ${show(inDir)}`);
  const sheetsPdf = path.join(inDir, pdfName);
  const manifestFile = sheetsPdf.replace(/\.pdf$/, '.manifest.csv');

  // 3. exam room + scanning desk
  step(3, 'fill+scan', 'Sit the exam and scan the sheets (fixture generator)', 'each candidate answers those very sheets at their own level (Phần I shared, Phần II by post: mã đề 101 for Nhóm 1-2, 102 for Nhóm 3); the desk scans them in three ways');
  const { template, layout } = loadLayout(path.join(ws, 'template.json'));
  const exam = loadExam(path.join(ws, 'exam.json'));
  const roster = loadRoster(path.join(ws, 'roster.csv'), { sbdDigits: template.candidate.sbd.digits }).candidates;
  const bySbd = new Map(roster.map((c) => [c.sbd, c]));
  const keySet = loadKeys(readdirSync(path.join(ws, 'keys')).map((f) => path.join(ws, 'keys', f)), keyRules(template));
  const keys = Object.fromEntries(Object.entries(keySet.keys).map(([code, k]) => [code, k.answers]));
  const [head, ...rows] = readCsv(readFileSync(manifestFile, 'utf8'));
  const col = (name: string) => head.cells.indexOf(name);
  const sheets: DemoSheet[] = rows.map((r) => {
    const sbd = r.cells[col('sbd')];
    const candidate = bySbd.get(sbd);
    if (!candidate) throw new DemoError(`manifest row ${r.line}: SBD ${sbd} is not in the roster`);
    return { serial: r.cells[col('serial')], candidate, examCode: candidate.nhom === 3 ? '102' : '101' };
  });
  const absent = DEMO_ABSENT.filter((s) => bySbd.has(s));
  const scans: DemoScans = await makeDemoScans({ outDir: scansDir, template, layout, exam, sheets, keys, absent, ...(o.seed !== undefined ? { seed: o.seed } : {}) });
  const mb = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`);
  for (const f of scans.files.filter((x) => !x.profile)) log(`    ${show(path.join(scansDir, f.file))}: ${f.what} (${mb(f.bytes)})`);
  const flat = scans.files.filter((x) => x.profile);
  if (flat.length) {
    const count = new Map<string, number>();
    const names: Record<string, string> = { clean: 'clean', flatbed: 'ordinary', skewed: 'askew 1-3°', shifted: 'shifted', 'fit-to-page': 'printed "fit to page"' };
    for (const f of flat) {
      const k = f.dpi !== 200 ? `at ${f.dpi} DPI` : names[f.profile!] ?? f.profile!;
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    const parts = [...count].map(([k, n]) => `${n} ${k}`).join(', ');
    log(`    ${show(path.join(scansDir, path.dirname(flat[0].file)))}/: ${flat.length} flatbed JPEGs, gray, 200 DPI unless said: ${parts} (${mb(flat.reduce((n, f) => n + f.bytes, 0))})`);
  }
  for (const a of absent) log(`    absent: SBD ${a} ${bySbd.get(a)!.hoTen} (no sheet)`);
  const kindText = { double: 'two answers marked', light: 'a faint mark', blank: 'left blank' };
  for (const p of scans.planted) log(`    planted: số phiếu ${p.serial} (SBD ${p.sbd} ${p.hoTen}) câu ${p.question}: ${kindText[p.kind]}${p.value ? ` (${p.value})` : ''}`);
  log(`    ${scans.pages.filter((p) => p.truth.kind === 'sheet').length} sheets filled and scanned in ${(scans.ms / 1000).toFixed(1)} s`);

  // 4. scan
  step(4, 'scan', 'Read the scans into the workspace (scanning desk)', 'every page: corner marks, QR identity, bubbles; an annotated image of each page; results.jsonl beside it');
  await cli(['scan', '-w', show(ws), show(scansDir), '--out', show(jsonl), ...(o.jobs ? ['--jobs', String(o.jobs)] : [])]);

  // 5. review
  step(5, 'review', 'See what needs a person (grading team)', 'flagged answers with their darkness per option, and a cropped picture of each in review.csv / anh/');
  await cli(['review', '-w', show(ws), '--out', show(reviewDir)]);
  const review = JSON.parse((await cli(['review', '-w', show(ws), '--json'], { quiet: true })).out.join('\n')) as { items: ReviewItem[] };

  // 6. override
  step(6, 'override', 'Resolve the double mark', 'the team looks at the paper sheet, confirms the two marks (no point, as the rules say) and records who decided and why; the machine read is kept beside it');
  const double = scans.planted.find((p) => p.kind === 'double');
  let override: DemoResult['override'] = null;
  const item = double && review.items.find((i) => i.category === 'flag' && i.serial === double.serial && i.group === `q${double.question}`);
  if (double && item) {
    const value = item.read ?? double.value;
    const letters = value.split('').join(' và ');
    await cli(['override', '-w', show(ws), '--serial', double.serial, '--question', String(double.question), '--value', value, '--by', 'Trần Thị Hoa (Tổ chấm bài)', '--reason', `Phiếu gốc: thí sinh tô cả ${letters}, không tính điểm`]);
    override = { serial: double.serial, question: double.question, value };
  } else log(`    (the planted double mark was not flagged by the reader: nothing to resolve)`);

  // 7. export
  step(7, 'export', 'Export the results', 'ket-qua.csv (one row per candidate), bai-lam.csv (per answer), phan-tich-cau-hoi.csv (item analysis), tong-hop.csv (per Nhóm and Đơn vị), ket-qua.xlsx');
  await cli(['export', '-w', show(ws), '--out', show(exportDir)]);
  const status = JSON.parse((await cli(['status', '-w', show(ws), '--json'], { quiet: true })).out.join('\n')) as WorkspaceStatus;
  steps.push({ name: stepName, ms: Math.round(performance.now() - stepStart) });

  // the reads against what the candidates marked (the fixture generator knows)
  const results = readFileSync(jsonl, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PageResult);
  const check: DemoResult['readCheck'] = { sheets: 0, answers: 0, silentErrors: 0, flagged: 0, missedFlags: 0, identityWrong: 0, statusWrong: 0 };
  for (const p of scans.pages) {
    const r = results.find((x) => path.resolve(x.source) === path.resolve(scansDir, p.file) && x.page === p.page);
    if (!r) {
      check.statusWrong++;
      continue;
    }
    const c = checkRead(p.truth, r);
    if (!c.status.ok) check.statusWrong++;
    if (p.truth.kind !== 'sheet') continue;
    check.sheets++;
    const q = Object.keys(p.truth.groups ?? {}).filter((k) => k.startsWith('q'));
    check.answers += q.length;
    check.silentErrors += c.silentErrors.length;
    check.missedFlags += c.missedFlags.length;
    check.flagged += q.filter((k) => r.groups?.[k]?.flagged).length;
    if (c.serial !== 'ok' || c.candidateNumber === 'wrong' || c.examCode === 'wrong') check.identityWrong++;
  }

  const annotatedDir = path.join(ws, 'annotated');
  const runs = existsSync(annotatedDir) ? readdirSync(annotatedDir).sort() : [];
  const annotated = runs.length ? path.join(annotatedDir, runs[runs.length - 1]) : annotatedDir;
  const files: DemoFile[] = [
    { what: 'sheets PDF', path: sheetsPdf },
    { what: 'manifest', path: manifestFile },
    { what: 'scans', path: scansDir + path.sep },
    { what: 'annotated images', path: annotated + path.sep },
    { what: 'results (JSONL)', path: jsonl },
    { what: 'review', path: path.join(reviewDir, 'review.csv') },
    { what: 'workspace', path: ws + path.sep },
    { what: 'CSVs + XLSX', path: exportDir + path.sep },
  ];
  return { outDir, workspace: ws, status, planted: scans.planted, override, readCheck: check, files, steps, totalMs: Math.round(performance.now() - t0) };
}

/** The closing table: candidates per band, flags open, where every output is. */
export function closingLines(r: DemoResult, show: (p: string) => string = (p) => p): string[] {
  const s = r.status;
  const c = s.candidates;
  const out: string[] = [];
  const pad = (t: string, n: number) => t + ' '.repeat(Math.max(0, n - [...t].length));
  const num = (v: number, n = 4) => String(v).padStart(n);
  out.push(`Results: exam ${s.exam.id}, ${c.roster} candidates in the roster`);
  out.push(`  ${pad('Xếp loại', 22)}Thí sinh`);
  for (const b of s.bands) out.push(`  ${pad(b.name, 22)}${num(b.count)}`);
  if (c.absent) out.push(`  ${pad('Vắng (no sheet)', 22)}${num(c.absent)}`);
  if (c.unscored) out.push(`  ${pad('Chưa chấm (not scored)', 22)}${num(c.unscored)}`);
  out.push(`  ${pad('', 22)}${'─'.repeat(4)}`);
  out.push(`  ${pad('Total', 22)}${num(s.bands.reduce((n, b) => n + b.count, 0) + c.absent + c.unscored)}${c.unknownSbd ? `  (+${c.unknownSbd} SBD not in the roster)` : ''}`);
  const f = s.flagsOpen;
  out.push(`Flags still open: ${f.total}${f.total ? ` (${f.answers} answer(s), ${f.identity} SBD/mã đề column(s), on ${f.sheets} sheet(s)) → omr review -w ${show(r.workspace)}` : ''}`);
  out.push(`Overrides: ${s.overrides.total} · conflicts: ${s.conflicts} · pages: ${s.pages.total} (${s.pages.ok} sheets, ${s.pages.notASheet} not a sheet, ${s.pages.error} unreadable)`);
  const k = r.readCheck;
  out.push(`Read check against what the candidates marked: ${k.answers} answers on ${k.sheets} sheets, ${k.silentErrors} read wrong without a flag, ${k.flagged} flagged for a person`);
  out.push('Outputs:');
  const w = Math.max(...r.files.map((x) => x.what.length));
  for (const x of r.files) out.push(`  ${x.what.padEnd(w)}  ${show(x.path)}${x.path.endsWith(path.sep) ? '/' : ''}`);
  out.push(`Done in ${(r.totalMs / 1000).toFixed(1)} s (${r.steps.map((x) => `${x.name} ${(x.ms / 1000).toFixed(1)}`).join(', ')}).`);
  return out;
}
