/**
 * Scans started from the desk (uploads, the watched folder) run one after another through
 * ingestScans, the function behind `omr scan -w` (same reading, same worker pool, same
 * page-by-page commits: stopping the server mid-scan loses nothing already read). Each job keeps
 * one row per page for the Quét page, including files refused before reading.
 */
import path from 'node:path';
import type { PageResult } from '../scan/types.js';
import { ingestScans, type IngestSummary } from '../workspace/ingest.js';
import type { Workspace } from '../workspace/workspace.js';

export interface ScanRow {
  source: string;
  name: string;
  page: number;
  status: PageResult['status'];
  reason: string | null;
  serial: string | null;
  sbd: string | null;
  made: string | null;
  /** Flagged groups: key and reason. */
  flagged: { key: string; reason: string | undefined }[];
  pageFlags: string[];
  pageId: number | null;
  stored: 'added' | 'replaced' | 'kept' | 'not_stored' | 'refused';
}

export interface ScanJob {
  id: number;
  origin: 'upload' | 'watch';
  files: string[];
  state: 'queued' | 'running' | 'done' | 'failed';
  rows: ScanRow[];
  startedAt: string | null;
  summary: IngestSummary | null;
  error: string | null;
}

export class ScanJobs {
  private seq = 0;
  private chain: Promise<void> = Promise.resolve();
  readonly jobs: ScanJob[] = [];

  constructor(
    private ws: Workspace,
    private opts: { jobs?: number; onChange: (job: ScanJob) => void },
  ) {}

  get running(): ScanJob | undefined {
    return this.jobs.find((j) => j.state === 'running');
  }

  /** Queue a scan of these files; `refused` files get their row at once (not read). */
  add(files: string[], origin: ScanJob['origin'], refused: { name: string; reason: string }[] = []): ScanJob {
    const job: ScanJob = { id: ++this.seq, origin, files, state: 'queued', rows: [], startedAt: null, summary: null, error: null };
    for (const r of refused) {
      job.rows.push({ source: r.name, name: r.name, page: 1, status: 'error', reason: r.reason, serial: null, sbd: null, made: null, flagged: [], pageFlags: [], pageId: null, stored: 'refused' });
    }
    this.jobs.unshift(job);
    if (this.jobs.length > 20) this.jobs.pop();
    this.opts.onChange(job);
    const done = this.chain.then(() => this.run(job));
    this.chain = done.catch(() => {});
    return job;
  }

  /** Resolves when every queued job has finished. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async run(job: ScanJob): Promise<void> {
    if (!job.files.length) {
      job.state = 'done';
      this.opts.onChange(job);
      return;
    }
    job.state = 'running';
    job.startedAt = new Date().toISOString();
    this.opts.onChange(job);
    const idOf = this.ws.db.prepare('SELECT id FROM pages WHERE file_sha256 = ? AND page = ?');
    try {
      job.summary = await ingestScans(this.ws, job.files, {
        ...(this.opts.jobs ? { jobs: this.opts.jobs } : {}),
        onPage: (r, stored) => {
          const id = r.sha256 ? ((idOf.get(r.sha256, r.page) as { id: number } | undefined)?.id ?? null) : null;
          job.rows.push({
            source: r.source,
            name: path.basename(r.source),
            page: r.page,
            status: r.status,
            reason: r.reason ?? null,
            serial: r.serial ?? null,
            sbd: r.candidateNumber ?? null,
            made: r.examCode ?? null,
            flagged: Object.entries(r.groups ?? {})
              .filter(([, g]) => g.flagged)
              .map(([key, g]) => ({ key, reason: g.reason })),
            pageFlags: r.flags ?? [],
            pageId: id,
            stored,
          });
          this.opts.onChange(job);
        },
      });
      job.state = 'done';
    } catch (e) {
      job.state = 'failed';
      job.error = (e as Error).message;
    }
    this.opts.onChange(job);
  }
}
