import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';

/**
 * Liberation Serif (SIL OFL, licence in assets/fonts/LICENSE-LiberationSerif.txt): a metric
 * clone of Times New Roman, the face of Vietnamese official forms. pdf-lib's standard fonts
 * cannot encode Vietnamese, so the font ships with the project and is embedded in every PDF.
 */
export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/fonts');
const FILES = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
} as const;
export type FontStyle = keyof typeof FILES;

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
  /** Height of capital letters and digits, as a fraction of the font size. */
  capHeight: number;
}

const cache = new Map<FontStyle, Uint8Array>();

export function fontBytes(style: FontStyle): Uint8Array {
  let bytes = cache.get(style);
  if (!bytes) {
    const file = path.join(FONTS_DIR, FILES[style]);
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new OmrError('IO', msg('io.cannotRead', { file, what: 'sheet font', code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('hint.reinstallFonts') });
    }
    cache.set(style, bytes);
  }
  return bytes;
}

let capHeightCache: number | undefined;

/**
 * Embed the three faces once per document. Subset: only the glyphs used end up in the PDF
 * (the whole document shares one subset per face, written at save time). The text layer read
 * back with pdfjs keeps the exact Vietnamese strings (checked in tests/print.test.ts).
 */
export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  doc.registerFontkit(fontkit);
  const [regular, bold, italic] = await Promise.all(
    (['regular', 'bold', 'italic'] as const).map((s) => doc.embedFont(fontBytes(s), { subset: true })),
  );
  if (capHeightCache === undefined) {
    const f = fontkit.create(Buffer.from(fontBytes('regular')));
    capHeightCache = f.capHeight / f.unitsPerEm;
  }
  return { regular, bold, italic, capHeight: capHeightCache };
}

/**
 * Per-character memo of a font's glyph codes and advance widths. Encoding a string through
 * pdf-lib runs fontkit's full layout engine every time; for 1,000 sheets of names that is most
 * of the work. Vietnamese text in NFC maps one character to one glyph in Liberation Serif (no
 * ligatures or contextual forms are needed), and pdf-lib writes no kerning either, so joining
 * per-character codes gives the same bytes and width as encoding the whole string.
 */
export class GlyphMemo {
  private readonly codes = new Map<string, { hex: string; width: number }>();
  constructor(readonly font: PDFFont) {}

  private char(ch: string): { hex: string; width: number } {
    let g = this.codes.get(ch);
    if (!g) {
      const hex = this.font.encodeText(ch).toString().slice(1, -1);
      g = { hex, width: this.font.widthOfTextAtSize(ch, 1000) / 1000 };
      this.codes.set(ch, g);
    }
    return g;
  }

  /** `<…>` hex string for the Tj operator. */
  encode(text: string): string {
    let out = '<';
    for (const ch of text) out += this.char(ch).hex;
    return out + '>';
  }

  widthAtSize(text: string, size: number): number {
    let w = 0;
    for (const ch of text) w += this.char(ch).width;
    return w * size;
  }
}
