/**
 * mirflow's stream stages: decode → mixdown → resample → frame → stft → melSpectrogram → powerToDb →
 * window → batch, each an Effect `Stream` transformer that works a chunk at a time.
 *
 * @module
 */
export * from "../schema/errors/signal.ts"
export {
  analyzeInput,
  analyzeSamples,
  type ClipAnalysis,
  type FeatureValues,
  type InputAnalysis,
} from "./analyze.ts"
export type * from "./chunks.ts"
export {
  type BuildDatasetOptions,
  type BuildProgress,
  type BuildResult,
  buildDataset,
} from "./dataset/build.ts"
export { type ValidationReport, validateDataset } from "./dataset/validate.ts"
export * from "./decode/index.ts"
export { writeFileAtomic, writeTextAtomic } from "./files/atomic.ts"
export { concatPcm, type PcmChunk, pcmFrames } from "./pcm.ts"
export * from "./pipeline.ts"
export { type Failure, fail, type Processor, stage } from "./stage.ts"
export { batch } from "./stages/batch.ts"
export { powerToDb, type StreamDbOptions, windowToDb } from "./stages/db.ts"
export { frame, frameData } from "./stages/frame.ts"
export { melSpectrogram } from "./stages/mel.ts"
export { mixdown } from "./stages/mixdown.ts"
export { resample } from "./stages/resample.ts"
export { type SampleWindow, type SampleWindowOptions, sampleWindow } from "./stages/sample-window.ts"
export { stft } from "./stages/stft.ts"
export { type WindowOptions, window } from "./stages/window.ts"
