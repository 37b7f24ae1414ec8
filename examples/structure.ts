/**
 * The structure over time on a Fuding-style site: four levels of organizations, a combined branch under dual
 * leadership with an instructor and a liaison, members attending it while their membership stays at home;
 * refused events and why (a third superior; dues collected by the temporary site branch); the structure as of
 * an earlier date; the rules checked; the site's coverage read off the structure; then the project's completion,
 * proposed as events and applied.
 *
 * Run: pnpm exec tsx examples/structure.ts
 */
import { Either } from "effect"
import {
  Appoint, CompleteProject, Establish, RecordAction, Register, Relate, StartAttendance, applyEvent, asOf, chainToRoot, checkInvariants,
  completionProposal, coverageFactsFromStructure, dualManaged, isoDate, policies, replay, superiorsOf
} from "@redsite/core"
import type { StructureEvent } from "@redsite/core"

const d = isoDate
const org = (date: string, id: string, name: string, kind: "workingCommittee" | "committee" | "combinedBranch" | "group", approvedBy?: string, temporary = false, projectIds: Array<string> = []) =>
  new Establish({ date: d(date), organization: { id, name, kind, temporary, projectIds, ...(approvedBy === undefined ? {} : { approvedBy }) } })

const history: Array<StructureEvent> = [
  org("2020-01-01", "two-new", "福鼎市两新工委", "workingCommittee"),
  org("2020-01-01", "transport", "交通局党委(主管部门)", "committee", "two-new"),
  org("2020-01-01", "town", "驻地镇党委", "committee", "two-new"),
  org("2020-09-03", "site", "某大桥工地兼合党支部", "combinedBranch", "transport", true, ["fd-bridge"]),
  new Relate({ date: d("2020-09-03"), kind: "secondSuperior", from: "site", to: "town", tasks: [] }),
  new Relate({ date: d("2020-09-10"), kind: "pairing", from: "site", to: "town", pairingForm: "signedPairing", tasks: ["安全生产", "矛盾调处", "就业帮扶", "道路保通", "环境整治", "文明施工", "结对慰问"] }),
  org("2020-09-03", "crew-a", "桥梁班组党小组", "group", "site"),
  new Appoint({ date: d("2020-09-03"), organizationId: "site", role: "secretary", personId: "pm-chen", end: false }),
  new Appoint({ date: d("2020-09-03"), organizationId: "site", role: "instructor", personId: "cadre-lin", end: false }),
  new Appoint({ date: d("2020-09-03"), organizationId: "site", role: "liaison", personId: "village-wu", end: false }),
  ...["wang", "zhang", "liu"].map((m) => new Register({ date: d("2020-09-03"), memberId: m, homeOrganizationId: `${m}-home-branch`, status: "full", mobile: true, pocket: false })),
  ...["wang", "zhang", "liu"].map((m) => new StartAttendance({ date: d("2020-09-05"), memberId: m, organizationId: "site" }))
]

const s = Either.getOrThrow(replay(history, policies.fudingSite2020))
const on = "2021-06-30"
console.log(`chain to the root: ${chainToRoot(s, "crew-a", on).join(" → ")}`)
console.log(`superiors of the site branch: ${superiorsOf(s, "site", on).map((x) => `${x.id} (${x.kind})`).join(", ")}`)
console.log(`under dual management: ${dualManaged(s, on).map((x) => `${x.memberId} (home ${x.home}, attends ${x.attended.join(", ")})`).join("; ")}`)

// a refused event: a third superior
const third = applyEvent(s, new Relate({ date: d("2021-01-01"), kind: "secondSuperior", from: "site", to: "two-new", tasks: [] }), policies.fudingSite2020)
if (Either.isLeft(third)) console.log(`\nrefused [${third.left.code}] ${third.left.citation.document} ${third.left.citation.section}: ${third.left.text.en}`)
// and what a temporary organization may not do: collect dues (the member's home branch does)
const dues = applyEvent(s, new RecordAction({ date: d("2021-01-05"), organizationId: "site", memberId: "wang", action: "duesCollection" }), policies.fudingSite2020)
if (Either.isLeft(dues)) console.log(`refused [${dues.left.code}] ${dues.left.citation.document} ${dues.left.citation.section}: ${dues.left.text.en}`)

// the structure before the members arrived
const early = asOf(s, "2020-09-04")
console.log(`\non 2020-09-04: ${early.organizations.length} organizations, members attending the site: ${early.members.filter((m) => m.attendance.length > 0).length}`)

// the rules, checked at a date
const violations = checkInvariants(s, policies.fudingSite2020, d(on))
console.log(`violations on ${on}: ${violations.length === 0 ? "none" : violations.map((v) => v.code).join(", ")}`)

// coverage read off the structure: the bridge has its own branch; a second site nobody serves is a blank spot
for (const c of coverageFactsFromStructure(s, policies.fudingSite2020, d(on), ["fd-bridge", "fd-road"])) {
  console.log(`coverage of ${c.facts.projectId}: own organization ${c.facts.ownOrganization}, work [${c.facts.work.join(", ")}] — [${c.reason.ruleId}] ${c.reason.text.en}`)
}

// completion: proposed as events, inspected, then applied
const completed = Either.getOrThrow(applyEvent(s, new CompleteProject({ date: d("2022-12-31"), projectId: "fd-bridge" }), policies.fudingSite2020))
console.log(`\nafter completion, before acting: ${checkInvariants(completed, policies.fudingSite2020, d("2022-12-31")).map((v) => `${v.code} (${v.citation.document} ${v.citation.section})`).join(", ")}`)
const proposal = completionProposal(completed, "fd-bridge", d("2022-12-31"), policies.fudingSite2020)
console.log(`proposal: ${proposal.events.map((e) => `${e._tag}${"memberId" in e ? ` ${e.memberId}` : ""}${"organizationId" in e ? ` ${e.organizationId}` : ""}`).join("; ")}`)
const after = Either.getOrThrow(replay(proposal.events, policies.fudingSite2020, completed))
console.log(`after the proposal: violations ${checkInvariants(after, policies.fudingSite2020, d("2023-01-01")).length}, site dissolved on ${after.organizations.find((o) => o.id === "site")?.dissolvedOn}`)
const [bridge] = coverageFactsFromStructure(after, policies.fudingSite2020, d("2023-01-01"), ["fd-bridge"])
console.log(`coverage of fd-bridge on 2023-01-01: own organization ${bridge!.facts.ownOrganization} (${bridge!.reason.text.en})`)
