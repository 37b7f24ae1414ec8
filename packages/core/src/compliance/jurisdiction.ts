/**
 * Which catalogue policy a project is judged under by default: the policy of its jurisdiction, read from its
 * district (区/县/县级市) and locality (街道/乡镇). Issue 19 asks that each project be judged under its own
 * jurisdiction's policy (a Shanghai site under Shanghai's rules, not Fuding's).
 *
 * **Assumption (redsite's own, flagged):** no source maps places to policies; a project's district is read
 * as its jurisdiction, with the districts of each catalogue policy's area listed here by hand. Sector policies
 * (the Shanghai Expo park, the construction and transport sector's five joint measures) are not chosen by
 * place: name them explicitly (the HTTP endpoints' `policyId`). A district not listed falls back to the
 * national baseline.
 *
 * @module
 */
import type { Citation } from "../explain/explanation.js"
import { cite } from "../policy/sources.js"

/** The districts of each catalogue policy's area (the administrative divisions in force in 2024). */
export const JURISDICTION_DISTRICTS: Readonly<Record<string, ReadonlyArray<string>>> = {
  // 上海市: the 16 districts
  "shanghai-site": [
    "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区",
    "奉贤区", "崇明区"
  ],
  // 福建省宁德市福鼎市 (a county-level city)
  "fuding-site-2020": ["福鼎市"],
  // 浙江省温州市: its districts, county-level cities and counties
  "wenzhou-red-site-2022": ["鹿城区", "龙湾区", "瓯海区", "洞头区", "瑞安市", "乐清市", "龙港市", "永嘉县", "平阳县", "苍南县", "文成县", "泰顺县"]
}

/** Langshan street lies in Chongchuan district (南通市崇川区): a project there whose locality names it. */
const LANGSHAN = { district: "崇川区", locality: "狼山" } as const

/** The clause the mapping is cited by. */
export const JURISDICTION_CITATION: Citation = cite("redsite-assumption", "jurisdiction",
  "a project's district (and, for Langshan street, its locality) is read as its jurisdiction; the districts of each catalogue policy are listed by hand")

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
 * The catalogue policy a project is judged under by default (see the module's assumption).
 *
 * @example
 * ```ts
 * import { jurisdictionPolicyOf } from "@redsite/core"
 * jurisdictionPolicyOf({ district: "浦东新区" }).policyId // "shanghai-site"
 * jurisdictionPolicyOf({ district: "崇川区", locality: "狼山镇街道" }).policyId // "langshan-street"
 * jurisdictionPolicyOf({}).policyId // "national"
 * ```
 */
export const jurisdictionPolicyOf = (project: { readonly district?: string | undefined; readonly locality?: string | undefined }): JurisdictionPolicy => {
  const { district, locality } = project
  if (district === LANGSHAN.district && locality !== undefined && locality.includes(LANGSHAN.locality)) {
    return { policyId: "langshan-street", by: "locality", citation: JURISDICTION_CITATION, assumption: true }
  }
  if (district !== undefined) {
    for (const [policyId, districts] of Object.entries(JURISDICTION_DISTRICTS)) {
      if (districts.includes(district)) return { policyId, by: "district", citation: JURISDICTION_CITATION, assumption: true }
    }
  }
  return { policyId: "national", by: "default", citation: JURISDICTION_CITATION, assumption: true }
}
