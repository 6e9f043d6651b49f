/**
 * The whole-clip analysis behind `features/{name}_features.json`, `mirflow analyze` and the model's
 * inputs: one power spectrogram, from which the mel spectrogram and every value of the feature table
 * (`src/schema/features.ts`) are derived, so no transform is computed twice.
 *
 * Parameters are the integration spec's: sr 22050, n_fft 2048, hop 512, 128 mel bands; the frame-wise
 * kernels match librosa 0.10.1 (see each in `src/dsp`).
 *
 * @module
 */
import { Effect } from "effect"
import { bandPowerRatios } from "../dsp/band-energy.ts"
import { applyChromaFilterbank, chromaFilterbank } from "../dsp/chroma.ts"
import { spectralContrast } from "../dsp/contrast.ts"
import { powerToDb } from "../dsp/db.ts"
import { type SparseFilterbank, sparsifyFilterbank } from "../dsp/filterbank.ts"
import { columnMeanStd, meanStd } from "../dsp/frame-statistics.ts"
import type { FrameMatrix } from "../dsp/matrix.ts"
import { melFilterbank, melSpectrogram } from "../dsp/mel.ts"
import { mfcc } from "../dsp/mfcc.ts"
import { onsetStrength } from "../dsp/onset.ts"
import { spectralShape } from "../dsp/spectral-shape.ts"
import { createPowerSpectrogram } from "../dsp/stft.ts"
import { analyzeTempoAndKey } from "../dsp/tempo-key-analysis.ts"
import { rms as frameRms, zeroCrossingRate } from "../dsp/temporal.ts"
import { tonnetz } from "../dsp/tonnetz.ts"
import { estimateTuning } from "../dsp/tuning.ts"
import type { AudioInfo } from "../schema/audio-info.ts"
import type { FeatureName } from "../schema/features.ts"
import type { DecodeOptions } from "./decode/decode.ts"
import { openAudio } from "./decode/decode.ts"
import type { AudioInput } from "./decode/input.ts"
import { collectMono } from "./pipeline.ts"
import { mixdown } from "./stages/mixdown.ts"
import { resample } from "./stages/resample.ts"

/** Every numeric value of a features file, by name. */
export type FeatureValues = { [K in FeatureName]: number }

/** The analysis of one clip. */
export interface ClipAnalysis {
  /** Length of the analysed audio in seconds. */
  readonly duration: number
  readonly features: FeatureValues
  readonly tempo: { readonly bpm: number; readonly confidence: number; readonly runnerUp: number }
  readonly key: { readonly label: string; readonly confidence: number }
  /** Beat and onset times in seconds. */
  readonly beats: Float64Array
  readonly onsets: Float64Array
  /** Mel power spectrogram, frames × 128 (the `.npy` file holds its transpose). */
  readonly mel: FrameMatrix
}

const SAMPLE_RATE = 22050
const N_FFT = 2048
const HOP = 512
/** Below this frame RMS (-60 dBFS) a frame counts as silent. */
const SILENT_RMS = 1e-3

let cachedMelFilters: ReturnType<typeof melFilterbank> | undefined
const melFilters = () =>
  (cachedMelFilters ??= melFilterbank({ sampleRate: SAMPLE_RATE, nFft: N_FFT, nMels: 128 }))

const powerPlan = createPowerSpectrogram({ nFft: N_FFT, hop: HOP })
/** Largest power spectrogram kept for reuse, in values (64 MB: a 6-minute clip). */
const POWER_SCRATCH_LIMIT = 16 * 1024 * 1024
let powerScratch = new Float32Array(0)

/**
 * The power spectrogram of the clip, in a buffer reused from one call to the next: at 5 MB for 30 s it is the
 * analysis's largest allocation, and allocating it per clip makes V8 collect garbage every few clips.
 * `analyzeSamples` is synchronous and returns nothing that refers to it, so the reuse is invisible to callers.
 */
const powerSpectrogramOf = (samples: Float32Array): FrameMatrix => {
  const frames = powerPlan.frameCount(samples.length)
  const size = frames * powerPlan.bins
  if (size > powerScratch.length && size <= POWER_SCRATCH_LIMIT) powerScratch = new Float32Array(size)
  const data = size <= powerScratch.length ? powerScratch.subarray(0, size) : new Float32Array(size)
  powerPlan.compute(samples, 0, frames, data)
  return { frames, bins: powerPlan.bins, data }
}

