/**
 * The recent samples of a stream, held by the streaming resamplers: absolute sample indices
 * `[start, end)` sit at `data[0 …]`. Appending drops the samples before a given index (those no later
 * output needs) only when the array is full, moving the kept ones to the front, or into an array twice
 * as large when they do not fit: a stream of any length is held in bounded memory, and each sample is
 * copied about once.
 *
 * @module
 */
export class SampleHistory {
  /** The samples; `data[i]` is the stream's sample `start + i`, for `i < end - start`. */
  data: Float32Array
  /** Absolute index of `data[0]` (negative for the zeros before a stream's first sample). */
  start: number
  /** Absolute index one past the last sample held. */
  end: number

  /**
   * @param capacity - initial length of `data`
   * @param start - absolute index of the first sample (default 0); samples from it up to 0 start as zeros
   */
  constructor(capacity: number, start = 0) {
    this.data = new Float32Array(capacity)
    this.start = start
    this.end = 0
  }

  /** Appends `chunk`, keeping the samples from absolute index `keepFrom` on. */
  append(chunk: Float32Array, keepFrom: number): void {
    const at = this.reserve(chunk.length, keepFrom) // first: it may replace `data`
    this.data.set(chunk, at)
  }

  /** Appends `count` zeros, keeping the samples from absolute index `keepFrom` on. */
  appendZeros(count: number, keepFrom: number): void {
    const at = this.reserve(count, keepFrom)
    this.data.fill(0, at, at + count)
  }

  /** Makes room for `count` samples at the end and returns where they start in `data`. */
  private reserve(count: number, keepFrom: number): number {
    const kept = this.end - keepFrom
    if (this.end - this.start + count > this.data.length) {
      const offset = keepFrom - this.start
      if (kept + count > this.data.length) {
        const larger = new Float32Array(Math.max(2 * this.data.length, kept + count))
        larger.set(this.data.subarray(offset, offset + kept))
        this.data = larger
      } else {
        this.data.copyWithin(0, offset, offset + kept)
      }
      this.start = keepFrom
    }
    const at = this.end - this.start
    this.end += count
    return at
  }
}
