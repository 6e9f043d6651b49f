/**
 * Reads an Effect byte stream one chunk at a time, the way the decoder driver consumes it: first the
 * few chunks that hold the header, then the rest as the PCM stream is pulled.
 *
 * @module
 */
import type { Array as Arr } from "effect"
import { Effect, Pull } from "effect"

/** The next non-empty chunk of the input, or undefined once it has ended (and on every call after). */
export type NextBytes<E> = Effect.Effect<Uint8Array | undefined, E>

/** Wraps a stream's pull (`Stream.toPull`) as a `NextBytes`. */
export const byteSource = <E>(pull: Pull.Pull<Arr.NonEmptyReadonlyArray<Uint8Array>, E>): NextBytes<E> => {
  let batch: ReadonlyArray<Uint8Array> = []
  let index = 0
  let ended = false
  const refill = pull.pipe(
    Effect.map((chunks): boolean => {
      batch = chunks
      index = 0
      return true
    }),
    Pull.catchDone(() => {
      ended = true
      return Effect.succeed(false)
    }),
  )
  return Effect.gen(function* () {
    for (;;) {
      while (index < batch.length) {
        const chunk = batch[index++]!
        if (chunk.length > 0) return chunk
      }
      if (ended || !(yield* refill)) return undefined
    }
  })
}
