/**
 * Stratified validation splits and k-fold assignment: every class is spread over the folds in
 * proportion, so a small class is not left out of a fold by chance (as scikit-learn's StratifiedKFold).
 *
 * @module
 */
import { createRng, shuffled } from "./random.ts"

/**
 * Assigns each example to one of `k` folds, stratified by `strata` (one label per example; use a
 * placeholder for unlabelled examples). Within each stratum, examples are shuffled with `seed` and
 * dealt round-robin, continuing where the previous stratum stopped so fold sizes differ by at most one.
 *
 * @returns the fold index of every example, in input order.
 */
export const stratifiedFolds = (strata: ReadonlyArray<string>, k: number, seed: number): Int32Array => {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer ≥ 2, got ${k}`)
  const rng = createRng(seed)
  const byStratum = new Map<string, number[]>()
  strata.forEach((s, i) => {
    const list = byStratum.get(s)
    if (list === undefined) byStratum.set(s, [i])
    else list.push(i)
  })
  const folds = new Int32Array(strata.length)
  let next = 0
  for (const key of [...byStratum.keys()].sort()) {
    for (const i of shuffled(byStratum.get(key)!, rng)) {
      folds[i] = next
      next = (next + 1) % k
    }
  }
  return folds
}

/** Indices of the training and validation examples of fold `fold`. */
export const foldIndices = (folds: Int32Array, fold: number): { train: number[]; validation: number[] } => {
  const train: number[] = []
  const validation: number[] = []
  folds.forEach((f, i) => {
    ;(f === fold ? validation : train).push(i)
  })
  return { train, validation }
}

/**
 * A single stratified split holding out about `fraction` of each stratum for validation.
 * Equivalent to fold 0 of `round(1 / fraction)` stratified folds.
 */
export const stratifiedSplit = (
  strata: ReadonlyArray<string>,
  fraction: number,
  seed: number,
): { train: number[]; validation: number[] } => {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`fraction must be in (0, 1), got ${fraction}`)
  return foldIndices(stratifiedFolds(strata, Math.max(2, Math.round(1 / fraction)), seed), 0)
}
