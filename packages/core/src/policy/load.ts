/**
 * Loading a user's own policies: data files (JSON text or parsed objects) keyed by where they come from,
 * each decoded by the {@link Policy} schema, resolved against the catalogue and the other files, and checked
 * against the rule registry. Every problem names its file, the JSON path inside it and what is wrong; nothing
 * loads unless every file does. Pure: reading a folder is the caller's (see docs/guides/add-a-policy.md).
 *
 * @module
 */
import { Either, Schema } from "effect"
import type { DecodeIssue } from "../model/decode.js"
import { ruleProblems } from "../rules/validate.js"
import { catalogue } from "./catalogue/index.js"
import { sources } from "./sources.js"
import type { Policy } from "./policy.js"
import { decodePolicy, resolvePolicy } from "./policy.js"

/** One problem of one policy file: the file, the JSON path inside it (`""` for the whole file) and the message. */
export class PolicyFileIssue extends Schema.Class<PolicyFileIssue>("PolicyFileIssue")({
  file: Schema.String,
  path: Schema.String,
  message: Schema.String
}) {}

/** Some policy files could not be loaded; `issues` names every bad path of every file. */
export class PolicyLoadError extends Schema.TaggedError<PolicyLoadError>()("PolicyLoadError", {
  issues: Schema.Array(PolicyFileIssue)
}) {
  override get message(): string {
    return `invalid policy files:\n` + this.issues.map((i) => `  - ${i.file}${i.path === "" ? "" : ` ${i.path}`}: ${i.message}`).join("\n")
  }
}

/**
 * Policy files to load: by file name (or any label), each the file's JSON text or its parsed value; or a list
 * of parsed values (named `[0]`, `[1]`, … in issues).
 */
export type PolicyFiles = Readonly<Record<string, unknown>> | ReadonlyArray<unknown>

/**
 * Loads policies from data: decodes each file, refuses an id used twice (or taken by a policy of `base`),
 * resolves each against `base` (default: the catalogue) and the files loaded with it — a basis must be
 * known — checks its rules against the registry ({@link ruleProblems}) and that every citation names a known
 * document (the catalogue's `sources`, or the `documents` of the policy or its basis). Succeeds with the policies in the
 * order given, or fails with every problem of every file.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { loadPolicies } from "@redsite/core"
 * const r = loadPolicies({ "my-city.json": '{"id": "my-city"}' })
 * if (Either.isLeft(r)) console.log(r.left.issues.map((i) => `${i.file} ${i.path}`)) // every missing field, by path
 * ```
 */
export const loadPolicies = (
  files: PolicyFiles,
  options: { readonly base?: ReadonlyArray<Policy> } = {}
): Either.Either<ReadonlyArray<Policy>, PolicyLoadError> => {
  const base = options.base ?? catalogue
  const entries: ReadonlyArray<readonly [string, unknown]> = Array.isArray(files)
    ? files.map((f, i) => [`[${i}]`, f] as const)
    : Object.entries(files)
  const issues: Array<PolicyFileIssue> = []
  const issue = (file: string, path: string, message: string) => issues.push(new PolicyFileIssue({ file, path, message }))
  const loaded: Array<readonly [string, Policy]> = []
  for (const [file, content] of entries) {
    let data: unknown = content
    if (typeof content === "string") {
      try {
        data = JSON.parse(content)
      } catch (e) {
        issue(file, "", `not JSON: ${e instanceof Error ? e.message : String(e)}`)
        continue
      }
    }
    const decoded = decodePolicy(data)
    if (Either.isLeft(decoded)) {
      for (const i of decoded.left.issues) issue(file, i.path, i.message)
      continue
    }
    loaded.push([file, decoded.right])
  }
  const ids = new Map<string, string>()
  for (const [file, p] of loaded) {
    const other = ids.get(p.id)
    if (other !== undefined) issue(file, "id", `policy ${p.id} is also defined in ${other}`)
    else if (base.some((b) => b.id === p.id)) issue(file, "id", `policy ${p.id} is already in the catalogue: give yours its own id (a reform derives one)`)
    ids.set(p.id, file)
  }
  const lookup = (id: string) => loaded.find(([, p]) => p.id === id)?.[1] ?? base.find((p) => p.id === id)
  for (const [file, p] of loaded) {
    const resolved = resolvePolicy(p, lookup)
    if (Either.isLeft(resolved)) {
      for (const m of resolved.left.message.split("; ")) issue(file, resolutionPath(p, m), m)
      continue
    }
    const own = p.rules.length
    for (const d of ruleProblems(resolved.right)) issue(file, inherited(d, own), d.message)
    const known = new Set<string>(Object.keys(sources))
    for (let q: Policy | undefined = p, n = 0; q !== undefined && n < 64; q = q.basis === undefined ? undefined : lookup(q.basis), n++) {
      for (const d of q.documents ?? []) known.add(d.id)
    }
    for (const [path, document] of citationsOf(p)) {
      if (!known.has(document)) issue(file, `${path}.document`, `cites unknown document ${document}: add it to the policy's documents`)
    }
  }
  return issues.length === 0 ? Either.right(loaded.map(([, p]) => p)) : Either.left(new PolicyLoadError({ issues }))
}

/** Every citation of a policy's data with its path (rules, parameters and their later values, talks, empty layers). */
const citationsOf = (p: Policy): ReadonlyArray<readonly [string, string]> => [
  ...p.rules.map((r, i) => [`rules[${i}].citation`, r.citation.document] as const),
  ...p.parameters.flatMap((x, i) => [
    [`parameters[${i}].citation`, x.citation.document] as const,
    ...(x.later ?? []).map((v, j) => [`parameters[${i}].later[${j}].citation`, v.citation.document] as const)
  ]),
  ...(p.talks ?? []).map((t, i) => [`talks[${i}].citation`, t.citation.document] as const),
  ...(p.emptyLayers ?? []).flatMap((e, i) => (e.citation === undefined ? [] : [[`emptyLayers[${i}].citation`, e.citation.document] as const]))
]

/** Where in the file a resolution problem lies: the basis, the rule or talk it names, else the whole file. */
const resolutionPath = (p: Policy, message: string): string => {
  if (/^(unknown basis|basis cycle)/.test(message)) return "basis"
  const rule = /^rule (\S+) is defined twice|^(\S+) reads unknown parameter/.exec(message)
  const ruleId = rule?.[1] ?? rule?.[2]
  const r = ruleId === undefined ? -1 : p.rules.findIndex((x) => x.id === ruleId)
  if (r >= 0) return rule?.[1] !== undefined ? `rules[${r}].id` : `rules[${r}].parameters`
  const talk = /^talk (\S+) (reads unknown parameter|names unknown rule)/.exec(message)
  const t = talk === null ? -1 : (p.talks ?? []).findIndex((x) => x.trigger === talk[1])
  if (t >= 0) return talk![2] === "names unknown rule" ? `talks[${t}].rule` : `talks[${t}].window.parameter`
  return ""
}

/** A registry problem's path in the file: own rules come first in a resolved policy; a basis rule's problem is the file's parameters'. */
const inherited = (d: DecodeIssue, own: number): string => {
  const m = /^rules\[(\d+)\]/.exec(d.path)
  return m !== null && Number(m[1]) >= own ? "parameters" : d.path
}
