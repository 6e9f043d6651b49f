/**
 * `mirflow preprocess-dataset INPUT --output DIR`: a folder of audio → features JSON, mel spectrograms
 * and a manifest in the integration spec's formats (a thin layer over `buildDataset`).
 */
import { availableParallelism } from "node:os"
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { buildDataset } from "../../stream/dataset/build.ts"
import { progressReporter } from "../progress.ts"
import { reportFailures } from "../report.ts"

export const preprocessDataset = Command.make(
  "preprocess-dataset",
  {
    input: Argument.String("input").pipe(
      Argument.withDescription("Folder of audio files, searched recursively"),
    ),
    output: Flag.String("output").pipe(Flag.withDescription("Folder to write the dataset to")),
    features: Flag.Boolean("features").pipe(
      Flag.withDefault(false),
      Flag.withDescription(
        "Write features JSON (with neither --features nor --spectrograms, both are written)",
      ),
    ),
    spectrograms: Flag.Boolean("spectrograms").pipe(
      Flag.withDefault(false),
      Flag.withDescription("Write mel spectrograms"),
    ),
    manifest: Flag.String("manifest").pipe(
      Flag.withDefault("music_dataset"),
      Flag.withDescription("Dataset name: the manifest is NAME_manifest.json"),
    ),
    labels: Flag.String("labels").pipe(
      Flag.optional,
      Flag.withDescription(
        "Labels CSV (columns file, genre, mood, bpm, key); default: genre from each file's folder",
      ),
    ),
    concurrency: Flag.Int("concurrency").pipe(
      Flag.withDefault(availableParallelism()),
      Flag.withDescription("Worker threads (default: every core)"),
    ),
    maxDuration: Flag.Int("max-duration").pipe(
      Flag.withDefault(3600),
      Flag.withDescription("Longest file accepted, seconds"),
    ),
  },
  (flags) =>
    reportFailures(
      Effect.gen(function* () {
        const both = !flags.features && !flags.spectrograms
        const progress = progressReporter("files")
        const result = yield* buildDataset({
          input: flags.input,
          output: flags.output,
          features: both || flags.features,
          spectrograms: both || flags.spectrograms,
          name: flags.manifest,
          ...(Option.isSome(flags.labels) && { labels: flags.labels.value }),
          concurrency: Math.max(1, flags.concurrency),
          maxDuration: flags.maxDuration,
          onProgress: (p) =>
            progress.update(p.done, p.total, p.failed > 0 ? `${p.failed} failed` : undefined),
        })
        progress.finish()
        const { manifest } = result
        yield* Console.log(
          `${manifest.total_files} files (${result.processed} processed, ${result.reused} already up to date), ${manifest.total_errors} errors, ` +
            `${(manifest.statistics.total_duration_hours * 60).toFixed(1)} min of audio in ${result.elapsedSeconds.toFixed(1)} s → ${result.manifestPath}`,
        )
        for (const error of manifest.errors)
          yield* Console.error(`  ${error.filename}: ${error.code}: ${error.message}`)
      }),
    ),
).pipe(
  Command.withDescription(
    "Turn a folder of audio into a dataset: features JSON, mel spectrograms (.npy) and a manifest",
  ),
  Command.withExamples([
    {
      command: "mirflow preprocess-dataset music/ --output dataset/",
      description: "genres from folder names",
    },
    {
      command:
        "mirflow preprocess-dataset music/ --output dataset/ --labels music/labels.csv --manifest emotify",
      description: "labels from a CSV; writes dataset/emotify_manifest.json",
    },
  ]),
)
