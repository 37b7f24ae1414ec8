/**
 * redsite core: construction-site Party building (工地党建) as pure, explained rules.
 *
 * @packageDocumentation
 */
// first: loading the core with an effect outside the supported range throws a clear error
export { SUPPORTED_EFFECT_RANGE } from "./effectVersion.js"
export * from "./explain/explanation.js"
export * from "./model/primitives.js"
export * from "./model/vocabulary.js"
export * from "./model/project.js"
export * from "./model/organization.js"
export * from "./model/decode.js"
export * from "./policy/policy.js"
export * from "./policy/sources.js"
export * from "./policy/reform.js"
export * from "./policy/catalogue/index.js"
export * from "./organization/decision.js"
export * from "./organization/setup.js"
export * from "./organization/compare.js"
export * from "./rules/index.js"
export * from "./scenarios/seeds.js"
export * from "./organization/render.js"
export * from "./policy/document.js"
export * from "./scoring/index.js"
export * from "./membership/index.js"
export * from "./structure/index.js"
export * from "./coverage/index.js"
export * from "./compliance/index.js"
export * from "./simulation/index.js"
export * from "./store/index.js"
