/**
 * Construction option for Schema classes built by the core's own rules from values that are already
 * decoded: skips re-validating them (the types guarantee their shape), which would otherwise dominate the
 * cost of an evaluation. Input from outside is always decoded with validation.
 *
 * @internal
 */
export const trusted = { disableValidation: true } as const
