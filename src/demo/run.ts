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
import type { Lang } from '../i18n/index.js';
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
  /** Threads that read pages in omr scan (default: half the cores, see defaultJobs). */
  jobs?: number;
  /** Language of the narration and of the CLI (default vi, as the CLI). */
  lang?: Lang;
  seed?: number;
}

export interface DemoFile {
  what: string;
  path: string;
}

export interface DemoResult {
  lang: Lang;
  outDir: string;
  workspace: string;
  status: WorkspaceStatus;
  planted: PlantedMark[];
  override: { serial: string; question: number; value: string } | null;
  /**
   * The reads against what the simulated candidates marked: answers read wrong without a flag,
   * flags, and the exported Tổng điểm of each candidate against the score of their marks.
   */
  readCheck: { sheets: number; answers: number; silentErrors: number; flagged: number; missedFlags: number; identityWrong: number; statusWrong: number; scores: number; scoresExact: number };
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

/** English or Vietnamese. */
const say = (lang: Lang, en: string, vi: string): string => (lang === 'en' ? en : vi);

/** Refuse to wipe a folder the demo did not make. */
function checkOutDir(dir: string, lang: Lang): void {
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir);
  if (entries.length && !entries.includes(DEMO_MARKER)) {
    throw new DemoError(
      say(
        lang,
        `${dir} is not empty and was not made by the demo → choose another folder (--out DIR or OMR_DEMO_OUT), or empty it first`,
        `${dir} không trống và không do bản chạy thử tạo ra → chọn thư mục khác (--out DIR hoặc OMR_DEMO_OUT), hoặc làm trống thư mục đó trước`,
      ),
    );
  }
}

