/**
 * Resume records of a dataset build, one per file in `{output}/.mirflow/files/{name}.json`, written
 * atomically *after* the file's outputs. A re-run skips a file whose record matches the source (path,
 * size, modification time), the options and the mirflow version, and whose outputs exist; a run
 * killed between a file's outputs and its record simply processes that file again.
 *
 * @module
 */
import { Effect, FileSystem } from "effect"
import { mirflowVersion } from "../../version.ts"
import { writeTextAtomic } from "../files/atomic.ts"
import type { FileJob, UnlabelledEntry } from "./process-file.ts"

interface ResumeRecord {
  readonly version: string
  readonly source: { readonly path: string; readonly size: number; readonly mtimeMs: number }
  readonly options: {
    readonly features: boolean
    readonly spectrograms: boolean
    readonly maxDuration: number
  }
  readonly entry: UnlabelledEntry
  readonly format: string
}

export const STATE_DIR = ".mirflow"
const recordPath = (outputDir: string, name: string) => `${outputDir}/${STATE_DIR}/files/${name}.json`

const optionsOf = (job: FileJob) => ({
  features: job.writeFeatures,
  spectrograms: job.writeSpectrogram,
  maxDuration: job.maxDuration,
})

/** The stored result of `job`'s file when it is complete and current, else undefined. */
export const readCurrent = (job: FileJob, mtimeMs: number) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const text = yield* fs.readFileString(recordPath(job.outputDir, job.name))
    const record = JSON.parse(text) as ResumeRecord
    const options = optionsOf(job)
    const current =
      record.version === mirflowVersion &&
      record.source.path === job.relativePath &&
      record.source.size === job.size &&
      record.source.mtimeMs === mtimeMs &&
      record.options.features === options.features &&
      record.options.spectrograms === options.spectrograms &&
      record.options.maxDuration === options.maxDuration
    if (!current) return undefined
    for (const output of [record.entry.features_file, record.entry.spectrogram_file]) {
      if (output !== undefined && !(yield* fs.exists(`${job.outputDir}/${output}`))) return undefined
    }
    return { entry: record.entry, format: record.format }
  }).pipe(Effect.catch(() => Effect.succeed(undefined)))

/** Records that `job`'s outputs are complete. */
export const writeRecord = (job: FileJob, mtimeMs: number, entry: UnlabelledEntry, format: string) =>
  writeTextAtomic(
    recordPath(job.outputDir, job.name),
    JSON.stringify({
      version: mirflowVersion,
      source: { path: job.relativePath, size: job.size, mtimeMs },
      options: optionsOf(job),
      entry,
      format,
    } satisfies ResumeRecord),
  )
