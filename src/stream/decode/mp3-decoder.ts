/**
 * MP3 (MPEG-1/2/2.5 layers I-III) decoding: mpg123 compiled to WebAssembly, fed as bytes arrive. It
 * trims the encoder delay and padding that LAME's Info tag records (gapless), so the output has the
 * source's length. The first frame header gives rate and channels; its Xing/VBRI header, when present,
 * the length.
 *
 * @module
 */
import type { AudioInfo } from "../../schema/audio-info.ts"
import { UnsupportedFormat } from "../../schema/errors/decode.ts"
import type { PcmChunk } from "../pcm.ts"
import type { DecoderEnd, FormatDecoder } from "./format-decoder.ts"
import { MpegFrameWalker } from "./mpeg-frame-walker.ts"
import { declaredFrameCount, findMpegStart, parseMpegHeader } from "./mpeg-header.ts"
import { codecOutputToPcm, type WasmCodec } from "./wasm-codec.ts"

export class Mp3Decoder implements FormatDecoder {
  info: AudioInfo | undefined = undefined
  private head = new Uint8Array(0)
  private readonly walker = new MpegFrameWalker()
  private readonly codec: WasmCodec

  /** `codec` is an mpg123 instance (`loadCodec("mp3")`); the input starts after any ID3v2 tag. */
  constructor(codec: WasmCodec) {
    this.codec = codec
  }

  async push(bytes: Uint8Array): Promise<ReadonlyArray<PcmChunk>> {
    if (this.info === undefined) {
      const audio = this.findStart(bytes, false)
      return audio === undefined ? [] : this.decode(audio)
    }
    return this.decode(bytes)
  }

  async end(): Promise<DecoderEnd> {
    const chunks: PcmChunk[] = []
    if (this.info === undefined) {
      const audio = this.findStart(new Uint8Array(0), true)
      if (audio !== undefined) chunks.push(...(await this.decode(audio)))
    }
    return { chunks, truncated: this.walker.endedInsideFrame }
  }

  free(): void {
    this.codec.free()
  }

  /** Gathers bytes until the first frames are found; returns the audio from the first frame on. */
  private findStart(bytes: Uint8Array, ended: boolean): Uint8Array | undefined {
    const head = new Uint8Array(this.head.length + bytes.length)
    head.set(this.head)
    head.set(bytes, this.head.length)
    const start = findMpegStart(head, ended)
    if (start === "more") {
      this.head = head
      return undefined
    }
    this.head = new Uint8Array(0)
    const header = start === undefined ? undefined : parseMpegHeader(head, start)
    if (start === undefined || header === undefined) {
      throw new UnsupportedFormat({
        looksLike: "an ID3 tag followed by no MPEG audio",
        message: "The file starts with an MP3 tag (ID3) but no MP3 audio follows it.",
      })
    }
    const frames = declaredFrameCount(head, start, header)
    this.info = {
      container: "mp3",
      codec: header.layer === 3 ? "mp3" : header.layer === 2 ? "mp2" : "mp1",
      sampleRate: header.sampleRate,
      channels: header.channels,
      ...(frames === undefined ? {} : { duration: (frames * header.samplesPerFrame) / header.sampleRate }),
    }
    return head.subarray(start)
  }

  private async decode(bytes: Uint8Array): Promise<ReadonlyArray<PcmChunk>> {
    this.walker.push(bytes)
    const pcm = codecOutputToPcm(await this.codec.decode(bytes), this.info!.channels)
    return pcm === undefined ? [] : [pcm]
  }
}
