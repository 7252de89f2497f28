/**
 * The sheet's QR code read where the page fit says it is printed, without a barcode detector.
 *
 * The registration already knows, to a fraction of a module, where every module of the printed
 * symbol lies: the printer centres it in the template's QR box (qrPlacement, src/print/qr.ts).
 * So each module is sampled through the page's homography, the codewords are taken out of the
 * grid in their placement order and blocks, and every block is checked with the printer's own
 * Reed-Solomon encoder (qrcode's): the error correction codewords computed from the data read
 * must be those read, all but a few (a speck of dust on one). A wrong data codeword changes every
 * error correction codeword of its block, so a misread text cannot pass; the identity's own
 * checksum (parseIdentity) stands behind that.
 *
 * Anything else (a damaged or dirty code, a page that is not this template's, a fit that is off)
 * gives null, and the reader falls back to zxing on a crop around the box (src/scan/qr.ts), which
 * corrects errors and finds a code wherever it is. zxing cost 1.7-2.6 ms of CPU a page over a
 * 200-page batch: its import and set-up, its first reads, V8's compiles of its 0.9 MB of
 * WebAssembly and its JavaScript glue (docs/performance.md, seventh round).
 */
import { createRequire } from 'node:module';
import { createQr, qrPlacement, QR_EC_LEVEL } from '../print/qr.js';
import type { Rect } from '../template/schema.js';
import type { GrayImage } from '../util/raster.js';
import { localScale, type Homography } from './geometry.js';
import { IMAGE_ADDRESS, kernels } from './kernels.js';

// qrcode's own tables and mask patterns (CommonJS modules of the package the printer uses)
const require = createRequire(import.meta.url);
interface BitMatrix {
  data: Uint8Array;
  reservedBit: Uint8Array;
}
type Level = { bit: number };
const BitMatrixOf = require('qrcode/lib/core/bit-matrix.js') as new (size: number) => BitMatrix;
const MaskPattern = require('qrcode/lib/core/mask-pattern.js') as { applyMask(pattern: number, data: BitMatrix): void };
const ECCode = require('qrcode/lib/core/error-correction-code.js') as { getBlocksCount(version: number, level: Level): number; getTotalCodewordsCount(version: number, level: Level): number };
const FormatInfo = require('qrcode/lib/core/format-info.js') as { getEncodedBits(level: Level, mask: number): number };
const Levels = require('qrcode/lib/core/error-correction-level.js') as Record<string, Level>;
const Utils = require('qrcode/lib/core/utils.js') as { getSymbolTotalCodewords(version: number): number };
const ReedSolomonEncoder = require('qrcode/lib/core/reed-solomon-encoder.js') as new (degree: number) => { encode(data: Uint8Array): Uint8Array };
const LEVEL = Levels[QR_EC_LEVEL];

/** Versions tried: up to 57 modules a side, far more than an identity needs (about 50 bytes: version 4). */
const MAX_VERSION = 10;
/**
 * Error correction codewords of a block that may differ from those computed from its data: a
 * sixth (3 of 18 at version 4). Data misread in j codewords leaves at least ecCount + 1 − j of
 * them different, so passing a wrong block takes 16 misread codewords of 50 at version 4.
 */
const EC_SLACK_SHARE = 1 / 6;
/** Modules of a finder pattern (of 49) that may be misread before the size is ruled out. */
const FINDER_SLACK = 3;

/** The version of the last symbol read in place, tried first. */
let lastVersion = 0;

/**
 * The text of the sheet's QR code, read through the homography `h` from the symbol the printer
 * centred in `box` (layout points) and checked block by block; null when it cannot be read so
 * (the caller then uses zxing).
 */
export function readQrInPlace(img: GrayImage, h: Homography, box: Rect): string | null {
  for (const version of versionsToTry()) {
    const n = 17 + 4 * version;
    const grid = sampleGrid(img, h, box, n);
    if (!grid || !findersAt(grid, n)) continue;
    const text = decodeGrid(grid, version);
    if (text !== null) {
      lastVersion = version;
      return text;
    }
  }
  return null;
}

function* versionsToTry(): Generator<number> {
  if (lastVersion) yield lastVersion;
  for (let v = 1; v <= MAX_VERSION; v++) if (v !== lastVersion) yield v;
}

