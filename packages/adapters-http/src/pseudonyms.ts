/**
 * Pseudonyms for analysts (issue 15, item 6): analysts work on simulations with no personal data, yet the
 * structure names people (`appointments[].personId`) and the structure's check names members. Each such id
 * is replaced, for an analyst, by a keyed pseudonym — HMAC-SHA-256 of the id under the server's secret — so
 * the same person has the same pseudonym in every answer (and across restarts with the same secret), but
 * the pseudonym does not tell who it is without the secret.
 *
 * @module
 */
import { Appointment, Label, Structure, StructureOrganization, Violation } from "@redsite/core"
import { Context, Layer } from "effect"
import { createHmac, randomBytes } from "node:crypto"

/** The pseudonym of an id under the server's key. */
export class Pseudonyms extends Context.Tag("@redsite/adapters-http/Pseudonyms")<Pseudonyms, { readonly of: (id: string) => string }>() {}

/**
 * Pseudonyms keyed by `secret` (any string; with none, a random key for the life of the process: stable
 * across answers, not across restarts). A pseudonym reads `anon-` and 22 base64url characters (128 bits).
 */
export const PseudonymsLive = (secret?: string) => {
  const key = secret === undefined || secret === "" ? randomBytes(32) : Buffer.from(secret, "utf8")
  const cache = new Map<string, string>()
  return Layer.succeed(Pseudonyms, {
    of: (id) => {
      let p = cache.get(id)
      if (p === undefined) {
        p = `anon-${createHmac("sha256", key).update(id, "utf8").digest("base64url").slice(0, 22)}`
        if (cache.size < 100_000) cache.set(id, p)
      }
      return p
    }
  })
}

/** An organization with each appointed person's id replaced by their pseudonym. */
export const pseudonymousOrganization = (o: StructureOrganization, of: (id: string) => string): StructureOrganization =>
  o.appointments.length === 0
    ? o
    : new StructureOrganization({ ...o, appointments: o.appointments.map((a) => new Appointment({ ...a, personId: of(a.personId) })) })

/**
 * The structure as analysts read it: organizations, relations and projects, appointed people by pseudonym,
 * and no members (`members: []`: homes, attendance and status histories are personal data) nor recorded
 * actions (`actions: []`: each names a member).
 */
export const analystStructure = (s: Structure, of: (id: string) => string): Structure =>
  new Structure({ organizations: s.organizations.map((o) => pseudonymousOrganization(o, of)), relations: s.relations, members: [], projects: s.projects, actions: [] })

/**
 * A check's violations with every member or appointed person they name replaced by a pseudonym: in
 * `entities`, and in the message texts where an id stands alone (not inside a longer id).
 */
export const pseudonymousViolations = (vs: ReadonlyArray<Violation>, s: Structure, of: (id: string) => string): ReadonlyArray<Violation> => {
  const people = new Set<string>(s.members.map((m) => m.id))
  for (const o of s.organizations) for (const a of o.appointments) people.add(a.personId)
  for (const o of s.organizations) people.delete(o.id)
  return vs.map((v) => {
    const named = v.entities.filter((e) => people.has(e))
    if (named.length === 0) return v
    // an id counts where it stands alone, not inside a longer id (m1 in org-m1)
    const swap = (t: string) => named.reduce((acc, id) => acc.replace(new RegExp(`(?<![\\w-])${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`, "g"), of(id)), t)
    return new Violation({ ...v, entities: v.entities.map((e) => (people.has(e) ? of(e) : e)), text: new Label({ zh: swap(v.text.zh), en: swap(v.text.en) }) })
  })
}
