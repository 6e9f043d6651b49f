import { describe, expect, it } from "vitest"
import { type BatchContext, batchFeeds, betaSample, defaultAugment, epochCrops } from "./batches.ts"
import type { Example } from "./dataset.ts"
import { targetsOf } from "./heads.ts"
import { createRng } from "./random.ts"
import { TrainInputNames } from "./train-graph.ts"

const example = (i: number, genre: string, bpm?: number): Example => ({
  filename: `c${i}`,
  features: Float32Array.of(i, 10 * i),
  // Band b, frame t: 100·i + t (a clip's identity readable from any crop).
  mel: Float32Array.from({ length: 4 * 20 }, (_, k) => 100 * i + (k % 20)),
  melBands: 4,
  frames: 20,
  labels: { genre, ...(bpm !== undefined && { bpm }) },
})
const examples = [example(0, "a", 100), example(1, "b"), example(2, "a", 140), example(3, "c", 90)]
const layout = { genre: ["a", "b", "c"], bpm: true }
/** No feature noise or smoothing unless a test asks for them. */
const plain = { ...defaultAugment, featureNoise: 0, labelSmoothing: 0 }
const context = (augment = plain): BatchContext => ({
  examples,
  targets: targetsOf(examples, layout),
  layout,
  classWeights: { genre: Float32Array.of(1, 2, 3) },
  cropFrames: 8,
  augment,
  maskPower: new Float32Array(4).fill(-1),
  featureStd: Float32Array.of(1, 1),
})

describe("epochCrops", () => {
  it("draws cropsPerClip crops of every clip, reproducibly, inside each clip", () => {
    const options = { cropFrames: 8, cropsPerClip: 3, augment: { ...defaultAugment, specAugment: 1 } }
    const crops = epochCrops(examples, [0, 2, 3], createRng(5), options)
    expect(crops).toEqual(epochCrops(examples, [0, 2, 3], createRng(5), options))
    expect(crops.map((c) => c.example).sort()).toEqual([0, 0, 0, 2, 2, 2, 3, 3, 3])
    for (const c of crops) {
      expect(c.start + 8).toBeLessThanOrEqual(20)
      expect(Math.abs(c.gainDb)).toBeLessThanOrEqual(6)
      expect(c.timeMask[0] + c.timeMask[1]).toBeLessThanOrEqual(8)
    }
  })
})

describe("batchFeeds", () => {
  const crops = examples.map((_, i) => ({
    example: i,
    start: 2 * i,
    gainDb: i,
    bandMask: [0, 0] as const,
    timeMask: [0, 0] as const,
    seed: 11 * i + 1,
  }))

  it("copies crops, weights one-hot targets by class, and weighs tempo by presence", () => {
    const feeds = batchFeeds(crops, context())
    expect(feeds.spectrogram!.dims).toEqual([4, 4, 8])
    const mel = feeds.spectrogram!.data as Float32Array
    expect(mel[3 * 32 + 8 + 5]).toBe(300 + 6 + 5) // clip 3, band 1, frame 6 + 5
    expect(Array.from(feeds[TrainInputNames.genre]!.data as Float32Array)).toEqual([
      1, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 3,
    ])
    expect(Array.from(feeds[TrainInputNames.bpmMask]!.data as Float32Array)).toEqual([1, 0, 1, 1])
    expect((feeds[TrainInputNames.bpm]!.data as Float32Array)[0]).toBeCloseTo(Math.log2(100 / 120), 6)
  })

  it("mixes crops, features and targets with the same weight; smoothing spreads ε", () => {
    const feeds = batchFeeds(crops, context({ ...plain, mixup: 0.4, labelSmoothing: 0.3 }))
    const targets = feeds[TrainInputNames.genre]!.data as Float32Array
    const features = feeds.features!.data as Float32Array
    for (let i = 0; i < 4; i++) {
      // Clip k has features (k, 10k): a mix with one weight for both keeps the second ten times the first.
      expect(features[2 * i + 1]).toBeCloseTo(10 * features[2 * i]!, 4)
      // The row holds λ·w_a + (1 − λ)·w_b in all (class weights 1, 2, 3), and smoothing reaches every class.
      const row = Array.from(targets.subarray(3 * i, 3 * i + 3))
      const total = row.reduce((a, b) => a + b, 0)
      expect(total).toBeGreaterThanOrEqual(1 - 1e-6)
      expect(total).toBeLessThanOrEqual(3 + 1e-6)
      expect(Math.min(...row)).toBeGreaterThan(0)
    }
    const bpmWeight = Array.from(feeds[TrainInputNames.bpmMask]!.data as Float32Array)
    for (const w of bpmWeight) expect(w === 0 || (w >= 0.5 && w <= 1)).toBe(true)
  })

  it("Beta(α, α) draws lie in (0, 1) with mean ½", () => {
    const rng = createRng(3)
    const draws = Array.from({ length: 4000 }, () => betaSample(rng, 0.4))
    for (const d of draws) expect(d > 0 && d < 1).toBe(true)
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(0.5, 1)
    // Beta(0.4, 0.4) has variance 1 / (4·(2α + 1)) = 0.139.
    const variance = draws.reduce((a, d) => a + (d - 0.5) ** 2, 0) / draws.length
    expect(variance).toBeGreaterThan(0.12)
    expect(variance).toBeLessThan(0.16)
  })
})