/**
 * The n×n modules of a symbol centred in `box`, 1 for dark: each the sum of the 3×3 pixels at
 * its centre (the one pixel when a module is under 4.5 pixels), split at the level between the
 * dark and the light ones (the qrModules kernel, assembly/kernels.ts, on the page in the kernels'
 * memory). Null when a module falls outside the image or the modules do not split in two.
 */
export function sampleGrid(img: GrayImage, h: Homography, box: Rect, n: number): Uint8Array | null {
  const { m, x0, top } = qrPlacement(n, box);
  const r = localScale(h, box.x + box.w / 2, box.y + box.h / 2) * m >= 4.5 ? 1 : 0;
  const k = kernels();
  // after the page: the homography, the sums, the modules
  const at = k.put(img, 72 + 5 * n * n);
  new Float64Array(k.exports.memory.buffer, at, 9).set(h);
  const out = at + 72 + 4 * n * n;
  if (!k.exports.qrModules(IMAGE_ADDRESS, img.width, img.height, at, x0, top, m, n, r, at + 72, out)) return null;
  return k.bytes(out, n * n).slice();
}

/** Whether the three finder patterns (7×7: dark ring, light ring, dark 3×3) show in the corners. */
function findersAt(grid: Uint8Array, n: number): boolean {
  for (const [r0, c0] of [[0, 0], [0, n - 7], [n - 7, 0]]) {
    let wrong = 0;
    for (let r = 0; r < 7; r++)
      for (let c = 0; c < 7; c++) {
        const d = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        if (grid[(r0 + r) * n + c0 + c] !== (d === 2 ? 0 : 1)) wrong++;
      }
    if (wrong > FINDER_SLACK) return false;
  }
  return true;
}

/**
 * What every symbol of a version shares, made once from qrcode: the module of each data bit, in
 * the order qrcode's setupData places them (two-column strips from the right, up and down, past
 * column 6, around the function modules), and each mask pattern's bits over the modules
 * (qrcode's applyMask on an empty symbol), made when a page first shows that mask.
 */
interface Frame {
  reserved: Uint8Array;
  bits: Int32Array;
  masks: (Uint8Array | undefined)[];
}

const FRAMES = new Map<number, Frame>();

function frameOf(version: number): Frame {
  let f = FRAMES.get(version);
  if (!f) {
    const n = 17 + 4 * version;
    const reserved = createQr([{ data: new Uint8Array(1), mode: 'byte' }], { errorCorrectionLevel: QR_EC_LEVEL, version, maskPattern: 0 }).modules.reservedBit;
    const bits: number[] = [];
    let row = n - 1, inc = -1;
    for (let col = n - 1; col > 0; col -= 2) {
      if (col === 6) col--;
      for (;;) {
        for (let c = 0; c < 2; c++) if (!reserved[row * n + col - c]) bits.push(row * n + col - c);
        row += inc;
        if (row < 0 || row >= n) {
          row -= inc;
          inc = -inc;
          break;
        }
      }
    }
    f = { reserved, bits: Int32Array.from(bits.slice(0, 8 * Utils.getSymbolTotalCodewords(version))), masks: [] };
    FRAMES.set(version, f);
  }
  return f;
}

/**
 * The text of the byte segment a grid holds: the mask from the format information (the nearest
 * of the eight codes of level M), the codewords in the placement order with the mask undone, out
 * of their blocks, each block checked (blockAgrees), then a byte-mode header and its bytes as
 * UTF-8. Null where any of it does not fit.
 */
export function decodeGrid(grid: Uint8Array, version: number): string | null {
  const n = 17 + 4 * version;
  const mask = maskOf(grid, n);
  if (mask < 0) return null;
  const frame = frameOf(version);
  const { bits } = frame;
  const maskBits = (frame.masks[mask] ??= maskBitsOf(frame, n, mask));
  const all = new Uint8Array(bits.length >> 3);
  for (let i = 0; i < bits.length; i++) if (grid[bits[i]] !== maskBits[bits[i]]) all[i >> 3] |= 0x80 >> (i & 7);
  const blocks = blocksOf(all, version);
  if (!blocks.every(blockAgrees)) return null;
  const data = new Uint8Array(blocks.reduce((s, b) => s + b.data.length, 0));
  let at = 0;
  for (const b of blocks) data.set(b.data, (at += b.data.length) - b.data.length);
  return byteSegment(data, version < 10 ? 8 : 16);
}

