/**
 * Atomic file writes: the bytes go to a temporary file in the same folder, which is then renamed over
 * the target. A reader (or a re-run after `kill -9`) sees either the old file or the complete new one,
 * never a truncated one; a failed write removes its temporary file.
 *
 * @module
 */
import { randomBytes } from "node:crypto"
import { Effect, FileSystem, Path } from "effect"
import { OutputWriteError } from "../../schema/errors/output.ts"
import { describeWriteError } from "./write-error.ts"

/** Suffix of temporary files; a dataset build removes leftovers of killed runs by it. */
export const TEMP_SUFFIX = ".mirflow-tmp"

/**
 * Writes `data` to `path` atomically, creating the parent folders.
 *
 * @example
 * ```ts
 * yield* writeFileAtomic("out/features/a_features.json", new TextEncoder().encode(json))
 * ```
 */
export const writeFileAtomic = Effect.fnUntraced(function* (path: string, data: Uint8Array) {
  const fs = yield* FileSystem.FileSystem
  const paths = yield* Path.Path
  const temp = `${path}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`
  const fail = (error: unknown) => new OutputWriteError({ path, message: describeWriteError(path, error) })
  const dir = paths.dirname(path)
  // Node's recursive mkdir reports ENOENT for any failure, a read-only file system included; a plain
  // mkdir of the folder itself then gives the real reason.
  yield* fs.makeDirectory(dir, { recursive: true }).pipe(
    Effect.catch((error) =>
      fs
        .makeDirectory(dir)
        .pipe(Effect.catch((plain) => Effect.fail(plain.reason._tag === "NotFound" ? error : plain))),
    ),
    Effect.mapError(fail),
  )
  yield* fs.writeFile(temp, data).pipe(
    Effect.flatMap(() => fs.rename(temp, path)),
    Effect.mapError(fail),
    Effect.onError(() => fs.remove(temp).pipe(Effect.ignore)),
  )
})

/** {@link writeFileAtomic} for text (UTF-8). */
export const writeTextAtomic = (path: string, text: string) =>
  writeFileAtomic(path, new TextEncoder().encode(text))
