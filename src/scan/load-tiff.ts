/**
 * A small reader of a TIFF file's page-directory chain (header → IFD → IFD → … → 0).
 *
 * libvips counts the pages of a TIFF by reading every directory, and with `failOn: 'error'` a
 * broken chain (a file cut short in the middle of a batch) makes every page fail, even the good
 * ones. Walking the chain ourselves tells how many pages are intact and where the chain breaks,
 * so the intact pages can still be read and the operator told exactly where the file ends.
 */

/** Random access to the bytes of a file or buffer. */
export interface ByteReader {
  size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface TiffChain {
  bigTiff: boolean;
  /** Pages whose directory could be read. */
  pages: number;
  /**
   * Per page: true for a reduced-resolution copy (NewSubfileType bit 0, the thumbnail some
   * scanner drivers add after a page), which is not a page of its own.
   */
  reduced: boolean[];
  /** Set when the chain does not end cleanly with a zero offset. */
  broken?: {
    /** Why, for the error line, e.g. "page directory beyond end of file". */
    reason: string;
    /**
     * Byte offset of the next-directory pointer that points at the bad directory (the header's
     * first-IFD pointer when `pages` is 0); zeroing it gives a file with the intact pages only.
     */
    pointerAt: number;
    pointerSize: 4 | 8;
  };
}

const MAX_PAGES = 100_000;
const MAX_ENTRIES = 4096;

/** Walk the IFD chain of a classic or BigTIFF file. Throws only when the header itself is not TIFF. */
export async function walkTiffChain(r: ByteReader): Promise<TiffChain> {
  const head = await r.read(0, 16);
  if (head.length < 8) throw new Error('TIFF header is incomplete');
  const le = head[0] === 0x49 && head[1] === 0x49;
  if (!le && !(head[0] === 0x4d && head[1] === 0x4d)) throw new Error('not a TIFF header');
  const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const magic = dv(head).getUint16(2, le);
  const bigTiff = magic === 43;
  if (magic !== 42 && !bigTiff) throw new Error('not a TIFF header');
  if (bigTiff && head.length < 16) throw new Error('TIFF header is incomplete');

  const u64 = (v: DataView, at: number): number => Number(v.getBigUint64(at, le));
  let pointerAt = bigTiff ? 8 : 4;
  const pointerSize: 4 | 8 = bigTiff ? 8 : 4;
  let next = bigTiff ? u64(dv(head), 8) : dv(head).getUint32(4, le);
  const seen = new Set<number>();
  let pages = 0;
  const reduced: boolean[] = [];
  const countSize = bigTiff ? 8 : 2;
  const entrySize = bigTiff ? 20 : 12;

  while (next !== 0) {
    const fail = (reason: string): TiffChain => ({ bigTiff, pages, reduced, broken: { reason, pointerAt, pointerSize } });
    if (pages >= MAX_PAGES) return fail('too many pages');
    if (seen.has(next)) return fail('page directories form a loop');
    seen.add(next);
    if (next + countSize > r.size) return fail('page directory beyond end of file');
    const cb = await r.read(next, countSize);
    const count = bigTiff ? u64(dv(cb), 0) : dv(cb).getUint16(0, le);
    if (count === 0 || count > MAX_ENTRIES) return fail('damaged page directory');
    const nextAt = next + countSize + count * entrySize;
    if (nextAt + pointerSize > r.size) return fail('page directory beyond end of file');
    const nb = await r.read(nextAt, pointerSize);
    reduced.push(await isReduced(r, next + countSize, count, bigTiff, le));
    pages++;
    pointerAt = nextAt;
    next = bigTiff ? u64(dv(nb), 0) : dv(nb).getUint32(0, le);
  }
  return { bigTiff, pages, reduced };
}

/** Whether a directory's NewSubfileType (tag 254) marks a reduced-resolution image. */
async function isReduced(r: ByteReader, entriesAt: number, count: number, bigTiff: boolean, le: boolean): Promise<boolean> {
  const size = bigTiff ? 20 : 12;
  const b = await r.read(entriesAt, count * size);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i + size <= b.length; i += size) {
    const tag = v.getUint16(i, le);
    if (tag > 254) break; // entries are sorted by tag
    if (tag !== 254) continue;
    const type = v.getUint16(i + 2, le);
    const at = i + (bigTiff ? 12 : 8);
    const value = type === 3 ? v.getUint16(at, le) : v.getUint32(at, le);
    return (value & 1) === 1;
  }
  return false;
}

/** A copy of `bytes` whose chain ends after the intact pages (the broken pointer zeroed). */
export function cutTiffChain(bytes: Uint8Array, chain: TiffChain): Uint8Array {
  if (!chain.broken) return bytes;
  const out = new Uint8Array(bytes);
  out.fill(0, chain.broken.pointerAt, chain.broken.pointerAt + chain.broken.pointerSize);
  return out;
}
