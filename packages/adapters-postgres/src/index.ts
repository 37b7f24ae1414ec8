/**
 * @redsite/adapters-postgres — the redsite model on PostgreSQL, for a province: many districts editing at
 * once, several server processes on one database. The core's storage port (`postgresPort`, or
 * `openPostgres` with the migrations), the schema in PostgreSQL's dialect and its migration, the portfolio
 * as the core's columns, and bulk import of JSON Lines through `COPY` (see docs/guides/postgres.md).
 *
 * @packageDocumentation
 */
export * from "./migrations.js"
export * from "./migrate.js"
export * from "./port.js"
export * from "./open.js"
export * from "./portfolio.js"
export * from "./jsonl.js"
