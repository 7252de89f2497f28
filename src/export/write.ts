/** Write the grading exports to a folder, each file atomically (temp file + rename). */
import path from 'node:path';
import type { ExamGrades } from '../grade/grade.js';
import { writeFileAtomic } from '../util/atomic.js';
import { tableToCsv } from './csv.js';
import { exportTables, issuesTable, keysTable } from './tables.js';
import { tablesToXlsx } from './xlsx.js';

export const EXPORT_FILES = ['ket-qua.csv', 'bai-lam.csv', 'phan-tich-cau-hoi.csv', 'tong-hop.csv'] as const;
export const WORKBOOK_FILE = 'ket-qua.xlsx';

export interface ExportOptions {
  /** Template options (A-D) for the per-option columns. */
  options: string[];
  /** Also write ket-qua.xlsx (default true). */
  xlsx?: boolean;
}

/** Returns the paths written, in order. */
export async function writeExports(g: ExamGrades, outDir: string, opts: ExportOptions): Promise<string[]> {
  const tables = exportTables(g, opts.options);
  const written: string[] = [];
  for (const t of tables) {
    const file = path.join(outDir, `${t.name}.csv`);
    await writeFileAtomic(file, tableToCsv(t));
    written.push(file);
  }
  if (opts.xlsx !== false) {
    const file = path.join(outDir, WORKBOOK_FILE);
    await writeFileAtomic(file, await tablesToXlsx([...tables, issuesTable(g), keysTable(g)]));
    written.push(file);
  }
  return written;
}
