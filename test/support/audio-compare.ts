/**
 * Comparing decoded audio with its reference, for codecs that do not return the exact samples.
 */

/** Lag (in samples, within ±`maxLag`) at which `decoded` best matches `reference`: `decoded[i + lag] ≈ reference[i]`. */
export const bestLag = (reference: Float32Array, decoded: Float32Array, maxLag = 2048): number => {
  const from = maxLag
  const to = Math.min(reference.length, decoded.length) - maxLag
  let best = 0
  let bestScore = Number.NEGATIVE_INFINITY
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let score = 0
    for (let i = from; i < to; i += 4) score += reference[i]! * decoded[i + lag]!
    if (score > bestScore) {
      bestScore = score
      best = lag
    }
  }
  return best
}

/**
 * Signal-to-noise ratio in dB of `decoded` against `reference`, shifted by `lag`, over the samples
 * both hold, leaving out `edge` samples at each end (where codecs fade in and out).
 */
export const snrDb = (reference: Float32Array, decoded: Float32Array, lag = 0, edge = 0): number => {
  let signal = 0
  let noise = 0
  const from = Math.max(edge, -lag)
  const to = Math.min(reference.length, decoded.length - lag) - edge
  for (let i = from; i < to; i++) {
    const r = reference[i]!
    const e = r - decoded[i + lag]!
    signal += r * r
    noise += e * e
  }
  return 10 * Math.log10(signal / noise)
}

/** Largest absolute difference between two arrays of equal length (Infinity when lengths differ). */
export const maxAbsDiff = (a: Float32Array, b: Float32Array): number => {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY
  let max = 0
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!))
  return max
}
