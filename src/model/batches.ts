/**
 * Training batches: each epoch draws a few random crops of every training clip, shuffles them with a
 * seeded generator, and assembles batches of crops with their augmentation and targets as feeds of
 * the training step.
 *
 * @module
 */
import * as ort from "onnxruntime-node"
import { InputNames } from "./architecture.ts"
import type { Example } from "./dataset.ts"
import type { HeadLayout, Targets } from "./heads.ts"
import type { Feeds } from "./onnx/session.ts"
import { createRng, type Rng, shuffled } from "./random.ts"
import { TrainInputNames } from "./train-graph.ts"
import { copyBinMajorWindow } from "./windows.ts"

/** Data augmentation of training crops. */
export interface AugmentOptions {
  /** Gain drawn uniformly in ±`gainDb` dB, added to the log-mel spectrogram. Default 6. */
  readonly gainDb: number
  /**
   * SpecAugment (Park et al., Interspeech 2019): with this probability, one band of up to
   * `maxFrequencyMask` mel bands and one stretch of up to `maxTimeMask` frames are replaced by the
   * training set's mean level. Default 0 (off).
   */
  readonly specAugment: number
  readonly maxFrequencyMask: number
  readonly maxTimeMask: number
  /**
   * Gaussian noise added to each feature, in units of that feature's standard deviation over the
   * training clips: the feature vector is constant over a clip's crops, so without noise the MLP
   * can memorise clips by it. Default 0.
   */
  readonly featureNoise: number
}

export const defaultAugment: AugmentOptions = {
  gainDb: 6,
  specAugment: 0,
  maxFrequencyMask: 16,
  maxTimeMask: 16,
  featureNoise: 0,
}

/** One crop of one clip and how it is augmented. */
export interface Crop {
  readonly example: number
  readonly start: number
  readonly gainDb: number
  /** `[first, count]` masked bands / frames; count 0 = none. */
  readonly bandMask: readonly [number, number]
  readonly timeMask: readonly [number, number]
  /** Seed of the crop's feature noise. */
  readonly noiseSeed: number
}

const mask = (rng: Rng, size: number, max: number): readonly [number, number] => {
  const width = rng.int(Math.min(max, size) + 1)
  return [rng.int(size - width + 1), width]
}

/**
 * The crops of one epoch, shuffled: `cropsPerClip` random crops of `cropFrames` frames of every clip
 * in `indices` (a clip shorter than a crop is tiled, starting at 0).
 */
export const epochCrops = (
  examples: ReadonlyArray<Example>,
  indices: ReadonlyArray<number>,
  rng: Rng,
  options: { readonly cropFrames: number; readonly cropsPerClip: number; readonly augment: AugmentOptions },
): Crop[] => {
  const { cropFrames, cropsPerClip, augment } = options
  const crops: Crop[] = []
  for (const example of indices) {
    const e = examples[example]!
    for (let k = 0; k < cropsPerClip; k++) {
      const masked = rng.next() < augment.specAugment
      crops.push({
        example,
        start: e.frames > cropFrames ? rng.int(e.frames - cropFrames + 1) : 0,
        gainDb: (2 * rng.next() - 1) * augment.gainDb,
        bandMask: masked ? mask(rng, e.melBands, augment.maxFrequencyMask) : [0, 0],
        timeMask: masked ? mask(rng, cropFrames, augment.maxTimeMask) : [0, 0],
        noiseSeed: rng.int(2 ** 31),
      })
    }
  }
  return shuffled(crops, rng)
}

/** Splits crops into batches of `batchSize`, dropping an incomplete last batch (BatchNorm needs company). */
export const batchesOf = <A>(items: ReadonlyArray<A>, batchSize: number): A[][] => {
  const out: A[][] = []
  for (let i = 0; i + batchSize <= items.length; i += batchSize) out.push(items.slice(i, i + batchSize))
  if (out.length === 0 && items.length > 0) out.push([...items])
  return out
}

const int64 = (values: ArrayLike<number>): ort.Tensor =>
  new ort.Tensor("int64", BigInt64Array.from(Array.from(values), BigInt), [values.length])

const float = (values: Float32Array, dims: number[]): ort.Tensor => new ort.Tensor("float32", values, dims)

/**
 * The feeds of one training step: the crops' mel power `[N, bands, cropFrames]` (SpecAugment masks
 * filled with `fill.maskPower`, the power of each band's mean level), the feature vectors (with
 * `fill.featureNoise` standard deviations of noise), the gains and the targets of the layout's heads.
 */
export const batchFeeds = (
  crops: ReadonlyArray<Crop>,
  examples: ReadonlyArray<Example>,
  targets: Targets,
  layout: HeadLayout,
  cropFrames: number,
  fill: {
    readonly maskPower: Float32Array
    readonly featureStd: Float32Array
    readonly featureNoise: number
  },
): Feeds => {
  const n = crops.length
  const bands = examples[crops[0]!.example]!.melBands
  const featureSize = examples[crops[0]!.example]!.features.length
  const mel = new Float32Array(n * bands * cropFrames)
  const features = new Float32Array(n * featureSize)
  crops.forEach((crop, i) => {
    const e = examples[crop.example]!
    const offset = i * bands * cropFrames
    copyBinMajorWindow(e, crop.start, cropFrames, mel, offset)
    const [b0, bw] = crop.bandMask
    for (let b = b0; b < b0 + bw; b++)
      mel.fill(fill.maskPower[b]!, offset + b * cropFrames, offset + (b + 1) * cropFrames)
    const [t0, tw] = crop.timeMask
    if (tw > 0)
      for (let b = 0; b < bands; b++)
        mel.fill(fill.maskPower[b]!, offset + b * cropFrames + t0, offset + b * cropFrames + t0 + tw)
    features.set(e.features, i * featureSize)
    if (fill.featureNoise > 0) {
      const rng = createRng(crop.noiseSeed)
      for (let k = 0; k < featureSize; k++)
        features[i * featureSize + k]! += fill.featureNoise * fill.featureStd[k]! * rng.normal()
    }
  })
  const pick = <T extends Int32Array | Float32Array>(all: T): number[] => crops.map((c) => all[c.example]!)
  const feeds: Record<string, ort.Tensor> = {
    [InputNames.spectrogram]: float(mel, [n, bands, cropFrames]),
    [InputNames.features]: float(features, [n, featureSize]),
    [TrainInputNames.gainDb]: float(
      Float32Array.from(crops, (c) => c.gainDb),
      [n],
    ),
  }
  for (const head of ["genre", "mood", "key"] as const)
    if (layout[head] !== undefined) feeds[TrainInputNames[head]] = int64(pick(targets[head]))
  if (layout.bpm) {
    const bpm = Float32Array.from(pick(targets.bpm))
    feeds[TrainInputNames.bpm] = float(bpm, [n])
    feeds[TrainInputNames.bpmMask] = float(
      Float32Array.from(bpm, (v) => (Number.isNaN(v) ? 0 : 1)),
      [n],
    )
  }
  return feeds
}
