import { describe, expect, it } from "vitest"
import { rhythmFeatures } from "./rhythm-features.ts"

const beatsEvery = (period: number, count: number, start = 10) =>
  Float64Array.from({ length: count }, (_, i) => start + i * period)

describe("rhythmFeatures", () => {
  const envelope = new Float32Array(400).fill(0.1)
  for (let t = 10; t < 400; t += 20) envelope[t] = 1 // strong onsets on the beats
  for (let t = 20; t < 400; t += 20) envelope[t] = 0.5 // weaker ones halfway between

  it("scores onsets only on beats as simple, half on off-beats as complex", () => {
    const beats = beatsEvery(20, 19)
    const onBeats = Int32Array.from({ length: 18 }, (_, i) => 10 + 20 * i)
    expect(rhythmFeatures(envelope, beats, onBeats).rhythmComplexity).toBeCloseTo(0, 9)
    const offBeats = Int32Array.from({ length: 18 }, (_, i) => 20 + 20 * i)
    expect(rhythmFeatures(envelope, beats, offBeats).rhythmComplexity).toBeCloseTo(0, 9) // all at one phase: regular
    const both = Int32Array.from({ length: 36 }, (_, i) => 10 + 10 * i)
    const complexity = rhythmFeatures(envelope, beats, both).rhythmComplexity
    // Weights 1 on the beat and 0.5 on the off-beat: 1 − |1 − 0.5| / 1.5 = 2/3.
    expect(complexity).toBeCloseTo(2 / 3, 2)
  })

  it("measures how much stronger the beats are than the average frame", () => {
    const { beatStrength } = rhythmFeatures(envelope, beatsEvery(20, 19), new Int32Array(0))
    let mean = 0
    for (const v of envelope) mean += v
    mean /= envelope.length
    expect(beatStrength).toBeCloseTo(1 - mean / 1, 6)
    expect(
      rhythmFeatures(new Float32Array(100).fill(1), beatsEvery(10, 9), new Int32Array(0)).beatStrength,
    ).toBe(0)
  })

  it("is 1 for a metronome's beat regularity and lower for uneven beats", () => {
    expect(rhythmFeatures(envelope, beatsEvery(20, 10), new Int32Array(0)).beatRegularity).toBeCloseTo(1, 9)
    const uneven = Float64Array.of(0, 20, 30, 50, 60, 80)
    const r = rhythmFeatures(envelope, uneven, new Int32Array(0)).beatRegularity
    expect(r).toBeGreaterThan(0)
    expect(r).toBeLessThan(0.7)
  })

  it("is all zeros, and finite, when there is nothing to measure", () => {
    for (const [env, beats, onsets] of [
      [new Float32Array(0), new Float64Array(0), new Int32Array(0)],
      [new Float32Array(100), Float64Array.of(5), Int32Array.of(5)],
    ] as const)
      expect(rhythmFeatures(env, beats, onsets)).toEqual({
        rhythmComplexity: 0,
        beatStrength: 0,
        beatRegularity: 0,
      })
    // Silence with a beat grid: no onset strength to weigh, regular beats.
    expect(rhythmFeatures(new Float32Array(100), beatsEvery(10, 9), Int32Array.of(15, 25))).toEqual({
      rhythmComplexity: 0,
      beatStrength: 0,
      beatRegularity: 1,
    })
  })
})
