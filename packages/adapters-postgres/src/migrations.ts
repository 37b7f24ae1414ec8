/**
 * The schema of a redsite database on PostgreSQL, as forward-only migrations in PostgreSQL's dialect. A
 * published migration is frozen: plain SQL, no code, never edited (a change is a new migration).
 *
 * Migration 1 is the SQLite schema at its version 5 (`@redsite/adapters-sqlite`), the shape a PostgreSQL
 * database starts from (it never had the legacy `organizations`/`relations` tables: organizations and
 * relations are the structure's events and tables). Dialect: `boolean` for SQLite's 0/1 integers, `jsonb`
 * for JSON text, `bigint` identities for the logs' sequence numbers, `double precision` for `REAL`; dates
 * stay ISO `text`, compared as SQLite compares them. The `CHECK`s name the core's vocabularies as SQLite's
 * latest checks do (a test holds them equal).
 *
 * Migration 2 puts the keys listings are paged by in byte order (`COLLATE "C"`: a cursor means the same on
 * every server, whatever locale its database was created with) and adds `redsite_revision`, the counter
 * every write transaction bumps just before it commits (see `postgresPort`). Migration 3 adds to each
 * project row its full and probationary members and its line of the portfolio (`portfolio_line`: planned
 * start and end, phase, kind, the two counts, then each unit's `role:ownership:full members` in unit order,
 * separated by spaces — dates, vocabulary words and numbers) that every write of the project rewrites in the same transaction: the portfolio
 * as the core's columns is then one scan of one table (`loadPortfolio`). Migration 4 adds the compliance
 * records (issue 19): `compliance_records`, a row per event of the log, and `compliance_state`, the log's
 * version, which an append locks (see `records.ts`).
 *
 * @module
 */

/** One step of the schema: SQL only. */
export interface PgMigration {
  readonly version: number
  readonly description: string
  readonly sql: string
}

