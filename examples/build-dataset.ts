/**
 * Builds a dataset from a folder of music as `mirflow preprocess-dataset` does, through the library:
 * per file a features JSON and a mel spectrogram `.npy`, and a manifest listing them with their labels
 * (a file's genre is the name of its folder). Then checks what was written, as `mirflow validate`.
 *
 *   npm run example examples/build-dataset.ts [music-folder] [output-folder]
 *
 * Without a music folder it writes the tutorial's clips (examples/tutorial-music.ts) into a temporary
 * folder first, so it runs on the bundled demo alone.
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeServices } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { buildDataset, validateDataset } from "mirflow/stream"
import { writeTutorialMusic } from "./tutorial-music.ts"

const program = Effect.gen(function* () {
  const scratch =
    process.argv[2] === undefined ? mkdtempSync(join(tmpdir(), "mirflow-example-dataset-")) : undefined
  const input = process.argv[2] ?? (yield* writeTutorialMusic(scratch!)).music
  const output = process.argv[3] ?? join(scratch ?? ".", "dataset")

  const result = yield* buildDataset({
    input,
    output,
    // Files are analysed on worker threads, one per core by default; each file's outputs are written
    // atomically, and a re-run skips files whose outputs are current.
    onProgress: (p) => console.error(`  ${p.done}/${p.total} ${p.last}`),
  })
  yield* Console.log(
    `${result.manifest.total_files} files (${result.processed} analysed, ${result.reused} reused, ${result.failed} failed) in ${result.elapsedSeconds.toFixed(1)} s`,
  )
  yield* Console.log(`manifest: ${result.manifestPath}`)
  const genres = new Map<string, number>()
  for (const entry of result.manifest.files)
    if (entry.genre !== undefined) genres.set(entry.genre, (genres.get(entry.genre) ?? 0) + 1)
  yield* Console.log(`genres: ${[...genres].map(([genre, n]) => `${genre} ${n}`).join(", ")}`)
  // A file that could not be analysed does not stop the build: it is listed with its reason.
  for (const error of result.manifest.errors)
    yield* Console.log(`skipped ${error.filename}: ${error.code}: ${error.message}`)

  const report = yield* validateDataset(result.manifestPath)
  yield* Console.log(
    report.problems.length === 0
      ? `valid: ${report.files} files, every features file and spectrogram readable`
      : `problems:\n  ${report.problems.join("\n  ")}`,
  )
})

// buildDataset and validateDataset read and write files through Effect's FileSystem service:
// NodeServices provides Node's.
Effect.runPromise(program.pipe(Effect.provide(NodeServices.layer))).catch((error) => {
  console.error(String(error))
  process.exitCode = 1
})
