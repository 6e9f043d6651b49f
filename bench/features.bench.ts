/**
 * Frame-wise features of a 30 s clip (22050 Hz, 1292 frames of 2048 points, hop 512), each given what the
 * pipeline hands it: the power spectrogram, the mel dB spectrogram, the chromagram or the samples.
 *
 * The input is real music without an FFT: GTZAN rock's golden power spectrogram, mel spectrogram and samples
 * (10 s, from test/fixtures) tiled to 30 s. Meyda 5.6 is timed in the same run where it has a feature of the
 * same family; it works on one frame at a time (here the magnitude rows of the same spectrogram, or views of the
 * zero-padded signal), and its definitions differ as the last column says.
 *
 *     npx tsx bench/features.bench.ts
 */
import Meyda from "meyda"
import { chromaStft } from "../src/dsp/chroma.ts"
import { spectralContrast } from "../src/dsp/contrast.ts"
import type { FrameMatrix } from "../src/dsp/matrix.ts"
import { onsetStrength } from "../src/dsp/onset.ts"
import {
  spectralBandwidth,
  spectralCentroid,
  spectralFlatness,
  spectralRolloff,
} from "../src/dsp/spectral.ts"
import { rms, zeroCrossingRate } from "../src/dsp/temporal.ts"
import { tonnetz } from "../src/dsp/tonnetz.ts"
import { estimateTuning } from "../src/dsp/tuning.ts"
import { loadGolden } from "../test/support/golden.ts"
import { loadGoldenFrames } from "../test/support/golden-matrix.ts"
import { figure, machine, table, timeMs } from "./support.ts"

const SAMPLE_RATE = 22050
const CLIP_SECONDS = 30
const FRAMES = 1292 // 1 + floor(30 · 22050 / 512)

/** Repeats a matrix's frames until it has `frames` of them. */
const tile = (m: FrameMatrix, frames: number): FrameMatrix => {
  const data = new Float32Array(frames * m.bins)
  for (let t = 0; t < frames; t++)
    data.set(m.data.subarray((t % m.frames) * m.bins, ((t % m.frames) + 1) * m.bins), t * m.bins)
  return { frames, bins: m.bins, data }
}

const power = tile(loadGoldenFrames("gtzan_rock/power_spectrogram"), FRAMES)
const melDb = tile(loadGoldenFrames("gtzan_rock/melspectrogram_db_ref1"), FRAMES)
const tenSeconds = loadGolden("gtzan_rock/input").data as Float32Array
const signal = new Float32Array(CLIP_SECONDS * SAMPLE_RATE)
for (let i = 0; i < signal.length; i += tenSeconds.length)
  signal.set(tenSeconds.subarray(0, signal.length - i), i)
const chroma = chromaStft(power, { tuning: 0 })

// Meyda's inputs, prepared outside the timed region: magnitude rows and a zero-padded signal.
const magnitude = power.data.map(Math.sqrt)
const magnitudeRows = Array.from({ length: FRAMES }, (_, t) => magnitude.subarray(t * 1025, (t + 1) * 1025))
const padded = new Float32Array(signal.length + 2048)
padded.set(signal, 1024)
// meyda's CommonJS entry exports the Meyda object itself; its typings describe an ES module with a default.
type Extractor = (args: Record<string, unknown>) => unknown
const meyda = (Meyda as unknown as { featureExtractors: Record<string, Extractor> }).featureExtractors
const perSpectrum = (name: string) => () => {
  for (const ampSpectrum of magnitudeRows) meyda[name]!({ ampSpectrum, sampleRate: SAMPLE_RATE })
}
const perFrame = (name: string) => () => {
  for (let t = 0; t < FRAMES; t++) meyda[name]!({ signal: padded.subarray(t * 512, t * 512 + 2048) })
}

/**
 * Mean CPU time of this process per run of `fn`, in ms: on a machine shared with other work, steadier than wall
 * time (a descheduled process accrues none), though still slowed by caches and cores shared with others.
 */
const cpuMs = (fn: () => unknown, runs = 20): number => {
  const start = process.cpuUsage()
  for (let i = 0; i < runs; i++) fn()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000 / runs
}

interface Row {
  readonly feature: string
  readonly ours: () => unknown
  readonly peer?: () => unknown
  readonly difference?: string
  /** Counted in the total of a full feature pass (false for rows another row already includes). */
  readonly inTotal?: boolean
}

