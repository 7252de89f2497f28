/**
 * Reading the CSV files people give us (rosters, keys, history): UTF-8 or UTF-16 (util/text.ts),
 * any mix of line endings, `,` `;` or tab, line numbers kept (the line a record starts on).
 */
import { parse } from 'csv-parse/sync';
import { normaliseNewlines } from '../util/text.js';

export interface CsvRecord {
  /** Line the record starts on in the file (header = 1). */
  line: number;
  cells: string[];
}

/**
 * The separator the header line uses most: `,`, `;` (Excel with a European list separator) or
 * a tab (Excel "Unicode text"); `,` on a tie.
 */
export function detectDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  const count = (c: string): number => first.split(c).length - 1;
  const [best] = [',', ';', '\t'].map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1]);
  return best[1] > 0 ? best[0] : ',';
}

const newlines = (s: string): number => s.split('\n').length - 1;

/**
 * Parse CSV text into records with line numbers; blank lines are skipped. Throws the
 * csv-parse error (with `.lines`) when the text is not CSV. `strictQuotes`: a stray quote is an
 * error (rosters) rather than part of the cell (keys, history).
 */
export function readCsv(text: string, opts: { strictQuotes?: boolean } = {}): CsvRecord[] {
  const body = normaliseNewlines(text.replace(/^\uFEFF/, ''));
  const recs = parse(body, {
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: !opts.strictQuotes,
    record_delimiter: '\n',
    delimiter: detectDelimiter(body),
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return recs
    .filter((r) => r.record.some((c) => c.trim() !== ''))
    .map((r) => ({ line: r.info.lines - r.record.reduce((n, c) => n + newlines(c), 0), cells: r.record }));
}
