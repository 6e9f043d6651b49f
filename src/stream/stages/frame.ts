import { defaultFrameOptions, type FrameOptions, frameCount, readFrame } from "../../dsp/frame.ts"
import type { FrameMatrix } from "../../dsp/matrix.ts"
import type { FrameBlock, MonoChunk } from "../chunks.ts"
import { stage } from "../stage.ts"

/**
 * Cuts mono samples into overlapping frames (`size` default 2048, `hop` default 512, `center` default
 * true: librosa's framing with zero padding at both ends). A frame is emitted as soon as all of its
 * samples have arrived; the frames that reach into the end padding follow when the stream ends. Only
 * the samples the next frames still need are kept, so memory does not grow with the stream.
 *
 * Frames are handed on as views of the kept samples ({@link FrameBlock}); `stft` reads them in place
 * and {@link frameData} copies them out.
 */
export const frame = (options: FrameOptions = {}) =>
  stage<MonoChunk, FrameBlock>(() => {
    const { size, hop, center } = { ...defaultFrameOptions, ...options }
    const padding = center ? size >> 1 : 0
    let signal = new Float32Array(0)
    let origin = 0 // stream index of signal[0]
    let received = 0
    let next = 0 // first frame not yet emitted
    let sampleRate = 0
    const block = (to: number, final: boolean): FrameBlock[] => {
      if (to <= next) return []
      const out: FrameBlock = {
        _tag: "FrameBlock",
        sampleRate,
        size,
        hop,
        center,
        from: next,
        to,
        signal,
        origin,
        final,
      }
      next = to
      return [out]
    }
    return {
      push: (chunk) => {
        sampleRate = chunk.sampleRate
        const joined = new Float32Array(signal.length + chunk.samples.length)
        joined.set(signal)
        joined.set(chunk.samples, signal.length)
        signal = joined
        received += chunk.samples.length
        // Frames whose last sample has arrived (the end of the stream is not known yet).
        const complete = received + padding >= size ? Math.floor((received + padding - size) / hop) + 1 : 0
        const out = block(complete, false)
        // Keep only what the next frame needs.
        const keepFrom = Math.max(origin, next * hop - padding)
        if (keepFrom > origin) {
          signal = signal.subarray(keepFrom - origin)
          origin = keepFrom
        }
        return out
      },
      flush: () => block(frameCount(received, { size, hop, center }), true),
    }
  })

/**
 * Copies the frames of a block out of the stream: `(to - from) × size` samples, frame-major, zeros in
 * the padding. For inspection and tests; `stft` does not need it.
 */
export const frameData = (block: FrameBlock): FrameMatrix => {
  const frames = block.to - block.from
  const data = new Float32Array(frames * block.size)
  const options = { size: block.size, hop: block.hop, center: block.center }
  const scratch = new Float32Array(block.size)
  // readFrame counts from the start of its signal: shift frames by the samples dropped before origin.
  const whole = block.origin === 0 ? block.signal : undefined
  for (let t = block.from; t < block.to; t++) {
    if (whole !== undefined) readFrame(whole, t, scratch, options)
    else readShifted(block, t, scratch)
    data.set(scratch, (t - block.from) * block.size)
  }
  return { frames, bins: block.size, data }
}

const readShifted = (block: FrameBlock, t: number, out: Float32Array): void => {
  const start = t * block.hop - (block.center ? block.size >> 1 : 0) - block.origin
  for (let i = 0; i < block.size; i++) {
    const j = start + i
    out[i] = j >= 0 && j < block.signal.length ? block.signal[j]! : 0
  }
}
