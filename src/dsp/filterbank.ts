/**
 * Spectral filterbanks, dense and sparse.
 *
 * A chroma filter is a sum of Gaussian bumps in log frequency: over most of the spectrum a bin's weight for a
 * pitch class three or more semitones away is below 1e-9 of that bin's largest weight, yet a dense bank
 * multiplies it in for every frame. The sparse form keeps each filter's runs of consecutive weights that matter,
 * and drops weights so small, relative to the largest weight of their bin, that no result can move by more than
 * a few float32 rounding steps of its frame's largest value (see {@link sparsifyFilterbank}).
 *
 * @module
 */

/** A bank of spectral filters, filter-major: filter `f`, FFT bin `k` at `data[f * bins + k]` (librosa's `(n_filters, bins)`). */
export interface Filterbank {
  readonly filters: number
  readonly bins: number
  readonly data: Float32Array
}

/**
 * A filterbank stored as runs of consecutive weights: run `r` gives filter `runFilter[r]` the weights
 * `weights[runOffset[r] … runOffset[r + 1])` for the bins `runStart[r]`, `runStart[r] + 1`, …; every other
 * weight is zero.
 */
export interface SparseFilterbank {
  readonly filters: number
  readonly bins: number
  readonly runFilter: Int32Array
  readonly runStart: Int32Array
  /** `runs + 1` offsets into `weights`. */
  readonly runOffset: Int32Array
  readonly weights: Float32Array
}

/**
 * The default relative floor of {@link sparsifyFilterbank}, 2^-32: with 12 filters, a chroma vector normalized
 * by its maximum moves by less than 6e-9, a twentieth of float32's spacing just below 1.
 */
export const DEFAULT_RELATIVE_FLOOR = 2 ** -32

/**
 * The sparse form of a non-negative filterbank: each weight below `relativeFloor` times the largest weight of
 * its bin is dropped, the rest kept exactly.
 *
 * What dropping costs: call `W_k` bin `k`'s largest weight and `y_f = Σ_k w_fk p_k` the filter outputs of a
 * non-negative spectrum `p`. A filter loses at most `relativeFloor · Σ_k W_k p_k ≤ relativeFloor · Σ_f y_f ≤
 * filters · relativeFloor · max_f y_f`, so every output moves by at most `filters · relativeFloor` of the largest
 * output (twice that once the outputs are divided by their largest, as chroma frames are).
 *
 * @param bank - dense filter-major weights, all ≥ 0.
 * @param relativeFloor - default {@link DEFAULT_RELATIVE_FLOOR}; 0 keeps every non-zero weight.
 * @returns the same filters, {@link applySparseFilterbank} giving the same outputs within the bound above.
 */
export const sparsifyFilterbank = (
  bank: Filterbank,
  relativeFloor = DEFAULT_RELATIVE_FLOOR,
): SparseFilterbank => {
  const { filters, bins, data } = bank
  const floors = new Float64Array(bins)
  for (let k = 0; k < bins; k++) {
    let largest = 0
    for (let f = 0; f < filters; f++) largest = Math.max(largest, data[f * bins + k]!)
    floors[k] = relativeFloor * largest
  }
  const kept = (f: number, k: number) => {
    const w = data[f * bins + k]!
    return w > 0 && w >= floors[k]!
  }
  const runFilter: number[] = []
  const runStart: number[] = []
  const runOffset: number[] = [0]
  const weights: number[] = []
  for (let f = 0; f < filters; f++) {
    for (let k = 0; k < bins; k++) {
      if (!kept(f, k)) continue
      runFilter.push(f)
      runStart.push(k)
      for (; k < bins && kept(f, k); k++) weights.push(data[f * bins + k]!)
      runOffset.push(weights.length)
    }
  }
  return {
    filters,
    bins,
    runFilter: Int32Array.from(runFilter),
    runStart: Int32Array.from(runStart),
    runOffset: Int32Array.from(runOffset),
    weights: Float32Array.from(weights),
  }
}

/**
 * Applies a sparse filterbank to one spectrum: `out[f] = Σ_k w_fk · source[row + k]`, float64 sums.
 *
 * Equals `bank @ S[:, t]` for the dense bank (numpy), up to the dropped weights and float64 rounding.
 *
 * @param bank - from {@link sparsifyFilterbank}.
 * @param source - spectra, the one used at `source[row … row + bank.bins)`.
 * @param out - receives `bank.filters` outputs.
 */
export const applySparseFilterbank = (
  bank: SparseFilterbank,
  source: Float32Array,
  row: number,
  out: Float64Array,
): void => {
  const { runFilter, runStart, runOffset, weights } = bank
  out.fill(0, 0, bank.filters)
  for (let r = 0; r < runFilter.length; r++) {
    const end = runOffset[r + 1]!
    let k = row + runStart[r]!
    let s0 = 0
    let s1 = 0
    let i = runOffset[r]!
    for (; i + 1 < end; i += 2, k += 2) {
      s0 += weights[i]! * source[k]!
      s1 += weights[i + 1]! * source[k + 1]!
    }
    if (i < end) s0 += weights[i]! * source[k]!
    out[runFilter[r]!]! += s0 + s1
  }
}
