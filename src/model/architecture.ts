/**
 * mirflow's multi-task music network: a convolutional branch over the mel spectrogram and an MLP
 * over the 103-value feature vector, fused, with one head per task (genre, mood, BPM, key).
 *
 *     mel power [N, 128, T] ─ 10·log10(max(x, 1e-10)) ─ per-band standardisation ─┐
 *       ─ (Conv1d k3 ─ BN ─ ReLU ─ MaxPool 2) × blocks ─ global mean ‖ max over time ─┤
 *     features [N, 103] ─ standardisation ─ clip ±5 ─ RBF similarities ─ Linear ─ ReLU ┤
 *                                                          concat ─ Linear ─ ReLU ─ Dropout
 *                                                            ├─ genre / mood / key logits
 *                                                            └─ bpm: log2(bpm / 120)
 *
 * The convolutions slide over time with the mel bands as input channels (1-D, as the temporal
 * filters of Pons et al. 2017 and Choi et al.'s 1-D variants): on this 2-core machine a batch of
 * 32 × 128 × 128 takes ~30 ms of CPU per training step where a 2-D stack of the same depth takes
 * ~120 ms, and with a few hundred clips the network is data-bound, not capacity-bound.
 *
 * The preprocessing (decibels, standardisation) sits inside the graph, so that `model.onnx` takes
 * exactly the dataset's `.npy` content (mel power, bin-major) and any ONNX runtime gives the same
 * answer without mirflow.
 *
 * @module
 */

import { BPM_REFERENCE, type HeadLayout } from "./heads.ts"
import { FEATURE_CLIP, type InputStatistics, MEL_AMIN } from "./normalization.ts"
import type { Graph, Tensor } from "./onnx/graph.ts"
import { batchNormLayer, convLayer, linearLayer } from "./onnx/layers.ts"
import { relu, softmax } from "./onnx/ops/activation.ts"
import { dropout } from "./onnx/ops/dropout.ts"
import { add, clip, exp, log, maximum, mul, square, sub, sum } from "./onnx/ops/elementwise.ts"
import { concat, flatten, reshape } from "./onnx/ops/layout.ts"
import { matmul } from "./onnx/ops/matmul.ts"
import { avgPool, globalAvgPool, globalMaxPool, maxPool } from "./onnx/ops/pool.ts"
import { reduceSum } from "./onnx/ops/reduce.ts"

/** Sizes of the network. */
export interface ArchitectureConfig {
  /** Mel bands of the input. Default 128. */
  readonly melBands: number
  /** Length of the feature vector. Default 103. */
  readonly featureSize: number
  readonly heads: HeadLayout
  /** Output channels of each conv block; every block but the last halves the time axis. Default [64, 64, 128]. */
  readonly convChannels: ReadonlyArray<number>
  /** `"1d"`: convolutions over time with the mel bands as channels; `"2d"`: 3×3 over bands × time. */
  readonly convolution: "1d" | "2d"
  /** Kernel length of the convolutions, in frames. Default 3. */
  readonly kernel: number
  /** Width of the feature MLP. Default 64. */
  readonly featureHidden: number
  /**
   * `"rbf"`: the feature MLP reads RBF-kernel similarities to the training clips' feature vectors
   * (`exp(−γ‖z − p‖²)`, the representation an RBF SVM works in); `"direct"`: the standardised features.
   */
  readonly featureInput: "rbf" | "direct"
  /** γ of the RBF kernel on standardised features; default 1 / featureSize (scikit-learn's `gamma="scale"`). */
  readonly kernelGamma?: number
  /** Width of the fusion layer. Default 128. */
  readonly fusionHidden: number
  /** Dropout before and after the fusion layer (and before the audio branch head). Default 0.5. */
  readonly dropout: number
  /**
   * Besides the fused head, give every class head a head on the spectrogram branch alone and one on
   * the feature branch's input alone (with an RBF input: kernel logistic regression), each trained on
   * the labels, and answer with the mean of the three softmaxes — an ensemble inside one graph,
   * which keeps each branch useful on its own. Default true.
   */
  readonly branchHeads: boolean
}

/** The default sizes for a head layout. */
export const defaultArchitecture = (heads: HeadLayout): ArchitectureConfig => ({
  melBands: 128,
  featureSize: 103,
  heads,
  convChannels: [64, 64, 128],
  convolution: "1d",
  kernel: 3,
  featureHidden: 64,
  featureInput: "rbf",
  fusionHidden: 128,
  dropout: 0.5,
  branchHeads: true,
})

