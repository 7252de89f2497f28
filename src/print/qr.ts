import QRCode from 'qrcode';
import type { Rect } from '../template/schema.js';

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

/**
 * Encode a payload (error correction M) and merge each row's dark modules into runs.
 * The payload goes in as one byte-mode segment: it is short ASCII, and skipping qrcode's
 * segment optimiser (a shortest-path search per payload) makes encoding about twice as fast.
 */
export function qrSymbol(payload: string): QrSymbol {
  const { modules } = QRCode.create([{ data: new TextEncoder().encode(payload), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const runs: QrRun[] = [];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      runs.push({ row, col: start, len: col - start });
    }
  }
  return { size: n, runs };
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000;

/** Module size and top-left corner of the symbol inside `box`, keeping the quiet zone. */
function placement(sym: QrSymbol, box: Rect): { m: number; x0: number; top: number } {
  const side = Math.min(box.w, box.h);
  const m = side / (sym.size + 2 * QR_QUIET_MODULES);
  return { m, x0: box.x + (box.w - sym.size * m) / 2, top: box.y + (box.h - sym.size * m) / 2 };
}

/**
 * The symbol as raw PDF content: one `re` per run in module units under a `cm` that scales a
 * module to its size and flips y, so each rectangle is a few small integers; one `f`.
 */
export function qrPath(sym: QrSymbol, box: Rect, pageHeight: number): string {
  const { m, x0, top } = placement(sym, box);
  const out: string[] = [`q 0 g ${r3(m)} 0 0 ${r3(-m)} ${r3(x0)} ${r3(pageHeight - top)} cm`];
  for (const run of sym.runs) out.push(`${run.col} ${run.row} ${run.len} 1 re`);
  out.push('f Q');
  return out.join('\n');
}
