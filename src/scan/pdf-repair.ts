/**
 * A PDF cut short (a copy interrupted, a scanner that stopped writing): the pages written
 * before the cut are intact, but the cross-reference table and the trailer at the end are gone,
 * and pdfjs, which can rebuild a damaged cross-reference table by indexing every object, still
 * needs a trailer naming the document catalog. This finds the catalog among the intact objects,
 * drops the object the cut went through (so no page is drawn from half an image), and appends a
 * trailer: pdfjs then opens the file, the intact pages render, the others fail one by one and
 * are named as lost.
 */

/** Does the file end like a complete PDF (an end-of-file marker near the end)? */
export function looksComplete(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(Math.max(0, bytes.byteLength - 1024)).toString('latin1');
  return tail.includes('%%EOF');
}

export interface RepairedPdf {
  /** The intact objects and a trailer naming the catalog. */
  bytes: Buffer;
  /** Pages the file's page tree declares (/Count), when it survived: more than pdfjs finds when pages were cut off. */
  declaredPages: number | null;
}

/**
 * The intact part of a truncated PDF with a trailer pointing at its catalog, or null when the
 * file is not truncated or no catalog survives the cut (nothing to recover).
 */
export function repairTruncatedPdf(bytes: Uint8Array): RepairedPdf | null {
  if (looksComplete(bytes)) return null;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const lastEnd = text.lastIndexOf('endobj');
  if (lastEnd < 0) return null;
  const intact = text.slice(0, lastEnd + 'endobj'.length);
  const catalog = /\/Type\s*\/Catalog\b/g;
  let root: string | null = null;
  for (let m: RegExpExecArray | null; (m = catalog.exec(intact)) !== null; ) {
    const before = intact.slice(Math.max(0, m.index - 4096), m.index);
    const headers = [...before.matchAll(/(\d+)\s+(\d+)\s+obj\b/g)];
    const h = headers[headers.length - 1];
    if (h && !before.slice(h.index).includes('endobj')) root = `${h[1]} ${h[2]} R`;
  }
  if (!root) return null;
  const counts = [...intact.matchAll(/\/Type\s*\/Pages\b[^]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^]*?\/Type\s*\/Pages\b/g)].map((m) => Number(m[1] ?? m[2]));
  // startxref 0 is not a cross-reference table: pdfjs indexes the objects and finds this trailer
  const repaired = Buffer.concat([Buffer.from(bytes.buffer, bytes.byteOffset, lastEnd + 'endobj'.length), Buffer.from(`\ntrailer\n<< /Root ${root} >>\nstartxref\n0\n%%EOF\n`, 'latin1')]);
  return { bytes: repaired, declaredPages: counts.length ? Math.max(...counts) : null };
}
