import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OmrError } from '../errors.js';
import type { GrayImage } from '../util/raster.js';

const require = createRequire(import.meta.url);
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | undefined;

function pdfjs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

function pdfjsAssets(): { standardFontDataUrl: string; cMapUrl: string } {
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  return {
    standardFontDataUrl: pathToFileURL(path.join(root, 'standard_fonts') + path.sep).href.replace(/^file:\/\//, ''),
    cMapUrl: path.join(root, 'cmaps') + path.sep,
  };
}

/**
 * Pages rendered and released (pixels copied out of the canvas, pdfjs page cleaned up) in this thread: an
 * instrumentation hook for tests that check a long PDF is rendered one page at a time.
 */
export const renderStats = { rendered: 0, released: 0 };

export interface PdfDocumentHandle {
  numPages: number;
  /**
   * Render page `n` (1-based) at `dpi` to an 8-bit gray raster, or at the lower DPI that keeps
   * it within `maxPixels` (a poster-sized page); `dpi` of the result says which.
   */
  renderPage(n: number, dpi: number, maxPixels?: number): Promise<GrayImage & { dpi: number }>;
  /** Page size in PDF points. */
  pageSize(n: number): Promise<{ width: number; height: number }>;
  /** The text content of page `n`, items joined with spaces. */
  pageText(n: number): Promise<string>;
  close(): Promise<void>;
}

/** Open a PDF from bytes with pdfjs-dist (no network, no worker thread needed). */
export async function openPdf(bytes: Uint8Array, source = 'PDF'): Promise<PdfDocumentHandle> {
  const lib = await pdfjs();
  let doc: Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
  try {
    doc = await lib.getDocument({
      data: new Uint8Array(bytes), // pdfjs detaches the buffer it is given
      ...pdfjsAssets(),
      isEvalSupported: false,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    throw new OmrError('INPUT_UNREADABLE', `${source}: not a readable PDF (${(e as Error).message})`, {
      hint: 'scan the pages again or export the PDF again from the scanner software',
      cause: e,
    });
  }
  let sinceCleanup = 0;
  type Canvas = { canvas: any; context: any };
  const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): Canvas; destroy(c: Canvas): void } }).canvasFactory;
  let canvas: { cc: Canvas; w: number; h: number } | undefined;
  return {
    numPages: doc.numPages,
    async pageSize(n) {
      const page = await doc.getPage(n);
      const vp = page.getViewport({ scale: 1 });
      return { width: vp.width, height: vp.height };
    },
    async pageText(n) {
      const page = await doc.getPage(n);
      const tc = await page.getTextContent();
      return tc.items.map((i) => ('str' in i ? i.str : '')).join(' ');
    },
    async renderPage(n, dpi, maxPixels) {
      const page = await doc.getPage(n);
      const size = page.getViewport({ scale: 1 });
      if (maxPixels && size.width * size.height * (dpi / 72) ** 2 > maxPixels) dpi = Math.floor(72 * Math.sqrt(maxPixels / (size.width * size.height)) * 100) / 100;
      const viewport = page.getViewport({ scale: dpi / 72 });
      const w = Math.round(viewport.width);
      const h = Math.round(viewport.height);
      // One canvas for the document, reused while pages keep their size: @napi-rs/canvas keeps
      // native memory of every canvas ever created (about a tenth of its size), and its
      // getImageData copies for good (15 MB a 200-DPI page: 4.9 GB for 300 pages).
      if (!canvas || canvas.w !== w || canvas.h !== h) {
        if (canvas) factory.destroy(canvas.cc);
        canvas = { cc: factory.create(w, h), w, h };
      }
      const { cc } = canvas;
      renderStats.rendered++;
      try {
        cc.context.setTransform(1, 0, 0, 1, 0, 0);
        cc.context.fillStyle = '#ffffff';
        cc.context.fillRect(0, 0, w, h);
        await page.render({ canvasContext: cc.context, canvas: cc.canvas, viewport } as any).promise;
        // the canvas's own pixels: RGBA, opaque on the white ground
        const rgba: Uint8Array = typeof cc.canvas.data === 'function' ? cc.canvas.data() : cc.context.getImageData(0, 0, w, h).data;
        const data = new Uint8Array(w * h);
        for (let i = 0, j = 0; i < data.length; i++, j += 4) {
          // ITU-R BT.601 luma, integer arithmetic
          data[i] = (rgba[j] * 299 + rgba[j + 1] * 587 + rgba[j + 2] * 114 + 500) / 1000;
        }
        return { width: w, height: h, data, dpi };
      } finally {
        // release pdfjs's page resources now, not when the document closes
        page.cleanup();
        renderStats.released++;
        // pdfjs keeps every page object it handed out until the document is closed: drop its
        // caches now and then
        if (++sinceCleanup >= 16) {
          sinceCleanup = 0;
          await doc.cleanup().catch(() => undefined);
        }
      }
    },
    async close() {
      if (canvas) factory.destroy(canvas.cc);
      canvas = undefined;
      await doc.destroy();
    },
  };
}
