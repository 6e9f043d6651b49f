import { describe, expect, it } from "vitest"
import { loadGoldenFrames } from "../../test/support/golden-matrix.ts"
import { spectralShape } from "./spectral-shape.ts"

/** Each statistic of one frame by its definition, one pass each, in float64. */
const definitions = (
  power: Float32Array,
  options: { p: number; norm: boolean; amin: number; exponent: number },
) => {
  const n = power.length
  const freqs = Float64Array.from({ length: n }, (_, k) => (k * 22050) / (2 * (n - 1)))
  const m = Float64Array.from(power, Math.sqrt)
  const total = m.reduce((a, b) => a + b, 0)
  const centroid = total < 1.1754943508222875e-38 ? 0 : m.reduce((a, v, k) => a + v * freqs[k]!, 0) / total
  const scale = options.norm && total >= 1.1754943508222875e-38 ? total : 1
  const bandwidth =
    m.reduce((a, v, k) => a + (v / scale) * Math.abs(freqs[k]! - centroid) ** options.p, 0) ** (1 / options.p)
  const levels = Array.from(m, (v) => Math.max(Math.fround(options.amin), v ** options.exponent))
  const flatness =
    Math.exp(levels.reduce((a, v) => a + Math.log(v), 0) / n) / (levels.reduce((a, v) => a + v, 0) / n)
  const crest = total > 1e-12 ? Math.max(...m) / (total / n) : 0
  return { centroid, bandwidth, flatness, crest }
}

describe("spectralShape", () => {
  const power = loadGoldenFrames("song/power_spectrogram")

  it.each([
    { p: 2, norm: true, amin: 1e-10, exponent: 2 },
    { p: 1, norm: false, amin: 1e-6, exponent: 1 },
    { p: 3, norm: true, amin: 1e-10, exponent: 2.5 },
  ])("matches the definitions, options %o", (options) => {
    const shape = spectralShape(power, {
      bandwidthOrder: options.p,
      bandwidthNorm: options.norm,
      flatnessAmin: options.amin,
      flatnessPower: options.exponent,
    })
    for (const t of [0, 10, 100, power.frames - 1]) {
      const expected = definitions(power.data.subarray(t * power.bins, (t + 1) * power.bins), options)
      for (const key of ["centroid", "bandwidth", "flatness", "crest"] as const)
        expect(shape[key][t]! / expected[key]).toBeCloseTo(1, 6)
    }
  })

  it("gives silence a centroid, bandwidth, roll-off and crest of 0 and a flatness of 1", () => {
    const shape = spectralShape({ frames: 2, bins: 1025, data: new Float32Array(2050) })
    for (const key of ["centroid", "bandwidth", "rolloff", "crest"] as const)
      expect(Array.from(shape[key])).toEqual([0, 0])
    expect(Array.from(shape.flatness)).toEqual([1, 1])
  })

  it("rejects a roll-off fraction outside (0, 1) and a non-positive floor", () => {
    const one = { frames: 1, bins: 1025, data: new Float32Array(1025) }
    expect(() => spectralShape(one, { rollPercent: 1 })).toThrow(RangeError)
    expect(() => spectralShape(one, { flatnessAmin: 0 })).toThrow(RangeError)
  })
})
