import { describe, expect, it } from "vitest"
import { columnMeanStd, meanStd } from "./frame-statistics.ts"

describe("meanStd", () => {
  it("gives numpy's mean and population standard deviation", () => {
    expect(meanStd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual([5, 2])
    expect(meanStd([])).toEqual([0, 0])
  })

  it("loses nothing to cancellation on a large offset", () => {
    const [mean, std] = meanStd(Float64Array.from({ length: 1000 }, (_, i) => 1e9 + (i % 2)))
    expect(mean).toBe(1e9 + 0.5)
    expect(std).toBe(0.5)
  })
})

describe("columnMeanStd", () => {
  it("equals meanStd of every column of a frame-major matrix", () => {
    const frames = 37
    const bins = 5
    const data = Float32Array.from({ length: frames * bins }, (_, i) => Math.sin(i * 1.7) * (1 + (i % bins)))
    const { mean, std } = columnMeanStd({ frames, bins, data })
    for (let k = 0; k < bins; k++) {
      const column = Array.from({ length: frames }, (_, t) => data[t * bins + k]!)
      expect([mean[k], std[k]]).toEqual(meanStd(column))
    }
  })

  it("gives zeros for a matrix without frames", () => {
    const { mean, std } = columnMeanStd({ frames: 0, bins: 3, data: new Float32Array(0) })
    expect([...mean, ...std]).toEqual([0, 0, 0, 0, 0, 0])
  })
})
