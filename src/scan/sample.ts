import type { GrayImage } from '../util/raster.js';

/** Crop a rectangle (clamped to the image). */
export function crop(img: GrayImage, x: number, y: number, w: number, h: number): GrayImage {
  const x0 = Math.max(0, Math.floor(x)), y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(img.width, Math.ceil(x + w)), y1 = Math.min(img.height, Math.ceil(y + h));
  const cw = Math.max(0, x1 - x0), ch = Math.max(0, y1 - y0);
  const data = new Uint8Array(cw * ch);
  for (let r = 0; r < ch; r++) data.set(img.data.subarray((y0 + r) * img.width + x0, (y0 + r) * img.width + x0 + cw), r * cw);
  return { width: cw, height: ch, data };
}
