/** The "rows read, left out" line of a roster, apart from the CSV reader so the CLI can load it at start-up. */
import { msg, render, type MsgRef } from '../i18n/index.js';
import type { RosterParse } from './types.js';

/** "roster.csv: 7 rows read, 2 left out" as an error/issue line. */
export function rowsLine(parsed: RosterParse, file: string): { text: string; msg: MsgRef } {
  const m = msg('rows.count', { file, read: parsed.rows, left: parsed.rows - parsed.candidates.length });
  return { text: render('en', m), msg: m };
}
