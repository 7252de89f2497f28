/**
 * The workspace database (better-sqlite3, WAL). Everything the grading team decides or the
 * scanner reads is kept here; scores are never stored, they are computed on demand from the
 * pages' measurements + keys + roster + overrides (see results.ts).
 *
 * Rules enforced by the schema itself:
 *   - a page is identified by (file SHA-256, page number): re-ingesting the same file adds nothing;
 *   - an automatic read is never changed (a trigger refuses UPDATE of a page unless it was an
 *     `error` page being read again), and pages are never deleted;
 *   - overrides are append-only (no UPDATE, no DELETE): a correction of a correction is a new
 *     row, the latest wins, the history stays;
 *   - foreign keys on; every replaced key / roster file is kept (documents.replaced_at).
 */
import Database from 'better-sqlite3';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';

export type Db = Database.Database;

export const DB_FILE = 'omr.sqlite';

/** Migrations, in order; index + 1 is the schema version they bring the database to. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  -- Files given to the workspace (answer keys, rosters, the exam file, the template), every
  -- version kept. The active one of a kind/name has replaced_at NULL.
  CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('key', 'roster', 'exam', 'template')),
    name        TEXT NOT NULL,             -- path inside the workspace: keys/de-101.csv, roster.csv
    original    TEXT NOT NULL,             -- path it was added from
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    added_at    TEXT NOT NULL,
    replaced_at TEXT,
    replaced_by INTEGER REFERENCES documents(id)
  );
  CREATE INDEX documents_active ON documents(kind, replaced_at);

  CREATE TABLE scan_runs (
    id           INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    cwd          TEXT NOT NULL,
    inputs       TEXT NOT NULL,            -- JSON array of the arguments
    jobs         INTEGER,
    annotate_dir TEXT,
    pages_added  INTEGER NOT NULL DEFAULT 0,
    pages_skipped INTEGER,
    seconds      REAL
  );

  -- One row per page read. result is the whole PageResult JSON (fills, thresholds, homography).
  CREATE TABLE pages (
    id          INTEGER PRIMARY KEY,
    file_sha256 TEXT NOT NULL,
    page        INTEGER NOT NULL CHECK (page >= 1),
    page_count  INTEGER,
    source      TEXT NOT NULL,             -- as given to omr scan (relative to cwd at the time)
    path        TEXT NOT NULL,             -- absolute path at the time of reading
    status      TEXT NOT NULL CHECK (status IN ('ok', 'not_a_sheet', 'error')),
    reason      TEXT,
    serial      TEXT,
    sbd         TEXT,
    made        TEXT,
    exam_id     TEXT,                      -- from the QR code
    flagged     INTEGER NOT NULL DEFAULT 0, -- flagged groups
    page_flags  TEXT,                      -- JSON array
    annotated   TEXT,                      -- relative to the workspace
    result      TEXT NOT NULL,
    run_id      INTEGER NOT NULL REFERENCES scan_runs(id),
    read_at     TEXT NOT NULL,
    UNIQUE (file_sha256, page)
  );
  CREATE INDEX pages_serial ON pages(serial);
  CREATE INDEX pages_sbd ON pages(sbd);
  CREATE INDEX pages_source ON pages(source, page);
  CREATE TRIGGER pages_read_once BEFORE UPDATE ON pages WHEN OLD.status <> 'error'
  BEGIN SELECT RAISE(ABORT, 'an automatic read is never changed: add an override instead'); END;
  CREATE TRIGGER pages_kept BEFORE DELETE ON pages
  BEGIN SELECT RAISE(ABORT, 'pages are evidence and are never deleted'); END;

  -- A person's correction: stored apart from the automatic read, never changed.
  CREATE TABLE overrides (
    id         INTEGER PRIMARY KEY,
    serial     TEXT,                       -- the sheet, by its QR serial ...
    page_id    INTEGER REFERENCES pages(id), -- ... or by its page (QR unreadable)
    field      TEXT NOT NULL CHECK (field IN ('answer', 'sbd', 'made')),
    question   INTEGER,
    value      TEXT NOT NULL,
    read_value TEXT,                       -- the automatic read when the override was made
    by         TEXT NOT NULL CHECK (length(trim(by)) > 0),
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    at         TEXT NOT NULL,
    CHECK ((serial IS NULL) <> (page_id IS NULL)),
    CHECK ((field = 'answer') = (question IS NOT NULL))
  );
  CREATE TRIGGER overrides_no_update BEFORE UPDATE ON overrides
  BEGIN SELECT RAISE(ABORT, 'overrides are never changed: add a new override (the latest wins)'); END;
  CREATE TRIGGER overrides_no_delete BEFORE DELETE ON overrides
  BEGIN SELECT RAISE(ABORT, 'overrides are never deleted: add a new override (the latest wins)'); END;

  -- omr generate -w: what was printed, and for whom.
  CREATE TABLE prints (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    pdf          TEXT NOT NULL,
    pdf_sha256   TEXT NOT NULL,
    exam_id      TEXT NOT NULL,
    sheets       INTEGER NOT NULL,
    first_serial TEXT NOT NULL,
    last_serial  TEXT NOT NULL,
    roster_doc   INTEGER REFERENCES documents(id)
  );
  CREATE TABLE manifest (
    serial   TEXT PRIMARY KEY,
    print_id INTEGER NOT NULL REFERENCES prints(id),
    page     INTEGER NOT NULL,
    sbd      TEXT,                         -- NULL for blank sheets
    ho_ten   TEXT
  );

  -- omr export -w: what was sent on.
  CREATE TABLE exports (
    id    INTEGER PRIMARY KEY,
    at    TEXT NOT NULL,
    dir   TEXT NOT NULL,
    files TEXT NOT NULL                    -- JSON [{file, sha256}]
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

function pragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // FULL: a committed page survives a power cut too, not only a killed process (costs ~1 ms a page).
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
}

function currentVersion(db: Db): number {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!has) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** Bring the database to SCHEMA_VERSION (each migration in its own transaction). */
export function migrate(db: Db, file: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const v = currentVersion(db);
  if (v > SCHEMA_VERSION) {
    throw new OmrError('WORKSPACE', msg('db.newer', { file, version: v, known: SCHEMA_VERSION }), { hint: msg('db.newer.hint') });
  }
  for (let i = v; i < SCHEMA_VERSION; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(i + 1, new Date().toISOString());
    })();
  }
}

/** Open (and migrate) a workspace database. `create: false` requires the file to exist. */
export function openDb(file: string, opts: { create?: boolean; readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: !opts.create, readonly: opts.readonly ?? false });
  } catch (e) {
    throw new OmrError('WORKSPACE', msg('db.cannotOpen', { file, detail: (e as Error).message }), {
      hint: opts.create ? msg('db.cannotOpen.hint.create') : msg('db.cannotOpen.hint'),
      cause: e,
    });
  }
  try {
    if (opts.readonly) {
      db.pragma('busy_timeout = 10000');
      const v = currentVersion(db);
      if (v !== SCHEMA_VERSION) throw new OmrError('WORKSPACE', msg('db.version', { file, version: v, expected: SCHEMA_VERSION }), { hint: msg('db.version.hint') });
    } else {
      pragmas(db);
      migrate(db, file);
    }
  } catch (e) {
    db.close();
    if (e instanceof OmrError) throw e;
    throw new OmrError('WORKSPACE', msg('db.unusable', { file, detail: (e as Error).message }), { hint: msg('db.unusable.hint'), cause: e });
  }
  return db;
}

export function nowIso(): string {
  return new Date().toISOString();
}
