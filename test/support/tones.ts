/** Test signals and measurements for sines: generation, least-squares fits, levels in dB. */

/** `amplitude · sin(2π f n / rate)` for `n = 0 … length − 1`, computed in float64 and rounded once. */
export const sine = (frequency: number, rate: number, length: number, amplitude = 1): Float32Array => {
  const out = new Float32Array(length)
  const w = (2 * Math.PI * frequency) / rate
  for (let n = 0; n < length; n++) out[n] = amplitude * Math.sin(w * n)
  return out
}

/**
 * The least-squares fit `a sin(ωn) + b cos(ωn)` to `y[from … to)` at the known frequency, and the RMS of
 * what the fit leaves. For `y` a sine of that frequency starting at phase 0, `a` is its gain and `b` its
 * phase error (radians, when small).
 */
export const fitSine = (
  y: Float32Array,
  frequency: number,
  rate: number,
  from: number,
  to: number,
): { a: number; b: number; amplitude: number; residualRms: number } => {
  const w = (2 * Math.PI * frequency) / rate
  let ss = 0
  let cc = 0
  let sc = 0
  let ys = 0
  let yc = 0
  for (let n = from; n < to; n++) {
    const s = Math.sin(w * n)
    const c = Math.cos(w * n)
    ss += s * s
    cc += c * c
    sc += s * c
    ys += y[n]! * s
    yc += y[n]! * c
  }
  const det = ss * cc - sc * sc
  const a = (ys * cc - yc * sc) / det
  const b = (yc * ss - ys * sc) / det
  let residual = 0
  for (let n = from; n < to; n++) residual += (y[n]! - a * Math.sin(w * n) - b * Math.cos(w * n)) ** 2
  return { a, b, amplitude: Math.hypot(a, b), residualRms: Math.sqrt(residual / (to - from)) }
}

/** Root mean square of `y[from … to)`. */
export const rms = (y: ArrayLike<number>, from = 0, to = y.length): number => {
  let sum = 0
  for (let n = from; n < to; n++) sum += y[n]! ** 2
  return Math.sqrt(sum / (to - from))
}

/** `20 log10 |x|`. */
export const db = (x: number): number => 20 * Math.log10(Math.abs(x))
