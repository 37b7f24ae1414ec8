// @ts-check
/**
 * The typedoc plugin of redsite's API reference (loaded by typedoc.json's `plugin`; JavaScript because typedoc
 * imports plugins with Node, which does not run TypeScript files).
 *
 * - Modules are titled by their package: `@redsite/core` rather than the entry point's folder `core/src`
 *   (the name of the nearest package.json above the entry point).
 * - A type the author wrote by name stays a name: where a parameter or a return type is declared in the source
 *   (`left: SetupDecision`), it is converted from that declaration when that is shorter than typedoc's default
 *   conversion from the checker's type, which expands aliases such as `typeof SetupDecision.Type` into the
 *   whole Schema-derived object. A type the source leaves to inference and that would run past 4,000
 *   characters (a Schema constant, an HTTP client) is shown as TypeScript abbreviates it, and a Schema class's
 *   base as the source writes it (`Schema.Class<Project>("Project")`) rather than as the intersection of its
 *   fields' types.
 * - Mermaid diagrams (```mermaid blocks in the project documents) are drawn in the page by a copy of mermaid's
 *   browser bundle written into the site's assets: nothing is fetched from a CDN, so the site works offline;
 *   without JavaScript the diagram's source stays readable.
 */
import { copyFileSync, existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import ts from "typescript"
import { Converter, ReflectionKind, Renderer, UnknownType } from "typedoc"

const require = createRequire(import.meta.url)

/** The `name` of the nearest package.json at or above `dir`, if any. */
const packageNameOf = (/** @type {string} */ dir) => {
  for (let d = dir; ; d = dirname(d)) {
    const file = join(d, "package.json")
    if (existsSync(file)) {
      const name = JSON.parse(readFileSync(file, "utf8")).name
      if (typeof name === "string") return name
    }
    if (dirname(d) === d) return undefined
  }
}

/**
 * Converts a declared type node when its rendering is shorter than the one typedoc made from the checker.
 * @param {import("typedoc").Context} context
 * @param {import("typedoc").SomeType | undefined} current
 * @param {ts.TypeNode | undefined} node
 */
const byName = (context, current, node) => {
  if (current === undefined || node === undefined || node.kind === ts.SyntaxKind.ThisType) return current
  const declared = context.converter.convertType(context, node)
  return declared.toString().length < current.toString().length ? declared : current
}

/** Longer than this, an inferred type (one the source does not write) is shown as TypeScript abbreviates it. */
const INFERRED_LIMIT = 4000

/** Longer than this, a class's base type is shown as the source writes its base. */
const HERITAGE_LIMIT = 200

/**
 * An inferred type too long to read shown as the checker prints it (`Struct<{ format: …; … 14 more …; }>`),
 * instead of every nested Schema expanded.
 * @param {import("typedoc").Context} context
 * @param {import("typedoc").SomeType | undefined} current
 * @param {ts.Type | undefined} type
 */
const abbreviated = (context, current, type) =>
  current === undefined || type === undefined || current.toString().length <= INFERRED_LIMIT
    ? current
    : new UnknownType(context.checker.typeToString(type, undefined, ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope))

/**
 * A context scoped to `reflection` where typedoc allows it (its parent is the context's scope), else `context`.
 * @param {import("typedoc").Context} context
 * @param {import("typedoc").Reflection} reflection
 */
const scopedTo = (context, reflection) =>
  context.scope === reflection ? context : reflection.parent === context.scope ? context.withScope(reflection) : context

const MERMAID_INIT = `
(() => {
  const blocks = [...document.querySelectorAll("pre > code.mermaid")]
  if (blocks.length === 0 || typeof mermaid === "undefined") return
  const stored = localStorage.getItem("tsd-theme")
  const dark = stored === "dark" || ((stored === null || stored === "os") && matchMedia("(prefers-color-scheme: dark)").matches)
  const nodes = blocks.map((code) => {
    const div = document.createElement("div")
    div.className = "mermaid"
    div.style.overflowX = "auto"
    div.textContent = code.textContent
    code.parentElement.replaceWith(div)
    return div
  })
  // a wide entity-relationship diagram keeps its size and scrolls rather than shrinking to unreadable
  mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default", securityLevel: "strict", er: { useMaxWidth: false } })
  mermaid.run({ nodes })
})()
`

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (reflection.kindOf(ReflectionKind.Variable)) {
      const symbol = context.getSymbolFromReflection(reflection)
      const declaration = symbol?.valueDeclaration
      if (symbol !== undefined && declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.type === undefined) {
        reflection.type = abbreviated(context, reflection.type, context.checker.getTypeOfSymbol(symbol))
      }
      return
    }
    if (reflection.kindOf(ReflectionKind.Class)) {
      // a Schema class's base (`Schema.Class<X>("X")({ …fields })`) is shown as written without its fields,
      // which the page lists as properties, instead of the intersection of every field's type
      const declaration = context.getSymbolFromReflection(reflection)?.valueDeclaration
      const base = declaration !== undefined && ts.isClassDeclaration(declaration)
        ? declaration.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression
        : undefined
      if (base !== undefined && ts.isCallExpression(base) && ts.isCallExpression(base.expression)) {
        reflection.extendedTypes = reflection.extendedTypes?.map((t) =>
          t.toString().length <= HERITAGE_LIMIT ? t : new UnknownType(base.expression.getText()))
      }
      return
    }
    if (!reflection.kindOf(ReflectionKind.Module)) return
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName
    const name = file === undefined ? undefined : packageNameOf(dirname(file))
    if (name !== undefined) reflection.name = name
  })

  app.converter.on(Converter.EVENT_CREATE_SIGNATURE, (context, signature, declaration, tsSignature) => {
    if (declaration === undefined || ts.isJSDocSignature(declaration) || !("parameters" in declaration)) return
    const scoped = scopedTo(context, signature)
    signature.type = declaration.type === undefined
      ? abbreviated(context, signature.type, tsSignature?.getReturnType())
      : byName(scoped, signature.type, declaration.type)
    for (const parameter of signature.parameters ?? []) {
      const node = declaration.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === parameter.name)
      if (node === undefined || !ts.isParameter(node) || node.type === undefined) continue
      parameter.type = byName(scopedTo(scoped, parameter), parameter.type, node.type)
    }
  })

  // "Inherited from Schema.Class<X>("X")({ …every field's source… }).member" reads as "Schema.Class<X>("X")(…).member",
  // and a Schema class's constructor takes "{ …the properties below }" rather than Effect's conditional type
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      if (reflection.kindOf(ReflectionKind.Parameter) && "type" in reflection && reflection.type !== undefined &&
        reflection.type.toString() === "RequiredKeys<C> extends never ? void | Simplify<C> : Simplify<C>") {
        reflection.type = new UnknownType("{ …the properties below }")
      }
      const targets = [reflection, ...("signatures" in reflection && Array.isArray(reflection.signatures) ? reflection.signatures : [])]
      for (const target of targets) {
        const from = "inheritedFrom" in target ? target.inheritedFrom : undefined
        if (from !== undefined && from !== null && typeof from === "object" && "name" in from && typeof from.name === "string") {
          from.name = from.name.replace(/^(Schema\.\w+<[^>]*>\([^)]*\))\(\{[\s\S]*\}\)\./, "$1(…).")
        }
      }
    }
  })

  const bundle = require.resolve("mermaid/dist/mermaid.min.js")
  app.renderer.on(Renderer.EVENT_END_PAGE, (page) => {
    if (page.contents === undefined || !page.contents.includes("<code class=\"mermaid\">")) return
    const depth = page.url.split("/").length - 1
    const assets = `${"../".repeat(depth)}assets`
    page.contents = page.contents.replace(
      "</body>",
      `<script src="${assets}/mermaid.min.js"></script><script>${MERMAID_INIT}</script></body>`
    )
  })
  app.renderer.on(Renderer.EVENT_END, (event) => {
    copyFileSync(bundle, join(event.outputDirectory, "assets", "mermaid.min.js"))
  })
}
