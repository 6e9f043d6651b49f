/**
 * The anti-aliasing filter of the resampler: a Kaiser-windowed sinc, cut into polyphase rows.
 *
 * Between `inRate` and `outRate`, reduced to `inRate / outRate = step / phases`, output sample `n`
 * sits at input position `t = n · step / phases`, exactly at input time `n / outRate`. Its value is
 * `Σ_k x[k] g(t − k)` over the `2 · half` input samples `k = ⌊t⌋ − half + 1 … ⌊t⌋ + half`, where `g` is
 * the low-pass kernel in input-sample units. The fractional part of `t` is one of `phases` values, so
 * the coefficients form `phases` rows of `2 · half` taps: row `φ` serves every output whose position
 * has fractional part `φ / phases`.
 *
 * @module
 */
import { kaiserBeta, kaiserSpan, kaiserWindow } from "./kaiser.ts"

/**
 * The quality every resampler is designed for. Frequencies are fractions of the lower of the two
 * Nyquist frequencies (11025 Hz when resampling to 22050 Hz; the input's own Nyquist when upsampling).
 */
export const resampleDesign = {
  /** Passband edge: 0.9 (9922.5 Hz at 22050 Hz out, above the required 9.9 kHz); ripple ≤ 0.001 dB. */
  passband: 0.9,
  /** Stopband edge: 1, the Nyquist frequency itself (11025 Hz at 22050 Hz out). */
  stopband: 1,
  /**
   * Stopband attenuation given to Kaiser's formulas, in dB: sets β = 0.1102 (A − 8.7) = 8.96 and the
   * span (A − 7.95) / (2.285 · 2π Δf), 228.6 taps for the 1102.5 Hz transition at 44.1 kHz. Kaiser's
   * formulas are estimates and two stages add their aliases, so the target sits 10 dB above the
   * requirement (80 dB): the tests prove ≥ 80 dB, the measured worst case is 86.9 dB.
   */
  attenuationDb: 90,
} as const

/** Tabulate every polyphase row when they hold at most this many coefficients (2 MiB); else interpolate. */
const maxTabulated = 1 << 18

/** Density of the dense kernel table used when the rows are not tabulated, per zero crossing of `g`. */
const kernelOversampling = 4096

/** The polyphase filter for one pair of rates. */
export interface ResampleFilter {
  readonly inRate: number
  readonly outRate: number
  /** Input samples advanced per `phases` output samples: `inRate / outRate = step / phases`, reduced. */
  readonly step: number
  /** Number of distinct rows (fractional positions). */
  readonly phases: number
  /** The transition band it was designed for, in Hz. */
  readonly band: FilterBand
  /** The kernel `g(τ)`, τ in input samples, before each row is scaled to unit DC gain. */
  readonly kernel: (tau: number) => number
  /** Taps on each side of an output position; a row has `2 · half` taps. */
  readonly half: number
  /** All rows, row `φ` at `[φ · 2 · half, (φ + 1) · 2 · half)`, or `null` when there are too many to keep. */
  readonly table: Float64Array | null
  /** Writes row `phase` (taps for inputs `⌊t⌋ − half + 1 … ⌊t⌋ + half`) into `out[0 … 2 · half)`. */
  readonly fillRow: (phase: number, out: Float64Array) => void
}

const gcd = (a: number, b: number): number => {
  while (b !== 0) [a, b] = [b, a % b]
  return a
}

const sinc = (x: number): number => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x))

/** Scales `row` so that its taps sum to 1: a constant input then comes out unchanged. */
const normalize = (row: Float64Array, taps: number): void => {
  let sum = 0
  for (let j = 0; j < taps; j++) sum += row[j]
  for (let j = 0; j < taps; j++) row[j] /= sum
}

/** The edges of a filter's transition band, in Hz. */
export interface FilterBand {
  /** Flat (within the ripple that the attenuation implies) up to this frequency. */
  readonly passband: number
  /** Attenuated by `resampleDesign.attenuationDb` from this frequency up. */
  readonly stopband: number
}

/** The band of a direct resampler: {@link resampleDesign}'s edges times the lower Nyquist frequency. */
export const directBand = (inRate: number, outRate: number): FilterBand => {
  const nyquist = Math.min(inRate, outRate) / 2
  return { passband: resampleDesign.passband * nyquist, stopband: resampleDesign.stopband * nyquist }
}

