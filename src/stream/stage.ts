/**
 * Building stream stages from small stateful processors.
 *
 * A processor turns each input into zero or more outputs and may emit a tail when the stream ends
 * (the end padding of the last frames, a resampler's filter tail). A stage makes one processor per
 * stream run: running the same pipeline twice starts from fresh state each time. Stages work on
 * chunks (blocks of samples or frames), so the per-element cost of Effect streams is paid per chunk.
 *
 * @module
 */
import { Effect, Stream } from "effect"

export interface Processor<A, B, E = never> {
  /** Outputs for one input, or a typed failure (a stream whose layout changed, invalid samples). */
  readonly push: (input: A) => ReadonlyArray<B> | Failure<E>
  /** Outputs due when the stream ends. */
  readonly flush: () => ReadonlyArray<B>
}

/** A processor's typed failure: the stream fails with `error`. */
export interface Failure<E> {
  readonly _tag: "Failure"
  readonly error: E
}

export const fail = <E>(error: E): Failure<E> => ({ _tag: "Failure", error })

const isFailure = (value: unknown): value is Failure<unknown> =>
  typeof value === "object" && value !== null && "_tag" in value && value._tag === "Failure"

/**
 * A stage from a processor factory: `Stream<A>` in, `Stream<B>` out, errors and requirements kept.
 * The tail (`flush`) is emitted only when the input ends normally; a failing input fails the stage
 * without a tail (Effect's `mapAccum` `onHalt` also runs on failure, which would emit end padding for
 * a stream that never ended).
 */
export const stage =
  <A, B, E2 = never>(make: () => Processor<A, B, E2>) =>
  <E, R>(self: Stream.Stream<A, E, R>): Stream.Stream<B, E | E2, R> =>
    Stream.suspend(() => {
      const processor = make()
      return self.pipe(
        Stream.mapEffect((input) => {
          const out = processor.push(input)
          return isFailure(out) ? Effect.fail(out.error as E2) : Effect.succeed(out)
        }),
        Stream.flattenIterable,
        Stream.concat(Stream.suspend(() => Stream.fromIterable(processor.flush()))),
      )
    })
