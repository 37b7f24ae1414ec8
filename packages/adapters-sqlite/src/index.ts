/**
 * @redsite/adapters-sqlite — durable storage of the redsite model in an embedded SQLite file: versioned,
 * forward-only migrations, repositories with optimistic concurrency and an audit log, and queries that feed
 * the core's portfolio computations, and the structure over time in tables (`store.structure`: appended
 * through the core, read as of a date).
 *
 * @packageDocumentation
 */
export * from "./database.js"
export * from "./migrations.js"
export * from "./rows.js"
export * from "./store.js"
export * from "./jsonl.js"
export * from "./portfolio.js"
export * from "./api.js"
export * from "./csv.js"
export * from "./structure.js"
export * from "./structureLines.js"
export * from "./legacy.js"
export * from "./port.js"
