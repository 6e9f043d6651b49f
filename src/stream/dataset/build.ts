/**
 * The offline dataset build: a folder of audio → per-file features JSON, mel spectrograms as `.npy`
 * and a manifest, in the integration spec's formats (see `src/schema/manifest.ts` and
 * `src/schema/features-file.ts`). Files are processed on a pool of worker threads; a file that fails
 * is reported in the manifest's `errors` and the build goes on; every output is written atomically and
 * a re-run skips files whose outputs are complete and current, so a build killed at any moment and run
 * again ends as an uninterrupted one would.
 *
 * @module
 */
import { availableParallelism } from "node:os"
import { resolve } from "node:path"
import { Effect, FileSystem, Schema } from "effect"
import { DatasetInputError, LabelsInvalid } from "../../schema/errors/dataset-build.ts"
import { OutputWriteError } from "../../schema/errors/output.ts"
import { Manifest, type ManifestEntry, type ManifestError } from "../../schema/manifest.ts"
import { mirflowVersion } from "../../version.ts"
import { TEMP_SUFFIX, writeTextAtomic } from "../files/atomic.ts"
import { describeWriteError } from "../files/write-error.ts"
import { csvLabels, folderGenre, type LabelLookup } from "./labels.ts"
import { safeName, uniqueNames } from "./names.ts"
import { makeWorkerPool } from "./pool.ts"
import type { FileJob, FileResult } from "./process-file.ts"
import { readCurrent, STATE_DIR, writeRecord } from "./state.ts"
import { findAudioFiles } from "./walk.ts"

export interface BuildDatasetOptions {
  /** Folder of audio, searched recursively. */
  readonly input: string
  /** Folder the dataset is written to (created when missing). */
  readonly output: string
  /** Write `features/{name}_features.json`. Default true. */
  readonly features?: boolean
  /** Write `spectrograms/{name}_spectrogram.npy`. Default true. */
  readonly spectrograms?: boolean
  /** Dataset name: the manifest is `{name}_manifest.json`. Default `"music_dataset"`. */
  readonly name?: string
  /** A labels CSV (columns file, genre, mood, bpm, key); without one, a file's folder names its genre. */
  readonly labels?: string
  /** Worker threads. Default: every core. */
  readonly concurrency?: number
  /** Longest audio accepted per file, seconds. Default 3600. */
  readonly maxDuration?: number
  /** Called after each file. */
  readonly onProgress?: (progress: BuildProgress) => void
}

export interface BuildProgress {
  readonly total: number
  readonly done: number
  readonly failed: number
  /** Files whose outputs were already complete and current. */
  readonly reused: number
  readonly elapsedSeconds: number
  readonly last: string
}

export interface BuildResult {
  readonly manifest: Manifest
  readonly manifestPath: string
  readonly processed: number
  readonly reused: number
  readonly failed: number
  /** Files left alone because their extension is not an audio one. */
  readonly ignored: number
  readonly elapsedSeconds: number
}

const labelLookup = (options: BuildDatasetOptions) =>
  Effect.gen(function* () {
    if (options.labels === undefined) return folderGenre
    const fs = yield* FileSystem.FileSystem
    const csvPath = options.labels
    const text = yield* fs
      .readFileString(csvPath)
      .pipe(
        Effect.mapError(
          (e) => new LabelsInvalid({ path: csvPath, message: `cannot read the labels CSV: ${e.message}` }),
        ),
      )
    const lookup = csvLabels(text, csvPath, resolve(options.input))
    return lookup instanceof LabelsInvalid ? yield* lookup : lookup
  })

/** Removes temporary files left by a killed run. */
const removeLeftovers = (outputDir: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    for (const dir of [
      outputDir,
      `${outputDir}/features`,
      `${outputDir}/spectrograms`,
      `${outputDir}/${STATE_DIR}/files`,
    ]) {
      const names = yield* fs.readDirectory(dir).pipe(Effect.orElseSucceed(() => [] as string[]))
      for (const name of names)
        if (name.endsWith(TEMP_SUFFIX)) yield* fs.remove(`${dir}/${name}`).pipe(Effect.ignore)
    }
  })

const withLabels = (
  entry: FileResult & { _tag: "Processed" },
  labels: ReturnType<LabelLookup>,
): ManifestEntry => ({
  ...entry.entry,
  ...labels,
})

const round = (value: number, digits: number) => Number(value.toFixed(digits))

