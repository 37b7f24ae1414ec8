import { Citation, Label, Structure, StructureMember, StructureOrganization, Violation, Appointment, HomePeriod, StatusChange, isoDate } from "@redsite/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Pseudonyms, PseudonymsLive, pseudonymousViolations } from "./pseudonyms.js"

const of = (secret?: string) => Effect.runSync(Effect.map(Pseudonyms, (p) => p.of).pipe(Effect.provide(PseudonymsLive(secret))))

describe("analysts' pseudonyms", () => {
  it("are the same for the same id and secret, differ between ids and between secrets, and do not contain the id", () => {
    const a = of("s3cret")
    const b = of("s3cret")
    expect(a("zhang-san")).toBe(b("zhang-san"))
    expect(a("zhang-san")).not.toBe(a("li-si"))
    expect(of("other")("zhang-san")).not.toBe(a("zhang-san"))
    expect(a("zhang-san")).not.toContain("zhang")
    // without a secret: random per server, stable within it
    const r = of()
    expect(r("x")).toBe(r("x"))
    expect(of()("x")).not.toBe(r("x"))
  })

  it("replace the members and appointed people a violation names, in its entities and texts, not the organizations", () => {
    const p = of("k")
    const d = isoDate("2021-01-01")
    const s = new Structure({
      organizations: [new StructureOrganization({ id: "org-m1", name: "o", kind: "branch", temporary: false, projectIds: [], unitIds: [], establishedOn: d, appointments: [new Appointment({ role: "secretary", personId: "chen", from: d })] })],
      relations: [],
      members: [new StructureMember({ id: "m1", homes: [new HomePeriod({ organizationId: "org-m1", from: d })], attendance: [], mobile: false, pocket: false, statuses: [new StatusChange({ status: "full", from: d })] })],
      projects: [],
      actions: []
    })
    const v = new Violation({ code: "x", entities: ["m1", "org-m1", "chen"], citation: new Citation({ document: "cpc-branch-regulations-2018", section: "Art. 6" }), text: new Label({ zh: "党员m1在org-m1;书记chen", en: "member m1 at org-m1; secretary chen" }) })
    const [out] = pseudonymousViolations([v], s, p)
    expect(out!.entities).toEqual([p("m1"), "org-m1", p("chen")])
    expect(out!.text.en).toBe(`member ${p("m1")} at org-m1; secretary ${p("chen")}`)
    expect(out!.text.zh).toBe(`党员${p("m1")}在org-m1;书记${p("chen")}`)
  })
})
