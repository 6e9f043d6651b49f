import { describe, expect, it } from "vitest"
import { learningRateAt } from "./schedule.ts"
import { copyBinMajorWindow, copyFrameMajorWindow, windowStarts } from "./windows.ts"

describe("windowStarts", () => {
  it("hops while a window fits, then adds an end-aligned window", () => {
    expect(windowStarts(10, 4, 2)).toEqual([0, 2, 4, 6])
    expect(windowStarts(11, 4, 2)).toEqual([0, 2, 4, 6, 7])
    expect(windowStarts(3, 4, 2)).toEqual([0])
    expect(windowStarts(1292, 128, 64)).toHaveLength(20)
  })
})

describe("window copies", () => {
  const bands = 3
  const frames = 5
  // Band b, frame t holds 10·b + t.
  const binMajor = Float32Array.from(
    { length: bands * frames },
    (_, i) => 10 * Math.floor(i / frames) + (i % frames),
  )
  const frameMajor = Float32Array.from(
    { length: bands * frames },
    (_, i) => 10 * (i % bands) + Math.floor(i / bands),
  )

  it("copy the same bin-major window from either layout, tiling a short clip", () => {
    for (const [start, length] of [
      [1, 3],
      [0, 5],
      [2, 8],
    ] as const) {
      const a = new Float32Array(bands * length + 2)
      const b = new Float32Array(bands * length + 2)
      copyBinMajorWindow({ mel: binMajor, melBands: bands, frames }, start, length, a, 2)
      copyFrameMajorWindow({ frames, bins: bands, data: frameMajor }, start, length, b, 2)
      expect(a).toEqual(b)
      for (let band = 0; band < bands; band++)
        for (let t = 0; t < length; t++)
          expect(a[2 + band * length + t]).toBe(10 * band + ((start + t) % frames))
    }
  })
})

describe("learningRateAt", () => {
  const schedule = { peak: 1, warmupSteps: 10, totalSteps: 110, floor: 0 }
  it("warms up linearly, then follows a half cosine to the floor", () => {
    expect(learningRateAt(1, schedule)).toBeCloseTo(0.1, 12)
    expect(learningRateAt(10, schedule)).toBe(1)
    expect(learningRateAt(60, schedule)).toBeCloseTo(0.5, 12)
    expect(learningRateAt(110, schedule)).toBeCloseTo(0, 12)
    expect(learningRateAt(110, { ...schedule, floor: 0.01 })).toBeCloseTo(0.01, 12)
  })
})
