import fc from "fast-check"
import effectPackage from "effect/package.json"
import { describe, expect, it } from "vitest"
import { effectVersionProblem, loadedEffectVersion, SUPPORTED_EFFECT_RANGE } from "./effectVersion.js"

const installed = effectPackage.version

describe("the effect version check (peer dependency ^3.22)", () => {
  it("reads the version of the effect actually loaded", () => {
    expect(loadedEffectVersion()).toBe(installed)
    expect(effectVersionProblem(installed)).toBeUndefined()
  })

  it.each([
    ["3.21.9", false], // minor 22 − 1
    ["3.22.0", true], //  minor 22
    ["3.23.0", true], //  minor 22 + 1
    ["2.99.0", false],
    ["4.0.0", false],
    ["4.1.5", false]
  ])("effect %s supported: %s", (version, supported) => {
    const problem = effectVersionProblem(version)
    expect(problem === undefined).toBe(supported)
    if (problem !== undefined) {
      expect(problem).toContain(`effect ${version}`)
      expect(problem).toContain(`npm i effect@${SUPPORTED_EFFECT_RANGE}`)
    }
  })

  it("refuses an effect that carries no version stamp, saying so", () => {
    expect(effectVersionProblem(undefined)).toMatch(/without effect 3's version stamp/)
  })

  it("accepts exactly the 3.x versions from 3.22 on, pre-releases included", () => {
    fc.assert(
      fc.property(fc.nat(9), fc.nat(60), fc.nat(30), fc.boolean(), (major, minor, patch, pre) => {
        const version = `${major}.${minor}.${patch}${pre ? "-beta.1" : ""}`
        expect(effectVersionProblem(version) === undefined).toBe(major === 3 && minor >= 22)
      })
    )
  })
})