/** One line for the model card. */
export const describeArchitecture = (c: ArchitectureConfig): string =>
  `mirflow multi-task CNN+MLP: log-mel [${c.melBands}, T] → ${c.convChannels
    .map((ch) => `Conv1d(${ch}, k${c.kernel})+BN+ReLU`)
    .join(" → ")} (max-pool 2 between) → mean‖max over time; features [${c.featureSize}] → ` +
  `${c.featureInput === "rbf" ? "RBF similarities to the training clips → " : ""}Linear(${c.featureHidden})+ReLU; fusion Linear(${c.fusionHidden})+ReLU, dropout ${c.dropout}; heads ` +
  (["genre", "mood", "key"] as const)
    .flatMap((h) => (c.heads[h] === undefined ? [] : [`${h}(${c.heads[h]!.length})`]))
    .concat(c.heads.bpm ? ["bpm(regression)"] : [])
    .join(", ")

/** The network's inputs. */
export interface NetworkInputs {
  /** Mel power, `[N, melBands, T]` (the `.npy` layout). */
  readonly spectrogram: Tensor
  /** The unstandardised feature vector, `[N, featureSize]`. */
  readonly features: Tensor
  /** Training only: a gain in dB per example, added to the log-mel spectrogram (augmentation). */
  readonly gainDb?: Tensor
  /**
   * Training only, `[N, prototypes]`: 0 at the prototypes of the clips a crop comes from, 1 elsewhere,
   * so that a training clip cannot recognise itself among the kernel's centres (at inference a clip
   * is never one of them).
   */
  readonly kernelMask?: Tensor
}

/**
 * Raw head outputs: the logits of each class head's members (the fused head, then the branch heads
 * when `branchHeads` is on), and `log2(bpm / 120)` for BPM (`[N]`).
 */
export interface HeadOutputs {
  readonly genre?: ReadonlyArray<Tensor>
  readonly mood?: ReadonlyArray<Tensor>
  readonly key?: ReadonlyArray<Tensor>
  readonly bpm?: Tensor
}

const perBand = (g: Graph, values: ArrayLike<number>): Tensor =>
  g.constant(values, "float", [1, values.length, 1])

/**
 * Mel power → standardised decibels, `(10·log10(max(x, 1e-10)) + gain − mean_b) / std_b`, folded into
 * one multiply and one add per element: `ln(max(x, 1e-10))·a_b + c_b`.
 */
const standardizedLogMel = (inputs: NetworkInputs, stats: InputStatistics): Tensor => {
  const g = inputs.spectrogram.graph
  const { mean, std } = stats.spectrogram
  const toDb = 10 / Math.LN10
  const scaled = mul(
    log(maximum(inputs.spectrogram, MEL_AMIN)),
    perBand(
      g,
      Array.from(std, (s) => toDb / s),
    ),
  )
  let z = add(
    scaled,
    perBand(
      g,
      Array.from(mean, (m, b) => -m / std[b]!),
    ),
  )
  if (inputs.gainDb !== undefined)
    z = add(
      z,
      mul(
        reshape(inputs.gainDb, [-1, 1, 1]),
        perBand(
          g,
          Array.from(std, (s) => 1 / s),
        ),
      ),
    )
  return z
}

/** `clip((x − mean) / std, −5, 5)`: standardised features, with outliers of unseen music bounded. */
const standardizedFeatures = (features: Tensor, stats: InputStatistics): Tensor => {
  // (the same as `standardizeFeatures` in normalization.ts, which makes the prototypes)
  const g = features.graph
  const { mean, std } = stats.features
  const size = mean.length
  return clip(
    add(
      mul(
        features,
        g.constant(
          Array.from(std, (s) => 1 / s),
          "float",
          [1, size],
        ),
      ),
      g.constant(
        Array.from(mean, (m, k) => -m / std[k]!),
        "float",
        [1, size],
      ),
    ),
    -FEATURE_CLIP,
    FEATURE_CLIP,
  )
}

/**
 * RBF-kernel similarities of standardised features `z: [N, F]` to the prototypes `P: [M, F]`:
 * `exp(−γ·max(‖z‖² − 2·z·Pᵀ + ‖P‖², 0))`, `[N, M]`, times `mask` in training.
 */
const kernelSimilarities = (z: Tensor, stats: InputStatistics, gamma: number, mask?: Tensor): Tensor => {
  const g = z.graph
  const { count, size, values } = stats.prototypes
  const transposed = new Float32Array(size * count)
  const norms = new Float32Array(count)
  for (let m = 0; m < count; m++)
    for (let k = 0; k < size; k++) {
      const v = values[m * size + k]!
      transposed[k * count + m] = v
      norms[m]! += v * v
    }
  const cross = matmul(z, g.constant(transposed, "float", [size, count]))
  const distances = add(
    sub(reduceSum(square(z), [1], true), mul(cross, 2)),
    g.constant(norms, "float", [1, count]),
  )
  const similarities = exp(mul(maximum(distances, 0), -gamma))
  return mask === undefined ? similarities : mul(similarities, mask)
}

