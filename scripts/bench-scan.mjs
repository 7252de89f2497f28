#!/usr/bin/env node
// Benchmark of the scan side (issue 3). Generates BENCH_PAGES (default 200) filled 200-DPI gray
// JPEG scans once (cached in the temp folder), then, each in a fresh child process:
//   1. decodes them with sharp only (same concurrency as the scan: all cores),
//   2. scans them with `scanInputs` (worker threads, all cores),
//   3. scans BENCH_LONG (default 2,000) pages (the same files linked under other names) to show
//      that peak RSS does not grow with batch length.
// Prints sheets/s, decode time, their ratio and peak RSS. Figures are medians of BENCH_RUNS runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, linkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGES = Number(process.env.BENCH_PAGES ?? 200);
const LONG = Number(process.env.BENCH_LONG ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const JOBS = Number(process.env.BENCH_JOBS ?? os.availableParallelism());
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../dist');
const dir = path.join(os.tmpdir(), `omr-bench-scan-gray1-${PAGES}`);

/**
 * A 1-channel (gray) JPEG as a scanner set to "gray" writes it, with its DPI in the JFIF header.
 * (sharp's withMetadata turns a gray image into 3-channel sRGB, so the density is written here.)
 */
async function grayJpeg(img, quality, dpi) {
  const sharp = (await import('sharp')).default;
  const jpeg = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } }).toColourspace('b-w').jpeg({ quality }).toBuffer();
  // mozjpeg writes no JFIF segment: insert one (version 1.1, unit dots per inch) after SOI
  const app0 = Buffer.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 1, dpi >> 8, dpi & 255, dpi >> 8, dpi & 255, 0, 0]);
  const body = jpeg[2] === 0xff && jpeg[3] === 0xe0 ? jpeg.subarray(4 + jpeg.readUInt16BE(4)) : jpeg.subarray(2);
  return Buffer.concat([jpeg.subarray(0, 2), app0, body]);
}

async function makeScans() {
  const done = path.join(dir, '.complete');
  if (existsSync(done)) return;
  mkdirSync(dir, { recursive: true });
  const { generateSheetPage, defaultSheetPrinter, toGray } = await import(path.join(dist, 'fixtures/index.js'));
  const printer = defaultSheetPrinter();
  const t0 = performance.now();
  for (let i = 0; i < PAGES; i++) {
    const page = await generateSheetPage({ printer, serial: String(i + 1).padStart(6, '0'), seed: 9000 + i, profile: 'flatbed', dpi: 200 });
    writeFileSync(path.join(dir, `scan-${String(i + 1).padStart(4, '0')}.jpg`), await grayJpeg(toGray(page.raster), page.truth.effects.jpegQuality ?? 85, 200));
    if ((i + 1) % 50 === 0) process.stderr.write(`  generated ${i + 1}/${PAGES} scans\n`);
  }
  writeFileSync(done, '');
  process.stderr.write(`  generated ${PAGES} scans in ${((performance.now() - t0) / 1000).toFixed(1)} s into ${dir}\n`);
}

function longDir() {
  const ld = path.join(os.tmpdir(), `omr-bench-scan-long-${PAGES}-${LONG}`);
  if (existsSync(path.join(ld, '.complete'))) return ld;
  mkdirSync(ld, { recursive: true });
  const files = readdirSync(dir).filter((f) => f.endsWith('.jpg'));
  for (let i = 0; i < LONG; i++) {
    const target = path.join(ld, `long-${String(i + 1).padStart(5, '0')}.jpg`);
    if (!existsSync(target)) linkSync(path.join(dir, files[i % files.length]), target);
  }
  writeFileSync(path.join(ld, '.complete'), '');
  return ld;
}

const child = (mode, folder) => {
  const code = `
    const mode = ${JSON.stringify(mode)}, folder = ${JSON.stringify(folder)}, jobs = ${JOBS};
    const t0 = performance.now(); let pages = 0;
    if (mode === 'decode') {
      const sharp = (await import('sharp')).default;
      const { readdirSync } = await import('node:fs');
      const files = readdirSync(folder).filter((f) => f.endsWith('.jpg')).map((f) => folder + '/' + f);
      let next = 0;
      await Promise.all(Array.from({ length: jobs }, async () => {
        while (next < files.length) { const f = files[next++]; await sharp(f).greyscale().raw().toBuffer(); pages++; }
      }));
    } else {
      const { scanInputs } = await import(${JSON.stringify(path.join(dist, 'scan/batch.js'))});
      const s = await scanInputs([folder], { jobs, onPage: (r) => { pages++; if (r.status !== 'ok') throw new Error(r.source + ': ' + r.status + ' ' + r.reason); } });
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ pages, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: path.resolve(here, '..'), encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await makeScans();
console.log(`omr scan benchmark: ${PAGES} filled 200-DPI gray JPEG scans (1654×2339), ${JOBS} worker threads, ${RUNS} runs, load average ${os.loadavg()[0].toFixed(1)}`);
const dec = [], scan = [], ratio = [], rss = [];
for (let i = 0; i < RUNS; i++) {
  const d = child('decode', dir);
  const s = child('scan', dir);
  dec.push(d.seconds);
  scan.push(s.seconds);
  ratio.push(s.seconds / d.seconds);
  rss.push(s.maxRssMb);
  console.log(`  run ${i + 1}: decode only ${d.seconds.toFixed(2)} s · scan ${s.seconds.toFixed(2)} s (${(PAGES / s.seconds).toFixed(1)} sheets/s) · ratio ${(s.seconds / d.seconds).toFixed(2)} · peak RSS ${s.maxRssMb.toFixed(0)} MB`);
}
console.log(`median: ${(PAGES / median(scan)).toFixed(1)} sheets/s (target ≥ 20) · decode only ${median(dec).toFixed(2)} s · scan/decode ratio ${median(ratio).toFixed(2)} (target ≤ 2) · peak RSS ${median(rss).toFixed(0)} MB for ${PAGES} pages`);
if (LONG > 0) {
  const l = child('scan', longDir());
  console.log(`long batch: ${l.pages} pages in ${l.seconds.toFixed(1)} s (${(l.pages / l.seconds).toFixed(1)} sheets/s) · peak RSS ${l.maxRssMb.toFixed(0)} MB (target < 500 MB, flat with batch length)`);
}
