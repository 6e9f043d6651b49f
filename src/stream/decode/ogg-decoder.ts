/**
 * Ogg Vorbis and Ogg Opus decoding: libvorbis and libopus compiled to WebAssembly, fed as bytes
 * arrive. The first page (the identification header) gives rate and channels; Opus always decodes at
 * 48 kHz, whatever rate its header says the source had. Ogg declares no length up front (only the
 * last page's granule position does), so the duration limit is enforced while decoding.
 *
 * Reference: Vorbis I spec §4.2.2 (identification header); RFC 7845 §5.1 (OpusHead).
 *
 * @module
 */
import type { AudioInfo } from "../../schema/audio-info.ts"
import { CorruptAudio, TruncatedAudio } from "../../schema/errors/decode.ts"
import type { PcmChunk } from "../pcm.ts"
import type { DecoderEnd, FormatDecoder } from "./format-decoder.ts"
import { OggPageWalker } from "./ogg-page-walker.ts"
import { codecOutputToPcm, type WasmCodec } from "./wasm-codec.ts"

const OPUS_RATE = 48000

export class OggDecoder implements FormatDecoder {
  info: AudioInfo | undefined = undefined
  private readonly walker = new OggPageWalker()
  private readonly codec: WasmCodec
  private readonly codecName: "vorbis" | "opus"

  /** `codec` is a libvorbis or libopus instance (`loadCodec`), matching `codecName`. */
  constructor(codecName: "vorbis" | "opus", codec: WasmCodec) {
    this.codecName = codecName
    this.codec = codec
  }

  async push(bytes: Uint8Array): Promise<ReadonlyArray<PcmChunk>> {
    this.walker.push(bytes)
    if (this.info === undefined && this.walker.firstPageBody !== undefined)
      this.readIdHeader(this.walker.firstPageBody)
    return this.collect(await this.codec.decode(bytes))
  }

  async end(): Promise<DecoderEnd> {
    if (this.info === undefined) {
      throw new TruncatedAudio({
        format: "ogg",
        message: "The Ogg file ends inside its first page, before any audio.",
      })
    }
    return { chunks: this.collect(await this.codec.flush()), truncated: this.walker.truncated }
  }

  free(): void {
    this.codec.free()
  }

  private readIdHeader(body: Uint8Array): void {
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
    const opus = this.codecName === "opus"
    // Vorbis: "\x01vorbis", version u32, channels u8 @11, rate u32 @12. Opus: "OpusHead", version u8, channels u8 @9.
    if (body.length < (opus ? 19 : 16)) {
      throw new CorruptAudio({
        format: "ogg",
        message: `The Ogg ${this.codecName} identification header is too short.`,
      })
    }
    const channels = opus ? view.getUint8(9) : view.getUint8(11)
    const sampleRate = opus ? OPUS_RATE : view.getUint32(12, true)
    if (channels === 0 || sampleRate === 0) {
      throw new CorruptAudio({
        format: "ogg",
        message: `The Ogg ${this.codecName} header declares no channels or a rate of 0.`,
      })
    }
    this.info = { container: "ogg", codec: this.codecName, sampleRate, channels }
  }

  private collect(output: Parameters<typeof codecOutputToPcm>[0]): ReadonlyArray<PcmChunk> {
    const pcm = codecOutputToPcm(output, this.info?.channels ?? output.channelData.length)
    return pcm === undefined ? [] : [pcm]
  }
}
