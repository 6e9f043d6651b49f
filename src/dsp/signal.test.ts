import { describe, expect, it } from "vitest"
import { firstNonFiniteIndex, nonFiniteSampleMessage } from "./signal.ts"

describe("firstNonFiniteIndex", () => {
  it("finds NaN and both infinities, and nothing in finite signals", () => {
    const x = new Float32Array(100)
    expect(firstNonFiniteIndex(x)).toBe(-1)
    expect(firstNonFiniteIndex(new Float32Array(0))).toBe(-1)
    expect(firstNonFiniteIndex(Float32Array.of(3.4e38, -3.4e38, 0, -0))).toBe(-1)
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      x[57] = bad
      x[90] = bad
      expect(firstNonFiniteIndex(x)).toBe(57)
      expect(firstNonFiniteIndex(x, 58)).toBe(90)
      expect(firstNonFiniteIndex(x, 0, 57)).toBe(-1)
      x[57] = 0
      x[90] = 0
    }
    expect(firstNonFiniteIndex([1, 2, Number.NaN])).toBe(2)
  })

  it("describes the culprit", () => {
    const x = Float32Array.of(0, Number.NEGATIVE_INFINITY)
    expect(nonFiniteSampleMessage(x, 1)).toBe("sample 1 is -Infinity: audio samples must be finite numbers")
    expect(nonFiniteSampleMessage([Number.NaN], 0, 22050)).toMatch(/^sample 0 \(0\.000 s\) is NaN/)
  })
})
