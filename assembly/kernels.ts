// Pixel kernels of the reader, compiled to WebAssembly by AssemblyScript at build time
// (`npm run build` writes dist/kernels.wasm). They run the same arithmetic as plain JS would,
// without the JIT's warm-up: a one-page scan no longer spends most of its time interpreting
// pixel loops (docs/performance.md). src/scan/kernels.ts loads them and lays out the memory:
// the page's gray pixels, then the inputs and outputs of each call, all passed as addresses.

// sector boundaries: tan(22.5°)
const TAN22: f64 = 0.41421356;

/** Sector 0-7 of a point around the centre: 0 right (east), then every 45° (image y points down). */
@inline
function sector(dx: f64, dy: f64, adx: f64, ady: f64): i32 {
  if (ady <= TAN22 * adx) return dx >= 0 ? 0 : 4;
  if (adx <= TAN22 * ady) return dy >= 0 ? 2 : 6;
  return dx >= 0 ? (dy >= 0 ? 1 : 7) : dy >= 0 ? 3 : 5;
}

/** Bytes of one bubble's inputs: cx, cy, ri², rc², pa², pb² (f64) and x0, x1, y0, y1 (f64). */
export const BUBBLE_IN: i32 = 80;
/** Bytes of one bubble's outputs: innerSum, nInner, nPaper, paper, cellSum[9], cellN[9] (f64). */
export const BUBBLE_OUT: i32 = 176;

/**
 * Measure `n` bubbles of the gray image at `img` (w pixels per row): the interior disc (r² ≤ ri²),
 * split into a centre (r² ≤ rc²) and eight sectors, and the paper annulus (pa² ≤ r² ≤ pb²), whose
 * 75th percentile is the paper level. `hist` is scratch space for 256 u32.
 */
export function measureBubbles(img: usize, w: i32, params: usize, n: i32, out: usize, hist: usize): void {
  for (let b = 0; b < n; b++) {
    const p = params + <usize>(b * BUBBLE_IN);
    const cx = load<f64>(p), cy = load<f64>(p, 8), ri2 = load<f64>(p, 16), rc2 = load<f64>(p, 24), pa2 = load<f64>(p, 32), pb2 = load<f64>(p, 40);
    const x0 = <i32>load<f64>(p, 48), x1 = <i32>load<f64>(p, 56), y0 = <i32>load<f64>(p, 64), y1 = <i32>load<f64>(p, 72);
    const o = out + <usize>(b * BUBBLE_OUT);
    memory.fill(hist, 0, 1024);
    memory.fill(o, 0, BUBBLE_OUT);
    let innerSum: f64 = 0, nInner: f64 = 0, nPaper: i32 = 0;
    for (let y = y0; y <= y1; y++) {
      const dy = <f64>y - cy;
      const dy2 = dy * dy;
      if (dy2 > pb2) continue;
      const row = img + <usize>(y * w);
      const ady = Math.abs(dy);
      if (dy2 <= ri2) {
        const hw = Math.sqrt(ri2 - dy2);
        const xs = max(x0, <i32>Math.floor(cx - hw)), xe = min(x1, <i32>Math.ceil(cx + hw));
        for (let x = xs; x <= xe; x++) {
          const dx = <f64>x - cx;
          const r2 = dx * dx + dy2;
          if (r2 > ri2) continue;
          const v = <f64>load<u8>(row + <usize>x);
          innerSum += v;
          nInner += 1;
          const ci = r2 <= rc2 ? 8 : sector(dx, dy, Math.abs(dx), ady);
          const cs = o + 32 + <usize>(ci << 3), cn = o + 104 + <usize>(ci << 3);
          store<f64>(cs, load<f64>(cs) + v);
          store<f64>(cn, load<f64>(cn) + 1);
        }
      }
      const ho = Math.sqrt(pb2 - dy2);
      const hp = dy2 < pa2 ? Math.sqrt(pa2 - dy2) : 0.0;
      const xo0 = max(x0, <i32>Math.floor(cx - ho)), xo1 = min(x1, <i32>Math.ceil(cx + ho));
      // left and right parts of the annulus on this row (one span where the row misses the hole)
      const l1 = hp > 0 ? min(xo1, <i32>Math.ceil(cx - hp)) : xo1;
      const r0 = hp > 0 ? max(l1 + 1, <i32>Math.floor(cx + hp)) : xo1 + 1;
      for (let x = xo0; x <= l1; x++) {
        const dx = <f64>x - cx;
        const r2 = dx * dx + dy2;
        if (r2 >= pa2 && r2 <= pb2) {
          const hp2 = hist + (<usize>load<u8>(row + <usize>x) << 2);
          store<u32>(hp2, load<u32>(hp2) + 1);
          nPaper++;
        }
      }
      for (let x = r0; x <= xo1; x++) {
        const dx = <f64>x - cx;
        const r2 = dx * dx + dy2;
        if (r2 >= pa2 && r2 <= pb2) {
          const hp2 = hist + (<usize>load<u8>(row + <usize>x) << 2);
          store<u32>(hp2, load<u32>(hp2) + 1);
          nPaper++;
        }
      }
    }
    // paper level: the 75th percentile of the annulus
    let acc: f64 = 0, paper: i32 = 255;
    const want = <f64>nPaper * 0.75;
    for (let v = 0; v < 256; v++) {
      acc += <f64>load<u32>(hist + (<usize>v << 2));
      if (acc >= want) {
        paper = v;
        break;
      }
    }
    store<f64>(o, innerSum);
    store<f64>(o, nInner, 8);
    store<f64>(o, <f64>nPaper, 16);
    store<f64>(o, <f64>paper, 24);
  }
}
