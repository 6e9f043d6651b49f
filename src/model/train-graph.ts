/**
 * The network wired for training: label inputs and masked per-head losses with class weights.
 *
 * @module
 */
import { type ArchitectureConfig, InputNames, network } from "./architecture.ts"
import type { InputStatistics } from "./normalization.ts"
import type { Graph, Tensor } from "./onnx/graph.ts"
import { huber, softmaxCrossEntropy, weightedSum } from "./onnx/ops/loss.ts"
import type { TrainOutputs } from "./onnx/train-step.ts"

/** Names of the training graph's data inputs besides the model inputs. */
export const TrainInputNames = {
  gainDb: "gain_db",
  genre: "genre_label",
  mood: "mood_label",
  key: "key_label",
  bpm: "bpm_target",
  bpmMask: "bpm_mask",
} as const

/** Class weights per class head (absent: all 1). */
export interface ClassWeights {
  readonly genre?: Float32Array
  readonly mood?: Float32Array
  readonly key?: Float32Array
}

/**
 * Builds the training forward pass and loss for crops of `cropFrames` frames: the sum over heads of
 * softmax cross-entropy (class weights, label −1 ignored) and, for BPM, a Huber loss on
 * `log2(bpm / 120)` (δ = 0.2, about ±15 %) masked to clips with a tempo. Each head's loss is also an
 * output (`loss.genre` …) for the training log. Validation runs `inferenceGraph` (architecture.ts)
 * with the same variables.
 */
export const trainingGraph =
  (c: ArchitectureConfig, stats: InputStatistics, weights: ClassWeights, cropFrames: number) =>
  (g: Graph): TrainOutputs => {
    const heads = network(
      {
        spectrogram: g.input(InputNames.spectrogram, "float", ["batch", c.melBands, cropFrames]),
        features: g.input(InputNames.features, "float", ["batch", c.featureSize]),
        gainDb: g.input(TrainInputNames.gainDb, "float", ["batch"]),
      },
      c,
      stats,
    )
    const terms: Array<readonly [string, Tensor]> = []
    for (const name of ["genre", "mood", "key"] as const) {
      const logits = heads[name]
      if (logits === undefined) continue
      const w = weights[name]
      terms.push([
        name,
        softmaxCrossEntropy(logits, g.input(TrainInputNames[name], "int64", ["batch"]), {
          ignoreIndex: -1,
          ...(w !== undefined && { weights: g.constant(w, "float") }),
        }),
      ])
    }
    if (heads.bpm !== undefined)
      terms.push([
        "bpm",
        huber(heads.bpm, g.input(TrainInputNames.bpm, "float", ["batch"]), {
          delta: 0.2,
          mask: g.input(TrainInputNames.bpmMask, "float", ["batch"]),
        }),
      ])
    return {
      loss: weightedSum(terms.map(([, l]) => [l, 1] as const)),
      outputs: Object.fromEntries(terms.map(([name, l]) => [`loss.${name}`, l])),
    }
  }
