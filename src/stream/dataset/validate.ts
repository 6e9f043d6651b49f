/**
 * Checking a built dataset: the manifest against its schema, and every file it lists against its own
 * format (features JSON schema, a `(128, frames)` float32 `.npy` whose length agrees with the entry's
 * duration). Every problem is collected, not just the first.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path"
import { Effect, FileSystem, Schema } from "effect"
import { decodeNpy } from "../../dsp/npy.ts"
import { FeaturesFile } from "../../schema/features-file.ts"
import { Manifest } from "../../schema/manifest.ts"

export interface ValidationReport {
  readonly manifestPath: string
  readonly files: number
  readonly problems: ReadonlyArray<string>
}

/** Finds the manifest of a dataset folder (`*_manifest.json`), or takes a manifest path as is. */
const locateManifest = (path: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const info = yield* fs.stat(path).pipe(Effect.orElseSucceed(() => undefined))
    if (info === undefined) return { error: `${path} does not exist` }
    if (info.type !== "Directory") return { path }
    const manifests = (yield* fs.readDirectory(path)).filter((n) => n.endsWith("_manifest.json")).sort()
    if (manifests.length === 0) return { error: `no *_manifest.json in ${path}` }
    if (manifests.length > 1)
      return { error: `several manifests in ${path} (${manifests.join(", ")}): name one` }
    return { path: join(path, manifests[0]!) }
  })

const HOP_SECONDS = 512 / 22050

/** Validates a dataset folder or manifest. */
export const validateDataset = Effect.fn("validateDataset")(function* (target: string) {
  const fs = yield* FileSystem.FileSystem
  const located = yield* locateManifest(target)
  if ("error" in located)
    return { manifestPath: target, files: 0, problems: [located.error] } satisfies ValidationReport
  const manifestPath = resolve(located.path!)
  const root = dirname(manifestPath)
  const problems: string[] = []
  const text = yield* fs.readFileString(manifestPath).pipe(Effect.orElseSucceed(() => undefined))
  let json: unknown
  try {
    json = text === undefined ? undefined : JSON.parse(text)
  } catch (e) {
    problems.push(`${basename(manifestPath)} is not valid JSON: ${String(e)}`)
  }
  if (json === undefined) {
    if (problems.length === 0) problems.push(`cannot read ${manifestPath}`)
    return { manifestPath, files: 0, problems } satisfies ValidationReport
  }
  const decoded = Schema.decodeUnknownExit(Manifest)(json)
  if (decoded._tag === "Failure") {
    problems.push(`${basename(manifestPath)} does not match the manifest schema: ${String(decoded.cause)}`)
    return { manifestPath, files: 0, problems } satisfies ValidationReport
  }
  const manifest = decoded.value
  for (const entry of manifest.files) {
    const where = entry.filename
    if (entry.features_file !== undefined) {
      const body = yield* fs
        .readFileString(join(root, entry.features_file))
        .pipe(Effect.orElseSucceed(() => undefined))
      if (body === undefined) problems.push(`${where}: ${entry.features_file} is missing`)
      else {
        const parsed = Effect.runSync(
          Effect.try(() => JSON.parse(body) as unknown).pipe(
            Effect.flatMap(Schema.decodeUnknownEffect(FeaturesFile)),
            Effect.match({ onFailure: (e) => String(e), onSuccess: () => undefined }),
          ),
        )
        if (parsed !== undefined)
          problems.push(`${where}: ${entry.features_file} is not a valid features file: ${parsed}`)
      }
    }
    if (entry.spectrogram_file !== undefined) {
      const bytes = yield* fs
        .readFile(join(root, entry.spectrogram_file))
        .pipe(Effect.orElseSucceed(() => undefined))
      if (bytes === undefined) problems.push(`${where}: ${entry.spectrogram_file} is missing`)
      else {
        try {
          const array = decodeNpy(bytes)
          const [bands, frames] = array.shape
          if (array.dtype !== "<f4" || array.shape.length !== 2 || bands !== 128) {
            problems.push(
              `${where}: ${entry.spectrogram_file} is ${array.dtype} (${array.shape.join(", ")}), expected float32 (128, frames)`,
            )
          } else {
            const expected = 1 + Math.floor(entry.duration / HOP_SECONDS)
            if (Math.abs(frames! - expected) > 1) {
              problems.push(
                `${where}: ${entry.spectrogram_file} has ${frames} frames, ${entry.duration} s of audio gives ${expected}`,
              )
            }
          }
        } catch (e) {
          problems.push(
            `${where}: ${entry.spectrogram_file} is not a readable .npy file: ${e instanceof Error ? e.message : String(e)}`,
          )
        }
      }
    }
  }
  return { manifestPath, files: manifest.files.length, problems } satisfies ValidationReport
})
