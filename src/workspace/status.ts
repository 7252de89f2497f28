/** `omr status` and `omr export`: summaries and files computed from the workspace. */
import { readFileSync } from 'node:fs';
import { writeExports } from '../export/write.js';
import { overrideTargets } from './conflicts.js';
import { nowIso } from './db.js';
import { printsOf } from './manifest.js';
import { computeResults, type ComputeOptions, type WorkspaceResults } from './results.js';
import { activeDocs, driftedCopies, sha256Hex, type Workspace } from './workspace.js';

export interface WorkspaceStatus {
  workspace: string;
  exam: { id: string; name: string; year: number };
  template: string;
  pages: { total: number; ok: number; notASheet: number; error: number; duplicates: number; files: number; superseded: number; excluded: number };
  decisions: number;
  scans: { runs: number; last: string | null };
  candidates: { roster: number; scored: number; absent: number; unscored: number; unknownSbd: number };
  bands: { name: string; count: number }[];
  flagsOpen: { total: number; answers: number; identity: number; sheets: number };
  conflicts: number;
  conflictList: string[];
  missingCandidates: number;
  overrides: { total: number; sheets: number };
  keys: { examCode: string; fingerprint: string; file: string; fileFingerprint: string }[];
  keyFiles: { file: string; sha256: string; addedAt: string; examCodes: string[] }[];
  keyProblems: string[];
  roster: { file: string; sha256: string; addedAt: string; candidates: number; problems: string[] } | null;
  printed: { runs: number; sheets: number };
  /** Files in the folder edited by hand (the database copy is what counts). */
  changedFiles: { name: string; problem: 'missing' | 'changed'; sha256: string }[];
  needsPerson: boolean;
}

export function statusOf(ws: Workspace, res: WorkspaceResults): WorkspaceStatus {
  const g = res.grades;
  const s = g.summary;
  const runs = ws.db.prepare('SELECT COUNT(*) AS n, MAX(finished_at) AS last FROM scan_runs').get() as { n: number; last: string | null };
  const files = (ws.db.prepare('SELECT COUNT(DISTINCT file_sha256) AS n FROM pages').get() as { n: number }).n;
  const rosterDoc = activeDocs(ws, 'roster').pop();
  const keyDocs = activeDocs(ws, 'key');
  const prints = printsOf(ws);
  const conflictKinds = new Set(['conflict_sbd', 'conflict_serial', 'manifest_mismatch', 'not_printed', 'other_exam']);
  const conflictList = res.issues.filter((i) => conflictKinds.has(i.kind) && i.needsPerson).map((i) => i.text);
  const targets = overrideTargets(res.overrides, res.pages);
  const sheetsWithOverrides = new Set(res.overrides.map((o) => Math.min(...(targets.get(o.id) ?? [o.page_id])))).size;
  const changedFiles = driftedCopies(ws);
  const rosterProblems = res.roster?.issues.map((i) => i.message) ?? [];
  return {
    workspace: ws.dir,
    exam: { id: res.exam.id, name: res.exam.name, year: res.exam.year },
    template: `${res.template.id} v${res.template.version}`,
    pages: { ...s.pages, files, superseded: res.superseded.length, excluded: res.excluded.length },
    decisions: res.decisions.length,
    scans: { runs: runs.n, last: runs.last },
    candidates: { roster: s.candidates.roster, scored: s.candidates.scored, absent: s.candidates.absent, unscored: s.candidates.unscored, unknownSbd: s.candidates.unknownSbd },
    bands: s.bands,
    flagsOpen: {
      total: res.openFlags.length,
      answers: res.openFlags.filter((f) => f.field === 'answer').length,
      identity: res.openFlags.filter((f) => f.field !== 'answer').length,
      sheets: new Set(res.openFlags.map((f) => f.pageId)).size,
    },
    conflicts: conflictList.length,
    conflictList,
    missingCandidates: s.candidates.absent,
    overrides: { total: res.overrides.length, sheets: sheetsWithOverrides },
    keys: g.keys,
    keyFiles: keyDocs.map((d) => ({ file: d.name, sha256: d.sha256, addedAt: d.added_at, examCodes: res.keys.files.find((f) => f.file === d.name)?.examCodes ?? [] })),
    keyProblems: res.keys.issues.map((i) => i.text),
    roster: rosterDoc ? { file: rosterDoc.name, sha256: rosterDoc.sha256, addedAt: rosterDoc.added_at, candidates: res.roster?.candidates.length ?? 0, problems: rosterProblems } : null,
    printed: { runs: prints.length, sheets: prints.reduce((n, p) => n + p.sheets, 0) },
    changedFiles,
    needsPerson: s.needsPerson || res.openFlags.length > 0 || rosterProblems.length > 0,
  };
}

export interface ExportResult {
  files: string[];
  res: WorkspaceResults;
}

/** Write the grading exports (the same files as omr grade) from the workspace, and log them. */
export async function exportWorkspace(ws: Workspace, outDir: string, opts: ComputeOptions & { xlsx?: boolean } = {}): Promise<ExportResult> {
  const res = computeResults(ws, opts);
  const files = await writeExports(res.grades, outDir, { options: res.template.answers.options, xlsx: opts.xlsx });
  if (ws.readOnly) return { files, res }; // a read-only workspace: the export is not logged
  ws.db
    .prepare('INSERT INTO exports (at, dir, files) VALUES (?, ?, ?)')
    .run(nowIso(), outDir, JSON.stringify(files.map((f) => ({ file: f, sha256: sha256Hex(readFileSync(f)) }))));
  return { files, res };
}
