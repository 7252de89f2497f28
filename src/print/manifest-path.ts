/** The manifest CSV written beside a sheets PDF (`sheets.pdf` → `sheets.manifest.csv`). No dependencies, so the CLI can name outputs before loading pdf-lib. */
export function manifestPathFor(pdfPath: string): string {
  return /\.pdf$/i.test(pdfPath) ? pdfPath.replace(/\.pdf$/i, '.manifest.csv') : `${pdfPath}.manifest.csv`;
}
