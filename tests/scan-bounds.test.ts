/**
 * Memory bounds of the scan input stage (issue 8 item 13) and the choice of threads (issue 10
 * item 4): a huge image is downscaled while it is decoded, then read; a long PDF is rendered one
 * page at a time, each page's canvas released before the next is rendered; a one-image scan
 * starts no worker pool. Figures (RSS, seconds) are in `npm run bench:memory`, not here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRead, defaultSheetPrinter, generateSheetPage, toGray } from '../src/fixtures/index.js';
import { renderStats } from '../src/pdf/rasterize.js';
import { listInputs, loadBuffer, MAX_PAGE_PIXELS } from '../src/scan/load.js';
import { scanInputs, threadsFor } from '../src/scan/batch.js';
import type { PageResult } from '../src/scan/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'omr-bounds-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pixels per page are capped', () => {
  it('reads a sheet stored as a 40-megapixel PNG with no DPI, downscaled on decode to a 600-DPI A4', async () => {
    const printer = defaultSheetPrinter();
    const p = await generateSheetPage({ printer, serial: '000077', seed: 77, profile: 'clean', dpi: 200 });
    const gray = toGray(p.raster);
    const big = { width: Math.round(gray.width * 3.2), height: Math.round(gray.height * 3.2) };
    expect(big.width * big.height).toBeGreaterThan(MAX_PAGE_PIXELS);
    const png = await sharp(gray.data, { raw: { width: gray.width, height: gray.height, channels: 1 } })
      .resize(big.width, big.height, { kernel: 'linear' })
      .toColourspace('b-w')
      .png({ compressionLevel: 1 })
      .toBuffer();
    const file = path.join(dir, 'huge.png');
    writeFileSync(file, png);

    const results: PageResult[] = [];
    const loaded: { originalSize?: { width: number; height: number } }[] = [];
    await scanInputs([file], { jobs: 1, onPage: (r, l) => void (results.push(r), loaded.push(l)) });
    expect(results).toHaveLength(1);
    const r = results[0];
    expect(r.status, r.reason).toBe('ok');
    expect(r.image!.width * r.image!.height).toBeLessThanOrEqual(MAX_PAGE_PIXELS);
    expect(r.image!.width).toBeLessThan(big.width);
    expect(loaded[0].originalSize).toEqual(big);
    expect(checkRead(p.truth, r).silentErrors).toEqual([]);
  }, 120_000);
});

describe('a long PDF is rendered page by page', () => {
  it('renders page n only when page n is asked for, and releases its canvas before handing it over', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 40; i++) doc.addPage([595.28, 841.89]).drawText(`page ${i + 1}`, { x: 100, y: 700, size: 24 });
    const bytes = await doc.save();
    const start = { ...renderStats };
    let n = 0;
    for await (const page of loadBuffer(bytes, 'long.pdf', { pdfDpi: 72 })) {
      n++;
      expect(page.error).toBeUndefined();
      expect(page.pdfMethod).toBe('render');
      // exactly the pages handed out so far have been rendered, and none is still held
      expect(renderStats.rendered - start.rendered).toBe(n);
      expect(renderStats.released - start.released).toBe(n);
    }
    expect(n).toBe(40);
  }, 120_000);
});

describe('threads', () => {
  it('starts no pool for one image, keeps every thread for a PDF or for many images', async () => {
    const jpeg = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const pdf = await (async () => {
      const d = await PDFDocument.create();
      d.addPage();
      return d.save();
    })();
    for (let i = 0; i < 3; i++) writeFileSync(path.join(dir, `img${i}.jpg`), jpeg);
    writeFileSync(path.join(dir, 'batch.pdf'), pdf);
    const one = await listInputs([path.join(dir, 'img0.jpg')]);
    expect(await threadsFor(one, 4)).toBe(1);
    expect(await threadsFor(await listInputs([0, 1].map((i) => path.join(dir, `img${i}.jpg`))), 4)).toBe(2);
    expect(await threadsFor(await listInputs([path.join(dir, 'batch.pdf')]), 4)).toBe(4);
    expect(await threadsFor(await listInputs([0, 1, 2].map((i) => path.join(dir, `img${i}.jpg`))), 2)).toBe(2);
  });
});
