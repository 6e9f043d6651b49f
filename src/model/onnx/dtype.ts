/**
 * Element types of graph tensors and their JavaScript representations.
 *
 * @module
 */
import type { DataType } from "./proto.ts"

/** Element type of a tensor: ONNX `float` (float32), `double`, `int64` or `bool`. */
export type DType = keyof typeof DataType

/** Element types that carry gradients. */
export type FloatDType = "float" | "double"

/** The typed array that holds values of each element type (onnxruntime's convention). */
export interface DTypeArray {
  readonly float: Float32Array
  readonly double: Float64Array
  readonly int64: BigInt64Array
  readonly bool: Uint8Array
}

/** onnxruntime-node's name of each element type. */
export const ortType = { float: "float32", double: "float64", int64: "int64", bool: "bool" } as const

/** True for `float` and `double`. */
export const isFloat = (dtype: DType): dtype is FloatDType => dtype === "float" || dtype === "double"

/** Little-endian bytes of `values` as `dtype`, for TensorProto's `raw_data`. */
export const rawBytes = (dtype: DType, values: ArrayLike<number> | ArrayLike<bigint>): Uint8Array => {
  const n = values.length
  switch (dtype) {
    case "float":
      return bytesOf(Float32Array.from(values as ArrayLike<number>))
    case "double":
      return bytesOf(Float64Array.from(values as ArrayLike<number>))
    case "int64": {
      const out = new BigInt64Array(n)
      for (let i = 0; i < n; i++) out[i] = BigInt(values[i]!)
      return bytesOf(out)
    }
    case "bool": {
      const out = new Uint8Array(n)
      for (let i = 0; i < n; i++) out[i] = values[i] ? 1 : 0
      return out
    }
  }
}

// Every platform Node runs on is little-endian, as ONNX's raw_data is.
const bytesOf = (a: Float32Array | Float64Array | BigInt64Array): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
