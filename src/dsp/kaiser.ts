/**
 * The Kaiser window and Kaiser's design formulas for windowed-sinc FIR filters.
 *
 * Reference: J. F. Kaiser, "Nonrecursive digital filter design using the I0-sinh window function",
 * Proc. IEEE ISCAS 1974; A. V. Oppenheim & R. W. Schafer, Discrete-Time Signal Processing, 3rd ed.,
 * §7.5.3 (eqs. 7.62-7.63).
 *
 * @module
 */

/**
 * The modified Bessel function of the first kind of order 0, `I0(x)`, as `scipy.special.i0` /
 * `numpy.i0`, summed from its power series `Σ ((x/2)^k / k!)²` until the terms stop changing the
 * sum (about 40 terms at x = 10, accurate to a few ulps for the β values a filter uses).
 */
export const besselI0 = (x: number): number => {
  const quarterSquare = (x * x) / 4
  let term = 1
  let sum = 1
  for (let k = 1; term > sum * 1e-17; k++) {
    term *= quarterSquare / (k * k)
    sum += term
  }
  return sum
}

/**
 * The Kaiser window's shape parameter β for a stopband attenuation of `attenuationDb` decibels
 * (Kaiser's empirical formula, as `scipy.signal.kaiser_beta`):
 * `0.1102 (A − 8.7)` above 50 dB, `0.5842 (A − 21)^0.4 + 0.07886 (A − 21)` from 21 to 50 dB, else 0.
 */
export const kaiserBeta = (attenuationDb: number): number => {
  const a = attenuationDb
  if (a > 50) return 0.1102 * (a - 8.7)
  if (a >= 21) return 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21)
  return 0
}

/**
 * The span `N − 1` in samples (the filter has `N` taps) that a Kaiser-windowed filter needs for a
 * stopband attenuation of `attenuationDb` decibels and a transition band `transitionWidth` wide, in
 * cycles per sample (Kaiser's formula `(A − 7.95) / (2.285 · 2π Δf)`, as the length returned by
 * `scipy.signal.kaiserord` minus one).
 */
export const kaiserSpan = (attenuationDb: number, transitionWidth: number): number =>
  (attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionWidth)

/**
 * The Kaiser window as a continuous function: returns `w(x)`, the window's value at offset `x` from
 * the centre of a window reaching from `-halfWidth` to `halfWidth`, `I0(β √(1 − (x / halfWidth)²)) / I0(β)`
 * inside and 0 from `±halfWidth` out. Sampled at the integers with `halfWidth = (N − 1) / 2` it equals
 * `scipy.signal.windows.kaiser(N, β)` except at the two ends, where scipy has `1 / I0(β)` and this
 * has 0 (so that a kernel built on it vanishes at, and is symmetric within, its support).
 */
export const kaiserWindow = (halfWidth: number, beta: number): ((x: number) => number) => {
  const peak = besselI0(beta)
  return (x) => {
    const r = x / halfWidth
    return r <= -1 || r >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / peak
  }
}
