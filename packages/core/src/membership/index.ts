/**
 * The membership pipeline (发展党员): applicant → activist → candidate → probationary → full. See docs/scoring.md.
 *
 * @module
 */
export * from "./pipeline.js"
