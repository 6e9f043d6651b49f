/**
 * The whole-clip analysis (`analyzeSamples`) of a 30 s clip at 22050 Hz, step by step and as a whole.
 *
 * Each step is timed on what the analysis hands it (the power spectrogram, the mel dB spectrogram, the
 * chromagram or the samples); the last rows time `analyzeSamples` itself, and what it spends outside the
 * listed steps (the features file's summaries and energy statistics). The input is real music: GTZAN rock's 10 s
 * golden input (test/fixtures) tiled to 30 s. The target is the dataset build's: ≥ 30 clips/s on 2 cores with
 * decoding (~10 ms per clip) included, so about 35 ms of analysis per clip per core leaves room for decoding and
 * writing. On a shared machine the least wall time is the figure to compare with it; the CPU time also counts
 * the compiler and garbage-collector threads.
 *
 *     npx tsx bench/analysis.bench.ts
 */
import { bandPowerRatios } from "../src/dsp/band-energy.ts"
import { applyChromaFilterbank, chromaFilterbank } from "../src/dsp/chroma.ts"
import { spectralContrast } from "../src/dsp/contrast.ts"
import { powerToDb } from "../src/dsp/db.ts"
import { sparsifyFilterbank } from "../src/dsp/filterbank.ts"
import { melFilterbank, melSpectrogram } from "../src/dsp/mel.ts"
import { mfcc } from "../src/dsp/mfcc.ts"
import { onsetStrength } from "../src/dsp/onset.ts"
import { spectralShape } from "../src/dsp/spectral-shape.ts"
import { createPowerSpectrogram, powerSpectrogram } from "../src/dsp/stft.ts"
import { analyzeTempoAndKey } from "../src/dsp/tempo-key-analysis.ts"
import { rms, zeroCrossingRate } from "../src/dsp/temporal.ts"
import { tonnetz } from "../src/dsp/tonnetz.ts"
import { estimateTuning } from "../src/dsp/tuning.ts"
import { analyzeSamples } from "../src/stream/analyze.ts"
import { loadGolden } from "../test/support/golden.ts"
import { figure, machine, table } from "./support.ts"

const SAMPLE_RATE = 22050
const CLIP_SECONDS = 30
const RUNS = 30
const TARGET_MS = 35

const tenSeconds = loadGolden("gtzan_rock/input").data as Float32Array
const samples = new Float32Array(CLIP_SECONDS * SAMPLE_RATE)
for (let i = 0; i < samples.length; i += tenSeconds.length)
  samples.set(tenSeconds.subarray(0, samples.length - i), i)

// The intermediate results each step reads, computed once outside the timed region.
const filters = melFilterbank({ sampleRate: SAMPLE_RATE, nFft: 2048, nMels: 128 })
const stft = createPowerSpectrogram()
const power = powerSpectrogram(samples)
const powerBuffer = new Float32Array(power.data.length)
const mel = melSpectrogram(power, filters)
const melDb = powerToDb(mel)
const tuning = estimateTuning(power)
const chromaBank = sparsifyFilterbank(chromaFilterbank({ sampleRate: SAMPLE_RATE, nFft: 2048, tuning }))
const chroma = applyChromaFilterbank(power, chromaBank)
const onsetEnvelope = onsetStrength(melDb, { scale: "db" })
const duration = CLIP_SECONDS

/** One figure per measure, ms per run. */
interface Timing {
  readonly medianWall: number
  /** The least wall time of the runs: the best estimate of a quiet core's time on a busy machine. */
  readonly minWall: number
  /** Mean CPU time of this process per run: steadier than wall time when other work preempts this process. */
  readonly cpu: number
}

const measure = (fn: () => unknown, runs = RUNS): Timing => {
  const walls: number[] = []
  const cpuStart = process.cpuUsage()
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    walls.push(performance.now() - start)
  }
  const used = process.cpuUsage(cpuStart)
  walls.sort((x, y) => x - y)
  return { medianWall: walls[runs >> 1]!, minWall: walls[0]!, cpu: (used.user + used.system) / 1000 / runs }
}

const steps: ReadonlyArray<readonly [string, () => unknown]> = [
  // Into a reused buffer, as analyzeSamples computes it.
  ["power spectrogram (STFT)", () => stft.compute(samples, 0, power.frames, powerBuffer)],
  ["mel (128)", () => melSpectrogram(power, filters)],
  ["power → dB", () => powerToDb(mel)],
  ["MFCC (13)", () => mfcc(melDb, { nMfcc: 13 })],
  ["tuning estimate (piptrack)", () => estimateTuning(power)],
  ["chroma filterbank (sparse, cached by tuning), applied", () => applyChromaFilterbank(power, chromaBank)],
  ["tonnetz", () => tonnetz(chroma)],
  ["spectral contrast", () => spectralContrast(power)],
  ["spectral shape: centroid, bandwidth, roll-off, flatness, crest", () => spectralShape(power)],
  ["onset strength", () => onsetStrength(melDb, { scale: "db" })],
  ["zero-crossing rate", () => zeroCrossingRate(samples)],
  ["RMS", () => rms(samples)],
  ["band power ratios", () => bandPowerRatios(power)],
  [
    "tempo, beats, onsets, key",
    () => analyzeTempoAndKey({ onsetEnvelope, melDb, power, duration }, { sampleRate: SAMPLE_RATE }),
  ],
]
const whole = () => analyzeSamples(samples)

// Warm everything up first, so that no row pays for the optimizing compiler (slow on a busy machine).
for (let i = 0; i < 10; i++) {
  for (const [, fn] of steps) fn()
  whole()
}

console.log(
  `${machine()}; a ${CLIP_SECONDS} s clip; ${RUNS} runs each: median and least wall time, mean CPU time (ms)\n`,
)
const format = (t: Timing) => [t.medianWall.toFixed(2), t.minWall.toFixed(2), t.cpu.toFixed(2)]
const sum = { medianWall: 0, minWall: 0, cpu: 0 }
const rows = steps.map(([name, fn]) => {
  const t = measure(fn)
  sum.medianWall += t.medianWall
  sum.minWall += t.minWall
  sum.cpu += t.cpu
  return [name, ...format(t)]
})
const all = measure(whole)
rows.push(["sum of the steps", ...format(sum)])
rows.push([
  "rest of analyzeSamples (summaries, statistics, allocation)",
  ...format({
    medianWall: all.medianWall - sum.medianWall,
    minWall: all.minWall - sum.minWall,
    cpu: all.cpu - sum.cpu,
  }),
])
rows.push([`**analyzeSamples** (target ≤ ${TARGET_MS})`, ...format(all)])
table(["step", "median wall", "least wall", "CPU"], rows)
figure({
  area: "analysis",
  name: `analyzeSamples, one ${CLIP_SECONDS} s clip: 104 features, tempo, key, mel (CPU time)`,
  value: all.cpu,
  unit: "ms",
  target: { atMost: TARGET_MS },
})
console.log(
  `\nanalyzeSamples: ${(1000 / all.cpu).toFixed(1)} clips/s per core by CPU time, ${(1000 / all.minWall).toFixed(1)} by least wall time.`,
)