/** The spectrogram branch: a clip embedding of `2 × last channels` (mean and max over time). */
const spectrogramBranch = (z: Tensor, c: ArchitectureConfig): Tensor => {
  if (c.convolution === "2d") return spectrogramBranch2d(z, c)
  let h = z
  c.convChannels.forEach((channels, i) => {
    h = convLayer(h, `conv${i + 1}`, {
      outChannels: channels,
      kernel: [c.kernel],
      pads: Math.floor(c.kernel / 2),
      bias: false,
    })
    h = batchNormLayer(h, `conv${i + 1}.bn`)
    // ReLU after the max pool equals ReLU before it (both monotone), on half the elements.
    h = relu(i < c.convChannels.length - 1 ? maxPool(h, [2]) : h)
  })
  return concat([flatten(globalAvgPool(h)), flatten(globalMaxPool(h))], 1)
}

const spectrogramBranch2d = (z: Tensor, c: ArchitectureConfig): Tensor => {
  let h = avgPool(reshape(z, [0, 1, c.melBands, -1]), [2, 2])
  c.convChannels.forEach((channels, i) => {
    h = convLayer(h, `conv${i + 1}`, { outChannels: channels, kernel: [3, 3], pads: 1, bias: false })
    h = batchNormLayer(h, `conv${i + 1}.bn`)
    h = relu(i < c.convChannels.length - 1 ? maxPool(h, [2, 2]) : h)
  })
  return concat([flatten(globalAvgPool(h)), flatten(globalMaxPool(h))], 1)
}

/**
 * Builds the network in `g` and returns the raw head outputs. In a training graph BatchNorm uses
 * batch statistics and Dropout drops; in an inference graph neither.
 */
export const network = (
  inputs: NetworkInputs,
  c: ArchitectureConfig,
  stats: InputStatistics,
): HeadOutputs => {
  const audio = spectrogramBranch(standardizedLogMel(inputs, stats), c)
  const z = standardizedFeatures(inputs.features, stats)
  const featureInput =
    c.featureInput === "rbf"
      ? kernelSimilarities(z, stats, c.kernelGamma ?? 1 / c.featureSize, inputs.kernelMask)
      : z
  const described = relu(linearLayer(featureInput, "features.fc", { outFeatures: c.featureHidden }))
  const fused = dropout(
    relu(
      linearLayer(dropout(concat([audio, described], 1), c.dropout), "fusion.fc", {
        outFeatures: c.fusionHidden,
      }),
    ),
    c.dropout,
  )
  const head = (name: "genre" | "mood" | "key") => {
    const classes = c.heads[name]?.length
    if (classes === undefined) return {}
    const members = [linearLayer(fused, `${name}.head`, { outFeatures: classes })]
    if (c.branchHeads)
      members.push(
        linearLayer(dropout(audio, c.dropout), `${name}.audio_head`, { outFeatures: classes }),
        linearLayer(featureInput, `${name}.feature_head`, { outFeatures: classes }),
      )
    return { [name]: members }
  }
  return {
    ...head("genre"),
    ...head("mood"),
    ...head("key"),
    ...(c.heads.bpm && { bpm: reshape(linearLayer(fused, "bpm.head", { outFeatures: 1 }), [-1]) }),
  }
}

/** Names of the inference model's inputs. */
export const InputNames = { spectrogram: "spectrogram", features: "features" } as const

/**
 * The inference model's outputs: class probabilities for the class heads (the mean of their
 * members' softmaxes), the tempo in BPM for the BPM head, each under the head's name.
 */
export const inferenceOutputs = (heads: HeadOutputs): Record<string, Tensor> => {
  const out: Record<string, Tensor> = {}
  for (const name of ["genre", "mood", "key"] as const) {
    const members = heads[name]
    if (members === undefined) continue
    const probabilities = members.map((logits) => softmax(logits, 1))
    out[name] =
      probabilities.length === 1 ? probabilities[0]! : mul(sum(probabilities), 1 / probabilities.length)
  }
  if (heads.bpm !== undefined) out.bpm = mul(exp(mul(heads.bpm, Math.LN2)), BPM_REFERENCE)
  return out
}

/** Declares the inference inputs in `g` (dynamic batch and time) and builds the inference outputs. */
export const inferenceGraph = (
  g: Graph,
  c: ArchitectureConfig,
  stats: InputStatistics,
): Record<string, Tensor> =>
  inferenceOutputs(
    network(
      {
        spectrogram: g.input(InputNames.spectrogram, "float", ["batch", c.melBands, "time"]),
        features: g.input(InputNames.features, "float", ["batch", c.featureSize]),
      },
      c,
      stats,
    ),
  )
