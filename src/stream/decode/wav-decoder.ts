/**
 * Incremental WAV decoder: RIFF WAVE, RF64/BW64 (64-bit sizes, EBU Tech 3306) and Sony Wave64, with
 * integer PCM of 8/16/24/32 bits, float PCM of 32/64 bits, WAVE_FORMAT_EXTENSIBLE, any channel count
 * and rate. It walks the chunks as bytes arrive, keeping at most one chunk header and one partial frame,
 * so memory does not depend on the input's length. Chunks other than `fmt `, `ds64` and `data` (LIST,
 * bext, junk...) are skipped without being stored, respecting RIFF's odd-size padding and W64's 8-byte
 * alignment. A `data` size of 0xFFFFFFFF, or 0 in a file whose RIFF size is 0 or 0xFFFFFFFF, is what
 * streaming writers (`ffmpeg -f wav -`, `sox ... -t wav -`) leave: the data then runs to the end.
 *
 * Reference: Microsoft RIFF/WAVE (mmreg.h); EBU Tech 3306 (RF64); Sony Wave64 (W64) GUIDs.
 *
 * @module
 */
import type { AudioInfo } from "../../schema/audio-info.ts"
import { CorruptAudio, TruncatedAudio } from "../../schema/errors/decode.ts"
import type { PcmChunk } from "../pcm.ts"
import { ByteGatherer } from "./byte-gatherer.ts"
import type { DecoderEnd, FormatDecoder } from "./format-decoder.ts"
import { deinterleave } from "./pcm-samples.ts"
import { parseWavFormat, type WavFormat } from "./wav-format.ts"

/** The two chunk layouts: RIFF (4-byte ids, 32-bit sizes) and W64 (16-byte GUIDs, 64-bit sizes). */
interface ChunkLayout {
  readonly container: "wav" | "w64"
  readonly fileHeaderSize: number
  readonly chunkHeaderSize: number
  /** The chunk's name (W64 GUIDs start with the same four letters as RIFF ids) and body size. */
  readonly readChunkHeader: (header: DataView) => { readonly id: string; readonly bodySize: number }
  /** Bytes of padding after a body of `bodySize` bytes. */
  readonly padding: (bodySize: number) => number
}

const id4 = (view: DataView, at: number): string =>
  String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3))

const RIFF_LAYOUT: ChunkLayout = {
  container: "wav",
  fileHeaderSize: 12,
  chunkHeaderSize: 8,
  readChunkHeader: (h) => ({ id: id4(h, 0), bodySize: h.getUint32(4, true) }),
  padding: (bodySize) => bodySize & 1,
}

const W64_LAYOUT: ChunkLayout = {
  container: "w64",
  fileHeaderSize: 40,
  chunkHeaderSize: 24,
  // W64 sizes count the 24-byte header.
  readChunkHeader: (h) => ({ id: id4(h, 0), bodySize: Number(h.getBigUint64(16, true)) - 24 }),
  padding: (bodySize) => (8 - ((bodySize + 24) % 8)) % 8,
}

const UNKNOWN_32 = 0xffffffff
/** Largest `fmt `/`ds64` body we hold; real ones are 16 to 40 bytes. */
const MAX_HEADER_CHUNK = 1 << 16

type Stage = "file-header" | "chunk-header" | "chunk-body" | "skip" | "data" | "done"

/** Decodes a WAV or W64 byte stream (see the module comment). */
export class WavDecoder implements FormatDecoder {
  info: AudioInfo | undefined = undefined
  private readonly layout: ChunkLayout
  private readonly gatherer = new ByteGatherer()
  private stage: Stage = "file-header"
  private chunkId = ""
  private skipLeft = 0
  private riffSizeUnknown = false
  private rf64DataSize: number | undefined = undefined
  private format: WavFormat | undefined = undefined
  /** Data bytes still expected; Infinity when the size is unknown (streaming writers). */
  private dataLeft = 0
  private dataSizeKnown = true
  private carry = new Uint8Array(0)
  private carryLength = 0

  constructor(container: "wav" | "w64") {
    this.layout = container === "wav" ? RIFF_LAYOUT : W64_LAYOUT
    this.gatherer.want(this.layout.fileHeaderSize)
  }

  push(bytes: Uint8Array): ReadonlyArray<PcmChunk> {
    const out: PcmChunk[] = []
    let at = 0
    while (at < bytes.length && this.stage !== "done") {
      switch (this.stage) {
        case "file-header":
          at = this.gatherer.take(bytes, at)
          if (this.gatherer.complete) this.readFileHeader(this.view())
          break
        case "chunk-header":
          at = this.gatherer.take(bytes, at)
          if (this.gatherer.complete) this.readChunkHeader(this.view())
          break
        case "chunk-body":
          at = this.gatherer.take(bytes, at)
          if (this.gatherer.complete) this.readChunkBody(this.gatherer.bytes)
          break
        case "skip": {
          const n = Math.min(this.skipLeft, bytes.length - at)
          at += n
          this.skipLeft -= n
          if (this.skipLeft === 0) this.expectChunkHeader()
          break
        }
        case "data":
          at = this.readData(bytes, at, out)
          break
      }
    }
    return out
  }

