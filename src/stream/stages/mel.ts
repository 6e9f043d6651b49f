import { applyMelFilterbank, type MelFilterbank, type MelOptions, melFilterbank } from "../../dsp/mel.ts"
import type { MelBlock, PowerBlock } from "../chunks.ts"
import { stage } from "../stage.ts"

/**
 * Mel power spectra from power spectra: `librosa.feature.melspectrogram(S=power, n_mels=128)` with
 * Slaney mel scale and norm by default (see `dsp/mel.ts` for `nMels`, `fmin`, `fmax`, `htk`, `norm`).
 * The sample rate and FFT size come from the stream.
 */
export const melSpectrogram = (options: Omit<MelOptions, "sampleRate" | "nFft"> = {}) =>
  stage<PowerBlock, MelBlock<"power">>(() => {
    let filters: MelFilterbank | undefined
    let key = ""
    return {
      push: (block) => {
        const blockKey = `${block.sampleRate}/${block.nFft}`
        if (filters === undefined || key !== blockKey) {
          filters = melFilterbank({ ...options, sampleRate: block.sampleRate, nFft: block.nFft })
          key = blockKey
        }
        const { frames } = block.power
        const data = new Float32Array(frames * filters.nMels)
        applyMelFilterbank(filters, block.power.data, 0, frames, data, 0)
        const out: MelBlock<"power"> = {
          _tag: "MelBlock",
          scale: "power",
          sampleRate: block.sampleRate,
          hop: block.hop,
          from: block.from,
          mel: { frames, bins: filters.nMels, data },
        }
        return [out]
      },
      flush: () => [],
    }
  })
