/**
 * The same tables as an Excel workbook (exceljs): one worksheet per table, header row bold and
 * frozen, filters on, SBD / mã đề / ngày sinh kept as text (leading zeros survive). Cells are
 * typed values, never formulas, so no neutralising is needed here.
 */
import ExcelJS from 'exceljs';
import type { Table } from './csv.js';

export async function tablesToXlsx(tables: Table[], meta: { created?: Date } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'omr';
  const when = meta.created ?? new Date(0);
  wb.created = when;
  wb.modified = when;
  for (const t of tables) {
    const ws = wb.addWorksheet(t.sheet.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    const text = new Set(t.textColumns ?? []);
    ws.addRow(t.headers);
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) {
      ws.addRow(r.map((c, i) => (c === null || c === undefined ? null : text.has(i) ? String(c) : c)));
    }
    for (const i of text) ws.getColumn(i + 1).numFmt = '@';
    t.headers.forEach((h, i) => {
      let w = h.length;
      for (const r of t.rows.slice(0, 500)) w = Math.max(w, Math.min(60, String(r[i] ?? '').length));
      ws.getColumn(i + 1).width = Math.max(6, w + 2);
    });
    if (t.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.headers.length } };
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
