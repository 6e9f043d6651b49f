import { describe, expect, it } from "vitest"
import { selectInPlace } from "./select.ts"

describe("selectInPlace", () => {
  it("finds every rank of random, tied and sorted arrays, as a sort does", () => {
    let s = 7
    const next = () => {
      s ^= s << 13
      s ^= s >>> 17
      s ^= s << 5
      return (s >>> 0) / 2 ** 32
    }
    const arrays = [
      Float32Array.from({ length: 257 }, next),
      Float32Array.from({ length: 100 }, () => Math.floor(next() * 4)),
      Float32Array.from({ length: 64 }, (_, i) => i),
      Float32Array.from({ length: 64 }, (_, i) => 64 - i),
      new Float32Array(33).fill(2),
      Float32Array.of(5),
    ]
    for (const values of arrays) {
      const sorted = Float32Array.from(values).sort()
      for (let k = 0; k < values.length; k++) {
        const copy = Float32Array.from(values)
        expect(selectInPlace(copy, k)).toBe(sorted[k])
        for (let i = 0; i < k; i++) expect(copy[i]).toBeLessThanOrEqual(copy[k]!)
        for (let i = k + 1; i < copy.length; i++) expect(copy[i]).toBeGreaterThanOrEqual(copy[k]!)
      }
    }
  })

  it("rejects a rank outside the array", () => {
    expect(() => selectInPlace(new Float32Array(3), 3)).toThrow(RangeError)
  })
})
