/**
 * Policy simulation (政策模拟): a synthetic portfolio generator, comparisons of policies and reforms side by
 * side, and sweeps of one parameter.
 *
 * @module
 */
export * from "./generator.js"
export * from "./simulate.js"
