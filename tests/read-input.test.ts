// How a batch takes its inputs' bytes (src/scan/read-input.ts) and bounds the decodes of the pages
// it reads in its own thread (readTask's gate).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSheetPrinter, encodeJpeg, generateSheetPage } from '../src/fixtures/index.js';
import { readInput, SYNC_READ_MAX_BYTES } from '../src/scan/read-input.js';
import { readTask, type DecodeGate } from '../src/scan/worker.js';
import { DEFAULT_TEMPLATE } from '../src/template/paths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'omr-read-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readInput', () => {
  it('gives the same bytes whether the file is read synchronously or not', async () => {
    const file = path.join(dir, 'a.bin');
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));
    writeFileSync(file, bytes);
    expect(SYNC_READ_MAX_BYTES).toBeGreaterThanOrEqual(8 * 2 ** 20); // a 600-DPI colour scan
    expect((await readInput(file))?.equals(bytes)).toBe(true);
    expect((await readInput(file, 100))?.equals(bytes)).toBe(true); // above the limit: read asynchronously
  });

  it('gives undefined for a file that cannot be read, so that the loader says why', async () => {
    mkdirSync(path.join(dir, 'folder'));
    expect(await readInput(path.join(dir, 'missing.jpg'))).toBeUndefined();
    expect(await readInput(path.join(dir, 'folder'))).toBeUndefined();
    // a named pipe with no writer: a synchronous read would wait for ever
    const fifo = path.join(dir, 'pipe.jpg');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(await readInput(fifo)).toBeUndefined();
  });
});

describe('readTask with a decode gate', () => {
  it('decodes through the gate, once, and reads the page as without it', async () => {
    const page = await generateSheetPage({ printer: defaultSheetPrinter(), serial: '000801', seed: 801, profile: 'flatbed' });
    const jpeg = await encodeJpeg(page.raster, 85, 200);
    const task = () => ({ kind: 'bytes' as const, templateFile: path.resolve(DEFAULT_TEMPLATE), source: 'a.jpg', bytes: new Uint8Array(jpeg), sha256: 'x', load: {} });
    let calls = 0;
    const gate: DecodeGate = (decode) => {
      calls++;
      return decode();
    };
    const gated = await readTask(task(), gate);
    const plain = await readTask(task());
    expect(calls).toBe(1);
    expect(gated.result.status).toBe('ok');
    const { timings: _a, ...a } = gated.result;
    const { timings: _b, ...b } = plain.result;
    expect(a).toEqual(b);
  });
});
