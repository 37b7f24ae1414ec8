/**
 * Which policy a project is judged under by default: the policy whose `area` (policy data) holds its district
 * (区/县/县级市) and, for a street's or town's policy, its locality (街道/乡镇). Issue 19 asks that each project
 * be judged under its own jurisdiction's policy (a Shanghai site under Shanghai's rules, not Fuding's).
 *
 * **Assumption (redsite's own, flagged):** no source maps places to policies; a project's district is read
 * as its jurisdiction, and each catalogue policy's data lists its area's districts (the administrative
 * divisions in force in 2024). Sector policies (the Shanghai Expo park, the construction and transport
 * sector's five joint measures) have no area: name them explicitly (the HTTP endpoints' `policyId`). A place
 * no policy claims falls back to the national baseline. A user's policy with an `area` takes part when passed
 * in the candidates.
 *
 * @module
 */
import type { Citation } from "../explain/explanation.js"
import { catalogue } from "../policy/catalogue/index.js"
import type { Policy } from "../policy/policy.js"
import { cite } from "../policy/sources.js"

/** The districts of each catalogue policy's area that covers whole districts (a view of the policies' `area` data). */
export const JURISDICTION_DISTRICTS: Readonly<Record<string, ReadonlyArray<string>>> = Object.fromEntries(
  catalogue.flatMap((p) => (p.area !== undefined && p.area.localityContains === undefined ? [[p.id, p.area.districts]] : []))
)

/** The clause the mapping is cited by. */
export const JURISDICTION_CITATION: Citation = cite("redsite-assumption", "jurisdiction",
  "a project's district (and, for a street's or town's policy, its locality) is read as its jurisdiction; each policy's data lists its area")

/** A project's default policy and why. */
export interface JurisdictionPolicy {
  readonly policyId: string
  /** What decided it: the district, the locality within a district, or nothing (the national baseline). */
  readonly by: "district" | "locality" | "default"
  readonly citation: Citation
  /** Always true: the mapping is redsite's assumption. */
  readonly assumption: true
}

/**
 * The policy a project is judged under by default (see the module's assumption): among the candidates (the
 * catalogue unless given), a policy whose area names the project's district and locality first, then one whose
 * area names its district; otherwise `national`. Two candidates claiming the same place: the first wins.
 *
 * @example
 * ```ts
 * import { jurisdictionPolicyOf } from "@redsite/core"
 * jurisdictionPolicyOf({ district: "浦东新区" }).policyId // "shanghai-site"
 * jurisdictionPolicyOf({ district: "崇川区", locality: "狼山镇街道" }).policyId // "langshan-street"
 * jurisdictionPolicyOf({}).policyId // "national"
 * ```
 */
export const jurisdictionPolicyOf = (
  project: { readonly district?: string | undefined; readonly locality?: string | undefined },
  candidates: ReadonlyArray<Policy> = catalogue
): JurisdictionPolicy => {
  const { district, locality } = project
  const found = (policyId: string, by: JurisdictionPolicy["by"]): JurisdictionPolicy =>
    ({ policyId, by, citation: JURISDICTION_CITATION, assumption: true })
  if (district === undefined) return found("national", "default")
  const claims = candidates.filter((p) => p.area !== undefined && p.area.districts.includes(district))
  const byLocality = claims.find((p) => p.area!.localityContains !== undefined && locality !== undefined && locality.includes(p.area!.localityContains))
  if (byLocality !== undefined) return found(byLocality.id, "locality")
  const byDistrict = claims.find((p) => p.area!.localityContains === undefined)
  return byDistrict !== undefined ? found(byDistrict.id, "district") : found("national", "default")
}
