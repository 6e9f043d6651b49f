/**
 * Training batches: each epoch draws a few random crops of every training clip, shuffles them with a
 * seeded generator, and assembles batches of crops with their augmentation and targets as feeds of
 * the training step.
 *
 * Class targets are rows of weights over the classes (see `softTargetCrossEntropy`), so class
 * weights, missing labels, label smoothing and mixup are all decided here.
 *
 * @module
 */
import * as ort from "onnxruntime-node"
import { InputNames } from "./architecture.ts"
import type { Example } from "./dataset.ts"
import type { ClassHead, HeadLayout, Targets } from "./heads.ts"
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
   * can memorise clips by it. Default 0.5.
   */
  readonly featureNoise: number
  /**
   * Mixup (Zhang et al., ICLR 2018): each crop is mixed with another crop of its batch, mel power,
   * features and class targets alike, with a weight drawn from Beta(α, α). 0 = off. Default 0.
   */
  readonly mixup: number
  /** Label smoothing ε (Szegedy et al. 2016): targets are `(1 − ε)·onehot + ε / C`. Default 0.1. */
  readonly labelSmoothing: number
}

/** The augmentation the cross-validation runs of docs/MODEL.md chose. */
export const defaultAugment: AugmentOptions = {
  gainDb: 6,
  specAugment: 0,
  maxFrequencyMask: 16,
  maxTimeMask: 16,
  featureNoise: 0.5,
  mixup: 0,
  labelSmoothing: 0.1,
}

