/**
 * Decoding for the evaluation: mirflow's own decoder, mixdown and resampler, as the pipeline runs them.
 *
 * @module
 */
import { Effect } from "effect"
import { collectMono, monoStream } from "../../src/stream/pipeline.ts"

/** The file's audio as mono float32 samples at `sampleRate` (default 22050 Hz). */
export const decodeMono = (path: string, sampleRate = 22050): Promise<Float32Array> =>
  Effect.runPromise(collectMono(monoStream(path, { sampleRate })))
