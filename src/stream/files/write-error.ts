/**
 * Messages for failed writes that say what to do: a full disk, a read-only or unwritable folder, a
 * name too long for the file system. Effect's file system reports Node's error code (`ENOSPC`...) only
 * in the cause of its `PlatformError` (its own message reads "Unknown: FileSystem.writeFile"), so the
 * code is looked for there.
 *
 * @module
 */
import { basename, dirname } from "node:path"
import { Predicate } from "effect"

/** The Node error code (`ENOSPC`, `EACCES`...) of an error, of its `reason`, or of their causes. */
export const systemErrorCode = (error: unknown): string | undefined => {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 4; depth++) {
    if (Predicate.hasProperty(e, "code") && typeof e.code === "string") return e.code
    e = Predicate.hasProperty(e, "reason")
      ? e.reason
      : Predicate.hasProperty(e, "cause")
        ? e.cause
        : undefined
  }
  return undefined
}

/** A message for a write of `path` that failed with `error`. */
export const describeWriteError = (path: string, error: unknown): string => {
  const folder = dirname(path)
  switch (systemErrorCode(error)) {
    case "ENOSPC":
      return `no space left on the device while writing ${path}: free some space, or choose an output folder on another disk`
    case "EDQUOT":
      return `the disk quota is exhausted while writing ${path}: free some space, or choose another output folder`
    case "EROFS":
      return `${folder} is on a read-only file system: choose a writable output folder`
    case "EACCES":
    case "EPERM":
      return `permission denied writing ${path}: choose an output folder you can write to`
    case "ENOTDIR":
    case "EEXIST":
      return `a file stands where a folder of ${path} should be: choose another output folder`
    case "ENAMETOOLONG":
      return `the name ${basename(path)} is too long for the file system (${Buffer.byteLength(basename(path))} bytes)`
    case "ENOENT":
      return `the folder of ${path} does not exist`
    case "EISDIR":
      return `${path} is a folder: give a file name`
    default: {
      const text = Predicate.hasProperty(error, "message") ? String(error.message) : String(error)
      return `could not write ${path}: ${text}`
    }
  }
}