/**
 * Designs the polyphase filter from `inRate` to `outRate` (positive integers, Hz) for the transition
 * band `band` (default {@link directBand}): cutoff half-way between the edges, Kaiser window span and β
 * from Kaiser's formulas for `resampleDesign.attenuationDb`, each row scaled to unit DC gain.
 *
 * The kernel, in input samples, is `g(τ) = c sinc(c τ) w(τ)` with `c = (passband + stopband) / inRate`
 * (twice the cutoff in cycles per sample) and `w` the Kaiser window of half-width `half`. With the
 * default band this is the filter of `scipy.signal.resample_poly(x, up=phases, down=step,
 * window=("kaiser", β))` with its cutoff lowered from the Nyquist to 0.95 of it, so that the stopband
 * starts at the Nyquist frequency.
 */
export const designResampleFilter = (
  inRate: number,
  outRate: number,
  band: FilterBand = directBand(inRate, outRate),
): ResampleFilter => {
  const divisor = gcd(inRate, outRate)
  const step = inRate / divisor
  const phases = outRate / divisor
  const { attenuationDb } = resampleDesign
  const cutoff = (band.passband + band.stopband) / inRate
  const transition = (band.stopband - band.passband) / inRate // cycles per input sample
  const half = 2 * Math.ceil(kaiserSpan(attenuationDb, transition) / 4) // even: rows of 4k taps
  const taps = 2 * half
  const window = kaiserWindow(half, kaiserBeta(attenuationDb))
  const kernel = (tau: number): number => cutoff * sinc(cutoff * tau) * window(tau)

  const exactRow = (phase: number, out: Float64Array): void => {
    const frac = phase / phases
    for (let j = 0; j < taps; j++) out[j] = kernel(frac + half - 1 - j)
    normalize(out, taps)
  }

  if (phases * taps <= maxTabulated) {
    const table = new Float64Array(phases * taps)
    for (let phase = 0; phase < phases; phase++) exactRow(phase, table.subarray(phase * taps))
    const fillRow = (phase: number, out: Float64Array): void =>
      out.set(table.subarray(phase * taps, (phase + 1) * taps))
    return { inRate, outRate, step, phases, band, kernel, half, table, fillRow }
  }

  // Too many phases to keep (a ratio like 44101/44100): sample g densely once and interpolate linearly,
  // 4096 points per zero crossing; the rows come within 1e-6 of the exact ones (see the tests).
  const density = Math.ceil(kernelOversampling * cutoff)
  const dense = new Float64Array(half * density + 2)
  for (let i = 0; i <= half * density; i++) dense[i] = kernel(i / density)
  const fillRow = (phase: number, out: Float64Array): void => {
    const frac = phase / phases
    for (let j = 0; j < taps; j++) {
      const position = Math.abs(frac + half - 1 - j) * density
      const i = Math.floor(position)
      const a = dense[i]
      out[j] = a + (position - i) * (dense[i + 1] - a)
    }
    normalize(out, taps)
  }
  return { inRate, outRate, step, phases, band, kernel, half, table: null, fillRow }
}

/**
 * The filters from `inRate` to `outRate`. Downsampling by other than exactly 2 runs in two stages:
 * first to `2 · outRate` with a short filter that only keeps out what would fold onto the final band
 * (flat to the passband edge, stopped from `2 · outRate` minus the final Nyquist frequency, or from
 * `inRate` if lower: 9922.5 → 33075 Hz, 12 taps at 48 kHz), then 2:1 with the sharp filter, whose
 * single row is symmetric and so costs half (116 multiplications for 232 taps). 48 kHz → 22050 Hz
 * then costs 24 + 116 multiplications per output instead of 252; 192 kHz, 96 + 116 instead of 996.
 * (The resampler applies 2:1 filters by FFT, which costs less again: see `resample-fft-stage.ts`.)
 * Upsampling and 2:1 are one stage. The two stages' aliases add up: 86.9 dB down in the worst case
 * instead of 90.
 */
export const planResampleFilters = (inRate: number, outRate: number): ReadonlyArray<ResampleFilter> => {
  if (inRate <= outRate || inRate === 2 * outRate) return [designResampleFilter(inRate, outRate)]
  const twice = 2 * outRate
  const { passband, stopband } = directBand(inRate, outRate)
  // Stopping from at most inRate keeps the images of the kernel's own spectrum (at multiples of inRate)
  // in its stopband, so that each row may be scaled to unit DC gain.
  const first = designResampleFilter(inRate, twice, {
    passband,
    stopband: Math.min(twice - stopband, inRate),
  })
  return [first, designResampleFilter(twice, outRate)]
}
