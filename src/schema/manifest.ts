/**
 * The dataset manifest of the integration spec (`{dataset_name}_manifest.json`).
 *
 * Paths in `files[].features_file` and `files[].spectrogram_file` are relative to the manifest's
 * folder; `files[].filename` is the audio file's path relative to the input folder (POSIX
 * separators), so files with the same name in different folders stay distinct.
 *
 * @module
 */
import { Schema } from "effect"
import { KeyLabel } from "./features-file.ts"

const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const SampleRate = Schema.Int.check(Schema.isGreaterThan(0))

/** A relative path inside the dataset folder: no absolute paths, no `..` segments. */
export const RelativePath = Schema.String.check(
  Schema.makeFilter((s: string) =>
    s.length > 0 && !s.startsWith("/") && !/^[A-Za-z]:/.test(s) && !s.split(/[\\/]/).includes("..")
      ? undefined
      : `Expected a relative path inside the dataset folder, got ${JSON.stringify(s)}`,
  ),
)

/**
 * An audio file's path relative to the input folder, `/`-separated: not absolute, no `..` segment.
 * On Linux and macOS a file name may hold `\` and `:` (`a\..\b.wav` and `A: Intro.mp3` are single
 * names), so here they are plain characters, not separators or drives: the path names the file and
 * is never opened (the outputs' paths, which are, are {@link RelativePath}s built by mirflow).
 */
export const AudioPath = Schema.String.check(
  Schema.makeFilter((s: string) =>
    s.length > 0 && !s.startsWith("/") && !s.split("/").includes("..")
      ? undefined
      : `Expected the audio file's path relative to the input folder, got ${JSON.stringify(s)}`,
  ),
)

export const ManifestEntry = Schema.Struct({
  filename: AudioPath,
  duration: NonNegative,
  sample_rate: SampleRate,
  features_file: Schema.optionalKey(RelativePath),
  spectrogram_file: Schema.optionalKey(RelativePath),
  file_size_mb: NonNegative,
  genre: Schema.optionalKey(Schema.String),
  mood: Schema.optionalKey(Schema.String),
  bpm: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThan(0))),
  key: Schema.optionalKey(KeyLabel),
})
export type ManifestEntry = typeof ManifestEntry.Type

export const ManifestError = Schema.Struct({
  filename: AudioPath,
  /** The tagged error's name, e.g. `UnsupportedFormat`. */
  code: Schema.String,
  message: Schema.String,
})
export type ManifestError = typeof ManifestError.Type

export const ManifestStatistics = Schema.Struct({
  total_duration_hours: NonNegative,
  average_duration_seconds: NonNegative,
  sample_rates: Schema.Array(SampleRate),
  file_formats: Schema.Array(Schema.String),
})

export const Manifest = Schema.Struct({
  dataset_name: Schema.NonEmptyString,
  created_by: Schema.String,
  mirflow_version: Schema.optionalKey(Schema.String),
  total_files: Count,
  total_errors: Count,
  processing_date: Schema.String,
  statistics: ManifestStatistics,
  files: Schema.Array(ManifestEntry),
  errors: Schema.Array(ManifestError),
}).check(
  Schema.makeFilter((m) =>
    m.total_files !== m.files.length
      ? `total_files is ${m.total_files} but files lists ${m.files.length}`
      : m.total_errors !== m.errors.length
        ? `total_errors is ${m.total_errors} but errors lists ${m.errors.length}`
        : undefined,
  ),
)
export type Manifest = typeof Manifest.Type
