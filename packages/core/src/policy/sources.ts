/**
 * The source documents that citations point to: the five seed documents and the national regulations.
 *
 * @module
 */
import { Label } from "../model/primitives.js"
import { SourceDocument } from "./policy.js"
import { Citation } from "../explain/explanation.js"

const doc = (
  id: string,
  kind: "seed" | "regulation" | "report",
  zh: string,
  en: string,
  issuer: string,
  date: string,
  file?: string
) => new SourceDocument({ id, kind, title: new Label({ zh, en }), issuer, date, ...(file === undefined ? {} : { file }) })

/** Every document a citation in the catalogue may name, by id. */
export const sources = {
  "seed-000-site": doc(
    "seed-000-site", "seed",
    "关于进一步加强工地党建联建工作的意见(试行)",
    "Opinions on further strengthening joint Party building at construction sites (trial)",
    "中共上海市委组织部; 中共上海市城乡建设和交通工作委员会", "201x-04-27", "000_f95a8a9386a8c11f.txt"
  ),
  "seed-000-expo": doc(
    "seed-000-expo", "seed",
    "关于开展世博园区运行期党建联建工作的意见(沪委组[201x]发字21号)",
    "Opinions on joint Party building in the Expo park during operation (Hu Wei Zu [201x] No. 21)",
    "中共上海市委组织部; 中共上海世博会事务协调局委员会", "201x-03", "000_f95a8a9386a8c11f.txt"
  ),
  "seed-001": doc(
    "seed-001", "seed",
    "街道项目党建工作的实践与启示(狼山镇街道\"互动工作法\")",
    "Practice of project Party building in Langshan street (\"interaction method\")",
    "狼山镇街道党工委(南通市崇川区)", "20xx", "001_2c09e6e999047f4f.txt"
  ),
  "seed-002": doc(
    "seed-002", "seed",
    "让党旗在项目工地一线上高高飘扬——福鼎市推行工地党建模式的探索与实践",
    "Fuding city's site Party-building model",
    "福鼎组工", "2020-09-03", "002_5db3f4a30956aa52.txt"
  ),
  "seed-003": doc(
    "seed-003", "report",
    "建设交通系统党的工作覆盖行业模式研究报告",
    "Research report on Party work covering the construction and transport sector",
    "上海市建设交通工作党委课题组", "2022-04-29 (upload)", "003_cc584a68086631e9.txt"
  ),
  "seed-004": doc(
    "seed-004", "seed",
    "温州市建筑行业\"红色工地\"建设质量提升行动实施方案(试行)",
    "Wenzhou construction industry red-site quality-improvement action plan (trial)",
    "温州市住房和城乡建设局", "2022-05-24", "004_4d92faea267efa12.txt"
  ),
  "cpc-constitution": doc(
    "cpc-constitution", "regulation", "中国共产党章程", "Constitution of the Communist Party of China",
    "中国共产党全国代表大会", "2022-10-22 (as amended)"
  ),
  "cpc-soe-primary-regulations-2019": doc(
    "cpc-soe-primary-regulations-2019", "regulation", "中国共产党国有企业基层组织工作条例(试行)",
    "CPC Regulations on the work of primary-level organizations in state-owned enterprises (trial)", "中共中央", "2019-12-30"
  ),
  "cpc-organs-primary-regulations-2019": doc(
    "cpc-organs-primary-regulations-2019", "regulation", "中国共产党党和国家机关基层组织工作条例",
    "CPC Regulations on the work of primary-level organizations in Party and state organs", "中共中央", "2019-12"
  ),
  "cpc-branch-regulations-2018": doc(
    "cpc-branch-regulations-2018", "regulation", "中国共产党支部工作条例(试行)",
    "CPC Branch Work Regulations (trial)", "中共中央", "2018-10-28"
  ),
  "cpc-dues-rules-2008": doc(
    "cpc-dues-rules-2008", "regulation", "关于中国共产党党费收缴、使用和管理的规定",
    "Provisions on the collection, use and management of CPC membership dues", "中共中央组织部", "2008-02-28"
  ),
  "cpc-mobile-members-2006": doc(
    "cpc-mobile-members-2006", "regulation", "关于加强和改进流动党员管理工作的意见",
    "Opinions on strengthening and improving the management of mobile members", "中共中央组织部", "2006"
  ),
  "cpc-recruitment-rules-2014": doc(
    "cpc-recruitment-rules-2014", "regulation", "中国共产党发展党员工作细则",
    "Detailed rules on recruiting CPC members", "中共中央办公厅", "2014-06-10"
  ),
  "redsite-assumption": doc(
    "redsite-assumption", "report", "redsite 的文档化假设", "redsite's documented assumptions",
    "redsite", "2026"
  )
} as const

/** Id of a known source document. */
export type SourceId = keyof typeof sources

/** Builds a citation of a known source document. */
export const cite = (document: SourceId, section: string, note?: string): Citation =>
  new Citation({ document, section, ...(note === undefined ? {} : { note }) })

/**
 * Builds a citation that quotes the clause's own words: what a parameter marked stated must carry, so a reader
 * sees the number in the text that states it.
 *
 * @example
 * ```ts
 * import { quoted } from "@redsite/core"
 * quoted("cpc-branch-regulations-2018", "Art. 4", "凡是有正式党员3人以上的,都应当成立党支部")
 * ```
 */
export const quoted = (document: SourceId, section: string, quote: string, note?: string): Citation =>
  new Citation({ document, section, quote, ...(note === undefined ? {} : { note }) })
