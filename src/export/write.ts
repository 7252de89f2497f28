/** Write the grading exports to a folder, each file atomically (temp file + rename). */
import path from 'node:path';
import type { ExamGrades } from '../grade/grade.js';
import { writeFilesAtomic, type WriteFs } from '../util/atomic.js';
import { tableToCsv } from './csv.js';
import { exportTables, issuesTable, keysTable } from './tables.js';
import { tablesToXlsx } from './xlsx.js';
import type { OutputTarget } from '../workspace/guard.js';

export const EXPORT_FILES = ['ket-qua.csv', 'bai-lam.csv', 'phan-tich-cau-hoi.csv', 'tong-hop.csv'] as const;
export const WORKBOOK_FILE = 'ket-qua.xlsx';

/** What omr export and omr grade write into their --out folder, for the output guard (workspace/guard.ts). */
export function exportOutputs(dir: string, xlsx: boolean): OutputTarget {
  return { dir, files: [...EXPORT_FILES.map((name) => ({ name, kind: 'csv' as const })), ...(xlsx ? [{ name: WORKBOOK_FILE, kind: 'xlsx' as const }] : [])] };
}

export interface ExportOptions {
  /** Template options (A-D) for the per-option columns. */
  options: string[];
  /** Also write ket-qua.xlsx (default true). */
  xlsx?: boolean;
  /** The file system writes go through (tests inject a full disk). */
  io?: WriteFs;
}

/**
 * Returns the paths written, in order. All files are made in memory first and written as one
 * step (util/atomic writeFilesAtomic): on a full disk none of them is written.
 */
export async function writeExports(g: ExamGrades, outDir: string, opts: ExportOptions): Promise<string[]> {
  const tables = exportTables(g, opts.options);
  const files: { file: string; data: string | Uint8Array }[] = tables.map((t) => ({ file: path.join(outDir, `${t.name}.csv`), data: tableToCsv(t) }));
  if (opts.xlsx !== false) files.push({ file: path.join(outDir, WORKBOOK_FILE), data: await tablesToXlsx([...tables, issuesTable(g), keysTable(g)]) });
  await writeFilesAtomic(files, opts.io);
  return files.map((f) => f.file);
}
