/**
 * The connection type every module of this package works on (a better-sqlite3 database), kept apart so
 * that opening a database, its migrations, its repositories and its structure tables need not import
 * each other for it.
 *
 * @module
 */
import type Database from "better-sqlite3"

/** A better-sqlite3 connection. */
export type Connection = Database.Database
