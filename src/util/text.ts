/**
 * Text files people give us (rosters, answer keys, history files), decoded one way everywhere:
 * UTF-8 with or without BOM, or UTF-16 LE/BE with its BOM (what Excel writes as "Unicode text");
 * any mix of CRLF, LF and CR line endings becomes LF, so every row is a row.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding a file's first bytes announce (UTF-8 when there is no BOM). */
export function sniffEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** Every line ending (CRLF, CR, LF, in any mix) as LF. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Decode a text file: BOM removed, line endings LF. Throws a TypeError when the bytes are not
 * valid in the announced encoding (callers turn it into their own message: roster, key…).
 */
export function decodeText(bytes: Uint8Array): string {
  const enc = sniffEncoding(bytes);
  const text = new TextDecoder(enc, { fatal: true, ignoreBOM: false }).decode(bytes);
  return normaliseNewlines(text.replace(/^\uFEFF/, ''));
}

/** decodeText, or undefined when the bytes are not text in a supported encoding. */
export function tryDecodeText(bytes: Uint8Array): string | undefined {
  try {
    return decodeText(bytes);
  } catch {
    return undefined;
  }
}
