/** Reading the CSV files people give us (keys, history): BOM, `,` or `;`, line numbers kept. */
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** Line of the record in the file (header = 1). */
  line: number;
  cells: string[];
}

/** `;` when the first line has semicolons and no commas (Excel with a European list separator), else `,`. */
export function detectDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.includes(';') && !first.includes(',') ? ';' : ',';
}

/**
 * Parse CSV text into records with line numbers; blank lines are skipped. Throws the
 * csv-parse error (with `.lines`) when the text is not CSV.
 */
export function readCsv(text: string): CsvRecord[] {
  const recs = parse(text, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    delimiter: detectDelimiter(text),
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return recs.filter((r) => r.record.some((c) => c.trim() !== '')).map((r) => ({ line: r.info.lines, cells: r.record }));
}
