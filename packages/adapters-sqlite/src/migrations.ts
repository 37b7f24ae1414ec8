/**
 * The schema of a redsite database, as forward-only migrations. Migration `n` takes a database from
 * `PRAGMA user_version = n - 1` to `n`; each runs in its own transaction. A database whose version is
 * newer than the last migration this package knows is refused (it was written by a newer redsite).
 *
 * Never edit a published migration: add a new one.
 *
 * @module
 */

/** One step of the schema. */
export interface Migration {
  readonly version: number
  readonly description: string
  readonly sql: string
}

/** Every migration, in order. */
export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    description: "projects, units, members, organizations, relations, events, ledger, reforms, coverage facts, audit",
    sql: `
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL CHECK (version >= 1),
  name TEXT NOT NULL,
  district TEXT,
  locality TEXT,
  kind TEXT NOT NULL,
  cost_yuan REAL NOT NULL CHECK (cost_yuan >= 0),
  planned_start TEXT NOT NULL,
  planned_end TEXT NOT NULL,
  major INTEGER NOT NULL CHECK (major IN (0, 1)),
  phase TEXT NOT NULL,
  competent_department TEXT,
  sections TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX projects_district ON projects (district, id);
CREATE INDEX projects_phase ON projects (phase, id);

CREATE TABLE units (
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  ownership TEXT NOT NULL,
  has_organization INTEGER NOT NULL CHECK (has_organization IN (0, 1)),
  organization_id TEXT,
  PRIMARY KEY (project_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX units_organization ON units (organization_id) WHERE organization_id IS NOT NULL;

CREATE TABLE members (
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  name TEXT,
  contact TEXT,
  status TEXT NOT NULL,
  unit_id TEXT,
  home_organization_id TEXT,
  section TEXT,
  mobile INTEGER NOT NULL CHECK (mobile IN (0, 1)),
  pocket INTEGER NOT NULL CHECK (pocket IN (0, 1)),
  PRIMARY KEY (project_id, id),
  FOREIGN KEY (project_id, unit_id) REFERENCES units (project_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL CHECK (version >= 1),
  body TEXT NOT NULL
) STRICT;

CREATE TABLE relations (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  from_id TEXT NOT NULL,
  to_id TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  attributes TEXT NOT NULL DEFAULT '{}',
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX relations_from ON relations (from_id, kind);
CREATE INDEX relations_to ON relations (to_id, kind);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  stream TEXT NOT NULL,
  type TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  payload TEXT NOT NULL
) STRICT;
CREATE INDEX events_stream ON events (stream, seq);
CREATE INDEX events_date ON events (occurred_on, seq);

CREATE TABLE ledger (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  member_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  date TEXT NOT NULL,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX ledger_date ON ledger (date, seq);
CREATE INDEX ledger_organization ON ledger (organization_id, date);

CREATE TABLE policies (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL CHECK (version >= 1),
  body TEXT NOT NULL
) STRICT;

CREATE TABLE coverage_facts (
  project_id TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  body TEXT NOT NULL
) STRICT;

CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'replace', 'delete')),
  resource TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  before_version INTEGER,
  after_version INTEGER
) STRICT;
`
  }
]

/** The schema version this package writes. */
export const LATEST_VERSION = migrations[migrations.length - 1]!.version
