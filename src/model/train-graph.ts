/**
 * The network wired for training: target inputs and the per-head losses.
 *
 * @module
 */
import { type ArchitectureConfig, InputNames, network } from "./architecture.ts"
import type { InputStatistics } from "./normalization.ts"
import type { Graph, Tensor } from "./onnx/graph.ts"
import { sum } from "./onnx/ops/elementwise.ts"
import { huber, weightedSum } from "./onnx/ops/loss.ts"
import type { TrainOutputs } from "./onnx/train-step.ts"
import { softTargetCrossEntropy } from "./soft-target-loss.ts"

/** Names of the training graph's data inputs besides the model inputs. */
export const TrainInputNames = {
  gainDb: "gain_db",
  /** `[N, prototypes]`: hides each crop's own clip from the feature kernel (see `NetworkInputs.kernelMask`). */
  kernelMask: "kernel_mask",
  /** `[N, classes]` target rows (see `softTargetCrossEntropy`). */
  genre: "genre_target",
  mood: "mood_target",
  key: "key_target",
  /** `[N]` `log2(bpm / 120)`, and `[N]` its weight (0 = no tempo). */
  bpm: "bpm_target",
  bpmMask: "bpm_weight",
} as const

/**
 * Builds the training forward pass and loss for crops of `cropFrames` frames: the sum over heads
 * (and over each class head's members) of soft-target cross-entropy (class weights, missing labels, smoothing and mixup live in the target
 * rows) and, for BPM, a Huber loss on `log2(bpm / 120)` (δ = 0.2, about ±15 %) weighted to clips with
 * a tempo. Each head's loss is also an output (`loss.genre` …) for the training log. Validation runs
 * `inferenceGraph` (architecture.ts) with the same variables.
 */
export const trainingGraph =
  (c: ArchitectureConfig, stats: InputStatistics, cropFrames: number) =>
  (g: Graph): TrainOutputs => {
    const heads = network(
      {
        spectrogram: g.input(InputNames.spectrogram, "float", ["batch", c.melBands, cropFrames]),
        features: g.input(InputNames.features, "float", ["batch", c.featureSize]),
        gainDb: g.input(TrainInputNames.gainDb, "float", ["batch"]),
        ...(c.featureInput === "rbf" && {
          kernelMask: g.input(TrainInputNames.kernelMask, "float", ["batch", stats.prototypes.count]),
        }),
      },
      c,
      stats,
    )
    const terms: Array<readonly [string, Tensor]> = []
    for (const name of ["genre", "mood", "key"] as const) {
      const members = heads[name]
      if (members === undefined) continue
      const targets = g.input(TrainInputNames[name], "float", ["batch", c.heads[name]!.length])
      // Every member of the head (fused, and the branch heads) learns the same targets.
      terms.push([name, sum(members.map((logits) => softTargetCrossEntropy(logits, targets)))])
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