/**
 * Sparse chroma filterbanks by tuning. Building one costs about as much as applying it to a short clip, and the
 * estimated tuning is a multiple of 0.01 in [-0.5, 0.5), so at most 100 of them (3 MB) are ever kept.
 */
const chromaBanks = new Map<number, SparseFilterbank>()
const chromaBank = (tuning: number): SparseFilterbank => {
  let bank = chromaBanks.get(tuning)
  if (bank === undefined) {
    bank = sparsifyFilterbank(chromaFilterbank({ sampleRate: SAMPLE_RATE, nFft: N_FFT, tuning }))
    chromaBanks.set(tuning, bank)
  }
  return bank
}

/** The statistical and temporal values computed from the frame RMS. */
const energyStatistics = (rms: Float32Array, samples: Float32Array, duration: number) => {
  const frames = rms.length
  const energy = Float64Array.from(rms, (r) => r * r)
  const [rmsMean, rmsStd] = meanStd(rms)
  const [energyMean, energyStd] = meanStd(energy)
  let low = 0
  let silent = 0
  let weighted = 0
  let energySum = 0
  for (let t = 0; t < frames; t++) {
    if (rms[t]! < rmsMean) low++
    if (rms[t]! < SILENT_RMS) silent++
    weighted += ((t * HOP) / SAMPLE_RATE) * energy[t]!
    energySum += energy[t]!
  }
  let entropy = 0
  if (energySum > 0 && frames > 1) {
    for (let t = 0; t < frames; t++) {
      const p = energy[t]! / energySum
      if (p > 0) entropy -= p * Math.log(p)
    }
    entropy /= Math.log(frames)
  }
  const loudDb = Array.from(rms)
    .filter((r) => r >= SILENT_RMS)
    .map((r) => 20 * Math.log10(r))
    .sort((a, b) => a - b)
  const percentile = (q: number) => loudDb[Math.min(loudDb.length - 1, Math.round(q * (loudDb.length - 1)))]!
  let peak = 0
  let sumSquares = 0
  for (let i = 0; i < samples.length; i++) {
    const a = Math.abs(samples[i]!)
    if (a > peak) peak = a
    sumSquares += a * a
  }
  const clipRms = samples.length > 0 ? Math.sqrt(sumSquares / samples.length) : 0
  return {
    low_energy_rate: frames > 0 ? low / frames : 0,
    silence_ratio: frames > 0 ? silent / frames : 0,
    temporal_centroid: energySum > 0 && duration > 0 ? Math.min(1, weighted / energySum / duration) : 0.5,
    energy_entropy: entropy,
    energy_mean: energyMean,
    energy_std: energyStd,
    rms_energy_mean: rmsMean,
    rms_energy_std: rmsStd,
    dynamic_range_db: loudDb.length >= 2 ? percentile(0.95) - percentile(0.05) : 0,
    crest_factor_db: clipRms > 0 && peak > 0 ? 20 * Math.log10(peak / clipRms) : 0,
    peak_amplitude: peak,
  }
}

/**
 * Analyses mono samples at 22050 Hz: the mel spectrogram, every value of the feature table, tempo
 * (with confidence and runner-up), key, beats and onsets. Synchronous, and pure as far as a caller can tell
 * (the same samples always give the same analysis): it keeps only its filterbanks and a spectrogram buffer
 * between calls, per thread, so it runs in a worker thread as well as here. The caller checks the samples are
 * finite (the `mixdown` stage does).
 */
