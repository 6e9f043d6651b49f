/**
 * One polyphase resampling stage, fed chunk by chunk.
 *
 * The stage keeps the input that later outputs still need (one filter length) and computes each output
 * sample from that stored input with the taps of its phase, always in the same order: the outputs do
 * not depend on how the input was split into chunks, bit for bit.
 *
 * @module
 */
import type { ResampleFilter } from "./resample-filter.ts"
import { SampleHistory } from "./sample-history.ts"

/** A stream transformer: `process` each chunk, then `flush` once; it is then fresh for a new stream. */
export interface ChunkProcessor {
  /** Takes the next chunk (any length, including 0 and 1) and returns the output samples it completes. */
  readonly process: (chunk: Float32Array) => Float32Array
  /** Ends the stream and returns the remaining output samples (input past the end is taken as zeros). */
  readonly flush: () => Float32Array
}

/**
 * A streaming stage applying `filter`: output `n` is `Σ_k x[k] g(n · step / phases − k)`, with `x` zero
 * before index 0 and after the last sample, and there are `ceil(length · phases / step)` outputs.
 */
export const createResampleStage = (filter: ResampleFilter): ChunkProcessor => {
  const { step, phases, half, table } = filter
  const taps = 2 * half
  const wholeStep = Math.floor(step / phases)
  const row = new Float64Array(taps) // the current phase's row when rows are not tabulated
  // With one phase the row is symmetric about tap half − 1: fold it, halving the multiplications.
  const phaseZero = new Float64Array(taps)
  filter.fillRow(0, phaseZero)
  const folded = phaseZero.slice(0, half).reverse() // folded[k] = g(k)

  // The input held; absolute indices below 0 are zeros.
  let held = new SampleHistory(0)
  // Next output sample: its position in the input is centre + phase / phases.
  let centre = 0
  let phase = 0

  const reset = (): void => {
    held = new SampleHistory(Math.max(2 * taps, 4096), -half)
    centre = 0
    phase = 0
  }
  reset()

  /** The first input sample a later output needs. */
  const needed = (): number => Math.min(centre - half + 1, held.end)

  /** How many outputs, from the next one on, sit at input positions below `limit`. */
  const countBelow = (limit: number): number =>
    Math.max(0, Math.ceil(((limit - centre) * phases - phase) / step))

  const produce = (count: number): Float32Array => {
    const out = new Float32Array(count)
    if (phases === 1) {
      foldedOutputs(held.data, folded, centre - held.start, wholeStep, out)
      centre += count * wholeStep
      return out
    }
    const first = centre - half + 1 - held.start
    if (table === null) interpolatedOutputs(held.data, filter, row, first, phase, out)
    else polyphaseOutputs(held.data, table, taps, first, phase, phases, step, out)
    const advance = phase + count * step
    centre += Math.floor(advance / phases)
    phase = advance % phases
    return out
  }

  const process = (chunk: Float32Array): Float32Array => {
    held.append(chunk, needed())
    return produce(countBelow(held.end - half))
  }

  const flush = (): Float32Array => {
    const length = held.end
    held.appendZeros(half, needed())
    const out = produce(countBelow(length))
    reset()
    return out
  }

  return { process, flush }
}

// The kernels are module-level functions, not closures: every stage then shares their type feedback
// and optimised code, and they read no closure variables in their loops.

/**
 * One phase and an integer step: the row is symmetric, `Σ_k g(k) (x[m − k] + x[m + k])` with `g` =
 * `folded` (`g(0) … g(half − 1)`); output `i` is centred on `input[centre + i · step]`. Four outputs
 * go together, sharing each coefficient load and keeping four independent sums in flight; the last
 * few go through `foldedOutput`, which adds the same terms in the same order, so the grouping (which
 * depends on the chunking) never changes a bit.
 */
const foldedOutputs = (
  input: Float32Array,
  g: Float64Array,
  centre: number,
  step: number,
  out: Float32Array,
): void => {
  const half = g.length
  let i = 0
  for (let m0 = centre; i + 3 < out.length; i += 4, m0 += 4 * step) {
    const m1 = m0 + step
    const m2 = m1 + step
    const m3 = m2 + step
    let s0 = g[0] * input[m0]
    let s1 = g[0] * input[m1]
    let s2 = g[0] * input[m2]
    let s3 = g[0] * input[m3]
    for (let k = 1; k < half; k++) {
      const gk = g[k]
      s0 += gk * (input[m0 - k] + input[m0 + k])
      s1 += gk * (input[m1 - k] + input[m1 + k])
      s2 += gk * (input[m2 - k] + input[m2 + k])
      s3 += gk * (input[m3 - k] + input[m3 + k])
    }
    out[i] = s0
    out[i + 1] = s1
    out[i + 2] = s2
    out[i + 3] = s3
  }
  for (; i < out.length; i++) out[i] = foldedOutput(input, g, centre + i * step)
}

/** One output of `foldedOutputs`, its terms added in the same order. */
const foldedOutput = (input: Float32Array, g: Float64Array, m: number): number => {
  let sum = g[0] * input[m]
  for (let k = 1; k < g.length; k++) sum += g[k] * (input[m - k] + input[m + k])
  return sum
}

/** The dot product of `taps` (a multiple of 4) coefficients from `rows[r]` with inputs from `input[first]`. */
const dot = (rows: Float64Array, r: number, input: Float32Array, first: number, taps: number): number => {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  for (let j = 0; j < taps; j += 4) {
    s0 += rows[r + j] * input[first + j]
    s1 += rows[r + j + 1] * input[first + j + 1]
    s2 += rows[r + j + 2] * input[first + j + 2]
    s3 += rows[r + j + 3] * input[first + j + 3]
  }
  return s0 + s1 + (s2 + s3)
}

/**
 * Tabulated rows: output `i` uses row `phase` (`rows[phase · taps …]`) against the inputs from `first`;
 * each output advances the position by `step / phases` input samples.
 */
const polyphaseOutputs = (
  input: Float32Array,
  rows: Float64Array,
  taps: number,
  first: number,
  phase: number,
  phases: number,
  step: number,
  out: Float32Array,
): void => {
  const wholeStep = Math.floor(step / phases)
  const partStep = step % phases
  for (let i = 0; i < out.length; i++) {
    out[i] = dot(rows, phase * taps, input, first, taps)
    first += wholeStep
    phase += partStep
    if (phase >= phases) {
      phase -= phases
      first++
    }
  }
}

/** As `polyphaseOutputs`, with each output's row interpolated into `row` first (too many phases to tabulate). */
const interpolatedOutputs = (
  input: Float32Array,
  filter: ResampleFilter,
  row: Float64Array,
  first: number,
  phase: number,
  out: Float32Array,
): void => {
  const { phases, step, half } = filter
  const wholeStep = Math.floor(step / phases)
  const partStep = step % phases
  for (let i = 0; i < out.length; i++) {
    filter.fillRow(phase, row)
    out[i] = dot(row, 0, input, first, 2 * half)
    first += wholeStep
    phase += partStep
    if (phase >= phases) {
      phase -= phases
      first++
    }
  }
}
