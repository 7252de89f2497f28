#!/usr/bin/env node
/**
 * The desk's pictures for docs/desk.md and the README (part of npm run readme:images):
 * docs/images/desk-tong-quan.png, desk-quet.png, desk-xem-lai.png, desk-thi-sinh.png,
 * desk-ket-qua.png. The example exam's first candidates answer their sheets (a double mark, a
 * faint mark), the sheets are scanned into a fresh workspace through the desk's own upload
 * queue, then Debian's Chromium (headless, via playwright-core) photographs each page.
 * Small palette PNGs (well under 300 KB each). Needs dist/ (npm run build) and /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { scanSheet } from '../dist/demo/scans.js';
import { EXAMPLE_DIR } from '../dist/demo/run.js';
import { loadExam } from '../dist/exam/exam.js';
import { encodeJpeg, mulberry32, SheetPrinter } from '../dist/fixtures/index.js';
import { keyRules, loadKeys } from '../dist/grade/keys.js';
import { loadRoster } from '../dist/roster/roster.js';
import { buildDesk } from '../dist/serve/server.js';
import { loadLayout } from '../dist/template/load.js';
import { initWorkspace } from '../dist/workspace/workspace.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs', 'images');
const CHROMIUM = process.env.OMR_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHEETS = Number(process.env.DESK_SHEETS ?? 8);
const LIMIT = 300 * 1024;

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set OMR_CHROMIUM)`);
  const { template, layout } = loadLayout();
  const exam = loadExam(path.join(EXAMPLE_DIR, 'exam.json'));
  const roster = loadRoster(path.join(EXAMPLE_DIR, 'roster.csv')).candidates.slice(0, SHEETS);
  const keys = loadKeys([path.join(EXAMPLE_DIR, 'keys.csv')], keyRules(template)).keys;
  const tmp = await mkdtemp(path.join(tmpdir(), 'omr-desk-shots-'));
  let desk;
  let browser;
  try {
    // ---- the sheets, answered and scanned
    const printer = new SheetPrinter({ template, layout, exam });
    const sheets = roster.map((candidate, i) => ({ serial: String(i + 1).padStart(6, '0'), candidate, examCode: candidate.nhom === 3 ? '102' : '101' }));
    await printer.prepare(sheets.map(({ serial, candidate }) => ({ serial, candidate })));
    const rng = mulberry32(11);
    const files = [];
    await mkdir(path.join(tmp, 'may-quet'));
    for (const [i, s] of sheets.entries()) {
      const key = keys[s.examCode].answers;
      const opts = template.answers.options;
      const skill = 0.45 + 0.5 * rng.next();
      const answers = {};
      for (let q = 1; q <= template.answers.questions; q++) answers[`q${q}`] = rng.chance(skill) ? key[q] : opts[(opts.indexOf(key[q]) + rng.int(1, opts.length - 1)) % opts.length];
      const special = i === 1 ? { q37: 'double', q58: 'light' } : i === 4 ? { q12: 'light' } : {};
      const page = await scanSheet(printer, s, answers, special, 'flatbed', 200, rng.fork(`scan${i}`));
      const file = path.join(tmp, 'may-quet', `phieu-${s.serial}.jpg`);
      await writeFile(file, await encodeJpeg(page.raster, 88, page.dpi));
      files.push(file);
    }
    await printer.close();

    // ---- the workspace and the desk; the scans go through the desk's upload queue
    const dir = path.join(tmp, 'ky-thi');
    initWorkspace(dir, { exam: path.join(EXAMPLE_DIR, 'exam.json'), roster: path.join(EXAMPLE_DIR, 'roster.csv'), keys: [path.join(EXAMPLE_DIR, 'keys.csv')] }).ws.close();
    desk = await buildDesk({ workspace: dir, jobs: 1, pollMs: 500 });
    await desk.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${desk.app.server.address().port}`;
    desk.state.jobs.add(files, 'upload');
    await desk.state.jobs.idle();

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: 1 });
    await mkdir(outDir, { recursive: true });
    const shot = async (name, pathname, prepare) => {
      await page.goto(url + pathname);
      if (prepare) await prepare();
      const png = await page.screenshot({ fullPage: false });
      const bytes = await sharp(png).resize({ width: 900 }).png({ palette: true, colors: 64, dither: 0, effort: 10, compressionLevel: 9 }).toBuffer();
      if (bytes.length > LIMIT) throw new Error(`${name}: ${bytes.length} bytes, over ${LIMIT}`);
      await writeFile(path.join(outDir, name), bytes);
      console.log(`docs/images/${name}: ${Math.round(bytes.length / 1024)} KB`);
    };
    await shot('desk-tong-quan.png', '/');
    await shot('desk-quet.png', '/scan', () => page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0)));
    await shot('desk-xem-lai.png', '/review', async () => {
      await page.keyboard.type('Nguyễn Thị Thu');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#item img');
      await page.waitForFunction(() => document.querySelector('#item img')?.complete);
    });
    const sbd = roster[1].sbd;
    await shot('desk-thi-sinh.png', `/candidates/${sbd}`, () => page.waitForFunction(() => [...document.images].every((i) => i.complete)));
    await shot('desk-ket-qua.png', '/results');
  } finally {
    await browser?.close();
    await desk?.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  console.error(`desk-screenshots: ${e?.message ?? e}`);
  process.exitCode = 1;
}
