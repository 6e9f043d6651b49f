export * from "./frame.ts"
export * from "./npy.ts"
export * from "./window.ts"
