/**
 * Follows MPEG audio frames header to header as bytes arrive, to tell whether the input ended inside a
 * frame (a cut-off file). It holds one header at most. Bytes that are not a frame header where one
 * should start (an ID3v1 or APE tag at the end, junk) stop the walk: the input is then not called
 * truncated, since the decoder resynchronises on its own.
 *
 * @module
 */
import { ByteGatherer } from "./byte-gatherer.ts"
import { parseMpegHeader } from "./mpeg-header.ts"

export class MpegFrameWalker {
  /** Frame headers seen. */
  frames = 0
  private readonly header = new ByteGatherer()
  private bodyLeft = 0
  private lost = false

  constructor() {
    this.header.want(4)
  }

  /** Follows `bytes`, which continue the stream from the first frame header on. */
  push(bytes: Uint8Array): void {
    let at = 0
    while (at < bytes.length && !this.lost) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, bytes.length - at)
        at += n
        this.bodyLeft -= n
        continue
      }
      at = this.header.take(bytes, at)
      if (!this.header.complete) break
      const header = parseMpegHeader(this.header.bytes, 0)
      if (header === undefined) this.lost = true
      else {
        this.frames++
        this.bodyLeft = header.frameLength - 4
        this.header.want(4)
      }
    }
  }

  /** The input ended inside a frame. */
  get endedInsideFrame(): boolean {
    return !this.lost && this.bodyLeft > 0
  }
}
