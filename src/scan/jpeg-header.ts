/**
 * What the decoder needs to know about a gray JPEG, read from its header in a few microseconds,
 * so that decoding it does not first run a libvips pipeline for sharp's `metadata()` (an extra
 * pass, and a wait between two steps of the main thread while it reads other pages).
 *
 * Only the common case of a scanner set to "gray" is answered: 8-bit samples, one component,
 * the resolution in dots per inch in a JFIF header or no JFIF header at all, no Exif block (which
 * may turn the image) and no second resolution. Anything else returns null and goes through
 * `metadata()` as before.
 * tests/jpeg-header.test.ts holds the answers to sharp's.
 */

export interface GrayJpegHeader {
  width: number;
  height: number;
  /**
   * Dots per inch from the JFIF header; undefined when the file has no JFIF header (as JPEGs
   * inside scanners' PDFs often have not). sharp then reports libvips' default of 72, which
   * `plausibleDpi` discards as well.
   */
  density: number | undefined;
}

/** Start-of-frame markers (SOF0-SOF15 but DHT, JPG and DAC), which give the image's size. */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

export function grayJpegHeader(b: Uint8Array): GrayJpegHeader | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let at = 2;
  let density: number | undefined;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const len = (b[at + 2] << 8) | b[at + 3];
    const body = at + 4;
    if (len < 2 || at + 2 + len > b.length) return null;
    if (marker === 0xe0 && len >= 16 && b[body] === 0x4a && b[body + 1] === 0x46 && b[body + 2] === 0x49 && b[body + 3] === 0x46 && b[body + 4] === 0) {
      // JFIF: version (2), units (1), x and y density (2 each)
      const units = b[body + 7], x = (b[body + 8] << 8) | b[body + 9], y = (b[body + 10] << 8) | b[body + 11];
      if (units !== 1 || x !== y || x === 0) return null;
      density = x;
    } else if (marker === 0xe1) {
      return null; // Exif (orientation, its own resolution) or XMP: sharp's metadata decides
    } else if (isSof(marker)) {
      const precision = b[body], height = (b[body + 1] << 8) | b[body + 2], width = (b[body + 3] << 8) | b[body + 4], components = b[body + 5];
      if (precision !== 8 || components !== 1 || !width || !height) return null;
      return { width, height, density };
    } else if (marker === 0xda || marker === 0xd9) {
      return null; // image data (or the end) before any frame header
    }
    at += 2 + len;
  }
  return null;
}
