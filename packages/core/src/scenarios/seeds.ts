/**
 * Scenarios taken from the source documents, as projects ready to evaluate. Names and counts come from the
 * seeds where they give them; where a seed gives no figure (a cost, a date), the scenario says so in its
 * `illustrative` list, so nobody mistakes a made-up figure for a sourced one.
 *
 * @module
 */
import type { Citation } from "../explain/explanation.js"
import { isoDate } from "../model/primitives.js"
import type { IsoDate } from "../model/primitives.js"
import { Member, Project, Unit } from "../model/project.js"
import type { MemberStatus, Ownership, Phase, ProjectKind, UnitRole } from "../model/vocabulary.js"
import { cite } from "../policy/sources.js"

/** A scenario: a project, the policy it is read under, the date, and where it comes from. */
export interface SeedScenario {
  readonly id: string
  readonly title: { readonly zh: string; readonly en: string }
  readonly policyId: string
  readonly date: IsoDate
  readonly project: Project
  readonly source: Citation
  /** Facts of the scenario that the source does not give and that were chosen to illustrate the rule. */
  readonly illustrative: ReadonlyArray<string>
}

interface UnitSpec {
  readonly id: string
  readonly name: string
  readonly role: UnitRole
  readonly ownership?: Ownership
  readonly hasOrganization?: boolean
  /** Members by status, e.g. `{ full: 3, probationary: 1 }`. */
  readonly members?: Partial<Record<MemberStatus, number>>
  /** Sections the unit's members are spread over, round-robin. */
  readonly sections?: ReadonlyArray<string>
}

/** Builds a project from compact unit specs: members get ids `<unit>-<status>-<n>`. */
export const makeProject = (p: {
  readonly id: string
  readonly name: string
  readonly kind: ProjectKind
  readonly costYuan: number
  readonly plannedStart: string
  readonly plannedEnd: string
  readonly major: boolean
  readonly phase?: Phase
  readonly district?: string
  readonly locality?: string
  readonly competentDepartment?: string
  readonly sections?: ReadonlyArray<string>
  readonly units: ReadonlyArray<UnitSpec>
}): Project => {
  const members: Array<Member> = []
  for (const u of p.units) {
    let k = 0
    for (const [status, n] of Object.entries(u.members ?? {}) as Array<[MemberStatus, number]>) {
      for (let i = 0; i < n; i++, k++) {
        const section = u.sections === undefined || u.sections.length === 0 ? undefined : u.sections[k % u.sections.length]
        members.push(new Member({
          id: `${u.id}-${status}-${i + 1}`,
          status,
          unitId: u.id,
          mobile: u.role === "labour" || u.role === "subcontractor",
          pocket: false,
          ...(section === undefined ? {} : { section })
        }))
      }
    }
  }
  return new Project({
    id: p.id,
    name: p.name,
    kind: p.kind,
    costYuan: p.costYuan,
    plannedStart: isoDate(p.plannedStart),
    plannedEnd: isoDate(p.plannedEnd),
    major: p.major,
    phase: p.phase ?? "construction",
    ...(p.district === undefined ? {} : { district: p.district }),
    ...(p.locality === undefined ? {} : { locality: p.locality }),
    ...(p.competentDepartment === undefined ? {} : { competentDepartment: p.competentDepartment }),
    sections: p.sections ?? [],
    units: p.units.map((u) => new Unit({
      id: u.id,
      name: u.name,
      role: u.role,
      ownership: u.ownership ?? "stateOwned",
      hasOrganization: u.hasOrganization ?? false
    })),
    members
  })
}

const LANGSHAN_STREAMS = ["土地挂牌", "方案设计", "项目协调", "征收拆迁", "质量监管"]
const FUDING_SECTIONS = ["A1标段", "A2标段", "隧道班组", "桥梁班组"]