  end(): DecoderEnd {
    const container = this.layout.container
    if (this.stage !== "data" && this.stage !== "done") {
      if (this.stage === "chunk-header" && !this.gatherer.partial && this.format !== undefined) {
        throw new CorruptAudio({
          format: container,
          message: "The WAV file has no 'data' chunk: it holds no audio.",
        })
      }
      throw new TruncatedAudio({
        format: container,
        message:
          "The WAV file ends inside its header, before any audio: it was probably cut off while copying or downloading.",
      })
    }
    const truncated = this.dataSizeKnown ? this.dataLeft > 0 : this.carryLength > 0
    return { chunks: [], truncated }
  }

  free(): void {}

  private view(): DataView {
    const bytes = this.gatherer.bytes
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  private corrupt(why: string): CorruptAudio {
    return new CorruptAudio({ format: this.layout.container, message: `The WAV header is invalid: ${why}.` })
  }

  private expectChunkHeader(): void {
    this.stage = "chunk-header"
    this.gatherer.want(this.layout.chunkHeaderSize)
  }

  private readFileHeader(header: DataView): void {
    if (this.layout.container === "wav") {
      const riffSize = header.getUint32(4, true)
      this.riffSizeUnknown = riffSize === 0 || riffSize === UNKNOWN_32
    }
    this.expectChunkHeader()
  }

  private readChunkHeader(header: DataView): void {
    const { id, bodySize } = this.layout.readChunkHeader(header)
    if (bodySize < 0) throw this.corrupt(`chunk '${id}' declares a negative size`)
    this.chunkId = id
    if (id === "data") this.startData(header.getUint32(4, true), bodySize)
    else if (id === "fmt " || id === "ds64") {
      if (bodySize > MAX_HEADER_CHUNK) throw this.corrupt(`its '${id}' chunk claims ${bodySize} bytes`)
      this.stage = "chunk-body"
      this.gatherer.want(bodySize + this.layout.padding(bodySize))
    } else {
      this.skipLeft = bodySize + this.layout.padding(bodySize)
      if (this.skipLeft === 0) this.expectChunkHeader()
      else this.stage = "skip"
    }
  }

  private readChunkBody(body: Uint8Array): void {
    if (this.chunkId === "fmt ") this.format = parseWavFormat(body)
    else if (body.length >= 16) {
      // ds64: RIFF size, data size, sample count, each 64-bit.
      this.rf64DataSize = Number(
        new DataView(body.buffer, body.byteOffset, body.byteLength).getBigUint64(8, true),
      )
    }
    this.expectChunkHeader()
  }

  private startData(size32: number, bodySize: number): void {
    const format = this.format
    if (format === undefined) throw this.corrupt("its 'data' chunk comes before its 'fmt ' chunk")
    let size: number | undefined = bodySize
    if (this.layout.container === "wav") {
      if (size32 === UNKNOWN_32) size = this.rf64DataSize || undefined
      else if (size32 === 0 && this.riffSizeUnknown) size = undefined
    }
    this.dataSizeKnown = size !== undefined
    this.dataLeft = size ?? Number.POSITIVE_INFINITY
    this.carry = new Uint8Array(format.blockAlign)
    this.stage = "data"
    const frames = size === undefined ? undefined : Math.floor(size / format.blockAlign)
    this.info = {
      container: this.layout.container,
      codec: format.encoding.startsWith("float") ? "float" : "pcm",
      sampleRate: format.sampleRate,
      channels: format.channels,
      bitsPerSample: format.bitsPerSample,
      ...(frames === undefined ? {} : { duration: frames / format.sampleRate }),
    }
    if (this.dataLeft === 0) this.stage = "done"
  }

  /** Converts the whole frames among the carried bytes and `bytes[at..]`; returns the offset after them. */
  private readData(bytes: Uint8Array, at: number, out: PcmChunk[]): number {
    const { blockAlign, channels, encoding, sampleRate } = this.format!
    const available = Math.min(bytes.length - at, this.dataLeft)
    const frames = Math.floor((this.carryLength + available) / blockAlign)
    let consumed = 0
    if (frames > 0) {
      const channelData = Array.from({ length: channels }, () => new Float32Array(frames))
      let written = 0
      if (this.carryLength > 0) {
        // Complete the frame split across the previous chunk and this one.
        consumed = blockAlign - this.carryLength
        this.carry.set(bytes.subarray(at, at + consumed), this.carryLength)
        deinterleave(this.carry, 0, encoding, channels, 1, channelData, 0)
        this.carryLength = 0
        written = 1
      }
      deinterleave(bytes, at + consumed, encoding, channels, frames - written, channelData, written)
      consumed += (frames - written) * blockAlign
      out.push({ sampleRate, channels: channelData })
    }
    this.carry.set(bytes.subarray(at + consumed, at + available), this.carryLength)
    this.carryLength += available - consumed
    this.dataLeft -= available
    if (this.dataLeft === 0) this.stage = "done"
    return at + available
  }
}
