/**
 * The spectral roll-off bin of one frame, found as librosa finds it in float32, without a second walk over the
 * frame.
 *
 * librosa takes the first bin where `np.cumsum` of the float32 magnitudes reaches `roll_percent` × their total,
 * both sums running in float32; a float64 search picks a different bin whenever the threshold falls between
 * the two sums. The pass that computes the frame's total (the spectral-shape pass) keeps the float32 running
 * sum at the end of every block of bins; the running sum never decreases, so the first block whose end reaches
 * the threshold holds the bin, and only that block's sums are replayed.
 *
 * @module
 */

/** Bins per block of the block-cumulative sums that {@link rolloffBin} reads. */
export const ROLLOFF_BLOCK = 16

/**
 * Index of the roll-off bin of one frame: the first `k < n - 1` with `cumsum(m)[k] ≥ rollPercent · sum(m)`,
 * sums and threshold in float32, or `n - 1` when there is none.
 *
 * Equals the bin of `librosa.feature.spectral_rolloff(S=m, roll_percent=rollPercent)` (librosa 0.10.1) for a
 * frame of float32 magnitudes `m = float32(magnitude)`.
 *
 * @param magnitude - the frame's magnitudes `|X_k|` (rounded to float32 here), `n` of them, at least 1.
 * @param blockCumulative - `blockCumulative[b]`: the float32 running sum of the float32 magnitudes through the
 *   end of block `b` (bins `0 … min(n, (b + 1)·ROLLOFF_BLOCK) - 1`), added bin after bin from bin 0:
 *   `s = Math.fround(s + Math.fround(magnitude[k]))`.
 * @param n - number of bins.
 * @param rollPercent - fraction in (0, 1).
 */
export const rolloffBin = (
  magnitude: Float64Array,
  blockCumulative: Float64Array,
  n: number,
  rollPercent: number,
): number => {
  const f32 = Math.fround
  const blocks = Math.ceil(n / ROLLOFF_BLOCK)
  const threshold = f32(rollPercent * blockCumulative[blocks - 1]!)
  let block = 0
  while (block < blocks - 1 && blockCumulative[block]! < threshold) block++
  let running = block > 0 ? blockCumulative[block - 1]! : 0
  let k = block * ROLLOFF_BLOCK
  for (; k < n - 1; k++) {
    running = f32(running + f32(magnitude[k]!))
    if (running >= threshold) break
  }
  return k
}
