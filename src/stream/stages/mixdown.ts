import { mixdown as mixChannels } from "../../dsp/mix.ts"
import { firstNonFiniteIndex } from "../../dsp/signal.ts"
import { InvalidSamples, StreamLayoutChanged } from "../../schema/errors/signal.ts"
import type { MonoChunk } from "../chunks.ts"
import type { PcmChunk } from "../pcm.ts"
import { fail, stage } from "../stage.ts"

/**
 * Mixes decoded PCM down to mono (the mean of the channels, as `librosa.to_mono`) and checks that every
 * sample is finite: NaN or infinite samples fail the stream with `InvalidSamples`, since they would
 * silently spread through every frame that overlaps them. A change of rate or channel count in the
 * middle of the stream fails with `StreamLayoutChanged`.
 *
 * @example
 * ```ts
 * decodeAudio("song.mp3").pipe(mixdown, resample(22050))
 * ```
 */
export const mixdown = stage<PcmChunk, MonoChunk, InvalidSamples | StreamLayoutChanged>(() => {
  let offset = 0
  let layout: { sampleRate: number; channels: number } | undefined
  return {
    push: (chunk: PcmChunk) => {
      const channels = chunk.channels.length
      if (layout === undefined) layout = { sampleRate: chunk.sampleRate, channels }
      else if (layout.sampleRate !== chunk.sampleRate || layout.channels !== channels) {
        return fail(
          new StreamLayoutChanged({
            message: `the stream changed from ${layout.channels} channels at ${layout.sampleRate} Hz to ${channels} at ${chunk.sampleRate} Hz`,
          }),
        )
      }
      const samples = mixChannels(chunk.channels)
      const bad = firstNonFiniteIndex(samples)
      if (bad >= 0) {
        const at = offset + bad
        return fail(
          new InvalidSamples({
            at,
            message: `sample ${at} (${(at / chunk.sampleRate).toFixed(3)} s) is ${samples[bad]}: the audio holds NaN or infinite values`,
          }),
        )
      }
      const out: MonoChunk = { _tag: "MonoChunk", sampleRate: chunk.sampleRate, offset, samples }
      offset += samples.length
      return samples.length > 0 ? [out] : []
    },
    flush: () => [],
  }
})