const assembleManifest = (
  name: string,
  entries: ReadonlyArray<{ entry: ManifestEntry; format: string }>,
  errors: ReadonlyArray<ManifestError>,
) => {
  const totalSeconds = entries.reduce((sum, e) => sum + e.entry.duration, 0)
  return {
    dataset_name: name,
    created_by: "mirflow",
    mirflow_version: mirflowVersion,
    total_files: entries.length,
    total_errors: errors.length,
    processing_date: new Date().toISOString(),
    statistics: {
      total_duration_hours: round(totalSeconds / 3600, 4),
      average_duration_seconds: entries.length > 0 ? round(totalSeconds / entries.length, 3) : 0,
      sample_rates: [...new Set(entries.map((e) => e.entry.sample_rate))].sort((a, b) => a - b),
      file_formats: [...new Set(entries.map((e) => e.format))].sort(),
    },
    files: entries.map((e) => e.entry),
    errors: [...errors],
  }
}

/**
 * Builds a dataset from a folder of audio.
 *
 * @example
 * ```ts
 * const result = yield* buildDataset({ input: "music/", output: "dataset/", labels: "music/labels.csv" })
 * console.log(`${result.manifest.total_files} files, ${result.failed} errors → ${result.manifestPath}`)
 * ```
 */
export const buildDataset = Effect.fn("buildDataset")(function* (options: BuildDatasetOptions) {
  const started = performance.now()
  const fs = yield* FileSystem.FileSystem
  const outputDir = resolve(options.output)
  const datasetName = safeName(options.name ?? "music_dataset")
  const writeFeatures = options.features ?? true
  const writeSpectrogram = options.spectrograms ?? true
  const found = yield* findAudioFiles(options.input, outputDir)
  if (found.files.length === 0) {
    return yield* new DatasetInputError({
      path: options.input,
      message: `no audio files in ${options.input}${found.ignored > 0 ? ` (${found.ignored} other files ignored)` : ""}: mirflow reads WAV, MP3, FLAC, OGG, Opus and M4A`,
    })
  }
  const labels = yield* labelLookup(options)
  yield* fs.makeDirectory(outputDir, { recursive: true }).pipe(
    Effect.mapError(
      (e) =>
        new OutputWriteError({
          path: outputDir,
          message: `cannot create the output folder: ${describeWriteError(outputDir, e)}`,
        }),
    ),
  )
  yield* removeLeftovers(outputDir)

  const names = uniqueNames(found.files.map((f) => f.relativePath))
  const jobs = found.files.map(
    (file, i): FileJob => ({
      absolutePath: file.absolutePath,
      relativePath: file.relativePath,
      size: file.size,
      name: names[i]!,
      outputDir,
      writeFeatures,
      writeSpectrogram,
      maxDuration: options.maxDuration ?? 3600,
    }),
  )

  let done = 0
  let failed = 0
  let reused = 0
  const processAll = Effect.gen(function* () {
    const pool = yield* makeWorkerPool(Math.min(options.concurrency ?? availableParallelism(), jobs.length))
    return yield* Effect.forEach(
      jobs,
      (job, i) =>
        Effect.gen(function* () {
          const mtimeMs = found.files[i]!.mtimeMs
          const current = yield* readCurrent(job, mtimeMs)
          let result: FileResult
          if (current !== undefined) {
            reused++
            result = { _tag: "Processed", ...current }
          } else {
            result = yield* pool.run(job)
            if (result._tag === "Processed") yield* writeRecord(job, mtimeMs, result.entry, result.format)
          }
          done++
          if (result._tag === "Failed") failed++
          options.onProgress?.({
            total: jobs.length,
            done,
            failed,
            reused,
            elapsedSeconds: (performance.now() - started) / 1000,
            last: job.relativePath,
          })
          return result
        }),
      { concurrency: pool.size },
    )
  })
  // A failed write (a full disk) stops the build: once every worker has stopped (the pool's scope has
  // closed), remove the temporary files that writes in flight on other workers left behind.
  const results = yield* Effect.scoped(processAll).pipe(Effect.onError(() => removeLeftovers(outputDir)))

  const entries: { entry: ManifestEntry; format: string }[] = []
  const errors: ManifestError[] = []
  results.forEach((result, i) => {
    if (result._tag === "Failed") errors.push(result.error)
    else
      entries.push({
        entry: withLabels(result, labels(jobs[i]!.absolutePath, jobs[i]!.relativePath)),
        format: result.format,
      })
  })
  const manifest = yield* Schema.decodeUnknownEffect(Manifest)(
    assembleManifest(datasetName, entries, errors),
  ).pipe(
    Effect.orDie, // a manifest that fails its own schema is a bug in mirflow
  )
  const manifestPath = `${outputDir}/${datasetName}_manifest.json`
  yield* writeTextAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
  return {
    manifest,
    manifestPath,
    processed: done - reused - failed,
    reused,
    failed,
    ignored: found.ignored,
    elapsedSeconds: (performance.now() - started) / 1000,
  } satisfies BuildResult
})
