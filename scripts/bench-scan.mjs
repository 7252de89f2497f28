#!/usr/bin/env node
// Benchmarks of the scan side (issue 10 item 4, issue 8 item 13). docs/performance.md explains
// the figures and how to reproduce them.
//
// `npm run bench:scan` generates BENCH_PAGES (default 200) filled 200-DPI 1-channel gray JPEG
// scans once (cached in the temp folder), then, BENCH_RUNS times (default 3), each in a fresh
// child process:
//   1. decodes them with sharp only, one decode per core at a time,
//   2. scans them with `scanInputs` (BENCH_JOBS reading threads, default the product's default:
//      half the cores, the others decoding ahead),
//   3. runs `omr scan` on one of them, from the command line, as a person would.
// It prints sheets/s, the scan/decode ratio, CPU per page (user+sys of the whole process, worker
// threads included, start-up included, divided by the pages) and the one-page wall time, then
// their medians. Beside the ratio: the same ratio after page 20 (the batch's steady rate against
// decoding alone, which no shorter start-up can beat) and the start-up (how much longer the
// batch took than at its steady rate throughout).
//
// `npm run bench:memory` (or `node scripts/bench-scan.mjs --memory`) measures memory, once each:
//   - `--jobs 2` over BENCH_LONG pages (default 5,000: the 200 scans linked under other names):
//     RSS after 200, 1,000, 2,000 and 5,000 pages, and the peak;
//   - a PDF of 300 and one of 1,000 empty A4 pages (rendered by pdfjs), `--jobs 1`: peak RSS;
//   - four 16383×16383 PNGs, `--jobs 2`: peak RSS.
// It takes several minutes on a quiet 2-core machine.
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MEMORY = process.argv.includes('--memory');
/** Parts of the memory benchmark to run (default all): long, pdf, png. */
const PARTS = (process.env.BENCH_PARTS ?? 'long,pdf,png').split(',');
/** Another checkout (built) to scan the same files in the same runs, for a before/after ratio. */
const COMPARE = process.env.BENCH_COMPARE;
const PAGES = Number(process.env.BENCH_PAGES ?? 200);
const LONG = Number(process.env.BENCH_LONG ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Reading threads for the scan (default: the product's own default, half the cores). */
const JOBS = process.env.BENCH_JOBS ? Number(process.env.BENCH_JOBS) : undefined;
/** Decodes at a time in the decode-only runs: every core. */
const DECODERS = os.availableParallelism();
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = path.join(root, 'dist');
const dir = path.join(os.tmpdir(), `omr-bench-scan-gray1-${PAGES}`);

async function makeScans() {
  const done = path.join(dir, '.complete');
  if (existsSync(done)) return;
  mkdirSync(dir, { recursive: true });
  const { generateSheetPage, defaultSheetPrinter, encodeGrayJpeg } = await import(path.join(dist, 'fixtures/index.js'));
  const printer = defaultSheetPrinter();
  const t0 = performance.now();
  for (let i = 0; i < PAGES; i++) {
    const page = await generateSheetPage({ printer, serial: String(i + 1).padStart(6, '0'), seed: 9000 + i, profile: 'flatbed', dpi: 200 });
    writeFileSync(path.join(dir, `scan-${String(i + 1).padStart(4, '0')}.jpg`), await encodeGrayJpeg(page.raster, page.truth.effects.jpegQuality ?? 85, 200));
    if ((i + 1) % 50 === 0) process.stderr.write(`  generated ${i + 1}/${PAGES} scans\n`);
  }
  writeFileSync(done, '');
  process.stderr.write(`  generated ${PAGES} scans in ${((performance.now() - t0) / 1000).toFixed(1)} s into ${dir}\n`);
}

/** A folder of `n` names linked to the generated scans (or to `files`) in turn. */
function linkedDir(name, n, files = readdirSync(dir).filter((f) => f.endsWith('.jpg')).map((f) => path.join(dir, f))) {
  const ld = path.join(os.tmpdir(), name);
  if (existsSync(path.join(ld, '.complete'))) return ld;
  mkdirSync(ld, { recursive: true });
  for (let i = 0; i < n; i++) {
    const target = path.join(ld, `page-${String(i + 1).padStart(5, '0')}${path.extname(files[0])}`);
    if (!existsSync(target)) linkSync(files[i % files.length], target);
  }
  writeFileSync(path.join(ld, '.complete'), '');
  return ld;
}

/** The Node options a checkout's `omr` runs with: those on its bin/omr's first line (#!/usr/bin/env -S node …). */
const nodeFlags = (at) => readFileSync(path.join(at, 'bin/omr'), 'utf8').split('\n')[0].replace(/^#!.*?\bnode\b/, '').trim().split(/\s+/).filter(Boolean);
const NODE_FLAGS = nodeFlags(root);

/** Run `code` in a fresh Node process with omr's options (ES module, cwd = the project); its last stdout line is JSON. */
function child(code, flags = NODE_FLAGS) {
  const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`benchmark child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const USAGE = `const usage = () => { const u = process.resourceUsage(); return { cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, maxRssMb: u.maxRSS / 1024 }; };`;

/**
 * Decode every file with sharp, one decode per core at a time, by the fastest call that gives
 * the same gray bytes (b-w output: 40 % less CPU than greyscale()).
 */
const decodeOnly = (folder) =>
  child(
    `${USAGE}
    const t0 = performance.now(); let pages = 0;
    const sharp = (await import('sharp')).default;
    sharp.cache(false); sharp.concurrency(1);
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = readdirSync(${JSON.stringify(folder)}).filter((f) => f.endsWith('.jpg')).map((f) => ${JSON.stringify(folder)} + '/' + f);
    let next = 0;
    await Promise.all(Array.from({ length: ${DECODERS} }, async () => {
      while (next < files.length) { const f = files[next++]; await sharp(readFileSync(f)).toColourspace('b-w').raw().toBuffer(); pages++; }
    }));
    console.log(JSON.stringify({ pages, seconds: (performance.now() - t0) / 1000, ...usage() }));`);

/** scanInputs over `inputs`; RSS noted after the pages in `marks`. */
const scan = (inputs, { jobs = JOBS, marks = [], pdfDpi, at = root } = {}) =>
  child(
    `${USAGE}
    const { scanInputs } = await import(${JSON.stringify(path.join(at, 'dist/scan/batch.js'))});
    const t0 = performance.now(); let pages = 0; const statuses = {}; const at = {};
    const marks = new Set(${JSON.stringify(marks)});
    await scanInputs(${JSON.stringify(inputs)}, { jobs: ${jobs ?? 'undefined'}, pdfDpi: ${pdfDpi ?? 'undefined'}, onPage: (r) => {
      pages++; statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (marks.has(pages)) at[pages] = { rssMb: process.memoryUsage().rss / 2 ** 20, peakMb: usage().maxRssMb, seconds: (performance.now() - t0) / 1000 };
    } });
    console.log(JSON.stringify({ pages, statuses, at, seconds: (performance.now() - t0) / 1000, ...usage() }));`,
    nodeFlags(at),
  );

/** `omr scan FILE --out …` from the command line (bin/omr run as a program, as a person runs it): wall time. */
function onePage(file, at = root) {
  const out = path.join(os.tmpdir(), `omr-bench-one-${process.pid}.jsonl`);
  const t0 = performance.now();
  const r = spawnSync(path.join(at, 'bin/omr'), ['scan', file, '--out', out, '--json'], { cwd: root, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`omr scan failed: ${r.stderr}`);
  return { seconds };
}

/** Pages after which a batch runs at its steady rate (JIT warm, heap sized). */
const STEADY_FROM = 20;

/**
 * The batch after page STEADY_FROM against decoding alone (per page, both wall clock), and the
 * start-up: how much longer the batch took than at its steady rate throughout. The ratio cannot
 * fall below the steady one, however short the start-up.
 */
function steadyState(s, d) {
  const perPage = (s.seconds - s.at[STEADY_FROM].seconds) / (s.pages - STEADY_FROM);
  return { steadyRatio: perPage / (d.seconds / d.pages), startup: s.seconds - perPage * s.pages };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);

await makeScans();
const load = () => `load average ${os.loadavg()[0].toFixed(1)}`;

if (!MEMORY) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jpg'));
  console.log(`omr scan benchmark: ${PAGES} filled 200-DPI gray JPEG scans (1654×2339, 1 channel), ${JOBS ? `--jobs ${JOBS}` : 'default --jobs'}, ${RUNS} runs, ${os.cpus().length} cores, ${load()}`);
  const rows = [];
  for (let i = 0; i < RUNS; i++) {
    const d = decodeOnly(dir);
    const s = scan([dir], { marks: [STEADY_FROM] });
    if (s.statuses.ok !== PAGES) throw new Error(`expected ${PAGES} pages read, got ${JSON.stringify(s.statuses)}`);
    const one = onePage(path.join(dir, files[i % files.length]));
    const row = { sps: s.pages / s.seconds, ratio: s.seconds / d.seconds, cpuMs: (s.cpuSeconds / s.pages) * 1000, decodeCpuMs: (d.cpuSeconds / d.pages) * 1000, decode: d.seconds, scan: s.seconds, one: one.seconds, rss: s.maxRssMb, ...steadyState(s, d) };
    if (COMPARE) {
      const b = scan([dir], { at: COMPARE });
      const bone = onePage(path.join(dir, files[i % files.length]), COMPARE);
      Object.assign(row, { bSps: b.pages / b.seconds, bRatio: b.seconds / d.seconds, bCpuMs: (b.cpuSeconds / b.pages) * 1000, bOne: bone.seconds, bRss: b.maxRssMb });
      console.log(`  run ${i + 1}, ${COMPARE}: scan ${f2(b.seconds)} s, ${f1(row.bSps)} sheets/s, ${f1(row.bCpuMs)} ms CPU/page · ratio ${f2(row.bRatio)} · one-page omr scan ${f2(bone.seconds)} s · peak RSS ${b.maxRssMb.toFixed(0)} MB`);
    }
    rows.push(row);
    console.log(
      `  run ${i + 1}: decode only ${f2(d.seconds)} s (${f1(row.decodeCpuMs)} ms CPU/page) · scan ${f2(s.seconds)} s, ${f1(row.sps)} sheets/s, ${f1(row.cpuMs)} ms CPU/page · ratio ${f2(row.ratio)} (after page ${STEADY_FROM} ${f2(row.steadyRatio)}; start-up ${f2(row.startup)} s) · one-page omr scan ${f2(one.seconds)} s · peak RSS ${row.rss.toFixed(0)} MB · ${load()}`,
    );
  }
  const m = (k) => median(rows.map((r) => r[k]));
  console.log(
    `median: ${f1(m('sps'))} sheets/s (target ≥ 35) · scan/decode ${f2(m('ratio'))} (target ≤ 1.6; after page ${STEADY_FROM} ${f2(m('steadyRatio'))}, start-up ${f2(m('startup'))} s) · CPU per page ${f1(m('cpuMs'))} ms incl. start-up (target ≤ 45; decode alone ${f1(m('decodeCpuMs'))} ms) · one-page omr scan ${f2(m('one'))} s wall (target < 0.5) · peak RSS ${m('rss').toFixed(0)} MB`,
  );
  if (COMPARE) {
    console.log(
      `median, ${COMPARE}: ${f1(m('bSps'))} sheets/s · scan/decode ${f2(m('bRatio'))} · CPU per page ${f1(m('bCpuMs'))} ms · one-page omr scan ${f2(m('bOne'))} s · peak RSS ${m('bRss').toFixed(0)} MB`,
    );
  }
} else {
  console.log(`omr memory benchmark (${os.cpus().length} cores, ${load()})`);
  const marks = [200, 1000, 2000, 5000].filter((n) => n <= LONG);
  if (PARTS.includes('long')) {
  const long = scan([linkedDir(`omr-bench-scan-long-${PAGES}-${LONG}`, LONG)], { jobs: 2, marks });
  console.log(`  --jobs 2, ${long.pages} pages (${PAGES} scans repeated) in ${f1(long.seconds)} s (${f1(long.pages / long.seconds)} sheets/s):`);
  for (const n of marks) console.log(`    after ${String(n).padStart(5)} pages: RSS ${long.at[n].rssMb.toFixed(0)} MB, peak so far ${long.at[n].peakMb.toFixed(0)} MB`);
  console.log(`    peak RSS ${long.maxRssMb.toFixed(0)} MB (target < 400 MB, no growth after the first 200 pages)`);
  }

  const { PDFDocument } = await import('pdf-lib');
  for (const n of PARTS.includes('pdf') ? [300, 1000] : []) {
    const file = path.join(os.tmpdir(), `omr-bench-empty-${n}.pdf`);
    if (!existsSync(file)) {
      const doc = await PDFDocument.create();
      for (let i = 0; i < n; i++) doc.addPage([595.28, 841.89]);
      writeFileSync(file, await doc.save());
    }
    const r = scan([file], { jobs: 1, marks: [50, 100, Math.round(n / 2), n] });
    const seq = Object.entries(r.at).map(([k, v]) => `${k}: ${v.rssMb.toFixed(0)}`).join(', ');
    console.log(`  PDF of ${n} empty A4 pages, --jobs 1: ${r.pages} pages in ${f1(r.seconds)} s · RSS after pages (MB) ${seq} · peak RSS ${r.maxRssMb.toFixed(0)} MB`);
  }

  if (PARTS.includes('png')) {
  const huge = path.join(os.tmpdir(), 'omr-bench-huge-16383.png');
  if (!existsSync(huge)) {
    const sharp = (await import('sharp')).default;
    writeFileSync(huge, await sharp({ create: { width: 16383, height: 16383, channels: 3, background: '#ffffff' } }).toColourspace('b-w').png({ compressionLevel: 1 }).toBuffer());
  }
  const four = linkedDir('omr-bench-huge-4', 4, [huge]);
  const h = scan([four], { jobs: 2 });
  console.log(`  four 16383×16383 PNGs, --jobs 2: ${h.pages} pages (${JSON.stringify(h.statuses)}) in ${f1(h.seconds)} s · peak RSS ${h.maxRssMb.toFixed(0)} MB`);
  }
}
