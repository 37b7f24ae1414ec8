/**
 * What the repositories of this package hand back and fail with: a value with its row's version, a page of
 * a listing, who made a change, an audit entry, and the two refusals of a write (a stale version or an
 * existing id, a missing row). Kept apart from the repositories so that the structure's repository and the
 * store can share them without importing each other.
 *
 * @module
 */
import type { AuditRecord } from "@redsite/core"
import { Data } from "effect"

/** A write based on a version that is not the stored one, or a create of an id that exists. */
export class RowConflict extends Data.TaggedError("RowConflict")<{
  readonly table: string
  readonly id: string
  /** Version now stored; absent when the row does not exist. */
  readonly currentVersion: number | undefined
  /** Version the write was based on; absent for a create. */
  readonly expectedVersion: number | undefined
}> {
  override get message() {
    return this.expectedVersion === undefined
      ? `${this.table} ${this.id} already exists`
      : `${this.table} ${this.id} is at version ${this.currentVersion ?? "(deleted)"}, not ${this.expectedVersion}`
  }
}

/** A write to a row that does not exist. */
export class RowMissing extends Data.TaggedError("RowMissing")<{ readonly table: string; readonly id: string }> {
  override get message() {
    return `${this.table} ${this.id} does not exist`
  }
}

/** A stored value with its row's version, a page of a listing, who made a change: the core's storage port's types. */
export type { Actor, Page, Versioned } from "@redsite/core"

/** One entry of the audit log (the core's storage port's `AuditRecord`). */
export type AuditRow = AuditRecord