export const analyzeSamples = (samples: Float32Array): ClipAnalysis => {
  const duration = samples.length / SAMPLE_RATE
  const power = powerSpectrogramOf(samples)
  const mel = melSpectrogram(power, melFilters())
  const melDb = powerToDb(mel)
  const mfccs = mfcc(melDb, { nMfcc: 13 })
  // librosa.feature.chroma_stft(S=power, sr=22050), its tuning estimated as librosa does.
  const chroma = applyChromaFilterbank(power, chromaBank(estimateTuning(power, { sampleRate: SAMPLE_RATE })))
  const tonal = tonnetz(chroma)
  const contrast = spectralContrast(power, { sampleRate: SAMPLE_RATE })
  const onsetEnvelope = onsetStrength(melDb, { scale: "db" })
  const zcr = zeroCrossingRate(samples)
  const rms = frameRms(samples)
  const rhythm = analyzeTempoAndKey(
    { onsetEnvelope, melDb, power, duration },
    { sampleRate: SAMPLE_RATE, hop: HOP },
  )
  const shape = spectralShape(power, { sampleRate: SAMPLE_RATE })
  const [lowBand, highBand] = bandPowerRatios(power, { sampleRate: SAMPLE_RATE, lowHz: 250, highHz: 4000 })
  const secondsPerFrame = HOP / SAMPLE_RATE

  const values: Record<string, number> = {
    duration,
    tempo: rhythm.tempo,
    onset_rate: rhythm.onsetRate,
    spectral_crest_mean: meanStd(shape.crest)[0],
    low_band_energy_ratio: lowBand,
    high_band_energy_ratio: highBand,
    key_clarity: rhythm.key.clarity,
    mode_strength: rhythm.key.modeStrength,
    rhythm_complexity: rhythm.rhythmComplexity,
    beat_strength: rhythm.beatStrength,
    pulse_clarity: rhythm.pulseClarity,
    beat_regularity: rhythm.beatRegularity,
    ...energyStatistics(rms, samples, duration),
  }
  const addMeanStd = (name: string, frameValues: ArrayLike<number>) => {
    const [mean, std] = meanStd(frameValues)
    values[`${name}_mean`] = mean
    values[`${name}_std`] = std
  }
  addMeanStd("zero_crossing_rate", zcr)
  addMeanStd("spectral_centroid", shape.centroid)
  addMeanStd("spectral_bandwidth", shape.bandwidth)
  addMeanStd("spectral_rolloff", shape.rolloff)
  addMeanStd("spectral_flatness", shape.flatness)
  addMeanStd("spectral_flux", onsetEnvelope)
  const contrastMeans = columnMeanStd(contrast).mean
  for (let b = 0; b < contrast.bins; b++) values[`spectral_contrast_${b + 1}_mean`] = contrastMeans[b]!
  const mfccStatistics = columnMeanStd(mfccs)
  for (let c = 0; c < mfccs.bins; c++) {
    values[`mfcc_${c + 1}_mean`] = mfccStatistics.mean[c]!
    values[`mfcc_${c + 1}_std`] = mfccStatistics.std[c]!
  }
  const chromaStatistics = columnMeanStd(chroma)
  for (let c = 0; c < chroma.bins; c++) {
    values[`chroma_${c + 1}_mean`] = chromaStatistics.mean[c]!
    values[`chroma_${c + 1}_std`] = chromaStatistics.std[c]!
  }
  const tonalStatistics = columnMeanStd(tonal)
  for (let d = 0; d < tonal.bins; d++) {
    values[`tonal_centroid_${d + 1}`] = tonalStatistics.mean[d]!
    values[`tonal_centroid_${d + 1}_std`] = tonalStatistics.std[d]!
  }

  return {
    duration,
    features: values as FeatureValues,
    tempo: { bpm: rhythm.tempo, confidence: rhythm.tempoConfidence, runnerUp: rhythm.runnerUpTempo },
    key: { label: rhythm.key.label, confidence: rhythm.key.confidence },
    beats: Float64Array.from(rhythm.beats, (f) => f * secondsPerFrame),
    onsets: Float64Array.from(rhythm.onsets, (f) => f * secondsPerFrame),
    mel,
  }
}

/** A decoded and analysed input, with what its header said. */
export interface InputAnalysis extends ClipAnalysis {
  /** The container, codec, native sample rate and channels of the input. */
  readonly info: AudioInfo
  /** The input ended early; the analysis covers the valid part. */
  readonly truncated: boolean
}

/**
 * Decodes any input, mixes it to mono, resamples it to 22050 Hz and analyses it
 * (see {@link analyzeSamples}).
 *
 * @example
 * ```ts
 * const analysis = yield* analyzeInput("song.mp3")
 * console.log(analysis.tempo.bpm, analysis.key.label, analysis.features.spectral_centroid_mean)
 * ```
 */
export const analyzeInput = <E = never, R = never>(
  input: AudioInput<E, R>,
  options: { decode?: DecodeOptions } = {},
) =>
  Effect.scoped(
    Effect.gen(function* () {
      const opened = yield* openAudio(input, options.decode ?? {})
      const samples = yield* collectMono(opened.chunks.pipe(mixdown, resample(SAMPLE_RATE)))
      const { truncated } = yield* opened.outcome
      return { ...analyzeSamples(samples), info: opened.info, truncated } satisfies InputAnalysis
    }),
  )
