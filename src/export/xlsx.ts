/**
 * The same tables as an Excel workbook (exceljs, streaming writer: a 2000-candidate bai-lam
 * sheet has 200 000 rows; no cell styles, which would double the time): one worksheet per
 * table, header row frozen, filters on,
 * SBD, mã đề and ngày sinh written as text cells (leading zeros survive). Cells are typed values, never
 * formulas, so no neutralising is needed here.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Table } from './csv.js';
import { fixZipDates } from './zipdates.js';

export async function tablesToXlsx(tables: Table[], meta: { created?: Date } = {}): Promise<Uint8Array> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
  wb.creator = 'omr';
  const when = meta.created ?? new Date(0);
  wb.created = when;
  wb.modified = when;
  for (const t of tables) {
    const ws = wb.addWorksheet(t.sheet.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    const text = new Set(t.textColumns ?? []);
    ws.columns = t.headers.map((h, i) => {
      let w = h.length;
      for (const r of t.rows.slice(0, 500)) w = Math.max(w, Math.min(60, String(r[i] ?? '').length));
      return { width: Math.max(6, w + 2) };
    });
    if (t.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.headers.length } };
    ws.addRow(t.headers).commit();
    for (const r of t.rows) {
      ws.addRow(r.map((c, i) => (c === null || c === undefined ? null : text.has(i) ? String(c) : c))).commit();
    }
    ws.commit();
  }
  await wb.commit();
  await done;
  // the same tables give the same bytes (entry dates fixed): exports are reproducible
  return fixZipDates(new Uint8Array(Buffer.concat(chunks)));
}
