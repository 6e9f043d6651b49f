/**
 * Follows a FLAC file's metadata blocks as bytes arrive: it reads STREAMINFO (rate, channels, bit
 * depth, total samples, largest frame) and counts the audio bytes after the last block, so that a file
 * whose frames are all undecodable can be told from one cut off before its first frame. Other blocks
 * (Vorbis comments, pictures of any size) are skipped without being stored.
 *
 * Reference: RFC 9639 §8.1 (block header: last-block flag, type, 24-bit length), §8.2 (STREAMINFO).
 *
 * @module
 */
import { CorruptAudio } from "../../schema/errors/decode.ts"
import { ByteGatherer } from "./byte-gatherer.ts"

/** The STREAMINFO fields decoding uses. */
export interface FlacStreamInfo {
  readonly sampleRate: number
  readonly channels: number
  readonly bitsPerSample: number
  /** 0 when unknown (streaming encoders). */
  readonly totalSamples: number
  /** Largest frame in bytes, 0 when unknown. */
  readonly maxFrameSize: number
}

const corrupt = (why: string) =>
  new CorruptAudio({ format: "flac", message: `The FLAC header is invalid: ${why}.` })

const parseStreamInfo = (b: Uint8Array): FlacStreamInfo => {
  if (b.length < 34) throw corrupt("its STREAMINFO block is shorter than 34 bytes")
  const sampleRate = (b[10]! << 12) | (b[11]! << 4) | (b[12]! >> 4)
  if (sampleRate === 0) throw corrupt("it declares a rate of 0 Hz")
  const low32 = ((b[14]! << 24) | (b[15]! << 16) | (b[16]! << 8) | b[17]!) >>> 0
  return {
    sampleRate,
    channels: ((b[12]! >> 1) & 7) + 1,
    bitsPerSample: (((b[12]! & 1) << 4) | (b[13]! >> 4)) + 1,
    totalSamples: (b[13]! & 0xf) * 2 ** 32 + low32,
    maxFrameSize: (b[7]! << 16) | (b[8]! << 8) | b[9]!,
  }
}

export class FlacMetadataWalker {
  streamInfo: FlacStreamInfo | undefined = undefined
  /** Bytes seen after the last metadata block. */
  audioBytes = 0
  private readonly gatherer = new ByteGatherer()
  private stage: "magic" | "block-header" | "block-body" | "skip" | "audio" = "magic"
  private lastBlock = false
  private skipLeft = 0

  constructor() {
    this.gatherer.want(4)
  }

  push(bytes: Uint8Array): void {
    let at = 0
    while (at < bytes.length) {
      if (this.stage === "audio") {
        this.audioBytes += bytes.length - at
        return
      }
      if (this.stage === "skip") {
        const n = Math.min(this.skipLeft, bytes.length - at)
        at += n
        this.skipLeft -= n
        if (this.skipLeft === 0) this.nextBlock()
        continue
      }
      at = this.gatherer.take(bytes, at)
      if (!this.gatherer.complete) return
      const b = this.gatherer.bytes
      if (this.stage === "magic") this.expectBlockHeader()
      else if (this.stage === "block-body") {
        this.streamInfo = parseStreamInfo(b)
        this.nextBlock()
      } else {
        const type = b[0]! & 0x7f
        const length = (b[1]! << 16) | (b[2]! << 8) | b[3]!
        this.lastBlock = (b[0]! & 0x80) !== 0
        if (this.streamInfo === undefined && type !== 0)
          throw corrupt("it does not start with a STREAMINFO block")
        if (type === 0 && this.streamInfo === undefined) {
          this.stage = "block-body"
          this.gatherer.want(length)
        } else {
          this.stage = "skip"
          this.skipLeft = length
          if (length === 0) this.nextBlock()
        }
      }
    }
  }

  private expectBlockHeader(): void {
    this.stage = "block-header"
    this.gatherer.want(4)
  }

  private nextBlock(): void {
    if (this.lastBlock) this.stage = "audio"
    else this.expectBlockHeader()
  }
}
