/**
 * Small synthetic datasets in the integration spec's on-disk format (manifest + features JSON +
 * `.npy` mel spectrograms), with labels a model can learn:
 * - genre `g` lights mel bands `16g … 16g + 11` (20 dB over a noise floor);
 * - mood `m` lights bands `64 + 16m … 64 + 16m + 11`, every other stretch of 8 frames;
 * - a tempo is a click train in the lowest bands at the clip's BPM;
 * - the feature vector is noise except `features[0]`, a noisy copy of the genre index.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { encodeNpy } from "../../src/dsp/npy.ts"
import { createRng } from "../../src/model/random.ts"
import { featureTable, featureVectorNames } from "../../src/schema/features.ts"

export interface SyntheticOptions {
  readonly clips: number
  /** Frames per clip (or a range `[min, max]`). */
  readonly frames: number | readonly [number, number]
  readonly genres?: ReadonlyArray<string>
  /** Mood classes; absent = no mood labels. */
  readonly moods?: ReadonlyArray<string>
  /** Fraction of clips whose mood label is left out. Default 0. */
  readonly missingMood?: number
  /** Give clips a tempo label (and a click train). Default false. */
  readonly bpm?: boolean
  readonly seed?: number
  readonly melBands?: number
}

const HOP_SECONDS = 512 / 22050

/** Writes a dataset into `directory` and returns the manifest's path. */
export const writeSyntheticDataset = (directory: string, options: SyntheticOptions): string => {
  const rng = createRng(options.seed ?? 1)
  const bands = options.melBands ?? 128
  const genres = options.genres ?? ["ambient", "noise", "pop"]
  mkdirSync(join(directory, "features"), { recursive: true })
  mkdirSync(join(directory, "spectrograms"), { recursive: true })
  const files = Array.from({ length: options.clips }, (_, i) => {
    const name = `clip_${String(i).padStart(3, "0")}`
    const [lo, hi] = typeof options.frames === "number" ? [options.frames, options.frames] : options.frames
    const frames = lo + rng.int(hi - lo + 1)
    const genre = i % genres.length
    const mood =
      options.moods === undefined ? undefined : Math.floor(i / genres.length) % options.moods.length
    const bpm = options.bpm === true ? 80 + rng.int(80) : undefined
    const mel = new Float32Array(bands * frames)
    for (let b = 0; b < bands; b++)
      for (let t = 0; t < frames; t++) mel[b * frames + t] = 1e-3 * Math.exp(rng.normal())
    for (let b = 16 * genre; b < Math.min(bands, 16 * genre + 12); b++)
      for (let t = 0; t < frames; t++) mel[b * frames + t]! *= 100
    if (mood !== undefined) {
      for (let b = 64 + 16 * mood; b < Math.min(bands, 64 + 16 * mood + 12); b++)
        for (let t = 0; t < frames; t++) if (Math.floor(t / 8) % 2 === 0) mel[b * frames + t]! *= 100
    }
    if (bpm !== undefined) {
      const framesPerBeat = 60 / bpm / HOP_SECONDS
      for (let beat = 0; beat * framesPerBeat < frames; beat++) {
        const t = Math.round(beat * framesPerBeat)
        for (let b = 0; b < 4; b++) if (t < frames) mel[b * frames + t]! *= 1000
      }
    }
    writeFileSync(
      join(directory, "spectrograms", `${name}_spectrogram.npy`),
      encodeNpy({ dtype: "<f4", shape: [bands, frames], data: mel }),
    )
    const values = Object.fromEntries(featureTable.map((f) => [f.name, rng.normal()]))
    values[featureVectorNames[0]!] = genre + 0.3 * rng.normal()
    values.duration = frames * HOP_SECONDS
    values.tempo = bpm ?? 100
    writeFileSync(
      join(directory, "features", `${name}_features.json`),
      JSON.stringify({
        filename: `${name}.wav`,
        sample_rate: 22050,
        processing_info: { mirflow_version: "test", processed_at: "2026-01-01T00:00:00Z" },
        ...values,
        tempo_confidence: 0.5,
        key: "A minor",
        key_confidence: 0.5,
      }),
    )
    const labelMood =
      mood !== undefined && rng.next() >= (options.missingMood ?? 0) ? options.moods![mood] : undefined
    return {
      filename: `${name}.wav`,
      duration: frames * HOP_SECONDS,
      sample_rate: 22050,
      features_file: `features/${name}_features.json`,
      spectrogram_file: `spectrograms/${name}_spectrogram.npy`,
      file_size_mb: 0.1,
      genre: genres[genre],
      ...(labelMood !== undefined && { mood: labelMood }),
      ...(bpm !== undefined && { bpm }),
    }
  })
  const manifest = {
    dataset_name: "synthetic",
    created_by: "mirflow tests",
    total_files: files.length,
    total_errors: 0,
    processing_date: "2026-01-01T00:00:00Z",
    statistics: {
      total_duration_hours: 0,
      average_duration_seconds: 1,
      sample_rates: [22050],
      file_formats: ["wav"],
    },
    files,
    errors: [],
  }
  const path = join(directory, "synthetic_manifest.json")
  writeFileSync(path, JSON.stringify(manifest, null, 2))
  return path
}

/** A small, fast network and schedule for tests. */
export const tinyTraining = {
  epochs: 6,
  batchSize: 8,
  cropFrames: 32,
  cropsPerClip: 2,
  learningRate: 1e-2,
  warmupEpochs: 1,
  patience: 100,
  threads: 1,
  architecture: { convChannels: [8, 8], featureHidden: 8, fusionHidden: 16, dropout: 0.1 },
} as const