/** One crop of one clip and how it is augmented. */
export interface Crop {
  readonly example: number
  readonly start: number
  readonly gainDb: number
  /** `[first, count]` masked bands / frames; count 0 = none. */
  readonly bandMask: readonly [number, number]
  readonly timeMask: readonly [number, number]
  /** Seed of the crop's feature noise and mixup draws. */
  readonly seed: number
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
        seed: rng.int(2 ** 31),
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

/**
 * A draw from Beta(α, α) by Jöhnk's method (valid for any α > 0, fast for α ≤ 1).
 * numpy: `rng.beta(a, a)`. Reference: Jöhnk 1964; Devroye, "Non-Uniform Random Variate Generation", IX.3.
 */
export const betaSample = (rng: Rng, alpha: number): number => {
  for (;;) {
    const x = rng.next() ** (1 / alpha)
    const y = rng.next() ** (1 / alpha)
    if (x + y <= 1 && x + y > 0) return x / (x + y)
  }
}

/** What batch assembly needs besides the crops. */
export interface BatchContext {
  readonly examples: ReadonlyArray<Example>
  readonly targets: Targets
  readonly layout: HeadLayout
  readonly classWeights: Partial<Record<ClassHead, Float32Array>>
  readonly cropFrames: number
  readonly augment: AugmentOptions
  /** Per band, the power whose standardised level is 0 (what SpecAugment masks hold). */
  readonly maskPower: Float32Array
  /** Per feature, its standard deviation over the training clips (the scale of feature noise). */
  readonly featureStd: Float32Array
  /** With an RBF feature branch: each example's prototype index (−1: none), and the prototype count. */
  readonly prototypes?: { readonly of: Int32Array; readonly count: number }
}

/** Adds `weight ×` the target row of example `e` for `head` into `row`. */
const addTargetRow = (
  row: Float32Array,
  c: BatchContext,
  head: ClassHead,
  e: number,
  weight: number,
): void => {
  const y = c.targets[head][e]!
  if (y < 0) return
  const w = weight * (c.classWeights[head]?.[y] ?? 1)
  const eps = c.augment.labelSmoothing
  if (eps > 0) for (let k = 0; k < row.length; k++) row[k]! += (w * eps) / row.length
  row[y]! += w * (1 - eps)
}

/**
 * The feeds of one training step: the crops' mel power `[N, bands, cropFrames]` with SpecAugment
 * masks, the feature vectors with noise, the gains, mixup, and each head's targets.
 */
export const batchFeeds = (crops: ReadonlyArray<Crop>, c: BatchContext): Feeds => {
  const { examples, cropFrames, augment } = c
  const n = crops.length
  const bands = examples[crops[0]!.example]!.melBands
  const featureSize = examples[crops[0]!.example]!.features.length
  const size = bands * cropFrames
  const mel = new Float32Array(n * size)
  const features = new Float32Array(n * featureSize)
  crops.forEach((crop, i) => {
    const e = examples[crop.example]!
    const offset = i * size
    copyBinMajorWindow(e, crop.start, cropFrames, mel, offset)
    const [b0, bw] = crop.bandMask
    for (let b = b0; b < b0 + bw; b++)
      mel.fill(c.maskPower[b]!, offset + b * cropFrames, offset + (b + 1) * cropFrames)
    const [t0, tw] = crop.timeMask
    if (tw > 0)
      for (let b = 0; b < bands; b++)
        mel.fill(c.maskPower[b]!, offset + b * cropFrames + t0, offset + b * cropFrames + t0 + tw)
    features.set(e.features, i * featureSize)
    if (augment.featureNoise > 0) {
      const rng = createRng(crop.seed)
      for (let k = 0; k < featureSize; k++)
        features[i * featureSize + k]! += augment.featureNoise * c.featureStd[k]! * rng.normal()
    }
  })
  // Mixup partners and weights: crop i keeps λᵢ of itself and takes 1 − λᵢ of crop partner[i].
  const lambda = new Float32Array(n).fill(1)
  const partner = Int32Array.from(crops, (_, i) => i)
  if (augment.mixup > 0 && n > 1)
    crops.forEach((crop, i) => {
      const rng = createRng(crop.seed ^ 0x5bd1e995)
      lambda[i] = betaSample(rng, augment.mixup)
      partner[i] = (i + 1 + rng.int(n - 1)) % n
    })
  const mixedMel = augment.mixup > 0 ? new Float32Array(mel.length) : mel
  const mixedFeatures = augment.mixup > 0 ? new Float32Array(features.length) : features
  if (augment.mixup > 0)
    for (let i = 0; i < n; i++) {
      const [l, j] = [lambda[i]!, partner[i]!]
      for (let k = 0; k < size; k++)
        mixedMel[i * size + k] = l * mel[i * size + k]! + (1 - l) * mel[j * size + k]!
      for (let k = 0; k < featureSize; k++)
        mixedFeatures[i * featureSize + k] =
          l * features[i * featureSize + k]! + (1 - l) * features[j * featureSize + k]!
    }
  const feeds: Record<string, ort.Tensor> = {
    [InputNames.spectrogram]: new ort.Tensor("float32", mixedMel, [n, bands, cropFrames]),
    [InputNames.features]: new ort.Tensor("float32", mixedFeatures, [n, featureSize]),
    [TrainInputNames.gainDb]: new ort.Tensor(
      "float32",
      Float32Array.from(
        crops,
        (crop, i) => lambda[i]! * crop.gainDb + (1 - lambda[i]!) * crops[partner[i]!]!.gainDb,
      ),
      [n],
    ),
  }
  for (const head of ["genre", "mood", "key"] as const) {
    const classes = c.layout[head]?.length
    if (classes === undefined) continue
    const rows = new Float32Array(n * classes)
    crops.forEach((crop, i) => {
      const row = rows.subarray(i * classes, (i + 1) * classes)
      addTargetRow(row, c, head, crop.example, lambda[i]!)
      if (lambda[i]! < 1) addTargetRow(row, c, head, crops[partner[i]!]!.example, 1 - lambda[i]!)
    })
    feeds[TrainInputNames[head]] = new ort.Tensor("float32", rows, [n, classes])
  }
  if (c.prototypes !== undefined) {
    const { of, count } = c.prototypes
    const kernelMask = new Float32Array(n * count).fill(1)
    crops.forEach((crop, i) => {
      for (const e of [crop.example, crops[partner[i]!]!.example])
        if (of[e]! >= 0) kernelMask[i * count + of[e]!] = 0
    })
    feeds[TrainInputNames.kernelMask] = new ort.Tensor("float32", kernelMask, [n, count])
  }
  if (c.layout.bpm) {
    // A tempo does not mix: the crop that dominates the mix gives it, weighted by its share.
    const bpm = new Float32Array(n)
    const weight = new Float32Array(n)
    crops.forEach((crop, i) => {
      const own = lambda[i]! >= 0.5
      const source = own ? crop.example : crops[partner[i]!]!.example
      const target = c.targets.bpm[source]!
      bpm[i] = target
      weight[i] = Number.isNaN(target) ? 0 : own ? lambda[i]! : 1 - lambda[i]!
    })
    feeds[TrainInputNames.bpm] = new ort.Tensor("float32", bpm, [n])
    feeds[TrainInputNames.bpmMask] = new ort.Tensor("float32", weight, [n])
  }
  return feeds
}
