/**
 * The schema of a redsite database, as forward-only migrations. Migration `n` takes a database from
 * `PRAGMA user_version = n - 1` to `n`; each runs in its own transaction. A database whose version is
 * newer than the last migration this package knows is refused (it was written by a newer redsite).
 *
 * A published migration is frozen: never edit one, add a new one. A migration is plain SQL and imports no
 * code, so what it does to a file never changes when the core or this package changes. Where data must be
 * rewritten, the rewrite is written in the migration's SQL. The structure tables are a projection of the
 * event log (the core's `replay` of the `structure` stream): a migration that changes what they must hold
 * empties them in SQL, and opening the file replays the log into them through the core in the same
 * transaction as the migrations (`catchUpStructure`) — live code, run by the opener, not by the migration.
 *
 * A test holds the fixtures of every earlier version (`src/testing/fixtures/`, files as the published code
 * wrote them) equal, once opened, to a database written by this version.
 *
 * @module
 */

/** One step of the schema: SQL only. */
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
  },
  {
    version: 2,
    description: "the structure over time in tables (organizations, appointments, projects served, relations, members' homes, attendance and statuses, projects), filled from the structure's events",
    // The kinds in the CHECKs are the core's vocabularies when this migration was written (RelationKinds,
    // PairingForms, AppointmentRoles; a test holds them equal): a new kind in the core needs a new migration.
    // Homes and decided-by carry no foreign key: a member's home may be outside the modelled graph, and the
    // core checks the deciding organization only for an admission.
    sql: `
CREATE TABLE structure_projects (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  completed_on TEXT
) STRICT;

CREATE TABLE structure_organizations (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  temporary INTEGER NOT NULL CHECK (temporary IN (0, 1)),
  established_on TEXT NOT NULL,
  dissolved_on TEXT,
  approved_by TEXT REFERENCES structure_organizations (id),
  committee_since TEXT,
  converted_on TEXT,
  converted_target TEXT,
  CHECK ((converted_on IS NULL) = (converted_target IS NULL))
) STRICT;
CREATE INDEX structure_organizations_established ON structure_organizations (established_on);

CREATE TABLE structure_organization_projects (
  organization_id TEXT NOT NULL REFERENCES structure_organizations (id),
  position INTEGER NOT NULL,
  project_id TEXT NOT NULL REFERENCES structure_projects (id),
  PRIMARY KEY (organization_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX structure_organization_projects_project ON structure_organization_projects (project_id);

CREATE TABLE structure_appointments (
  organization_id TEXT NOT NULL REFERENCES structure_organizations (id),
  position INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('secretary', 'deputy', 'massWorkMember', 'instructor', 'liaison')),
  person_id TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  PRIMARY KEY (organization_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX structure_appointments_from ON structure_appointments (valid_from);
CREATE INDEX structure_appointments_person ON structure_appointments (person_id, valid_from);

CREATE TABLE structure_relations (
  position INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('reportsTo', 'secondSuperior', 'guidance', 'pairing', 'attachment', 'instructorDispatch')),
  from_id TEXT NOT NULL REFERENCES structure_organizations (id),
  to_id TEXT NOT NULL REFERENCES structure_organizations (id),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  pairing_form TEXT CHECK (pairing_form IN ('jointMeeting', 'signedPairing', 'temporaryJointBranch')),
  tasks TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tasks) AND json_type(tasks) = 'array')
) STRICT;
CREATE INDEX structure_relations_from ON structure_relations (from_id, kind, valid_from);
CREATE INDEX structure_relations_to ON structure_relations (to_id, kind, valid_from);
CREATE INDEX structure_relations_valid_from ON structure_relations (valid_from);

CREATE TABLE structure_members (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  mobile INTEGER NOT NULL CHECK (mobile IN (0, 1)),
  pocket INTEGER NOT NULL CHECK (pocket IN (0, 1))
) STRICT;

CREATE TABLE structure_member_homes (
  member_id TEXT NOT NULL REFERENCES structure_members (id),
  position INTEGER NOT NULL,
  organization_id TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  PRIMARY KEY (member_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX structure_member_homes_organization ON structure_member_homes (organization_id, valid_from);
CREATE INDEX structure_member_homes_from ON structure_member_homes (valid_from);

CREATE TABLE structure_member_attendance (
  member_id TEXT NOT NULL REFERENCES structure_members (id),
  position INTEGER NOT NULL,
  organization_id TEXT NOT NULL REFERENCES structure_organizations (id),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  PRIMARY KEY (member_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX structure_member_attendance_organization ON structure_member_attendance (organization_id, valid_from);
CREATE INDEX structure_member_attendance_from ON structure_member_attendance (valid_from);

CREATE TABLE structure_member_statuses (
  member_id TEXT NOT NULL REFERENCES structure_members (id),
  position INTEGER NOT NULL,
  status TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  decided_by TEXT,
  PRIMARY KEY (member_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX structure_member_statuses_from ON structure_member_statuses (valid_from);

CREATE TABLE structure_state (
  stream TEXT PRIMARY KEY,
  version INTEGER NOT NULL CHECK (version >= 0),
  last_seq INTEGER NOT NULL CHECK (last_seq >= 0)
) STRICT;
INSERT INTO structure_state (stream, version, last_seq) VALUES ('structure', 0, 0);
`
    // the tables start empty at version 0: opening the file replays the log into them
  },
  {
    version: 3,
    description: "the units an organization serves and the organizations' actions (discipline, dues collection) in tables, filled from the structure's events",
    // The kinds in the CHECK are the core's OrganizationActionKinds when this migration was written (a test
    // holds them equal). A unit served has no foreign key: the structure knows no units (they are the
    // projects' rows, keyed by project).
    sql: `
CREATE TABLE structure_organization_units (
  organization_id TEXT NOT NULL REFERENCES structure_organizations (id),
  position INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
  PRIMARY KEY (organization_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX structure_organization_units_unit ON structure_organization_units (unit_id);

CREATE TABLE structure_actions (
  position INTEGER PRIMARY KEY,
  action TEXT NOT NULL CHECK (action IN ('discipline', 'duesCollection')),
  organization_id TEXT NOT NULL REFERENCES structure_organizations (id),
  member_id TEXT NOT NULL REFERENCES structure_members (id),
  date TEXT NOT NULL
) STRICT;
CREATE INDEX structure_actions_date ON structure_actions (date);
CREATE INDEX structure_actions_organization ON structure_actions (organization_id, date);
CREATE INDEX structure_actions_member ON structure_actions (member_id, date);

-- When an event the tables hold carries a unit served or records an action, the tables lack what it says:
-- they are emptied (children first) and their state set back to 0, and opening the file replays the log.
CREATE TEMP TABLE migration_3_reset AS SELECT EXISTS (
  SELECT 1 FROM events WHERE stream = 'structure' AND seq <= (SELECT last_seq FROM structure_state WHERE stream = 'structure')
    AND (type = 'RecordAction' OR (type = 'Establish' AND json_array_length(payload, '$.organization.unitIds') > 0))
) AS reset;
DELETE FROM structure_member_statuses WHERE (SELECT reset FROM migration_3_reset);
DELETE FROM structure_member_attendance WHERE (SELECT reset FROM migration_3_reset);
DELETE FROM structure_member_homes WHERE (SELECT reset FROM migration_3_reset);
DELETE FROM structure_members WHERE (SELECT reset FROM migration_3_reset);
DELETE FROM structure_relations WHERE (SELECT reset FROM migration_3_reset);
DELETE FROM structure_appointments WHERE (SELECT reset FROM migration_3_reset);
DELETE FROM structure_organization_projects WHERE (SELECT reset FROM migration_3_reset);
DELETE FROM structure_organizations WHERE (SELECT reset FROM migration_3_reset);
DELETE FROM structure_projects WHERE (SELECT reset FROM migration_3_reset);
UPDATE structure_state SET version = 0, last_seq = 0 WHERE stream = 'structure' AND (SELECT reset FROM migration_3_reset);
DROP TABLE migration_3_reset;
`
  },
  {
    version: 4,
    description: "appointment roles widened to the core's (committee members, committeeMember)",
    // SQLite cannot alter a CHECK: structure_appointments is rebuilt with the wider one (a new table, every
    // row copied, the old one dropped, the new one renamed, its indexes made again), in the migration's
    // transaction. No table refers to it, so no foreign key is affected; its own to structure_organizations
    // is kept. The roles are the core's AppointmentRoles when this migration was written (a test holds the
    // latest check equal to them).
    sql: `
CREATE TABLE structure_appointments_v4 (
  organization_id TEXT NOT NULL REFERENCES structure_organizations (id),
  position INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('secretary', 'deputy', 'massWorkMember', 'instructor', 'liaison', 'committeeMember')),
  person_id TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  PRIMARY KEY (organization_id, position)
) STRICT, WITHOUT ROWID;
INSERT INTO structure_appointments_v4 (organization_id, position, role, person_id, valid_from, valid_to)
  SELECT organization_id, position, role, person_id, valid_from, valid_to FROM structure_appointments;
DROP TABLE structure_appointments;
ALTER TABLE structure_appointments_v4 RENAME TO structure_appointments;
CREATE INDEX structure_appointments_from ON structure_appointments (valid_from);
CREATE INDEX structure_appointments_person ON structure_appointments (person_id, valid_from);
`
  },
  {
    version: 5,
    description: "one model: the legacy organizations and relations tables moved, every row, into legacy_structure_rows (to become the structure's events) and dropped",
    // Each row is kept as it was, as JSON (an organization: its id, version and body; a relation: its seq
    // and columns), in the tables' order (organizations by id, then relations by seq), state 'pending'.
    // Opening the file then offers each pending row to the core as the structure's events (an organization
    // an Establish and a Dissolve when it has ended, a relation a Relate and an EndRelation when it has
    // ended): a row the core accepts is appended to the log and marked 'adopted', one it refuses is marked
    // 'refused' with the rejection, and kept.
    sql: `
CREATE TABLE legacy_structure_rows (
  seq INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('organization', 'relation')),
  row TEXT NOT NULL CHECK (json_valid(row)),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'adopted', 'refused')),
  reason TEXT,
  CHECK ((state = 'refused') = (reason IS NOT NULL))
) STRICT;
INSERT INTO legacy_structure_rows (source, row)
  SELECT 'organization', json_object('id', id, 'version', version, 'body', json(body)) FROM organizations ORDER BY id;
INSERT INTO legacy_structure_rows (source, row)
  SELECT 'relation', json_object('seq', seq, 'kind', kind, 'fromId', from_id, 'toId', to_id, 'validFrom', valid_from, 'validTo', valid_to, 'attributes', json(attributes))
  FROM relations ORDER BY seq;
DROP TABLE relations;
DROP TABLE organizations;
`
  },
  {
    version: 6,
    description: "compliance records (issue 19): one append-only log of dated events, a row each, with the project it belongs to",
    // `seq` is the event's position in the log from 1 (the log's version is its number of rows); `record_id`
    // the event's own id (unique in the log, as the core requires); `project_id` the project the event belongs
    // to (a correction: the corrected record's), without a foreign key — the log keeps a project's records
    // after the project is removed; `type` the event's tag; `body` the event as the core's schema encodes it.
    // Rows are only ever inserted.
    sql: `
CREATE TABLE compliance_records (
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),
  record_id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  type TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  body TEXT NOT NULL CHECK (json_valid(body) AND json_extract(body, '$._tag') = type)
) STRICT;
CREATE INDEX compliance_records_project ON compliance_records (project_id, seq);
CREATE INDEX compliance_records_date ON compliance_records (occurred_on);
`
  }
]

/** The schema version this package writes. */
export const LATEST_VERSION = migrations[migrations.length - 1]!.version
