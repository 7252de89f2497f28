import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { GrayImage } from '../util/raster.js';

const require = createRequire(import.meta.url);
let prepared: Promise<unknown> | undefined;

/**
 * Load the zxing-wasm reader from the package's own .wasm file. By default zxing-wasm fetches
 * it from a CDN, which fails on an office PC with no internet; the product never needs the network.
 */
export function loadQrReader(): Promise<unknown> {
  prepared ??= (async () => {
    const wasmBinary = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const bytes = wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength);
    await prepareZXingModule({ overrides: { wasmBinary: bytes as ArrayBuffer }, fireImmediately: true });
  })();
  return prepared;
}

export interface QrHit {
  text: string;
  /** Corner points of the symbol in the given image's pixels: top-left, top-right, bottom-right, bottom-left. */
  corners: { x: number; y: number }[];
}

/** Decode every QR code in a gray image. */
export async function decodeQr(img: GrayImage): Promise<QrHit[]> {
  await loadQrReader();
  const rgba = new Uint8ClampedArray(img.width * img.height * 4);
  for (let i = 0, j = 0; i < img.data.length; i++, j += 4) {
    const v = img.data[i];
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  const results = await readBarcodes({ data: rgba, width: img.width, height: img.height, colorSpace: 'srgb' } as unknown as Parameters<typeof readBarcodes>[0], {
    formats: ['QRCode'],
    tryHarder: true,
    tryRotate: true,
    tryInvert: false,
    maxNumberOfSymbols: 4,
  });
  return results
    .filter((r) => r.isValid)
    .map((r) => ({
      text: r.text,
      corners: [r.position.topLeft, r.position.topRight, r.position.bottomRight, r.position.bottomLeft].map((p) => ({ x: p.x, y: p.y })),
    }));
}
