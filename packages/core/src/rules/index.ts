/**
 * Rules as modules: {@link defineRule}, the one parameter reader, the registry and the requirement question.
 *
 * @module
 */
export * from "./define.js"
export * from "./read.js"
export * from "./registry.js"
export * from "./requirement/facts.js"
export * from "./requirement/index.js"
export * from "./status.js"
export * from "./validate.js"
