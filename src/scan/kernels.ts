/**
 * The reader's pixel kernels in WebAssembly (assembly/kernels.ts, compiled by AssemblyScript into
 * dist/kernels.wasm at build time). A small module (about 1 KB) compiled synchronously once per
 * thread. The page is copied into the module's memory once per page (about a millisecond for a
 * 200-DPI page); every kernel then reads it there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GrayImage } from '../util/raster.js';

/** Built by `npm run build` (works from dist/ and from src/ under vitest). */
const WASM_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/kernels.wasm');
const PAGE = 65536;
/** The image starts here: the first 64 KiB page is the module's own (stack, constants). */
const IMAGE_AT = PAGE;

// Node's WebAssembly global: not in the ES library typings this project compiles against
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

interface Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  BUBBLE_IN: { value: number };
  BUBBLE_OUT: { value: number };
  measureBubbles(img: number, w: number, params: number, n: number, out: number, hist: number): void;
}

export interface Kernels {
  exports: Exports;
  /** Bytes per bubble of measureBubbles' inputs and outputs. */
  bubbleIn: number;
  bubbleOut: number;
  /** Put the page in the module's memory (once per page) and reserve `extra` bytes after it; returns the address after the image. */
  load(img: GrayImage, extra: number): number;
}

let instance: Kernels | undefined;

export function kernels(): Kernels {
  if (instance) return instance;
  let bytes: Buffer;
  try {
    bytes = readFileSync(WASM_FILE);
  } catch (e) {
    throw new Error(`${WASM_FILE} is missing: run npm run build (${(e as Error).message})`);
  }
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  let current: GrayImage | undefined;
  const k: Kernels = {
    exports,
    bubbleIn: exports.BUBBLE_IN.value,
    bubbleOut: exports.BUBBLE_OUT.value,
    load(img, extra) {
      const n = img.width * img.height;
      const end = IMAGE_AT + ((n + 7) & ~7);
      const need = end + extra;
      const mem = exports.memory;
      if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / PAGE));
      if (current !== img) {
        new Uint8Array(mem.buffer, IMAGE_AT, n).set(img.data.subarray(0, n));
        current = img;
      }
      return end;
    },
  };
  instance = k;
  return k;
}

/** Address of the page in the module's memory. */
export const IMAGE_ADDRESS = IMAGE_AT;
