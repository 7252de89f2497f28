/**
 * Review claims: while a reviewer looks at a flag, it is held for them (a row in review_claims
 * with an expiry), so two reviewers at the desk never get the same item. A hold lapses by
 * itself (a closed browser tab gives its item back after CLAIM_MS). Claims are not evidence:
 * the decision itself is an override (overrides.ts), made whoever held the item.
 */
import { writeTransaction } from './db.js';
import type { Workspace } from './workspace.js';

/** How long an item stays held without activity. */
export const CLAIM_MS = 5 * 60_000;

export interface Claimable {
  key: string;
}

/**
 * Hold the first item for `session` that no other session holds, searching from `start` (an
 * index into `items`, wrapping round), and give back any other item this session held.
 * `direction` -1 searches backwards. Returns the item, or null when every item is held by others.
 */
export function claimNext<I extends Claimable>(
  ws: Workspace,
  session: string,
  by: string | null,
  items: I[],
  opts: { start?: number; direction?: 1 | -1; now?: number; ttl?: number } = {},
): I | null {
  const now = opts.now ?? Date.now();
  const ttl = opts.ttl ?? CLAIM_MS;
  const db = ws.db;
  return writeTransaction(db, (): I | null => {
      db.prepare('DELETE FROM review_claims WHERE expires_at <= ?').run(now);
      const held = new Set((db.prepare('SELECT item FROM review_claims WHERE session <> ?').all(session) as { item: string }[]).map((r) => r.item));
      const n = items.length;
      const dir = opts.direction ?? 1;
      const start = ((opts.start ?? 0) % Math.max(n, 1) + n) % Math.max(n, 1);
      let found: I | null = null;
      for (let k = 0; k < n; k++) {
        const it = items[(start + dir * k + n * n) % n];
        if (!held.has(it.key)) {
          found = it;
          break;
        }
      }
      db.prepare('DELETE FROM review_claims WHERE session = ?').run(session);
      if (found) {
        db.prepare('INSERT INTO review_claims (item, session, by, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (item) DO UPDATE SET session = excluded.session, by = excluded.by, expires_at = excluded.expires_at').run(
          found.key,
          session,
          by,
          now + ttl,
        );
      }
      return found;
    });
}

/** Hold one given item for `session` (e.g. the item an undo brought back), unless another session holds it. */
export function claimItem(ws: Workspace, session: string, by: string | null, key: string, opts: { now?: number; ttl?: number } = {}): boolean {
  return claimNext(ws, session, by, [{ key }], opts) !== null;
}

/** Give back whatever `session` holds (the reviewer left). */
export function releaseClaims(ws: Workspace, session: string): void {
  ws.db.prepare('DELETE FROM review_claims WHERE session = ?').run(session);
}

/** Items held by other sessions now, with who holds them. */
export function heldByOthers(ws: Workspace, session: string, now = Date.now()): Map<string, string | null> {
  const rows = ws.db.prepare('SELECT item, by FROM review_claims WHERE session <> ? AND expires_at > ?').all(session, now) as { item: string; by: string | null }[];
  return new Map(rows.map((r) => [r.item, r.by]));
}
