/**
 * Follows Ogg pages as bytes arrive: it keeps the first page's body (the codec's identification
 * header) and tells, at the end, whether the stream stopped inside a page or before a page flagged
 * end-of-stream (a cut-off file). It holds one page header at most.
 *
 * Reference: RFC 3533 §6 (page header: "OggS", version, flags, granule, serial, sequence, CRC,
 * segment count, segment table).
 *
 * @module
 */
import { ByteGatherer } from "./byte-gatherer.ts"

const PAGE_HEADER = 27
const FLAG_END_OF_STREAM = 0x04

export class OggPageWalker {
  /** Body of the first page: Vorbis's or Opus's identification header. */
  firstPageBody: Uint8Array | undefined = undefined
  private readonly gatherer = new ByteGatherer()
  private stage: "header" | "segments" | "body" = "header"
  private bodyLeft = 0
  private flags = 0
  private pages = 0
  private lost = false
  private keepBody: ByteGatherer | undefined = new ByteGatherer()

  constructor() {
    this.gatherer.want(PAGE_HEADER)
  }

  push(bytes: Uint8Array): void {
    let at = 0
    while (at < bytes.length && !this.lost) {
      if (this.stage === "body") {
        const n = Math.min(this.bodyLeft, bytes.length - at)
        if (this.keepBody !== undefined) this.keepBody.take(bytes, at)
        at += n
        this.bodyLeft -= n
        if (this.bodyLeft === 0) this.endPage()
        continue
      }
      at = this.gatherer.take(bytes, at)
      if (!this.gatherer.complete) break
      const header = this.gatherer.bytes
      if (this.stage === "header") {
        if (header[0] !== 0x4f || header[1] !== 0x67 || header[2] !== 0x67 || header[3] !== 0x53) {
          this.lost = true // not "OggS": stop following, the codec resynchronises itself
          break
        }
        this.flags = header[5]!
        this.stage = "segments"
        this.gatherer.want(header[26]!)
      } else {
        let size = 0
        for (const lacing of header) size += lacing
        this.bodyLeft = size
        this.keepBody?.want(size)
        this.stage = "body"
        if (size === 0) this.endPage()
      }
    }
  }

  /** The input ended inside a page, or its last page is not flagged end-of-stream. */
  get truncated(): boolean {
    if (this.lost) return false
    return (
      this.stage !== "header" ||
      this.gatherer.partial ||
      this.pages === 0 ||
      (this.flags & FLAG_END_OF_STREAM) === 0
    )
  }

  private endPage(): void {
    if (this.keepBody !== undefined) {
      this.firstPageBody = this.keepBody.bytes.slice()
      this.keepBody = undefined
    }
    this.pages++
    this.stage = "header"
    this.gatherer.want(PAGE_HEADER)
  }
}
