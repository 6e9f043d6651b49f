import { describe, expect, it } from "vitest"
import { loadGolden, signals } from "../../test/support/golden.ts"
import { maxRelative } from "../../test/support/golden-matrix.ts"
import { rms, zeroCrossingRate } from "./temporal.ts"

describe.each(signals)("time-domain features of %s", (signal) => {
  const input = loadGolden(`${signal}/input`).data as Float32Array

  it("zeroCrossingRate equals librosa.feature.zero_crossing_rate", () => {
    const expected = loadGolden(`${signal}/zero_crossing_rate`).data
    const actual = zeroCrossingRate(input)
    expect(actual.length).toBe(expected.length)
    expect(maxRelative(actual, expected, 1e-6)).toBeLessThan(1e-6)
  })

  it("rms equals librosa.feature.rms", () => {
    const expected = loadGolden(`${signal}/rms`).data
    const actual = rms(input)
    expect(actual.length).toBe(expected.length)
    expect(maxRelative(actual, expected, 1e-6)).toBeLessThan(1e-4)
  })
})

describe("time-domain features by definition", () => {
  it("counts every sign change of an alternating signal, and none in the edge padding", () => {
    const alternating = Float32Array.from({ length: 4096 }, (_, i) => (i % 2 === 0 ? 1 : -1))
    const zcr = zeroCrossingRate(alternating)
    expect(zcr[4]).toBeCloseTo(2047 / 2048, 9) // a frame inside the signal: every pair crosses
    expect(zcr[0]).toBeCloseTo(1023 / 2048, 9) // half the frame is padding that repeats the first sample
  })

  it("treats values within 1e-10 of zero as positive", () => {
    const tiny = Float32Array.of(1, -1e-11, -1, -1e-12, 1)
    const zcr = zeroCrossingRate(tiny, { size: 4, hop: 1, center: false })
    expect(Array.from(zcr, (v) => v * 4)).toEqual([2, 2])
  })

  it("gives the RMS of a constant inside the signal and counts the zero padding at its ends", () => {
    const constant = new Float32Array(8192).fill(0.5)
    const level = rms(constant)
    expect(level[8]).toBeCloseTo(0.5, 7)
    expect(level[0]).toBeCloseTo(0.5 * Math.sqrt(0.5), 7)
  })

  it("returns one zero frame for an empty signal", () => {
    expect(Array.from(zeroCrossingRate(new Float32Array(0)))).toEqual([0])
    expect(Array.from(rms(new Float32Array(0)))).toEqual([0])
  })
})

describe("time-domain features against a frame-by-frame reading", () => {
  /** librosa's framing read one frame at a time: RMS over zero padding, crossings over edge padding. */
  const reference = (signal: Float32Array, size: number, hop: number, center: boolean) => {
    const frames = center
      ? 1 + Math.floor(signal.length / hop)
      : Math.max(0, 1 + Math.floor((signal.length - size) / hop))
    const offset = center ? size >> 1 : 0
    const edge = (i: number) => signal[Math.min(signal.length - 1, Math.max(0, i))]!
    const negative = (x: number) => x < -Math.fround(1e-10)
    const zcr = new Float64Array(frames)
    const level = new Float64Array(frames)
    for (let t = 0; t < frames; t++) {
      const start = t * hop - offset
      let crossings = 0
      let squares = 0
      for (let i = start; i < start + size; i++) {
        if (i > start && negative(edge(i)) !== negative(edge(i - 1))) crossings++
        if (i >= 0 && i < signal.length) squares += signal[i]! ** 2
      }
      zcr[t] = crossings / size
      level[t] = Math.sqrt(squares / size)
    }
    return { zcr, level }
  }

  const noisy = Float32Array.from(
    { length: 5000 },
    (_, i) => Math.sin(i * 0.37) + 0.6 * Math.sin(i * 2.9) - 0.1,
  )
  // Samples at and around the ±1e-10 dead zone, and signed zeros.
  const threshold = Math.fround(1e-10)
  const nearZero = [
    0,
    -0,
    threshold,
    -threshold,
    1.0000001 * threshold,
    -1.0000001 * threshold,
    -1e-11,
    1e-11,
    -1,
  ]
  const deadZone = Float32Array.from(
    { length: 3000 },
    (_, i) => nearZero[(i * 7 + (i >> 3)) % nearZero.length]!,
  )

  it.each([
    [2048, 512, true, 5000],
    [2048, 512, true, 4096],
    [2048, 512, false, 5000],
    [1024, 256, true, 700],
    [2048, 300, true, 5000],
    [500, 128, false, 5000],
    [16, 4, true, 3],
  ])("size %i, hop %i, center %s, %i samples", (size, hop, center, length) => {
    const signal = noisy.subarray(0, length)
    expect(Array.from(zeroCrossingRate(deadZone, { size, hop, center }))).toEqual(
      Array.from(reference(deadZone, size, hop, center).zcr, Math.fround),
    )
    const expected = reference(signal, size, hop, center)
    const options = { size, hop, center }
    expect(Array.from(zeroCrossingRate(signal, options))).toEqual(Array.from(expected.zcr, Math.fround))
    const level = rms(signal, options)
    expect(level.length).toBe(expected.level.length)
    for (let t = 0; t < level.length; t++) expect(level[t]).toBeCloseTo(expected.level[t]!, 6)
  })
})
