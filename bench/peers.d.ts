// Just enough typing for the untyped peer FFT packages the benchmarks compare against.
declare module "ndarray" {
  interface NdArray {
    readonly data: Float64Array
    readonly shape: number[]
  }
  function ndarray(data: Float64Array, shape?: number[]): NdArray
  export default ndarray
}

declare module "ndarray-fft" {
  import type { NdArray } from "ndarray"

  /** In-place complex FFT of (re, im); dir 1 forward, -1 inverse. */
  function fft(dir: 1 | -1, re: NdArray, im: NdArray): void
  export default fft
}
