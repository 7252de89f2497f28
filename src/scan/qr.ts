import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import type { GrayImage } from '../util/raster.js';

const require = createRequire(import.meta.url);
type Zxing = typeof import('zxing-wasm/reader');
let prepared: Promise<Zxing> | undefined;

/**
 * Load the zxing-wasm reader from the package's own .wasm file. By default zxing-wasm fetches
 * it from a CDN, which fails on an office PC with no internet; the product never needs the network.
 * Loaded at the first code that is not read in place (src/scan/qr-grid.ts): most batches never
 * load it (import and set-up about 60 ms, its first reads and compiles about 200 ms more).
 */
export function loadQrReader(): Promise<Zxing> {
  prepared ??= (async () => {
    const zxing = await import('zxing-wasm/reader');
    const wasmBinary = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const bytes = wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength);
    v8.setFlagsFromString(`--wasm-tiering-budget=${ZXING_TIERING_BUDGET}`);
    try {
      await zxing.prepareZXingModule({ overrides: { wasmBinary: bytes as ArrayBuffer }, fireImmediately: true });
    } finally {
      v8.setFlagsFromString(`--wasm-tiering-budget=${V8_TIERING_BUDGET}`);
    }
    return zxing;
  })();
  return prepared;
}

/** Whether zxing has been asked for in this thread (for tests: a batch of ordinary sheets never needs it). */
export const qrReaderLoaded = (): boolean => prepared !== undefined;

/**
 * V8 compiles a WebAssembly function again with its optimising compiler once it has run for a
 * budget, given to a module's functions when it is instantiated. At the default budget, a
 * 200-page batch had 47 of zxing's functions compiled for 265-346 ms of CPU in V8's threads
 * (`--trace-wasm-compilation-times`), for a QR read of about 1 ms a page. With a hundred times
 * the budget only its 8 hottest are (128 ms): 0.5-1 ms less CPU a page over 200 pages, 0.1 ms
 * more per QR read, even at about 1,400 pages. The budget is set only while zxing is
 * instantiated: the reader's kernels keep the default.
 */
const ZXING_TIERING_BUDGET = 180_000_000;
/** V8's default in Node 20 (`node --v8-options`). */
const V8_TIERING_BUDGET = 1_800_000;

export interface QrHit {
  text: string;
  /** Corner points of the symbol in the given image's pixels: top-left, top-right, bottom-right, bottom-left. */
  corners: { x: number; y: number }[];
}

/** zxing's options: the quick pass, then the thorough one when the quick one finds nothing. */
const QUICK = { formats: ['QRCode'], tryHarder: false, tryRotate: false, tryInvert: false, maxNumberOfSymbols: 4 } as const;
const THOROUGH = { formats: ['QRCode'], tryHarder: true, tryRotate: true, tryInvert: false, maxNumberOfSymbols: 4 } as const;

/**
 * Decode every QR code in a gray image. A sheet's QR, printed upright and sharp, is found by
 * zxing's quick pass; a rotated, blurred or damaged one by the thorough pass that follows when
 * the quick one finds nothing.
 */
export async function decodeQr(img: GrayImage): Promise<QrHit[]> {
  const zxing = await loadQrReader();
  const image = pgmOf(img);
  const quick = await readQr(zxing, image, QUICK);
  return quick.length ? quick : readQr(zxing, image, THOROUGH);
}

/**
 * The gray image as a binary PGM file (P5), which zxing-wasm's image decoder (stb_image) reads
 * straight into the one gray channel zxing works on. Handing it pixels instead means four bytes
 * a pixel, made in JavaScript and turned back into gray inside: 0.6 ms more a page, for the
 * same luminance (R = G = B = the gray) and the same reads.
 */
export function pgmOf(img: GrayImage): Uint8Array {
  const n = img.width * img.height;
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const file = new Uint8Array(header.length + n);
  file.set(header);
  file.set(img.data.subarray(0, n), header.length);
  return file;
}

/** The valid QR codes zxing finds with these options. */
async function readQr(zxing: Zxing, image: Uint8Array, options: typeof QUICK | typeof THOROUGH): Promise<QrHit[]> {
  const results = await zxing.readBarcodes(image, { ...options, formats: [...options.formats] });
  return results
    .filter((r) => r.isValid)
    .map((r) => ({
      text: r.text,
      corners: [r.position.topLeft, r.position.topRight, r.position.bottomRight, r.position.bottomLeft].map((p) => ({ x: p.x, y: p.y })),
    }));
}
