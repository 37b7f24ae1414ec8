/**
 * @redsite/adapters-http — this package is being built; it exports nothing yet.
 *
 * @packageDocumentation
 */
export {}
