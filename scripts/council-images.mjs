#!/usr/bin/env node
/**
 * The council's pictures for the README, made by the code they show (the integrator chains this
 * after scripts/readme-images.mjs in `npm run readme:images`):
 *
 *   docs/images/report.png   first page of the report to the chairman (omr report) on the
 *                            example workspace the demo builds
 *   docs/images/notice.png   the notice to one commune (omr notify)
 *
 * About 700 px wide, under 300 KB each. Fixed dates, so the pictures are reproducible. Needs dist/.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { main } from '../dist/cli/main.js';
import { runDemo } from '../dist/demo/run.js';
import { openPdf } from '../dist/pdf/rasterize.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs', 'images');
const WIDTH = 700;
const LIMIT = 300 * 1024;

async function firstPage(pdf, name) {
  const doc = await openPdf(readFileSync(pdf));
  try {
    const img = await doc.renderPage(1, 150);
    const gray = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } }).png().toBuffer();
    const bytes = await sharp(gray).resize({ width: WIDTH, kernel: 'lanczos3' }).png({ palette: true, colors: 32, dither: 0, effort: 10, compressionLevel: 9 }).toBuffer();
    if (bytes.length > LIMIT) throw new Error(`${name}: ${bytes.length} bytes, over the ${LIMIT} limit`);
    await writeFile(path.join(outDir, name), bytes);
    console.log(`docs/images/${name}: ${Math.round(bytes.length / 1024)} KB`);
  } finally {
    await doc.close();
  }
}

async function cli(args) {
  const code = await main(['node', 'omr', ...args], { out: () => {}, err: (l) => console.error(l), isTTY: false });
  if (code > 1) throw new Error(`omr ${args.join(' ')}: exit ${code}`);
}

const tmp = await mkdtemp(path.join(tmpdir(), 'omr-council-images-'));
try {
  await mkdir(outDir, { recursive: true });
  const demo = await runDemo({ outDir: path.join(tmp, 'demo'), log: () => {} });
  const ws = demo.workspace;
  await cli(['report', '-w', ws, '--graded-on', '16/06/2025', '--date', '20/06/2025', '--number', '15']);
  await cli(['notify', '-w', ws, '--approved-on', '24/06/2025', '--date', '26/06/2025', '--decision', '125/QĐ-UBND', '--first-number', '31']);
  await firstPage(path.join(ws, 'van-ban', 'bao-cao-ket-qua.pdf'), 'report.png');
  await firstPage(path.join(ws, 'van-ban', 'thong-bao', 'thong-bao-06-ubnd-xa-truong-long.pdf'), 'notice.png');
} finally {
  await rm(tmp, { recursive: true, force: true });
}
