/**
 * Collects a known number of bytes that may arrive split across any number of chunks: the building
 * block of the incremental container parsers (a WAV chunk header, an Ogg page header, an MP4 box header).
 *
 * @module
 */

/** Gathers `want(n)` bytes from successive chunks into one buffer, reused between headers. */
export class ByteGatherer {
  private buffer = new Uint8Array(64)
  private filled = 0
  private wanted = 0

  /** Starts gathering `count` bytes, discarding anything gathered before. */
  want(count: number): void {
    if (count > this.buffer.length) this.buffer = new Uint8Array(Math.max(count, this.buffer.length * 2))
    this.wanted = count
    this.filled = 0
  }

  /** Copies bytes from `chunk[at..]` until the wanted count is reached; returns the offset after them. */
  take(chunk: Uint8Array, at: number): number {
    const n = Math.min(this.wanted - this.filled, chunk.length - at)
    this.buffer.set(chunk.subarray(at, at + n), this.filled)
    this.filled += n
    return at + n
  }

  /** All wanted bytes have arrived. */
  get complete(): boolean {
    return this.filled === this.wanted
  }

  /** Some, but not all, wanted bytes have arrived. */
  get partial(): boolean {
    return this.filled > 0 && this.filled < this.wanted
  }

  /** The gathered bytes (a view, valid until the next `want`). */
  get bytes(): Uint8Array {
    return this.buffer.subarray(0, this.filled)
  }
}
