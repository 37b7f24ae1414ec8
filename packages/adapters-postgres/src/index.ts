/**
 * @redsite/adapters-postgres — the redsite model on PostgreSQL, for a province: many districts editing at
 * once, several server processes on one database. This version holds the schema in PostgreSQL's dialect
 * and its migration; the storage port on it comes next (see docs/guides/postgres.md).
 *
 * @packageDocumentation
 */
export * from "./migrations.js"
export * from "./migrate.js"
