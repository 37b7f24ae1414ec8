/**
 * The storage port (存储端口): what an application built on the core needs from storage, defined once beside
 * the core's types so that every store — in memory, SQLite, PostgreSQL — implements the same interface and
 * passes the same contract suite (the repository's `testing/storeContract.ts`, run unchanged by each implementation's tests); `memoryPort` (`memory.ts`) is the implementation that needs no storage at all.
 *
 * A store holds no rules: it keeps what the core has accepted. Every write is based on a version (optimistic
 * concurrency: a stale version fails with {@link StoreConflict} and changes nothing) and is recorded in the
 * audit log in the same step. Listings are pages in ascending id order with a cursor.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { StoragePort } from "@redsite/core"
 * const rename = (store: StoragePort, id: string, name: string) =>
 *   Effect.gen(function*() {
 *     const p = yield* store.projects.get(id)
 *     if (p === undefined) return undefined
 *     return yield* store.projects.replace({ ...p.value, name }, p.version, { principalId: "ops", role: "administrator" })
 *   })
 * ```
 *
 * @module
 */
import { Data } from "effect"
import type { Effect } from "effect"
import type { CoverageFacts, PortfolioColumns } from "../coverage/columns.js"
import type { Project } from "../model/project.js"
import type { Policy } from "../policy/policy.js"
import type { PointEvent } from "../scoring/ledger.js"
import type { Rejection } from "../structure/apply.js"
import type { RecordBook, RecordEvent } from "../compliance/records.js"
import type { Structure, StructureEvent } from "../structure/model.js"

/** A stored value with the version of its row: 1 when created, one more with each replace. */
export interface Versioned<A> {
  readonly value: A
  readonly version: number
}

/** One page of a listing, in ascending id order, and the cursor of the next page when there is one. */
export interface Page<A> {
  readonly items: ReadonlyArray<Versioned<A>>
  readonly next: string | undefined
}

/** Who made a change; recorded with it in the audit log. */
export interface Actor {
  readonly principalId: string
  readonly role: string
}

/** Paging of a listing: the id after which the page starts, and its size. */
export interface PageQuery {
  readonly after?: string | undefined
  readonly limit: number
}

/** Filters and paging of a project listing. */
export interface ProjectQuery extends PageQuery {
  readonly district?: string | undefined
  readonly phase?: string | undefined
  /** Only projects with a unit whose organization is one of these. */
  readonly organizationIds?: ReadonlySet<string> | undefined
}

/** One entry of the audit log: who changed what, when, from which version to which. */
export interface AuditRecord {
  /** Position in the log, from 1. */
  readonly seq: number
  /** ISO timestamp of the change. */
  readonly at: string
  readonly principalId: string
  readonly role: string
  readonly action: "create" | "replace" | "delete"
  /** Kind of resource: `project`, `policy`, `coverage`, `structure`, `ledger`… */
  readonly resource: string
  readonly resourceId: string
  /** Version before the change (absent for a create). */
  readonly beforeVersion?: number
  /** Version after the change (absent for a delete). */
  readonly afterVersion?: number
}

/** A write based on a stale version, or a create of an id that exists; nothing was changed. */
export class StoreConflict extends Data.TaggedError("StoreConflict")<{
  readonly id: string
  /** Version now stored; absent when the id does not exist. */
  readonly currentVersion: number | undefined
  /** Version the write was based on; absent for a create. */
  readonly expectedVersion: number | undefined
}> {}

/** A write to an id that is not stored; nothing was changed. */
export class StoreMissing extends Data.TaggedError("StoreMissing")<{ readonly id: string }> {}

/**
 * A value refers to a row that is not stored (coverage facts of a project that does not exist); nothing
 * was changed. `resource` is the kind of the missing row (`project`), `id` its id.
 */
export class StoreReferenceMissing extends Data.TaggedError("StoreReferenceMissing")<{
  readonly resource: string
  readonly id: string
}> {}

/** The core refused an event of a structure append; nothing was stored. */
export class StructureRefused extends Data.TaggedError("StructureRefused")<{
  /** 0-based position of the refused event in the appended list. */
  readonly index: number
  /** The event's tag (`Relate`, `Dissolve`…). */
  readonly tag: string
  readonly rejection: Rejection
}> {}

/** An event of a structure append is not a valid structure event; nothing was stored. */
export class StructureInvalid extends Data.TaggedError("StructureInvalid")<{
  /** 0-based position of the event in the appended list. */
  readonly index: number
  readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>
}> {}

/**
 * The core refused an event of a compliance-records append (`appendRecord`'s integrity rules: a duplicate id,
 * a correction of no live record, a review of no submitted report…); nothing was stored.
 */
export class RecordRefused extends Data.TaggedError("RecordRefused")<{
  /** 0-based position of the refused event in the appended list. */
  readonly index: number
  /** The event's tag (`ReportReviewed`, `Correct`…). */
  readonly tag: string
  readonly rejection: Rejection
}> {}