/** A mask pattern's bits over the modules of a version (qrcode's applyMask on an empty symbol). */
function maskBitsOf(frame: Frame, n: number, mask: number): Uint8Array {
  const m = new BitMatrixOf(n);
  m.reservedBit.set(frame.reserved);
  MaskPattern.applyMask(mask, m);
  return m.data;
}

/** The format information of level M with each mask pattern (both copies hold it). */
const FORMAT_CODES = Array.from({ length: 8 }, (_, mask) => FormatInfo.getEncodedBits(LEVEL, mask));

/** The mask pattern the format information gives, read from both of its copies; -1 when too damaged. */
function maskOf(grid: Uint8Array, n: number): number {
  // the two copies, placed as qrcode's setupFormatInfo places bit i
  let a = 0, b = 0;
  for (let i = 0; i < 15; i++) {
    const ra = i < 6 ? i : i < 8 ? i + 1 : n - 15 + i;
    a |= grid[ra * n + 8] << i;
    const cb = i < 8 ? n - i - 1 : i < 9 ? 15 - i : 15 - i - 1;
    b |= grid[8 * n + cb] << i;
  }
  let best = -1, bestWrong = 7;
  for (let mask = 0; mask < 8; mask++) {
    const wrong = bitCount(a ^ FORMAT_CODES[mask]) + bitCount(b ^ FORMAT_CODES[mask]);
    if (wrong < bestWrong) (best = mask), (bestWrong = wrong);
  }
  return best;
}

function bitCount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

interface Block {
  data: Uint8Array;
  ec: Uint8Array;
}

/** The blocks of data and error correction codewords, out of the interleaved sequence (qrcode's createCodewords, backwards). */
function blocksOf(all: Uint8Array, version: number): Block[] {
  const total = all.length;
  const dataTotal = total - ECCode.getTotalCodewordsCount(version, LEVEL);
  const count = ECCode.getBlocksCount(version, LEVEL);
  const inGroup1 = count - (total % count);
  const size1 = Math.floor(dataTotal / count);
  const ecCount = Math.floor(total / count) - size1;
  const blocks: Block[] = [];
  for (let b = 0; b < count; b++) blocks.push({ data: new Uint8Array(b < inGroup1 ? size1 : size1 + 1), ec: new Uint8Array(ecCount) });
  let k = 0;
  for (let i = 0; i <= size1; i++) for (const b of blocks) if (i < b.data.length) b.data[i] = all[k++];
  for (let i = 0; i < ecCount; i++) for (const b of blocks) b.ec[i] = all[k++];
  return blocks;
}

/** qrcode's Reed-Solomon encoders, by number of error correction codewords. */
const ENCODERS = new Map<number, InstanceType<typeof ReedSolomonEncoder>>();

/** Whether the error correction codewords of a block's data are those read, all but EC_SLACK_SHARE of them. */
function blockAgrees(b: Block): boolean {
  let rs = ENCODERS.get(b.ec.length);
  if (!rs) ENCODERS.set(b.ec.length, (rs = new ReedSolomonEncoder(b.ec.length)));
  const ec = rs.encode(b.data);
  let wrong = 0;
  for (let i = 0; i < ec.length; i++) if (ec[i] !== b.ec[i]) wrong++;
  return wrong <= Math.floor(b.ec.length * EC_SLACK_SHARE);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A byte-mode segment at the start of `data`: 0100, its length in `countBits` bits, its bytes as UTF-8. */
function byteSegment(data: Uint8Array, countBits: number): string | null {
  let pos = 0;
  const take = (bits: number) => {
    let v = 0;
    for (let i = 0; i < bits; i++, pos++) v = (v << 1) | ((data[pos >> 3] >> (7 - (pos & 7))) & 1);
    return v;
  };
  if (take(4) !== 0b0100) return null;
  const count = take(countBits);
  if (count === 0 || 4 + countBits + 8 * count > 8 * data.length) return null;
  const bytes = new Uint8Array(count);
  for (let i = 0; i < count; i++) bytes[i] = take(8);
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}
