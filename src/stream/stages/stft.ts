import { createPowerSpectrogram, type PowerSpectrogramPlan } from "../../dsp/stft.ts"
import type { FrameBlock, PowerBlock } from "../chunks.ts"
import { stage } from "../stage.ts"

/**
 * The power spectrum `|X|²` of every frame (periodic Hann window, real FFT of the frame size, which
 * must be a power of two): `np.abs(librosa.stft(y, n_fft=size, hop_length=hop, center=center)) ** 2`,
 * a block of frames at a time. Frames are read in place from the `frame` stage's samples.
 */
export const stft = stage<FrameBlock, PowerBlock>(() => {
  let plan: PowerSpectrogramPlan | undefined
  return {
    push: (block) => {
      if (
        plan === undefined ||
        plan.nFft !== block.size ||
        plan.hop !== block.hop ||
        plan.center !== block.center
      ) {
        plan = createPowerSpectrogram({ nFft: block.size, hop: block.hop, center: block.center })
      }
      const frames = block.to - block.from
      const data = new Float32Array(frames * plan.bins)
      plan.compute(block.signal, block.from, block.to, data, 0, block.origin)
      const out: PowerBlock = {
        _tag: "PowerBlock",
        sampleRate: block.sampleRate,
        nFft: block.size,
        hop: block.hop,
        from: block.from,
        power: { frames, bins: plan.bins, data },
      }
      return [out]
    },
    flush: () => [],
  }
})
