/**
 * The workspace's results, computed with computeResults (the one implementation) and kept until
 * the workspace changes. The version is three cheap numbers: pages, documents, overrides. The
 * review queue only needs the pages to be current: between two full computations it takes the
 * latest overrides straight from the database (openFlagsOf), so a decision shows the next item
 * at once.
 */
import { listOverrides } from '../workspace/overrides.js';
import { queueItems, type QueueItem } from '../workspace/queue.js';
import { computeResults, docsOf, openFlagsOf, type PageRecord, type WorkspaceDocs, type WorkspaceResults } from '../workspace/results.js';
import type { Workspace } from '../workspace/workspace.js';

export interface Version {
  pages: string;
  docs: number;
  overrides: string;
}

export function workspaceVersion(ws: Workspace): Version {
  const r = ws.db
    .prepare(
      `SELECT (SELECT COUNT(*) || '/' || IFNULL(MAX(read_at), '') FROM pages) AS pages,
              (SELECT IFNULL(MAX(id), 0) FROM documents) AS docs,
              (SELECT IFNULL(MAX(id), 0) FROM overrides) || '/' || (SELECT COUNT(*) FROM override_undos) || '/' || (SELECT COUNT(*) FROM page_decisions) AS overrides`,
    )
    .get() as Version;
  return r;
}

export const versionKey = (v: Version): string => `${v.pages}|${v.docs}|${v.overrides}`;

export class ResultsCache {
  private res: WorkspaceResults | null = null;
  private ver: Version | null = null;
  private byId = new Map<number, PageRecord>();
  private docs: WorkspaceDocs | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(private ws: Workspace) {}

  /** Results for the workspace as it is now. */
  get(): WorkspaceResults {
    const v = workspaceVersion(this.ws);
    if (!this.res || !this.ver || versionKey(v) !== versionKey(this.ver)) this.compute(v);
    return this.res!;
  }

  /** Results whose pages and documents are current (overrides may be newer). */
  forQueue(): WorkspaceResults {
    const v = workspaceVersion(this.ws);
    if (!this.res || !this.ver || v.pages !== this.ver.pages || v.docs !== this.ver.docs) this.compute(v);
    return this.res!;
  }

  page(id: number): PageRecord | undefined {
    this.forQueue();
    return this.byId.get(id);
  }

  /** The review queue with the overrides as they are in the database now. */
  queue(): QueueItem[] {
    const res = this.forQueue();
    return queueItems(openFlagsOf(res.pages, res.pageEntries, listOverrides(this.ws)), this.byId);
  }

  /**
   * Compute again once the workspace has been quiet for `delayMs` (after decisions), so the
   * next page opened finds the results ready without slowing the reviewer's next key.
   */
  refreshSoon(delayMs = 1500): void {
    if (this.timer) clearTimeout(this.timer); // a reviewer at work: wait until they pause
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        if (this.ws.db.open) this.get();
      } catch {
        /* computed again when asked */
      }
    }, delayMs);
    this.timer.unref();
  }

  private compute(v: Version): void {
    if (!this.docs || !this.ver || v.docs !== this.ver.docs) this.docs = docsOf(this.ws);
    this.res = computeResults(this.ws, { docs: this.docs });
    this.ver = v;
    this.byId = new Map([...this.res.pages, ...this.res.superseded, ...this.res.excluded.map((e) => e.page)].map((p) => [p.id, p]));
  }
}
