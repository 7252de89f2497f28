#!/usr/bin/env node
/**
 * npm run readme:images — the pictures in the README, made by the code they show, so they stay
 * current:
 *
 *   docs/images/sheet.png      a personalised sheet of the example exam, as omr generate prints it
 *   docs/images/annotated.png  that sheet filled by a candidate, scanned askew, read by omr scan:
 *                              the annotated image every scanned page gets
 *
 * Both about 700 px wide, well under 300 KB. Reproducible (fixed seeds). Needs dist/ (npm run build).
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { scanSheet } from '../dist/demo/scans.js';
import { EXAMPLE_DIR } from '../dist/demo/run.js';
import { loadExam } from '../dist/exam/exam.js';
import { mulberry32, SheetPrinter, encodeJpeg } from '../dist/fixtures/index.js';
import { keyRules, loadKeys } from '../dist/grade/keys.js';
import { openPdf } from '../dist/pdf/rasterize.js';
import { renderSheetsPdf } from '../dist/print/sheet.js';
import { loadRoster } from '../dist/roster/roster.js';
import { scanInputs } from '../dist/scan/batch.js';
import { loadLayout } from '../dist/template/load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs', 'images');
const WIDTH = 700;
const LIMIT = 300 * 1024;

async function main() {
  const { template, layout } = loadLayout();
  const exam = loadExam(path.join(EXAMPLE_DIR, 'exam.json'));
  const roster = loadRoster(path.join(EXAMPLE_DIR, 'roster.csv')).candidates;
  const keys = loadKeys([path.join(EXAMPLE_DIR, 'keys.csv')], keyRules(template)).keys;
  const candidate = roster.find((c) => c.sbd === '250107');
  const serial = '000007';
  const examCode = candidate.nhom === 3 ? '102' : '101';
  await mkdir(outDir, { recursive: true });

  /** The annotation colours (src/scan/annotate.ts): read marks, flagged marks, registration marks, missing marks. */
  const INKS = [
    [0x00, 0xb0, 0x50],
    [0xff, 0x3b, 0x00],
    [0xff, 0xa0, 0x00],
    [0x00, 0x60, 0xff],
    [0xff, 0x00, 0x00],
  ];

  /**
   * Few colours, all of them kept: gray in 16 levels, every coloured pixel snapped to the nearest
   * annotation colour (a plain palette reduction drops the few orange rings of flagged marks).
   */
  async function posterize(input) {
    const { data, info } = await sharp(input).resize({ width: WIDTH, kernel: 'lanczos3' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i += 3) {
      const r = data[i], g = data[i + 1], b = data[i + 2];
      if (Math.max(r, g, b) - Math.min(r, g, b) < 48) {
        const v = Math.min(255, Math.round((r * 299 + g * 587 + b * 114) / 1000 / 17) * 17);
        data[i] = data[i + 1] = data[i + 2] = v;
      } else {
        let best = INKS[0], d = Infinity;
        for (const c of INKS) {
          const e = (c[0] - r) ** 2 + (c[1] - g) ** 2 + (c[2] - b) ** 2;
          if (e < d) [best, d] = [c, e];
        }
        [data[i], data[i + 1], data[i + 2]] = best;
      }
    }
    return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).png().toBuffer();
  }

  /** Small PNG, WIDTH px wide, with a palette of `colors`. */
  async function png(input, colors, file) {
    const bytes = await sharp(input).resize({ width: WIDTH, kernel: 'lanczos3' }).png({ palette: true, colors, dither: 0, effort: 10, compressionLevel: 9 }).toBuffer();
    if (bytes.length > LIMIT) throw new Error(`${file}: ${bytes.length} bytes, over the ${LIMIT} limit`);
    await writeFile(path.join(outDir, file), bytes);
    const meta = await sharp(bytes).metadata();
    console.log(`docs/images/${file}: ${meta.width}×${meta.height}, ${Math.round(bytes.length / 1024)} KB`);
  }

  // 1. the printed sheet: our PDF, rendered as a printer would put it on paper
  {
    const pdf = await renderSheetsPdf({ template, layout, exam, sheets: [{ serial, candidate }] });
    const doc = await openPdf(pdf, 'sheet');
    const img = await doc.renderPage(1, 150);
    await doc.close();
    await png(await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } }).png().toBuffer(), 32, 'sheet.png');
  }

  // 2. the same sheet answered (about 80 % right, one double mark, one faint mark, one blank),
  //    put on the flatbed askew, read by the scanner code with an annotated image
  {
    const tmp = await mkdtemp(path.join(tmpdir(), 'omr-readme-'));
    const cwd = process.cwd();
    try {
      const printer = new SheetPrinter({ template, layout, exam });
      await printer.prepare([{ serial, candidate }]);
      const rng = mulberry32(7);
      const key = keys[examCode].answers;
      const answers = {};
      for (let q = 1; q <= template.answers.questions; q++) {
        const right = key[q];
        const opts = template.answers.options;
        answers[`q${q}`] = rng.chance(0.8) ? right : opts[(opts.indexOf(right) + rng.int(1, opts.length - 1)) % opts.length];
      }
      const page = await scanSheet(printer, { serial, candidate, examCode }, answers, { q37: 'double', q58: 'light', q92: 'blank' }, 'skewed', 200, rng.fork('scan'), { skewDeg: 1.4, shiftMm: [1, 1.5], lid: 238, blur: 0.6, noise: 1.2, jpegQuality: 90 });
      await printer.close();
      await mkdir(path.join(tmp, 'may-quet'), { recursive: true });
      await writeFile(path.join(tmp, 'may-quet', 'phieu-0007.jpg'), await encodeJpeg(page.raster, 88, page.dpi));
      process.chdir(tmp); // so the annotated header names the file as the desk sees it
      await scanInputs(['may-quet/phieu-0007.jpg'], { jobs: 1, annotateDir: path.join(tmp, 'annotated') });
      const [ann] = await readdir(path.join(tmp, 'annotated'));
      await png(await posterize(path.join(tmp, 'annotated', ann)), 32, 'annotated.png');
    } finally {
      process.chdir(cwd);
      await rm(tmp, { recursive: true, force: true });
    }
  }
}

try {
  await main();
} catch (e) {
  // plain message: OpenCV's handler would print its whole source for an uncaught error
  console.error(`readme-images: ${e?.message ?? e}`);
  process.exitCode = 1;
}
