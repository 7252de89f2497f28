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
 * Pages rendered and released (canvas destroyed, pdfjs page cleaned up) in this thread: an
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
      const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: any; context: any }; destroy(c: unknown): void } }).canvasFactory;
      const cc = factory.create(w, h);
      renderStats.rendered++;
      try {
        cc.context.fillStyle = '#ffffff';
        cc.context.fillRect(0, 0, w, h);
        await page.render({ canvasContext: cc.context, canvas: cc.canvas, viewport } as any).promise;
        // The canvas's own pixels (RGBA, opaque on the white ground): getImageData of
        // @napi-rs/canvas keeps its copy in native memory for good (15 MB a 200-DPI page,
        // 4.9 GB for 300 pages), whereas data() does not.
        const rgba: Uint8Array = typeof cc.canvas.data === 'function' ? cc.canvas.data() : cc.context.getImageData(0, 0, w, h).data;
        const data = new Uint8Array(w * h);
        for (let i = 0, j = 0; i < data.length; i++, j += 4) {
          // ITU-R BT.601 luma, integer arithmetic
          data[i] = (rgba[j] * 299 + rgba[j + 1] * 587 + rgba[j + 2] * 114 + 500) / 1000;
        }
        return { width: w, height: h, data, dpi };
      } finally {
        // release the page's canvas and pdfjs's page resources now, not at garbage collection
        factory.destroy(cc);
        page.cleanup();
        renderStats.released++;
        // pdfjs keeps every page object it handed out until the document is closed: drop them
        // now and then, so that any length of PDF renders in bounded memory
        if (++sinceCleanup >= 16) {
          sinceCleanup = 0;
          await doc.cleanup().catch(() => undefined);
        }
      }
    },
    async close() {
      await doc.destroy();
    },
  };
}