export async function runDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const log = o.log ?? ((l: string) => process.stdout.write(l + '\n'));
  const lang: Lang = o.lang ?? 'vi';
  const L = (en: string, vi: string) => say(lang, en, vi);
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
    const code = await main(['node', 'omr', '--lang', lang, ...args], {
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
    if (code === 2) throw new DemoError(`omr ${args.join(' ')}: ${L('failed', 'thất bại')} (exit 2): ${err.join(' / ') || out.slice(-3).join(' / ')}`);
    return { code, out, err };
  };

  checkOutDir(outDir, lang);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, DEMO_MARKER), 'Made by npm start (the omr demo); recreated on every run.\n');
  const ws = path.join(outDir, 'ky-thi');
  const scansDir = path.join(outDir, 'scans');
  const jsonl = path.join(outDir, 'results.jsonl');
  const reviewDir = path.join(outDir, 'xem-lai');
  const exportDir = path.join(outDir, 'ket-qua');
  const ex = (f: string) => show(path.join(EXAMPLE_DIR, f));

  log(L(`omr demo: the whole job on the example exam (${show(EXAMPLE_DIR)}/), everything written under ${show(outDir)}/`, `omr chạy thử: làm trọn việc của một kỳ thi mẫu (${show(EXAMPLE_DIR)}/), mọi tệp ghi vào ${show(outDir)}/`));

  // 1. workspace
  step(
    1,
    'init',
    L('Make the exam workspace (council secretariat)', 'Tạo thư mục kỳ thi (thư ký hội đồng)'),
    L('exam file, roster of 30 candidates and the answer keys for mã đề 101 and 102, checked and stored with their SHA-256', 'tệp kỳ thi, danh sách 30 thí sinh và đáp án mã đề 101, 102: được kiểm tra và lưu kèm mã SHA-256'),
  );
  await cli(['init', show(ws), '--exam', ex('exam.json'), '--roster', ex('roster.csv'), '--key', ex('keys.csv')]);

  // 2. print
  step(
    2,
    'generate',
    L('Print the personalised answer sheets', 'In phiếu trả lời ghi sẵn tên thí sinh'),
    L(
      'one A4 sheet per candidate, each with its own số phiếu in print and in a QR code; the manifest (serial → candidate) is recorded in the workspace',
      'mỗi thí sinh một phiếu A4, số phiếu riêng in bằng chữ và trong mã QR; danh sách phiếu (số phiếu → thí sinh) được ghi vào thư mục kỳ thi',
    ),
  );
  await cli(['generate', '-w', show(ws)]);
  const inDir = path.join(ws, 'in');
  const pdfName = readdirSync(inDir).find((f) => f.endsWith('.pdf'));
  if (!pdfName) throw new DemoError(L(`omr generate wrote no PDF into ${show(inDir)}`, `omr generate không ghi PDF nào vào ${show(inDir)}`));
  const sheetsPdf = path.join(inDir, pdfName);
  const manifestFile = sheetsPdf.replace(/\.pdf$/, '.manifest.csv');

  // 3. exam room + scanning desk
  step(
    3,
    'fill+scan',
    L('Sit the exam and scan the sheets (fixture generator)', 'Thi và quét phiếu (bộ tạo dữ liệu thử)'),
    L(
      'each candidate answers on the very sheet printed for them, at their own level (Phần I shared, Phần II by post: mã đề 101 for Nhóm 1-2, 102 for Nhóm 3); the desk scans the sheets three ways',
      'mỗi thí sinh làm bài trên đúng phiếu in cho mình, theo trình độ riêng (Phần I chung, Phần II theo vị trí: mã đề 101 cho Nhóm 1-2, 102 cho Nhóm 3); bộ phận quét quét phiếu theo ba cách',
    ),
  );
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
    if (!candidate) throw new DemoError(`${show(manifestFile)} row ${r.line}: SBD ${sbd} ${L('is not in the roster', 'không có trong danh sách thí sinh')}`);
    return { serial: r.cells[col('serial')], candidate, examCode: candidate.nhom === 3 ? '102' : '101' };
  });
  const absent = DEMO_ABSENT.filter((s) => bySbd.has(s));
  const scans: DemoScans = await makeDemoScans({ outDir: scansDir, template, layout, exam, sheets, keys, absent, ...(o.seed !== undefined ? { seed: o.seed } : {}) });
  const mb = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`);
  for (const f of scans.files) {
    if (f.kind === 'batch')
      log(
        `    ${show(path.join(scansDir, f.file))}: ${L(
          `batch PDF from the document feeder, ${f.dpi} DPI gray: the unit's cover letter, then ${f.pages - 1} sheets (${f.askew} askew, ${f.upsideDown} upside down)`,
          `PDF nhiều trang từ khay nạp giấy, ${f.dpi} DPI xám: công văn của đơn vị, rồi ${f.pages - 1} phiếu (${f.askew} phiếu lệch, ${f.upsideDown} phiếu lộn ngược)`,
        )} (${mb(f.bytes)})`,
      );
    else if (f.kind === 'feeder')
      log(`    ${show(path.join(scansDir, f.file))}: ${L(`multi-page 1-bit CCITT G4 TIFF (feeder in black-and-white mode), ${f.pages} sheets`, `TIFF nhiều trang 1-bit nén CCITT G4 (khay nạp, chế độ đen trắng), ${f.pages} phiếu`)} (${mb(f.bytes)})`);
  }
  const flat = scans.files.filter((x) => x.kind === 'flatbed');
  if (flat.length) {
    const count = new Map<string, number>();
    const names: Record<string, [string, string]> = {
      clean: ['clean', 'rõ nét'],
      flatbed: ['ordinary', 'bình thường'],
      skewed: ['askew 1-3°', 'đặt lệch 1-3°'],
      shifted: ['shifted', 'bị xê dịch'],
      'fit-to-page': ['printed "fit to page"', 'in "vừa trang"'],
    };
    for (const f of flat) {
      const n = names[f.profile ?? ''];
      const k = f.dpi !== 200 ? L(`at ${f.dpi} DPI`, `ở ${f.dpi} DPI`) : n ? L(n[0], n[1]) : (f.profile ?? '');
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    const parts = [...count].map(([k, n]) => `${n} ${k}`).join(', ');
    const size = mb(flat.reduce((n, f) => n + f.bytes, 0));
    log(`    ${show(path.join(scansDir, path.dirname(flat[0].file)))}/: ${L(`${flat.length} flatbed JPEGs, gray, 200 DPI unless said: ${parts}`, `${flat.length} ảnh JPEG từ máy quét phẳng, xám, 200 DPI trừ khi ghi khác: ${parts}`)} (${size})`);
  }
  for (const a of absent) log(`    ${L('absent', 'vắng')}: SBD ${a} ${bySbd.get(a)!.hoTen} (${L('no sheet', 'không có phiếu')})`);
  const kindText = { double: L('two answers marked', 'tô hai ô'), light: L('a faint mark', 'tô mờ'), blank: L('left blank', 'bỏ trống') };
  for (const p of scans.planted) log(`    ${L('planted', 'cài sẵn')}: số phiếu ${p.serial} (SBD ${p.sbd} ${p.hoTen}) câu ${p.question}: ${kindText[p.kind]}${p.value ? ` (${p.value})` : ''}`);
  const nSheets = scans.pages.filter((p) => p.truth.kind === 'sheet').length;
  log(`    ${L(`${nSheets} sheets filled and scanned in ${(scans.ms / 1000).toFixed(1)} s`, `${nSheets} phiếu đã được tô và quét trong ${(scans.ms / 1000).toFixed(1)} s`)}`);

  // 4. scan
  step(
    4,
    'scan',
    L('Read the scans into the workspace (scanning desk)', 'Đọc ảnh quét vào thư mục kỳ thi (bộ phận quét)'),
    L('every page: corner marks, QR identity, bubbles; an annotated image of each page; results.jsonl beside it', 'mỗi trang: ô vuông góc, mã QR, các ô tô; một ảnh chú thích cho mỗi trang; kèm results.jsonl'),
  );
  await cli(['scan', '-w', show(ws), show(scansDir), '--out', show(jsonl), ...(o.jobs ? ['--jobs', String(o.jobs)] : [])]);

  // 5. review
  step(
    5,
    'review',
    L('See what needs a person (grading team)', 'Xem những gì cần người xử lý (tổ chấm bài)'),
    L('flagged answers with the darkness of each option, and a cropped picture of each in review.csv / anh/', 'các câu bị đánh dấu với độ đậm từng ô, và ảnh cắt từng câu trong review.csv / anh/'),
  );
  await cli(['review', '-w', show(ws), '--out', show(reviewDir)]);
  const review = JSON.parse((await cli(['review', '-w', show(ws), '--json'], { quiet: true })).out.join('\n')) as { items: ReviewItem[] };

  // 6. override
  step(
    6,
    'override',
    L('Resolve the double mark', 'Xử lý câu tô hai ô'),
    L(
      'the team looks at the paper sheet, confirms the two marks (no point, as the rules say) and records who decided and why; the machine read is kept beside it',
      'tổ chấm xem phiếu gốc, xác nhận thí sinh tô hai ô (không tính điểm, theo quy định) và ghi rõ ai quyết định, vì sao; kết quả máy đọc vẫn được giữ bên cạnh',
    ),
  );
  const double = scans.planted.find((p) => p.kind === 'double');
  let override: DemoResult['override'] = null;
  const item = double && review.items.find((i) => i.category === 'flag' && i.serial === double.serial && i.group === `q${double.question}`);
  if (double && item) {
    const value = item.read ?? double.value;
    const letters = value.split('').join(' và ');
    await cli(['override', '-w', show(ws), '--serial', double.serial, '--question', String(double.question), '--value', value, '--by', 'Trần Thị Hoa (Tổ chấm bài)', '--reason', `Phiếu gốc: thí sinh tô cả ${letters}, không tính điểm`]);
    override = { serial: double.serial, question: double.question, value };
  } else log(`    ${L('(the planted double mark was not flagged by the reader: nothing to resolve)', '(câu tô hai ô cài sẵn không bị máy đánh dấu: không có gì để xử lý)')}`);

  // 7. export
  step(
    7,
    'export',
    L('Export the results', 'Xuất kết quả'),
    L(
      'ket-qua.csv (one row per candidate), bai-lam.csv (per answer), phan-tich-cau-hoi.csv (item analysis), tong-hop.csv (per Nhóm and Đơn vị), ket-qua.xlsx',
      'ket-qua.csv (mỗi thí sinh một dòng), bai-lam.csv (từng câu), phan-tich-cau-hoi.csv (phân tích câu hỏi), tong-hop.csv (theo Nhóm và Đơn vị), ket-qua.xlsx',
    ),
  );
  await cli(['export', '-w', show(ws), '--out', show(exportDir)]);
  const status = JSON.parse((await cli(['status', '-w', show(ws), '--json'], { quiet: true })).out.join('\n')) as WorkspaceStatus;
  steps.push({ name: stepName, ms: Math.round(performance.now() - stepStart) });

  // the reads against what the candidates marked (the fixture generator knows)
  const results = readFileSync(jsonl, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PageResult);
  const check: DemoResult['readCheck'] = { sheets: 0, answers: 0, silentErrors: 0, flagged: 0, missedFlags: 0, identityWrong: 0, statusWrong: 0, scores: 0, scoresExact: 0 };
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
  // every candidate's exported total against the score of what they marked (the planted marks score 0: a double
  // mark by the rules, the faint mark while it is open, the blank)
  const [kqHead, ...kqRows] = readCsv(readFileSync(path.join(exportDir, 'ket-qua.csv'), 'utf8'));
  const sbdCol = kqHead.cells.indexOf('Số báo danh');
  const totalCol = kqHead.cells.indexOf('Tổng điểm');
  for (const p of scans.pages) {
    if (p.expectedTotal === undefined) continue;
    check.scores++;
    const row = kqRows.find((r) => r.cells[sbdCol] === p.sbd);
    if (row && Number(row.cells[totalCol]) === p.expectedTotal) check.scoresExact++;
  }

  const annotatedDir = path.join(ws, 'annotated');
  const runs = existsSync(annotatedDir) ? readdirSync(annotatedDir).sort() : [];
  const annotated = runs.length ? path.join(annotatedDir, runs[runs.length - 1]) : annotatedDir;
  const files: DemoFile[] = [
    { what: L('sheets PDF', 'phiếu in (PDF)'), path: sheetsPdf },
    { what: L('manifest', 'danh sách phiếu'), path: manifestFile },
    { what: L('scans', 'ảnh quét'), path: scansDir + path.sep },
    { what: L('annotated images', 'ảnh chú thích'), path: annotated + path.sep },
    { what: L('results (JSONL)', 'kết quả đọc (JSONL)'), path: jsonl },
    { what: L('review', 'danh sách cần xem'), path: path.join(reviewDir, 'review.csv') },
    { what: L('workspace', 'thư mục kỳ thi'), path: ws + path.sep },
    { what: 'CSV + XLSX', path: exportDir + path.sep },
  ];
  return { lang, outDir, workspace: ws, status, planted: scans.planted, override, readCheck: check, files, steps, totalMs: Math.round(performance.now() - t0) };
}

/** The closing table: candidates per band, flags open, where every output is. */
export function closingLines(r: DemoResult, show: (p: string) => string = (p) => p): string[] {
  const L = (en: string, vi: string) => say(r.lang, en, vi);
  const s = r.status;
  const c = s.candidates;
  const out: string[] = [];
  const w = 24;
  const pad = (t: string) => t + ' '.repeat(Math.max(0, w - [...t].length));
  const num = (v: number) => String(v).padStart(4);
  out.push(L(`Results: exam ${s.exam.id}, ${c.roster} candidates in the roster`, `Kết quả: kỳ thi ${s.exam.id}, ${c.roster} thí sinh trong danh sách`));
  out.push(`  ${pad('Xếp loại')}${L('Candidates', 'Thí sinh')}`);
  for (const b of s.bands) out.push(`  ${pad(b.name)}${num(b.count)}`);
  if (c.absent) out.push(`  ${pad(L('Vắng (no sheet)', 'Vắng (không có bài)'))}${num(c.absent)}`);
  if (c.unscored) out.push(`  ${pad(L('Not scored yet', 'Chưa chấm xong'))}${num(c.unscored)}`);
  out.push(`  ${pad('')}${'─'.repeat(4)}`);
  const total = s.bands.reduce((n, b) => n + b.count, 0) + c.absent + c.unscored;
  out.push(`  ${pad(L('Total', 'Tổng'))}${num(total)}${c.unknownSbd ? `  (+${c.unknownSbd} ${L('SBD not in the roster', 'SBD không có trong danh sách')})` : ''}`);
  const f = s.flagsOpen;
  const ws = show(r.workspace);
  out.push(
    f.total
      ? L(`Flags still open: ${f.total} (${f.answers} answer(s), ${f.identity} SBD/mã đề column(s), on ${f.sheets} sheet(s)) → omr review -w ${ws}`, `Còn chờ người xử lý: ${f.total} (${f.answers} câu, ${f.identity} cột SBD/mã đề, trên ${f.sheets} phiếu) → omr review -w ${ws}`)
      : L('Flags still open: 0', 'Còn chờ người xử lý: 0'),
  );
  const p = s.pages;
  out.push(
    L(
      `Overrides: ${s.overrides.total} · conflicts: ${s.conflicts} · pages: ${p.total} (${p.ok} sheets, ${p.notASheet} not a sheet, ${p.error} unreadable)`,
      `Sửa tay: ${s.overrides.total} · xung đột: ${s.conflicts} · trang: ${p.total} (${p.ok} phiếu, ${p.notASheet} không phải phiếu, ${p.error} không đọc được)`,
    ),
  );
  const k = r.readCheck;
  out.push(
    L(
      `Check against what the candidates marked: ${k.answers} answers on ${k.sheets} sheets, ${k.silentErrors} read wrong without a flag, ${k.flagged} flagged for a person; Tổng điểm exact for ${k.scoresExact} of ${k.scores} candidates`,
      `Đối chiếu với bài làm thật: ${k.answers} câu trên ${k.sheets} phiếu, ${k.silentErrors} câu đọc sai mà không bị đánh dấu, ${k.flagged} câu đánh dấu cho người xem; tổng điểm đúng ${k.scoresExact}/${k.scores} thí sinh`,
    ),
  );
  out.push(L('Outputs:', 'Các tệp:'));
  const fw = Math.max(...r.files.map((x) => [...x.what].length));
  for (const x of r.files) out.push(`  ${x.what}${' '.repeat(fw - [...x.what].length)}  ${show(x.path)}${x.path.endsWith(path.sep) ? '/' : ''}`);
  out.push(`${L('Done in', 'Xong trong')} ${(r.totalMs / 1000).toFixed(1)} s (${r.steps.map((x) => `${x.name} ${(x.ms / 1000).toFixed(1)}`).join(', ')}).`);
  out.push(
    L(
      `Now see the demo exam at the desk, in your browser: omr serve -w ${ws}   (then open http://127.0.0.1:8080/)`,
      `Giờ có thể xem kỳ thi mẫu tại bàn làm việc, trên trình duyệt: omr serve -w ${ws}   (rồi mở http://127.0.0.1:8080/)`,
    ),
  );
  return out;
}
