/**
 * The inputs decoding accepts, each turned into an Effect stream of byte chunks.
 *
 * @module
 */
import { createReadStream } from "node:fs"
import type { Readable } from "node:stream"
// The module itself, not the package index: the index loads the HTTP server, the cluster and the
// rest of the Node platform, about 30 MB of resident memory that decoding never uses.
import * as NodeStream from "@effect/platform-node/NodeStream"
import { Predicate, Stream } from "effect"
import { AudioReadError } from "../../schema/errors/decode.ts"

/**
 * Where encoded audio comes from: a file path, bytes in memory, a Node readable (`process.stdin`, an
 * HTTP request, `fs.createReadStream`), a web `ReadableStream` (`fetch` bodies, `Request.body` in
 * Hono), or an Effect stream of byte chunks, whose errors `E` and requirements `R` pass through.
 */
export type AudioInput<E = never, R = never> =
  | string
  | Uint8Array
  | ArrayBuffer
  | Readable
  | ReadableStream<Uint8Array>
  | Stream.Stream<Uint8Array, E, R>

/**
 * Bytes per read when reading a file. Decoding runs in microtasks, so a file read's completion waits
 * until the bytes already received are decoded: each read costs one thread-pool round trip that is not
 * overlapped. With 64 KiB reads this added ~100 ms to a 30 s MP3 here; 1 MiB reads make it one trip.
 */
const FILE_CHUNK = 1024 * 1024

const isWebStream = (input: unknown): input is ReadableStream<Uint8Array> =>
  Predicate.hasProperty(input, "getReader") && Predicate.isFunction(input.getReader)

const fileErrorMessage = (path: string, error: unknown): string => {
  const code = Predicate.hasProperty(error, "code") ? error.code : undefined
  if (code === "ENOENT") return `No such file: ${path}`
  if (code === "EACCES" || code === "EPERM") return `Permission denied reading ${path}`
  if (code === "EISDIR") return `${path} is a directory, not an audio file`
  return `Could not read ${path}: ${error instanceof Error ? error.message : String(error)}`
}

const streamError = (source: string) => (cause: unknown) =>
  new AudioReadError({
    source,
    message: `Reading the audio ${source} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    cause,
  })

/** The input's bytes as a stream of chunks (a byte buffer is one chunk, a file 1 MiB chunks). */
export const inputBytes = <E, R>(
  input: AudioInput<E, R>,
): Stream.Stream<Uint8Array, E | AudioReadError, R> => {
  if (typeof input === "string") {
    return NodeStream.fromReadable({
      evaluate: () => createReadStream(input, { highWaterMark: FILE_CHUNK }),
      onError: (cause) =>
        new AudioReadError({ source: input, message: fileErrorMessage(input, cause), cause }),
    })
  }
  if (input instanceof Uint8Array) return Stream.succeed(input)
  if (input instanceof ArrayBuffer) return Stream.succeed(new Uint8Array(input))
  if (Stream.isStream(input)) return input as Stream.Stream<Uint8Array, E, R>
  if (isWebStream(input))
    return Stream.fromReadableStream({ evaluate: () => input, onError: streamError("stream") })
  return NodeStream.fromReadable<Uint8Array, AudioReadError>({
    evaluate: () => input,
    onError: streamError("stream"),
  })
}
