/**
 * A small workspace for the desk tests: 4 candidates, keys 101/102, sheets printed and filled
 * (faint and double marks to review, two sheets with one SBD: a conflict), read into the
 * database by the real scanner.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingestScans } from '../src/workspace/ingest.js';
import { initWorkspace } from '../src/workspace/workspace.js';
import { candidates, defaultExam, keyCsv, makeScans, rosterCsv, type SheetFill } from './workspace-helpers.js';

export const roster = candidates(4);
const serial = (n: number) => String(n).padStart(6, '0');

export const SHEETS: SheetFill[] = [
  { serial: serial(1), candidate: roster[0], sbd: roster[0].sbd, made: '101', correct: 92, marks: { 5: 'light', 9: 'double' } },
  { serial: serial(2), candidate: roster[1], sbd: roster[1].sbd, made: '102', correct: 71, marks: { 12: 'double' } },
  { serial: serial(3), candidate: roster[2], sbd: roster[2].sbd, made: '101', correct: 45 },
  // a blank numbered sheet with candidate 3's SBD and other answers: a conflict
  { serial: serial(4), sbd: roster[2].sbd, made: '101', correct: 20 },
];

/** Make the workspace in `base`/ws with no page read; the scans in `base`/scans. */
export async function makeDeskWorkspace(base: string, opts: { read?: number } = {}): Promise<{ dir: string; scans: string[] }> {
  mkdirSync(base, { recursive: true });
  writeFileSync(path.join(base, 'roster.csv'), rosterCsv(roster));
  writeFileSync(path.join(base, 'keys.csv'), keyCsv(['101', '102']));
  writeFileSync(path.join(base, 'exam.json'), JSON.stringify(defaultExam(2025), null, 2));
  const scans = await makeScans(path.join(base, 'scans'), SHEETS);
  const dir = path.join(base, 'ws');
  const r = initWorkspace(dir, { roster: path.join(base, 'roster.csv'), keys: [path.join(base, 'keys.csv')], exam: path.join(base, 'exam.json') });
  try {
    if (opts.read) await ingestScans(r.ws, scans.slice(0, opts.read), { jobs: 1 });
  } finally {
    r.ws.close();
  }
  return { dir, scans };
}

/** A multipart body (as a browser sends it) for fastify's inject. */
export async function multipart(fields: Record<string, string>, files: { name: string; data: Uint8Array; type?: string }[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('files', new Blob([f.data], { type: f.type ?? 'application/octet-stream' }), f.name);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}
