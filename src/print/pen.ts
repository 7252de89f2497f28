import { grayscale, LineCapStyle, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Rect } from '../template/schema.js';

/** Ink levels (0 black, 1 white). */
export const INK = 0;
/** Option letters and digits inside bubbles: light enough for a scanner to tell from a pencil mark. */
export const BUBBLE_LETTER_GRAY = 0.42;
export const RULE_GRAY = 0.55;
export const BAND_GRAY = 0.9;

export type Align = 'left' | 'center' | 'right';

export interface TextStyle {
  font: PDFFont;
  size: number;
  align?: Align;
  gray?: number;
  /** Shrink the size (down to minSize) so the text fits this width; then cut it with "…". */
  maxWidth?: number;
  minSize?: number;
}

/** Width of `text` in `font` at `size`. */
export const widthOf = (font: Measurer, text: string, size: number): number =>
  'widthAtSize' in font ? font.widthAtSize(text, size) : font.widthOfTextAtSize(text, size);

/** A pdf-lib font, or anything else that can measure text. */
export type Measurer = PDFFont | { widthAtSize(text: string, size: number): number };

/** Largest size ≤ size (≥ minSize) at which the text fits maxWidth, and the text cut to fit at that size. */
export function fitText(font: Measurer, text: string, size: number, maxWidth: number, minSize = size * 0.7): { text: string; size: number } {
  let w = widthOf(font, text, size);
  if (w <= maxWidth) return { text, size };
  const s = Math.max(minSize, (size * maxWidth) / w);
  w = widthOf(font, text, s);
  if (w <= maxWidth + 1e-6) return { text, size: s };
  let t = text;
  while (t.length > 1 && widthOf(font, t + '…', s) > maxWidth) t = t.slice(0, -1);
  return { text: t.trimEnd() + '…', size: s };
}

/**
 * Drawing helper in the template's coordinates: PDF points, origin top-left, y down.
 * pdf-lib's origin is bottom-left, so y_pdf = height - y.
 */
export class Pen {
  constructor(
    readonly page: PDFPage,
    readonly height: number,
  ) {}

  private Y(y: number): number {
    return this.height - y;
  }

  /** Text with its baseline at y. Returns the drawn width. */
  text(str: string, x: number, y: number, st: TextStyle): number {
    let text = str.normalize('NFC');
    let size = st.size;
    if (st.maxWidth !== undefined) ({ text, size } = fitText(st.font, text, size, st.maxWidth, st.minSize));
    const w = widthOf(st.font, text, size);
    const x0 = st.align === 'center' ? x - w / 2 : st.align === 'right' ? x - w : x;
    this.page.drawText(text, { x: x0, y: this.Y(y), font: st.font, size, color: grayscale(st.gray ?? INK) });
    return w;
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.6, gray = INK, dash?: number[]): void {
    this.page.drawLine({
      start: { x: x1, y: this.Y(y1) },
      end: { x: x2, y: this.Y(y2) },
      thickness: width,
      color: grayscale(gray),
      ...(dash ? { dashArray: dash, lineCap: LineCapStyle.Round } : {}),
    });
  }

  /** Rectangle outline (stroke centred on the edges) and/or fill. */
  rect(r: Rect, opts: { stroke?: number; gray?: number; fill?: number } = {}): void {
    this.page.drawRectangle({
      x: r.x,
      y: this.Y(r.y + r.h),
      width: r.w,
      height: r.h,
      ...(opts.stroke ? { borderWidth: opts.stroke, borderColor: grayscale(opts.gray ?? INK) } : {}),
      ...(opts.fill !== undefined ? { color: grayscale(opts.fill) } : {}),
    });
  }

  /** Solid square centred at (cx, cy). */
  square(cx: number, cy: number, size: number, gray = INK): void {
    this.page.drawRectangle({ x: cx - size / 2, y: this.Y(cy + size / 2), width: size, height: size, color: grayscale(gray) });
  }

  /** Circle of radius r (to the centre of the stroke). */
  circle(cx: number, cy: number, r: number, opts: { stroke?: number; gray?: number; fill?: number } = {}): void {
    this.page.drawCircle({
      x: cx,
      y: this.Y(cy),
      size: r,
      ...(opts.stroke ? { borderWidth: opts.stroke, borderColor: grayscale(opts.gray ?? INK) } : {}),
      ...(opts.fill !== undefined ? { color: grayscale(opts.fill) } : {}),
    });
  }

  /** Open or closed polyline through top-left points. */
  path(points: [number, number][], opts: { stroke?: number; gray?: number; fill?: number; close?: boolean }): void {
    const d = points.map(([x, y], i) => `${i ? 'L' : 'M'} ${x.toFixed(2)} ${y.toFixed(2)}`).join(' ') + (opts.close ? ' Z' : '');
    this.svg(d, opts);
  }

  /** SVG path data in top-left coordinates (y down): pdf-lib flips SVG y about the origin, so put it at the top. */
  svg(d: string, opts: { stroke?: number; gray?: number; fill?: number }): void {
    this.page.drawSvgPath(d, {
      x: 0,
      y: this.height,
      ...(opts.stroke ? { borderWidth: opts.stroke, borderColor: grayscale(opts.gray ?? INK), borderLineCap: LineCapStyle.Round } : {}),
      ...(opts.fill !== undefined ? { color: grayscale(opts.fill) } : {}),
    });
  }
}