/** Every migration, in order. */
export const pgMigrations: ReadonlyArray<PgMigration> = [
  {
    version: 1,
    description: "projects, units, members, events, ledger, policies, coverage facts, audit, and the structure over time (SQLite's schema version 5)",
    sql: `
CREATE TABLE projects (
  id text PRIMARY KEY,
  version integer NOT NULL CHECK (version >= 1),
  name text NOT NULL,
  district text,
  locality text,
  kind text NOT NULL,
  cost_yuan double precision NOT NULL CHECK (cost_yuan >= 0),
  planned_start text NOT NULL,
  planned_end text NOT NULL,
  major boolean NOT NULL,
  phase text NOT NULL,
  competent_department text,
  sections jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX projects_district ON projects (district, id);
CREATE INDEX projects_phase ON projects (phase, id);

CREATE TABLE units (
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  position integer NOT NULL,
  id text NOT NULL,
  name text NOT NULL,
  role text NOT NULL,
  ownership text NOT NULL,
  has_organization boolean NOT NULL,
  organization_id text,
  PRIMARY KEY (project_id, id)
);
CREATE INDEX units_organization ON units (organization_id) WHERE organization_id IS NOT NULL;

CREATE TABLE members (
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  position integer NOT NULL,
  id text NOT NULL,
  name text,
  contact text,
  status text NOT NULL,
  unit_id text,
  home_organization_id text,
  section text,
  mobile boolean NOT NULL,
  pocket boolean NOT NULL,
  PRIMARY KEY (project_id, id),
  FOREIGN KEY (project_id, unit_id) REFERENCES units (project_id, id) ON DELETE CASCADE
);

CREATE TABLE events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream text NOT NULL,
  type text NOT NULL,
  occurred_on text NOT NULL,
  recorded_at text NOT NULL,
  payload jsonb NOT NULL
);
CREATE INDEX events_stream ON events (stream, seq);
CREATE INDEX events_date ON events (occurred_on, seq);

CREATE TABLE ledger (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  member_id text NOT NULL,
  organization_id text NOT NULL,
  date text NOT NULL,
  body jsonb NOT NULL
);
CREATE INDEX ledger_date ON ledger (date, seq);
CREATE INDEX ledger_organization ON ledger (organization_id, date);

CREATE TABLE policies (
  id text PRIMARY KEY,
  version integer NOT NULL CHECK (version >= 1),
  body jsonb NOT NULL
);

CREATE TABLE coverage_facts (
  project_id text PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  body jsonb NOT NULL
);

CREATE TABLE audit (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at text NOT NULL,
  principal_id text NOT NULL,
  role text NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'replace', 'delete')),
  resource text NOT NULL,
  resource_id text NOT NULL,
  before_version integer,
  after_version integer
);

CREATE TABLE structure_projects (
  id text PRIMARY KEY,
  position integer NOT NULL UNIQUE,
  completed_on text
);

CREATE TABLE structure_organizations (
  id text PRIMARY KEY,
  position integer NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL,
  temporary boolean NOT NULL,
  established_on text NOT NULL,
  dissolved_on text,
  approved_by text REFERENCES structure_organizations (id),
  committee_since text,
  converted_on text,
  converted_target text,
  CHECK ((converted_on IS NULL) = (converted_target IS NULL))
);
CREATE INDEX structure_organizations_established ON structure_organizations (established_on);

CREATE TABLE structure_organization_projects (
  organization_id text NOT NULL REFERENCES structure_organizations (id),
  position integer NOT NULL,
  project_id text NOT NULL REFERENCES structure_projects (id),
  PRIMARY KEY (organization_id, position)
);
CREATE INDEX structure_organization_projects_project ON structure_organization_projects (project_id);

CREATE TABLE structure_organization_units (
  organization_id text NOT NULL REFERENCES structure_organizations (id),
  position integer NOT NULL,
  unit_id text NOT NULL,
  PRIMARY KEY (organization_id, position)
);
CREATE INDEX structure_organization_units_unit ON structure_organization_units (unit_id);

CREATE TABLE structure_appointments (
  organization_id text NOT NULL REFERENCES structure_organizations (id),
  position integer NOT NULL,
  role text NOT NULL CHECK (role IN ('secretary', 'deputy', 'massWorkMember', 'instructor', 'liaison', 'committeeMember')),
  person_id text NOT NULL,
  valid_from text NOT NULL,
  valid_to text,
  PRIMARY KEY (organization_id, position)
);
CREATE INDEX structure_appointments_from ON structure_appointments (valid_from);
CREATE INDEX structure_appointments_person ON structure_appointments (person_id, valid_from);

CREATE TABLE structure_relations (
  position integer PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('reportsTo', 'secondSuperior', 'guidance', 'pairing', 'attachment', 'instructorDispatch')),
  from_id text NOT NULL REFERENCES structure_organizations (id),
  to_id text NOT NULL REFERENCES structure_organizations (id),
  valid_from text NOT NULL,
  valid_to text,
  pairing_form text CHECK (pairing_form IN ('jointMeeting', 'signedPairing', 'temporaryJointBranch')),
  tasks jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tasks) = 'array')
);
CREATE INDEX structure_relations_from ON structure_relations (from_id, kind, valid_from);
CREATE INDEX structure_relations_to ON structure_relations (to_id, kind, valid_from);
CREATE INDEX structure_relations_valid_from ON structure_relations (valid_from);

CREATE TABLE structure_members (
  id text PRIMARY KEY,
  position integer NOT NULL UNIQUE,
  mobile boolean NOT NULL,
  pocket boolean NOT NULL
);

CREATE TABLE structure_member_homes (
  member_id text NOT NULL REFERENCES structure_members (id),
  position integer NOT NULL,
  organization_id text NOT NULL,
  valid_from text NOT NULL,
  valid_to text,
  PRIMARY KEY (member_id, position)
);
CREATE INDEX structure_member_homes_organization ON structure_member_homes (organization_id, valid_from);
CREATE INDEX structure_member_homes_from ON structure_member_homes (valid_from);

CREATE TABLE structure_member_attendance (
  member_id text NOT NULL REFERENCES structure_members (id),
  position integer NOT NULL,
  organization_id text NOT NULL REFERENCES structure_organizations (id),
  valid_from text NOT NULL,
  valid_to text,
  PRIMARY KEY (member_id, position)
);
CREATE INDEX structure_member_attendance_organization ON structure_member_attendance (organization_id, valid_from);
CREATE INDEX structure_member_attendance_from ON structure_member_attendance (valid_from);

CREATE TABLE structure_member_statuses (
  member_id text NOT NULL REFERENCES structure_members (id),
  position integer NOT NULL,
  status text NOT NULL,
  valid_from text NOT NULL,
  decided_by text,
  PRIMARY KEY (member_id, position)
);
CREATE INDEX structure_member_statuses_from ON structure_member_statuses (valid_from);

CREATE TABLE structure_actions (
  position integer PRIMARY KEY,
  action text NOT NULL CHECK (action IN ('discipline', 'duesCollection')),
  organization_id text NOT NULL REFERENCES structure_organizations (id),
  member_id text NOT NULL REFERENCES structure_members (id),
  date text NOT NULL
);
CREATE INDEX structure_actions_date ON structure_actions (date);
CREATE INDEX structure_actions_organization ON structure_actions (organization_id, date);
CREATE INDEX structure_actions_member ON structure_actions (member_id, date);

CREATE TABLE structure_state (
  stream text PRIMARY KEY,
  version integer NOT NULL CHECK (version >= 0),
  last_seq bigint NOT NULL CHECK (last_seq >= 0)
);
INSERT INTO structure_state (stream, version, last_seq) VALUES ('structure', 0, 0);
`
  },
  {
    version: 2,
    description: "listing keys in byte order (COLLATE \"C\", as SQLite compares them, whatever the database's locale); the revision every write transaction bumps",
    sql: `
ALTER TABLE members DROP CONSTRAINT members_project_id_unit_id_fkey;
ALTER TABLE members DROP CONSTRAINT members_project_id_fkey;
ALTER TABLE units DROP CONSTRAINT units_project_id_fkey;
ALTER TABLE coverage_facts DROP CONSTRAINT coverage_facts_project_id_fkey;
ALTER TABLE projects ALTER COLUMN id TYPE text COLLATE "C";
ALTER TABLE units ALTER COLUMN project_id TYPE text COLLATE "C", ALTER COLUMN id TYPE text COLLATE "C";
ALTER TABLE members ALTER COLUMN project_id TYPE text COLLATE "C", ALTER COLUMN unit_id TYPE text COLLATE "C";
ALTER TABLE coverage_facts ALTER COLUMN project_id TYPE text COLLATE "C";
ALTER TABLE policies ALTER COLUMN id TYPE text COLLATE "C";
ALTER TABLE units ADD CONSTRAINT units_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE members ADD CONSTRAINT members_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;
ALTER TABLE members ADD CONSTRAINT members_project_id_unit_id_fkey FOREIGN KEY (project_id, unit_id) REFERENCES units (project_id, id) ON DELETE CASCADE;
ALTER TABLE coverage_facts ADD CONSTRAINT coverage_facts_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;

CREATE TABLE redsite_revision (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  value bigint NOT NULL
);
INSERT INTO redsite_revision (id, value) VALUES (true, 0);
`
  },
  {
    version: 3,
    description: "each project row carries its line of the portfolio (its dates, phase, kind, member counts and units' role, ownership and full members, as one text), written with its rows, so that a portfolio loads from one table",
    sql: `
ALTER TABLE projects
  ADD COLUMN full_members integer NOT NULL DEFAULT 0,
  ADD COLUMN probationary_members integer NOT NULL DEFAULT 0,
  ADD COLUMN portfolio_line text NOT NULL DEFAULT '';
UPDATE projects p SET
  full_members = (SELECT count(*) FROM members m WHERE m.project_id = p.id AND m.status = 'full'),
  probationary_members = (SELECT count(*) FROM members m WHERE m.project_id = p.id AND m.status = 'probationary');
UPDATE projects p SET
  portfolio_line = p.planned_start || ' ' || p.planned_end || ' ' || p.phase || ' ' || p.kind || ' ' || p.full_members || ' ' || p.probationary_members ||
    coalesce(' ' || (SELECT string_agg(u.role || ':' || u.ownership || ':' ||
      (SELECT count(*) FROM members m WHERE m.project_id = u.project_id AND m.unit_id = u.id AND m.status = 'full'), ' ' ORDER BY u.position)
    FROM units u WHERE u.project_id = p.id), '');
`
  },
  {
    version: 4,
    description: "compliance records (issue 19): one append-only log of dated events, a row each with the project it belongs to, and the log's version",
    // As SQLite's migration 6, in this dialect: body is jsonb; the log's version is kept in the one row of
    // compliance_state, which an append locks (appends are serialized by it, as structure_state serializes
    // the structure's). No foreign key to projects: the log keeps a project's records after it is removed.
    sql: `
CREATE TABLE compliance_records (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  record_id text COLLATE "C" NOT NULL UNIQUE,
  project_id text COLLATE "C" NOT NULL,
  type text NOT NULL,
  occurred_on text NOT NULL,
  body jsonb NOT NULL CHECK (body ->> '_tag' = type)
);
CREATE INDEX compliance_records_project ON compliance_records (project_id, seq);
CREATE INDEX compliance_records_date ON compliance_records (occurred_on);
CREATE TABLE compliance_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL CHECK (version >= 0)
);
INSERT INTO compliance_state (id, version) VALUES (true, 0);
`
  }
]

/** The schema version this package writes. */
export const PG_LATEST_VERSION = pgMigrations[pgMigrations.length - 1]!.version