const rows: Row[] = [
  {
    feature: "√power (Meyda's magnitude input, given to it untimed)",
    ours: () => {
      const out = new Float32Array(power.data.length)
      for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(power.data[i]!)
      return out
    },
    inTotal: false,
  },
  {
    feature: "spectral centroid",
    ours: () => spectralCentroid(power),
    peer: perSpectrum("spectralCentroid"),
    difference: "same definition; Meyda answers in bins, not Hz",
  },
  {
    feature: "spectral bandwidth (p=2)",
    ours: () => spectralBandwidth(power),
    peer: perSpectrum("spectralSpread"),
    difference: "spectralSpread: same quantity via √(μ₂ − μ₁²), in bins",
  },
  {
    feature: "spectral rolloff (0.85)",
    ours: () => spectralRolloff(power),
    peer: perSpectrum("spectralRolloff"),
    difference: "Meyda's threshold is fixed at 0.99, searched from the top",
  },
  {
    feature: "spectral flatness",
    ours: () => spectralFlatness(power),
    peer: perSpectrum("spectralFlatness"),
    difference: "Meyda uses the magnitude (librosa the power) and no 1e-10 floor (a zero bin gives 0)",
  },
  { feature: "spectral contrast (7 bands)", ours: () => spectralContrast(power) },
  { feature: "chroma_stft, tuning 0", ours: () => chromaStft(power, { tuning: 0 }), inTotal: false },
  { feature: "tuning estimate", ours: () => estimateTuning(power), inTotal: false },
  { feature: "chroma_stft, estimated tuning", ours: () => chromaStft(power) },
  { feature: "tonnetz from chroma", ours: () => tonnetz(chroma) },
  { feature: "onset strength from mel dB", ours: () => onsetStrength(melDb) },
  {
    feature: "zero-crossing rate",
    ours: () => zeroCrossingRate(signal),
    peer: perFrame("zcr"),
    difference:
      "Meyda returns a count, counts 0 as positive with no 1e-10 dead zone, and its frames here are zero-padded",
  },
  { feature: "RMS", ours: () => rms(signal), peer: perFrame("rms"), difference: "same definition" },
]

// Warm every function up before any timing, so that no row pays for the optimizing compiler (slow to arrive on
// a busy 2-core machine).
for (let i = 0; i < 10; i++) {
  for (const { ours, peer } of rows) {
    ours()
    peer?.()
  }
}

console.log(
  `${machine()}; a ${CLIP_SECONDS} s clip = ${FRAMES} frames; median wall time of 20 runs (mean CPU time)\n`,
)
const clipMs = CLIP_SECONDS * 1000
let total = 0
let totalCpu = 0
let sharedOurs = 0
let sharedPeer = 0
const lines = rows.map(({ feature, ours, peer, difference, inTotal = true }) => {
  const ms = timeMs(ours, 20, 15)
  const cpu = cpuMs(ours)
  if (inTotal) {
    total += ms
    totalCpu += cpu
  }
  const peerMs = peer === undefined ? undefined : timeMs(peer, 20, 15)
  if (peerMs !== undefined) {
    sharedOurs += ms
    sharedPeer += peerMs
  }
  const peerFigures = peer === undefined ? "—" : `${peerMs!.toFixed(2)} (${cpuMs(peer).toFixed(2)})`
  return [
    feature,
    `${ms.toFixed(2)} (${cpu.toFixed(2)})`,
    Math.round(clipMs / ms),
    peerFigures,
    difference ?? "no Meyda equivalent",
  ]
})
table(
  ["feature", "mirflow ms / 30 s (CPU ms)", "× realtime", "Meyda ms / 30 s (CPU ms)", "Meyda's definition"],
  lines,
)
console.log(
  `\nAll of the above (chroma once, with its tuning estimate): ${total.toFixed(1)} ms (${totalCpu.toFixed(1)} CPU ms) per 30 s clip.`,
)
figure({
  area: "features",
  name: `the frame features both mirflow and Meyda compute, ${CLIP_SECONDS} s, median`,
  value: sharedOurs,
  unit: "ms",
  peer: `Meyda ${sharedPeer.toFixed(1)} ms`,
})
figure({
  area: "features",
  name: `every frame feature of a ${CLIP_SECONDS} s clip, median`,
  value: total,
  unit: "ms",
})
