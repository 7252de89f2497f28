import { createRequire } from 'node:module';
import type QRCodeTypes from 'qrcode';
import type { Rect } from '../template/schema.js';

/**
 * qrcode's encoder alone: the package's entry also loads its PNG, SVG and terminal renderers
 * (pngjs among them), 25 ms of a one-page scan's start-up for nothing the product draws with.
 */
export const createQr = (createRequire(import.meta.url)('qrcode/lib/core/qrcode.js') as { create: typeof QRCodeTypes.create }).create;

/** A horizontal run of dark modules in one row of a QR symbol. */
export interface QrRun {
  row: number;
  col: number;
  len: number;
}

export interface QrSymbol {
  /** Modules per side (without quiet zone). */
  size: number;
  runs: QrRun[];
}

/** Smallest quiet zone kept inside the QR box, in modules. */
export const QR_QUIET_MODULES = 2;

/** The error correction level of every sheet's QR code. */
export const QR_EC_LEVEL = 'M';

/** A QR symbol's modules, row by row: 1 dark, 0 light. */
export interface QrModules {
  /** Modules per side (without quiet zone). */
  size: number;
  dark: Uint8Array;
}

/**
 * Encode a payload (error correction M) as the sheet printer does: one byte-mode segment (it is
 * short ASCII, and skipping qrcode's segment optimiser makes encoding about twice as fast), the
 * smallest version it fits and the best mask. The reader reads this structure back in place
 * (src/scan/qr-grid.ts).
 */
export function qrModules(payload: string): QrModules {
  const { modules } = createQr([{ data: new TextEncoder().encode(payload), mode: 'byte' }], { errorCorrectionLevel: QR_EC_LEVEL });
  return { size: modules.size, dark: modules.data };
}

/** Encode a payload as qrModules does and merge each row's dark modules into runs. */
export function qrSymbol(payload: string): QrSymbol {
  const { size: n, dark } = qrModules(payload);
  const runs: QrRun[] = [];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!dark[row * n + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && dark[row * n + col]) col++;
      runs.push({ row, col: start, len: col - start });
    }
  }
  return { size: n, runs };
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000;

/**
 * Module size and top-left corner of a symbol of `size` modules inside `box`, keeping the quiet
 * zone: where the printer draws it, and where the reader looks for its modules.
 */
export function qrPlacement(size: number, box: Rect): { m: number; x0: number; top: number } {
  const side = Math.min(box.w, box.h);
  const m = side / (size + 2 * QR_QUIET_MODULES);
  return { m, x0: box.x + (box.w - size * m) / 2, top: box.y + (box.h - size * m) / 2 };
}

/**
 * The symbol as raw PDF content: one `re` per run in module units under a `cm` that scales a
 * module to its size and flips y, so each rectangle is a few small integers; one `f`.
 */
export function qrPath(sym: QrSymbol, box: Rect, pageHeight: number): string {
  const { m, x0, top } = qrPlacement(sym.size, box);
  const out: string[] = [`q 0 g ${r3(m)} 0 0 ${r3(-m)} ${r3(x0)} ${r3(pageHeight - top)} cm`];
  for (const run of sym.runs) out.push(`${run.col} ${run.row} ${run.len} 1 re`);
  out.push('f Q');
  return out.join('\n');
}
