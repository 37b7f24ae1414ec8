/**
 * The policy catalogue: every policy of the source documents, loaded from its data file under
 * `packages/core/policies/` (one folder per jurisdiction: `national/`, `shanghai/`, `jiangsu/nantong/langshan/`,
 * `fujian/ningde/fuding/`, `zhejiang/wenzhou/`, …), each decoded by the {@link Policy} schema when the core
 * loads. The files are JSON, bundled into the package for Node and the browser.
 *
 * @module
 */
import { Either, Schema } from "effect"
import type { ResolvedPolicy } from "../policy.js"
import { Policy, PolicyResolutionError, resolvePolicy } from "../policy.js"
import nationalData from "../../../policies/national/national.json"
import shanghaiSiteData from "../../../policies/shanghai/shanghai-site.json"
import shanghaiExpoData from "../../../policies/shanghai/shanghai-expo.json"
import shanghaiFiveJointData from "../../../policies/shanghai/shanghai-five-joint.json"
import langshanStreetData from "../../../policies/jiangsu/nantong/langshan/langshan-street.json"
import fudingSite2020Data from "../../../policies/fujian/ningde/fuding/fuding-site-2020.json"
import wenzhouRedSite2022Data from "../../../policies/zhejiang/wenzhou/wenzhou-red-site-2022.json"

/** A catalogue file decoded by the policy schema; a broken file fails loudly when the core loads (a test checks every file). */
const load = (data: unknown): Policy => Schema.decodeUnknownSync(Policy)(data)

/** The national baseline (`national`): the Party Constitution and the national regulations. Data: `policies/national/national.json`. */
export const national: Policy = load(nationalData)
/** Shanghai's opinions on joint Party building at construction sites (trial), seed 000. Data: `policies/shanghai/shanghai-site.json`. */
export const shanghaiSite: Policy = load(shanghaiSiteData)
/** Shanghai Expo park during operation, seed 000 (appended part). Data: `policies/shanghai/shanghai-expo.json`. */
export const shanghaiExpo: Policy = load(shanghaiExpoData)
/** Langshan street's project Party building, seed 001. Data: `policies/jiangsu/nantong/langshan/langshan-street.json`. */
export const langshanStreet: Policy = load(langshanStreetData)
/** Fuding's site Party-building model (2020), seed 002, with its points scheme and talks. Data: `policies/fujian/ningde/fuding/fuding-site-2020.json`. */
export const fudingSite2020: Policy = load(fudingSite2020Data)
/** The five joint modes of Party-work coverage, seed 003. Data: `policies/shanghai/shanghai-five-joint.json`. */
export const shanghaiFiveJoint: Policy = load(shanghaiFiveJointData)
/** Wenzhou's red-site quality-improvement action plan (2022), seed 004. Data: `policies/zhejiang/wenzhou/wenzhou-red-site-2022.json`. */
export const wenzhouRedSite2022: Policy = load(wenzhouRedSite2022Data)

/** The catalogue's policies by a readable name. */
export const policies = {
  national,
  shanghaiSite,
  shanghaiExpo,
  langshanStreet,
  fudingSite2020,
  shanghaiFiveJoint,
  wenzhouRedSite2022
} as const

/** The catalogue's policies as a list, in the order of DOMAIN.md §3. */
export const catalogue: ReadonlyArray<Policy> = Object.values(policies)

/** Finds a catalogue policy by id. */
export const findPolicy = (id: string): Policy | undefined => catalogue.find((p) => p.id === id)

/**
 * Resolves a policy against the catalogue (merging its basis). Extra policies (e.g. reforms) may be
 * supplied so that a reform of a reform resolves.
 */
export const resolve = (
  policy: Policy,
  extra: ReadonlyArray<Policy> = []
): Either.Either<ResolvedPolicy, PolicyResolutionError> =>
  resolvePolicy(policy, (id) => extra.find((p) => p.id === id) ?? findPolicy(id))
