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
export const MIGRATIONS: readonly string[] = [
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
  // complaints (issue 11 part 4): the council settles each within 10 days of receipt (QĐ 2073, III.11.a)
  `
  -- One row per complaint (đơn khiếu nại) about one candidate's sheet. The content is never
  -- changed; the only UPDATE allowed is the one that settles an open complaint (status open →
  -- resolved with the resolved_* columns), and every step is also an append-only event row.
  CREATE TABLE complaints (
    id           INTEGER PRIMARY KEY,
    serial       TEXT,                       -- số phiếu of the sheet concerned ...
    page_ref     TEXT,                       -- ... or SOURCE:PAGE when its QR was not read
    sbd          TEXT,
    ho_ten       TEXT,
    received_on  TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    submitted_by TEXT NOT NULL CHECK (length(trim(submitted_by)) > 0),
    subject      TEXT NOT NULL CHECK (subject IN ('question', 'total', 'identity')),
    questions    TEXT,                       -- JSON array of question numbers (subject 'question')
    text         TEXT NOT NULL,
    deadline     TEXT NOT NULL,              -- received_on + 10 calendar days
    recorded_by  TEXT NOT NULL CHECK (length(trim(recorded_by)) > 0),
    recorded_at  TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolved_on  TEXT,
    resolution   TEXT,
    resolved_by  TEXT,
    resolved_at  TEXT,
    score_before INTEGER,
    score_after  INTEGER,
    override_ids TEXT,                       -- JSON array of the overrides the re-check made
    CHECK (serial IS NOT NULL OR page_ref IS NOT NULL),
    CHECK ((status = 'open') = (resolution IS NULL))
  );
  CREATE INDEX complaints_serial ON complaints(serial);
  CREATE TRIGGER complaints_no_delete BEFORE DELETE ON complaints
  BEGIN SELECT RAISE(ABORT, 'complaints are never deleted'); END;
  CREATE TRIGGER complaints_settle_once BEFORE UPDATE ON complaints
  WHEN OLD.status <> 'open' OR NEW.status <> 'resolved'
    OR NEW.id IS NOT OLD.id OR NEW.serial IS NOT OLD.serial OR NEW.page_ref IS NOT OLD.page_ref OR NEW.sbd IS NOT OLD.sbd
    OR NEW.ho_ten IS NOT OLD.ho_ten OR NEW.received_on IS NOT OLD.received_on OR NEW.submitted_by IS NOT OLD.submitted_by
    OR NEW.subject IS NOT OLD.subject OR NEW.questions IS NOT OLD.questions OR NEW.text IS NOT OLD.text
    OR NEW.deadline IS NOT OLD.deadline OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_at IS NOT OLD.recorded_at
  BEGIN SELECT RAISE(ABORT, 'a complaint is settled once and never changed: record a new complaint instead'); END;

  CREATE TABLE complaint_events (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    event        TEXT NOT NULL CHECK (event IN ('received', 'resolved')),
    by           TEXT NOT NULL,
    at           TEXT NOT NULL,
    detail       TEXT NOT NULL               -- JSON: the row's values at that step
  );
  CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
  BEGIN SELECT RAISE(ABORT, 'complaint events are never changed'); END;
  CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
  BEGIN SELECT RAISE(ABORT, 'complaint events are never deleted'); END;
  `,
  // robust-b (issue 8 item 5): an override belongs to the page it was made on (its content
  // hash: file_sha256 + page), no longer to every page that carries the same serial; serial-based
  // overrides are moved to the page they were made on (the first page with that serial read
  // before the override, else the first with that serial). A person's decision on a page in
  // conflict (keep it / leave it out) is recorded, append-only.
  `
  CREATE TABLE overrides_by_page (
    id         INTEGER PRIMARY KEY,
    page_id    INTEGER NOT NULL REFERENCES pages(id),
    serial     TEXT,                       -- the page's serial when the override was made (information)
    field      TEXT NOT NULL CHECK (field IN ('answer', 'sbd', 'made')),
    question   INTEGER,
    value      TEXT NOT NULL,
    read_value TEXT,
    by         TEXT NOT NULL CHECK (length(trim(by)) > 0),
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    at         TEXT NOT NULL,
    CHECK ((field = 'answer') = (question IS NOT NULL))
  );
  INSERT INTO overrides_by_page (id, page_id, serial, field, question, value, read_value, by, reason, at)
  SELECT o.id,
         COALESCE(o.page_id,
                  (SELECT p.id FROM pages p WHERE p.serial = o.serial AND p.status = 'ok' AND p.read_at <= o.at ORDER BY p.id LIMIT 1),
                  (SELECT p.id FROM pages p WHERE p.serial = o.serial ORDER BY p.id LIMIT 1)),
         COALESCE(o.serial, (SELECT p.serial FROM pages p WHERE p.id = o.page_id)),
         o.field, o.question, o.value, o.read_value, o.by, o.reason, o.at
  FROM overrides o ORDER BY o.id;
  DROP TRIGGER overrides_no_update;
  DROP TRIGGER overrides_no_delete;
  DROP TABLE overrides;
  ALTER TABLE overrides_by_page RENAME TO overrides;
  CREATE INDEX overrides_page ON overrides(page_id);
  CREATE TRIGGER overrides_no_update BEFORE UPDATE ON overrides
  BEGIN SELECT RAISE(ABORT, 'overrides are never changed: add a new override (the latest wins)'); END;
  CREATE TRIGGER overrides_no_delete BEFORE DELETE ON overrides
  BEGIN SELECT RAISE(ABORT, 'overrides are never deleted: add a new override (the latest wins)'); END;

  CREATE TABLE page_decisions (
    id       INTEGER PRIMARY KEY,
    page_id  INTEGER NOT NULL REFERENCES pages(id),
    decision TEXT NOT NULL CHECK (decision IN ('exclude', 'keep')),
    by       TEXT NOT NULL CHECK (length(trim(by)) > 0),
    reason   TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    at       TEXT NOT NULL
  );
  CREATE INDEX page_decisions_page ON page_decisions(page_id);
  CREATE TRIGGER page_decisions_no_update BEFORE UPDATE ON page_decisions
  BEGIN SELECT RAISE(ABORT, 'decisions are never changed: record a new decision (the latest wins)'); END;
  CREATE TRIGGER page_decisions_no_delete BEFORE DELETE ON page_decisions
  BEGIN SELECT RAISE(ABORT, 'decisions are never deleted: record a new decision (the latest wins)'); END;
  `,
  // omr serve (the desk, issue 9; after robust-b's, which rebuilds overrides): who is looking at which review item, and decisions taken back
  `
  -- A reviewer's hold on one review item (a flag), so two reviewers never get the same one.
  -- Not evidence: rows come and go; a hold lapses at expires_at (ms since 1970).
  CREATE TABLE review_claims (
    item       TEXT PRIMARY KEY,           -- "PAGEID:GROUP", e.g. "12:q17", "12:sbd"
    session    TEXT NOT NULL,
    by         TEXT,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX review_claims_session ON review_claims(session);

  -- An override taken back (Backspace at the desk): the override stays, this row says it no
  -- longer applies, with who and when. Append-only, like overrides.
  CREATE TABLE override_undos (
    id          INTEGER PRIMARY KEY,
    override_id INTEGER NOT NULL UNIQUE REFERENCES overrides(id),
    by          TEXT NOT NULL CHECK (length(trim(by)) > 0),
    at          TEXT NOT NULL
  );
  CREATE TRIGGER override_undos_no_update BEFORE UPDATE ON override_undos
  BEGIN SELECT RAISE(ABORT, 'undos are never changed'); END;
  CREATE TRIGGER override_undos_no_delete BEFORE DELETE ON override_undos
  BEGIN SELECT RAISE(ABORT, 'undos are never deleted'); END;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

function pragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // FULL: a committed page survives a power cut too, not only a killed process (costs ~1 ms a page).
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

function currentVersion(db: Db): number {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!has) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** Bring the database to SCHEMA_VERSION (each migration in its own write transaction; safe when two omr open it at once). */
export function migrate(db: Db, file: string): void {
  const check = (v: number): void => {
    if (v > SCHEMA_VERSION) {
      throw new OmrError('WORKSPACE', `${file}: the workspace database has schema version ${v}, this omr knows up to ${SCHEMA_VERSION}`, {
        hint: 'update omr to the version that made this workspace',
      });
    }
  };
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (has) {
    const v = currentVersion(db);
    check(v);
    if (v === SCHEMA_VERSION) return; // nothing to write: no lock taken (a reader never waits for a scan)
  }
  writeTransaction(db, () => db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)'));
  for (let i = 0; i < SCHEMA_VERSION; i++) {
    writeTransaction(db, () => {
      const v = currentVersion(db); // read under the write lock: another omr may have migrated meanwhile
      check(v);
      if (v > i) return;
      db.exec(MIGRATIONS[i]);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(i + 1, new Date().toISOString());
    });
  }
}

/** How long a writer waits for the lock: SQLite's busy timeout, then a few retries with back-off. */
const BUSY_TIMEOUT_MS = 10_000;
const RETRY_MS = [250, 500, 1000, 2000, 4000];

const isBusy = (e: unknown): boolean => typeof (e as { code?: unknown })?.code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test((e as { code: string }).code);

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Run `fn` in a write transaction that takes the lock up front (BEGIN IMMEDIATE): it waits for
 * another writer (another omr scanning into the same workspace) instead of failing half-way, as a
 * transaction that starts as a reader and later writes would (SQLITE_BUSY at once, whatever the
 * busy timeout). Retried with back-off while the database stays busy; keep `fn` short (no
 * decoding inside).
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  const tx = db.transaction(fn);
  for (let attempt = 0; ; attempt++) {
    try {
      return tx.immediate();
    } catch (e) {
      if (!isBusy(e) || attempt >= RETRY_MS.length) {
        if (isBusy(e)) {
          const waited = Math.round((BUSY_TIMEOUT_MS * (attempt + 1) + RETRY_MS.reduce((a, b) => a + b, 0)) / 1000);
          throw new OmrError('WORKSPACE', msg('ws.busy', { file: db.name, seconds: waited }), { hint: msg('ws.busy.hint'), cause: e });
        }
        throw e;
      }
      sleepSync(RETRY_MS[attempt] * (0.75 + Math.random() / 2));
    }
  }
}

/** Open (and migrate) a workspace database. `create: false` requires the file to exist. */
export function openDb(file: string, opts: { create?: boolean; readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: !opts.create, readonly: opts.readonly ?? false });
  } catch (e) {
    throw new OmrError('WORKSPACE', `${file}: cannot open the workspace database (${(e as Error).message})`, {
      hint: opts.create ? 'check that the folder is writable' : 'give -w the folder made by omr init',
      cause: e,
    });
  }
  try {
    if (opts.readonly) {
      db.pragma('busy_timeout = 10000');
      const v = currentVersion(db);
      if (v !== SCHEMA_VERSION) throw new OmrError('WORKSPACE', `${file}: schema version ${v}, expected ${SCHEMA_VERSION}`, { hint: 'open it once with a write command (omr status) to upgrade it' });
    } else {
      pragmas(db);
      migrate(db, file);
    }
  } catch (e) {
    db.close();
    if (e instanceof OmrError) throw e;
    throw new OmrError('WORKSPACE', `${file}: not a usable workspace database (${(e as Error).message})`, {
      hint: 'give -w the folder made by omr init; restore omr.sqlite from a backup if it was damaged',
      cause: e,
    });
  }
  return db;
}

export function nowIso(): string {
  return new Date().toISOString();
}
