import { Project, makeProject } from "@redsite/core"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { RunningServer } from "./server.js"
import { SECRETARY_ORG, caller, startTestServer } from "./testServer.js"

let server: RunningServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())
const call = caller(() => server)

const establish = (date: string, id: string, kind: string, extra: Record<string, unknown> = {}) =>
  ({ _tag: "Establish", date, organization: { id, name: id, kind, temporary: false, projectIds: [], ...extra } })

describe("the structure over HTTP", () => {
  it("appends events at the version read, serves the structure now and as of a date, and refuses a broken rule with its clause", async () => {
    expect((await call("GET", "/structure", "viewer")).headers.get("etag")).toBe('"0"')
    const events = [
      establish("2020-01-01", "bureau", "committee"),
      establish("2020-01-01", "dispatcher", "committee"),
      establish("2020-01-01", SECRETARY_ORG, "committee"),
      establish("2020-01-01", "elsewhere", "committee"),
      establish("2020-04-01", "pavilion", "branch", { temporary: true, approvedBy: "dispatcher", projectIds: ["expo"] }),
      { _tag: "Relate", date: "2020-04-01", kind: "secondSuperior", from: "pavilion", to: "bureau" }
    ]
    expect((await call("POST", "/structure/events", "administrator", { policyId: "shanghai-expo", events })).status).toBe(428)
    const ok = await call("POST", "/structure/events", "administrator", { policyId: "shanghai-expo", events }, { "if-match": '"0"' })
    expect(ok.status).toBe(200)
    expect(ok.json).toEqual({ version: 6, accepted: 6 })
    expect((await call("POST", "/structure/events", "administrator", { policyId: "shanghai-expo", events: [establish("2020-05-01", "late", "branch")] }, { "if-match": '"0"' })).status).toBe(409)

    const third = await call("POST", "/structure/events", "administrator", {
      policyId: "shanghai-expo",
      events: [establish("2020-05-01", "fine", "branch", { approvedBy: "bureau" }), { _tag: "Relate", date: "2020-05-01", kind: "secondSuperior", from: "pavilion", to: "elsewhere" }]
    }, { "if-match": '"6"' })
    expect(third.status).toBe(422)
    expect(third.json).toMatchObject({ code: "structure.leadership.tooManySuperiors", ruleId: "leadership.tooManySuperiors", citation: { document: "seed-000-expo" } })
    // all or none: the first, valid event of that request was not applied either
    const now = await call("GET", "/structure", "analyst")
    expect(now.headers.get("etag")).toBe('"6"')
    expect(now.json.organizations.map((o: any) => o.id)).not.toContain("fine")

    const view = await call("GET", "/organizations/pavilion?date=2020-06-01", "viewer")
    expect(view.json.superiors).toEqual([{ id: "dispatcher", kind: "reportsTo" }, { id: "bureau", kind: "secondSuperior" }])
    expect(view.json.chainToRoot).toEqual(["pavilion", "dispatcher"])
    expect((await call("GET", "/organizations/pavilion?date=2020-02-01", "viewer")).status).toBe(404)
    const before = await call("GET", "/structure?date=2020-02-01", "viewer")
    expect(before.json.organizations.map((o: any) => o.id)).not.toContain("pavilion")

    const check = await call("GET", "/structure/check?policyId=shanghai-expo&date=2020-06-01", "viewer")
    expect(check.json.map((v: any) => v.code)).toEqual(["secretary.missing"])
    expect(check.json[0].citation.document).toBe("cpc-branch-regulations-2018")
  })

  it("lets a secretary change only their organization's subtree, which then scopes their project writes too", async () => {
    const version = Number((await call("GET", "/structure", "viewer")).headers.get("etag")!.replaceAll('"', ""))
    const child = await call("POST", "/structure/events", "secretary", { policyId: "national", events: [establish("2021-01-01", "org-1-site", "branch", { approvedBy: SECRETARY_ORG })] }, { "if-match": `"${version}"` })
    expect(child.status).toBe(200)
    const outside = await call("POST", "/structure/events", "secretary", { policyId: "national", events: [establish("2021-01-01", "not-mine", "branch", { approvedBy: "bureau" })] }, { "if-match": `"${version + 1}"` })
    expect(outside.status).toBe(403)
    for (const role of ["viewer", "analyst"] as const) {
      expect((await call("POST", "/structure/events", role, { policyId: "national", events: [establish("2021-01-01", "x", "branch")] }, { "if-match": `"${version + 1}"` })).status).toBe(403)
    }
    // a project organized by the new child organization is inside the secretary's scope
    const p = Schema.encodeSync(Project)(makeProject({
      id: "site-under-child", name: "工地", kind: "road", costYuan: 1e7, plannedStart: "2021-01-01", plannedEnd: "2022-01-01", major: false,
      units: [{ id: "gc", name: "总包", role: "generalContractor", members: { full: 1 } }]
    }))
    const body = { ...p, units: p.units.map((u) => ({ ...u, organizationId: "org-1-site" })) }
    expect((await call("POST", "/projects", "secretary", body)).status).toBe(201)
    const listed = await call("GET", `/projects?organizationId=${SECRETARY_ORG}`, "viewer")
    expect(listed.json.items.map((i: any) => i.project.id)).toContain("site-under-child")
  })
  it("follows the structure's subtree for a secretary's writes: in scope while a leadership line runs to their organization, out of it once it ends", async () => {
    const etag = async () => Number((await call("GET", "/structure", "viewer")).headers.get("etag")!.replaceAll('"', ""))
    const admin = async (events: ReadonlyArray<unknown>) =>
      expect((await call("POST", "/structure/events", "administrator", { policyId: "national", events }, { "if-match": `"${await etag()}"` })).status).toBe(200)
    const appoint = async (role: string, personId: string) =>
      (await call("POST", "/structure/events", "secretary", {
        policyId: "national", events: [{ _tag: "Appoint", date: "2021-05-01", organizationId: "annex", role, personId }]
      }, { "if-match": `"${await etag()}"` })).status
    await admin([establish("2021-02-01", "annex", "branch", { approvedBy: "bureau" })])
    expect(await appoint("secretary", "zhang")).toBe(403)
    // a second superior line to the secretary's organization puts the annex in their subtree
    await admin([{ _tag: "Relate", date: "2021-03-01", kind: "secondSuperior", from: "annex", to: SECRETARY_ORG }])
    expect(await appoint("secretary", "zhang")).toBe(200)
    const listed = await call("GET", `/organizations?under=${SECRETARY_ORG}`, "viewer")
    expect(listed.json.items.map((o: any) => o.id)).toContain("annex")
    // and ending it takes the annex out again
    await admin([{ _tag: "EndRelation", date: "2021-04-01", kind: "secondSuperior", from: "annex", to: SECRETARY_ORG }])
    expect(await appoint("deputy", "li")).toBe(403)
    // a recorded action is checked against the scope like every other event: 403, not a server error
    const action = await call("POST", "/structure/events", "secretary", {
      policyId: "national", events: [{ _tag: "RecordAction", date: "2021-05-01", organizationId: "annex", memberId: "zhang", action: "discipline" }]
    }, { "if-match": `"${await etag()}"` })
    expect([action.status, action.json.code]).toEqual([403, "forbidden"])
  })
  it("refuses a secretary's event that changes anything outside their subtree, whatever its kind (issue 15: the core says what an event changes)", async () => {
    const etag = async () => `"${Number((await call("GET", "/structure", "viewer")).headers.get("etag")!.replaceAll('"', ""))}"`
    const post = async (role: "administrator" | "secretary", events: ReadonlyArray<unknown>) =>
      call("POST", "/structure/events", role, { policyId: "national", events }, { "if-match": await etag() })
    expect((await post("administrator", [
      establish("2021-01-01", "s15-outside", "committee"),
      establish("2021-01-01", "s15-site", "branch", { approvedBy: SECRETARY_ORG, projectIds: ["s15-p"] }),
      establish("2021-01-01", "s15-far", "branch", { approvedBy: "s15-outside", projectIds: ["s15-q"] }),
      { _tag: "Register", date: "2021-02-01", memberId: "s15-in", homeOrganizationId: "s15-site", status: "candidate" },
      { _tag: "Register", date: "2021-02-01", memberId: "s15-out", homeOrganizationId: "s15-far", status: "candidate", mobile: true }
    ])).status).toBe(200)
    const refused: ReadonlyArray<readonly [string, ReadonlyArray<unknown>]> = [
      ["a status change without a deciding organization, of a member at home outside", [{ _tag: "ChangeStatus", date: "2021-06-01", memberId: "s15-out", status: "probationary" }]],
      ["the completion of a project served outside", [{ _tag: "CompleteProject", date: "2021-06-01", projectId: "s15-q" }]],
      ["a new organization reporting outside", [{ ...establish("2021-06-01", "s15-n1", "branch", { approvedBy: SECRETARY_ORG }), reportsTo: "s15-outside" }]],
      ["a new organization joining a project served outside", [establish("2021-06-01", "s15-n2", "branch", { approvedBy: SECRETARY_ORG, projectIds: ["s15-q"] })]],
      ["a new organization placed under nothing", [establish("2021-06-01", "s15-n3", "branch")]],
      ["a transfer of a member from a home outside", [{ _tag: "TransferHome", date: "2021-06-01", memberId: "s15-out", organizationId: "s15-site" }]],
      ["an action on a member at home outside", [{ _tag: "RecordAction", date: "2021-06-01", organizationId: "s15-site", memberId: "s15-out", action: "duesCollection" }]],
      ["an outside member attending a new organization", [
        establish("2021-06-01", "s15-n4", "branch", { approvedBy: SECRETARY_ORG }),
        { _tag: "StartAttendance", date: "2021-06-01", memberId: "s15-out", organizationId: "s15-n4" }
      ]],
      ["a relation to an outside organization", [{ _tag: "Relate", date: "2021-06-01", kind: "pairing", from: "s15-site", to: "s15-outside" }]]
    ]
    for (const [what, events] of refused) {
      const r = await post("secretary", events)
      expect([r.status, r.json.code], what).toEqual([403, "forbidden"])
    }
    // nothing of it was stored; the same kinds of event inside the subtree are accepted
    const ok = await post("secretary", [
      { _tag: "ChangeStatus", date: "2021-06-01", memberId: "s15-in", status: "probationary" },
      establish("2021-06-01", "s15-mine", "branch", { approvedBy: SECRETARY_ORG, projectIds: ["s15-p"] }),
      { _tag: "StartAttendance", date: "2021-06-01", memberId: "s15-in", organizationId: "s15-mine" },
      { _tag: "CompleteProject", date: "2021-07-01", projectId: "s15-p" }
    ])
    expect([ok.status, ok.json], JSON.stringify(ok.json)).toEqual([200, { version: expect.any(Number), accepted: 4 }])
    const ids = (await call("GET", "/structure", "viewer")).json.organizations.map((o: any) => o.id)
    expect(ids.filter((id: string) => id.startsWith("s15-n"))).toEqual([])
  })
  it("gives analysts the structure without its members (no personal data), now and as of a date", async () => {
    const version = (await call("GET", "/structure", "viewer")).headers.get("etag")!
    const events = [
      { _tag: "Register", date: "2021-01-01", memberId: "analyst-test-m", homeOrganizationId: SECRETARY_ORG, status: "full" },
      { _tag: "RecordAction", date: "2021-02-01", organizationId: SECRETARY_ORG, memberId: "analyst-test-m", action: "duesCollection" }
    ]
    expect((await call("POST", "/structure/events", "administrator", { policyId: "national", events }, { "if-match": version })).status).toBe(200)
    for (const path of ["/structure", "/structure?date=2021-06-30"]) {
      const viewer = await call("GET", path, "viewer")
      const analyst = await call("GET", path, "analyst")
      expect(viewer.json.members.map((m: any) => m.id), path).toContain("analyst-test-m")
      expect(viewer.json.actions, path).toHaveLength(1)
      expect([analyst.status, analyst.json.members, analyst.json.actions], path).toEqual([200, [], []])
      // the same organizations, appointed people by pseudonym
      const withoutPeople = (os: ReadonlyArray<any>) => os.map(({ appointments, ...o }) => ({ ...o, appointments: appointments.map(({ personId, ...a }: any) => a) }))
      expect(withoutPeople(analyst.json.organizations), path).toEqual(withoutPeople(viewer.json.organizations))
      expect(analyst.headers.get("etag"), path).toBe(viewer.headers.get("etag"))
    }
  })

  it("gives analysts appointed people as stable keyed pseudonyms, in every answer (issue 15: analysts get no personal data)", async () => {
    const version = (await call("GET", "/structure", "viewer")).headers.get("etag")!
    const events = [
      establish("2021-01-01", "pseudo-org", "branch", { approvedBy: SECRETARY_ORG }),
      { _tag: "Appoint", date: "2021-01-01", organizationId: "pseudo-org", role: "secretary", personId: "zhang-san" },
      { _tag: "Appoint", date: "2021-01-01", organizationId: "pseudo-org", role: "deputy", personId: "li-si" },
      { _tag: "Appoint", date: "2021-01-01", organizationId: SECRETARY_ORG, role: "liaison", personId: "zhang-san" }
    ]
    expect((await call("POST", "/structure/events", "administrator", { policyId: "national", events }, { "if-match": version })).status).toBe(200)
    const people = (o: any) => Object.fromEntries(o.appointments.map((a: any) => [a.role, a.personId]))
    const find = (os: ReadonlyArray<any>, id: string) => os.find((o) => o.id === id)
    const viewer = await call("GET", "/structure", "viewer")
    expect(people(find(viewer.json.organizations, "pseudo-org"))).toEqual({ secretary: "zhang-san", deputy: "li-si" })
    const answers = [
      (await call("GET", "/structure", "analyst")).json.organizations,
      (await call("GET", "/structure?date=2021-06-30", "analyst")).json.organizations,
      (await call("GET", `/organizations?under=${SECRETARY_ORG}&limit=500`, "analyst")).json.items,
      [(await call("GET", "/organizations/pseudo-org?date=2021-06-30", "analyst")).json.organization]
    ]
    const zhang = people(find(answers[0]!, "pseudo-org")).secretary
    const li = people(find(answers[0]!, "pseudo-org")).deputy
    expect(zhang).toMatch(/^anon-[A-Za-z0-9_-]{22}$/)
    expect(li).toMatch(/^anon-[A-Za-z0-9_-]{22}$/)
    expect(li).not.toBe(zhang)
    for (const os of answers) expect(people(find(os, "pseudo-org"))).toEqual({ secretary: zhang, deputy: li })
    // the same person links across organizations, and no answer carries a real person id
    expect(people(find(answers[0]!, SECRETARY_ORG)).liaison).toBe(zhang)
    for (const os of answers) expect(JSON.stringify(os)).not.toMatch(/zhang-san|li-si/)
  })
})
