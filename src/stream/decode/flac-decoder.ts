/**
 * FLAC decoding: libFLAC compiled to WebAssembly (@wasm-audio-decoders/flac, whose codec-parser splits
 * frames correctly whatever the chunking), fed as bytes arrive. STREAMINFO, the first metadata block,
 * gives rate, channels, bit depth and the total sample count, which tells a cut-off file: fewer samples
 * decoded than declared. Streaming encoders (`ffmpeg -f flac -`) leave the total at 0 (unknown); a
 * truncated stream of that kind cannot be told from a complete one.
 *
 * Reference: FLAC format, RFC 9639 §8.2 (STREAMINFO).
 *
 * @module
 */
import type { AudioInfo } from "../../schema/audio-info.ts"
import { CorruptAudio } from "../../schema/errors/decode.ts"
import type { PcmChunk } from "../pcm.ts"
import { ByteGatherer } from "./byte-gatherer.ts"
import type { DecoderEnd, FormatDecoder } from "./format-decoder.ts"
import { codecOutputToPcm, type WasmCodec } from "./wasm-codec.ts"

/** "fLaC", the STREAMINFO block header and its 34-byte body. */
const HEADER_BYTES = 42

export class FlacDecoder implements FormatDecoder {
  info: AudioInfo | undefined = undefined
  private readonly header = new ByteGatherer()
  private readonly codec: WasmCodec
  private totalSamples = 0
  private decodedSamples = 0

  /** `codec` is a libFLAC instance (`loadCodec("flac")`). */
  constructor(codec: WasmCodec) {
    this.codec = codec
    this.header.want(HEADER_BYTES)
  }

  async push(bytes: Uint8Array): Promise<ReadonlyArray<PcmChunk>> {
    if (this.info === undefined) {
      this.header.take(bytes, 0)
      if (this.header.complete) this.readStreamInfo(this.header.bytes)
    }
    return this.collect(await this.codec.decode(bytes))
  }

  async end(): Promise<DecoderEnd> {
    if (this.info === undefined) {
      throw new CorruptAudio({ format: "flac", message: "The FLAC file ends inside its header." })
    }
    const chunks = this.collect(await this.codec.flush())
    return { chunks, truncated: this.totalSamples > 0 && this.decodedSamples < this.totalSamples }
  }

  free(): void {
    this.codec.free()
  }

  private readStreamInfo(b: Uint8Array): void {
    if ((b[4]! & 0x7f) !== 0) {
      throw new CorruptAudio({
        format: "flac",
        message: "The FLAC file does not start with its STREAMINFO block.",
      })
    }
    const sampleRate = (b[18]! << 12) | (b[19]! << 4) | (b[20]! >> 4)
    const channels = ((b[20]! >> 1) & 7) + 1
    const bitsPerSample = (((b[20]! & 1) << 4) | (b[21]! >> 4)) + 1
    const low32 = ((b[22]! << 24) | (b[23]! << 16) | (b[24]! << 8) | b[25]!) >>> 0
    this.totalSamples = (b[21]! & 0xf) * 2 ** 32 + low32
    if (sampleRate === 0)
      throw new CorruptAudio({ format: "flac", message: "The FLAC header declares a rate of 0 Hz." })
    this.info = {
      container: "flac",
      codec: "flac",
      sampleRate,
      channels,
      bitsPerSample,
      ...(this.totalSamples > 0 ? { duration: this.totalSamples / sampleRate } : {}),
    }
  }

  private collect(output: Parameters<typeof codecOutputToPcm>[0]): ReadonlyArray<PcmChunk> {
    const pcm = codecOutputToPcm(output, this.info?.channels ?? output.channelData.length)
    if (pcm === undefined) return []
    this.decodedSamples += pcm.channels[0]!.length
    return [pcm]
  }
}
