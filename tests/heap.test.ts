// A batch read in this thread holds the heap ballast (src/scan/heap.ts) while it reads and lets it
// go afterwards; a one-image scan, which it would only slow down, never takes it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSheetPrinter, encodeJpeg, generateSheetPage } from '../src/fixtures/index.js';
import { scanInputs } from '../src/scan/batch.js';
import { heapBallastMb, holdHeapBallast, MAIN_BALLAST_MB, releaseHeapBallast } from '../src/scan/heap.js';

const dir = mkdtempSync(path.join(tmpdir(), 'omr-heap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const printer = defaultSheetPrinter();
  for (const n of [1, 2]) {
    const page = await generateSheetPage({ printer, serial: `00070${n}`, seed: 70 + n, profile: 'flatbed' });
    writeFileSync(path.join(dir, `scan-${n}.jpg`), await encodeJpeg(page.raster, 85, 200));
  }
});

describe('heap ballast', () => {
  it('is held while a batch is read in this thread, and let go after it', async () => {
    const held: number[] = [];
    const sum = await scanInputs([dir], { jobs: 1, onPage: () => void held.push(heapBallastMb()) });
    expect(sum.ok).toBe(2);
    expect(held).toEqual([MAIN_BALLAST_MB, MAIN_BALLAST_MB]);
    expect(MAIN_BALLAST_MB).toBe(48);
    expect(heapBallastMb()).toBe(0);
  });

  it('is not taken for one image', async () => {
    const held: number[] = [];
    await scanInputs([path.join(dir, 'scan-1.jpg')], { jobs: 1, onPage: () => void held.push(heapBallastMb()) });
    expect(held).toEqual([0]);
  });

  it("lies in V8's heap, as one flat block (a string V8 left as a chain of halves would hold a few bytes)", () => {
    const before = getHeapStatistics().used_heap_size;
    holdHeapBallast(16);
    const grown = (getHeapStatistics().used_heap_size - before) / 2 ** 20;
    releaseHeapBallast();
    expect(grown).toBeGreaterThan(15.5);
  });

  it('is counted: it stays until the last holder lets it go, at the first holder\'s size', () => {
    holdHeapBallast(16);
    holdHeapBallast();
    releaseHeapBallast();
    expect(heapBallastMb()).toBe(16);
    releaseHeapBallast();
    expect(heapBallastMb()).toBe(0);
  });
});
