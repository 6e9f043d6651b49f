/**
 * Follows the top-level boxes of an MP4/M4A file (ftyp, moov, mdat, free...) as bytes arrive: it tells
 * where the index (`moov`) lies once it has passed, and whether the input ended inside a box (a cut-off
 * file). It holds one box header at most, and the movie fragment (`moof`) being read, so that its
 * tables can be checked before the demuxer reads them.
 *
 * Reference: ISO/IEC 14496-12 §4.2 (box header: 32-bit size, type, 64-bit size when size is 1, to the
 * end of the file when size is 0).
 *
 * @module
 */
import { ByteGatherer } from "./byte-gatherer.ts"

/** Largest movie fragment header held for checking; real ones are kilobytes. */
const MAX_MOOF = 16 << 20

export class Mp4BoxWalker {
  /** Absolute byte range of the `moov` box, once all of it has been seen. */
  moov: { readonly start: number; readonly end: number } | undefined = undefined
  /** A box header was impossible (size below 8): the bytes are not a valid MP4 from there on. */
  invalid = false
  /** Bytes seen so far. */
  position = 0
  /** Movie fragments (`moof` boxes, whole) completed by the last `push`. */
  fragments: Uint8Array[] = []
  private readonly moof = new ByteGatherer()
  private gatheringMoof = false
  private readonly header = new ByteGatherer()
  private stage: "header" | "largesize" | "body" = "header"
  private type = ""
  private boxStart = 0
  private boxEnd = 0
  private bodyLeft = 0

  constructor() {
    this.header.want(8)
  }

  push(bytes: Uint8Array): void {
    this.fragments = []
    let at = 0
    while (at < bytes.length && !this.invalid) {
      if (this.stage === "body") {
        const n = Math.min(this.bodyLeft, bytes.length - at)
        if (this.gatheringMoof) this.moof.take(bytes, at)
        at += n
        this.bodyLeft -= n
        if (this.bodyLeft === 0) this.endBox()
        continue
      }
      at = this.header.take(bytes, at)
      if (!this.header.complete) break
      const h = this.header.bytes
      const view = new DataView(h.buffer, h.byteOffset, h.byteLength)
      if (this.stage === "header") {
        const size = view.getUint32(0)
        this.type = String.fromCharCode(h[4]!, h[5]!, h[6]!, h[7]!)
        this.boxStart = this.position + at - 8
        if (size === 1) {
          this.stage = "largesize"
          this.header.want(8)
          continue
        }
        if (size !== 0 && size < 8) {
          this.invalid = true
          break
        }
        this.startBody(8, size === 0 ? Number.POSITIVE_INFINITY : size - 8)
      } else {
        const size = Number(view.getBigUint64(0))
        if (size < 16) {
          this.invalid = true
          break
        }
        this.startBody(16, size - 16)
      }
    }
    this.position += bytes.length
  }

  /** The input ended inside a box (its declared size runs past the end). */
  get endedInsideBox(): boolean {
    return !this.invalid && (this.header.partial || (this.stage === "body" && Number.isFinite(this.bodyLeft)))
  }

  /** The type of the box being read when the input ended (for messages). */
  get currentType(): string {
    return this.type
  }

  private startBody(headerLength: number, length: number): void {
    this.boxEnd = this.boxStart + headerLength + length
    this.bodyLeft = length
    this.stage = "body"
    this.gatheringMoof = this.type === "moof"
    if (this.gatheringMoof) {
      if (length > MAX_MOOF) {
        this.invalid = true
        return
      }
      // The checker reads the box whole: put back a header, in the 8-byte form whatever the original.
      this.moof.want(8 + length)
      const header = new Uint8Array(8)
      new DataView(header.buffer).setUint32(0, 8 + length)
      header.set([0x6d, 0x6f, 0x6f, 0x66], 4)
      this.moof.take(header, 0)
    }
    if (length === 0) this.endBox()
  }

  private endBox(): void {
    if (this.type === "moov" && this.moov === undefined) {
      this.moov = { start: this.boxStart, end: this.boxEnd }
    }
    if (this.gatheringMoof) {
      this.fragments.push(this.moof.bytes.slice())
      this.gatheringMoof = false
    }
    this.stage = "header"
    this.header.want(8)
  }
}
