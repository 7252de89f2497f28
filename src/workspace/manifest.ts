/**
 * What `omr generate -w DIR` printed: one row per serial, with the candidate it was printed for.
 * A serial is never printed twice in one workspace (the next print run starts after the last).
 */
import path from 'node:path';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import type { ManifestRow } from '../print/generate.js';
import { nowIso } from './db.js';
import { activeDocs, sha256Hex, type Workspace } from './workspace.js';

export interface PrintRecord {
  id: number;
  at: string;
  pdf: string;
  sheets: number;
  firstSerial: string;
  lastSerial: string;
}

export interface ManifestEntry {
  serial: string;
  sbd: string | null;
  hoTen: string | null;
  printId: number;
}

/** The first serial after every serial printed so far (1 for a new workspace). */
export function nextSerial(ws: Workspace): number {
  const r = ws.db.prepare('SELECT MAX(CAST(serial AS INTEGER)) AS m FROM manifest').get() as { m: number | null };
  return (r.m ?? 0) + 1;
}

/** Record a print run; refuses serials already printed in this workspace. */
export function recordPrint(ws: Workspace, p: { pdf: string; pdfBytes: Uint8Array; examId: string; rows: ManifestRow[]; fromRoster: boolean }): PrintRecord {
  const db = ws.db;
  const taken = db.prepare('SELECT serial FROM manifest WHERE serial = ?');
  const clash = p.rows.filter((r) => taken.get(r.serial)).map((r) => r.serial);
  if (clash.length) {
    throw new OmrError('USAGE', msg('ws.serialsPrinted', { serials: clash }), { hint: msg('ws.serialsPrinted.hint', { next: String(nextSerial(ws)).padStart(6, '0') }) });
  }
  const rosterDoc = p.fromRoster ? (activeDocs(ws, 'roster').pop()?.id ?? null) : null;
  const at = nowIso();
  const id = db.transaction(() => {
    const printId = Number(
      db
        .prepare('INSERT INTO prints (at, pdf, pdf_sha256, exam_id, sheets, first_serial, last_serial, roster_doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(at, path.resolve(p.pdf), sha256Hex(p.pdfBytes), p.examId, p.rows.length, p.rows[0]?.serial ?? '', p.rows[p.rows.length - 1]?.serial ?? '', rosterDoc).lastInsertRowid,
    );
    const ins = db.prepare('INSERT INTO manifest (serial, print_id, page, sbd, ho_ten) VALUES (?, ?, ?, ?, ?)');
    for (const r of p.rows) ins.run(r.serial, printId, r.page, r.sbd || null, r.ho_ten || null);
    return printId;
  })();
  return { id, at, pdf: path.resolve(p.pdf), sheets: p.rows.length, firstSerial: p.rows[0]?.serial ?? '', lastSerial: p.rows[p.rows.length - 1]?.serial ?? '' };
}

export function manifestOf(ws: Workspace): Map<string, ManifestEntry> {
  const rows = ws.db.prepare('SELECT serial, sbd, ho_ten AS hoTen, print_id AS printId FROM manifest').all() as ManifestEntry[];
  return new Map(rows.map((r) => [r.serial, r]));
}

export function printsOf(ws: Workspace): PrintRecord[] {
  return ws.db
    .prepare('SELECT id, at, pdf, sheets, first_serial AS firstSerial, last_serial AS lastSerial FROM prints ORDER BY id')
    .all() as PrintRecord[];
}
