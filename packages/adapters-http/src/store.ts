/**
 * What the HTTP API needs from storage (a port): versioned collections with optimistic concurrency, and an
 * audit log written in the same step as each change. The server runs on the SQLite adapter; the in-memory
 * implementation ({@link StoreMemory}) serves tests and embedding without a database. Stores hold no rules:
 * they keep what the core has accepted.
 *
 * @module
 */
import type { CoverageFacts, PointEvent, Policy, PortfolioColumns, Project, Rejection, Structure, StructureEvent } from "@redsite/core"
import type { AuditEntry } from "@redsite/client"
import { Context, Data } from "effect"
import type { Effect } from "effect"

/** A stored value with the version of its row. Versions start at 1 and grow by one with each write. */
export interface Versioned<A> {
  readonly value: A
  readonly version: number
}

/** One page of a listing, in ascending id order, and the cursor of the next page if there is one. */
export interface Page<A> {
  readonly items: ReadonlyArray<Versioned<A>>
  readonly next: string | undefined
}

/** Filters and paging of a project listing. */
export interface ProjectQuery {
  readonly district?: string | undefined
  readonly phase?: string | undefined
  /** Only projects with a unit whose organization is one of these. */
  readonly organizationIds?: ReadonlySet<string> | undefined
  /** Id after which the page starts (decoded cursor). */
  readonly after?: string | undefined
  readonly limit: number
}

/** Paging of a listing without filters. */
export interface PageQuery {
  /** Id after which the page starts (decoded cursor). */
  readonly after?: string | undefined
  readonly limit: number
}

/** A write that was based on a stale version, or that collides with an existing id. */
export class StoreConflict extends Data.TaggedError("StoreConflict")<{
  readonly id: string
  /** Version now stored; absent when the id does not exist. */
  readonly currentVersion: number | undefined
  readonly expectedVersion: number | undefined
}> {}

/** A write to an id that is not stored. */
export class StoreMissing extends Data.TaggedError("StoreMissing")<{ readonly id: string }> {}

/** The core refused an event of a structure append (nothing was stored): the event's place, its tag and the core's rejection. */
export class StructureRefused extends Data.TaggedError("StructureRefused")<{
  /** 0-based position of the refused event in the appended list. */
  readonly index: number
  /** The event's tag (`Relate`, `Dissolve`…). */
  readonly tag: string
  /** The core's rejection: code, entities, citation, text in both languages. */
  readonly rejection: Rejection
}> {}

/** An event of a structure append is not a valid structure event (nothing was stored): its place and every bad field. */
export class StructureInvalid extends Data.TaggedError("StructureInvalid")<{
  /** 0-based position of the event in the appended list. */
  readonly index: number
  readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>
}> {}

/** The structure (the core's record of organizations, relations and members over time) and its version (its number of events). */
export interface VersionedStructure {
  readonly structure: Structure
  readonly version: number
}

/** Who made a change, recorded with it. */
export interface Actor {
  readonly principalId: string
  readonly role: string
}


/** A versioned collection of one kind of resource. Every write is recorded in the audit log with its actor. */
export interface Collection<A, Q> {
  readonly list: (query: Q) => Effect.Effect<Page<A>>
  readonly get: (id: string) => Effect.Effect<Versioned<A> | undefined>
  /** Stores a new value; fails when the id exists. */
  readonly create: (value: A, actor: Actor) => Effect.Effect<Versioned<A>, StoreConflict>
  /** Replaces the value stored at `expectedVersion`; fails when the stored version differs. */
  readonly replace: (value: A, expectedVersion: number, actor: Actor) => Effect.Effect<Versioned<A>, StoreConflict | StoreMissing>
  /** Deletes the value stored at `expectedVersion`. */
  readonly remove: (id: string, expectedVersion: number, actor: Actor) => Effect.Effect<void, StoreConflict | StoreMissing>
}

/** The storage the HTTP API works on. */
export interface StoreService {
  readonly projects: Collection<Project, ProjectQuery>
  /** Custom policies (reforms); the built-in catalogue is not stored. */
  readonly policies: Collection<Policy, PageQuery>
  /** What covers each project, keyed by project id. */
  readonly coverage: Collection<CoverageFacts, PageQuery>
  /** The stored projects (one district or phase, or all) with their coverage facts, as the core's columns, in id order. */
  readonly portfolio: (filter: { readonly district?: string | undefined; readonly phase?: string | undefined }) => Effect.Effect<PortfolioColumns>
  /**
   * The structure over time (organizations, relations, members), kept as the core makes it of its events.
   * Its version is its number of events (the API's `ETag`).
   */
  readonly structure: {
    /** The whole structure with its history (the core's `replay` of the stored events). */
    readonly current: Effect.Effect<VersionedStructure>
    /** The structure as it stood on a date (the core's `asOf` of the whole structure), with the current version. */
    readonly asOf: (date: string) => Effect.Effect<VersionedStructure>
    /**
     * Appends events if the structure is still at `expectedVersion`: the core applies them in order under
     * `policy` (all or none) and only what it accepts is stored, with one audit entry; returns the new
     * structure and version. A stale version fails with {@link StoreConflict}, an event the core refuses with
     * {@link StructureRefused}, one that is not a structure event with {@link StructureInvalid}.
     */
    readonly append: (
      events: ReadonlyArray<StructureEvent>,
      expectedVersion: number,
      policy: Policy,
      actor: Actor
    ) => Effect.Effect<VersionedStructure, StoreConflict | StructureRefused | StructureInvalid>
  }
  /** The points ledger: append-only; events the core has accepted, in recording order. */
  readonly ledger: {
    readonly events: Effect.Effect<ReadonlyArray<PointEvent>>
    readonly append: (events: ReadonlyArray<PointEvent>, actor: Actor) => Effect.Effect<number>
  }
  /**
   * The organization and every organization under it in the structure on a date, along both leadership
   * lines (`reportsTo`, `secondSuperior`; the core's `subtreeOf`): a secretary's scope.
   */
  readonly subtree: (organizationId: string, date: string) => Effect.Effect<ReadonlySet<string>>
  /** Audit entries after `afterSeq`, oldest first. */
  readonly audit: (afterSeq: number, limit: number) => Effect.Effect<ReadonlyArray<AuditEntry>>
  /**
   * An opaque token that changes whenever the stored data may have changed: after every write through this
   * store and, for a store that others can write (a shared database file), after every change they commit.
   * It may change without a change of data, never the other way round. The server keeps data derived from
   * the store (columns, reports) while it stays the same; a store without one is never cached.
   */
  readonly revision?: Effect.Effect<string>
}

/** The store service. */
export class Store extends Context.Tag("@redsite/adapters-http/Store")<Store, StoreService>() {}
