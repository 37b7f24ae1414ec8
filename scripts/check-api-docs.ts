/**
 * Fails if any public export of a package has no TSDoc comment.
 *
 * Run: pnpm exec tsx scripts/check-api-docs.ts (part of `pnpm docs`).
 * For each package's entry point (`packages/<name>/src/index.ts`), every exported symbol must carry a
 * documentation comment on at least one of its declarations. Typedoc's own "not documented" check also
 * walks the members that Schema classes inherit, which would drown real omissions in noise.
 */
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const packages = ["core", "adapters-sqlite", "adapters-http"]

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
process.exit(missing === 0 ? 0 : 1)
