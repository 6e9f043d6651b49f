/**
 * Order statistics without sorting.
 *
 * @module
 */

/**
 * The `k`-th smallest value of `values[0 … n)` (`k` from 0), found by quickselect (Hoare, "Algorithm 65: Find",
 * CACM 4(7), 1961) with median-of-three pivots: expected time linear in `n`. The array is reordered in place so
 * that `values[k]` holds the answer, every value before it is ≤ and every value after it ≥.
 *
 * Equals `numpy.partition(values, k)[k]` (and `numpy.sort(values)[k]`).
 *
 * @param values - the values, reordered; NaN-free.
 * @param k - rank, `0 ≤ k < values.length`.
 */
export const selectInPlace = (values: Float32Array | Float64Array, k: number): number => {
  if (!(Number.isInteger(k) && k >= 0 && k < values.length)) {
    throw new RangeError(`rank ${k} is outside 0 … ${values.length - 1}`)
  }
  let lo = 0
  let hi = values.length - 1
  while (hi > lo) {
    const mid = (lo + hi) >> 1
    // Median of three as the pivot, which also puts sentinels at both ends of the range.
    if (values[mid]! < values[lo]!) swap(values, mid, lo)
    if (values[hi]! < values[lo]!) swap(values, hi, lo)
    if (values[hi]! < values[mid]!) swap(values, hi, mid)
    const pivot = values[mid]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (values[i]! < pivot) i++
      while (values[j]! > pivot) j--
      if (i <= j) swap(values, i++, j--)
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else break // j < k < i: values[k] equals the pivot
  }
  return values[k]!
}

const swap = (values: Float32Array | Float64Array, a: number, b: number): void => {
  const v = values[a]!
  values[a] = values[b]!
  values[b] = v
}
