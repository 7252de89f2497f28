/**
 * The reader's pixel kernels and the sheet's decisions in WebAssembly (assembly/kernels.ts and
 * assembly/decide.ts, compiled by AssemblyScript into dist/kernels.wasm at build time). A small
 * module (about 18 KB) compiled synchronously once per thread. The page is copied into the module's memory once per page (about a millisecond for a
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
  OPTION_IN: { value: number };
  CENTRE_OUT: { value: number };
  placeBubbles(hm: number, options: number, n: number, w: number, h: number, inner: number, paperIn: number, paperOut: number, params: number, centres: number): number;
  measureBubbles(img: number, w: number, params: number, n: number, out: number, scratch: number): void;
  measureScratch(w: number): number;
  fitHomography(src: number, dst: number, n: number, out: number, scratch: number): number;
  fitScratch(n: number): number;
  downscale(src: number, W: number, H: number, dst: number, w: number, h: number, xs: number, wx: number, wy: number, ww: number, wh: number): void;
  adaptiveThresholdInv(src: number, w: number, h: number, block: number, c: number, dst: number, col: number): void;
  runsOfSet(bin: number, w: number, h: number, ys: number, x0s: number, x1s: number, cap: number): number;
  label(ys: number, x0s: number, x1s: number, n: number, parent: number, id: number, fill: number, area: number, minX: number, minY: number, maxX: number, maxY: number, start: number, order: number, width: number, height: number): number;
  runsAtOrBelow(src: number, w: number, h: number, stride: number, level: number, ys: number, x0s: number, x1s: number, cap: number): number;
  ringCentres(img: number, w: number, h: number, hm: number, rings: number, n: number, dirs: number, nDirs: number, steps: number, nSteps: number, out: number, prof: number, m: number): void;
  histogram(src: number, w: number, h: number, stride: number, hist: number): void;
  grayCount(src: number, n: number, step: number, stop: number): number;
  ringContrast(img: number, w: number, h: number, hm: number, bubbles: number, n: number, dirs: number, nDirs: number, steps: number, nSteps: number, out: number): void;
  DECIDE_BUBBLE: { value: number };
  DECIDE_INFO: { value: number };
  DECIDE_GROUP: { value: number };
  T_SCALARS: { value: number };
  markCount: { value: number };
  thresholdsSize(options: number, classes: number): number;
  decideScratch(nb: number, ng: number, options: number, classes: number): number;
  sheetThresholds(bubbles: number, info: number, nb: number, groups: number, ng: number, options: number, classes: number, bilevel: number, defaultMarked: number, t: number, scratch: number): void;
  decideGroups(bubbles: number, info: number, nb: number, groups: number, ng: number, options: number, classes: number, t: number, out: number, scratch: number): void;
  markLevel(tops: number, n: number, noise: number, scratch: number): number;
  RING_FIT_OUT: { value: number };
  ringFitScratch(n: number): number;
  ringFit(src: number, dst: number, n: number, hm: number, out: number, scratch: number): number;
  qrModules(img: number, w: number, h: number, hm: number, x0: number, top: number, m: number, n: number, r: number, sums: number, out: number): number;
}

export interface Kernels {
  exports: Exports;
  /** Bytes per bubble of measureBubbles' inputs and outputs, and of placeBubbles'. */
  bubbleIn: number;
  bubbleOut: number;
  optionIn: number;
  centreOut: number;
  /**
   * Copy an image into the module's memory at IMAGE_ADDRESS and make room for `extra` bytes after
   * it; returns the (8-byte aligned) address of that room. Every call copies (a caller may have
   * changed the pixels since), except for a held page still in place.
   */
  put(img: GrayImage, extra: number): number;
  /**
   * While a page is held (readPage holds its page from registration to measuring), `put` copies
   * it only when something else was put since: one copy of the page per reading. Nothing may
   * change a held page's pixels.
   */
  hold(img: GrayImage): void;
  /** Room for `bytes` after the page now in memory (which stays as it is); its address. */
  room(bytes: number): number;
  release(img: GrayImage): void;
  /** The module's memory now (it moves when it grows). */
  bytes(at: number, n: number): Uint8Array;
}

let instance: Kernels | undefined;

/** Round up to a multiple of 8. */
export const align8 = (n: number) => (n + 7) & ~7;

export function kernels(): Kernels {
  if (instance) return instance;
  let code: Buffer;
  try {
    code = readFileSync(WASM_FILE);
  } catch (e) {
    throw new Error(`${WASM_FILE} is missing: run npm run build (${(e as Error).message})`);
  }
  const exports = new WebAssembly.Instance(new WebAssembly.Module(code)).exports as unknown as Exports;
  const mem = exports.memory;
  // the image whose pixels are at IMAGE_AT now, and the pages being read
  let resident: GrayImage | undefined;
  const held = new Map<GrayImage, number>();
  /** Grow the memory to at least `bytes`. */
  const reserve = (bytes: number) => {
    if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / PAGE));
  };
  instance = {
    exports,
    bubbleIn: exports.BUBBLE_IN.value,
    bubbleOut: exports.BUBBLE_OUT.value,
    optionIn: exports.OPTION_IN.value,
    centreOut: exports.CENTRE_OUT.value,
    put(img, extra) {
      const n = img.width * img.height;
      const end = IMAGE_AT + align8(n);
      reserve(end + extra);
      if (!(resident === img && held.has(img))) new Uint8Array(mem.buffer, IMAGE_AT, n).set(img.data.subarray(0, n));
      resident = img;
      return end;
    },
    room(bytes) {
      const end = IMAGE_AT + (resident ? align8(resident.width * resident.height) : 0);
      reserve(end + bytes);
      return end;
    },
    // counted: registration holds the page inside readPage's hold
    hold: (img) => void held.set(img, (held.get(img) ?? 0) + 1),
    release(img) {
      const n = (held.get(img) ?? 1) - 1;
      if (n > 0) held.set(img, n);
      else held.delete(img);
    },
    bytes: (at, n) => new Uint8Array(mem.buffer, at, n),
  };
  return instance;
}

/** Address of the page in the module's memory. */
export const IMAGE_ADDRESS = IMAGE_AT;
