import { describe, expect, it } from "vitest"
import { ROLLOFF_BLOCK, rolloffBin } from "./rolloff-bin.ts"

const f32 = Math.fround

/** librosa's search, bin after bin: float32 magnitudes, float32 total and running sum. */
const rolloffBinFloat32 = (magnitude: Float64Array, n: number, rollPercent: number): number => {
  let total = 0
  for (let k = 0; k < n; k++) total = f32(total + f32(magnitude[k]!))
  const threshold = f32(rollPercent * total)
  let running = 0
  let k = 0
  for (; k < n - 1; k++) {
    running = f32(running + f32(magnitude[k]!))
    if (running >= threshold) break
  }
  return k
}

/** The block-cumulative sums `rolloffBin` reads, summed bin after bin as the spectral-shape pass does. */
const blockSums = (magnitude: Float64Array): Float64Array => {
  const out = new Float64Array(Math.ceil(magnitude.length / ROLLOFF_BLOCK))
  let total = 0
  for (let k = 0; k < magnitude.length; k++) {
    total = f32(total + f32(magnitude[k]!))
    if ((k + 1) % ROLLOFF_BLOCK === 0 || k === magnitude.length - 1)
      out[Math.floor(k / ROLLOFF_BLOCK)] = total
  }
  return out
}

const fast = (magnitude: Float64Array, rollPercent: number) =>
  rolloffBin(magnitude, blockSums(magnitude), magnitude.length, rollPercent)

/** xorshift32 in [0, 1). */
const random = (seed: number) => {
  let s = seed
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 2 ** 32
  }
}

describe("rolloffBin", () => {
  it("finds librosa's float32 bin on varied spectra", () => {
    const next = random(12345)
    for (let trial = 0; trial < 3000; trial++) {
      const n = [1, 2, 17, 1025][trial % 4]!
      const slope = 1 + 8 * next()
      const sparse = next() < 0.3
      const magnitude = Float64Array.from({ length: n }, (_, k) =>
        sparse && next() < 0.9 ? 0 : Math.sqrt(Math.fround(next() * 10 ** (-slope * (k / n)))),
      )
      const rollPercent = [0.85, 0.5, 0.99, 0.01, next()][trial % 5]! || 0.5
      expect(fast(magnitude, rollPercent), `trial ${trial}`).toBe(
        rolloffBinFloat32(magnitude, n, rollPercent),
      )
    }
  })

  it("finds the bin where the threshold lands exactly on a running sum", () => {
    const ones = new Float64Array(1000).fill(1)
    expect(fast(ones, 0.5)).toBe(rolloffBinFloat32(ones, 1000, 0.5))
    expect(fast(ones, 0.5)).toBe(499)
  })

  it("follows float32 where float32 and float64 sums disagree", () => {
    // After the first bin, each tiny magnitude is below half a float32 ulp of the running sum: float32 never
    // moves past 1, so its threshold 0.99999 is met at bin 0, while float64 would cross near bin 350.
    const magnitude = new Float64Array(1025).fill(2 ** -26)
    magnitude[0] = 1
    expect(rolloffBinFloat32(magnitude, 1025, 0.99999)).toBe(0)
    expect(fast(magnitude, 0.99999)).toBe(0)
  })

  it("gives bin 0 for silence and the last bin when only it holds the threshold", () => {
    expect(fast(new Float64Array(1025), 0.85)).toBe(0)
    const top = new Float64Array(1025)
    top[1024] = 1
    expect(fast(top, 0.85)).toBe(1024)
  })
})
