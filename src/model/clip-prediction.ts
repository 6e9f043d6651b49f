/**
 * Whole-clip prediction: cut every clip into overlapping fixed-length windows, run the windows of
 * many clips through the model in as few runs as possible, and average each clip's window
 * probabilities. Used by validation during training and by the {@link Classifier} service.
 *
 * @module
 */
import { Effect } from "effect"
import * as ort from "onnxruntime-node"
import type { FrameMatrix } from "../dsp/matrix.ts"
import { InputNames } from "./architecture.ts"
import { type ClassHead, classHeads } from "./heads.ts"
import type { Feeds } from "./onnx/session.ts"
import { type BinMajorMel, copyBinMajorWindow, copyFrameMajorWindow, windowStarts } from "./windows.ts"

/** A clip to classify: its mel power spectrogram and its (unstandardised) feature vector. */
export interface ClipInput {
  /** Frame-major as the stream stages give it ({@link FrameMatrix}), or bin-major as a dataset's `.npy`. */
  readonly mel: FrameMatrix | BinMajorMel
  readonly features: Float32Array
}

/** How clips are cut into windows and batched. */
export interface WindowLayout {
  readonly windowFrames: number
  readonly hopFrames: number
  /** Most windows in one model run. */
  readonly maxBatch: number
}

/** What the model says about one clip. */
export interface ClipOutput {
  /** Windows averaged. */
  readonly windows: number
  /** Mean window probabilities of each class head the model has. */
  readonly probabilities: Partial<Record<ClassHead, Float32Array>>
  /** The BPM head's value for each window, if the model has that head. */
  readonly bpm?: Float32Array
}

const isFrameMajor = (mel: FrameMatrix | BinMajorMel): mel is FrameMatrix => "data" in mel

const dims = (mel: FrameMatrix | BinMajorMel) =>
  isFrameMajor(mel) ? { frames: mel.frames, bands: mel.bins } : { frames: mel.frames, bands: mel.melBands }

/** Runs a model on feeds `{ spectrogram, features }` and returns its outputs. */
export type RunModel<E> = (feeds: Feeds) => Effect.Effect<Record<string, ort.Tensor>, E>

/**
 * Predicts every clip from the average of its windows (see {@link windowStarts}), batching the
 * windows of all clips into runs of at most `layout.maxBatch`.
 *
 * @param run - the model: an inference session, or a training state's evaluation graph
 */
export const predictClips = <E>(
  run: RunModel<E>,
  clips: ReadonlyArray<ClipInput>,
  layout: WindowLayout,
): Effect.Effect<ClipOutput[], E> =>
  Effect.gen(function* () {
    const windows = clips.flatMap((clip, c) =>
      windowStarts(clip.mel.frames, layout.windowFrames, layout.hopFrames).map((start) => ({
        clip: c,
        start,
      })),
    )
    const sums: Array<Partial<Record<ClassHead, Float32Array>>> = clips.map(() => ({}))
    const bpm: number[][] = clips.map(() => [])
    const counts = new Int32Array(clips.length)
    for (let from = 0; from < windows.length; from += layout.maxBatch) {
      const chunk = windows.slice(from, from + layout.maxBatch)
      const outputs = yield* run(windowFeeds(clips, chunk, layout.windowFrames))
      chunk.forEach(({ clip }, i) => {
        counts[clip]!++
        for (const head of classHeads) {
          const t = outputs[head]
          if (t === undefined) continue
          const classes = t.dims[1]!
          const row = (t.data as Float32Array).subarray(i * classes, (i + 1) * classes)
          const sum = (sums[clip]![head] ??= new Float32Array(classes))
          for (let k = 0; k < classes; k++) sum[k]! += row[k]!
        }
        if (outputs.bpm !== undefined) bpm[clip]!.push((outputs.bpm.data as Float32Array)[i]!)
      })
    }
    return clips.map((_, c) => {
      const probabilities: Partial<Record<ClassHead, Float32Array>> = {}
      for (const [head, sum] of Object.entries(sums[c]!) as Array<[ClassHead, Float32Array]>)
        probabilities[head] = sum.map((s) => s / counts[c]!)
      return {
        windows: counts[c]!,
        probabilities,
        ...(bpm[c]!.length > 0 && { bpm: Float32Array.from(bpm[c]!) }),
      }
    })
  })

/** The feeds for a list of windows, `[N, bands, windowFrames]` and `[N, features]`. */
const windowFeeds = (
  clips: ReadonlyArray<ClipInput>,
  windows: ReadonlyArray<{ readonly clip: number; readonly start: number }>,
  windowFrames: number,
): Feeds => {
  const first = clips[windows[0]!.clip]!
  const { bands } = dims(first.mel)
  const featureSize = first.features.length
  const n = windows.length
  const mel = new Float32Array(n * bands * windowFrames)
  const features = new Float32Array(n * featureSize)
  windows.forEach(({ clip, start }, i) => {
    const source = clips[clip]!
    if (dims(source.mel).bands !== bands) throw new RangeError("clips have different mel band counts")
    if (isFrameMajor(source.mel))
      copyFrameMajorWindow(source.mel, start, windowFrames, mel, i * bands * windowFrames)
    else copyBinMajorWindow(source.mel, start, windowFrames, mel, i * bands * windowFrames)
    features.set(source.features, i * featureSize)
  })
  return {
    [InputNames.spectrogram]: new ort.Tensor("float32", mel, [n, bands, windowFrames]),
    [InputNames.features]: new ort.Tensor("float32", features, [n, featureSize]),
  }
}

/**
 * A clip's tempo from its windows' BPM values: the median, with the fraction of windows within 4 %
 * of it as the confidence (how consistently the clip's parts agree).
 */
export const clipTempo = (
  windowBpm: Float32Array,
): { readonly value: number; readonly confidence: number } => {
  const sorted = Float32Array.from(windowBpm).sort()
  const mid = sorted.length >> 1
  const value = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  const agreeing = sorted.filter((v) => Math.abs(v - value) <= 0.04 * value).length
  return { value, confidence: agreeing / sorted.length }
}
