import { describe, expect, it } from "vitest"
import {
  designResampleFilter,
  directBand,
  planResampleFilters,
  type ResampleFilter,
  resampleDesign,
} from "./resample-filter.ts"

const rates = [8000, 11025, 16000, 24000, 32000, 37800, 44100, 48000, 88200, 96000, 176400, 192000]

/**
 * The continuous-time frequency response `G(f) = ∫ g(τ) e^{−2πi f τ / inRate} dτ` of a filter's kernel
 * (real: the kernel is even), by the trapezoidal rule at 16 points per input sample (its error, the kernel's spectrum 16 cycles per
 * sample away, is below −120 dB). A resampler with
 * kernel `g` turns an input tone at `f` into tones at `f + m · inRate` of amplitudes `|G(f + m · inRate)|`
 * (Poisson summation), so G alone decides the passband ripple and the aliasing.
 */
const density = 16
const sampled = new WeakMap<ResampleFilter, Float64Array>()
const response = (filter: ResampleFilter, frequency: number): number => {
  let g = sampled.get(filter)
  if (g === undefined) {
    g = Float64Array.from({ length: filter.half * density }, (_, m) => filter.kernel(m / density))
    sampled.set(filter, g)
  }
  const nu = (2 * Math.PI * frequency) / filter.inRate / density
  let sum = g[0]! / 2
  for (let m = 1; m < g.length; m++) sum += g[m]! * Math.cos(nu * m)
  return (2 * sum) / density
}

const db = (gain: number): number => 20 * Math.log10(Math.abs(gain))

/** Largest |G| in dB over [from, to] Hz, on a grid of an eighth of the kernel's sidelobe width. */
const worstStopband = (filter: ResampleFilter, from: number, to: number): number => {
  const step = filter.inRate / (2 * filter.half) / 8
  let worst = Number.NEGATIVE_INFINITY
  for (let f = from; f <= to; f += step) worst = Math.max(worst, db(response(filter, f)))
  return worst
}

/** Largest |20 log10 |G|| over [0, to] Hz. */
const worstRipple = (filter: ResampleFilter, to: number): number => {
  const step = filter.inRate / (2 * filter.half) / 8
  let worst = 0
  for (let f = 0; f <= to; f += step) worst = Math.max(worst, Math.abs(db(response(filter, f))))
  return Math.max(worst, Math.abs(db(response(filter, to))))
}

describe("designResampleFilter", () => {
  it("reduces the ratio and sizes the filter by Kaiser's formula", () => {
    const f44 = designResampleFilter(44100, 22050)
    expect([f44.step, f44.phases]).toEqual([2, 1])
    // Transition 9922.5 → 11025 Hz is 0.025 cycles per input sample: span (90 − 7.95) / (2.285 · 2π · 0.025) = 228.6.
    expect(f44.half).toBe(116)
    const f48 = designResampleFilter(48000, 22050)
    expect([f48.step, f48.phases, f48.half]).toEqual([320, 147, 126])
    expect(f48.table).toHaveLength(147 * 252)
    const f8 = designResampleFilter(8000, 22050) // upsampling: the band is the input's, 3600 → 4000 Hz
    expect([f8.step, f8.phases, f8.half]).toEqual([160, 441, 58])
    expect(directBand(8000, 22050)).toEqual({ passband: 3600, stopband: 4000 })
  })

  it("has rows of unit DC gain, mirror images of each other", () => {
    const filter = designResampleFilter(48000, 22050)
    const taps = 2 * filter.half
    const row = (phase: number) => filter.table!.subarray(phase * taps, (phase + 1) * taps)
    for (const phase of [0, 1, 73, 146]) expect(row(phase).reduce((a, b) => a + b)).toBeCloseTo(1, 14)
    // Row φ at fractional position φ/147 mirrors row 147 − φ: g(φ/147 + k) = g(−(φ/147) − k).
    const a = row(5)
    const b = row(142)
    for (let j = 0; j < taps; j++) expect(a[j]).toBeCloseTo(b[taps - 1 - j]!, 15)
  })

  it("interpolates the rows of a ratio with too many phases to within 1e-6 (−120 dB) of the exact rows", () => {
    const filter = designResampleFilter(44101, 22050)
    expect(filter.table).toBeNull()
    expect(filter.phases).toBe(22050)
    const taps = 2 * filter.half
    const row = new Float64Array(taps)
    for (const phase of [0, 1, 7777, 22049]) {
      filter.fillRow(phase, row)
      let sum = 0
      for (let j = 0; j < taps; j++) sum += filter.kernel(phase / filter.phases + filter.half - 1 - j)
      for (let j = 0; j < taps; j++) {
        const exact = filter.kernel(phase / filter.phases + filter.half - 1 - j) / sum
        expect(Math.abs(row[j]! - exact)).toBeLessThan(1e-6)
      }
    }
  })

  it("uses β = 8.96 and a 90 dB target, so that the requirement (≥ 80 dB) holds with margin", () => {
    expect(resampleDesign.attenuationDb).toBe(90)
    expect(resampleDesign.passband * 11025).toBeGreaterThanOrEqual(9900)
  })
})

describe("every filter of every plan to 22050 Hz", () => {
  for (const rate of rates) {
    it(`${rate} Hz: ripple ≤ 0.1 dB to 9.9 kHz (or 0.9 of the input Nyquist), ≥ 80 dB from the Nyquist up`, () => {
      const finalBand = directBand(rate, 22050)
      for (const filter of planResampleFilters(rate, 22050)) {
        // Every stage is flat over the final passband and stops what would fold onto the final band.
        expect(filter.band.passband).toBe(finalBand.passband)
        expect(worstRipple(filter, finalBand.passband)).toBeLessThan(0.1)
        expect(worstStopband(filter, filter.band.stopband, filter.inRate)).toBeLessThan(-80)
      }
    })
  }
})
