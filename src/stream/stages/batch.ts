import { Stream } from "effect"

/**
 * Groups a stream's values into arrays of `size` (the last may be shorter), for batched inference:
 * `Stream.grouped` under the pipeline's name.
 */
export const batch = (size: number) => {
  if (!(Number.isInteger(size) && size >= 1))
    throw new RangeError(`batch size must be a positive integer, got ${size}`)
  return <A, E, R>(self: Stream.Stream<A, E, R>): Stream.Stream<ReadonlyArray<A>, E, R> =>
    Stream.grouped(self, size)
}
