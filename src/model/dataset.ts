/**
 * A built dataset, read back for training and evaluation: the typed equivalent of the integration
 * spec's Python `MusicDataset` (which reads the manifest with `json`, each features file with `json`
 * and each spectrogram with `numpy.load`).
 *
 * @module
 */
import { Effect, FileSystem, Path, Schema } from "effect"
import { decodeNpy, NpyFormatError } from "../dsp/npy.ts"
import { DatasetFileInvalid, DatasetFileMissing, ManifestInvalid } from "../schema/errors/dataset.ts"
import { featureVectorNames } from "../schema/features.ts"
import { FeaturesFile } from "../schema/features-file.ts"
import { Manifest, type ManifestEntry } from "../schema/manifest.ts"

/** The labels a manifest entry may carry. */
export interface Labels {
  readonly genre?: string
  readonly mood?: string
  readonly bpm?: number
  readonly key?: string
}

/** What the signal-processing estimators said about a clip (from its features file). */
export interface Estimates {
  readonly bpm: number
  readonly bpmConfidence: number
  /** A key label such as `"A minor"`. */
  readonly key: string
  readonly keyConfidence: number
}

/** One example: its 103-value feature vector, its mel power spectrogram and its labels. */
export interface Example {
  readonly filename: string
  /** The feature vector in {@link featureVectorNames} order, unstandardised. */
  readonly features: Float32Array
  /** The tempo and key estimators' answers, to compare with a model's BPM and key heads. */
  readonly estimates?: Estimates
  /** Mel power spectrogram, bin-major `(melBands, frames)` as in the `.npy` file. */
  readonly mel: Float32Array
  readonly melBands: number
  readonly frames: number
  readonly labels: Labels
}

export interface Dataset {
  /** Absolute path of the manifest's folder; the manifest's paths are relative to it. */
  readonly root: string
  readonly manifest: Manifest
  readonly examples: ReadonlyArray<Example>
}

const labelsOf = (entry: ManifestEntry): Labels => ({
  ...(entry.genre !== undefined && { genre: entry.genre }),
  ...(entry.mood !== undefined && { mood: entry.mood }),
  ...(entry.bpm !== undefined && { bpm: entry.bpm }),
  ...(entry.key !== undefined && { key: entry.key }),
})

const readManifest = Effect.fnUntraced(function* (path: string) {
  const fs = yield* FileSystem.FileSystem
  const text = yield* fs
    .readFileString(path)
    .pipe(
      Effect.mapError(
        (e) => new ManifestInvalid({ path, message: `cannot read the manifest: ${e.message}` }),
      ),
    )
  const json = yield* Effect.try({
    try: () => JSON.parse(text) as unknown,
    catch: (e) => new ManifestInvalid({ path, message: `the manifest is not valid JSON: ${String(e)}` }),
  })
  return yield* Schema.decodeUnknownEffect(Manifest)(json).pipe(
    Effect.mapError(
      (e) => new ManifestInvalid({ path, message: `the manifest does not match the schema: ${e.message}` }),
    ),
  )
})

const readBytes = Effect.fnUntraced(function* (path: string) {
  const fs = yield* FileSystem.FileSystem
  return yield* fs
    .readFile(path)
    .pipe(
      Effect.mapError((e) => new DatasetFileMissing({ path, message: `cannot read ${path}: ${e.message}` })),
    )
})

const readFeatureVector = Effect.fnUntraced(function* (path: string) {
  const bytes = yield* readBytes(path)
  const json = yield* Effect.try({
    try: () => JSON.parse(new TextDecoder().decode(bytes)) as unknown,
    catch: (e) => new DatasetFileInvalid({ path, message: `not valid JSON: ${String(e)}` }),
  })
  const file = yield* Schema.decodeUnknownEffect(FeaturesFile)(json).pipe(
    Effect.mapError((e) => new DatasetFileInvalid({ path, message: `not a features file: ${e.message}` })),
  )
  return {
    features: Float32Array.from(featureVectorNames, (name) => file[name]),
    estimates: {
      bpm: file.tempo,
      bpmConfidence: file.tempo_confidence,
      key: file.key,
      keyConfidence: file.key_confidence,
    } satisfies Estimates,
  }
})

const readSpectrogram = Effect.fnUntraced(function* (path: string) {
  const bytes = yield* readBytes(path)
  const array = yield* Effect.try({
    try: () => decodeNpy(bytes),
    catch: (e) =>
      new DatasetFileInvalid({
        path,
        message: e instanceof NpyFormatError ? e.message : `unreadable .npy: ${String(e)}`,
      }),
  })
  if (array.dtype !== "<f4" || array.shape.length !== 2) {
    return yield* new DatasetFileInvalid({
      path,
      message: `expected a float32 (mel bands, frames) array, found ${array.dtype} with shape (${array.shape.join(", ")})`,
    })
  }
  return { mel: array.data as Float32Array, melBands: array.shape[0]!, frames: array.shape[1]! }
})

/**
 * Reads a manifest and every features file and spectrogram it lists.
 *
 * Entries without a features file or spectrogram are an error: training needs both.
 *
 * @example
 * ```ts
 * const dataset = yield* loadDataset("out/music_dataset_manifest.json")
 * console.log(dataset.examples.length, dataset.examples[0].labels.genre)
 * ```
 */
export const loadDataset = Effect.fn("loadDataset")(function* (manifestPath: string) {
  const path = yield* Path.Path
  const manifest = yield* readManifest(manifestPath)
  const root = path.dirname(path.resolve(manifestPath))
  const examples = yield* Effect.forEach(
    manifest.files,
    (entry) =>
      Effect.gen(function* () {
        if (entry.features_file === undefined || entry.spectrogram_file === undefined) {
          return yield* new DatasetFileMissing({
            path: entry.filename,
            message: `${entry.filename} has no features or spectrogram file: rebuild the dataset with --features --spectrograms`,
          })
        }
        const { features, estimates } = yield* readFeatureVector(path.join(root, entry.features_file))
        const spectrogram = yield* readSpectrogram(path.join(root, entry.spectrogram_file))
        return {
          filename: entry.filename,
          features,
          estimates,
          ...spectrogram,
          labels: labelsOf(entry),
        } satisfies Example
      }),
    { concurrency: 8 },
  )
  return { root, manifest, examples } satisfies Dataset
})

/** The sorted distinct values of one string label over a dataset (the class list of a head). */
export const classesOf = (examples: ReadonlyArray<Example>, label: "genre" | "mood" | "key"): string[] =>
  [...new Set(examples.flatMap((e) => (e.labels[label] === undefined ? [] : [e.labels[label]])))].sort()
