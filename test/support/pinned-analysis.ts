/**
 * The clips and the summary behind `test/fixtures/analysis/pinned.json` (written by `scripts/pin-analysis.ts`,
 * checked by `test/analysis-pinned.test.ts`).
 */
import type { ClipAnalysis } from "../../src/stream/analyze.ts"
import { loadGolden } from "./golden.ts"
import { musicSignal } from "./music-signal.ts"

/** The analysed clips: 30 s of the synthetic music signal (mono, 22050 Hz), and 10 s of GTZAN rock. */
export const pinnedClips = (): Record<string, Float32Array> => ({
  music_signal_30s: musicSignal(22050, 1, 30)[0]!,
  gtzan_rock_10s: loadGolden("gtzan_rock/input").data as Float32Array,
})

/** What is pinned of an analysis: every feature, tempo, key, beats, onsets and a digest of the mel spectrogram. */
export interface PinnedAnalysis {
  readonly features: Record<string, number>
  readonly tempo: { readonly bpm: number; readonly confidence: number; readonly runnerUp: number }
  readonly key: { readonly label: string; readonly confidence: number }
  readonly beats: number[]
  readonly onsets: number[]
  /** Frames, bands, and the sum of every mel power per band. */
  readonly mel: { readonly frames: number; readonly bins: number; readonly bandSums: number[] }
}

export const summarize = (analysis: ClipAnalysis): PinnedAnalysis => {
  const { mel } = analysis
  const bandSums = Array.from({ length: mel.bins }, () => 0)
  for (let t = 0; t < mel.frames; t++)
    for (let k = 0; k < mel.bins; k++) bandSums[k]! += mel.data[t * mel.bins + k]!
  return {
    features: { ...analysis.features },
    tempo: analysis.tempo,
    key: analysis.key,
    beats: Array.from(analysis.beats),
    onsets: Array.from(analysis.onsets),
    mel: { frames: mel.frames, bins: mel.bins, bandSums },
  }
}
