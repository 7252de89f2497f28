// The gray-JPEG header reader (src/scan/jpeg-header.ts) answers only what sharp's metadata()
// would, and only for the case it knows: 8-bit, one component, JFIF dots per inch or no JFIF
// header, no Exif.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeGrayJpeg } from '../src/fixtures/index.js';
import { grayJpegHeader } from '../src/scan/jpeg-header.js';
import { loadBuffer } from '../src/scan/load.js';

const W = 120, H = 170;
const pixels = new Uint8Array(W * H).map((_, i) => (i * 7) % 256);

/**
 * A 1-channel JPEG as a scanner set to "gray" writes it (the fixtures' encoder); `app0` rewrites
 * the unit and the two densities of its JFIF header (bytes 13-17), none leaves it without one.
 */
async function grayJpeg(app0?: { units: number; x: number; y: number }): Promise<Buffer> {
  const raster = { width: W, height: H, channels: 1, data: pixels };
  if (!app0) return encodeGrayJpeg(raster, 90);
  const jpeg = await encodeGrayJpeg(raster, 90, app0.x);
  jpeg[13] = app0.units;
  jpeg.writeUInt16BE(app0.x, 14);
  jpeg.writeUInt16BE(app0.y, 16);
  return jpeg;
}

describe('gray JPEG header', () => {
  it('gives the size and DPI sharp gives, for a gray scan with a JFIF header in dots per inch', async () => {
    for (const dpi of [150, 200, 300]) {
      const jpeg = await grayJpeg({ units: 1, x: dpi, y: dpi });
      const meta = await sharp(jpeg).metadata();
      expect(meta).toMatchObject({ space: 'b-w', channels: 1, depth: 'uchar' });
      expect(grayJpegHeader(jpeg)).toEqual({ width: meta.width, height: meta.height, density: meta.density });
    }
  });

  it('gives no DPI for a gray JPEG without a JFIF header (sharp says 72, which no scan has)', async () => {
    const jpeg = await grayJpeg();
    expect((await sharp(jpeg).metadata()).density).toBe(72);
    expect(grayJpegHeader(jpeg)).toEqual({ width: W, height: H, density: undefined });
    const pages = [];
    for await (const p of loadBuffer(jpeg, 'scan.jpg', {})) pages.push(p);
    expect(pages[0].dpi).toBeUndefined();
  });

  it('leaves every other case to sharp', async () => {
    expect(grayJpegHeader(await grayJpeg({ units: 2, x: 79, y: 79 }))).toBeNull(); // dots per cm
    expect(grayJpegHeader(await grayJpeg({ units: 1, x: 200, y: 300 }))).toBeNull(); // two resolutions
    const rgb = await sharp(pixels, { raw: { width: W, height: H, channels: 1 } }).toColourspace('srgb').jpeg().withMetadata({ density: 200 }).toBuffer();
    expect(grayJpegHeader(rgb)).toBeNull(); // three components
    // Exif (orientation 6, a phone's "turned right") after the JFIF header: it may turn the image
    const jfif = await grayJpeg({ units: 1, x: 200, y: 200 });
    const tiff = [0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0];
    const app1 = Buffer.from([0xff, 0xe1, 0, 2 + 6 + tiff.length, 0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]);
    const exif = Buffer.concat([jfif.subarray(0, 20), app1, jfif.subarray(20)]);
    expect((await sharp(exif).metadata()).orientation).toBe(6);
    expect(grayJpegHeader(exif)).toBeNull();
    const png = await sharp(pixels, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
    expect(grayJpegHeader(png)).toBeNull();
    const whole = await grayJpeg({ units: 1, x: 200, y: 200 });
    expect(grayJpegHeader(whole.subarray(0, 12))).toBeNull(); // cut inside the header
  });

  it('gives the page the decoder gave through sharp metadata: same pixels, same DPI', async () => {
    const jpeg = await grayJpeg({ units: 1, x: 200, y: 200 });
    const pages = [];
    for await (const p of loadBuffer(jpeg, 'scan.jpg', {})) pages.push(p);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ dpi: 200, kind: 'jpeg' });
    const direct = await sharp(jpeg).toColourspace('b-w').raw().toBuffer();
    expect(Buffer.from(pages[0].image!.data)).toEqual(direct);
  });
});
