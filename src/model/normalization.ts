/**
 * Input statistics learned on the training split and baked into the model graph as constants: the
 * per-band mean and standard deviation of the log-mel spectrogram, and of each feature.
 *
 * @module
 */
import type { Example } from "./dataset.ts"

/** Smallest mel power before the logarithm, as librosa's `power_to_db(amin=1e-10)`. */
export const MEL_AMIN = 1e-10

/** `10·log10(max(power, amin))`: librosa's `power_to_db(S, ref=1.0, amin=1e-10, top_db=None)`. */
export const powerToDecibels = (power: number): number => 10 * Math.log10(Math.max(power, MEL_AMIN))

/** Standard deviations below this are treated as 1 (a constant input carries no information). */
const MIN_STD = 1e-6

/** Per-component mean and standard deviation. */
export interface Standardization {
  readonly mean: Float32Array
  readonly std: Float32Array
}

/**
 * Standardised feature vectors of training clips, kept as the centres of the feature branch's RBF
 * kernel (see `architecture.ts`): `count × size`, row-major.
 */
export interface Prototypes {
  readonly count: number
  readonly size: number
  readonly values: Float32Array
  /** The example (index into the examples given to {@link inputStatistics}) behind each prototype. */
  readonly examples: Int32Array
}

/** What the graph subtracts and divides by, and the kernel's centres. */
export interface InputStatistics {
  /** Per mel band, in dB. */
  readonly spectrogram: Standardization
  /** Per feature of the 103-value vector. */
  readonly features: Standardization
  readonly prototypes: Prototypes
}

/** Standardised features are clipped to ±this, in the graph and in the prototypes alike. */
export const FEATURE_CLIP = 5

/** `clip((x − mean) / std, −5, 5)` of one feature vector into `out` at `offset`. */
export const standardizeFeatures = (
  x: ArrayLike<number>,
  s: Standardization,
  out: Float32Array,
  offset = 0,
): void => {
  for (let k = 0; k < s.mean.length; k++)
    out[offset + k] = Math.min(FEATURE_CLIP, Math.max(-FEATURE_CLIP, (x[k]! - s.mean[k]!) / s.std[k]!))
}

/** Running sums of `x` and `x²` per component, in float64. */
const accumulate = (components: number) => {
  const sum = new Float64Array(components)
  const squares = new Float64Array(components)
  let count = 0
  return {
    add: (k: number, x: number) => {
      sum[k]! += x
      squares[k]! += x * x
    },
    rows: (n: number) => {
      count += n
    },
    result: (): Standardization => ({
      mean: Float32Array.from(sum, (s) => s / Math.max(count, 1)),
      std: Float32Array.from(sum, (s, k) => {
        const mean = s / Math.max(count, 1)
        const variance = squares[k]! / Math.max(count, 1) - mean * mean
        const std = Math.sqrt(Math.max(variance, 0))
        return std < MIN_STD ? 1 : std
      }),
    }),
  }
}

/**
 * Mean and population standard deviation of each feature over `examples`. numpy:
 * `X.mean(0), X.std(0)` (a zero deviation becomes 1).
 */
export const featureStatistics = (examples: ReadonlyArray<Example>): Standardization => {
  const size = examples[0]?.features.length ?? 0
  const acc = accumulate(size)
  for (const e of examples) for (let k = 0; k < size; k++) acc.add(k, e.features[k]!)
  acc.rows(examples.length)
  return acc.result()
}

/**
 * Mean and standard deviation of each band of the dB mel spectrogram over every `stride`-th frame
 * of `examples`. numpy: `db = 10 * np.log10(np.maximum(S, 1e-10)); db.mean(1), db.std(1)` over the
 * concatenated clips.
 *
 * @param stride - frames between the frames counted. Default 4 (the statistics barely change, the
 *   time drops fourfold).
 */
export const spectrogramStatistics = (examples: ReadonlyArray<Example>, stride = 4): Standardization => {
  const bands = examples[0]?.melBands ?? 0
  const acc = accumulate(bands)
  for (const e of examples) {
    for (let b = 0; b < bands; b++) {
      const row = b * e.frames
      for (let t = 0; t < e.frames; t += stride) acc.add(b, powerToDecibels(e.mel[row + t]!))
    }
    acc.rows(Math.ceil(e.frames / stride))
  }
  return acc.result()
}

/**
 * The standardised feature vectors of (at most `maxCount`, evenly spaced) `examples`, as kernel centres.
 *
 * @param maxCount - most prototypes. Default 512 (the graph's kernel layer costs `N × count × size`).
 */
export const featurePrototypes = (
  examples: ReadonlyArray<Example>,
  features: Standardization,
  maxCount = 512,
): Prototypes => {
  const size = features.mean.length
  const count = Math.min(examples.length, maxCount)
  const chosen = Int32Array.from({ length: count }, (_, i) => Math.floor((i * examples.length) / count))
  const values = new Float32Array(count * size)
  chosen.forEach((e, i) => {
    standardizeFeatures(examples[e]!.features, features, values, i * size)
  })
  return { count, size, values, examples: chosen }
}

/** The statistics and prototypes of a training split. */
export const inputStatistics = (examples: ReadonlyArray<Example>): InputStatistics => {
  const features = featureStatistics(examples)
  return {
    spectrogram: spectrogramStatistics(examples),
    features,
    prototypes: featurePrototypes(examples, features),
  }
}
