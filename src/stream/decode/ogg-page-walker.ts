/**
 * Follows Ogg pages as bytes arrive: it keeps the first page's body (the codec's identification
 * header), checks the page numbering the codec relies on, and tells, at the end, whether the stream
 * stopped inside a page or before a page flagged end-of-stream (a cut-off file). It holds one page
 * header at most.
 *
 * The numbering matters: the Opus codec's page parser (codec-parser) takes the page numbered 0 as the
 * identification header, so a stream whose first page is numbered otherwise, or that numbers a later
 * page 0, made it fail with a TypeError (found by fuzzing).
 *
 * Reference: RFC 3533 §6 (page header: "OggS", version, flags, granule, serial, sequence, CRC,
 * segment count, segment table).
 *
 * @module
 */
import { CorruptAudio } from "../../schema/errors/decode.ts"
import { ByteGatherer } from "./byte-gatherer.ts"

const PAGE_HEADER = 27
const FLAG_BEGINNING_OF_STREAM = 0x02
const FLAG_END_OF_STREAM = 0x04

const outOfOrder = (why: string) =>
  new CorruptAudio({
    format: "ogg",
    message: `The Ogg file is damaged: ${why}. Re-encode or re-download it.`,
  })

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
        this.checkSequence(new DataView(header.buffer, header.byteOffset).getUint32(18, true))
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

  /**
   * The first page must be numbered 0, and no later page may be, unless it starts a new chained stream
   * (beginning-of-stream flag). Other irregularities (a gap where a page was lost) are left to the
   * codec, which skips what it cannot use.
   */
  private checkSequence(sequence: number): void {
    if (this.pages === 0 && sequence !== 0) {
      throw outOfOrder(`its first page is numbered ${sequence}, not 0, so its beginning is missing`)
    }
    if (this.pages > 0 && sequence === 0 && (this.flags & FLAG_BEGINNING_OF_STREAM) === 0) {
      throw outOfOrder(`page ${this.pages + 1} is numbered 0, as only the first page may be`)
    }
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
