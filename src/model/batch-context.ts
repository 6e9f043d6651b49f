/**
 * What batch assembly needs to know about a training split: class weights, the SpecAugment fill
 * level, the feature scale, and where each clip sits among the feature kernel's prototypes.
 *
 * @module
 */
import type { ArchitectureConfig } from "./architecture.ts"
import type { AugmentOptions, BatchContext } from "./batches.ts"
import type { Example } from "./dataset.ts"
import { balancedClassWeights, type ClassHead, type HeadLayout, type Targets } from "./heads.ts"
import type { InputStatistics } from "./normalization.ts"

/** Class weights of every class head from the training clips' labels (see `balancedClassWeights`). */
const classWeightsOf = (
  layout: HeadLayout,
  targets: Targets,
  train: ReadonlyArray<number>,
  power: number,
): Partial<Record<ClassHead, Float32Array>> => {
  const weights: Partial<Record<ClassHead, Float32Array>> = {}
  for (const head of ["genre", "mood", "key"] as const) {
    const classes = layout[head]
    if (classes !== undefined)
      weights[head] = balancedClassWeights(
        train.map((i) => targets[head][i]!),
        classes.length,
        power,
      )
  }
  return weights
}

/** Each example's prototype index (−1 where it is not one); prototypes index the training subset. */
const prototypeIndex = (stats: InputStatistics, train: ReadonlyArray<number>, examples: number) => {
  const of = new Int32Array(examples).fill(-1)
  stats.prototypes.examples.forEach((t, m) => {
    of[train[t]!] = m
  })
  return { of, count: stats.prototypes.count }
}

/** The batch context of a training split (`train` indexes `examples`; `stats` come from those clips). */
export const batchContext = (
  examples: ReadonlyArray<Example>,
  targets: Targets,
  config: ArchitectureConfig,
  train: ReadonlyArray<number>,
  stats: InputStatistics,
  options: {
    readonly cropFrames: number
    readonly augment: AugmentOptions
    readonly classWeightPower: number
  },
): BatchContext => ({
  examples,
  targets,
  layout: config.heads,
  classWeights: classWeightsOf(config.heads, targets, train, options.classWeightPower),
  cropFrames: options.cropFrames,
  augment: options.augment,
  // The power whose standardised level is 0 in each band: what SpecAugment masks are filled with.
  maskPower: Float32Array.from(stats.spectrogram.mean, (db) => 10 ** (db / 10)),
  featureStd: stats.features.std,
  ...(config.featureInput === "rbf" && { prototypes: prototypeIndex(stats, train, examples.length) }),
})
