import { createResampler, type Resampler } from "../../dsp/resample.ts"
import { StreamLayoutChanged } from "../../schema/errors/signal.ts"
import type { MonoChunk } from "../chunks.ts"
import { fail, stage } from "../stage.ts"

/**
 * Resamples mono audio to `rate` Hz (default 22050) with mirflow's band-limited resampler (flat to
 * 0.9 × the lower Nyquist within 0.1 dB, aliases ≥ 80 dB down; see `dsp/resample.ts`). The output is
 * the same, sample for sample, however the input is split into chunks; audio already at `rate` passes
 * through untouched.
 */
export const resample = (rate = 22050) =>
  stage<MonoChunk, MonoChunk, StreamLayoutChanged>(() => {
    let resampler: Resampler | undefined
    let inRate: number | undefined
    let offset = 0
    const emit = (samples: Float32Array): MonoChunk[] => {
      const out: MonoChunk = { _tag: "MonoChunk", sampleRate: rate, offset, samples }
      offset += samples.length
      return samples.length > 0 ? [out] : []
    }
    return {
      push: (chunk: MonoChunk) => {
        if (inRate === undefined) {
          inRate = chunk.sampleRate
          if (inRate !== rate) resampler = createResampler(inRate, rate)
        } else if (chunk.sampleRate !== inRate) {
          return fail(
            new StreamLayoutChanged({
              message: `the stream changed rate from ${inRate} Hz to ${chunk.sampleRate} Hz`,
            }),
          )
        }
        return resampler === undefined ? emit(chunk.samples) : emit(resampler.process(chunk.samples))
      },
      flush: () => (resampler === undefined ? [] : emit(resampler.flush())),
    }
  })
