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
import { parseOggIdHeader } from "./ogg-id-header.ts"
import { OggPageWalker } from "./ogg-page-walker.ts"
import { type CodecOutput, codecOutputToPcm, type WasmCodec } from "./wasm-codec.ts"

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
    return this.collect(await this.codecCall(() => this.codec.decode(bytes)))
  }

  async end(): Promise<DecoderEnd> {
    if (this.info === undefined) {
      throw new TruncatedAudio({
        format: "ogg",
        message: "The Ogg file ends inside its first page, before any audio.",
      })
    }
    return {
      chunks: this.collect(await this.codecCall(() => this.codec.flush())),
      truncated: this.walker.truncated,
    }
  }

  /**
   * Calls the codec, turning the failure of its page parser's own error path into the error it meant
   * to report. codec-parser, as bundled in @audio/decode-vorbis 1.3.4, reports a packet it cannot parse
   * through an undefined `logError` (a ReferenceError). The identification header is checked before
   * (`ogg-id-header.ts`), but fuzzing also reached it with a damaged audio packet whose first byte reads
   * as a header's (1, 3 or 5), which makes the parser take it for a new, invalid header.
   */
  private async codecCall(call: () => CodecOutput | Promise<CodecOutput>): Promise<CodecOutput> {
    try {
      return await call()
    } catch (error) {
      if (error instanceof ReferenceError && error.message.includes("logError")) {
        throw new CorruptAudio({
          format: "ogg",
          message: `The Ogg ${this.codecName === "opus" ? "Opus" : "Vorbis"} file is damaged: a packet is neither a valid header nor audio. Re-encode or re-download it.`,
        })
      }
      throw error
    }
  }

  free(): void {
    this.codec.free()
  }

  private readIdHeader(body: Uint8Array): void {
    const { sampleRate, channels } = parseOggIdHeader(this.codecName, body)
    this.info = { container: "ogg", codec: this.codecName, sampleRate, channels }
  }

  private collect(output: CodecOutput): ReadonlyArray<PcmChunk> {
    const pcm = codecOutputToPcm(output, this.info?.channels ?? output.channelData.length)
    return pcm === undefined ? [] : [pcm]
  }
}
