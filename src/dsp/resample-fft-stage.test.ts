import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { createFftDecimationStage, suitsFftDecimation } from "./resample-fft-stage.ts"
import { designResampleFilter, planResampleFilters } from "./resample-filter.ts"
import { type ChunkProcessor, createResampleStage } from "./resample-stage.ts"

/** The same pseudo-random signal for a given length and seed (xorshift), in [-1, 1). */
const noise = (length: number, seed = 1): Float32Array => {
  const x = new Float32Array(length)
  let s = seed
  for (let i = 0; i < length; i++) {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    x[i] = (s >>> 0) / 2 ** 31 - 1
  }
  return x
}

/** Feeds `signal` in chunks of the given sizes (cycled), then flushes; the outputs joined. */
const run = (stage: ChunkProcessor, signal: Float32Array, sizes: ReadonlyArray<number>): Float32Array => {
  const parts: number[] = []
  for (let at = 0, k = 0; at < signal.length; k++) {
    const size = sizes[k % sizes.length]!
    parts.push(...stage.process(signal.subarray(at, at + size)))
    at += size
  }
  parts.push(...stage.flush())
  return Float32Array.from(parts)
}

const sharp = designResampleFilter(44100, 22050) // the 232-tap final stage: 909 outputs per block
const short = planResampleFilters(88200, 22050)[0]! // the 24-tap first stage from 88.2 kHz

describe("createFftDecimationStage", () => {
  it("applies to the 2:1 filters of the plans and to no other", () => {
    expect(suitsFftDecimation(sharp)).toBe(true)
    expect(suitsFftDecimation(short)).toBe(true)
    expect(suitsFftDecimation(planResampleFilters(48000, 22050)[0]!)).toBe(false)
    expect(() => createFftDecimationStage(designResampleFilter(48000, 22050))).toThrow(RangeError)
  })

  for (const [name, filter] of [
    ["232-tap", sharp],
    ["24-tap", short],
  ] as const) {
    it(`${name}: equals the direct form to float32 rounding, at every length around the block edges`, () => {
      for (const length of [0, 1, 2, 3, 117, 233, 234, 235, 1817, 1818, 1819, 1820, 5000, 20001]) {
        const x = noise(length, length + 1)
        const direct = run(createResampleStage(filter), x, [length || 1])
        const fast = run(createFftDecimationStage(filter), x, [length || 1])
        expect(fast.length, `${length} samples`).toBe(Math.ceil(length / 2))
        expect(fast.length).toBe(direct.length)
        for (let n = 0; n < direct.length; n++) {
          // The float64 sums differ by ~1e-16; after the float32 store, by at most one step.
          expect(Math.abs(fast[n]! - direct[n]!), `${length} samples, output ${n}`).toBeLessThanOrEqual(
            2 ** -24 * Math.max(1, Math.abs(direct[n]!)),
          )
        }
      }
    })
  }

  it("streams bit for bit as it computes in one chunk, for any chunking", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9000 }),
        fc.array(fc.integer({ min: 1, max: 2500 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        (length, sizes, seed) => {
          const x = noise(length, seed)
          const whole = run(createFftDecimationStage(sharp), x, [Math.max(1, length)])
          const streamed = run(createFftDecimationStage(sharp), x, sizes)
          return Buffer.from(streamed.buffer).equals(Buffer.from(whole.buffer))
        },
      ),
      { numRuns: 60 },
    )
  })

  it("starts afresh after flush", () => {
    const stage = createFftDecimationStage(sharp)
    run(stage, noise(3000, 5), [700])
    const x = noise(4000, 9)
    expect(run(stage, x, [333])).toEqual(run(createFftDecimationStage(sharp), x, [4000]))
  })
})
