/**
 * structure (being built; see the docs page once it lands).
 *
 * @module
 */
export {}
