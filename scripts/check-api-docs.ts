/**
 * Fails if any public export of a package has no TSDoc comment.
 *
 * Run: pnpm exec tsx scripts/check-api-docs.ts (part of `pnpm run docs:build`).
 * For each package's entry point (`packages/<name>/src/index.ts`), every exported symbol must carry a
 * documentation comment on at least one of its declarations. Typedoc's own "not documented" check also
 * walks the members that Schema classes inherit, which would drown real omissions in noise.
 *
 * After typedoc has built docs/api, it also checks the site: under its size budget (25 MB; 109 MB before
 * Effect's inherited Schema members were left out, about 13 MB after), every module titled by its package,
 * and every page with a mermaid diagram loading the bundled mermaid.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
// every package with an entry point, as typedoc.json's `packages/*/src/index.ts` documents them
const packages = readdirSync(join(root, "packages")).filter((p) => existsSync(join(root, "packages", p, "src", "index.ts")))

const configPath = join(root, "tsconfig.json")
const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
  }
})
if (config === undefined) throw new Error(`cannot read ${configPath}`)
const entries = packages.map((p) => join(root, "packages", p, "src", "index.ts"))
const program = ts.createProgram({ rootNames: entries, options: { ...config.options, noEmit: true } })
const checker = program.getTypeChecker()

const documented = (symbol: ts.Symbol): boolean => {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
  if (target.getDocumentationComment(checker).length > 0) return true
  return (target.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0)
}

let missing = 0
let total = 0
for (const entry of entries) {
  const source = program.getSourceFile(entry)
  if (source === undefined) throw new Error(`no source file ${entry}`)
  const moduleSymbol = checker.getSymbolAtLocation(source)
  if (moduleSymbol === undefined) continue // an entry that exports nothing
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    total++
    if (documented(symbol)) continue
    missing++
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    const decl = target.declarations?.[0]
    const where = decl === undefined
      ? relative(root, entry)
      : `${relative(root, decl.getSourceFile().fileName)}:${decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1}`
    console.log(`undocumented export ${symbol.name} (${where})`)
  }
}
console.log(`${total - missing} of ${total} public exports documented`)

// The built site (when docs/api exists, i.e. after typedoc): within its size budget, modules titled by
// package, and every page with a mermaid diagram loading the bundled mermaid.
const site = join(root, "docs", "api")
const SITE_BUDGET_BYTES = 25 * 1024 * 1024
const siteProblems: Array<string> = []
if (existsSync(site)) {
  let bytes = 0
  let pages = 0
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        walk(path)
        continue
      }
      bytes += statSync(path).size
      if (!entry.name.endsWith(".html")) continue
      pages++
      const html = readFileSync(path, "utf8")
      if (html.includes("<code class=\"mermaid\">") && !html.includes("assets/mermaid.min.js")) {
        siteProblems.push(`${relative(root, path)}: a mermaid diagram without the bundled mermaid`)
      }
    }
  }
  walk(site)
  const modules = readdirSync(join(site, "modules")).filter((f) => f.endsWith(".html"))
  for (const m of modules) if (m.includes("_src")) siteProblems.push(`modules/${m}: a module titled by its folder, not its package`)
  if (bytes > SITE_BUDGET_BYTES) siteProblems.push(`the site is ${(bytes / 2 ** 20).toFixed(1)} MB, over its budget of ${SITE_BUDGET_BYTES / 2 ** 20} MB`)
  console.log(`docs/api: ${(bytes / 2 ** 20).toFixed(1)} MB in ${pages} pages (budget ${SITE_BUDGET_BYTES / 2 ** 20} MB); modules: ${modules.join(", ")}`)
  for (const p of siteProblems) console.log(p)
}
process.exit(missing === 0 && siteProblems.length === 0 ? 0 : 1)
