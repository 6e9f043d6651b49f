export * from "./frame.ts"
export * from "./matrix.ts"
export * from "./npy.ts"
export * from "./window.ts"
