/**
 * Every differentiable op, by family.
 *
 * @module
 */
export * from "./activation.ts"
export * from "./conv.ts"
export * from "./dropout.ts"
export * from "./elementwise.ts"
export * from "./layout.ts"
export * from "./loss.ts"
export * from "./matmul.ts"
export * from "./norm.ts"
export * from "./pool.ts"
export * from "./reduce.ts"
