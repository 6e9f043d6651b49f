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
