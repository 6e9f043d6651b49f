import { describe, expect, it } from "vitest"
import { loadGolden, signals } from "../../test/support/golden.ts"
import { countNonFinite, loadGoldenFrames, maxRelative } from "../../test/support/golden-matrix.ts"
import type { FrameMatrix } from "./matrix.ts"
import { spectralBandwidth, spectralCentroid, spectralFlatness, spectralRolloff } from "./spectral.ts"

const features = {
  spectral_centroid: spectralCentroid,
  spectral_bandwidth: spectralBandwidth,
  spectral_rolloff: spectralRolloff,
  spectral_flatness: spectralFlatness,
} as const

describe.each(signals)("spectral shape of %s", (signal) => {
  const power = loadGoldenFrames(`${signal}/power_spectrogram`)

  it.each(Object.keys(features) as (keyof typeof features)[])("%s equals librosa's", (name) => {
    const actual = features[name](power)
    const expected = loadGolden(`${signal}/${name}`).data
    expect(actual.length).toBe(expected.length)
    expect(countNonFinite(actual)).toBe(0)
    // Relative per frame; values below 1e-6 (silent frames: 0 Hz) are compared absolutely.
    expect(maxRelative(actual, expected, 1e-6)).toBeLessThan(1e-4)
  })
})

/** One frame of a 2048-point power spectrum holding the given bin powers, zero elsewhere. */
const frameWith = (powers: Record<number, number>): FrameMatrix => {
  const data = new Float32Array(1025)
  for (const [k, p] of Object.entries(powers)) data[Number(k)] = p
  return { frames: 1, bins: 1025, data }
}

describe("spectral shape by definition", () => {
  const hz = 22050 / 2048

  it("puts the centroid of two equal magnitudes half-way and the bandwidth at half their distance", () => {
    const two = frameWith({ 100: 4, 300: 4 })
    expect(spectralCentroid(two)[0]).toBeCloseTo(200 * hz, 2)
    expect(spectralBandwidth(two)[0]).toBeCloseTo(100 * hz, 2)
    expect(spectralBandwidth(two, { norm: false })[0]).toBeCloseTo(100 * hz * Math.sqrt(4), 1)
  })

  it("rolls off at the bin where 85% of the magnitude is reached", () => {
    // magnitudes 8, 1, 1 at bins 10, 20, 30: 8/10 < 0.85 ≤ 9/10
    expect(spectralRolloff(frameWith({ 10: 64, 20: 1, 30: 1 }))[0]).toBeCloseTo(20 * hz, 3)
    expect(spectralRolloff(frameWith({ 10: 64, 20: 1, 30: 1 }), { rollPercent: 0.5 })[0]).toBeCloseTo(
      10 * hz,
      3,
    )
    expect(() => spectralRolloff(frameWith({}), { rollPercent: 1 })).toThrow(RangeError)
  })

  it("gives flatness 1 for a flat spectrum and near 0 for a single line", () => {
    const flat = { frames: 1, bins: 1025, data: new Float32Array(1025).fill(0.25) }
    expect(spectralFlatness(flat)[0]).toBeCloseTo(1, 6)
    expect(spectralFlatness(frameWith({ 100: 1 }))[0]).toBeLessThan(1e-6)
  })
})

describe("spectralFlatness at extreme levels", () => {
  /** The definition, one logarithm per bin. */
  const naiveFlatness = (data: Float32Array, amin: number): number => {
    let logSum = 0
    let sum = 0
    for (const p of data) {
      const v = Math.max(Math.fround(amin), p)
      logSum += Math.log(v)
      sum += v
    }
    return Math.exp(logSum / data.length) / (sum / data.length)
  }

  it("stays exact where products of many bins would overflow or underflow float64", () => {
    const loud = Float32Array.from({ length: 1025 }, (_, k) => 1e30 * (1 + (k % 3)))
    expect(
      spectralFlatness({ frames: 1, bins: 1025, data: loud })[0]! / naiveFlatness(loud, 1e-10),
    ).toBeCloseTo(1, 6)
    const faint = Float32Array.from({ length: 1025 }, (_, k) => 1e-38 * (1 + (k % 3)))
    const flatness = spectralFlatness({ frames: 1, bins: 1025, data: faint }, { amin: 1e-45 })[0]!
    expect(flatness / naiveFlatness(faint, 1e-45)).toBeCloseTo(1, 6)
  })
})
