/** An 8-bit grayscale image, row-major, one byte per pixel (0 = black, 255 = white). */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}