/** The seed scenarios, in the order of DOMAIN.md §3. */
export const seedScenarios: ReadonlyArray<SeedScenario> = [
  {
    id: "expo-units",
    title: { zh: "世博园区:3名与2名正式党员的办展单位", en: "Expo park: units with 3 and with 2 full members" },
    policyId: "shanghai-expo",
    date: isoDate("2010-06-01"),
    source: cite("seed-000-expo", "§二(三)"),
    illustrative: ["unit names", "the probationary member of the second unit"],
    project: makeProject({
      id: "expo-park", name: "世博园区运行期", kind: "event", costYuan: 0, major: true,
      plannedStart: "2010-05-01", plannedEnd: "2010-10-31", district: "浦东新区",
      units: [
        { id: "pavilion-a", name: "办展单位甲", role: "owner", hasOrganization: true, members: { full: 3 } },
        { id: "service-b", name: "服务团队乙", role: "contractor", members: { full: 2, probationary: 1 } }
      ]
    })
  },
  {
    id: "shanghai-short-site",
    title: { zh: "上海:工期不足半年的一般工地", en: "Shanghai: an ordinary site of under six months" },
    policyId: "shanghai-site",
    date: isoDate("2019-06-01"),
    source: cite("seed-000-site", "§二(二)"),
    illustrative: ["cost, dates and member counts"],
    project: makeProject({
      id: "sh-short", name: "上海某小区综合整治工地", kind: "building", costYuan: 8_000_000, major: false,
      plannedStart: "2019-05-01", plannedEnd: "2019-09-30", district: "黄浦区",
      units: [
        { id: "gc", name: "总承包公司", role: "generalContractor", hasOrganization: true, members: { full: 4 } },
        { id: "owner", name: "建设单位", role: "owner", members: { full: 1 } }
      ]
    })
  },
  {
    id: "shanghai-site-few-members",
    title: { zh: "上海:工期一年、正式党员2名的工地", en: "Shanghai: a one-year site with 2 full members" },
    policyId: "shanghai-site",
    date: isoDate("2019-06-01"),
    source: cite("seed-000-site", "§二(二)"),
    illustrative: ["cost, dates and member counts"],
    project: makeProject({
      id: "sh-year", name: "上海某道路改建工地", kind: "road", costYuan: 40_000_000, major: false,
      plannedStart: "2019-03-01", plannedEnd: "2020-03-01", district: "徐汇区",
      units: [
        { id: "gc", name: "总承包公司", role: "generalContractor", members: { full: 1 } },
        { id: "owner", name: "建设单位", role: "owner", hasOrganization: true, members: { full: 1, probationary: 2 } },
        { id: "labour", name: "劳务公司", role: "labour", ownership: "private" }
      ]
    })
  },
  {
    id: "shanghai-major",
    title: { zh: "上海:重大工程,党员60名", en: "Shanghai: a major project with 60 full members" },
    policyId: "shanghai-site",
    date: isoDate("2019-06-01"),
    source: cite("seed-000-site", "§二(二); §四(二)"),
    illustrative: ["cost, dates and member counts"],
    project: makeProject({
      id: "sh-major", name: "上海某轨道交通重大工程", kind: "rail", costYuan: 3_000_000_000, major: true,
      plannedStart: "2019-01-01", plannedEnd: "2022-12-31", district: "长宁区",
      sections: ["土建一标", "土建二标", "机电安装"],
      units: [
        { id: "owner", name: "申通地铁集团", role: "owner", hasOrganization: true, members: { full: 12 } },
        { id: "gc", name: "某建工集团", role: "generalContractor", hasOrganization: true, members: { full: 40 }, sections: ["土建一标", "土建二标"] },
        { id: "sv", name: "某监理公司", role: "supervisor", members: { full: 5 } },
        { id: "mep", name: "某机电分包", role: "subcontractor", ownership: "private", members: { full: 3, probationary: 1 }, sections: ["机电安装"] }
      ]
    })
  },
  {
    id: "shanghai-long-ordinary",
    title: { zh: "上海:工期30个月的非重大工程(上海未规定,全国基线作答)", en: "Shanghai: a non-major site of 30 months (Shanghai is silent; the national baseline answers)" },
    policyId: "shanghai-site",
    date: isoDate("2019-06-01"),
    source: cite("seed-000-site", "§二(二)"),
    illustrative: ["cost, dates and member counts"],
    project: makeProject({
      id: "sh-long", name: "上海某商业综合体工地", kind: "building", costYuan: 600_000_000, major: false,
      plannedStart: "2019-01-01", plannedEnd: "2021-07-01", district: "闵行区",
      units: [{ id: "gc", name: "总承包公司", role: "generalContractor", ownership: "private", hasOrganization: true, members: { full: 8 } }]
    })
  },
  {
    id: "shanghai-small-branch",
    title: { zh: "上海:正式党员5名的一年期工地(不设支部委员会)", en: "Shanghai: a one-year site with 5 full members (no branch committee)" },
    policyId: "shanghai-site",
    date: isoDate("2019-06-01"),
    source: cite("seed-000-site", "§二(二)"),
    illustrative: ["cost, dates and member counts"],
    project: makeProject({
      id: "sh-small", name: "上海某学校改扩建工地", kind: "building", costYuan: 60_000_000, major: false,
      plannedStart: "2019-04-01", plannedEnd: "2020-03-31", district: "杨浦区",
      units: [{ id: "gc", name: "总承包公司", role: "generalContractor", hasOrganization: true, members: { full: 5 } }]
    })
  },
  {
    id: "langshan-project",
    title: { zh: "狼山镇街道:超10亿元重点项目的项目党支部", en: "Langshan: the project branch of a key project over one billion yuan" },
    policyId: "langshan-street",
    date: isoDate("2013-06-01"),
    source: cite("seed-001", "§二 一是、二是"),
    illustrative: ["dates and member counts per unit (the seed gives 105 members in 5 branches, 21 groups)"],
    project: makeProject({
      id: "langshan-xgy", name: "星光耀广场", kind: "building", costYuan: 1_200_000_000, major: true,
      plannedStart: "2012-03-01", plannedEnd: "2015-12-31", district: "崇川区", locality: "狼山镇街道",
      sections: LANGSHAN_STREAMS,
      units: [
        { id: "investor", name: "投资主体", role: "owner", ownership: "private", members: { full: 6 }, sections: LANGSHAN_STREAMS },
        { id: "builder", name: "承建单位", role: "generalContractor", hasOrganization: true, members: { full: 15 }, sections: LANGSHAN_STREAMS }
      ]
    })
  },
  {
    id: "fuding-at-threshold",
    title: { zh: "福鼎:造价5000万元、工期2年的重点项目(边界值)", en: "Fuding: a key project at exactly 50 million yuan and 2 years" },
    policyId: "fuding-site-2020",
    date: isoDate("2020-10-01"),
    source: cite("seed-002", "§一 实施动因; §三"),
    illustrative: ["the project and its figures, chosen at the boundary"],
    project: makeProject({
      id: "fuding-edge", name: "福鼎某重点项目(边界)", kind: "road", costYuan: 50_000_000, major: true,
      plannedStart: "2020-09-01", plannedEnd: "2022-08-31", district: "福鼎市", locality: "点头镇",
      competentDepartment: "福鼎市交通运输局", sections: FUDING_SECTIONS,
      units: [
        { id: "owner", name: "建设单位", role: "owner", hasOrganization: true, members: { full: 2 } },
        { id: "gc", name: "施工单位", role: "generalContractor", members: { full: 3, probationary: 1 }, sections: FUDING_SECTIONS },
        { id: "labour", name: "劳务班组", role: "labour", ownership: "private", members: { full: 1, activist: 2, applicant: 3 }, sections: FUDING_SECTIONS }
      ]
    })
  },
  {
    id: "fuding-below-threshold",
    title: { zh: "福鼎:造价4999.9999万元的项目(低于门槛)", en: "Fuding: a project one yuan under 50 million" },
    policyId: "fuding-site-2020",
    date: isoDate("2020-10-01"),
    source: cite("seed-002", "§一 实施动因"),
    illustrative: ["the project and its figures, chosen at the boundary"],
    project: makeProject({
      id: "fuding-under", name: "福鼎某项目(低于门槛)", kind: "building", costYuan: 49_999_999, major: true,
      plannedStart: "2020-09-01", plannedEnd: "2023-03-01", district: "福鼎市",
      units: [{ id: "gc", name: "施工单位", role: "generalContractor", members: { full: 6 } }]
    })
  },
  {
    id: "fuding-outside-scope",
    title: { zh: "福鼎:工期18个月、造价3000万元的工地(不在推广范围,全国基线作答)", en: "Fuding: an 18-month, 30-million-yuan site (outside the scope; the national baseline answers)" },
    policyId: "fuding-site-2020",
    date: isoDate("2021-03-01"),
    source: cite("seed-002", "§一 实施动因"),
    illustrative: ["the project and its figures (the case of issue 14)"],
    project: makeProject({
      id: "fuding-out", name: "福鼎某安置房工地", kind: "building", costYuan: 30_000_000, major: false,
      plannedStart: "2021-01-01", plannedEnd: "2022-06-30", district: "福鼎市",
      units: [{ id: "gc", name: "施工单位", role: "generalContractor", hasOrganization: true, members: { full: 10 } }]
    })
  },
  {
    id: "wenzhou-eligible",
    title: { zh: "温州:符合创建条件的工地(假设口径)", en: "Wenzhou: an eligible site (assumed definition)" },
    policyId: "wenzhou-red-site-2022",
    date: isoDate("2022-12-31"),
    source: cite("seed-004", "§一(二); §二(三)"),
    illustrative: ["the project and its figures"],
    project: makeProject({
      id: "wz-site", name: "温州某住宅工地", kind: "building", costYuan: 200_000_000, major: false,
      plannedStart: "2022-03-01", plannedEnd: "2024-03-01", district: "鹿城区",
      units: [
        { id: "gc", name: "温州某建设集团", role: "generalContractor", ownership: "private", hasOrganization: true, members: { full: 5 } },
        { id: "sub", name: "某分包", role: "subcontractor", ownership: "private", members: { full: 1 } }
      ]
    })
  },
  {
    id: "five-joint-union",
    title: { zh: "五联模式:党员不足的装饰施工队伍(联手建立工会)", en: "Five joint modes: a decoration crew with too few members (a union bridge)" },
    policyId: "shanghai-five-joint",
    date: isoDate("2022-06-01"),
    source: cite("seed-003", "§二 4-5"),
    illustrative: ["the project and its figures"],
    project: makeProject({
      id: "deco", name: "某装饰装修工地", kind: "building", costYuan: 3_000_000, major: false,
      plannedStart: "2022-01-01", plannedEnd: "2022-10-01", district: "静安区",
      units: [{ id: "deco-co", name: "某民营装饰公司", role: "contractor", ownership: "private", members: { full: 1, activist: 1 } }]
    })
  }
]
