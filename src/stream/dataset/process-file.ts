/**
 * One file of a dataset build: decode, analyse, and write its features JSON and spectrogram `.npy`
 * atomically. Runs in a worker thread (see `worker.ts`) or in the calling thread.
 *
 * A file that cannot be decoded or analysed is an expected outcome (it becomes a manifest `errors`
 * entry and the build goes on); a file that cannot be *written* fails the build, since every later
 * file would fail the same way (a full disk, an unwritable folder).
 *
 * @module
 */
import { Cause, Effect, Schema } from "effect"
import { toBinMajor } from "../../dsp/matrix.ts"
import { encodeNpy } from "../../dsp/npy.ts"
import type { OutputWriteError } from "../../schema/errors/output.ts"
import { FeaturesFile } from "../../schema/features-file.ts"
import type { ManifestEntry, ManifestError } from "../../schema/manifest.ts"
import { mirflowVersion } from "../../version.ts"
import { analyzeInput, type InputAnalysis } from "../analyze.ts"
import { writeFileAtomic, writeTextAtomic } from "../files/atomic.ts"

/** Everything a worker needs to process one file (structured-clone friendly). */
export interface FileJob {
  readonly absolutePath: string
  readonly relativePath: string
  readonly size: number
  /** Output base name (see `names.ts`). */
  readonly name: string
  readonly outputDir: string
  readonly writeFeatures: boolean
  readonly writeSpectrogram: boolean
  readonly maxDuration: number
}

/** The manifest entry of a processed file, without labels (they are applied when the manifest is built). */
export type UnlabelledEntry = Omit<ManifestEntry, "genre" | "mood" | "bpm" | "key">

export type FileResult =
  | { readonly _tag: "Processed"; readonly entry: UnlabelledEntry; readonly format: string }
  | { readonly _tag: "Failed"; readonly error: ManifestError }

export const featuresPath = (name: string) => `features/${name}_features.json`
export const spectrogramPath = (name: string) => `spectrograms/${name}_spectrogram.npy`

/** Short format names for the manifest's `file_formats`, from the decoded container and codec. */
const formatName = (analysis: InputAnalysis): string =>
  analysis.info.container === "mp4"
    ? "m4a"
    : analysis.info.container === "ogg"
      ? analysis.info.codec === "opus"
        ? "opus"
        : "ogg"
      : analysis.info.container

const round = (value: number, digits: number) => Number(value.toFixed(digits))

/** The features file of an analysis, validated against the schema before it is written. */
export const featuresFileOf = (analysis: InputAnalysis, filename: string) =>
  Schema.decodeUnknownEffect(FeaturesFile)({
    filename,
    sample_rate: analysis.info.sampleRate,
    processing_info: { mirflow_version: mirflowVersion, processed_at: new Date().toISOString() },
    ...analysis.features,
    tempo_confidence: analysis.tempo.confidence,
    key: analysis.key.label,
    key_confidence: analysis.key.confidence,
  })

const failed = (job: FileJob, code: string, message: string): FileResult => ({
  _tag: "Failed",
  error: { filename: job.relativePath, code, message },
})

/** Processes one file; decode and analysis failures become a `Failed` result. */
export const processFile = (job: FileJob) =>
  Effect.gen(function* () {
    const analysis = yield* analyzeInput(job.absolutePath, { decode: { maxDuration: job.maxDuration } })
    const entry: { -readonly [K in keyof UnlabelledEntry]: UnlabelledEntry[K] } = {
      filename: job.relativePath,
      duration: round(analysis.duration, 3),
      sample_rate: analysis.info.sampleRate,
      file_size_mb: round(job.size / 2 ** 20, 3),
    }
    if (job.writeFeatures) {
      const file = yield* featuresFileOf(analysis, job.relativePath)
      entry.features_file = featuresPath(job.name)
      yield* writeTextAtomic(`${job.outputDir}/${entry.features_file}`, `${JSON.stringify(file, null, 2)}\n`)
    }
    if (job.writeSpectrogram) {
      const { mel } = analysis
      entry.spectrogram_file = spectrogramPath(job.name)
      const npy = encodeNpy({ dtype: "<f4", shape: [mel.bins, mel.frames], data: toBinMajor(mel) })
      yield* writeFileAtomic(`${job.outputDir}/${entry.spectrogram_file}`, npy)
    }
    return { _tag: "Processed", entry, format: formatName(analysis) } satisfies FileResult as FileResult
  }).pipe(
    Effect.catchCause((cause) => {
      const error = Cause.findErrorOption(cause)
      if (error._tag === "Some") {
        const e = error.value as { _tag?: string; message?: string }
        if (e._tag === "OutputWriteError") return Effect.fail(error.value as OutputWriteError)
        return Effect.succeed<FileResult>(failed(job, e._tag ?? "Error", e.message ?? String(error.value)))
      }
      // A defect is a bug in mirflow: record it against the file, keep building, and say so.
      return Effect.succeed(
        failed(
          job,
          "AnalysisDefect",
          `mirflow failed on this file (please report it): ${Cause.pretty(cause).split("\n")[0]}`,
        ),
      )
    }),
  )
