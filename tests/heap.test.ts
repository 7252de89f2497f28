// A batch read in this thread holds the heap headroom (src/scan/heap.ts) while it reads and lets it
// go afterwards; a one-image scan, which it would only slow down, never takes it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSheetPrinter, encodeJpeg, generateSheetPage } from '../src/fixtures/index.js';
import { scanInputs } from '../src/scan/batch.js';
import { HEADROOM_PERCENT, heapHeadroomPercent, holdHeapHeadroom, releaseHeapHeadroom } from '../src/scan/heap.js';

const dir = mkdtempSync(path.join(tmpdir(), 'omr-heap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const printer = defaultSheetPrinter();
  for (const n of [1, 2]) {
    const page = await generateSheetPage({ printer, serial: `00070${n}`, seed: 70 + n, profile: 'flatbed' });
    writeFileSync(path.join(dir, `scan-${n}.jpg`), await encodeJpeg(page.raster, 85, 200));
  }
});

describe('heap headroom', () => {
  it('is held while a batch is read in this thread, and let go after it', async () => {
    const held: number[] = [];
    const sum = await scanInputs([dir], { jobs: 1, onPage: () => void held.push(heapHeadroomPercent()) });
    expect(sum.ok).toBe(2);
    expect(held).toEqual([HEADROOM_PERCENT, HEADROOM_PERCENT]);
    expect(HEADROOM_PERCENT).toBe(1000);
    expect(heapHeadroomPercent()).toBe(0);
  });

  it('is not taken for one image', async () => {
    const held: number[] = [];
    await scanInputs([path.join(dir, 'scan-1.jpg')], { jobs: 1, onPage: () => void held.push(heapHeadroomPercent()) });
    expect(held).toEqual([0]);
  });

  it('makes V8 run fewer full collections while held, and as many as before once let go', () => {
    // in a child: the same allocation (about 8 MB alive at a time, as a reading thread keeps)
    // before, while and after holding it, its full collections counted by Node's GC observer
    const heap = pathToFileURL(path.resolve('dist/scan/heap.js')).href;
    const script = `
      import { PerformanceObserver, constants } from 'node:perf_hooks';
      const h = await import(${JSON.stringify(heap)});
      let major = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++; }).observe({ entryTypes: ['gc'] });
      const settle = () => new Promise((r) => setTimeout(r, 50));
      async function work() {
        const before = major, window = [];
        for (let page = 0; page < 400; page++) {
          const batch = [];
          for (let i = 0; i < 20000; i++) batch.push({ a: i, b: [i, i + 1, i + 2], c: 'x' + (i % 100) });
          window.push(batch);
          if (window.length > 3) window.shift();
        }
        await settle();
        return major - before;
      }
      const plain = await work();
      h.holdHeapHeadroom();
      const held = await work();
      h.releaseHeapHeadroom();
      const after = await work();
      console.log(JSON.stringify({ plain, held, after }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const { plain, held, after } = JSON.parse(r.stdout) as { plain: number; held: number; after: number };
    expect(held).toBeLessThan(plain * 0.6);
    expect(after).toBeGreaterThan(held);
  });

  it('is counted: it stays until the last holder lets it go', () => {
    holdHeapHeadroom();
    holdHeapHeadroom();
    releaseHeapHeadroom();
    expect(heapHeadroomPercent()).toBe(HEADROOM_PERCENT);
    releaseHeapHeadroom();
    expect(heapHeadroomPercent()).toBe(0);
    releaseHeapHeadroom(); // one release too many changes nothing
    expect(heapHeadroomPercent()).toBe(0);
  });
});