/**
 * The compliance records (of every project, or of one) as a `RecordBook` in log order, and the version of the
 * whole log (its number of events).
 */
export interface VersionedRecords {
  readonly book: RecordBook
  readonly version: number
}

/** The structure and its version (its number of events). */
export interface VersionedStructure {
  readonly structure: Structure
  readonly version: number
}

/**
 * A versioned collection of one kind of value. Every write is recorded in the audit log with its actor.
 * `R` is what a write fails with when the value refers to a row that is not stored (`never` for values
 * that refer to nothing).
 */
export interface StoreCollection<A, Q, R = never> {
  readonly list: (query: Q) => Effect.Effect<Page<A>>
  readonly get: (id: string) => Effect.Effect<Versioned<A> | undefined>
  /** Stores a new value at version 1; fails when the id exists. */
  readonly create: (value: A, actor: Actor) => Effect.Effect<Versioned<A>, StoreConflict | R>
  /** Replaces the value stored at `expectedVersion`; fails when the stored version differs. */
  readonly replace: (value: A, expectedVersion: number, actor: Actor) => Effect.Effect<Versioned<A>, StoreConflict | StoreMissing | R>
  /** Deletes the value stored at `expectedVersion`. */
  readonly remove: (id: string, expectedVersion: number, actor: Actor) => Effect.Effect<void, StoreConflict | StoreMissing>
}

/** The storage port. */
export interface StoragePort {
  readonly projects: StoreCollection<Project, ProjectQuery>
  /** Custom policies (reforms), keyed by id. */
  readonly policies: StoreCollection<Policy, PageQuery>
  /**
   * What covers each project, keyed by project id. Facts belong to a stored project: writing facts of a
   * project that is not stored fails with {@link StoreReferenceMissing}, and removing a project removes its
   * facts (without an audit entry of their own).
   */
  readonly coverage: StoreCollection<CoverageFacts, PageQuery, StoreReferenceMissing>
  /** The stored projects (one district or phase, or all) with their coverage facts, as the core's columns, in id order. */
  readonly portfolio: (filter: { readonly district?: string | undefined; readonly phase?: string | undefined }) => Effect.Effect<PortfolioColumns>
  /** The structure over time, as the core's `replay` makes it of its events; its version is its number of events. */
  readonly structure: {
    readonly current: Effect.Effect<VersionedStructure>
    /** The structure as it stood on a date (the core's `asOf`), with the current version. */
    readonly asOf: (date: string) => Effect.Effect<VersionedStructure>
    /**
     * Appends events if the structure is still at `expectedVersion`: the core applies them in order under
     * `policy`, all or none, and what it accepts is stored with one audit entry.
     */
    readonly append: (
      events: ReadonlyArray<StructureEvent>,
      expectedVersion: number,
      policy: Policy,
      actor: Actor
    ) => Effect.Effect<VersionedStructure, StoreConflict | StructureRefused | StructureInvalid>
    /** An organization and every one under it on a date along both leadership lines (the core's `subtreeOf`). */
    readonly subtree: (organizationId: string, date: string) => Effect.Effect<ReadonlySet<string>>
  }
  /**
   * The compliance records (工地党建台账, issue 19): one append-only log of dated events for every project, as
   * the core's `replayRecords` accepts them; its version is its number of events. A project's records are its
   * facts and the corrections of them (a correction belongs to the project of the record it corrects). A
   * record names a project by id only: the log keeps a project's records after the project is removed.
   */
  readonly records: {
    /** The whole log, or one project's events of it (log order), with the version of the whole log. */
    readonly log: (projectId?: string) => Effect.Effect<VersionedRecords>
    /**
     * Appends events if the log is still at `expectedVersion`: the core checks them in order against the
     * whole log (`replayRecords`), all or none, and what it accepts is stored with one audit entry
     * (resource `records`). An empty list changes nothing.
     */
    readonly append: (
      events: ReadonlyArray<RecordEvent>,
      expectedVersion: number,
      actor: Actor
    ) => Effect.Effect<{ readonly version: number }, StoreConflict | RecordRefused>
  }
  /** The points ledger: append-only, in recording order. */
  readonly ledger: {
    readonly events: Effect.Effect<ReadonlyArray<PointEvent>>
    /** Appends events the core has accepted, with one audit entry; returns how many. */
    readonly append: (events: ReadonlyArray<PointEvent>, actor: Actor) => Effect.Effect<number>
  }
  /** Audit entries after `afterSeq`, oldest first. */
  readonly audit: (afterSeq: number, limit: number) => Effect.Effect<ReadonlyArray<AuditRecord>>
  /**
   * A token that changes whenever the stored data may have changed (after every write through this store and
   * every change others commit to the same storage). It may change without a change of data, never the
   * other way round.
   */
  readonly revision: Effect.Effect<string>
}
